"""Formal home care: capacity bounds, contingents, priority rules, take-up, waiting lists."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from sim.care.homecare import (
    GEZINSZORG,
    KINDS,
    THUISVERPLEGING,
    HomeCare,
    HomeCareService,
    direct_hours_per_employed_fte,
    norm_hours,
    staff_demand,
)
from sim.care.selfcare import Demand
from sim.care.workforce import STAFF_TYPES, Workforce
from sim.config import ConfigError, HomeCareConfig
from sim.engine.ledger import NURSING, task_mask
from sim.model import CareModel
from sim.population.residents import NURSING_HOME, Population
from tests.conftest import make_config

HOUSEHOLD_MASK = task_mask(["household"])


@pytest.fixture(scope="module")
def town() -> CareModel:
    """A 6,000-resident town, constructed only: the tests drive home care themselves."""
    return CareModel(make_config(seed=3, **{"municipality.population": 6000}))


def _hc_cfg(**over) -> HomeCareConfig:
    """Settings for the harness: the list starts empty (no settled first list), so the
    waiting mechanics are seen from their first week."""
    return dataclasses.replace(HomeCareConfig(settle_first_list=False), **over)


class Run:
    """A fresh Workforce and HomeCare on ``model``'s (fixed) population, driven weekly.

    Residents with an even id get one hour of informal household help each week, so the
    "no informal care" priority has something to act on. Needs are not stepped: every
    week asks for the same care, and tests do not disturb each other's population.
    """

    def __init__(self, model: CareModel, cfg: HomeCareConfig | None = None, *, seed: int = 1,
                 shock: float = 0.0) -> None:
        self.model, self.pop = model, model.pop
        self.wf = Workforce(model.cfg.workforce, rng=np.random.default_rng(seed))
        self.hc = HomeCare(model, cfg or _hc_cfg(), model.pop, self.wf,
                           rng=np.random.default_rng(seed + 1000))
        self.wf.absence_shock = shock
        c = model.cfg
        self.demand = Demand(c.selfcare, c.needs.hours_per_level, c.needs.dementia_extra_hours)
        self.week = 0
        self.records: list[dict] = []

    def open_week(self):
        pop = self.pop
        at_home = pop.alive & (pop.dwelling != NURSING_HOME)
        care = self.demand.open_week(self.week, pop, at_home)
        informal = np.where(np.arange(pop.n) % 2 == 0, 1.0, 0.0).astype(np.float32)
        ids = np.flatnonzero(at_home)
        care.give("informal", HOUSEHOLD_MASK, informal[ids], ids)
        return care

    def step(self, *, signalled: np.ndarray | None = None):
        self.wf.step(self.week)
        care = self.open_week()
        self.hc.step(care, signalled=signalled)
        care.check()
        rec = {"care": care, "week": self.week}
        for svc in self.hc.services:
            rec[svc.name] = dict(delivered=svc.delivered_week, contingent=svc.contingent_week,
                                 capacity=svc.capacity_week, demand=svc.demand_week,
                                 staff=self.wf.available_hours(svc.employer),
                                 workload=float(self.wf.workload[svc.employer]),
                                 waiting=svc.waiting_count)
        rec["waiting"] = int(self.hc.waiting.sum())
        rec["formal"] = float(care.covered["formal"].sum())
        self.records.append(rec)
        self.week += 1
        return care

    def run(self, weeks: int) -> Run:
        for _ in range(weeks):
            self.step()
        return self

    def total(self, key: str, service: str | None = None) -> float:
        if service is not None:
            return float(sum(r[service][key] for r in self.records))
        return float(sum(r[key] for r in self.records))

    def scarce(self, kind: str = GEZINSZORG, factor: float = 0.05) -> Run:
        """Cut a kind's contingent without touching its staff (capacity for a few)."""
        self.hc.set_contingent_factor(kind, factor, hire=False)
        return self

    def service(self, kind: str) -> HomeCareService:
        return self.hc.by_kind[kind][0]


# -- capacity and the ledger ----------------------------------------------------------------


