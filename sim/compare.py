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
from scipy import stats

from sim.metrics import METRICS
from sim.results import commit, load, stage, text_writer

HEADLINE = ("share_unmet", "people_unmet_share", "carers_overloaded_share",
            "carer_fte_lost_women_total", "carer_fte_lost_men_total", "home_care_waiting_mean",
            "wzc_waiting_mean", "admissions_total", "staff_workload_mean", "lonely_share",
            "cost_public_per_year", "policy_cost_per_year", "equity_unmet_ratio")


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


def runs_from_sweep(path: Path | str | pa.Table, by: str = "scenario"
                    ) -> dict[str, dict[int, dict[str, float]]]:
    """Group -> seed -> summary values of every complete run under ``path``.

    Runs are grouped by ``by``: ``scenario`` or any config key (``homecare.
    gezinszorg_contingent_factor``), whose value becomes the group's label. ``path`` may
    also be the sweep's summary table, already loaded.
    """
    table = path if isinstance(path, pa.Table) else load(path)
    cols = table.column_names
    key = by if by in cols else f"cfg.{by}"
    if key not in cols:
        raise ValueError(f"cannot group by {by!r}: not a summary column or config key")
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


def main(argv: list[str] | None = None) -> int:
    """Command line: compare the scenarios of a sweep folder."""
    ap = argparse.ArgumentParser(prog="python -m sim.compare", description=__doc__.splitlines()[0])
    ap.add_argument("sweep", help="folder of a sweep (runs at any depth)")
    ap.add_argument("--baseline", default="status_quo",
                    help="group to compare with (a scenario, or a value of --by)")
    ap.add_argument("--by", default="scenario",
                    help="group runs by scenario (default) or by a config key, e.g. "
                         "homecare.gezinszorg_contingent_factor")
    ap.add_argument("--metrics", default=",".join(HEADLINE),
                    help="comma-separated summary metrics (default: the headline metrics)")
    ap.add_argument("--out", help="output folder (default: <sweep>/comparison)")
    ap.add_argument("--no-figures", action="store_true",
                    help="only the tables (no PNG figures, no HTML report)")
    args = ap.parse_args(argv)
    metrics = tuple(m for m in args.metrics.split(",") if m)
    unknown = [m for m in metrics if m not in METRICS]
    if unknown:
        print(f"zorgsim compare: unknown metric(s) {', '.join(unknown)}", file=sys.stderr)
        return 2
    try:
        summary = load(args.sweep)
        rows = compare(runs_from_sweep(summary, args.by), args.baseline, metrics)
    except (FileNotFoundError, ValueError) as exc:
        print(f"zorgsim compare: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else Path(args.sweep) / "comparison"
    out.mkdir(parents=True, exist_ok=True)
    md = to_markdown(rows, args.baseline, args.by)
    staged = [(stage(out / "comparison.csv", text_writer(to_csv(rows))), out / "comparison.csv"),
              (stage(out / "comparison.md", text_writer(md)), out / "comparison.md")]
    if not args.no_figures:
        staged += _figures(args.sweep, summary, args.by, args.baseline, rows, md, out)
    commit(staged)
    print(md)
    print(f"Written: {out}/ " + ", ".join(final.name for _, final in staged))
    return 0


def _figures(sweep: str, summary: pa.Table, by: str, baseline: str, rows: list[Row],
             md: str, out: Path) -> list[tuple[Path, Path]]:
    """Stage the time-series and difference figures and the HTML report."""
    from sim import figures

    key = by if by in summary.column_names else f"cfg.{by}"
    label = dict(zip(summary.column("config_hash").to_pylist(),
                     map(str, summary.column(key).to_pylist()), strict=True))
    weekly = load(sweep, "timeseries")
    weekly = weekly.append_column("group", pa.array(
        [label[h] for h in weekly.column("config_hash").to_pylist()]))
    ts, diff = out / "timeseries.png", out / "differences.png"
    staged = [(stage(ts, lambda tmp: figures.timeseries_figure(weekly, "group", Path(tmp))), ts),
              (stage(diff, lambda tmp: figures.difference_figure(rows, baseline, Path(tmp))),
               diff)]
    # The report embeds the staged figures (their final names exist only after commit).
    report = out / "report.html"
    title = f"zorgsim: scenarios compared with {baseline}"
    staged.append((stage(report, lambda tmp: figures.html_report(
        title, md, [staged[0][0], staged[1][0]], Path(tmp))), report))
    return staged


if __name__ == "__main__":
    sys.exit(main())
