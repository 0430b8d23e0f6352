"""The advisor's report: a plain-language summary, the runs' context, the table, figures.

Built from :func:`sim.analysis.compare.compare`'s rows and the sweep's summary table, in
English or Dutch (every word from :mod:`sim.outputs.labels`), rendered with the Jinja2
template ``templates/report.html.j2`` into one self-contained HTML file (figures embedded
as base64 PNG) that prints cleanly to PDF. Numbers print with three significant digits,
thousands separators and no scientific notation; shares as percentages and their
differences in percentage points; a value that was the same in every run prints alone,
without an interval it does not have.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from sim.outputs import labels as lb
from sim.outputs.metrics import METRICS
from sim.outputs.results import config_column, config_key

TEMPLATES = Path(__file__).resolve().parent / "templates"
SUMMARY_CHANGES = 3  # changes named per scenario in the summary
COST_METRICS = ("policy_cost_per_year", "cost_public_per_year")


# -- numbers -----------------------------------------------------------------------------


def decimals(*values: float) -> int:
    """Decimals that give the largest of ``values`` three significant digits (may be < 0)."""
    finite = [abs(v) for v in values if v is not None and math.isfinite(v) and v != 0]
    if not finite:
        return 0
    return 2 - math.floor(math.log10(max(finite)))


def number(x: float, lang: str, places: int, *, sign: bool = False) -> str:
    """``x`` rounded to ``places`` decimals (negative: to tens, hundreds...).

    Separators in the language's style (1,234.5 or 1.234,5), never scientific notation.
    """
    if x is None or not math.isfinite(x):
        return ""
    x = round(x, places)
    if x == 0:
        x = 0.0  # no "-0"
    text = f"{x:{'+' if sign and x != 0 else ''},.{max(places, 0)}f}"
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _scale(metric: str) -> float:
    return 100.0 if METRICS[metric].quantity == "share" else 1.0


def value_text(metric: str, x: float, lang: str, places: int | None = None) -> str:
    """A mean in the table's unit: shares as ``24.2%``, money as ``2,050,000``."""
    s = _scale(metric)
    places = decimals(x * s) if places is None else places
    return number(x * s, lang, places) + ("%" if s == 100 else "")


def diff_text(metric: str, d: float, lang: str, places: int | None = None, *,
              unit: bool = True) -> str:
    """A difference with its sign: shares in percentage points (``unit``: say so)."""
    s = _scale(metric)
    places = decimals(d * s) if places is None else places
    out = number(d * s, lang, places, sign=True)
    return out + (" " + lb.UNIT_WORDS["points"][lang] if s == 100 and unit else "")


def money_text(x: float, lang: str, *, sign: bool = False) -> str:
    """EUR ... a year, three significant digits (``sign``: +EUR 231,000 a year)."""
    text = lb.UNIT_WORDS["eur_year"][lang].format(x=number(abs(x), lang, decimals(x)))
    return (("+" if x > 0 else "-" if x < 0 else "") + text) if sign else text


@dataclass
class Cell:
    """One formatted value of the table: the number, its interval, an arrow and a class."""

    text: str
    interval: str = ""
    arrow: str = ""
    css: str = ""
    note: str = ""


def mean_cell(row: Any, lang: str) -> Cell:
    """A scenario's mean with its (range-respecting) interval, or the single value."""
    if row.same_every_run or math.isnan(row.lo):
        return Cell(value_text(row.metric, row.mean, lang),
                    note=lb.text("same_every_run", lang) if row.same_every_run else "")
    s = _scale(row.metric)
    p = decimals(row.mean * s, row.lo * s, row.hi * s)
    return Cell(value_text(row.metric, row.mean, lang, p),
                lb.text("range", lang, lo=value_text(row.metric, row.lo, lang, p),
                       hi=value_text(row.metric, row.hi, lang, p)))


def verdict(row: Any, lang: str) -> str:
    """The verdict in words: clearly lower, clearly higher or no clear difference."""
    if not row.clear:
        return lb.text("no_clear", lang)
    return lb.text("clearly_lower" if row.diff < 0 else "clearly_higher", lang)


