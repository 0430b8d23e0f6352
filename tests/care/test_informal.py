"""Informal care (mantelzorg): invariants, directional effects and emergent patterns.

The town is built directly (synthesise, build_network, NeedDynamics, Demography) and driven
week by week here, so these tests do not depend on the model's weekly cycle.
"""

from __future__ import annotations

import dataclasses
import functools
from types import SimpleNamespace

import numpy as np
import pytest

from sim.care.informal import HOUSEHOLD, NEIGHBOUR, PARTNER, InformalCare
from sim.care.selfcare import Demand
from sim.config import Config, from_container, to_dict
from sim.engine.ledger import task_mask
from sim.engine.streams import Streams
from sim.population.demography import Demography
from sim.population.needs import NeedDynamics
from sim.population.network import build_network
from sim.population.residents import NURSING_HOME, WOMAN
from sim.population.synthesis import synthesise

WEEKS = 104


def make_town(population: int = 20_000, seed: int = 3, hours_scale: float = 1.0,
              need_scale: float = 1.0, **informal) -> SimpleNamespace:
    """A synthetic town with needs, deaths and an InformalCare module (no weekly cycle).

    ``hours_scale`` multiplies the hours each need level needs; ``need_scale`` the share
    of residents with any need.
    """
    cfg = Config()
    cfg.seed = seed
    cfg.municipality.population = population
    cfg.needs.any_need = [min(p * need_scale, 0.95) for p in cfg.needs.any_need]
    cfg.informal = dataclasses.replace(cfg.informal, **informal)
    streams = Streams(seed)
    pop, hh = synthesise(cfg.municipality, streams["population"])
    net = build_network(pop, hh, cfg.network, rng=streams["network"])
    needs = NeedDynamics(cfg.needs, pop, rng=streams["needs"])
    needs.initialise(np.arange(pop.n))
    demo = Demography(cfg.demography, cfg.needs, cfg.municipality, pop, hh,
                      deaths_rng=streams["deaths"], arrivals_rng=streams["arrivals"])
    hours = [h * hours_scale for h in cfg.needs.hours_per_level]
    demand = Demand(cfg.selfcare, hours, cfg.needs.dementia_extra_hours * hours_scale)
    ic = InformalCare(cfg.informal, pop, net, rng=streams["informal"])
    return SimpleNamespace(cfg=cfg, pop=pop, network=net, needs=needs, demography=demo,
                           demand=demand, ic=ic, week=0)


def advance(town: SimpleNamespace, weeks: int, *, relief_hours: float = 0.0, check=None,
            keep: int = 0) -> list[dict[str, float]]:
    """Run ``weeks`` weeks: deaths, need dynamics, ledger, informal care.

    Args:
        town: From :func:`make_town`.
        weeks: Weeks to run.
        relief_hours: Respite hours every resident receiving informal care gets per week.
        check: Optional ``check(town, care, open_before)`` called after each step.
        keep: Return the statistics of the last ``keep`` weeks.
    """
    pop, ic = town.pop, town.ic
    stats = []
    for _ in range(weeks):
        w = town.week
        ic.end_links(town.demography.deaths(w))
        town.needs.step()
        care = town.demand.open_week(w, pop, pop.alive & (pop.dwelling != NURSING_HOME))
        open_before = care.open_hours(ic.mask).copy()
        relief = np.where(ic.received > 0, np.float32(relief_hours), np.float32(0))
        ic.step(care, relief=relief, week=w)
        if check is not None:
            check(town, care, open_before)
        town.week += 1
        if keep:
            stats.append(ic.statistics())
    return stats[-keep:] if keep else stats


def mean_stats(stats: list[dict[str, float]]) -> dict[str, float]:
    """Average weekly statistics."""
    return {k: float(np.mean([s[k] for s in stats])) for k in stats[0]}


@pytest.fixture(scope="module")
def base():
    """Default town, two simulated years, with the last half year of statistics."""
    town = make_town()
    town.stats = mean_stats(advance(town, WEEKS, keep=26))
    return town


# -- invariants --------------------------------------------------------------------------


def test_hours_within_capacity_and_ledger_every_week():
    town = make_town(population=8_000, seed=5)

    def check(t, care, open_before):
        ic = t.ic
        assert (ic.hours_given <= ic.limit + 1e-3).all()
        assert (ic.v_hours <= ic.v_limit + 1e-3).all()
        top = 1 + max(ic.cfg.stretch)
        assert (ic.limit <= ic.capacity * top + 1e-3).all()
        assert (ic.v_limit <= ic.v_capacity * top + 1e-3).all()
        assert (care.covered["informal"] <= open_before + 1e-3).all()
        assert np.allclose(care.covered["informal"], ic.received, atol=1e-3)
        care.check()

    advance(town, 40, check=check)
    assert town.ic.hours_given.sum() > 0


