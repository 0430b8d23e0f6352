"""Figures and a self-contained HTML report for a scenario comparison.

Two kinds of figures, both with 95% intervals over seeds: weekly time series per group
(mean line and band), and the difference of each headline metric from the baseline,
relative to the baseline mean, with its seed-paired interval. The HTML report embeds the
figures and the table, so it can be e-mailed as one file.
"""

from __future__ import annotations

import base64
import html
import math
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no screen
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
from scipy import stats  # noqa: E402

from sim.outputs.metrics import METRICS  # noqa: E402

SERIES = ("hours_unmet", "carers_overloaded", "waiting_home_care", "lonely")


def weekly_totals(table: pa.Table, key: str, metric: str) -> dict[str, np.ndarray]:
    """Group -> (seeds x weeks) municipality totals of a weekly per-buurt metric."""
    agg = table.group_by([key, "seed", "week"]).aggregate([(metric, "sum")])
    out: dict[str, np.ndarray] = {}
    groups = agg.column(key).to_pylist()
    seeds = agg.column("seed").to_pylist()
    weeks = agg.column("week").to_pylist()
    values = agg.column(f"{metric}_sum").to_numpy()
    n_weeks = max(weeks) + 1
    for g in sorted(set(map(str, groups))):
        idx = [i for i, x in enumerate(groups) if str(x) == g]
        seed_ids = sorted({seeds[i] for i in idx})
        mat = np.full((len(seed_ids), n_weeks), np.nan)
        row = {s: k for k, s in enumerate(seed_ids)}
        for i in idx:
            mat[row[seeds[i]], weeks[i]] = values[i]
        out[g] = mat
    return out


def _band(mat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mat = mat[:, ~np.isnan(mat).all(axis=0)]  # weeks no run recorded (none, normally)
    n = mat.shape[0]
    mean = np.nanmean(mat, axis=0)
    if n < 2:
        return mean, np.zeros_like(mean)
    half = stats.t.ppf(0.975, n - 1) * np.nanstd(mat, axis=0, ddof=1) / math.sqrt(n)
    return mean, half


def timeseries_figure(table: pa.Table, key: str, path: Path,
                      metrics: tuple[str, ...] = SERIES) -> Path:
    """Weekly municipality totals per group: mean over seeds with a 95% band."""
    metrics = tuple(m for m in metrics if m in table.column_names)
    fig, axes = plt.subplots(len(metrics), 1, figsize=(8, 2.4 * len(metrics)), sharex=True,
                             squeeze=False)
    for ax, m in zip(axes[:, 0], metrics, strict=True):
        for g, mat in weekly_totals(table, key, m).items():
            mean, half = _band(mat)
            weeks = np.arange(mean.size)
            ax.plot(weeks, mean, label=g, lw=1.2)
            ax.fill_between(weeks, mean - half, mean + half, alpha=0.2)
        ax.set_ylabel(METRICS[m].unit)
        ax.set_title(METRICS[m].description, fontsize=9, loc="left")
    axes[0, 0].legend(fontsize=8, ncol=3)
    axes[-1, 0].set_xlabel("week")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def difference_figure(rows: list, baseline: str, path: Path) -> Path:
    """Each metric's difference from the baseline, in % of the baseline mean, with 95% CI."""
    base = {r.metric: r.mean for r in rows if r.scenario == baseline}
    groups = sorted({r.scenario for r in rows if r.scenario != baseline})
    metrics = [m for m in base if base[m] not in (0, 0.0) and not math.isnan(base[m])]
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(metrics) * (max(len(groups), 1) + 0.6) + 1.2))
    y = 0.0
    ticks, labels = [], []
    for m in metrics:
        ys = []
        for j, g in enumerate(groups):  # one row per scenario, told apart by colour
            r = next((r for r in rows if r.scenario == g and r.metric == m), None)
            if r is None or math.isnan(r.diff):
                continue
            scale = 100 / abs(base[m])
            err = [[(r.diff - r.diff_lo) * scale], [(r.diff_hi - r.diff) * scale]]
            ax.errorbar(r.diff * scale, y, xerr=err, fmt="o", color=f"C{j}",
                        label=g if m == metrics[0] else None, capsize=3)
            ys.append(y)
            y += 1
        if ys:  # the metric's name once, wrapped, at the middle of its rows
            ticks.append(sum(ys) / len(ys))
            labels.append(textwrap.fill(METRICS[m].description, 42))
        y += 0.6
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks(ticks, labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(f"difference from {baseline}, % of its mean (95% CI, paired by seed)")
    if groups:
        ax.legend(fontsize=8)
    ax.grid(axis="x", lw=0.3, alpha=0.5)
    fig.tight_layout()
    fig.savefig(path, dpi=110, bbox_inches="tight")  # long metric names stay whole
    plt.close(fig)
    return path


def html_report(title: str, markdown_table: str, figures: list[Path], path: Path) -> Path:
    """A single HTML file: the comparison table and the figures, embedded."""
    lines = markdown_table.strip().splitlines()
    body, table_rows = [], []
    for line in lines:
        if line.startswith("|") and not set(line) <= set("|-"):
            table_rows.append([html.escape(c.strip()) for c in line.strip("|").split("|")])
        elif line.strip() and not line.startswith("|"):
            body.append(f"<p>{html.escape(line).replace('**', '')}</p>")
    head, *rest = table_rows or [[]]
    table = ("<table><tr>" + "".join(f"<th>{c}</th>" for c in head) + "</tr>"
             + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rest)
             + "</table>")
    imgs = "".join(
        f'<p><img alt="{f.stem}" src="data:image/png;base64,'
        f'{base64.b64encode(f.read_bytes()).decode()}"></p>' for f in figures)
    style = ("body{font-family:sans-serif;max-width:60em;margin:2em auto}"
             "table{border-collapse:collapse;font-size:0.85em}"
             "td,th{border:1px solid #ccc;padding:2px 6px}img{max-width:100%}")
    path.write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>"
                    f"{html.escape(title)}</title><style>{style}</style></head><body>"
                    f"<h1>{html.escape(title)}</h1>{''.join(body[:1])}{table}"
                    f"{''.join(body[1:])}{imgs}</body></html>", encoding="utf-8")
    return path
