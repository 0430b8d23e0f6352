"""Mortality, ageing and arrivals."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import DemographyConfig
from sim.model import CareModel
from sim.population.demography import gompertz_makeham, life_expectancy, solve_gompertz_level
from sim.population.residents import NURSING_HOME
from sim.population.synthesis import age_band
from tests.conftest import make_config


@pytest.mark.parametrize("target", [80.7, 84.6, 75.0])
def test_gompertz_level_reproduces_life_expectancy(target):
    cfg = DemographyConfig()
    a = solve_gompertz_level(target, cfg)
    assert life_expectancy(lambda x: gompertz_makeham(x, a, cfg)) == pytest.approx(target,
                                                                                   abs=0.01)


@pytest.fixture(scope="module")
def big_run():
    model = CareModel(make_config(seed=2, years=8, **{"municipality.population": 80_000,
                                                      "municipality.neighbourhoods": 40}))
    model.run(7 * 52 + 1)  # to just after the last yearly update
    pop = model.pop
    model.shares_after_update = [np.mean(pop.age[pop.alive] >= a) for a in (65, 85)]
    model.run()
    return model


def test_simulated_life_expectancy_within_one_year(big_run):
    big_run.close_exposure()
    lt = big_run.life_table
    assert lt.life_expectancy() == pytest.approx(82.6, abs=1.0)
    assert lt.life_expectancy(0) == pytest.approx(80.7, abs=1.0)
    assert lt.life_expectancy(1) == pytest.approx(84.6, abs=1.0)


def test_frail_residents_die_sooner(big_run):
    pop = big_run.pop
    old = (pop.age >= 75) & ((pop.exit_week < 0) | pop.died)
    died_by_need = [pop.died[old & (pop.need == k)].mean() for k in (0, 3)]
    assert died_by_need[1] > 2 * died_by_need[0]


def test_stable_regime_keeps_age_structure_and_size(big_run):
    """Each yearly update refills the (band x sex) cells; a year's deaths then thin them.

    Departures are drawn at rates (docs/ODD.md 7.3), so a cell can end a little over or under its
    count, and arriving partners overshoot by a household here and there: the town stays
    within 1% of its size. Until 2026-12-07 older households whose partners' cells were
    full stayed on, which kept the end-of-year share 65+ at about 0.209 but took people
    living alone out of the oldest cells instead.
    """
    pop = big_run.pop
    alive = pop.alive
    assert 80_000 * 0.99 < alive.sum() < 80_000 * 1.01
    after_65, after_85 = big_run.shares_after_update
    # Families that move away take their children out of cells that are refilled only at
    # the next update, so just after an update the share 65+ sits a little above 0.211.
    assert after_65 == pytest.approx(0.211, abs=0.004)
    assert after_85 == pytest.approx(0.033, abs=0.002)
    # By the end of the year, before the next update, a year of deaths is not yet
    # replaced (demography.replace_every_weeks: 52): about 0.006 less aged 65+.
    end_65 = np.mean(pop.age[alive] >= 65)
    assert after_65 - 0.010 < end_65 < after_65
    assert np.mean(pop.age[alive] >= 85) == pytest.approx(0.033, abs=0.004)


def test_deaths_are_replaced_between_yearly_updates():
    """Every replace_every_weeks, the cells that deaths emptied are filled again."""
    model = _small_model(**{"demography.replace_every_weeks": 13})
    demo, pop = model.demography, model.pop
    every = model.cfg.demography.replace_every_weeks
    model.run(every + 3)  # the replacement event runs between weeks every - 1 and every
    arrived = np.flatnonzero(pop.entry_week == every)
    assert len(arrived) > 0, "the deaths of the first weeks were replaced"
    assert (pop.household[arrived] >= 0).all()
    assert model.needs.tau.shape[1] == pop.n and model.informal.hours_given.size == pop.n
    gap = demo.target_cells - np.bincount(demo._cells(pop.living()),
                                          minlength=len(demo.target_cells))
    # Only the deaths since the event are still open.
    died_since = np.count_nonzero(pop.died & (pop.exit_week >= every))
    assert np.maximum(gap, 0).sum() <= died_since


def test_thresholds_of_replacements_match_a_full_refresh():
    """Between yearly updates only the arrivals' thresholds are computed (ages stand still)."""
    model = _small_model(**{"demography.replace_every_weeks": 13})
    every = model.cfg.demography.replace_every_weeks
    model.run(every + 1)
    needs = model.needs
    tau, rho = needs.tau.copy(), needs.rho.copy()
    needs.refresh()
    assert np.array_equal(tau, needs.tau) and np.array_equal(rho, needs.rho)