def diff_cell(row: Any, lang: str) -> Cell:
    """A paired difference with its interval, an arrow and better/worse colour."""
    if math.isnan(row.diff):
        return Cell("")
    s = _scale(row.metric)
    better = METRICS[row.metric].better
    arrow, css = "", "unclear"
    if row.clear:
        arrow = "▼" if row.diff < 0 else "▲"
        good = (row.diff < 0) == (better == "lower")
        css = "neutral" if better is None else ("better" if good else "worse")
    if row.diff_same_every_run or math.isnan(row.diff_lo):
        return Cell(diff_text(row.metric, row.diff, lang), arrow=arrow, css=css,
                    note=lb.text("same_every_run", lang) if row.diff_same_every_run else "")
    p = decimals(row.diff * s, row.diff_lo * s, row.diff_hi * s)
    return Cell(diff_text(row.metric, row.diff, lang, p),
                lb.text("range", lang, lo=diff_text(row.metric, row.diff_lo, lang, p, unit=False),
                        hi=diff_text(row.metric, row.diff_hi, lang, p, unit=False)), arrow, css)


def relative_text(row: Any, lang: str) -> str:
    """The difference in % of the baseline (empty where the baseline is about zero)."""
    if math.isnan(row.rel):
        return ""
    p = decimals(100 * row.rel)
    p = min(p, 1)
    return number(100 * row.rel, lang, p, sign=True) + "%"


# -- the summary ---------------------------------------------------------------------------


@dataclass
class ScenarioSummary:
    """The summary of one scenario against the baseline."""

    key: str
    name: str
    description: str
    changes: list[str] = field(default_factory=list)
    cost: str = ""
    identical: bool = False


def _change_sentence(row: Any, base: Any, lang: str, baseline_name: str) -> str:
    s = _scale(row.metric)
    name = lb.metric_name(row.metric, lang)
    short = lb.metric_short_unit(row.metric, lang)
    short = f" {short}" if short else ""
    fields = {"name": name, "baseline": baseline_name, "verdict": verdict(row, lang),
              "base": value_text(row.metric, base.mean, lang) + short,
              "value": value_text(row.metric, row.mean, lang) + short}
    rel = relative_text(row, lang)
    if row.diff_same_every_run or math.isnan(row.diff_lo):
        d = diff_text(row.metric, row.diff, lang) + short
        return lb.text("change_degenerate", lang, diff=d + (f", {rel}" if rel and s == 1 else ""),
                      **fields)
    p = decimals(row.diff * s, row.diff_lo * s, row.diff_hi * s)
    d = diff_text(row.metric, row.diff, lang, p) + short
    return lb.text("change", lang, diff=d + (f", {rel}" if rel and s == 1 else ""),
                  lo=diff_text(row.metric, row.diff_lo, lang, p, unit=False),
                  hi=diff_text(row.metric, row.diff_hi, lang, p, unit=False), **fields)


def _importance(row: Any) -> float:
    """How much a change matters for ranking: its relative size where there is one."""
    if not math.isnan(row.rel):
        return abs(row.rel)
    return 0.0  # a change of a near-zero baseline or of an index: named after the others


def _cost_sentence(rows: dict[str, Any], lang: str) -> str:
    pol, care = rows.get("policy_cost_per_year"), rows.get("cost_public_per_year")
    if pol is None and care is None:
        return ""
    if pol is None or (pol.same_every_run and pol.mean == 0):
        policy = lb.text("cost_none", lang)
    else:
        policy = money_text(pol.mean, lang)
        if not pol.same_every_run and not math.isnan(pol.lo):
            p = decimals(pol.mean, pol.lo, pol.hi)
            policy += " (" + lb.text("range", lang, lo=number(pol.lo, lang, p),
                                    hi=number(pol.hi, lang, p)) + ")"
    if care is None or math.isnan(care.diff):
        return policy
    care_text = money_text(care.diff, lang, sign=True)
    if not care.diff_same_every_run and not math.isnan(care.diff_lo):
        p = decimals(care.diff, care.diff_lo, care.diff_hi)
        care_text += ", " + lb.text("interval", lang) + " " + lb.text(
            "range", lang, lo=number(care.diff_lo, lang, p, sign=True),
            hi=number(care.diff_hi, lang, p, sign=True))
    return lb.text("cost", lang, policy=policy, care=care_text, verdict=verdict(care, lang))


