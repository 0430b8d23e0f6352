"""Intervals that respect a metric's range, checked on synthetic data with known truth."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.analysis.compare import bounded_ci, compare, mean_ci
from sim.engine.metric import BOUNDS, QUANTITIES
from sim.outputs.metrics import METRICS, SUMMARY

R = 2000  # synthetic experiments per check


def _coverage(draw, truth: float, quantity: str, n: int, seed: int = 0):
    """Share of R intervals that cover ``truth``, and every interval's ends."""
    rng = np.random.default_rng(seed)
    hits, ends = 0, []
    for _ in range(R):
        _, lo, hi = bounded_ci(draw(rng, n), quantity)
        hits += lo <= truth <= hi
        ends.append((lo, hi))
    return hits / R, np.array(ends)


@pytest.mark.parametrize("name, draw, truth, quantity", [
    ("share near 0", lambda r, n: r.beta(2, 98, n), 0.02, "share"),
    ("share near 1", lambda r, n: r.beta(98, 2, n), 0.98, "share"),
    ("mid share", lambda r, n: r.beta(30, 70, n), 0.30, "share"),
    ("money", lambda r, n: r.lognormal(14, 0.3, n), math.exp(14 + 0.3**2 / 2), "money"),
])
@pytest.mark.parametrize("n", [3, 10])
def test_bounded_intervals_keep_the_coverage_and_stay_in_range(name, draw, truth, quantity, n):
    cover, ends = _coverage(draw, truth, quantity, n)
    assert 0.91 < cover < 0.97, (name, n, cover)
    low, high = BOUNDS[quantity]
    assert (ends >= low).all(), "an interval below what the metric can be"
    if high is not None:
        assert (ends <= high).all(), "an interval above 100%"


def test_a_small_count_never_gets_a_negative_lower_bound_and_loses_no_coverage():
    """Waiting lists near zero (gamma, shape 0.7): the uncut t interval often goes below 0;
    cutting it there keeps exactly the t interval's coverage (the mean cannot be < 0)."""
    rng = np.random.default_rng(3)
    cut = plain = negative = 0
    for _ in range(R):
        x = rng.gamma(0.7, 1.0, 5)
        _, lo, hi = bounded_ci(x, "count")
        _, tlo, thi = mean_ci(x)
        cut += lo <= 0.7 <= hi
        plain += tlo <= 0.7 <= thi
        negative += tlo < 0
        assert lo >= 0
    assert cut == plain
    assert negative > R / 4  # the case the cut is for is common


def test_the_percentile_bootstrap_covers_too_rarely_at_a_sweeps_few_seeds():
    """Why the report uses the cut t interval: at 5 seeds the percentile bootstrap of the
    mean covers a share's true mean about 84% of the time, the t interval about 95%."""
    rng = np.random.default_rng(5)
    boot = t = 0
    for _ in range(R):
        x = rng.beta(30, 70, 5)
        means = x[rng.integers(0, 5, (400, 5))].mean(axis=1)
        lo, hi = np.percentile(means, [2.5, 97.5])
        boot += lo <= 0.3 <= hi
        _, tlo, thi = bounded_ci(x, "share")
        t += tlo <= 0.3 <= thi
    assert boot / R < 0.88 < 0.93 < t / R


def test_paired_differences_keep_their_coverage():
    """Scenario = baseline + 0.01 with the seed noise shared (and a little of its own)."""
    rng = np.random.default_rng(7)
    hits = 0
    for _ in range(R):
        town = rng.beta(20, 80, 6)
        base = {s: {"share_unmet": v} for s, v in enumerate(town)}
        pol = {s: {"share_unmet": v - 0.01 + rng.normal(0, 0.004)} for s, v in enumerate(town)}
        row = compare({"status_quo": base, "p": pol}, "status_quo", ("share_unmet",))[1]
        hits += row.diff_lo <= -0.01 <= row.diff_hi
    assert 0.93 < hits / R < 0.97


def test_relative_differences_only_for_a_baseline_clearly_above_zero_and_not_below_100():
    big = {s: {"carer_fte_lost_men_total": v} for s, v in enumerate([1.2, 2.4, 1.4])}
    less = {s: {"carer_fte_lost_men_total": v} for s, v in enumerate([0.0, 2.6, 0.0])}
    row = compare({"status_quo": big, "p": less}, "status_quo",
                  ("carer_fte_lost_men_total",))[1]
    assert row.diff_lo / 1.6667 < -1, "the uncut relative interval would pass -100%"
    assert row.rel == pytest.approx(row.diff / np.mean([1.2, 2.4, 1.4]))
    assert row.rel_lo == -1.0 and row.rel_hi > row.rel
    tiny = {s: {"wzc_waiting_mean": v} for s, v in enumerate([0.0, 0.0, 2.0])}
    more = {s: {"wzc_waiting_mean": v} for s, v in enumerate([0.5, 0.0, 3.0])}
    row = compare({"status_quo": tiny, "p": more}, "status_quo", ("wzc_waiting_mean",))[1]
    assert not math.isnan(row.diff) and math.isnan(row.rel), "no % of a baseline about 0"
    base = compare({"status_quo": tiny, "p": more}, "status_quo", ("wzc_waiting_mean",))[0]
    assert base.lo == 0.0 < base.hi  # the uncut t interval starts below 0
    idx = {s: {"unmet_concentration_index": v} for s, v in enumerate([0.1, 0.12, 0.11])}
    row = compare({"status_quo": idx, "p": idx}, "status_quo",
                  ("unmet_concentration_index",))[1]
    assert math.isnan(row.rel), "an index has no percentage change"


def test_values_the_same_in_every_run_are_marked_and_have_no_spread():
    zero = {s: {"policy_cost_per_year": 0.0} for s in range(3)}
    cost = {s: {"policy_cost_per_year": 5.0 + s} for s in range(3)}
    base, row = compare({"status_quo": zero, "p": cost}, "status_quo",
                        ("policy_cost_per_year",))
    assert base.same_every_run and (base.lo, base.hi) == (0.0, 0.0)
    assert not row.same_every_run and not row.diff_same_every_run and row.clear
    same = compare({"status_quo": zero, "q": zero}, "status_quo", ("policy_cost_per_year",))
    assert same[1].diff_same_every_run and not same[1].clear


def test_every_summary_metric_declares_its_quantity_and_direction():
    for name in SUMMARY:
        m = METRICS[name]
        assert m.quantity in QUANTITIES and m.quantity, name
        assert m.better in (None, "lower", "higher"), name
    assert METRICS["share_unmet"].better == "lower"
    assert METRICS["policy_cost_per_year"].quantity == "money"