def test_yearly_replacement_only_lets_the_share_of_older_residents_fall():
    """With replace_every_weeks = 52 the year's deaths wait for the yearly update."""
    share = {}
    for every in (13, 52):
        model = _small_model(**{"demography.replace_every_weeks": every})
        model.run(51)
        pop = model.pop
        share[every] = np.mean(pop.age[pop.alive] >= 65)
    assert share[13] > share[52] + 0.002


def test_arrivals_take_the_health_of_a_resident_at_home_of_their_cell():
    """Replacement arrivals copy a donor's latent frailty and dementia (7.1 step 5)."""
    model = _small_model()
    demo, pop = model.demography, model.pop
    ids = demo._arrive(np.full(200, 91.0, np.float32), np.ones(200, np.int8), 0)
    donors = demo._donors(demo._cells(ids), ids.min())
    assert (donors >= 0).all() and (donors < ids.min()).all()
    assert (demo._cells(donors) == demo._cells(ids)).all()
    assert (pop.dwelling[donors] != NURSING_HOME).all()
    model.needs.initialise(ids, like=donors)
    assert (pop.frailty[ids] == pop.frailty[donors]).all()
    assert (pop.dementia_risk[ids] == pop.dementia_risk[donors]).all()
    # A donor's dementia comes along; an arrival older than her donor may also reach onset.
    assert (pop.dementia[ids] >= pop.dementia[donors]).all()


def test_replacement_arrivals_have_their_donors_ages():
    """Arrivals in deficit take their donor's age; partners keep their own."""
    model = _small_model()
    demo, pop = model.demography, model.pop
    gap = np.zeros(len(demo.target_cells), np.int64)
    gap[-8:] = 5  # the oldest bands, both sexes
    ids, donors = demo._fill(gap, 0)
    lead = ids[: gap.sum()]
    has = donors[: len(lead)] >= 0
    assert has.any()
    assert np.array_equal(pop.age[lead[has]], pop.age[donors[: len(lead)][has]])
    assert len(donors) == len(ids)


def _departure_rates(model: CareModel, share: float) -> dict[str, float]:
    """Ask every cell aged 65+ to lose ``share`` of its movable residents; who left?"""
    demo, pop = model.demography, model.pop
    living = pop.living()
    cells = demo._cells(living)
    hh = pop.household[living]
    settled = np.isin(hh, hh[pop.dwelling[living] == NURSING_HOME])
    movable = np.bincount(cells[~settled], minlength=len(demo.target_cells))
    older = age_band(np.array([65.0]))[0] * 2  # the first cell aged 65+
    surplus = np.zeros(len(demo.target_cells), np.int64)
    surplus[older:] = np.round(share * movable[older:])
    gone = np.isin(living, demo._households_leaving(living, cells, surplus))
    old = (pop.age[living] >= 65) & ~settled
    alone = pop.lives_alone(model.households.n)[living]
    couple = pop.partner[living] >= 0
    return {"alone": gone[old & alone].mean(), "couple": gone[old & couple & ~alone].mean(),
            "young": gone[pop.age[living] < 65].mean(), "settled": gone[settled].mean()}


def test_departures_take_people_living_alone_and_couples_alike():
    """The stable regime's departures are a fiction of a fixed age structure, so they must
    not change who is left (docs/ODD.md 7.3): asked to lose 40% of every older cell, people
    living alone and people living with a partner leave at that rate alike.

    Until 2026-12-07 households were drawn until each cell's surplus was used up and a
    couple whose partner's cell had none left stayed: here 0.31 of those living alone left
    and 0.45 of those in a couple (a couple used up the quota of two cells), and over the
    years of a run, as the oldest couples' partners' cells ran out, 17% of those aged 90+
    living alone left a year against 12% of those in a couple.
    """
    rates = _departure_rates(_small_model(), 0.4)
    assert rates["alone"] == pytest.approx(0.4, abs=0.06)
    assert rates["couple"] == pytest.approx(0.4, abs=0.06)
    assert rates["settled"] == 0, "a household with a member in a WZC stays"
    assert rates["young"] < 0.1, "younger people leave only with an older household member"