def test_informal_care_covers_only_eligible_tasks():
    town = make_town(population=5_000, seed=8)
    advance(town, 10)
    pop, ic = town.pop, town.ic
    care = town.demand.open_week(town.week, pop, pop.alive & (pop.dwelling != NURSING_HOME))
    nursing_before = care.open_by_task()[2]
    ic.step(care, relief=np.zeros(pop.n, np.float32), week=town.week)
    assert care.covered["informal"].sum() > 0
    assert np.array_equal(care.open_by_task()[2], nursing_before)
    assert list(ic.mask) == list(task_mask(["personal", "household", "supervision"]))


def test_config_validates_and_names_tasks():
    cfg = from_container(to_dict(Config()))
    assert cfg.informal.tasks == ["personal", "household", "supervision"]
    assert len(cfg.informal.willingness) == 7


def test_deterministic_for_a_seed():
    a, b = make_town(population=5_000, seed=9), make_town(population=5_000, seed=9)
    advance(a, 30)
    advance(b, 30)
    assert np.array_equal(a.ic.links.table, b.ic.links.table)
    assert np.array_equal(a.ic.hours_given, b.ic.hours_given)
    assert np.array_equal(a.ic.burden, b.ic.burden)
    assert np.array_equal(a.ic.fte_lost, b.ic.fte_lost)


# -- who cares ----------------------------------------------------------------------------


def _partner_and_neighbour(**informal) -> tuple[float, float, float]:
    """Hours a partner and a neighbour give one recipient with a few open hours, and her open
    hours, when those two are her only carers."""
    town = make_town(population=5_000, seed=2, **informal)
    pop, ic = town.pop, town.ic
    eligible = ic.eligible_carer()
    care = town.demand.open_week(0, pop, pop.alive & (pop.dwelling != NURSING_HOME))
    open_ = care.open_hours(ic.mask)
    # A recipient with a few open hours whose partner can care, and a neighbour.
    mate = pop.partner
    ok = (open_ > 1) & (open_ < 8) & (mate >= 0)
    ok &= eligible[np.maximum(mate, 0)] & (ic.capacity_before_health[np.maximum(mate, 0)] > 20)
    rec = int(np.flatnonzero(ok)[0])
    partner = int(mate[rec])
    neighbour = int(np.setdiff1d(town.network.neighbour[[rec], :].indices, [partner])[0])
    ic.registry.column("informal", "_next_ask")[:] = 10**6  # nobody asks: only the links below
    ic.links.extend(np.array([neighbour, partner]), np.array([rec, rec]),
                    np.array([NEIGHBOUR, PARTNER]), 0)
    ic.step(care, relief=np.zeros(pop.n, np.float32), week=0)
    L = ic.links
    by = {int(c): float(h) for c, h, r in zip(L.slot, L.hours, L.recipient, strict=True)
          if r == rec}
    return by[partner], by[neighbour], float(open_[rec])


def test_partner_fills_hours_before_a_neighbour_when_carers_do_not_share():
    partner, neighbour, open_ = _partner_and_neighbour(share_within_network=False)
    assert partner == pytest.approx(open_, rel=1e-4)
    assert neighbour == 0.0


def test_carers_who_share_each_take_a_sustainable_part_first():
    partner, neighbour, open_ = _partner_and_neighbour(share_within_network=True)
    assert partner + neighbour == pytest.approx(open_, rel=1e-4)
    assert 0 < neighbour < partner  # the neighbour takes a part; the partner stays the main carer


def test_sharing_grows_care_networks_and_spreads_the_load():
    shares, burdened = {}, {}
    for on in (False, True):
        town = make_town(population=20_000, seed=4, share_within_network=on)
        advance(town, 60)
        L = town.ic.links
        n = np.bincount(L.recipient[L.hours > 0])
        shares[on] = float((n[n > 0] >= 2).mean())
        burdened[on] = float(town.ic.overloaded[town.ic.hours_given > 0].mean())
    assert shares[True] > 2 * shares[False] + 0.03
    assert burdened[True] < burdened[False]


