"""Service vouchers (dienstencheques): what they cover, who buys them, what switching them off does.

Runs that are compared share a seed: with named random streams and keyed willingness draws,
the only systematic difference between them is the voucher setting.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import ConfigError, from_container, to_dict
from sim.engine.ledger import HOUSEHOLD, CareWeek
from sim.model import CareModel
from sim.population.residents import NURSING_HOME
from tests.conftest import make_config

SMALL = {"municipality.population": 5_000, "municipality.neighbourhoods": 4}


class Watched(CareModel):
    """A model that checks the voucher invariants after every week."""

    def step(self) -> None:
        super().step()
        care, v, pop = self.care, self.vouchers, self.pop
        care.check()  # need = self + informal + formal + vouchers + residential + unmet
        got = care.covered["vouchers"]
        assert (got[~v.user] == 0).all(), "only users get voucher hours"
        lived_in_wzc = pop.alive & ~self.last_week.at_home  # at the start of this week
        assert (got[lived_in_wzc] == 0).all(), "nursing-home residents buy no vouchers"
        assert (got <= v.cfg.hours_per_household + 1e-4).all()
        # a household's booked hours never exceed the hours it bought
        users = np.flatnonzero(v.user)
        homes, inv = np.unique(pop.household[users], return_inverse=True)
        booked = np.bincount(inv, weights=got[users], minlength=len(homes))
        bought = np.bincount(inv, weights=v.bought[users], minlength=len(homes))
        assert (booked <= bought + 1e-4).all()
        assert np.allclose(bought, v.cfg.hours_per_household, atol=1e-4)
        # only the cleaning part of the household task: at most cleaning_share of it
        state = pop.need + 4 * pop.dementia.astype(np.int8)
        household_need = self.demand.table[HOUSEHOLD, state]
        assert (got <= v.cfg.cleaning_share * household_need + 1e-4).all()


@pytest.fixture(scope="module")
def watched() -> Watched:
    model = Watched(make_config(seed=3, years=2, **SMALL))
    model.run()
    return model


@pytest.fixture(scope="module")
def off() -> CareModel:
    model = CareModel(make_config(seed=3, years=2, **SMALL, **{"vouchers.enabled": False}))
    model.run()
    return model


def _total(model: CareModel, name: str) -> float:
    return float(model.recorder.total(name).sum())


def test_invariants_hold_every_week_and_vouchers_are_used(watched):
    assert watched.recorder.weeks_done == 104
    assert _total(watched, "hours_vouchers") > 0
    share = _total(watched, "voucher_users_65plus_home") / _total(watched,
                                                                 "residents_65plus_home")
    assert 0.10 < share < 0.35


def test_vouchers_cover_only_household_hours():
    model = CareModel(make_config(seed=2, years=1, **SMALL))
    pop, n = model.pop, model.pop.n
    need = np.zeros((4, n), np.float32)
    need[:, :] = 3.0  # three open hours in every task for everyone
    care = CareWeek.open(0, need)
    at_home = pop.alive & (pop.dwelling != NURSING_HOME)
    model.vouchers.step(care, at_home)
    left = care.open_by_task()
    got = care.covered["vouchers"]
    assert got.sum() > 0
    for task in range(4):
        if task != HOUSEHOLD:
            assert (left[task] == 3.0).all(), "a voucher hour went to another task"
    assert np.allclose(3.0 - left[HOUSEHOLD], got, atol=1e-5)
    assert (got <= 3.0 * model.cfg.vouchers.cleaning_share + 1e-5).all()
    users = np.flatnonzero(model.vouchers.user)
    homes, inv = np.unique(pop.household[users], return_inverse=True)
    booked = np.bincount(inv, weights=got[users], minlength=len(homes))
    assert (booked <= model.cfg.vouchers.hours_per_household + 1e-4).all()
    assert booked.max() == pytest.approx(model.cfg.vouchers.hours_per_household, abs=1e-4)


def test_uptake_rises_with_ses_at_equal_age_and_need():
    model = CareModel(make_config(seed=2, years=1, **SMALL))
    pop = model.pop
    ids = np.flatnonzero(pop.alive)[:5]
    pop.age[ids], pop.need[ids], pop.ses[ids] = 80, 1, np.arange(5)
    p = model.vouchers.uptake_probability(ids)
    assert (np.diff(p) > 0).all(), p
    assert p[0] == pytest.approx(model.cfg.vouchers.lowest_ses_rr * p[4])


def test_better_off_use_vouchers_more(watched):
    ses = watched.by_ses

    def tot(name):
        return ses.data[: ses.weeks_done, :, ses.index[name]].sum(axis=0)

    share = tot("voucher_users_65plus_home") / tot("residents_65plus_home")
    assert share[4] > 1.2 * share[0], share  # Mattheus effect, net of the need gradient


def test_vouchers_lower_unmet_and_informal_hours(watched, off):
    assert _total(watched, "hours_unmet") < _total(off, "hours_unmet")
    assert _total(watched, "hours_informal") < _total(off, "hours_informal")
    assert _total(off, "hours_vouchers") == 0 and _total(off, "voucher_public_cost") == 0


def test_switched_off_and_zero_uptake_give_the_same_results(off):
    zero = CareModel(make_config(seed=3, years=2, **SMALL,
                                 **{"vouchers.uptake_base": [0.0, 0.0, 0.0]}))
    zero.run()
    for a, b in ((zero.recorder, off.recorder), (zero.by_ses, off.by_ses),
                 (zero.system, off.system)):
        assert np.array_equal(a.data, b.data)


def test_cost_follows_hours_bought(watched):
    c = watched.cfg.costs
    bought = _total(watched, "voucher_hours_bought")
    assert bought > _total(watched, "hours_vouchers"), "hours beyond the need are bought too"
    private = bought * c.voucher_price * (1 - c.voucher_tax_reduction)
    public = bought * (c.voucher_public_per_hour + c.voucher_price * c.voucher_tax_reduction)
    assert _total(watched, "voucher_private_cost") == pytest.approx(private, rel=1e-4)
    assert _total(watched, "voucher_public_cost") == pytest.approx(public, rel=1e-4)


@pytest.mark.parametrize(("key", "value"), [
    ("cleaning_share", 1.5), ("hours_per_household", -1.0), ("need_rr", [1.0, 2.0]),
    ("uptake_ages", [65.0, 18.0, 80.0]), ("price_elasticity", 0.5),
])
def test_bad_settings_stop_with_one_line(key, value):
    data = to_dict(make_config())
    data["vouchers"][key] = value
    with pytest.raises(ConfigError) as err:
        from_container(data)
    assert "vouchers." in str(err.value) and "\n" not in str(err.value)
