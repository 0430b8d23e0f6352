"""Compare scenarios of a sweep: means with 95% intervals and paired differences.

    python -m sim.compare results/sweeps/<date>/<time> --baseline status_quo
    python -m sim.compare results/sweeps/contingent_dose_response \
        --by homecare.gezinszorg_contingent_factor --baseline 1.0

For each scenario and headline metric: the mean over its runs with a 95% confidence interval
(Student t over seeds, kept inside the range the metric's quantity allows: no share below 0
or above 1, no count, amount of money or hours below 0), and the difference against the
baseline scenario, paired by seed (common random numbers: each seed's runs share every
random stream but the policy's), with its own 95% interval, and that difference relative to
the baseline's mean where the baseline is clearly above zero (a relative change of a
near-zero baseline says nothing). The ratio of the paired to the unpaired variance of the
difference shows how much the pairing narrows the intervals. Writes ``comparison.csv``,
``comparison.md``, ``timeseries.png`` (weekly figures and paired differences with 95%
bands), ``differences.png`` (relative differences with 95% intervals) and ``report.html``
(an advisor's report in English or Dutch, ``--lang``, everything in one file to send on),
atomically, into ``--out`` (default: ``<sweep>/comparison``).

Why a truncated t interval rather than a bootstrap: sweeps have 3 to 20 seeds, where the
percentile bootstrap of a mean covers the true mean clearly less often than 95% (measured
on beta, gamma and lognormal draws: 72-73% at 3 seeds, 76-84% at 5, 83-90% at 10), while
the t interval keeps 92-95% (86-87% for a strongly skewed count, gamma shape 0.7, where
the bootstrap is worse still); cutting the t interval at the metric's range can only drop
values the mean cannot take, so its coverage stays what it was
(tests/analysis/test_intervals.py).
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)
from scipy import stats

from sim.engine.metric import BOUNDS
from sim.outputs.metrics import METRICS
from sim.outputs.results import (
    CONFIG_PREFIX,
    config_column,
    config_key,
    is_config_column,
    load,
    text_writer,
)
from sim.tools.options import ToolParser

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "configs" / "scenario"

HEADLINE = ("share_unmet", "people_unmet_share", "unmet_need_share_65plus_home",
            "carers_overloaded_share", "carer_fte_lost_women_total", "carer_fte_lost_men_total",
            "home_care_waiting_mean", "wzc_waiting_mean", "admissions_total",
            "staff_workload_mean", "lonely_share", "cost_public_per_year",
            "policy_cost_per_year", "equity_unmet_ratio", "unmet_concentration_index")


def mean_ci(x: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and the two ends of its Student-t confidence interval (nan ends for n < 2)."""
    x = np.asarray(x, float)
    m = float(x.mean())
    if x.size < 2:
        return m, math.nan, math.nan
    half = float(stats.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / math.sqrt(x.size))
    return m, m - half, m + half


def bounded_ci(x: np.ndarray, quantity: str, level: float = 0.95
               ) -> tuple[float, float, float]:
    """:func:`mean_ci`, its ends kept inside the range of ``quantity`` (BOUNDS).

    The mean of values that cannot leave [low, high] cannot leave it either, so cutting
    the interval there never drops the true mean: the coverage is the t interval's, and no
    share reads below 0% or above 100%, no waiting list below zero.
    """
    m, lo, hi = mean_ci(x, level)
    low, high = BOUNDS.get(quantity, (None, None))
    if low is not None:
        lo, hi = max(lo, low), max(hi, low)
    if high is not None:
        lo, hi = min(lo, high), min(hi, high)
    return m, lo, hi


def quantity_of(metric: str) -> str:
    """The declared quantity of a metric ("" for names the registry does not know)."""
    m = METRICS.get(metric)
    return m.quantity if m else ""


@dataclass
class Row:
    """One scenario x metric line of the comparison."""

    scenario: str
    metric: str
    n: int
    mean: float
    lo: float
    hi: float
    diff: float = math.nan
    diff_lo: float = math.nan
    diff_hi: float = math.nan
    pairs: int = 0
    variance_ratio: float = math.nan  # paired / unpaired variance of the difference
    same_every_run: bool = False  # every seed gave the same value: no interval to show
    diff_same_every_run: bool = False  # every pair gave the same difference
    rel: float = math.nan  # diff over the baseline mean, where the baseline is clearly > 0
    rel_lo: float = math.nan
    rel_hi: float = math.nan

    @property
    def clear(self) -> bool:
        """The difference's 95% interval leaves out zero (or every pair differs alike)."""
        if self.diff_same_every_run:
            return self.diff != 0
        return (not math.isnan(self.diff_lo)) and (self.diff_lo > 0 or self.diff_hi < 0)


