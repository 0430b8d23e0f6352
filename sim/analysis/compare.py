"""Compare scenarios of a sweep: means with 95% intervals and paired differences.

    python -m sim.compare results/sweeps/<date>/<time> --baseline status_quo
    python -m sim.compare results/sweeps/contingent_dose_response \
        --by homecare.gezinszorg_contingent_factor --baseline 1.0

For each scenario and headline metric: the mean over its runs with a 95% confidence interval
(Student t over seeds), and the difference against the baseline scenario, paired by seed
(common random numbers: each seed's runs share every random stream but the policy's), with
its own 95% interval. The ratio of the paired to the unpaired variance of the difference
shows how much the pairing narrows the intervals. Writes ``comparison.csv``,
``comparison.md``, ``timeseries.png`` (weekly totals with 95% bands), ``differences.png``
(differences with 95% intervals) and ``report.html`` (all of it in one file to send on),
atomically, into ``--out`` (default: ``<sweep>/comparison``).
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

from sim.outputs.metrics import METRICS
from sim.outputs.results import load, text_writer
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
            row = Row(scenario, m, vals.size, *mean_ci(vals, level))
            seeds = sorted(s for s in by_seed if s in base and m in by_seed[s] and m in base[s])
            if scenario != baseline and seeds:
                a = np.array([by_seed[s][m] for s in seeds], float)
                b = np.array([base[s][m] for s in seeds], float)
                row.diff, row.diff_lo, row.diff_hi = mean_ci(a - b, level)
                row.pairs = len(seeds)
                if len(seeds) > 1 and a.var(ddof=1) > 0 and b.var(ddof=1) > 0:
                    # (a side without spread, e.g. the baseline's zero policy cost, has
                    # nothing for pairing to remove: no ratio)
                    paired = (a - b).var(ddof=1)
                    row.variance_ratio = paired / (a.var(ddof=1) + b.var(ddof=1))
            rows.append(row)
    return rows


class MixedRunsError(ValueError):
    """The runs in a folder cannot be compared as they are; ``str()`` is one line."""


IGNORED = ("cfg.seed", "cfg.output.")  # never a difference between runs


def _group_key(table: pa.Table, by: str) -> str:
    key = by if by in table.column_names else f"cfg.{by}"
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
            keys |= {f"cfg.{k}" for k in flatten(data) if not k.startswith("defaults")}
    return keys


def _differing(rows: list[dict], cols: list[str]) -> list[tuple[str, list[str]]]:
    """Config columns whose values differ between ``rows``, with the values seen."""
    out = []
    for c in cols:
        seen = sorted({str(r.get(c)) for r in rows})
        if len(seen) > 1:
            out.append((c.removeprefix("cfg."), seen))
    return out


def _values(seen: list[str]) -> str:
    return ", ".join(seen[:4]) + (", ..." if len(seen) > 4 else "")


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
        col = key if key in table.column_names else f"cfg.{key}"
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
    cols = [c for c in table.column_names if c.startswith("cfg.") and c not in (key, f"cfg.{by}")
            and not c.startswith(IGNORED) and c.removeprefix("cfg.") not in ignore]
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
                f"runs of {key.removeprefix('cfg.')}={name} differ in {k} ({_values(seen)}) "
                f"as well as in the seed: compare with --by {k}, keep some with --where "
                f"{k}={seen[-1]}, or sweep them into separate folders")
    allowed = {key}
    if key == "scenario" or key == "cfg.scenario.name":
        allowed |= {c for c in cols if c.startswith(("cfg.scenario.", "cfg.policies."))}
        allowed |= _preset_keys(set(groups))
    firsts = [m[0] for m in groups.values()]
    diff = _differing(firsts, [c for c in cols if c not in allowed])
    if diff:
        k, seen = diff[0]
        raise MixedRunsError(
            f"the groups of {key.removeprefix('cfg.')} also differ in {k} ({_values(seen)}), "
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


def _fmt(x: float) -> str:
    if math.isnan(x):
        return ""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.4g}"


def to_csv(rows: list[Row]) -> str:
    """The comparison as CSV, one row per scenario and metric, with units."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["scenario", "metric", "unit", "runs", "mean", "ci_low", "ci_high",
                "diff_vs_baseline", "diff_ci_low", "diff_ci_high", "pairs",
                "paired_over_unpaired_variance"])
    for r in rows:
        w.writerow([r.scenario, r.metric, METRICS[r.metric].unit, r.n, r.mean, r.lo, r.hi,
                    r.diff, r.diff_lo, r.diff_hi, r.pairs, r.variance_ratio])
    return buf.getvalue()


