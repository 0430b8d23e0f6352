"""Figures of a scenario comparison, for people: years on the axis, the table's units.

Two figures, both with 95% intervals over seeds. ``timeseries.png``: one row per weekly
figure (unmet share of hours, overloaded carers, the home-care waiting list, loneliness),
in the units the table uses (shares in %); on the left each group's mean with its band, on
the right each scenario's difference from the baseline, paired by seed, with its band:
that paired difference is what the table reports, and its band is much narrower than the
two groups' bands (which overlap even when the difference is clear). The burn-in, left
out of the summary means, is shaded. ``difference.png``: each headline metric's paired
difference in % of the baseline mean; metrics without a meaningful percentage (a baseline
about zero, an index) are named in a note under the figure, never dropped silently. Labels
are at least 10 pt; the words come from :mod:`sim.outputs.labels`.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no screen
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from scipy import stats  # noqa: E402

from sim.outputs import labels as lb  # noqa: E402

WEEKS_PER_YEAR = 52
FONT = 10  # pt, the smallest text in a figure
# Weekly series: numerator column, denominator columns (None: a count), scale (100: %)
SERIES: dict[str, tuple[str, tuple[str, ...] | None, float]] = {
    "unmet_share": ("hours_unmet", ("hours_needed",), 100.0),
    "overloaded_share": ("carers_overloaded", ("carers",), 100.0),
    "waiting_home_care": ("waiting_home_care", None, 1.0),
    "lonely_share": ("lonely", ("pop_18_64", "pop_65_79", "pop_80plus"), 100.0),
}


def _style() -> dict:
    return {"font.size": FONT, "axes.titlesize": FONT + 1, "axes.labelsize": FONT,
            "xtick.labelsize": FONT, "ytick.labelsize": FONT, "legend.fontsize": FONT}


def weekly_series(table: pa.Table, key: str, series: str
                  ) -> dict[str, tuple[list[int], np.ndarray, np.ndarray]]:
    """Group -> (seeds, weeks, seeds x weeks values) of one weekly series, municipality-wide.

    Shares are the week's municipality numerator over its denominator (as the summary's
    shares are), in %; counts are the week's sum over buurten.
    """
    num, den, scale = SERIES[series]
    cols = [num, *(den or ())]
    agg = table.group_by([key, "seed", "week"]).aggregate([(c, "sum") for c in cols])
    groups = np.array([str(g) for g in agg.column(key).to_pylist()])
    seeds = agg.column("seed").to_numpy()
    weeks = agg.column("week").to_numpy()
    value = agg.column(f"{num}_sum").to_numpy().astype(float)
    if den:
        d = sum(agg.column(f"{c}_sum").to_numpy().astype(float) for c in den)
        value = np.divide(value, d, out=np.full_like(value, np.nan), where=d > 0)
    value = value * scale
    all_weeks = np.unique(weeks)
    out = {}
    for g in sorted(set(groups)):
        m = groups == g
        seed_ids = sorted(set(seeds[m].tolist()))
        mat = np.full((len(seed_ids), all_weeks.size), np.nan)
        mat[np.searchsorted(seed_ids, seeds[m]), np.searchsorted(all_weeks, weeks[m])] = value[m]
        out[g] = (seed_ids, all_weeks, mat)
    return out


def _band(mat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean over seeds (rows) and the half-width of its 95% t interval, week by week."""
    n = mat.shape[0]
    mean = np.nanmean(mat, axis=0)
    if n < 2:
        return mean, np.zeros_like(mean)
    half = stats.t.ppf(0.975, n - 1) * np.nanstd(mat, axis=0, ddof=1) / math.sqrt(n)
    return mean, half


def _paired(a: tuple, b: tuple) -> np.ndarray:
    """Seeds x weeks differences a - b over the seeds both groups ran."""
    common = sorted(set(a[0]) & set(b[0]))
    ia = [a[0].index(s) for s in common]
    ib = [b[0].index(s) for s in common]
    return a[2][ia] - b[2][ib]


def _colours(groups: list[str], baseline: str) -> dict[str, str]:
    others = [g for g in groups if g != baseline]
    out = {g: f"C{i}" for i, g in enumerate(others)}
    out[baseline] = "#444444"
    return out