def compare(runs: dict[str, dict[int, dict[str, float]]], baseline: str,
            metrics: tuple[str, ...] = HEADLINE, level: float = 0.95) -> list[Row]:
    """Means per scenario and paired differences against ``baseline``.

    Args:
        runs: scenario -> seed -> metric -> value (one run per scenario and seed).
        baseline: The scenario the others are compared with.
        metrics: Metrics to report.
        level: Confidence level.
    """
    if baseline not in runs:
        raise ValueError(f"baseline {baseline!r} not in the sweep; scenarios: "
                         + ", ".join(sorted(runs)))
    rows = []
    base = runs[baseline]
    for scenario in sorted(runs, key=lambda s: (s != baseline, s)):
        by_seed = runs[scenario]
        for m in metrics:
            vals = np.array([v[m] for v in by_seed.values() if m in v], float)
            if vals.size == 0:
                continue
            q = quantity_of(m)
            row = Row(scenario, m, vals.size, *bounded_ci(vals, q, level))
            row.same_every_run = bool(np.ptp(vals) == 0)
            seeds = sorted(s for s in by_seed if s in base and m in by_seed[s] and m in base[s])
            if scenario != baseline and seeds:
                a = np.array([by_seed[s][m] for s in seeds], float)
                b = np.array([base[s][m] for s in seeds], float)
                row.diff, row.diff_lo, row.diff_hi = mean_ci(a - b, level)
                row.diff_same_every_run = bool(np.ptp(a - b) == 0)
                row.pairs = len(seeds)
                _relative(row, b, q, level)
                if len(seeds) > 1 and a.var(ddof=1) > 0 and b.var(ddof=1) > 0:
                    # (a side without spread, e.g. the baseline's zero policy cost, has
                    # nothing for pairing to remove: no ratio)
                    paired = (a - b).var(ddof=1)
                    row.variance_ratio = paired / (a.var(ddof=1) + b.var(ddof=1))
            rows.append(row)
    return rows


def _relative(row: Row, base: np.ndarray, quantity: str, level: float) -> None:
    """The difference in units of the baseline mean, where that says something.

    Only where the baseline is clearly above zero (its t interval, uncut, lies above 0, or
    every seed gave the same positive value) and the quantity is not an index (which may
    be negative or zero by meaning). For quantities that cannot go below zero, the scenario
    cannot fall more than 100% below the baseline, so the lower end stops at -100%.
    """
    b, lo, _ = mean_ci(base, level)
    clearly_positive = (lo > 0) if not math.isnan(lo) else False
    if np.ptp(base) == 0:
        clearly_positive = b > 0
    if quantity == "index" or not clearly_positive:
        return
    row.rel, row.rel_lo, row.rel_hi = row.diff / b, row.diff_lo / b, row.diff_hi / b
    if BOUNDS.get(quantity, (None, None))[0] == 0.0:
        row.rel_lo = max(row.rel_lo, -1.0)
        row.rel_hi = max(row.rel_hi, -1.0)


class MixedRunsError(ValueError):
    """The runs in a folder cannot be compared as they are; ``str()`` is one line."""


# never a difference between runs (output.burn_in_weeks is: it changes the summary)
IGNORED = tuple(config_column(k) for k in ("seed", "output.snapshot", "output.events",
                                           "output.progress"))


def _group_key(table: pa.Table, by: str) -> str:
    key = by if by in table.column_names else config_column(by)
    if key not in table.column_names:
        raise MixedRunsError(f"--by {by}: not a summary column or config key of these runs")
    return key


def _preset_keys(scenarios: set[str]) -> set[str]:
    """Config columns the scenario presets set (they may differ between scenarios)."""
    from omegaconf import OmegaConf

    from sim.config import flatten

    keys: set[str] = set()
    for name in scenarios:
        path = SCENARIO_DIR / f"{name}.yaml"
        if path.is_file():
            data = OmegaConf.to_container(OmegaConf.load(path))
            keys |= {config_column(k) for k in flatten(data) if not k.startswith("defaults")}
    return keys


def _differing(rows: list[dict], cols: list[str]) -> list[tuple[str, list[str]]]:
    """Config columns whose values differ between ``rows``, with the values seen."""
    out = []
    for c in cols:
        seen = sorted({str(r.get(c)) for r in rows})
        if len(seen) > 1:
            out.append((config_key(c), seen))
    return out