def test_arrivals_are_housed_and_have_needs(big_run):
    pop = big_run.pop
    new = np.flatnonzero(pop.entry_week >= 0)
    assert len(new) > 0
    assert (pop.household[new] >= 0).all()
    assert (pop.need[new[pop.age[new] >= 80]] > 0).mean() > 0.3
    births = new[pop.age[new] < 2]
    size = np.bincount(pop.household)
    assert (size[pop.household[births]] > 1).all(), "newborns live with a parent"


def test_projection_regime_ages_the_population():
    cfg = make_config(seed=4, years=10, **{"demography.regime": "projection",
                                           "municipality.population": 40_000})
    model = CareModel(cfg)
    start = np.mean(model.pop.age[model.pop.alive] >= 67)
    model.run()
    pop = model.pop
    end = np.mean(pop.age[pop.alive] >= 67)
    # Statistiek Vlaanderen: 67+ from 18% (2020) to 21% (2030); allow a wide band.
    assert 0.015 < end - start < 0.05
    assert pop.alive.sum() > 40_000, "births and net in-migration should grow the town"


def _living_alone_75plus(model: CareModel) -> float:
    pop = model.pop
    size = np.bincount(pop.household, weights=pop.alive)
    alone = (size[pop.household] == 1) & (pop.dwelling != 2)
    old = pop.alive & (pop.age >= 75)
    return float(alone[old].mean())


def test_moving_in_with_family_and_repartnering_lower_living_alone():
    """Without household moves widowhood only adds people living alone; with them it falls."""
    share = {}
    for on in (False, True):
        over = {"municipality.population": 8000, "municipality.neighbourhoods": 6,
                "demography.move_in_rate": 0.3 if on else 0.0,  # strong, to see it clearly
                "demography.repartner_rate": 0.05 if on else 0.0}
        model = CareModel(make_config(seed=3, years=4, **over))
        model.run()
        share[on] = _living_alone_75plus(model)
        if on:
            moved = model.moved_in
            assert len(moved) > 0
            pop = model.pop
            hh = model.network.household
            for i in moved[:20]:
                mates = np.flatnonzero((pop.household == pop.household[i]) & pop.alive)
                mates = mates[mates != i]
                assert len(mates) > 0, "a mover lives with someone"
                assert set(mates.tolist()) <= set(hh[[i], :].indices.tolist())
    assert share[True] < share[False] - 0.03


def test_household_moves_join_a_child_or_a_new_partner():
    cfg = make_config(seed=5, years=1, **{"municipality.population": 6000,
                                          "municipality.neighbourhoods": 5,
                                          "demography.move_in_rate": 1.0,
                                          "demography.repartner_rate": 1.0})
    model = CareModel(cfg)
    pop, net = model.pop, model.network
    movers, hosts = model.demography.household_moves(net.children, np.random.default_rng(0))
    assert len(movers) > 0
    assert (pop.household[movers] == pop.household[hosts]).all()
    assert (pop.buurt[movers] == pop.buurt[hosts]).all()
    assert (pop.age[movers] >= cfg.demography.move_in_min_age).all()
    child = net.children[movers, hosts] > 0
    couple = pop.partner[movers] == hosts
    assert (child | couple).all()
    assert child.any() and couple.any()
    assert (pop.partner[hosts[couple]] == movers[couple]).all()


def _small_model(**over) -> CareModel:
    return CareModel(make_config(seed=5, years=1, **{"municipality.population": 6000,
                                                     "municipality.neighbourhoods": 5,
                                                     **over}))