def summaries(rows: list[Any], baseline: str, lang: str, descriptions: dict[str, str],
              group_name: Any = None) -> list[ScenarioSummary]:
    """Per scenario: the two or three clear changes that matter most, and the cost.

    The changes are the clear ones (interval leaves out zero), the largest relative
    change first, at most one per theme of :data:`sim.outputs.labels.METRIC_LABELS`
    (the three unmet-care shares would otherwise fill the list); where none is clear, one
    sentence says so and names the largest. Costs are reported apart, never ranked.
    """
    name_of = group_name or (lambda s: lb.scenario_name(s, lang))
    base = {r.metric: r for r in rows if r.scenario == baseline}
    out = []
    for scenario in dict.fromkeys(r.scenario for r in rows if r.scenario != baseline):
        own = {r.metric: r for r in rows if r.scenario == scenario and r.metric in base}
        item = ScenarioSummary(scenario, name_of(scenario), lb.scenario_description(
            scenario, lang, descriptions.get(scenario, "")))
        item.identical = bool(own) and all(r.diff_same_every_run and r.diff == 0
                                           for r in own.values())
        if item.identical:
            item.changes = [lb.text("identical", lang, baseline=name_of(baseline))]
            out.append(item)
            continue
        ranked = sorted((r for m, r in own.items() if m not in COST_METRICS
                         and not math.isnan(r.diff)),
                        key=lambda r: (not r.clear, -_importance(r)))
        themes: set[str] = set()
        for r in ranked:
            if not r.clear or len(item.changes) == SUMMARY_CHANGES:
                break
            theme = lb.metric_theme(r.metric)
            if theme in themes:
                continue
            themes.add(theme)
            item.changes.append(_change_sentence(r, base[r.metric], lang, name_of(baseline)))
        unclear = sum(not r.clear for r in ranked)
        if item.changes and unclear:
            item.changes.append(lb.text("others_unclear", lang, n=unclear))
        if not item.changes and ranked:
            r = ranked[0]
            s = _scale(r.metric)
            p = decimals(r.diff * s, r.diff_lo * s, r.diff_hi * s)
            item.changes.append(lb.text(
                "none_clear", lang, seeds=r.pairs, name=lb.metric_name(r.metric, lang).lower()
                if lang == "en" else lb.metric_name(r.metric, lang),
                diff=diff_text(r.metric, r.diff, lang, p),
                lo=diff_text(r.metric, r.diff_lo, lang, p, unit=False),
                hi=diff_text(r.metric, r.diff_hi, lang, p, unit=False)))
        item.cost = _cost_sentence(own, lang)
        out.append(item)
    return out


# -- the context -------------------------------------------------------------------------


def _col(table: pa.Table, name: str) -> list:
    return table.column(name).to_pylist() if name in table.column_names else []


def _seeds_text(seeds: list[int]) -> str:
    seeds = sorted(set(seeds))
    if len(seeds) > 2 and seeds == list(range(seeds[0], seeds[-1] + 1)):
        return f"{seeds[0]}-{seeds[-1]}"
    return ", ".join(map(str, seeds))


def context(summary: pa.Table, key: str, lang: str) -> list[tuple[str, str]]:
    """(label, value) lines of the context box, from the runs' own summary rows."""
    towns = sorted(set(map(str, _col(summary, config_column("municipality.name"))))) or sorted(
        set(map(str, _col(summary, "municipality"))))
    residents = _col(summary, "population_start")
    years = sorted(set(_col(summary, config_column("years")) or _col(summary, "years")))
    groups = [str(g) for g in _col(summary, key)]
    seeds = _col(summary, "seed")
    per_group = sorted({groups.count(g) for g in set(groups)})
    burn = sorted(set(_col(summary, "burn_in_weeks")))
    versions = sorted(set(map(str, _col(summary, "zorgsim_version"))))
    dates = sorted({str(d)[:10] for d in _col(summary, "started_at") if d is not None})
    lines = [
        (lb.text("ctx_town", lang), ", ".join(
            f"{lb.municipality_name(t, lang)} ({t})" for t in towns)),
        (lb.text("ctx_residents", lang), number(sum(residents) / len(residents), lang, -1)
         if residents else ""),
        (lb.text("ctx_horizon", lang), ", ".join(lb.text("ctx_years", lang, years=y)
                                                for y in years)),
        (lb.text("ctx_seeds", lang), lb.text("ctx_seeds_value", lang, n="/".join(
            map(str, per_group)), seeds=_seeds_text(seeds))),
        (lb.text("ctx_burn_in", lang), ", ".join(lb.text("ctx_burn_in_weeks", lang, weeks=int(b))
                                                for b in burn if b)
         or lb.text("ctx_burn_in_none", lang)),
        (lb.text("ctx_version", lang), ", ".join(versions)),
        (lb.text("ctx_date", lang), " - ".join(dict.fromkeys([dates[0], dates[-1]]))
         if dates else date.today().isoformat()),
    ]
    return lines