def _values(seen: list[str]) -> str:
    return ", ".join(seen[:4]) + (", ..." if len(seen) > 4 else "")


def _suggest(key: str, seen: list[str]) -> str:
    """``--by KEY --baseline VALUE``: the setting's default as the baseline when swept."""
    from sim.config import schema_field

    f = schema_field(key)
    default = None if f is None else f.default
    value = next((v for v in seen if default is not None and _same_number(default, v)
                  or v == str(default)), seen[0])
    return f"--by {key} --baseline {value}"


def varying_keys(table: pa.Table, by: str = "scenario") -> list[tuple[str, list[str]]]:
    """Config keys other than ``by`` whose values differ between the runs of ``table``.

    Left out: the seed, the output settings and, when grouping by scenario, what the
    scenario presets and policies set (they are what a scenario is).
    """
    key = _group_key(table, by)
    rows = table.to_pylist()
    cols = [c for c in table.column_names if is_config_column(c)
            and c not in (key, config_column(by)) and not c.startswith(IGNORED)]
    if key in ("scenario", config_column("scenario.name")):
        presets = _preset_keys({str(r[key]) for r in rows})
        cols = [c for c in cols if not c.startswith((f"{CONFIG_PREFIX}scenario__",
                                                     f"{CONFIG_PREFIX}policies__"))
                and c not in presets]
    return _differing(rows, cols)


def varying_warning(table: pa.Table, by: str = "scenario") -> str | None:
    """One line when the sweep varies a setting besides ``by``, saying how to compare it."""
    found = varying_keys(table, by)
    if not found:
        return None
    k, seen = found[0]
    more = f" (and {len(found) - 1} more setting(s))" if len(found) > 1 else ""
    return (f"zorgsim compare: warning: the sweep also varies {k} ({_values(seen)}){more}, "
            f"not only {by}; to compare the values of {k}: {_suggest(k, seen)}")


def select_runs(table: pa.Table, by: str = "scenario", *, where: tuple[str, ...] = (),
                version: str | None = None, allow_duplicates: bool = False,
                ignore: tuple[str, ...] = ()) -> pa.Table:
    """The runs of a sweep's summary table that can be compared, checked.

    Args:
        table: The summaries (:func:`sim.results.load` with ``folders=True``).
        by: The grouping: ``scenario`` or a config key.
        where: ``key=value`` filters; only matching runs are kept.
        version: Keep only runs of this model version.
        allow_duplicates: Keep the first of runs that appear twice (same identity).
        ignore: Config keys allowed to differ although they are not the grouping.

    Raises:
        MixedRunsError: naming what is mixed and how to proceed: runs of several model
            versions, the same run twice, runs of one group that differ in more than the
            seed, or groups that differ in more than what defines them.
    """
    rows = table.to_pylist()
    for cond in where:
        key, sep, value = cond.partition("=")
        col = key if key in table.column_names else config_column(key)
        if not sep or col not in table.column_names:
            raise MixedRunsError(f"--where {cond}: allowed: key=value with a config key of "
                                 "these runs")
        rows = [r for r in rows if str(r[col]) == value or _same_number(r[col], value)]
        if not rows:
            raise MixedRunsError(f"--where {cond}: no run has that value")
    if version:
        rows = [r for r in rows if r["zorgsim_version"] == version]
        if not rows:
            raise MixedRunsError(f"--version {version}: no run of that version; found "
                                 + ", ".join(sorted(set(table.column("zorgsim_version")
                                                        .to_pylist()))))
    versions = sorted({r["zorgsim_version"] for r in rows})
    if len(versions) > 1:
        counts = ", ".join(f"{v}: {sum(r['zorgsim_version'] == v for r in rows)} runs"
                           for v in versions)
        raise MixedRunsError(f"the runs come from {len(versions)} model versions ({counts}); "
                             f"compare one with --version {versions[-1]}, or re-run the sweep "
                             "into a new folder")
    rows = _without_duplicates(rows, allow_duplicates)
    key = _group_key(table, by)
    cols = [c for c in table.column_names if is_config_column(c)
            and c not in (key, config_column(by)) and not c.startswith(IGNORED)
            and config_key(c) not in ignore]
    _check_groups(rows, key, cols)
    return pa.Table.from_pylist(rows, schema=table.schema)


def _same_number(x: object, text: str) -> bool:
    try:
        return isinstance(x, int | float) and not isinstance(x, bool) and float(x) == float(text)
    except ValueError:
        return False


