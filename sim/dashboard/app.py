"""The workshop page (Solara): controls, live charts, monitors, a buurt's network, compare.

One :class:`Session` per browser tab holds the live run(s) and the settings; the page's
components only read it and call its methods. The run loop steps the model in a worker
thread and redraws the charts every ``render_every`` weeks, so the browser is never the
bottleneck; a step never stops half-way through a week (no intrusive cancel).
"""

from __future__ import annotations

import html
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import solara
import solara.lab

from sim.config import Config, ConfigError
from sim.dashboard import charts, network
from sim.dashboard.controls import LEVERS, TOWN, Control, control
from sim.dashboard.live import (
    HEADLINE,
    LiveRun,
    check_setting,
    compare_preset,
    compose,
    default_preset,
    parse_setting,
    presets,
)
from sim.dashboard.livechart import LiveChart
from sim.dashboard.netchart import NetworkChart
from sim.model import REGISTRY
from sim.outputs.labels import (
    control_label,
    metric_name,
    metric_unit,
    municipality_name,
    scenario_name,
    source_word,
    ui,
    unit,
)

ABOUT = Path(__file__).resolve().parent / "about"
# The presets the page opens with: the command line's (configs/config.yaml), and for compare
# mode the preset whose words flag it (configs/scenario/*.words.toml); the page names none itself.
DEFAULT_SCENARIO, DEFAULT_TOWN = default_preset("scenario"), default_preset("municipality")
DEFAULT_B = compare_preset()


def _get(cfg: Config, key: str) -> Any:
    obj: Any = cfg
    for part in key.split("."):
        obj = getattr(obj, part)
    return obj