@pytest.mark.parametrize(("shock", "margin"), [(0.0, 0.3), (0.5, 0.0)])
def test_delivered_within_contingent_and_staff_every_week(town, shock, margin):
    r = Run(town, _hc_cfg(staff_margin=margin), shock=shock)
    binding = {"staff": 0, "contingent": 0}
    for _ in range(16):
        care = r.step()
        hc = r.hc
        assert np.allclose(hc.formal_hours, care.covered["formal"], atol=1e-4)
        assert np.array_equal(hc.client, hc.formal_hours > 0)
        assert not hc.formal_hours[~town.pop.alive | (town.pop.dwelling == NURSING_HOME)].any()
        for svc in hc.services:
            rec = r.records[-1][svc.name]
            assert rec["delivered"] <= rec["staff"] + 1e-3
            assert rec["delivered"] <= rec["demand"] + 1e-3
            if rec["demand"] > rec["capacity"] + 1:  # excess demand: capacity is all used
                assert rec["delivered"] == pytest.approx(rec["capacity"], rel=1e-4)
            if svc.kind == THUISVERPLEGING:  # paid per act: only the staff bound it
                assert rec["capacity"] == pytest.approx(max(rec["staff"], 0.0))
                continue
            assert rec["delivered"] <= rec["contingent"] + 1e-3
            assert rec["capacity"] == pytest.approx(min(rec["contingent"], rec["staff"]))
            binding["staff" if rec["staff"] < rec["contingent"] else "contingent"] += 1
    # The shock makes staff the binding constraint; spare staff leave the contingent binding.
    assert binding["staff" if shock else "contingent"] > 0


def test_each_service_books_only_its_tasks(town):
    r = Run(town, _hc_cfg(thuisverpleging_contingent_factor=0.0))
    care = r.open_week()
    nursing_before = care.open_by_task()[NURSING]
    r.wf.step(0)
    r.hc.step(care)
    assert np.array_equal(care.open_by_task()[NURSING], nursing_before), "family care did nursing"
    assert r.service(GEZINSZORG).delivered_week > 0
    assert r.service(THUISVERPLEGING).delivered_week == 0


# -- contingents ----------------------------------------------------------------------------


def test_contingents_follow_the_programming_norm(town):
    cfg = HomeCareConfig()
    r = Run(town, cfg)
    pop = town.pop
    programmed = norm_hours(pop.age[pop.alive], cfg).sum()
    assert r.service(GEZINSZORG).contingent_year == pytest.approx(programmed * 0.753)
    per_inh = programmed / pop.alive.sum()
    assert 2.5 < per_inh < 5.0, "Flanders: 23.5 M h programmed for ~6.6 M inhabitants (2018)"
    # Home nursing: patients x visits x visit length, here about 0.5-1.5 h per inhabitant.
    nursing = r.service(THUISVERPLEGING).contingent_year / pop.alive.sum()
    assert 0.5 < nursing < 1.5
    # Two providers per kind split the contingent and the clients.
    two = Run(town, _hc_cfg(gezinszorg_providers=2)).run(2)
    a, b = two.hc.by_kind[GEZINSZORG]
    assert a.contingent_year == pytest.approx(r.service(GEZINSZORG).contingent_year / 2)
    assert not np.intersect1d(a.requesters, b.requesters).size
    assert a.delivered_week > 0 and b.delivered_week > 0


def test_yearly_resizes_contingents_and_staff_targets_to_an_older_town():
    model = CareModel(make_config(seed=5, **{"municipality.population": 2000}))
    r = Run(model).run(3)
    svc = r.service(GEZINSZORG)
    before, target_before = svc.contingent_year, float(r.wf.target_fte[svc.employer])
    assert svc.delivered_year > 0
    model.pop.age[model.pop.alive] += 10.0
    r.hc.yearly(52)
    assert svc.contingent_year > 1.3 * before
    assert float(r.wf.target_fte[svc.employer]) > 1.3 * target_before
    assert svc.delivered_year == 0 and svc.entitled_year == 0


def test_contingent_share_catches_up_within_the_year_only():
    svc = HomeCareService.__new__(HomeCareService)
    svc.contingent_year, svc.contingent_factor = 5200.0, 1.0
    svc.entitled_year, svc.delivered_year = 0.0, 0.0
    assert svc.contingent_share(0, catch_up_max=0.25) == pytest.approx(100.0)
    svc.entitled_year, svc.delivered_year = 2600.0, 2340.0  # 260 h unused after 26 weeks
    assert svc.contingent_share(26, catch_up_max=0.25) == pytest.approx(110.0)
    assert svc.contingent_share(26, catch_up_max=0.0) == pytest.approx(100.0)
    svc.delivered_year = 0.0  # a large backlog is capped at +25%
    assert svc.contingent_share(51, catch_up_max=0.25) == pytest.approx(125.0)
    svc.contingent_factor = 1.2
    assert svc.contingent_share(0, catch_up_max=0.0) == pytest.approx(120.0)