def _without_duplicates(rows: list[dict], allow: bool) -> list[dict]:
    seen: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: r["run_folder"]):
        first = seen.get(r["run_id"])
        if first is None:
            seen[r["run_id"]] = r
        elif not allow:
            raise MixedRunsError(f"the same run twice (same settings, seed and version): "
                                 f"{first['run_folder']} and {r['run_folder']}; remove one, "
                                 "or pass --allow-duplicates to use the first")
    return list(seen.values())


def _check_groups(rows: list[dict], key: str, cols: list[str]) -> None:
    """Runs of a group may differ only in the seed; groups only in what defines them."""
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(str(r[key]), []).append(r)
    for name, members in groups.items():
        diff = _differing(members, cols)
        if diff:
            k, seen = diff[0]
            raise MixedRunsError(
                f"runs of {config_key(key)}={name} differ in {k} ({_values(seen)}) "
                f"as well as in the seed: compare with {_suggest(k, seen)}, keep some with "
                f"--where {k}={seen[-1]}, or sweep them into separate folders")
    allowed = {key}
    if key in ("scenario", config_column("scenario.name")):
        allowed |= {c for c in cols if c.startswith((f"{CONFIG_PREFIX}scenario__",
                                                     f"{CONFIG_PREFIX}policies__"))}
        allowed |= _preset_keys(set(groups))
    firsts = [m[0] for m in groups.values()]
    diff = _differing(firsts, [c for c in cols if c not in allowed])
    if diff:
        k, seen = diff[0]
        raise MixedRunsError(
            f"the groups of {config_key(key)} also differ in {k} ({_values(seen)}), "
            f"so their differences would mix two effects: keep one value with --where "
            f"{k}={seen[-1]}, or pass --ignore {k} if that is intended")


def runs_from_sweep(path: Path | str | pa.Table, by: str = "scenario"
                    ) -> dict[str, dict[int, dict[str, float]]]:
    """Group -> seed -> summary values of every complete run under ``path``.

    Runs are grouped by ``by``: ``scenario`` or any config key (``homecare.
    gezinszorg_contingent_factor``), whose value becomes the group's label. ``path`` may
    also be the sweep's summary table, already loaded and checked (:func:`select_runs`).
    """
    table = path if isinstance(path, pa.Table) else select_runs(load(path, folders=True), by)
    cols = table.column_names
    key = _group_key(table, by)
    out: dict[str, dict[int, dict[str, float]]] = {}
    for rec in table.to_pylist():
        values = {c: float(rec[c]) for c in cols if c in METRICS and isinstance(
            rec[c], int | float) and not isinstance(rec[c], bool)}
        out.setdefault(str(rec[key]), {})[int(rec["seed"])] = values
    return out


def to_csv(rows: list[Row]) -> str:
    """The comparison as CSV, one row per scenario and metric, with units, unrounded."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["scenario", "metric", "unit", "runs", "mean", "ci_low", "ci_high",
                "diff_vs_baseline", "diff_ci_low", "diff_ci_high", "pairs",
                "paired_over_unpaired_variance", "quantity", "better", "same_every_run",
                "relative_diff", "relative_ci_low", "relative_ci_high"])
    for r in rows:
        m = METRICS[r.metric]
        w.writerow([r.scenario, r.metric, m.unit, r.n, r.mean, r.lo, r.hi,
                    r.diff, r.diff_lo, r.diff_hi, r.pairs, r.variance_ratio, m.quantity,
                    m.better or "", r.same_every_run, r.rel, r.rel_lo, r.rel_hi])
    return buf.getvalue()


def to_markdown(rows: list[Row], baseline: str, by: str = "scenario", lang: str = "en"
                ) -> str:
    """The comparison as a Markdown table: plain names, the table's units and rounding."""
    from sim.analysis import report
    from sim.outputs import labels

    def cell(c: report.Cell) -> str:
        return c.text + (f" ({c.interval})" if c.interval else "") + (
            f" ({c.note})" if c.note else "")

    def name(group: str) -> str:
        return labels.scenario_name(group, lang) if by == "scenario" else group

    t = {k: v[lang] for k, v in labels.TEXT.items()}
    lines = [labels.text("title", lang, baseline=name(baseline)), "",
             f"| {by} | {t['col_figure']} | {t['col_unit']} | mean (95%) | "
             f"{t['col_difference']} |", "|---|---|---|---|---|"]
    for r in rows:
        diff = report.diff_cell(r, lang)
        lines.append(f"| {name(r.scenario)} | {labels.metric_name(r.metric, lang)} | "
                     f"{labels.metric_unit(r.metric, lang)} | {cell(report.mean_cell(r, lang))} "
                     f"| {(diff.arrow + ' ') if diff.arrow else ''}{cell(diff)} |")
    lines += ["", labels.text("paired", lang, baseline=name(baseline)), "",
              t["intervals"]]
    notes = labels.level_notes([r.metric for r in rows], lang)
    if notes:
        lines += ["", f"{t['levels_heading']}:", ""]
        lines += [f"- {metric}: {note}" for metric, note in notes]
    return "\n".join(lines) + "\n"