def test_recruitment_asks_ties_in_priority_order():
    # Everyone willing and time no object: each recipient's first carer is the closest tie.
    town = make_town(population=8_000, seed=7, willingness=[1.0] * 7,
                     availability_elasticity=0.0, coresident_availability_elasticity=0.0,
                     men_willingness_factor=1.0)
    advance(town, 1)
    pop, ic, L = town.pop, town.ic, town.ic.links
    assert len(L) > 100
    assert np.bincount(L.recipient).max() == 1  # one new carer per request
    mate = pop.partner[L.recipient]
    can = (mate >= 0) & ic.eligible_carer()[np.maximum(mate, 0)]
    assert can.sum() > 50
    assert np.all(L.kind[can] == PARTNER) and np.all(L.slot[can] == mate[can])
    # Without a partner, a household member or a child comes before neighbours and friends.
    able = ic.eligible_carer().astype(float)
    hh = (town.network.household @ able)[L.recipient] > 0
    assert (~can & hh).sum() > 20
    assert np.all(L.kind[~can & hh] == HOUSEHOLD)
    assert np.all(L.kind[~can & ~hh] > HOUSEHOLD)


def test_partners_are_asked_first(base):
    pop, L = base.pop, base.ic.links
    # Among recipients whose partner cares, the partner link comes first in priority.
    rec_with_partner = np.unique(L.recipient[L.kind == PARTNER])
    first_kind = {}
    for r, k in zip(L.recipient, L.kind, strict=True):
        first_kind.setdefault(int(r), int(k))
    assert all(first_kind[int(r)] == PARTNER for r in rec_with_partner)
    # Partners are the largest group of carers, as in Flemish registrations.
    kinds = np.bincount(L.kind, minlength=7)
    assert kinds[PARTNER] == kinds.max()
    # A partner tie is never booked as a plain household tie.
    hh = L.kind == HOUSEHOLD
    assert not np.any(pop.partner[L.recipient[hh]] == L.slot[hh])


def test_nonresident_children_give_within_their_capacity(base):
    ic = base.ic
    v = ic.links.virtual
    assert (v >= 0).any()
    assert (ic.v_hours <= ic.v_limit + 1e-4).all()
    assert (ic.v_limit <= ic.v_capacity * (1 + ic.cfg.stretch[3]) + 1e-4).all()
    assert ic.v_hours.sum() > 0
    # They care for their own parent unit only.
    rec = ic.links.recipient[v >= 0]
    parent = ic.v_parent[v[v >= 0]]
    assert np.all((rec == parent) | (base.pop.partner[rec] == parent)
                  | (ic.v_base[rec] == ic.v_base[parent]))
    # Their capacity is reduced by distance: below a resident's at the same time budget.
    cfg = base.cfg.informal
    top = (168 - cfg.personal_hours) * cfg.care_share_of_free * cfg.nonresident_capacity_factor
    assert ic.v_capacity.max() <= top + 1e-4


def test_women_and_45_64_emerge(base):
    s = base.stats
    assert s["women_share_of_carers"] > 0.5
    assert s["women_share_of_hours"] > 0.5
    groups = [s["share_carers_18_44"], s["share_carers_45_64"], s["share_carers_65_79"],
              s["share_carers_80plus"]]
    assert s["share_carers_45_64"] == max(groups)
    # Not painted on: willingness has no sex term, part-time work differs by sex.
    pop, ic = base.pop, base.ic
    work = pop.alive & (pop.age >= 20) & (pop.age < 65) & (ic.paid_fte > 0)
    part = ic.paid_fte < 1
    assert part[work & (pop.sex == WOMAN)].mean() > 2 * part[work & (pop.sex != WOMAN)].mean()


def test_calibration_within_bands(base):
    s = base.stats
    # HIS 2013: 8% (Flanders) to 9% (Belgium) of 15+ help weekly; SVR: 18% of 18-85.
    assert 0.07 < s["carers_15plus"] < 0.14
    # 23.2% of carers find care very burdensome (2014).
    assert 0.15 < s["overloaded_share_of_carers"] < 0.32
    # Employment 20-64: 75.5% (Statistiek Vlaanderen 2019).
    pop, ic = base.pop, base.ic
    a = pop.alive & (pop.age >= 20) & (pop.age < 65)
    assert (ic.contracted_fte[a] > 0).mean() == pytest.approx(0.755, abs=0.03)


# -- directional effects ------------------------------------------------------------------


