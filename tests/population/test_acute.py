"""Hospital stays and post-hospital home-nursing episodes (sim/population/acute.py)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import ConfigError, from_container, to_dict
from sim.engine.units import WEEKS_PER_YEAR
from sim.model import CareModel
from sim.population.acute import AcuteConfig, AcuteEpisodes
from sim.population.residents import NURSING_HOME
from tests.conftest import make_config

TOWN = {"municipality.population": 4000, "years": 3, "seed": 5}


def _run(**over) -> CareModel:
    model = CareModel(make_config(**{**TOWN, **over}))
    model.run()
    return model


def _patients(model: CareModel) -> float:
    """Distinct home-nursing patients a year (completed years after the first)."""
    recs = model.homecare.year_records[1:]
    return sum(r["thuisverpleging_clients"] for r in recs) / len(recs)


@pytest.fixture(scope="module")
def runs() -> dict[str, CareModel]:
    return {"none": _run(**{"acute.referral": [0.0, 0.0]}),
            "default": _run(),
            "more_referral": _run(**{"acute.referral": [0.1, 0.5]}),
            "more_stays": _run(**{"acute.stays_per_year": [0.26, 0.72]})}


def test_more_referral_or_more_stays_give_more_home_nursing_patients(runs):
    none, default = _patients(runs["none"]), _patients(runs["default"])
    assert none < default < _patients(runs["more_referral"])
    assert default < _patients(runs["more_stays"])


def test_short_episodes_lower_the_share_of_a_years_patients_seen_in_a_month(runs):
    ratio = {k: m.homecare.yearly_rates()["thuisverpleging_month_year_ratio"]
             for k, m in runs.items()}
    assert 1 / 12 < ratio["more_referral"] < ratio["default"] < ratio["none"] < 1


def test_without_referral_there_are_stays_but_no_episodes(runs):
    model = runs["none"]
    assert model.acute.current.ids.size == 0
    assert (model.acute.episode_left == 0).all()
    assert model.system.total("hospital_stays").sum() > 0
    assert model.system.total("nursing_episode_starts").sum() == 0
    assert runs["default"].system.total("nursing_episode_starts").sum() > 0


def test_stays_per_year_match_the_band_rates_on_average():
    """The need ratio shifts who has a stay, not how many: the yearly rate per band holds."""
    model = CareModel(make_config(**{"municipality.population": 20000, "years": 1}))
    acute, pop = model.acute, model.pop
    counts = np.zeros(pop.n)
    for week in range(WEEKS_PER_YEAR):
        acute.step(week)
        counts[acute.last_stays] += 1
    old = pop.alive & (pop.age >= 65)
    assert counts[old].sum() / old.sum() == pytest.approx(0.36, rel=0.12)
    young = pop.alive & (pop.age < 65)
    assert counts[young].sum() / young.sum() == pytest.approx(0.13, rel=0.12)
    # and severe need has more stays than none, within the 65+
    sev, no = old & (pop.need == 3), old & (pop.need == 0)
    assert counts[sev].mean() > 1.5 * counts[no].mean()


def _module(model: CareModel, **cfg) -> AcuteEpisodes:
    return AcuteEpisodes(AcuteConfig(**cfg), model.pop, visit_hours=0.25)


def test_an_episode_ends_and_nobody_outside_home_gets_one():
    model = CareModel(make_config(**{"municipality.population": 3000, "years": 1}))
    pop = model.pop
    wzc = np.flatnonzero(pop.alive)[:200]
    pop.dwelling[wzc] = NURSING_HOME
    acute = _module(model, stays_per_year=[20.0, 20.0], referral=[1.0, 1.0],
                    episode_weeks=3.0)
    first = acute.step(0)
    assert first.ids.size > 0
    assert not np.isin(first.ids, wzc).any(), "an episode in a nursing home"
    assert (pop.dwelling[first.ids] != NURSING_HOME).all() and pop.alive[first.ids].all()
    np.testing.assert_allclose(first.hours, 4 * 0.25)
    # Admitted to a nursing home mid-episode: it ends the next week.
    moved = first.ids[:20]
    pop.dwelling[moved] = NURSING_HOME
    acute.cfg.stays_per_year = [0.0, 0.0]  # from next year on: no new stays
    counts = [acute.step(w).ids.size for w in range(WEEKS_PER_YEAR, 3 * WEEKS_PER_YEAR)]
    assert not np.isin(acute.current.ids, moved).any()
    assert (acute.episode_left[moved] == 0).all()
    assert all(b <= a for a, b in zip(counts, counts[1:], strict=False)), "episodes grew"
    assert counts[-1] == 0, "episodes never ended"


def test_the_ledger_identity_holds_with_episodes_and_their_hours_are_need():
    model = CareModel(make_config(**{"municipality.population": 3000, "years": 1,
                                     "acute.referral": [0.5, 0.8]}))
    model.check_ledger = True  # asserts need = self + informal + formal + ... + unmet weekly
    seen = 0
    for _ in range(30):
        model.step()
        ep, care = model.acute.current, model.care
        seen += ep.ids.size
        assert (care.need[ep.ids] >= ep.hours - 1e-5).all()
        # at home when the week's ledger opened: those not at home now were admitted to a
        # nursing home later this week (their episode ends next week)
        at_home = model.pop.alive & (model.pop.dwelling != NURSING_HOME)
        admitted = model.last_week.admitted
        away = ep.ids[~at_home[ep.ids]]
        assert np.isin(away, admitted if admitted is not None else []).all()
    assert seen > 0


def test_episodes_are_taken_up_by_home_nursing():
    model = CareModel(make_config(**{"municipality.population": 3000, "years": 1,
                                     "acute.referral": [0.5, 0.8]}))
    served = total = 0
    for _ in range(20):
        model.step()
        ep = model.acute.current
        served += int((model.homecare.hours_by_kind["thuisverpleging"][ep.ids] > 0).sum())
        total += ep.ids.size
    assert total > 0 and served / total > 0.8


def test_the_same_seed_gives_the_same_stays_and_episodes():
    a = CareModel(make_config(**{"municipality.population": 2000, "years": 1}))
    b = CareModel(make_config(**{"municipality.population": 2000, "years": 1}))
    for _ in range(15):
        a.step()
        b.step()
        np.testing.assert_array_equal(a.acute.current.ids, b.acute.current.ids)
    np.testing.assert_array_equal(a.acute.episode_left, b.acute.episode_left)
    assert a.homecare.formal_hours.tolist() == b.homecare.formal_hours.tolist()


@pytest.mark.parametrize(("key", "value"), [("stay_ages", [10.0, 65.0]),
                                            ("stay_ages", [0.0, 65.0, 80.0]),
                                            ("referral", [0.2])])
def test_bad_bands_are_refused(key, value):
    data = to_dict(make_config())
    data["acute"][key] = value
    with pytest.raises(ConfigError, match=f"acute.{key}"):
        from_container(data)
