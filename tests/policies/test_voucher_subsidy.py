"""Sociale dienstencheque: the voucher price lever moves uptake and public cost.

Runs share a seed and the households' willingness draws are keyed, so the only systematic
difference between them is the price the targeted users pay.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import ConfigError, from_container, to_dict
from sim.model import CareModel
from tests.conftest import make_config

SMALL = {"municipality.population": 5_000, "municipality.neighbourhoods": 4}


def _run(**over) -> CareModel:
    model = CareModel(make_config(seed=6, years=2, **SMALL, **over))
    model.run()
    return model


def _by_ses(model: CareModel, name: str) -> np.ndarray:
    ses = model.by_ses
    return ses.data[: ses.weeks_done, :, ses.index[name]].sum(axis=0)


@pytest.fixture(scope="module")
def status_quo() -> CareModel:
    return _run()


@pytest.fixture(scope="module")
def subsidy() -> CareModel:
    return _run(**{"policies.voucher_subsidy.enabled": True,
                   "policies.voucher_subsidy.price_factor": 0.5,
                   "policies.voucher_subsidy.quintiles": 2})


def test_cheaper_vouchers_raise_uptake_of_the_targeted_only(status_quo, subsidy):
    before = _by_ses(status_quo, "voucher_users_65plus_home")
    after = _by_ses(subsidy, "voucher_users_65plus_home")
    assert (after[:2] > 1.2 * before[:2]).all(), (before, after)
    assert np.array_equal(after[2:], before[2:]), "untargeted quintiles are unchanged"


def test_the_subsidy_costs_public_money_and_saves_users_theirs(status_quo, subsidy):
    def total(m, name):
        return float(m.recorder.total(name).sum())

    assert total(subsidy, "voucher_public_cost") > total(status_quo, "voucher_public_cost")
    low_private = _by_ses(subsidy, "voucher_private_cost")[:2].sum()
    low_hours = _by_ses(subsidy, "voucher_hours_bought")[:2].sum()
    c = subsidy.cfg.costs
    net = c.voucher_price * (1 - c.voucher_tax_reduction)
    # 65+ users pay half price; under-65 users of the same quintiles pay in full
    assert 0.5 * net * low_hours <= low_private < net * low_hours
    assert total(subsidy, "hours_unmet") < total(status_quo, "hours_unmet")


def test_a_price_rise_lowers_uptake(status_quo):
    dearer = _run(**{"policies.voucher_subsidy.enabled": True,
                     "policies.voucher_subsidy.price_factor": 1.4,
                     "policies.voucher_subsidy.quintiles": 5,
                     "policies.voucher_subsidy.under_65": True})
    assert (dearer.recorder.total("voucher_users").sum()
            < 0.95 * status_quo.recorder.total("voucher_users").sum())


def test_bad_policy_settings_stop_with_one_line():
    data = to_dict(make_config())
    data["policies"]["voucher_subsidy"]["quintiles"] = 0
    with pytest.raises(ConfigError) as err:
        from_container(data)
    assert "policies.voucher_subsidy.quintiles" in str(err.value)
    assert "\n" not in str(err.value)