def test_more_people_in_need_means_more_carers(base):
    more = make_town(need_scale=1.4)
    s = mean_stats(advance(more, WEEKS, keep=26))
    assert s["recipients"] > 1.15 * base.stats["recipients"]
    assert s["carers_15plus"] > 1.1 * base.stats["carers_15plus"]
    # More carers carry more burden in total (the share overloaded need not change).
    assert more.ic.burden.sum() > 1.1 * base.ic.burden.sum()


def test_heavier_needs_mean_more_burden(base):
    heavy = make_town(hours_scale=1.6)
    s = mean_stats(advance(heavy, WEEKS, keep=26))
    assert s["hours_per_carer"] > 1.2 * base.stats["hours_per_carer"]
    assert s["overloaded_share_of_carers"] > base.stats["overloaded_share_of_carers"] + 0.02
    carers = heavy.ic.hours_given > 0
    assert heavy.ic.burden[carers].mean() > base.ic.burden[base.ic.hours_given > 0].mean()


def test_respite_lowers_burden(base):
    rested = make_town()
    s = mean_stats(advance(rested, WEEKS, relief_hours=8.0, keep=26))
    assert s["overloaded_share_of_carers"] < base.stats["overloaded_share_of_carers"] - 0.05
    assert rested.ic.burden.sum() < base.ic.burden.sum()


def test_overload_costs_work_health_and_care():
    strained = make_town(population=8_000, sustainable_share=0.05)
    easy = make_town(population=8_000, sustainable_share=1.0, stretch=[0.0] * 7)
    lost, stopped, breakdowns = np.zeros(2), 0, 0
    frailty_start = strained.pop.frailty.copy()
    for _ in range(60):
        advance(strained, 1)
        advance(easy, 1)
        lost += strained.ic.fte_lost_week
        stopped += strained.ic.stopped.size
        breakdowns += strained.ic.lost_carer.size
        assert easy.ic.fte_lost_week.sum() == 0
    ic = strained.ic
    assert ic.overloaded.any() and not easy.ic.overloaded.any()
    assert lost.sum() > 0 and lost.sum() == pytest.approx(ic.fte_lost.sum(), rel=1e-4)
    assert (ic.paid_fte <= ic.contracted_fte + 1e-6).all()
    assert stopped > 0 and breakdowns > 0
    assert (easy.ic.fte_lost == 0).all()
    # Overload raised the carers' own latent frailty (beyond the common AR(1) drift).
    hit = ic.fte_lost > 0
    drift = strained.pop.frailty - frailty_start
    assert drift[hit].mean() > drift[~hit & strained.pop.alive].mean()


def test_end_links_removes_links_of_leavers(base):
    town = make_town(population=8_000, seed=4)
    advance(town, 20)
    ic, L = town.ic, town.ic.links
    carers = np.unique(L.carer[L.carer >= 0])[:50]
    recipients = np.unique(L.recipient)[:50]
    leaving = np.union1d(carers, recipients)
    only_carer = np.isin(L.carer, carers) & ~np.isin(L.recipient, leaving)
    orphan_cand = np.unique(L.recipient[only_carer])
    ic.end_links(leaving)
    assert not np.isin(ic.links.carer, leaving).any()
    assert not np.isin(ic.links.recipient, leaving).any()
    orphans = orphan_cand[~np.isin(orphan_cand, ic.links.recipient)]
    assert orphans.size > 0
    # The next week reports those still without a carer as lost_carer.
    town.pop.alive[leaving] = False
    advance(town, 1)
    still = orphans[~np.isin(orphans, ic.links.recipient) & town.pop.alive[orphans]]
    assert np.isin(still, ic.lost_carer).all()


def test_grow_keeps_virtual_carers_and_adds_residents():
    town = make_town(population=5_000, seed=6)
    advance(town, 15)
    ic, pop, net = town.ic, town.pop, town.network
    n0 = pop.n
    v_before = ic.links.virtual.copy()
    v_hours = ic.v_hours.copy()
    new = pop.append(type(pop).empty(100))
    pop.alive[new] = False  # placeholder slots: not living here
    net.grow(pop.n)
    ic.grow(pop.n)
    assert ic.hours_given.size == pop.n == n0 + 100
    assert np.array_equal(ic.links.virtual, v_before)
    assert np.array_equal(ic.v_hours, v_hours)
    for week in (town.week, town.week + 1):  # informal care only: deaths and needs have
        care = town.demand.open_week(week, pop,  # their own yearly refresh
                                     pop.alive & (pop.dwelling != NURSING_HOME))
        ic.step(care, relief=np.zeros(pop.n, np.float32), week=week)
        care.check()
    assert ic.hours_given.sum() > 0
    assert (ic.hours_given <= ic.limit + 1e-3).all()
    assert (ic.hours_given[new] == 0).all()