def to_markdown(rows: list[Row], baseline: str, by: str = "scenario") -> str:
    """The comparison as a Markdown table with plain-language metric names."""
    lines = [f"Comparison against **{baseline}** (95% intervals; differences paired by seed)",
             "", f"| {by} | metric | unit | mean [95% CI] | difference [95% CI] |",
             "|---|---|---|---|---|"]
    for r in rows:
        ci = f"{_fmt(r.mean)} [{_fmt(r.lo)}, {_fmt(r.hi)}]"
        diff = (f"{_fmt(r.diff)} [{_fmt(r.diff_lo)}, {_fmt(r.diff_hi)}]"
                if not math.isnan(r.diff) else "")
        lines.append(f"| {r.scenario} | {METRICS[r.metric].description} | "
                     f"{METRICS[r.metric].unit} | {ci} | {diff} |")
    ratios = [r.variance_ratio for r in rows if not math.isnan(r.variance_ratio)]
    if ratios:
        lines += ["", f"Pairing by seed (common random numbers): the paired differences have "
                      f"a median {np.median(ratios):.2f} x the variance of unpaired ones."]
    return "\n".join(lines) + "\n"


COMPARISON_FILES = ("comparison.csv", "comparison.md", "timeseries.png", "differences.png",
                    "report.html")


def _parse(argv: list[str] | None) -> argparse.Namespace:
    ap = ToolParser(prog="python -m sim.compare", description=__doc__.splitlines()[0])
    ap.add_argument("sweep", help="folder of a sweep (runs at any depth)")
    ap.add_argument("--baseline", default="status_quo",
                    help="group to compare with (a scenario, or a value of --by)")
    ap.add_argument("--by", default="scenario",
                    help="group runs by scenario (default) or by a config key, e.g. "
                         "homecare.gezinszorg_contingent_factor")
    ap.add_argument("--where", action="append", default=[], metavar="KEY=VALUE",
                    help="keep only runs with this setting (repeatable), e.g. "
                         "policies.crisis.staff_absent_share=0.2")
    ap.add_argument("--version", help="keep only runs of this model version")
    ap.add_argument("--allow-duplicates", action="store_true",
                    help="use the first of runs that appear twice in the folder")
    ap.add_argument("--ignore", action="append", default=[], metavar="KEY",
                    help="a config key the groups may differ in besides --by (repeatable)")
    ap.add_argument("--metrics", default=",".join(HEADLINE),
                    help="comma-separated summary metrics (default: the headline metrics)")
    ap.add_argument("--out", help="output folder (default: <sweep>/comparison)")
    ap.add_argument("--no-figures", action="store_true",
                    help="only the tables (no PNG figures, no HTML report)")
    return ap.parse_args(argv)


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
        summary = select_runs(load(args.sweep, folders=True), args.by, where=tuple(args.where),
                              version=args.version, allow_duplicates=args.allow_duplicates,
                              ignore=tuple(args.ignore))
        rows = compare(runs_from_sweep(summary, args.by), args.baseline, metrics)
        md = to_markdown(rows, args.baseline, args.by)
        figures = None if args.no_figures else _weekly(args.sweep, summary, args.by)
    except ConfigError as exc:
        return _bad(str(exc))
    except FolderInUseError as exc:
        return _bad(f"--out {out}: {exc.strerror}")
    except (ResultsError, ValueError) as exc:
        return _bad(str(exc))
    try:
        written = write(out, rows, md, args.baseline, figures)
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


def write(out: Path, rows: list[Row], md: str, baseline: str, weekly: pa.Table | None
          ) -> list[str]:
    """Write the tables (and figures and report) into ``out`` as a whole."""
    from sim.analysis import figures
    from sim.outputs.run_store import staged_folder

    files = {"comparison.csv": text_writer(to_csv(rows)), "comparison.md": text_writer(md)}
    if weekly is not None:
        files["timeseries.png"] = lambda p: figures.timeseries_figure(weekly, "group", p)
        files["differences.png"] = lambda p: figures.difference_figure(rows, baseline, p)
    with staged_folder(out, owns=lambda n: n in COMPARISON_FILES,
                       complete=lambda f: (f / "comparison.csv").is_file()) as staging:
        for name, writer in files.items():
            writer(staging / name)
        if weekly is not None:  # the report embeds the figures just written
            title = f"zorgsim: scenarios compared with {baseline}"
            figures.html_report(title, md, [staging / "timeseries.png",
                                            staging / "differences.png"],
                                staging / "report.html")
    return list(files) + (["report.html"] if weekly is not None else [])


if __name__ == "__main__":
    sys.exit(main())