# -- directional effects ----------------------------------------------------------------------


def test_lower_contingent_means_less_formal_care_and_longer_waiting(town):
    full = Run(town).run(12)
    cut = Run(town, _hc_cfg(gezinszorg_contingent_factor=0.5)).run(12)
    name = cut.service(GEZINSZORG).name
    assert cut.total("formal") < 0.85 * full.total("formal")
    assert cut.total("delivered", name) < 0.7 * full.total("delivered", name)
    assert cut.total("waiting", name) > 1.05 * full.total("waiting", name)
    assert cut.total("waiting") > full.total("waiting")
    # More contingent, more unique clients (as registers count them: anyone served).
    k = KINDS.index(GEZINSZORG)
    assert cut.hc.served_year[k].sum() < 0.8 * full.hc.served_year[k].sum()


def test_fewer_staff_means_less_delivered_more_waiting_higher_workload(town):
    base = Run(town).run(8)
    short = Run(town, shock=0.4).run(8)
    assert short.total("formal") < 0.8 * base.total("formal")
    assert short.total("waiting") > base.total("waiting")
    for svc in base.hc.services:
        wl_base = np.mean([rec[svc.name]["workload"] for rec in base.records])
        wl_short = np.mean([rec[svc.name]["workload"] for rec in short.records])
        assert wl_short > wl_base + 0.1, svc.name  # (the workforce caps workload)


def test_staff_demand_counts_queue_pressure_of_the_requests_beyond_the_staff_hours():
    # Within the staff's hours the requests are their work, whatever the pressure.
    assert staff_demand(80.0, 100.0, queue_pressure=0.25) == 80.0
    # Beyond them only queue_pressure of the excess: 100 + 0.25 x 100.
    assert staff_demand(200.0, 100.0, queue_pressure=0.25) == pytest.approx(125.0)
    assert staff_demand(200.0, 100.0, queue_pressure=1.0) == 200.0  # the old rule
    assert staff_demand(200.0, 100.0, queue_pressure=0.0) == 100.0
    assert staff_demand(5.0, 0.0, queue_pressure=0.25) == pytest.approx(1.25)


def test_queue_pressure_sets_the_workload_of_a_short_team(town):
    """Staff short (40% absent): a lower queue_pressure, a lower workload, still above 1."""
    def workload(pressure: float) -> float:
        r = Run(town, _hc_cfg(queue_pressure=pressure), shock=0.4).run(6)
        name = r.service(THUISVERPLEGING).name
        return float(np.mean([rec[name]["workload"] for rec in r.records[1:]]))

    low, high = workload(0.25), workload(1.0)
    assert 1.0 < low < high - 0.2


def test_home_nursing_posts_cover_the_normal_vacancy_family_care_posts_do_not(town):
    """Home nursing: target = employed FTE for its volume / (1 - initial vacancy)."""
    r = Run(town)
    wcfg = town.cfg.workforce
    for kind, gross in ((THUISVERPLEGING, True), (GEZINSZORG, False)):
        svc = r.service(kind)
        staff_type = STAFF_TYPES[r.wf.employers.staff_type[svc.employer]]
        employed = svc.contingent_year / 52 / direct_hours_per_employed_fte(wcfg, staff_type)
        vacancy = wcfg.initial_vacancy[STAFF_TYPES.index(staff_type)]
        expected = employed / (1 - vacancy) if gross else employed
        assert float(r.wf.target_fte[svc.employer]) == pytest.approx(expected, rel=1e-9), kind