COMPARISON_FILES = ("comparison.csv", "comparison.md", "timeseries.png", "differences.png",
                    "report.html")


def parser() -> argparse.ArgumentParser:
    """The command line of ``python -m sim.compare``, every option described."""
    ap = ToolParser(
        prog="python -m sim.compare", description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
               "  python -m sim.compare results/sweeps/policy_comparison --baseline status_quo\n"
               "  python -m sim.compare results/sweeps/contingent_dose_response \\\n"
               "      --by homecare.gezinszorg_contingent_factor --baseline 1.0\n"
               "A sweep that varies a setting besides the scenario needs --by (or --where): "
               "the\ncommand says so, naming the settings that vary. "
               "Guide: docs/researchers.md, docs/advisors.md")
    ap.add_argument("sweep", help="folder of a sweep (runs at any depth)")
    ap.add_argument("--baseline", default="status_quo",
                    help="group to compare with: a scenario, or a value of --by "
                         "(default: status_quo)")
    ap.add_argument("--by", default="scenario",
                    help="group runs by scenario (default) or by a config key, e.g. "
                         "homecare.gezinszorg_contingent_factor")
    ap.add_argument("--where", action="append", default=[], metavar="KEY=VALUE",
                    help="keep only runs with this setting (repeatable), e.g. "
                         "policies.crisis.staff_absent_share=0.2")
    ap.add_argument("--version", help="keep only runs of this model version (the "
                    "zorgsim_version column; default: refuse a mix of versions)")
    ap.add_argument("--allow-duplicates", action="store_true",
                    help="use the first of runs that appear twice in the folder (default: "
                         "refuse)")
    ap.add_argument("--ignore", action="append", default=[], metavar="KEY",
                    help="a config key the groups may differ in besides --by (repeatable)")
    ap.add_argument("--metrics", default=",".join(HEADLINE),
                    help="comma-separated summary metrics (default: the headline metrics)")
    ap.add_argument("--out", help="output folder (default: <sweep>/comparison)")
    ap.add_argument("--no-figures", action="store_true",
                    help="only the tables (no PNG figures, no HTML report)")
    ap.add_argument("--lang", default="en", choices=("en", "nl"),
                    help="language of the report, the Markdown table and the figures: en "
                         "(default) or nl")
    return ap


def _parse(argv: list[str] | None) -> argparse.Namespace:
    return parser().parse_args(argv)


def _bad(message: str) -> int:
    print(f"zorgsim compare: {message}", file=sys.stderr)
    return 2


def _check_out(out: Path) -> None:
    """The output folder must be writable and hold nothing but an earlier comparison."""
    from sim.outputs.run_store import check_replaceable
    from sim.tools.options import check_writable

    check_writable(out, "--out")
    check_replaceable(out, lambda name: name in COMPARISON_FILES)


def main(argv: list[str] | None = None) -> int:
    """Command line: compare the scenarios of a sweep folder."""
    from sim.config import ConfigError
    from sim.outputs.results import ResultsError
    from sim.outputs.run_store import FolderInUseError

    args = _parse(argv)
    metrics = tuple(m.strip() for m in args.metrics.split(",") if m.strip())
    if not metrics:
        return _bad(f"--metrics {args.metrics!r}: allowed: one or more metric names, "
                    "comma-separated (docs/ODD.md, output schema)")
    unknown = [m for m in metrics if m not in METRICS]
    if unknown:
        return _bad(f"--metrics: unknown metric(s) {', '.join(unknown)}")
    out = Path(args.out) if args.out else Path(args.sweep) / "comparison"
    try:
        _check_out(out)
        loaded = load(args.sweep, folders=True)
        summary = select_runs(loaded, args.by, where=tuple(args.where),
                              version=args.version, allow_duplicates=args.allow_duplicates,
                              ignore=tuple(args.ignore))
        warning = varying_warning(loaded, args.by)
        if warning:
            print(warning, file=sys.stderr)
        rows = compare(runs_from_sweep(summary, args.by), args.baseline, metrics)
        md = to_markdown(rows, args.baseline, args.by, args.lang)
        figures = None if args.no_figures else _weekly(args.sweep, summary, args.by)
    except ConfigError as exc:
        return _bad(str(exc))
    except FolderInUseError as exc:
        return _bad(f"--out {out}: {exc.strerror}")
    except (ResultsError, ValueError) as exc:
        return _bad(str(exc))
    try:
        written = write(out, rows, md, args.baseline, figures, summary=summary, by=args.by,
                        lang=args.lang)
    except OSError as exc:
        return _bad(f"could not write {out}: {exc.strerror or exc}; nothing was written")
    print(md)
    print(f"Written: {out}/ " + ", ".join(written))
    return 0