def test_carers_stretch_beyond_plan_only_when_need_stays_undone():
    """Without stretch nobody gives beyond capacity; with it, close kin do, and burden rises."""
    # Without shared care, so that undone hours are not first taken by a new carer.
    rigid = make_town(population=8_000, seed=6, stretch=[0.0] * 7, share_within_network=False)
    elastic = make_town(population=8_000, seed=6, share_within_network=False)
    s_rigid = mean_stats(advance(rigid, 52, keep=13))
    s_elastic = mean_stats(advance(elastic, 52, keep=13))
    assert (rigid.ic.hours_given <= rigid.ic.capacity + 1e-3).all()
    beyond = elastic.ic.hours_given > elastic.ic.capacity + 1e-3
    assert beyond.any()
    assert s_elastic["hours_per_carer"] > s_rigid["hours_per_carer"]
    def carers_burden(t: SimpleNamespace) -> float:
        return float(t.ic.burden[t.ic.hours_given > 0].mean())

    assert carers_burden(elastic) > carers_burden(rigid)
    # Neighbours and friends have no stretch: only tie kinds with a stretch go beyond plan.
    L = elastic.ic.links
    over_links = beyond[np.minimum(L.slot, elastic.pop.n - 1)] & (L.slot < elastic.pop.n)
    assert np.isin(L.kind[over_links & (L.hours > 0)],
                   np.flatnonzero(np.asarray(elastic.cfg.informal.stretch) > 0)).any()


def test_women_cut_more_paid_work_and_former_carers_go_back():
    def cuts(**over) -> tuple[np.ndarray, SimpleNamespace]:
        town = make_town(population=8_000, sustainable_share=0.05, **over)
        lost = np.zeros(2)
        for _ in range(60):
            advance(town, 1)
            lost += town.ic.fte_lost_week
        return lost, town

    lost, town = cuts(work_return_hazard=0.0)
    assert lost[1] > 1.5 * lost[0] > 0  # women (index 1) give up more paid work
    same, _ = cuts(work_return_hazard=0.0, work_cut_sex_factor=[1.0, 1.0])
    assert same[1] / same[0] < lost[1] / lost[0]  # the sex factor makes the gap
    # Former carers who no longer care and have recovered take their work up again.
    ic = town.ic
    reduced = np.flatnonzero((ic.fte_reduced > 0) & town.pop.alive)
    assert len(reduced) > 0
    ic.end_links(reduced)
    state = functools.partial(ic.registry.column, "informal")
    state("_burden")[reduced], state("_over")[reduced] = 0, False  # they have recovered
    state("_cooldown")[reduced] = town.week + 100  # and nobody recruits them again
    before = ic.fte_lost[reduced].copy()
    ic.cfg.work_return_hazard = 1.0
    advance(town, 1)
    back = reduced[town.pop.alive[reduced]]
    assert (ic.fte_reduced[back] == 0).all()
    assert np.allclose(ic.paid_fte[back], ic.contracted_fte[back])
    assert np.array_equal(ic.fte_lost[reduced], before)  # the record of cuts is kept


def test_one_help_seeking_rule_whatever_the_ses():
    """Every resident whose gap reaches selfcare.help_threshold_hours asks her ties, and no
    one below it does, in every SES quintile (the rule that also counts unmet need)."""
    town = make_town(population=8_000, seed=7)
    pop, ic = town.pop, town.ic
    care = town.demand.open_week(0, pop, pop.alive & (pop.dwelling != NURSING_HOME))
    gap = care.open_hours(ic.mask) * (pop.alive & (pop.dwelling != NURSING_HOME))
    next_ask = ic.registry.column("informal", "_next_ask")
    ic.step(care, relief=np.zeros(pop.n, np.float32), week=0)
    asked = next_ask[: pop.n] > 0
    threshold = town.cfg.selfcare.help_threshold_hours
    for q in range(5):
        mine = pop.ses == q
        assert asked[mine & (gap >= threshold)].all()
        assert not asked[mine & (gap < threshold)].any()
    light = (pop.need == 1) & (gap >= threshold)
    assert {int(q) for q in pop.ses[light & asked]} == set(range(5))