@pytest.mark.parametrize("seed", [0, 1])
def test_home_nurses_stay_near_the_staff_their_volume_needs(seed):
    """The default town (about 20 FTE of home nurses), 5 years: in every year the home
    nurses stay above 80% of the employed FTE their volume needs, never above their posts,
    and their workload near 1. Until 2026-12-07 they drained to about half (seed 0: 18.6 ->
    8.9 FTE in 4 years, workload at its cap 1.5). The team is about 27 people of 0.74 FTE,
    hired and lost one at a time: with deaths replaced through the year (7.1) seed 1's
    lowest year is 0.834 (0.86 before), so the margin is 20%, not 15%. (A town of 8,000
    has a team of about ten people, whose year-to-year swings are larger still.)"""
    years = 5
    model = CareModel(make_config(seed=seed, years=years))
    model.run()
    svc = model.homecare.by_kind[THUISVERPLEGING][0]
    vacancy = model.cfg.workforce.initial_vacancy[STAFF_TYPES.index("home_nurse")]
    target = float(model.workforce.target_fte[svc.employer])
    fte = model.system.total("home_nurse_fte").reshape(years, 52).mean(axis=1)
    workload = model.system.total("home_nurse_workload").reshape(years, 52).mean(axis=1)
    # Year 0's staff were sized for the published volume; from the first re-sizing on,
    # for the hours asked (paid per act), which the last year's target stands for. Nobody
    # is dismissed, so year 1 is still shrinking (seed 0: 18.9 FTE against 17.6) and the
    # check starts in year 2.
    fte, workload = fte[2:], workload[2:]
    ratio = fte / (target * (1 - vacancy))
    assert np.all(ratio > 0.8) and np.all(fte < target + 0.5), (ratio, fte, target)
    assert np.all(workload < 1.15), workload


# -- priority rules -------------------------------------------------------------------------


def test_scarce_capacity_goes_to_severe_need_without_informal_care(town):
    r = Run(town, _hc_cfg(weight_dementia=0.0, weight_low_ses=0.0)).scarce()
    care = r.step()
    svc = r.service(GEZINSZORG)
    pop = town.pop
    req, got = svc.requesters, svc.given
    top = (pop.need[req] == 3) & (care.covered["informal"][req] == 0)
    served = req[got > 0]
    assert 0 < len(served) < top.sum(), "capacity must bind within the top group"
    assert (pop.need[served] == 3).all()
    assert (care.covered["informal"][served] == 0).all()
    # Default weights (dementia and low SES count too): still skewed the same way.
    r = Run(town).scarce(factor=0.3)
    care = r.step()
    svc = r.service(GEZINSZORG)
    req, served = svc.requesters, svc.requesters[svc.given > 0]
    assert pop.need[served].mean() > pop.need[req].mean() + 0.3
    informal = care.covered["informal"]
    assert (informal[served] > 0).mean() < (informal[req] > 0).mean() - 0.2


def test_priority_weights_are_configurable(town):
    only_ses = _hc_cfg(weight_need=0.0, weight_no_informal=0.0, weight_dementia=0.0,
                       weight_low_ses=1.0)
    r = Run(town, only_ses).scarce()
    r.step()
    svc = r.service(GEZINSZORG)
    ses = town.pop.ses
    served = svc.requesters[svc.given > 0]
    assert ses[served].max() <= ses[svc.requesters].min() + 1
    assert ses[served].mean() < ses[svc.requesters].mean() - 0.5


def test_waiting_time_raises_priority(town):
    """With only the waiting weight, those waiting longest are served first next week."""
    cfg = _hc_cfg(weight_need=0.0, weight_no_informal=0.0, weight_dementia=0.0,
                  weight_low_ses=0.0, weight_waiting=1.0)
    r = Run(town, cfg).scarce().run(3)
    svc = r.service(GEZINSZORG)
    svc.waiting_weeks[svc.waiting_ids[::2]] = 2  # half the list has waited less
    waited, client = svc.waiting_weeks.copy(), svc.served.copy()
    r.step()
    new = ~client[svc.requesters]  # clients keep their care first; newcomers by priority
    started = svc.requesters[new & (svc.given > 0)]
    assert len(started) > 0
    assert waited[started].mean() > waited[svc.requesters[new]].mean()


# -- take-up --------------------------------------------------------------------------------