def test_the_newly_widowed_move_in_with_a_child():
    """With only the widowhood move switched on, every mover is newly widowed (Statbel 2017)."""
    model = _small_model(**{"demography.move_in_rate": 0.0, "demography.repartner_rate": 0.0,
                            "demography.widowed_move_in_prob": 1.0})
    pop, net, demo = model.pop, model.network, model.demography
    alone = pop.lives_alone(model.households.n) & (pop.age >= 65) & (pop.dwelling == 0)
    has_child = np.diff(net.children[np.flatnonzero(alone)].indptr) > 0
    widowed = np.flatnonzero(alone)[has_child][:40]
    demo.widowed = widowed.astype(np.int64)
    movers, _ = demo.household_moves(net.children, np.random.default_rng(0))
    assert len(movers) > 0
    assert set(movers.tolist()) <= set(widowed.tolist())
    assert len(demo.widowed) == 0, "the widowed of the year are handled once"
    demo.widowed = widowed[len(movers):].astype(np.int64)
    model.cfg.demography.widowed_move_in_prob = 0.0
    movers, _ = demo.household_moves(net.children, np.random.default_rng(0))
    assert len(movers) == 0


def test_a_death_leaves_the_partner_among_the_widowed():
    model = _small_model()
    pop, demo = model.pop, model.demography
    couple = np.flatnonzero((pop.partner >= 0) & (pop.age >= 70))[:5]
    demo._leave(couple, 0, died=True)
    assert set(demo.widowed.tolist()) >= set(pop.partner[couple].tolist()) - {-1}
    assert len(demo.widowed) == len(couple)
    before = len(demo.widowed)
    movers = np.flatnonzero(pop.alive & (pop.partner >= 0))[:2]
    demo._leave(movers, 0, died=False)  # moving away widows nobody
    assert len(demo.widowed) == before


def test_older_residents_with_a_partner_die_less_often():
    """Partner 65+: hazard x partner_mortality_rr (Manzoli et al. 2007), same need and age."""
    model = _small_model()
    pop, demo = model.pop, model.demography
    i = int(np.flatnonzero((pop.partner >= 0) & (pop.age >= 70) & pop.alive)[0])
    with_partner = float(demo.weekly_hazard()[i])
    pop.partner[pop.partner[i]] = -1
    pop.partner[i] = -1
    alone = float(demo.weekly_hazard()[i])
    assert with_partner == pytest.approx(0.88 * alone, rel=1e-5)
    young = int(np.flatnonzero((pop.partner >= 0) & (pop.age < 60) & pop.alive)[0])
    assert demo._partner_rr()[young] == 1.0


def test_arriving_couples_do_not_outnumber_the_living_alone_curve():
    """A couple fills two places: the arrivals, partners included, live alone with chance a."""
    model = _small_model()
    demo, pop = model.demography, model.pop
    n = 3000
    age = np.full(n, 92.0, np.float32)
    sex = np.ones(n, np.int8)
    ids = demo._arrive(age, sex, 0, with_partners=True)
    a = float(demo._p_alone(age[:1], sex[:1])[0])
    alone = pop.lives_alone(model.households.n)[ids].mean()
    assert alone == pytest.approx(a, abs=0.03)


DECLINE_ON: dict = {}  # terminal decline is on by default since 2026-12-07 (decline_share 0.7)


@pytest.fixture(scope="module")
def decline_run():
    """The default town with terminal decline on, three years, seed 3; need tracked weekly."""
    model = CareModel(make_config(seed=3, years=3, **DECLINE_ON))
    pop = model.pop
    fell_in_decline = 0
    left_decline_alive = 0
    for _ in range(52 * 3):
        before_need, before_dec = pop.need.copy(), pop.decline.copy()
        model.step()
        n = len(before_need)
        stay = before_dec & pop.decline[:n] & pop.alive[:n]
        fell_in_decline += int(np.count_nonzero(pop.need[:n][stay] < before_need[stay]))
        left_decline_alive += int(np.count_nonzero(before_dec & ~pop.decline[:n]
                                                   & pop.alive[:n]))
    model.fell_in_decline, model.left_decline_alive = fell_in_decline, left_decline_alive
    return model


