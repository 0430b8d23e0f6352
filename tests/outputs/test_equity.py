"""Unmet need by socio-economic status and as surveys define it, from the run summary."""

from __future__ import annotations

import numpy as np
import pytest

from sim.outputs.run import care_summary, concentration_index


def test_concentration_index_of_known_distributions():
    weight = np.array([1.0, 1.0])
    assert concentration_index(np.array([0.3, 0.3]), weight) == pytest.approx(0.0)
    # All of it in the lower half: f = (1/2, 1/2), ranks (1/4, 3/4), mean 1/2.
    assert concentration_index(np.array([1.0, 0.0]), weight) == pytest.approx(-0.5)
    assert concentration_index(np.array([0.0, 1.0]), weight) == pytest.approx(0.5)
    five = np.full(5, 100.0)
    falling = concentration_index(np.array([0.5, 0.4, 0.3, 0.2, 0.1]), five)
    assert falling < 0 and concentration_index(np.array([0.1, 0.2, 0.3, 0.4, 0.5]),
                                                five) == pytest.approx(-falling)
    assert np.isnan(concentration_index(np.zeros(5), five))
    # An empty group does not count; its rate may be NaN.
    assert concentration_index(np.array([1.0, np.nan, 0.0]), np.array([1.0, 0.0, 1.0])) \
        == pytest.approx(-0.5)


@pytest.fixture(scope="module")
def summary(town_run):
    return care_summary(town_run)


def test_quintile_shares_add_up_to_the_municipality(summary, town_run):
    ses = town_run.by_ses
    needy = ses.data[: ses.weeks_done, :, ses.index["with_need"]].sum(axis=0)
    shares = np.array([summary[f"people_unmet_share_q{q}"] for q in range(1, 6)])
    assert (shares >= 0).all() and (shares <= 1).all()
    assert (shares * needy).sum() / needy.sum() == pytest.approx(summary["people_unmet_share"],
                                                                  rel=1e-9)
    assert -1 < summary["unmet_concentration_index"] < 1


def test_survey_unmet_need_counts_only_limited_older_residents_at_home(summary, town_run):
    rec = town_run.recorder
    limited, unmet = rec.total("limited_65plus_home"), rec.total("unmet_65plus_home")
    assert (unmet <= limited).all() and unmet.sum() > 0
    assert (unmet <= rec.total("people_unmet")).all()
    # Limited older residents at home are fewer than the 65+ with any need (some in a WZC).
    assert limited.sum() < rec.total("need_any_65plus").sum()
    assert 0 < summary["unmet_need_share_65plus_home"] < 1


def test_unmet_need_follows_the_health_gradient_in_the_status_quo(summary):
    """Need and self-care loss are higher in the lower quintiles (the inputs' gradient), so
    unmet need must not end up lower there: the reversal a help-seeking threshold above the
    unmet-need threshold once produced (docs/figures.md §12)."""
    shares = [summary[f"people_unmet_share_q{q}"] for q in range(1, 6)]
    assert shares[0] >= shares[4]
    assert np.mean(shares[:2]) > np.mean(shares[3:])
    assert summary["unmet_concentration_index"] < 0