def test_signalled_residents_ask_family_care_even_without_take_up(town):
    """An outreach signal brings a family-care assessment; home nursing needs a
    prescription (``thuisverpleging_prescribed_only``), so a signal alone starts none."""
    signalled = np.zeros(town.pop.n, bool)
    signalled[np.flatnonzero(town.pop.need >= 2)[::3]] = True
    for prescribed_only in (True, False):
        cfg = _hc_cfg(takeup_by_need=[0.0, 0.0, 0.0, 0.0],
                      thuisverpleging_takeup_by_need=[0.0, 0.0, 0.0, 0.0],
                      thuisverpleging_prescribed_only=prescribed_only)
        r = Run(town, cfg)
        r.step()
        assert all(svc.requests_week == 0 for svc in r.hc.services)
        r.step(signalled=signalled)
        for svc in r.hc.services:
            if svc.kind == THUISVERPLEGING and prescribed_only:
                assert svc.requests_week == 0
                continue
            assert svc.requests_week > 0
            assert signalled[svc.requesters].all()
            assert svc.delivered_week > 0


def test_low_ses_asks_less_often(town):
    r = Run(town)
    hc, pop = r.hc, town.pop
    ids = np.arange(pop.n)
    p = hc.nontakeup_probability(ids)
    for need in (1, 2, 3):
        old = (pop.age >= 65) & (pop.need == need)
        low, high = p[old & (pop.ses == 0)], p[old & (pop.ses == 4)]
        if len(low) and len(high):
            assert low.min() > high.max()
    # Realised take-up among residents with open family-care hours: lowest vs highest quintile.
    care = r.open_week()
    svc = r.service(GEZINSZORG)
    open_w = svc.task_weight @ care.open_by_task()
    eligible = (open_w * svc.assessed_share >= hc.cfg.min_request_hours) & pop.alive & (
        pop.dwelling != NURSING_HOME)
    r.wf.step(0)
    hc.step(care)
    asked = np.zeros(pop.n, bool)
    asked[svc.requesters] = True
    rate = [asked[eligible & (pop.ses == q)].mean() for q in (0, 4)]
    assert rate[0] < rate[1] - 0.05, rate


# -- waiting list ---------------------------------------------------------------------------


def test_waiting_weeks_count_up_and_exits_record_the_wait(town):
    r = Run(town, shock=1.0).run(4)  # no staff: every requester waits
    hc = r.hc
    svc = r.service(GEZINSZORG)
    assert svc.delivered_week == 0
    assert (svc.waiting_weeks[svc.requesters] == 4).all()
    assert hc.waiting[svc.requesters].all() and (hc.waiting_weeks[svc.requesters] >= 4).all()
    # Everyone on the family-care list stayed (above); the only exits are home-nursing
    # waiters whose prescribed spell ended (they no longer ask), none of them served.
    assert not hc.nursing_spell[hc.leavers].any() and not hc.leavers_served.any()
    r.wf.absence_shock = 0.0
    r.step()
    served = svc.requesters[svc.given >= 0.5 * svc.requested]
    assert len(served) > 0
    assert (svc.waiting_weeks[served] == 0).all()
    mine = np.isin(hc.leavers, served)
    assert mine.sum() >= len(served)
    assert (hc.served_waits[mine] == 4).all() and hc.leavers_served[mine].all()
    still = svc.waiting_weeks > 0
    assert still.any() and (svc.waiting_weeks[still] == 5).all()


def test_residents_leaving_home_leave_the_list_unserved():
    model = CareModel(make_config(seed=8, **{"municipality.population": 2000}))
    r = Run(model, shock=1.0).run(2)
    svc = r.service(GEZINSZORG)
    gone = np.flatnonzero(svc.waiting_weeks)[:5]
    model.pop.alive[gone] = False
    r.step()
    mine = np.isin(r.hc.leavers, gone)
    assert set(r.hc.leavers[mine]) == set(gone)  # from each list they were on
    assert (r.hc.served_waits[mine] == 2).all() and not r.hc.leavers_served[mine].any()


# -- growth, determinism, config ------------------------------------------------------------


def test_grow_extends_resident_arrays_and_serves_arrivals():
    model = CareModel(make_config(seed=4, **{"municipality.population": 1500}))
    r = Run(model, _hc_cfg(takeup_by_need=[0.0, 1.0, 1.0, 1.0], takeup_lowest_ses_rr=1.0,
                           thuisverpleging_takeup_by_need=[0.0, 1.0, 1.0, 1.0]))
    r.step()
    new = Population.empty(20)
    new.age[:] = 85.0
    new.need[:] = 3
    new.ses[:] = 4
    ids = model.pop.append(new)
    r.hc.grow(model.pop.n)
    assert len(r.hc.formal_hours) == len(r.hc.takeup_u) == model.pop.n
    assert all(len(s.waiting_weeks) == model.pop.n for s in r.hc.services)
    r.step()
    assert np.isin(ids, r.service(THUISVERPLEGING).requesters).all()