def test_residents_in_decline_never_recover(decline_run):
    """Terminal decline lasts until death, and need never falls while in it (7.1, 7.2)."""
    pop = decline_run.pop
    assert pop.decline[pop.alive & (pop.age >= 65)].mean() > 0.01
    assert decline_run.left_decline_alive == 0
    assert decline_run.fell_in_decline == 0
    level = decline_run.cfg.needs.decline_min_level
    assert (pop.need[pop.alive & pop.decline] >= level).all()


def test_wzc_residents_die_sooner_with_terminal_decline(decline_run):
    """Admission selects residents in terminal decline, whose need does not fall back:
    WZC residents die at about 30% a year (without the phase about 18%, seed 3), and
    more of them are in decline than of residents 80+ at home."""
    pop, demo = decline_run.pop, decline_run.demography
    yearly = demo.weekly_hazard() * 52
    old = pop.alive & (pop.age >= 65)
    wzc = old & (pop.dwelling == NURSING_HOME)
    home = old & (pop.dwelling != NURSING_HOME) & (pop.age >= 80)
    assert yearly[wzc].mean() > 0.25
    assert yearly[wzc].mean() > 2.0 * yearly[home].mean()
    assert pop.decline[wzc].mean() > 2.0 * pop.decline[home].mean()


def test_decline_correction_keeps_expected_deaths_by_band(decline_run):
    """Right after a refresh, the week's expected deaths in each corrected band (decliners
    at decline_mortality, the others' hazards times 1 - decline_share) equal the
    schedule's: the phase moves deaths between residents, not their number."""
    pop, demo, cfg = decline_run.pop, decline_run.demography, decline_run.cfg.demography
    demo.refresh()
    live = pop.alive
    age = np.minimum(pop.age.astype(np.int64), 120)
    h = demo.weekly_hazard()
    share = np.where(pop.age >= cfg.decline_min_age, cfg.decline_share, 0.0)
    deaths = np.where(pop.decline, h, h * (1.0 - share))
    expected = demo.table[pop.sex, age] * demo.expected_rr[pop.sex, age] / 52
    for lo, hi in ((65, 75), (75, 85), (85, 95)):
        for sex in (0, 1):
            band = live & (pop.sex == sex) & (pop.age >= lo) & (pop.age < hi)
            assert deaths[band].sum() == pytest.approx(expected[band].sum(), rel=0.15)


def test_decline_off_changes_nothing():
    """With decline_share 0 nobody enters a decline."""
    model = _small_model(**{"demography.decline_share": 0.0})
    model.run(52)
    assert not model.pop.decline.any()
    assert not model.demography.decline_on


def test_decline_onset_registers_urgently():
    """With registration at onset certain (decline_referral_prob 1), every resident at home
    aged min_age+ who enters a terminal decline is on the WZC list (or admitted) that week,
    as urgent."""
    model = _small_model(**{**DECLINE_ON, "residential.decline_referral_prob": 1.0})
    pop, res = model.pop, model.residential
    onsets = 0
    for _ in range(26):
        at_home = pop.alive & (res.wzc < 0) & (res.waiting_since < 0)
        model.step()
        onset = model.last_week.decline_onset
        onset = onset[at_home[onset] & pop.alive[onset] & (pop.age[onset] >= res.cfg.min_age)]
        onsets += len(onset)
        listed = (res.waiting_since[onset] == model.last_week.week) | (res.wzc[onset] >= 0)
        assert listed.all()
        waiting = onset[res.waiting_since[onset] >= 0]
        assert res.urgent[waiting].all()
    assert onsets > 0


def test_arrivals_of_both_sexes_are_not_paired_again():
    """With partners, only a lead and the partner who came with her form a couple; the other
    arriving adults live alone (their living alone was drawn by the couple chance)."""
    model = _small_model()
    demo, pop = model.demography, model.pop
    n = 2000
    age = np.full(n, 85.0, np.float32)
    sex = (np.arange(n) % 2).astype(np.int8)
    ids = demo._arrive(age, sex, 0, with_partners=True)
    partners = ids[n:]
    partnered = ids[pop.partner[ids] >= 0]
    assert len(partnered) == 2 * len(partners)
    assert set(pop.partner[partners].tolist()) <= set(ids[:n].tolist())
    single = ids[pop.partner[ids] < 0]
    assert pop.lives_alone(model.households.n)[single].all()