def burn_in_weeks(summary: pa.Table) -> int:
    """The burn-in of the runs (0 when the summary has no such column: older runs)."""
    values = [int(v) for v in _col(summary, "burn_in_weeks") if v is not None]
    return max(values) if values else 0


def descriptions(summary: pa.Table, key: str) -> dict[str, str]:
    """Group -> the runs' own scenario description (for scenarios the labels lack)."""
    out: dict[str, str] = {}
    for g, d in zip(_col(summary, key), _col(summary, config_column("scenario.description")) or
                    [""] * summary.num_rows, strict=True):
        out.setdefault(str(g), str(d or ""))
    return out


# -- rendering -----------------------------------------------------------------------------


def data_uri(path: Path) -> str:
    """A PNG file as a ``data:`` URI, so the report needs no other file."""
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()


def table_sections(rows: list[Any], baseline: str, lang: str, name_of: Any) -> list[dict]:
    """Per non-baseline scenario: one row per metric with formatted cells."""
    base = {r.metric: r for r in rows if r.scenario == baseline}
    sections = []
    for scenario in dict.fromkeys(r.scenario for r in rows if r.scenario != baseline):
        lines = []
        for r in (r for r in rows if r.scenario == scenario):
            b = base.get(r.metric)
            lines.append({"name": lb.metric_name(r.metric, lang),
                          "unit": lb.metric_unit(r.metric, lang),
                          "base": mean_cell(b, lang) if b else Cell(""),
                          "value": mean_cell(r, lang), "diff": diff_cell(r, lang),
                          "relative": relative_text(r, lang)})
        sections.append({"key": scenario, "name": name_of(scenario), "rows": lines})
    return sections


def render(*, rows: list[Any], baseline: str, summary: pa.Table, key: str, lang: str,
           figures: list[dict[str, str]]) -> str:
    """The whole report as one HTML string.

    Args:
        rows: The comparison (:func:`sim.analysis.compare.compare`).
        baseline: The group the others are compared with.
        summary: The compared runs' summary rows (town, seeds, version, burn-in).
        key: The summary column that names each run's group.
        lang: "en" or "nl".
        figures: ``{"src", "alt", "caption", "note"}`` per figure, ``src`` a data URI.
    """
    import jinja2

    by_scenario = key in ("scenario", config_column("scenario.name"))
    label = config_key(key)

    def name_of(group: str) -> str:
        return lb.scenario_name(group, lang) if by_scenario else f"{label} = {group}"

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=jinja2.select_autoescape(["html", "j2"]),
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    descr = descriptions(summary, key)
    groups = list(dict.fromkeys(r.scenario for r in rows))
    residents = _col(summary, "population_start")
    years = sorted(set(_col(summary, config_column("years")) or _col(summary, "years")))
    towns = sorted(set(map(str, _col(summary, config_column("municipality.name")))))
    seeds = sorted(set(_col(summary, "seed")))
    versions = ", ".join(sorted(set(map(str, _col(summary, "zorgsim_version")))))
    t = {k: v[lang] for k, v in lb.TEXT.items()}
    return env.get_template("report.html.j2").render(
        lang=lang, t=t,
        title=lb.text("title", lang, baseline=name_of(baseline)),
        lede=lb.text("lede", lang, town=", ".join(lb.municipality_name(x, lang) for x in towns),
                    residents=number(sum(residents) / max(len(residents), 1), lang, -1),
                    years="/".join(map(str, years)), seeds=len(seeds),
                    baseline=name_of(baseline)),
        summaries=summaries(rows, baseline, lang, descr, name_of),
        context=context(summary, key, lang),
        scenarios=[(name_of(g), lb.scenario_description(g, lang, descr.get(g, "")))
                   for g in groups],
        paired=lb.text("paired", lang, baseline=name_of(baseline)),
        baseline_name=name_of(baseline),
        sections=table_sections(rows, baseline, lang, name_of),
        level_notes=lb.level_notes([r.metric for r in rows], lang),
        figures=figures,
        footer=lb.text("footer", lang, version=versions))