def test_same_seed_same_allocation_other_seed_differs(town):
    a, b = Run(town, seed=7).run(5), Run(town, seed=7).run(5)
    assert np.array_equal(a.hc.formal_hours, b.hc.formal_hours)
    assert np.array_equal(a.hc.waiting_weeks, b.hc.waiting_weeks)
    c = Run(town, seed=8).run(5)
    assert not np.array_equal(a.hc.formal_hours, c.hc.formal_hours)


def test_bad_task_shares_stop_with_a_config_error(town):
    wf = Workforce(town.cfg.workforce, rng=np.random.default_rng(0))
    with pytest.raises(ConfigError, match="homecare.gezinszorg_tasks"):
        HomeCare(town, _hc_cfg(gezinszorg_tasks=[1.0, 1.0, 0.0]), town.pop, wf,
                 rng=np.random.default_rng(0))


# -- sizing to real use (issue 12 item 4) ---------------------------------------------------


def test_hours_never_exceed_request_or_the_indication(town):
    r = Run(town).scarce(factor=0.5).run(4)
    for svc in r.hc.services:
        assert (svc.given <= svc.requested + 1e-5).all(), svc.name
        level = town.pop.need[svc.requesters]
        assert (svc.requested <= svc.level_hours[level] + 1e-6).all(), svc.name


def test_higher_need_is_started_first(town):
    r = Run(town).scarce(factor=0.3)
    r.step()  # week 0: everyone is a newcomer
    svc = r.service(GEZINSZORG)
    need = town.pop.need
    started = svc.requesters[svc.given > 0]
    waiting = svc.requesters[svc.given <= 0]
    assert len(started) and len(waiting)
    assert need[started].min() >= need[waiting].max() - 1
    assert need[started].mean() > need[waiting].mean() + 0.5


def test_clients_keep_their_care_through_a_bad_week(town):
    r = Run(town).run(3)
    svc = r.service(GEZINSZORG)
    before = svc.requesters[svc.given > 0]
    r.wf.absence_shock = 0.5  # half the staff away: visits shortened, care not ended
    r.step()
    after = svc.requesters[svc.given > 0]
    assert np.isin(before, after).mean() > 0.95
    assert svc.given.sum() < 0.8 * r.records[-2][svc.name]["delivered"]


def test_unserved_withdraw_after_patience_unless_severe(town):
    r = Run(town, _hc_cfg(patience_weeks=3, withdrawal_weeks=10)).scarce(factor=0.05).run(3)
    svc = r.service(GEZINSZORG)
    k = KINDS.index(GEZINSZORG)
    need = town.pop.need
    paused = np.flatnonzero(r.hc.paused_until[k] > 0)
    assert len(paused) > 0 and (need[paused] < 3).all()
    assert not np.isin(paused, svc.waiting_ids).any()
    r.step()
    assert not np.isin(paused, svc.requesters).any()  # they do not ask again for a while
    assert (need[svc.waiting_ids] == 3).any()  # severe newcomers stay on the list


def test_unique_clients_per_year_are_recorded_once_a_year():
    model = CareModel(make_config(seed=5, years=2, **{"municipality.population": 3000}))
    model.run(52)
    hc = model.homecare
    assert len(hc.year_records) == 1
    rec = hc.year_records[0]
    weekly = model.system.total("gezinszorg_clients")[:52]
    assert weekly.max() <= rec["gezinszorg_clients"] < weekly.sum()
    assert rec["gezinszorg_clients_60plus"] <= rec["gezinszorg_clients"]
    assert rec["gezinszorg_hours"] == pytest.approx(
        model.system.total("gezinszorg_delivered")[:52].sum(), rel=1e-4)
    model.run(1)  # the new year starts from nobody served
    assert hc.served_year.sum() <= model.system.total("gezinszorg_clients")[52] + \
        model.system.total("thuisverpleging_clients")[52]


