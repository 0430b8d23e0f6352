"""``python -m sim.docs``: write the parts of ``docs/ODD.md`` that the code knows best.

The parameter tables (ODD section 8) come from the settings schema (every ``param()``:
default, unit, allowed values, meaning, source), the weekly and yearly plan (section 3) from
the modules' declared steps and the model's phases, and the output schema from the tables a
small run actually writes (column, Arrow type, the unit and description stored in the file,
and for metrics their kind, owner and definition from the metric registry). Each part sits
between two marker lines in the ODD; the text around them is written by hand.

``python -m sim.docs --check`` changes nothing and exits with 1 when the committed ODD
differs from what the code generates (the test ``test_generated_docs`` does the same), so a
parameter, metric or step cannot change without its documentation.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import difflib
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from sim.config import Config, field_type, from_container, register_schema
from sim.engine.schema import ConfigError
from sim.tools.options import ToolParser

ODD = Path(__file__).resolve().parents[2] / "docs" / "ODD.md"
BEGIN = "<!-- generated: {name} (python -m sim.docs writes this part; edit the code) -->"
END = "<!-- end of generated: {name} -->"
MARKER = re.compile(r"<!-- generated: (\S+) \(.*?\) -->\n(.*?)<!-- end of generated: \1 -->",
                    re.DOTALL)
LONG_LIST = 10  # lists longer than this are shown as "n values" and listed under the table


# -- parameter tables ---------------------------------------------------------------------


def sections(obj: Any = None, prefix: str = "") -> list[tuple[str, Any]]:
    """Every settings section as (dotted path, dataclass instance); ``run`` is the top."""
    obj = Config() if obj is None else obj
    out = [(prefix or "run", obj)]
    for f in dataclasses.fields(obj):
        sub = getattr(obj, f.name)
        if dataclasses.is_dataclass(sub):
            out += sections(sub, f"{prefix}{f.name}" if not prefix else f"{prefix}.{f.name}")
    return out


def _number(x: float) -> str:
    if isinstance(x, bool):
        return str(x).lower()
    if isinstance(x, int) or (isinstance(x, float) and x.is_integer() and abs(x) >= 1000):
        return f"{int(x):,}"
    return f"{x:g}"


def _value(v: Any) -> str:
    """A setting's value as the YAML a user would type (lists comma-separated)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, int | float):
        return _number(v)
    if isinstance(v, list | tuple):
        return ", ".join(_value(x) for x in v)
    return str(v) if v != "" else '""'


def allowed(f: dataclasses.Field) -> str:
    """What a setting accepts, in the words the validation uses."""
    meta, (tp, optional) = f.metadata, field_type(f)
    if meta.get("choices"):
        text = "one of " + ", ".join(meta["choices"])
    elif tp == "bool":
        text = "true or false"
    elif tp == "str":
        text = meta.get("pattern_doc") or "any text"
    else:
        lo, hi = meta.get("lo"), meta.get("hi")
        rng = (f"{_number(lo)} to {_number(hi)}" if lo is not None and hi is not None
               else f">= {_number(lo)}" if lo is not None
               else f"<= {_number(hi)}" if hi is not None else "any")
        kind = "whole number" if "int" in tp else "number"
        if tp.startswith("list"):
            n = meta.get("length")
            text = f"{n or 'a list of'} {kind}s, each {rng}" if n else f"a list of {kind}s, " \
                f"each {rng}"
        else:
            text = f"{kind}, {rng}"
    if optional:
        text += f"; or null ({meta.get('null_doc') or 'none'})"
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def parameter_table(path: str, obj: Any, default_run: Any, *, skip: frozenset[str] = frozenset(),
                    shown_prefix: str | None = None) -> str:
    """The markdown table of one section's own settings (not its subsections).

    Args:
        path: The section's dotted path ("run" for the top).
        obj: The section's default settings.
        default_run: What ``python -m sim`` runs without overrides (presets applied).
        skip: Field names left out (the settings every policy shares, shown once).
        shown_prefix: The key prefix to print instead of the path (``policies.<name>.``).
    """
    prefix = "" if path == "run" else path + "."
    rows = ["| Key | Default | Unit | Allowed | Meaning | Source |", "|---|---|---|---|---|---|"]
    notes = []
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value) or f.name in skip:
            continue
        key = f"{prefix}{f.name}"
        label = key if shown_prefix is None else f"{shown_prefix}{f.name}"
        shown = _value(value)
        if isinstance(value, list) and len(value) > LONG_LIST:
            notes.append(f"`{key}`: {shown}")
            shown = f"{len(value)} values (below)"
        run_value = _lookup(default_run, key)
        if shown_prefix is None and run_value != value:
            shown += f" (default run: {_value(run_value)})"
        meta = f.metadata
        rows.append("| " + " | ".join(_cell(c) for c in (
            f"`{label}`", shown, meta.get("unit") or "-", allowed(f), meta.get("doc", ""),
            meta.get("source", "assumption"))) + " |")
    if len(rows) == 2:
        return ""
    text = "\n".join(rows) + "\n"
    if notes:
        text += "\n" + "\n".join(f"- {n}" for n in notes) + "\n"
    return text