def timeseries_figure(table: pa.Table, key: str, path: Path, *, baseline: str,
                      lang: str = "en", burn_in_weeks: int = 0,
                      names: dict[str, str] | None = None,
                      series: tuple[str, ...] = tuple(SERIES)) -> Path:
    """Weekly series per group (left) and paired differences from ``baseline`` (right).

    Args:
        table: The runs' weekly per-buurt table with a ``key`` column naming the group.
        key: The group column.
        path: Where the PNG goes.
        baseline: The group the differences are taken against.
        lang: Language of the labels.
        burn_in_weeks: Weeks shaded as burn-in (not in the summary means).
        names: Group -> name shown in the legend (default: the group).
        series: Which of :data:`SERIES` to draw (those whose columns the table has).
    """
    series = tuple(s for s in series if SERIES[s][0] in table.column_names
                   and all(c in table.column_names for c in SERIES[s][1] or ()))
    names = names or {}
    data = {s: weekly_series(table, key, s) for s in series}
    groups = sorted({g for d in data.values() for g in d}, key=lambda g: (g != baseline, g))
    colour = _colours(groups, baseline)
    with plt.rc_context(_style()):
        fig, axes = plt.subplots(len(series), 2, figsize=(11, 2.6 * len(series) + 1.0),
                                 sharex=True, squeeze=False)
        for row, s in enumerate(series):
            level, diff = axes[row]
            d = data[s]
            high = 100.0 if SERIES[s][2] == 100 else np.inf  # a share's band stops at 100%
            for g in [*groups[1:], groups[0]]:  # the baseline last, dashed, on top
                if g not in d:
                    continue
                _, weeks, mat = d[g]
                years = weeks / WEEKS_PER_YEAR
                mean, half = _band(mat)
                level.plot(years, mean, color=colour[g], lw=1.4,
                           ls="--" if g == baseline else "-")
                level.fill_between(years, np.clip(mean - half, 0, high),
                                   np.clip(mean + half, 0, high), color=colour[g],
                                   alpha=0.15, lw=0)
                if g != baseline and baseline in d:
                    dm, dh = _band(_paired(d[g], d[baseline]))
                    diff.plot(years, dm, color=colour[g], lw=1.4)
                    diff.fill_between(years, dm - dh, dm + dh, color=colour[g], alpha=0.25,
                                      lw=0)
            level.set_title(lb.SERIES_LABELS[s][lang], loc="left")
            unit = lb.UNIT_WORDS["points"][lang] if SERIES[s][2] == 100 else \
                lb.SERIES_UNITS[s][lang]
            diff.set_title(lb.text("panel_difference", lang,
                                   baseline=names.get(baseline, baseline)) + f" ({unit})",
                           loc="left")
            diff.axhline(0, color="#444444", lw=0.8)
            for ax in (level, diff):
                if burn_in_weeks:
                    ax.axvspan(0, burn_in_weeks / WEEKS_PER_YEAR, color="#bbbbbb", alpha=0.3,
                               lw=0)
                ax.grid(lw=0.3, alpha=0.5)
                ax.set_xlim(0, math.ceil(max(w.max() for _, w, _ in d.values())
                                         / WEEKS_PER_YEAR))
        for ax in axes[-1]:
            ax.set_xlabel(lb.text("axis_years", lang))
        handles = [plt.Line2D([], [], color=colour[g], lw=2, label=names.get(g, g),
                              ls="--" if g == baseline else "-") for g in groups]
        if burn_in_weeks:
            handles.append(Patch(color="#bbbbbb", alpha=0.5, label=lb.text("burn_in_band", lang)))
        fig.legend(handles=handles, loc="upper center", ncol=min(len(handles), 4),
                   frameon=False, bbox_to_anchor=(0.5, 1.0))
        fig.tight_layout(rect=(0, 0, 1, 1 - 0.6 / (2.6 * len(series) + 1.0)))
        fig.savefig(path, dpi=110)
        plt.close(fig)
    return path


def difference_figure(rows: list, baseline: str, path: Path, *, lang: str = "en",
                      names: dict[str, str] | None = None) -> tuple[Path, list[str]]:
    """Each metric's paired difference from the baseline in % of its mean, with 95% CI.

    Returns the path and the metrics left out (their percentage would mean nothing: a
    baseline about zero, an index), as the words the note under the figure uses.
    """
    names = names or {}
    groups = list(dict.fromkeys(r.scenario for r in rows if r.scenario != baseline))
    metrics = list(dict.fromkeys(r.metric for r in rows if r.scenario == baseline))
    shown, left_out = [], []
    for m in metrics:
        mine = [r for r in rows if r.metric == m and r.scenario != baseline]
        if mine and all(math.isnan(r.rel) for r in mine):
            from sim.outputs.metrics import METRICS

            kind = "left_out_index" if METRICS[m].quantity == "index" else "left_out_zero"
            left_out.append(lb.text(kind, lang, name=lb.metric_name(m, lang),
                                   baseline=names.get(baseline, baseline)))
        elif mine:
            shown.append(m)
    colour = _colours([baseline, *groups], baseline)
    height = 0.34 * len(shown) * (max(len(groups), 1) + 0.7) + 1.6
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(10, height))
        y = 0.0
        ticks, tick_labels = [], []
        for m in shown:
            ys = []
            for g in groups:
                r = next((r for r in rows if r.scenario == g and r.metric == m), None)
                if r is None or math.isnan(r.rel):
                    continue
                lo = r.rel if math.isnan(r.rel_lo) else r.rel_lo
                hi = r.rel if math.isnan(r.rel_hi) else r.rel_hi
                ax.errorbar(100 * r.rel, y, xerr=[[100 * (r.rel - lo)], [100 * (hi - r.rel)]],
                            fmt="o", color=colour[g], capsize=3, ms=5)
                ys.append(y)
                y += 1
            if ys:
                ticks.append(sum(ys) / len(ys))
                tick_labels.append(textwrap.fill(lb.metric_name(m, lang), 40))
            y += 0.7
        ax.axvline(0, color="#444444", lw=0.8)
        ax.set_yticks(ticks, tick_labels)
        ax.invert_yaxis()
        ax.set_xlabel(lb.text("axis_relative", lang, baseline=names.get(baseline, baseline)))
        ax.grid(axis="x", lw=0.3, alpha=0.5)
        handles = [plt.Line2D([], [], color=colour[g], marker="o", lw=0,
                              label=names.get(g, g)) for g in groups]
        if handles:
            ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0),
                      ncol=min(len(handles), 4), frameon=False)
        note = lb.text("left_out", lang, names="; ".join(left_out)) if left_out else ""
        if note:
            fig.text(0.01, 0.005, textwrap.fill(note, 120), fontsize=FONT, va="bottom")
        fig.tight_layout(rect=(0, 0.9 / height if note else 0, 1, 1))
        fig.savefig(path, dpi=110, bbox_inches="tight")  # long metric names stay whole
        plt.close(fig)
    return path, left_out