def test_more_contingent_shorter_list_more_clients():
    rates, lists = [], []
    for factor in (0.7, 1.4):
        cfg = make_config(seed=6, years=3, **{"municipality.population": 6000,
                                              "homecare.gezinszorg_contingent_factor": factor})
        model = CareModel(cfg)
        svc, waiting = model.homecare.by_kind[GEZINSZORG][0], []
        for _ in range(cfg.years * 52):
            model.run(1)
            waiting.append(svc.waiting_count)
        rates.append(model.homecare.yearly_rates())
        lists.append(np.mean(waiting[52:]))  # the family-care list
    key = "gezinszorg_clients_per_65plus"
    assert rates[1][key] > 1.2 * rates[0][key]
    assert lists[1] < lists[0]


@pytest.fixture(scope="module")
def small_town_4y() -> CareModel:
    model = CareModel(make_config(seed=1, years=4, **{"municipality.population": 8000}))
    model.run()
    return model


def test_family_care_and_nursing_volumes_near_the_registers(small_town_4y):
    """Small town (8,000, 4 years): yearly register figures within the calibration bands."""
    from sim.analysis.calibrate import HOMECARE_TARGETS

    for t in HOMECARE_TARGETS:
        value = t.measure(small_town_4y)
        assert abs(value - t.value) <= 1.5 * t.tolerance, (t.name, value)


# -- home nursing paid per act -------------------------------------------------------------


def test_a_nursing_budget_cut_without_staff_cuts_makes_patients_wait_only_under_a_cap(town):
    """Home nursing has no contingent (RIZIV pays per act): halving the volume it is sized
    for while its nurses stay leaves the patients served; under a cap (the rule before
    2026-12-07) they wait."""
    out = {}
    for capped in (False, True):
        for cut in (1.0, 0.3):
            r = Run(town, _hc_cfg(thuisverpleging_capped=capped)).scarce(THUISVERPLEGING, cut)
            r.run(8)
            name = r.service(THUISVERPLEGING).name
            out[capped, cut] = (r.total("waiting", name), r.total("delivered", name))
    assert out[False, 0.3] == out[False, 1.0]
    assert out[True, 0.3][0] > out[True, 1.0][0]
    assert out[True, 0.3][1] < out[True, 1.0][1]


def test_home_nurses_are_hired_for_the_past_years_requests(town):
    """Paid per act, a home-nursing service sizes its staff for the hours asked of it over
    the past year (at a yearly rate), not for the published volume; family care keeps its
    contingent."""
    r = Run(town).run(10)
    hc, wf = r.hc, r.wf
    nursing, family = r.service(THUISVERPLEGING), r.service(GEZINSZORG)
    asked = nursing.demand_year / nursing.weeks_year * 52
    assert asked > 0
    assert abs(asked - nursing.contingent_year) > 0.1 * nursing.contingent_year
    hc.yearly(52)
    assert wf._emp_target[nursing.employer] == pytest.approx(
        hc._target_fte(THUISVERPLEGING, asked))
    assert wf._emp_target[family.employer] == pytest.approx(
        hc._target_fte(GEZINSZORG, family.contingent_year))
    assert nursing.demand_year == 0 and nursing.weeks_year == 0  # the new year counts anew


def test_home_nursing_take_up_rises_with_age_at_the_same_need(town):
    hc, pop = Run(town).hc, town.pop
    cfg = hc.cfg
    ids = np.flatnonzero(pop.alive & (pop.need == 3) & (pop.ses == 4))
    share = 1 - hc.nontakeup_probability(ids, THUISVERPLEGING)
    for lo, hi, rr in ((0, 65, 0), (65, 80, 1), (80, 200, 2)):
        band = (pop.age[ids] >= lo) & (pop.age[ids] < hi)
        assert band.any()
        assert np.allclose(share[band], cfg.thuisverpleging_takeup_by_need[3]
                           * cfg.thuisverpleging_takeup_age_rr[rr])


def _nursing_rate(rate: str, *, seed: int, population: int, **over) -> float:
    """One of HomeCare.yearly_rates of a three-year run with the settings ``over``."""
    model = CareModel(make_config(seed=seed, years=3,
                                  **{"municipality.population": population, **over}))
    model.run()
    return model.homecare.yearly_rates()[rate]