def _lookup(obj: Any, key: str) -> Any:
    for part in key.split("."):
        obj = getattr(obj, part)
    return obj


def default_run() -> Config:
    """The configuration ``python -m sim`` runs without overrides (the presets applied)."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    from sim.cli.preflight import CONFIG_DIR

    register_schema()
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base=None):
            composed = compose(config_name="config")
    finally:
        GlobalHydra.instance().clear()
    return from_container(composed)


def parameter_blocks() -> dict[str, str]:
    """One block per settings section: ``parameters.<section>``."""
    from sim.policies.settings import PolicyConfig

    run = default_run()
    shared = frozenset(f.name for f in dataclasses.fields(PolicyConfig))
    out = {}
    for path, obj in sections():
        if path.startswith("policies."):
            if "parameters.policies" not in out:
                out["parameters.policies"] = parameter_table(
                    path, PolicyConfig(), run, shown_prefix="policies.<name>.")
            table = parameter_table(path, obj, run, skip=shared)
        else:
            table = parameter_table(path, obj, run)
        if table:
            out[f"parameters.{path}"] = table
    return out


# -- the weekly and yearly plan -----------------------------------------------------------


def plan_blocks(model: Any) -> dict[str, str]:
    """The weekly plan (phases, policy hooks, steps) and the yearly steps, as tables."""
    rows = ["| # | Phase | Policy hook | Module | Step | What it does | Reads | Writes |",
            "|---|---|---|---|---|---|---|---|"]
    n = 0
    for phase, steps in model.plan:
        hook = f"`{phase.hook}`" + (" (with the ledger)" if phase.care else "") \
            if phase.hook else ""
        if not steps:
            rows.append(f"| | {phase.name} | {hook} | | | {_cell(phase.doc)} | | |")
        for i, (owner, _, step) in enumerate(steps):
            n += 1
            rows.append("| " + " | ".join((
                str(n), phase.name if i == 0 else "", hook if i == 0 else "", f"`{owner}`",
                f"`{step.method}`", _cell(step.doc), ", ".join(step.reads),
                ", ".join(step.writes))) + " |")
    return {"plan.weekly": "\n".join(rows) + "\n",
            "plan.yearly": _step_table(model.yearly_steps),
            "plan.replenish": _step_table(model.replenish_steps)}


def _step_table(steps: tuple[Any, ...]) -> str:
    """Steps of an event between weeks, as a table."""
    rows = ["| # | Step | What it does | Reads | Writes |", "|---|---|---|---|---|"]
    for i, step in enumerate(steps, 1):
        rows.append(f"| {i} | `{step.method}` | {_cell(step.doc)} | "
                    f"{', '.join(step.reads)} | {', '.join(step.writes)} |")
    return "\n".join(rows) + "\n"


# -- the output schema --------------------------------------------------------------------


def small_run() -> tuple[Any, dict[str, Any]]:
    """A tiny model run to its end and the tables a run of it writes (nothing on disk)."""
    from sim.model import CareModel
    from sim.outputs.results import (
        EVENTS_FILE,
        RESIDENTS_FILE,
        SES_FILE,
        SUMMARY_FILE,
        SYSTEM_FILE,
        TIMESERIES_FILE,
        run_metadata,
    )
    from sim.outputs.run import (
        events_table,
        group_table,
        residents_table,
        summarise,
        summary_table,
        timeseries_table,
    )

    cfg = Config()
    cfg.municipality.population, cfg.municipality.neighbourhoods, cfg.years = 400, 2, 1
    cfg.output.progress, cfg.output.burn_in_weeks = False, 13
    model = CareModel(cfg)
    model.run()
    meta = run_metadata("0" * 16, cfg.seed, dataclasses.asdict(cfg))
    tables = {
        TIMESERIES_FILE: timeseries_table(model, meta),
        SES_FILE: group_table(model.by_ses, "ses_quintile", meta,
                              ("quintile", "Socio-economic status, 1 = lowest fifth"), 1),
        SYSTEM_FILE: group_table(model.system, None, meta),
        RESIDENTS_FILE: residents_table(model, meta),
        EVENTS_FILE: events_table(model, meta),
        SUMMARY_FILE: summary_table(cfg, summarise(model, 1.0), meta,
                                    dt.datetime(2000, 1, 1, tzinfo=dt.UTC)),
    }
    return model, tables


def column_table(table: Any) -> str:
    """One row per column: name, Arrow type, unit, kind, owner and what it means."""
    from sim.outputs.metrics import METRICS, SUMMARY_PERIOD
    from sim.outputs.results import is_config_column

    rows = ["| Column | Type | Unit | Kind | Module | Description |",
            "|---|---|---|---|---|---|"]
    config_columns = 0
    summary = (table.schema.metadata or {}).get(b"table") == b"summary"
    for field in table.schema:
        if is_config_column(field.name):
            config_columns += 1
            continue
        meta = {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}
        m = METRICS.get(field.name)
        desc = meta.get("description", "")
        if m is not None and m.definition:
            desc += f". {m.definition}"
        if summary and field.name in SUMMARY_PERIOD:
            desc += f" (**{SUMMARY_PERIOD[field.name]}**)"
        rows.append("| " + " | ".join(_cell(c) for c in (
            f"`{field.name}`", str(field.type), meta.get("unit", ""),
            m.kind if m is not None else "", _owner(m),
            desc)) + " |")
    if config_columns:
        rows.append(f"| `cfg__<section>__<key>` | as the value | the key's unit | | `config` | "
                    f"one column per setting ({config_columns} in all): the key of section 8 "
                    "with `__` for each dot (`homecare.gezinszorg_contingent_factor` is "
                    "`cfg__homecare__gezinszorg_contingent_factor`); lists as Arrow lists; "
                    "description = the setting's meaning and source |")
    return "\n".join(rows) + "\n"


def _owner(metric: Any) -> str:
    """The module that declares a metric (run-level figures: the run summary)."""
    if metric is None:
        return ""
    return f"`{metric.owner}`" if " " not in metric.owner else metric.owner


def output_blocks(tables: dict[str, Any]) -> dict[str, str]:
    """One block per output file: ``output.<file name without .parquet>``."""
    return {f"output.{name.removesuffix('.parquet')}": column_table(t)
            for name, t in tables.items()}


def event_block() -> dict[str, str]:
    """The event kinds of the events table and their reasons (``output.event_kinds``)."""
    from sim.model import EVENTS

    rows = ["| Event | Module | What it is | Reasons |", "|---|---|---|---|"]
    for kind in EVENTS.kinds.values():
        reasons = "; ".join(f"`{c}`: {d}" for c, d in kind.reasons) or "(none)"
        if kind.ties:
            reasons += "; tie kinds: " + ", ".join(f"`{t}`" for t in kind.ties)
        rows.append("| " + " | ".join(_cell(c) for c in (
            f"`{kind.name}`", f"`{kind.owner}`", kind.doc, reasons)) + " |")
    return {"output.event_kinds": "\n".join(rows) + "\n"}


# -- assembling ---------------------------------------------------------------------------


def generate() -> dict[str, str]:
    """Every generated block of the ODD, by name."""
    model, tables = small_run()
    return {**parameter_blocks(), **plan_blocks(model), **output_blocks(tables),
            **event_block()}


def render(text: str, blocks: dict[str, str]) -> str:
    """``text`` with every generated block replaced by its current content.

    Raises:
        ConfigError: when a block in the text is unknown, or a generated block has no
            place in the text (a new settings section, a new output file).
    """
    found = MARKER.findall(text)
    names = [name for name, _ in found]
    unknown = sorted(set(names) - set(blocks))
    if unknown:
        raise ConfigError.plain(f"{ODD.name}: generated part {unknown[0]} is not produced by "
                                "the code any more; remove its markers")
    missing = [name for name in blocks if name not in names]
    if missing:
        raise ConfigError.plain(f"{ODD.name}: no place for the generated part {missing[0]}; "
                                f"add the lines {BEGIN.format(name=missing[0])} and "
                                f"{END.format(name=missing[0])} where it belongs")

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"{BEGIN.format(name=name)}\n{blocks[name]}{END.format(name=name)}"

    return MARKER.sub(fill, text)


def _write_whole(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def parser() -> argparse.ArgumentParser:
    """The command line of ``python -m sim.docs``, every option described."""
    ap = ToolParser(prog="python -m sim.docs",
                    description=__doc__.split("\n\n")[0].replace("``", ""))
    ap.add_argument("--check", action="store_true",
                    help="change nothing; exit with 1 if the ODD is out of date")
    ap.add_argument("--odd", type=Path, default=ODD,
                    help="the ODD file whose generated parts are written (default: "
                         "docs/ODD.md of this checkout)")
    return ap


def main(argv: list[str] | None = None) -> int:
    """Write (or, with ``--check``, compare) the generated parts of ``docs/ODD.md``."""
    args = parser().parse_args(argv)
    if not args.odd.is_file():
        print(f"python -m sim.docs: --odd={args.odd}: no such file", file=sys.stderr)
        return 2
    text = args.odd.read_text()
    try:
        new = render(text, generate())
    except ConfigError as exc:
        print(f"python -m sim.docs: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if new == text:
            return 0
        diff = difflib.unified_diff(text.splitlines(), new.splitlines(), "committed",
                                    "generated", n=0, lineterm="")
        print("\n".join(list(diff)[:40]))
        print(f"python -m sim.docs: {args.odd} is out of date; run python -m sim.docs",
              file=sys.stderr)
        return 1
    if new != text:
        _write_whole(args.odd, new)
    print(f"{args.odd}: {len(MARKER.findall(new))} generated parts up to date")
    return 0


__all__ = ["generate", "main", "render"]
