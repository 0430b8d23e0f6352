"""Care delivery as a whole: accounting invariants on full runs and directional effects.

Each directional test compares runs that share a seed: with named random streams, the
only systematic difference between them is the lever that was moved.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from sim.model import CareModel
from sim.outputs.run import care_summary
from sim.population.residents import NURSING_HOME
from tests.conftest import make_config

SMALL = {"municipality.population": 10_000, "municipality.neighbourhoods": 6}


class Watched(CareModel):
    """A model that checks the care invariants after every week."""

    def step(self) -> None:
        super().step()
        self.check_invariants()

    def check_invariants(self) -> None:
        care, pop, inf, res = self.care, self.pop, self.informal, self.residential
        care.check()  # needed = self + informal + formal + vouchers + residential + unmet
        assert (care.need[~pop.alive] == 0).all(), "the dead need no care"
        gave = inf.hours_given
        assert (gave <= inf.limit + 1e-3).all(), "a carer gave more than capacity + stretch"
        assert (inf.limit <= inf.capacity * (1 + max(inf.cfg.stretch)) + 1e-3).all()
        for svc in self.homecare.services:
            assert svc.delivered_week <= svc.capacity_week + 1e-3
            assert svc.capacity_week <= self.workforce.available_hours(svc.employer) + 1e-3
        for home in res.homes:
            assert home.occupancy <= home.places
        in_wzc = pop.alive & (pop.dwelling == NURSING_HOME)
        assert in_wzc.sum() == sum(h.occupancy for h in res.homes), "WZC count mismatch"
        lived_in_wzc = pop.alive & ~self.last_week.at_home  # at the start of this week
        assert (care.covered["informal"][lived_in_wzc] == 0).all()
        assert (care.unmet[lived_in_wzc] < 1e-3).all()


@pytest.fixture(scope="module")
def watched() -> Watched:
    model = Watched(make_config(seed=21, years=2, **SMALL))
    model.run()
    return model


def test_invariants_hold_every_week(watched):
    assert watched.recorder.weeks_done == 104


def test_every_person_counted_once_in_care_tables(watched):
    rec, ses = watched.recorder, watched.by_ses
    by_buurt = rec.total("residents")
    by_ses = ses.data[:, :, ses.index["residents"]].sum(axis=1)
    by_age = sum(rec.total(g) for g in ("pop_0_17", "pop_18_64", "pop_65_79", "pop_80plus"))
    assert np.array_equal(by_buurt, by_ses) and np.array_equal(by_buurt, by_age)
    split = sum(rec.total(f"hours_{k}") for k in ("self", "informal", "formal", "vouchers",
                                                   "residential", "unmet"))
    assert np.allclose(split, rec.total("hours_needed"), rtol=1e-4)


def test_same_seed_same_care_results():
    a = CareModel(make_config(seed=4, years=1, **SMALL))
    b = CareModel(make_config(seed=4, years=1, **SMALL))
    a.run(), b.run()
    for r1, r2 in ((a.recorder, b.recorder), (a.by_ses, b.by_ses), (a.system, b.system)):
        assert np.array_equal(r1.data, r2.data)


def _run(years: int = 3, seed: int = 8, setup=None, **over) -> CareModel:
    model = CareModel(make_config(seed=seed, years=years, **SMALL, **over))
    if setup:
        setup(model)
    model.run()
    return model


@pytest.fixture(scope="module")
def baseline() -> CareModel:
    return _run()


def _total(model, name: str) -> float:
    return float(model.recorder.total(name).sum())


class _Pooled:
    """Totals of several runs added up, with the recorder interface ``_total`` reads.

    ``registrations`` counts the nursing-home registrations of the runs by reason (from the
    events table, so the runs must write it).
    """

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.recorder = self
        self.registrations: Counter[str] = Counter()

    def add(self, model: CareModel) -> None:
        for name in model.recorder.names:
            self.totals[name] = self.totals.get(name, 0.0) + float(
                model.recorder.total(name).sum())
        cols, events = model.events.columns(), model.events
        registered = np.asarray(cols["event"]) == events.kind_names.index("wzc_registration")
        self.registrations.update(events.reason_names[r] for r in cols["reason"][registered])

    def total(self, name: str) -> np.ndarray:
        return np.asarray([self.totals[name]])


def _pooled_cut(seeds: tuple[int, ...] = (8, 9, 10), **over) -> tuple[_Pooled, _Pooled]:
    """Totals of fixed seeds of a 20,000-resident town, without and with home care."""
    town = {"municipality.population": 20_000, "municipality.neighbourhoods": 12,
            "output.events": True, **over}
    no_home_care = {"homecare.gezinszorg_contingent_factor": 0.0,
                    "homecare.thuisverpleging_contingent_factor": 0.0}
    base, cut = _Pooled(), _Pooled()
    for seed in seeds:
        for runs, extra in ((base, {}), (cut, no_home_care)):
            model = CareModel(make_config(seed=seed, years=3, **town, **extra))
            model.run()
            runs.add(model)
    return base, cut


def test_fewer_contingent_hours_mean_more_unmet_need_carer_overload_and_admissions():
    """docs/domain.md mechanism 4: home care that falls short leaves need unmet, pushes hours onto
    carers (more of them overloaded) and leads to nursing-home registrations and admissions.

    Carer overload and admissions are second-order effects that one small town drowns in
    chance, so fixed seeds of a 20,000-resident town are pooled, with places free (80 per
    1,000 65+), so that more demand can show as admissions: six seeds, since the effect on
    admissions is about +1.5% and three seeds' chance is about as large (seeds 8-10 gave
    658 -> 657, seeds 11-13 643 -> 664, on 7 December 2026). Since terminal decline is on,
    more than half of the registrations come at the onset of decline, which home care does
    not change (pooled 740 -> 744); the registrations for reasons at home (persistent unmet
    need, a lost carer, a crisis, severe need, dementia) rise 578 -> 599, and admissions
    1,301 -> 1,321. With the homes as full as today the cut changes registrations within
    chance, so that is not asserted: home care covers about 7% of needed hours, a weak link
    noted in docs/ODD.md (Calibration).
    """
    base, cut = _pooled_cut()
    assert _total(cut, "hours_formal") == 0
    assert _total(cut, "hours_unmet") > 1.05 * _total(base, "hours_unmet")
    base, cut = _pooled_cut(seeds=(8, 9, 10, 11, 12, 13),
                            **{"residential.wzc_places_per_1000_65plus": 80.0})
    assert _total(cut, "hours_unmet") > 1.05 * _total(base, "hours_unmet")
    assert _total(cut, "hours_informal") > 1.02 * _total(base, "hours_informal")
    assert _total(cut, "carers_overloaded") > 1.02 * _total(base, "carers_overloaded")
    at_home = ("persistent_unmet", "lost_carer", "crisis", "severe_need", "dementia")
    assert sum(cut.registrations[r] for r in at_home) > \
        sum(base.registrations[r] for r in at_home)
    assert _total(cut, "admissions") > _total(base, "admissions")
    assert _total(cut, "crises") > _total(base, "crises")


def test_less_home_care_means_longer_home_care_waiting(baseline):
    cut = _run(**{"homecare.gezinszorg_contingent_factor": 0.3,
                  "homecare.thuisverpleging_contingent_factor": 0.3})
    assert _total(cut, "hours_formal") < 0.5 * _total(baseline, "hours_formal")
    assert _total(cut, "waiting_home_care") > 1.2 * _total(baseline, "waiting_home_care")


def test_fewer_nursing_home_places_mean_longer_waiting_lists(baseline):
    places = make_config().residential.wzc_places_per_1000_65plus
    fewer = _run(**{"residential.wzc_places_per_1000_65plus": places * 0.6})
    assert fewer.system.total("wzc_places")[0] < baseline.system.total("wzc_places")[0]
    assert fewer.system.total("wzc_waiting").mean() > baseline.system.total("wzc_waiting").mean()
    assert _total(fewer, "severe_at_home") > _total(baseline, "severe_at_home")


def test_staff_shock_means_more_unmet_need_and_workload(baseline):
    def shock(model: CareModel) -> None:
        model.workforce.absence_shock = 0.3

    hit = _run(setup=shock)
    assert _total(hit, "hours_formal") < _total(baseline, "hours_formal")
    assert _total(hit, "hours_unmet") > _total(baseline, "hours_unmet")
    for t in ("family_care_worker", "home_nurse"):
        assert hit.system.total(f"{t}_workload").mean() > baseline.system.total(
            f"{t}_workload").mean()


def test_summary_shares_add_up_and_equity_is_defined(baseline):
    s = care_summary(baseline)
    total = sum(s[f"share_{k}"] for k in ("self", "informal", "formal", "vouchers",
                                           "residential", "unmet"))
    assert total == pytest.approx(1.0, abs=1e-4)
    assert 0 < s["wzc_occupancy_mean"] <= 1
    assert s["equity_unmet_ratio"] > 1, "the lowest SES quintile should have more unmet need"