def _nursing_80plus_share(age_rr: list[float]) -> float:
    return _nursing_rate("thuisverpleging_share_80plus", seed=5, population=8000,
                         **{"homecare.thuisverpleging_takeup_age_rr": age_rr})


def test_age_graded_nursing_prescription_raises_the_share_of_patients_aged_80_plus():
    """Directional: at the same need, prescribing chronic nursing less often below 80 leaves
    the oldest a larger share of the patients (0.22 against 0.33 published, with the
    same chance at every age)."""
    assert _nursing_80plus_share([0.35, 0.4, 1.0]) > _nursing_80plus_share([1.0, 1.0, 1.0]) + 0.05


# -- home-nursing spells ---------------------------------------------------------------------


def test_nursing_spells_keep_the_take_up_share_and_last_their_mean_length():
    """Spells of a two-state chain: time in a spell = take-up, length = spell_weeks.

    Needs are held fixed, so each resident's chances stay put; the share of her weeks in
    a spell and the mean length of completed spells must match the settings.
    """
    model = CareModel(make_config(seed=4, **{"municipality.population": 6000}))
    hc, pop = model.homecare, model.pop
    at_home = pop.alive & (pop.dwelling != NURSING_HOME)
    moderate = np.flatnonzero(at_home & (pop.need == 2))
    weeks, in_spell = 520, np.zeros(len(moderate))
    run_len, lengths = np.zeros(len(moderate), int), []
    for week in range(weeks):
        hc.update_spells(week, at_home)
        now = hc.nursing_spell[moderate]
        ended = (run_len > 0) & ~now
        lengths.extend(run_len[ended].tolist())
        run_len = np.where(now, run_len + 1, 0)
        in_spell += now
    share = 1 - hc.nontakeup_probability(moderate, THUISVERPLEGING)
    assert in_spell.sum() / weeks == pytest.approx(share.sum(), rel=0.05)
    mean_weeks = hc.cfg.thuisverpleging_spell_weeks[2]
    assert np.mean(lengths) == pytest.approx(mean_weeks, rel=0.1)


def test_nursing_spell_ends_when_need_falls_or_she_leaves_home():
    model = CareModel(make_config(seed=4, **{"municipality.population": 3000}))
    hc, pop = model.homecare, model.pop
    at_home = pop.alive & (pop.dwelling != NURSING_HOME)
    spell = np.flatnonzero(hc.nursing_spell & at_home)
    assert len(spell) >= 4
    light, moved = spell[:2], spell[2:4]
    pop.need[light] = 1  # below the nursing levels: no spell
    at_home[moved] = False  # e.g. admitted to a WZC
    hc.update_spells(0, at_home)
    assert not hc.nursing_spell[light].any()
    assert not hc.nursing_spell[moved].any()
    assert not hc.nursing_spell[pop.need < 2].any()


def test_home_nursing_asks_only_in_a_spell(town):
    r = Run(town).run(3)
    hc = r.hc
    svc = r.service(THUISVERPLEGING)
    assert len(svc.requesters) > 0
    assert hc.nursing_spell[svc.requesters].all()  # no post-hospital episodes here


def _month_year_ratio(spell_weeks: list[float]) -> float:
    return _nursing_rate("thuisverpleging_month_year_ratio", seed=7, population=6000,
                         **{"homecare.thuisverpleging_spell_weeks": spell_weeks})


def test_longer_nursing_spells_raise_the_month_year_ratio():
    """Directional: patients whose spells last longer are seen in more months of a year."""
    short = _month_year_ratio([1.0, 1.0, 4.0, 8.0])
    long = _month_year_ratio([1.0, 1.0, 52.0, 520.0])
    assert long > short + 0.05


def test_the_first_list_is_a_running_services_list():
    """At week 0 everyone in need asks at once; the list starts at the size it keeps, not
    at about four times it, collapsing when all the first requesters withdraw together
    (default town before 2026-12-07: 920 in weeks 0-4, about 200 from week 5)."""
    model = CareModel(make_config(seed=2, years=1, **{"municipality.population": 6000,
                                                      "output.burn_in_weeks": 13}))
    model.run()
    waiting = model.recorder.total("waiting_home_care")
    later = waiting[13:52].mean()
    assert later > 0
    assert waiting[:5].max() < 1.6 * later, (waiting[:8], later)