class Session:
    """One browser tab's runs and settings (the page re-renders from ``version``)."""

    def __init__(self) -> None:
        self.lang = solara.reactive("nl")
        self.scenario = solara.reactive(DEFAULT_SCENARIO)
        self.scenario_b = solara.reactive(DEFAULT_B)
        self.town = solara.reactive(DEFAULT_TOWN)
        self.overrides: dict[str, Any] = {}  # control values set by the user
        self.error = solara.reactive("")
        self.pending = solara.reactive(False)
        self.running = solara.reactive(False)
        self.looping = solara.reactive(False)  # a run loop is under way (see loop)
        self.compare = solara.reactive(False)
        self.speed = solara.reactive(10)  # weeks per second
        self.render_every = solara.reactive(4)  # weeks between chart redraws
        self.version = solara.reactive(0)  # bumped when the runs' state changed
        self.settings = solara.reactive(0)  # bumped when a control's value changed
        self.buurt = solara.reactive(0)
        self.colour_by = solara.reactive("need")
        self.selected = solara.reactive(-1)
        self.net_epoch = solara.reactive(0)  # counted up when the network chart lost a week
        self._net: dict[str, Any] = {}  # what the network chart was last sent
        self._net_seq = 0
        self.run_serial = 0  # counted up by every setup: names the run a chart shows
        self.tab = solara.reactive(0)
        self.lock = threading.Lock()
        self.shown: Config = compose(DEFAULT_SCENARIO, DEFAULT_TOWN, {})
        self.run: LiveRun | None = None
        self.run_b: LiveRun | None = None
        self.last_update_s = 0.0  # server time of the last week + redraw request

    # -- settings ----------------------------------------------------------------------

    def value(self, key: str) -> Any:
        """What a control shows: the user's value, else the preset's."""
        return self.overrides.get(key, _get(self.shown, key))

    def set_value(self, key: str, value: Any) -> None:
        """A control moved: check it now (the CLI's one line if bad; the run is untouched)."""
        try:
            check_setting(key, value)
        except ConfigError as exc:
            self.error.value = f"zorgsim: {exc}"
            return
        self.error.value = ""
        self.overrides[key] = value
        self.pending.value = any(v != _get(self.shown, k) for k, v in self.overrides.items())
        self.settings.value += 1

    def set_preset(self, which: str, name: str) -> None:
        """A preset was picked: its own lever values replace the user's; then set up."""
        getattr(self, which).value = name
        if which == "scenario":
            self.overrides = {k: v for k, v in self.overrides.items() if k in TOWN}
        if which == "town":
            self.overrides.pop("municipality.population", None)
        self.setup()

    # -- running -----------------------------------------------------------------------

    def setup(self) -> None:
        """Build the run(s) from the settings; a bad setting leaves the current run as it is."""
        town_only = {k: v for k, v in self.overrides.items() if k in TOWN}
        try:
            cfg = compose(self.scenario.value, self.town.value, self.overrides)
            cfg_b = compose(self.scenario_b.value, self.town.value, town_only) \
                if self.compare.value else None
        except ConfigError as exc:
            self.error.value = f"zorgsim: {exc}"
            return
        self.running.value = False
        with self.lock:
            self.shown = cfg
            self.run = LiveRun(cfg)
            self.run_b = LiveRun(cfg_b) if cfg_b is not None else None
            self.run_serial += 1
            self.selected.value = -1
        self.error.value = ""
        self.pending.value = False
        self.version.value += 1
        self.settings.value += 1

    def network_view(self, buurt: int, lang: str, *,
                     chart: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """(full, delta) for the network chart of ``buurt`` (call with the lock held).

        ``full`` holds every row and is a new object only when the buurt, the language, the
        run or the ``chart`` (a new one each time the tab opens) changed, or the browser
        asked for it again; ``delta`` is what changed since the week last sent, a new
        object only when the run moved on. Objects that did not change are handed back as
        they are, so the widget sends nothing for them.
        """
        if self.run is None:
            raise RuntimeError("no run to draw (setup first)")
        run = self.run
        base = f"{chart}:{self.run_serial}:{buurt}:{lang}:{self.net_epoch.value}"
        week = run.weeks_done
        if self._net.get("base") != base:
            state = run.network(buurt)
            self._net_seq += 1
            full = {"base": base, "seq": self._net_seq, "week": week,
                    "nodes": network.node_rows(state, lang),
                    "edges": network.edge_rows(state, lang)}
            self._net = {"base": base, "state": state, "week": week, "full": full,
                         "delta": {}}
        elif week != self._net["week"]:
            state = run.network(buurt)
            self._net_seq += 1
            self._net.update(state=state, week=week, delta={
                "base": base, "seq": self._net_seq, "week": week,
                **network.delta(self._net["state"], state, lang)})
        return self._net["full"], self._net["delta"]

    def runs(self) -> list[LiveRun]:
        """The live runs: one, or two in compare mode."""
        return [r for r in (self.run, self.run_b) if r is not None]

    def step(self, weeks: int = 1, *, redraw: bool = True, serial: int | None = None) -> bool:
        """Step every run the same number of weeks (lockstep), then redraw if asked.

        The run loop passes the ``serial`` of the run it started on: a reset or a pause that
        came while it waited for the lock then stops it before it steps (a new run starts
        at week 0, a paused one stays where it was). Returns whether it stepped.
        """
        if self.run is None:
            self.setup()
        t0 = time.perf_counter()
        with self.lock:
            if serial is not None and (serial != self.run_serial or not self.running.value):
                return False
            for r in self.runs():
                r.step(weeks)
        if redraw:
            self.version.value += 1
        self.last_update_s = time.perf_counter() - t0
        return True

    def done(self) -> bool:
        """Whether the run reached its horizon."""
        return self.run is not None and self.run.done

    def loop(self, cancel: threading.Event) -> None:
        """The run loop (worker thread): step at ``speed``, redraw every ``render_every``.

        ``looping`` is true from its first week to its end, so the page offers Step and Run
        again only once no week is under way (a pause takes effect after the current week).
        """
        if not self.running.value:  # started for a pause: the loop before ends by itself
            return
        serial = self.run_serial
        self.looping.value = True
        try:
            while self.running.value and not cancel.is_set():
                t0 = time.perf_counter()
                if self.done():
                    break
                week = self.run.weeks_done + 1 if self.run else 1
                if not self.step(1, redraw=(week % max(self.render_every.value, 1) == 0),
                                 serial=serial):
                    break
                if self.done():
                    break
                wait = 1.0 / max(self.speed.value, 1) - (time.perf_counter() - t0)
                if wait > 0:
                    cancel.wait(wait)
        finally:
            self.running.value = False
            self.looping.value = False
            self.version.value += 1


# -- components --------------------------------------------------------------------------


@solara.component
def ControlWidget(s: Session, c: Control, lang: str, value: Any) -> None:
    """One control, from the schema: label, unit and help text included.

    ``value`` is an argument (not read from the session inside) so that the control is
    re-drawn when a preset or a reset changes it.
    """
    label = control_label(c.key, c.doc, lang)
    unit_ = f" ({unit(c.unit, lang)})" if c.unit and c.unit not in ("-", "x") else ""
    with solara.Div(classes=[f"zs-control-{c.key.replace('.', '-')}"]):
        _control_widget(s, c, label, unit_, value)


def _control_widget(s: Session, c: Control, label: str, unit_: str, value: Any) -> None:
    if c.kind == "switch":
        solara.Switch(label=label, value=bool(value), on_value=lambda v: s.set_value(c.key, v))
    elif c.kind == "slider" and c.step >= 1:
        solara.SliderInt(label + unit_, value=int(value), min=int(c.lo), max=int(c.hi),
                         on_value=lambda v: s.set_value(c.key, int(v)))
    elif c.kind == "slider":
        solara.SliderFloat(label + unit_, value=float(value), min=c.lo, max=c.hi, step=c.step,
                           on_value=lambda v: s.set_value(c.key, float(v)))
    else:
        # Text, read as the command line reads it: whatever is typed ("abc", "2000.5") gets
        # the command line's one line, not a message of the widget's own.
        solara.InputText(label + unit_, value=str(value), continuous_update=False,
                         on_value=lambda text: s.set_value(c.key, parse_setting(c.key, text)))


@solara.component
def RunButtons(s: Session) -> None:
    """Setup, step, run/pause (re-drawn each week: they know whether the run is done)."""
    lang = s.lang.value
    _ = s.version.value
    with solara.Row():
        solara.Button(ui("setup", lang), on_click=s.setup, color="primary",
                      classes=["zs-setup"])
        solara.Button(ui("step", lang), on_click=lambda: s.step(1), classes=["zs-step"],
                      disabled=s.running.value or s.looping.value or s.done())
    with solara.Row():
        if s.running.value:
            solara.Button(ui("pause", lang), on_click=lambda: s.running.set(False),
                          classes=["zs-pause"], color="warning")
        else:
            solara.Button(ui("run", lang), on_click=lambda: s.running.set(True),
                          classes=["zs-run"], disabled=s.looping.value or s.done(),
                          color="success")


@solara.component
def Controls(s: Session) -> None:
    """The sidebar: presets, the town, the seed, the levers, and the run buttons."""
    lang = s.lang.value
    _ = s.settings.value
    # items {text, value}: Vuetify shows the words and hands back the preset's config name
    solara.Select(ui("scenario", lang), value=s.scenario.value,
                  values=_choices(presets("scenario"), scenario_name, lang),  # type: ignore[arg-type]
                  on_value=lambda v: s.set_preset("scenario", v), classes=["zs-scenario"])
    solara.Select(ui("town", lang), value=s.town.value,
                  values=_choices(presets("municipality"), municipality_name, lang),  # type: ignore[arg-type]
                  on_value=lambda v: s.set_preset("town", v), classes=["zs-town"])
    for key in TOWN:  # keyed: controls come and go as policies switch on and off
        ControlWidget(s, control(key, kind="number"), lang, s.value(key)).key(key)
    RunButtons(s)
    with solara.Div(classes=["zs-speed"]):
        solara.SliderInt(ui("speed", lang), value=s.speed, min=1, max=52)
    with solara.Div(classes=["zs-render-every"]):
        solara.SliderInt(ui("render_every", lang), value=s.render_every, min=1, max=26)
    solara.HTML(tag="b", unsafe_innerHTML=ui("levers", lang))
    for switch, amount in LEVERS:
        ControlWidget(s, control(switch), lang, s.value(switch)).key(switch)
        if s.value(switch):
            ControlWidget(s, control(amount), lang, s.value(amount)).key(amount)


def _scenario(run: LiveRun, lang: str) -> str:
    """A run's scenario as readers know it (its config name when no words are kept)."""
    return html.escape(scenario_name(run.cfg.scenario.name, lang))


def _choices(names: list[str], words: Callable[[str, str], str],
             lang: str) -> list[dict[str, str]]:
    """A preset picker's items: the preset's name for readers, its config name as value."""
    return [{"text": (w := words(n, lang))[:1].upper() + w[1:], "value": n} for n in names]


def _number(name: str, x: float) -> str:
    """A monitor's number: two decimals for ratios, whole numbers for counts and hours."""
    return f"{x:,.2f}" if REGISTRY.metrics[name].unit == "ratio" else f"{x:,.0f}"


@solara.component
def Monitors(s: Session) -> None:
    """The week counter and this week's headline numbers."""
    lang = s.lang.value
    _ = s.version.value
    run = s.run
    if run is None:
        solara.Info(ui("building", lang))
        return
    # Plain HTML (no Markdown widget): redrawn every week, so it must be cheap.
    solara.HTML(tag="h3", unsafe_innerHTML=f"{ui('week', lang)} <span class='zs-week'>"
                f"{run.weeks_done}</span> {ui('of', lang)} {run.horizon}")
    if run.done:
        solara.Success(ui("at_horizon", lang), classes=["zs-horizon"])
    now = run.headline()
    now_b = s.run_b.headline() if s.run_b is not None else {}
    if not now:
        return
    cell = "<td style='text-align:right;padding:0 10px'>"
    rows = [f"<tr><td>{html.escape(metric_name(n, lang))}</td>{cell}{_number(n, now[n])}</td>"
            + (f"{cell}{_number(n, now_b[n])}</td>" if n in now_b else "")
            + f"<td>{html.escape(metric_unit(n, lang))}</td></tr>" for n in HEADLINE if n in now]
    head = f"<tr><th>{ui('monitors', lang)}</th><th>{_scenario(run, lang)}</th>" + (
        f"<th>{_scenario(s.run_b, lang)} (B)</th>" if s.run_b is not None else "") \
        + "<th></th></tr>"
    solara.HTML(tag="table", unsafe_innerHTML=head + "".join(rows),
                classes=["zs-monitors-table"], style="font-size: 13px")


def _run_label(s: Session, run: LiveRun, lang: str) -> str:
    """A run's label in the charts: its scenario's name for readers, "(B)" for the second."""
    return scenario_name(run.cfg.scenario.name, lang) + (" (B)" if run is s.run_b else "")


def _chart_data(s: Session, lang: str) -> tuple[list[dict[str, Any]],
                                               list[dict[str, Any]] | None]:
    """Rows of the series chart (every run) and of the difference chart (compare mode).

    Runs are labelled by their scenario's name for readers (the legend shows it).
    """
    runs = {_run_label(s, r, lang): r.series() for r in s.runs()}
    rows = charts.series_rows(runs)
    diff = None
    if s.run_b is not None and s.run is not None:
        diff = charts.series_rows({"B - A": charts.difference(s.run.series(),
                                                               s.run_b.series())})
    return rows, diff


@solara.component
def Charts(s: Session) -> None:
    """The live charts (Vega-Lite, drawn in the browser), overlaid in compare mode.

    The specs change only with the language or the runs compared; each week sends rows.
    """
    lang = s.lang.value
    _ = s.version.value
    # one colour per run in compare mode; the spec changes only with the runs' labels
    labels = tuple(_run_label(s, r, lang) for r in s.runs()) if s.run_b is not None else ()
    spec = solara.use_memo(lambda: charts.series_spec(HEADLINE, lang, colour=labels),
                           [lang, labels])
    diff_spec = solara.use_memo(lambda: charts.series_spec(
        HEADLINE, lang, title=ui("difference", lang), zero_rule=True), [lang])
    if s.run is None:
        return
    with s.lock:
        rows, diff = _chart_data(s, lang)
    with solara.Div(classes=["zs-charts"]):
        LiveChart.element(spec=spec, values=rows)
    if diff is not None:
        with solara.Div(classes=["zs-diff"]):
            LiveChart.element(spec=diff_spec, values=diff)


@solara.component
def Export(s: Session) -> None:
    """Downloads: the weekly series (CSV, Parquet) and the charts (PNG)."""
    lang = s.lang.value
    if s.run is None:
        return
    run = s.run
    stem = f"zorgsim_{run.cfg.scenario.name}_{run.cfg.municipality.name}_seed{run.cfg.seed}"

    def csv() -> bytes:
        with s.lock:
            return b"".join(r.csv_bytes() if i == 0 else r.csv_bytes().split(b"\n", 1)[1]
                            for i, r in enumerate(s.runs()))

    def parquet() -> bytes:
        with s.lock:
            return run.parquet_bytes()

    def png() -> bytes:
        with s.lock:
            rows, _ = _chart_data(s, lang)
        labels = tuple(_run_label(s, r, lang) for r in s.runs()) if s.run_b else ()
        spec = charts.series_spec(HEADLINE, lang, colour=labels)
        return charts.png(charts.with_values(spec, rows))

    with solara.Row(classes=["zs-export"]):
        solara.FileDownload(csv, filename=f"{stem}.csv", label=ui("export_csv", lang))
        solara.FileDownload(parquet, filename=f"{stem}.parquet",
                            label=ui("export_parquet", lang))
        solara.FileDownload(png, filename=f"{stem}.png", label=ui("export_png", lang))


@solara.component
def ResidentPanel(s: Session, i: int) -> None:
    """One resident: age, need, dementia, who cares for her and how many hours, waiting."""
    lang = s.lang.value
    if s.run is None or i < 0:
        solara.Info(ui("click_resident", lang))
        return
    with s.lock:
        r = s.run.resident(i)
    carers = ", ".join(
        f"#{c.id} ({ui('tie_' + c.tie, lang)}, {c.hours:.1f} h)" if c.id >= 0 else
        f"{ui('outside', lang)} ({ui('tie_' + c.tie, lang)}, {c.hours:.1f} h)"
        for c in r.carers) or ui("nobody", lang)
    by_source = ", ".join(f"{source_word(k, lang)} {v:.1f}" for k, v in r.hours_by_source.items()
                          if v > 0) or "-"
    unmet = f"{r.hours_unmet:.1f}" if r.hours_by_source else "-"  # before the first week
    wzc = f"{r.waiting_wzc_weeks}" if r.waiting_wzc_weeks >= 0 else ui("no", lang)
    rows = [
        (ui("age", lang), f"{r.age:.0f} ({ui(r.sex, lang)})"),
        (ui("dwelling", lang), ui(r.dwelling, lang)),
        (ui("need", lang), ui(f"need_{r.need}", lang)),
        (ui("dementia", lang), ui("yes" if r.dementia else "no", lang)),
        (ui("hours_needed", lang), f"{r.hours_needed:.1f}"),
        (ui("hours_by_source", lang), by_source),
        (ui("unmet", lang), unmet),
        (ui("carers", lang), carers),
        (ui("hours_given", lang), f"{r.hours_given:.1f}"
         + (f" ({ui('cares_for', lang)} " + ", ".join(f"#{j}" for j in r.cares_for) + ")"
            if r.cares_for else "")),
        (ui("waiting_home", lang), str(r.waiting_home_care_weeks)),
        (ui("waiting_wzc", lang), wzc),
    ]
    solara.Markdown(f"#### {ui('resident', lang)} #{r.id}\n\n| | |\n|---|---|\n"
                    + "\n".join(f"| {a} | {b} |" for a, b in rows))


@solara.component
def NetworkView(s: Session) -> None:
    """One buurt's residents and ties; positions fixed per buurt, colours follow the run.

    The chart is embedded once per buurt, language and colouring; a week sends only the
    residents and ties that changed (:mod:`sim.dashboard.network`).
    """
    lang = s.lang.value
    _ = s.version.value
    _ = s.net_epoch.value
    colour_by = s.colour_by.value
    spec = solara.use_memo(lambda: network.network_spec(lang, colour_by=colour_by),
                           [lang, colour_by])
    chart = solara.use_memo(lambda: uuid.uuid4().hex, [])  # this chart: starts empty
    if s.run is None:
        return
    n_buurten = s.run.model.n_buurten
    with solara.Row():
        solara.SliderInt(ui("buurt", lang), value=s.buurt, min=0, max=n_buurten - 1)
        with solara.ToggleButtonsSingle(value=s.colour_by, classes=["zs-colour"]):
            solara.Button(ui("need", lang).lower(), value="need")
            solara.Button(ui("by_carer", lang), value="carer")
    with s.lock:
        full, delta = s.network_view(min(s.buurt.value, n_buurten - 1), lang, chart=chart)

    def clicked(i: int) -> None:
        if i >= 0:
            s.selected.value = int(i)

    with solara.Columns([3, 2]):
        with solara.Div(classes=["zs-network"]):
            NetworkChart.element(spec=spec, full=full, delta=delta,
                                 on_selected=clicked,
                                 on_resync=lambda _: s.net_epoch.set(s.net_epoch.value + 1))
        with solara.Div(classes=["zs-resident"]):
            ResidentPanel(s, s.selected.value)


@solara.component
def Compare(s: Session) -> None:
    """Compare mode: a second scenario, same town and seed, stepped in lockstep."""
    lang = s.lang.value
    solara.Markdown(ui("compare_intro", lang))
    solara.Select(ui("scenario_b", lang), value=s.scenario_b.value,
                  values=_choices(presets("scenario"), scenario_name, lang),  # type: ignore[arg-type]
                  classes=["zs-scenario-b"],
                  on_value=lambda v: (s.scenario_b.set(v), s.setup()))

    def toggle(on: bool) -> None:
        s.compare.value = on
        s.setup()

    solara.Switch(label=ui("tab_compare", lang), value=s.compare.value, on_value=toggle,
                  classes=["zs-compare"])


@solara.component
def About(s: Session) -> None:
    """The model in plain words (from docs/ODD.md and docs/policies.md)."""
    path = ABOUT / f"{s.lang.value}.md"
    solara.Markdown(path.read_text(encoding="utf-8") if path.exists() else "")


@solara.component
def RunLoop(s: Session) -> None:
    """The run loop's thread, in a component of its own that draws nothing.

    ``use_thread`` re-renders the component that calls it when the thread ends, which is
    after Run is offered again; were that the page, every control's value would be sent to
    the browser anew and a number being typed in would be wiped (CI saw "abc" lost that
    way). Here Run, Pause and the loop's end re-render only this component.
    """
    solara.use_thread(s.loop, dependencies=[s.running.value], intrusive_cancel=False)


@solara.component
def Page() -> None:
    """The whole page."""
    s = solara.use_memo(Session, [])
    lang = s.lang.value
    RunLoop(s)
    solara.use_effect(lambda: s.setup() if s.run is None else None, [])
    solara.Title("zorgsim")
    with solara.AppBar():
        solara.Button(ui("language", lang), text=True, classes=["zs-lang"],
                      on_click=lambda: s.lang.set("en" if s.lang.value == "nl" else "nl"))
    with solara.Sidebar():
        Controls(s)
    with solara.Column(style={"padding": "8px"}):
        solara.Markdown(f"## {ui('title', lang)}")
        if s.error.value:
            solara.Error(s.error.value, classes=["zs-error"])
        if s.pending.value:
            solara.Warning(ui("pending", lang), classes=["zs-pending"])
        Monitors(s)
        tab = s.tab.value  # only the open tab is drawn: hidden charts cost time too
        with solara.lab.Tabs(value=s.tab):
            with solara.lab.Tab(ui("tab_run", lang)):
                if tab == 0:
                    Charts(s)
                    Export(s)
            with solara.lab.Tab(ui("tab_network", lang)):
                if tab == 1:
                    NetworkView(s)
            with solara.lab.Tab(ui("tab_compare", lang)):
                if tab == 2:
                    Compare(s)
                    Charts(s)
            with solara.lab.Tab(ui("tab_about", lang)):
                if tab == 3:
                    About(s)