def _weekly(sweep: str, summary: pa.Table, by: str) -> pa.Table:
    """The selected runs' weekly tables, labelled with their group."""
    key = _group_key(summary, by)
    label = dict(zip(summary.column("run_id").to_pylist(),
                     map(str, summary.column(key).to_pylist()), strict=True))
    weekly = load(sweep, "timeseries")
    keep = pa.compute.is_in(weekly.column("run_id"), pa.array(list(label)))
    weekly = weekly.filter(keep)
    return weekly.append_column("group", pa.array(
        [label[h] for h in weekly.column("run_id").to_pylist()]))


def write(out: Path, rows: list[Row], md: str, baseline: str, weekly: pa.Table | None, *,
          summary: pa.Table | None = None, by: str = "scenario", lang: str = "en"
          ) -> list[str]:
    """Write the tables (and figures and report) into ``out`` as a whole.

    Args:
        out: The output folder (replaced as a whole).
        rows: The comparison.
        md: The Markdown table.
        baseline: The group the others are compared with.
        weekly: The runs' weekly table with a ``group`` column, or None for tables only.
        summary: The compared runs' summary rows (the report's context); needed with
            ``weekly``.
        by: The grouping (scenario or a config key).
        lang: Language of the figures and the report.
    """
    from sim.analysis import figures, report
    from sim.outputs import labels
    from sim.outputs.run_store import staged_folder

    files = {"comparison.csv": text_writer(to_csv(rows)), "comparison.md": text_writer(md)}
    with staged_folder(out, owns=lambda n: n in COMPARISON_FILES,
                       complete=lambda f: (f / "comparison.csv").is_file()) as staging:
        for name, writer in files.items():
            writer(staging / name)
        if weekly is None:
            return list(files)
        if summary is None:
            raise ValueError("write: the report needs the runs' summary rows")
        key = _group_key(summary, by)
        groups = list(dict.fromkeys(r.scenario for r in rows))
        names = {g: labels.scenario_name(g, lang) if by == "scenario" else f"{by} = {g}"
                 for g in groups}
        burn_in = report.burn_in_weeks(summary)
        ts = figures.timeseries_figure(weekly, "group", staging / "timeseries.png",
                                       baseline=baseline, lang=lang, burn_in_weeks=burn_in,
                                       names=names)
        diff, left_out = figures.difference_figure(rows, baseline, staging / "differences.png",
                                                   lang=lang, names=names)
        years = sorted(set(summary.column(config_column("years")).to_pylist())) \
            if config_column("years") in summary.column_names else ["?"]
        series = ", ".join(labels.SERIES_LABELS[s][lang] for s in figures.SERIES)
        shown = [
            {"src": report.data_uri(ts),
             "alt": labels.text("fig_timeseries_alt", lang, years="/".join(map(str, years)),
                                metrics=series, baseline=names[baseline]),
             "caption": labels.text("fig_timeseries_caption", lang, baseline=names[baseline]),
             "note": ""},
            {"src": report.data_uri(diff),
             "alt": labels.text("fig_differences_alt", lang, baseline=names[baseline]),
             "caption": labels.text("fig_differences_caption", lang, baseline=names[baseline]),
             "note": labels.text("left_out", lang, names="; ".join(left_out))
             if left_out else ""}]
        html = report.render(rows=rows, baseline=baseline, summary=summary, key=key,
                             lang=lang, figures=shown)
        (staging / "report.html").write_text(html, encoding="utf-8")
    return [*files, "timeseries.png", "differences.png", "report.html"]


if __name__ == "__main__":
    sys.exit(main())
