"""Policies: neutral settings change nothing, streams stay apart, each lever moves its target.

Every comparison shares a seed: with named random streams the only systematic difference
between two runs is the policy.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import CareModel
from sim.policies import REGISTRY, Policies
from tests.conftest import make_config

SMALL = {"municipality.population": 6_000, "municipality.neighbourhoods": 5}

# Settings under which each policy, switched on, must leave every result unchanged.
NEUTRAL = {
    "extra_contingent": {"gezinszorg_extra": 0.0, "thuisverpleging_extra": 0.0},
    "crisis": {"staff_absent_share": 0.0, "respite_closed": False,
               "carer_capacity_factor": 1.0, "cross_facility_exchange": 0.0},
    "zorgzame_buurten": {"coverage": 0.0},
    "voucher_subsidy": {"price_factor": 1.0},
    "prevention": {"reach": 0.0},
    "wzc_programming": {"places_factor": 1.0},
    "carer_support": {"extra_respite": 0.0, "care_leave_share": 0.0, "coaching_uptake": 0.0,
                      "allowance_willingness_factor": 1.0, "allowance_per_year": 0.0},
    "flexible_norms": {"logistics_norm_share": 0.0, "pool_share": 0.0, "side_entrant_inflow": 0.0,
                       "empty_wzc_places_to_respite": 0.0, "workable_work_burnout_factor": 1.0,
                       "workable_work_leave_factor": 1.0, "workable_work_cost_per_fte_year": 0.0},
}


def _model(years: int = 1, seed: int = 5, **over) -> CareModel:
    return CareModel(make_config(seed=seed, years=years, **SMALL, **over))


def _run(years: int = 1, seed: int = 5, **over) -> CareModel:
    model = _model(years, seed, **over)
    model.run()
    return model


def _on(name: str, **settings) -> dict:
    out = {f"policies.{name}.enabled": True}
    out.update({f"policies.{name}.{k}": v for k, v in settings.items()})
    return out


def _total(model: CareModel, name: str) -> float:
    return float(model.recorder.total(name).sum())


def _system(model: CareModel, name: str, weeks: slice = slice(None)) -> np.ndarray:
    return model.system.total(name)[weeks]


@pytest.fixture(scope="module")
def status_quo() -> CareModel:
    return _run()


def test_every_registered_policy_has_a_neutral_setting():
    Policies(_model())  # imports every policy module
    assert set(REGISTRY) == set(NEUTRAL)


@pytest.mark.parametrize("name", sorted(NEUTRAL))
def test_neutral_policy_gives_identical_results(status_quo, name):
    model = _run(**_on(name, **NEUTRAL[name]))
    assert [p.name for p in model.policies.active] == [name]
    for a, b in ((model.recorder, status_quo.recorder), (model.by_ses, status_quo.by_ses),
                 (model.system, status_quo.system)):
        assert np.array_equal(a.data, b.data), f"neutral {name} changed results"


def test_policy_does_not_shift_unrelated_random_streams(status_quo):
    """A crisis changes care, but not the draws of deaths and need dynamics (first year)."""
    model = _run(**_on("crisis", start_week=4, duration_weeks=30))
    assert _total(model, "hours_unmet") != _total(status_quo, "hours_unmet")
    for stream in ("deaths", "needs", "population"):
        assert (model.streams[stream].bit_generator.state
                == status_quo.streams[stream].bit_generator.state), stream


def test_intensity_follows_start_and_ramp():
    model = _model(**_on("extra_contingent", start_week=10, ramp_weeks=4))
    p = model.policies.active[0]
    assert [p.intensity(w) for w in (0, 9, 10, 11, 13, 40)] == [0, 0, 0.25, 0.5, 1, 1]


# -- extra contingent ------------------------------------------------------------------------


def test_extra_contingent_without_staff_delivers_fewer_extra_hours():
    lever = {"gezinszorg_extra": 0.3}
    funded = _run(years=3, **_on("extra_contingent", **lever))
    unfunded = _run(years=3, **_on("extra_contingent", **lever, funded_hiring=False))
    base = _run(years=3)
    later = slice(52, None)  # after the hires have started

    def extra(model: CareModel, name: str) -> float:
        return float(_system(model, name, later).sum() - _system(base, name, later).sum())

    assert extra(funded, "gezinszorg_contingent") > 0.2 * _system(
        base, "gezinszorg_contingent", later).sum()
    assert extra(funded, "gezinszorg_delivered") > 0
    assert extra(unfunded, "gezinszorg_delivered") < 0.5 * extra(funded, "gezinszorg_delivered")
    assert extra(funded, "family_care_worker_fte") > extra(unfunded, "family_care_worker_fte")
    assert extra(funded, "family_care_worker_fte") > 0


# -- crisis ----------------------------------------------------------------------------------


def test_crisis_raises_unmet_need_and_workload(status_quo):
    crisis = {"start_week": 8, "duration_weeks": 20, "staff_absent_share": 0.3}
    hit = _run(**_on("crisis", **crisis))
    during = slice(8, 28)
    assert _total(hit, "hours_unmet") > _total(status_quo, "hours_unmet")
    wl = "wzc_care_workload"
    assert _system(hit, wl, during).mean() > _system(status_quo, wl, during).mean()
    assert _system(hit, "day_care_users", during).sum() == 0
    assert _system(hit, "day_care_users", slice(40, None)).sum() > 0  # reopened
    # Carers took on more with less capacity: more of them overloaded.
    over = "carers_overloaded"
    assert (hit.recorder.total(over)[during].sum()
            > status_quo.recorder.total(over)[during].sum())


def test_crisis_exchange_pools_staff_only_during_the_crisis():
    model = _model(**_on("crisis", start_week=3, duration_weeks=4, staff_absent_share=0.3,
                         cross_facility_exchange=0.25))
    shares = []
    for _ in range(9):
        model.step()
        pool = model.levers.value("workforce.pool_share")
        shares.append(0 if pool is None else float(pool.max()))
    assert shares == [0, 0, 0, 0.25, 0.25, 0.25, 0.25, 0, 0]


def test_staff_pool_moves_spare_hours_to_short_employers():
    from tests.care.test_workforce import build

    wf = build(3)
    wf.step(0)
    a, b = 0, 1  # two family-care employers
    hours = [wf.available_hours(e) for e in (a, b)]
    wf.report_demand(a, 0.5 * hours[0])  # spare hours
    wf.report_demand(b, 2.0 * hours[1])  # short
    wf.set_pool(0.2, [a, b], source="test")
    after = [wf.available_hours(e) for e in (a, b)]
    assert after[0] < hours[0] and after[1] > hours[1]
    assert sum(after) == pytest.approx(sum(hours))
    assert hours[0] - after[0] <= 0.2 * hours[0] + 1e-6
    wf.set_pool(0.0, source="test")
    assert wf.available_hours(a) == pytest.approx(hours[0])


# -- zorgzame buurten ------------------------------------------------------------------------


def _by_buurt(model: CareModel, name: str) -> np.ndarray:
    rec = model.recorder
    return rec.data[: rec.weeks_done, :, rec.index[name]].sum(axis=0)


def test_zorgzame_buurten_act_in_covered_buurten_and_not_elsewhere(status_quo):
    model = _run(**_on("zorgzame_buurten", coverage=0.4, lonely_odds=0.7, volunteer_hours=40.0,
                       neighbour_willingness_factor=3.0))
    policy = model.policies.active[0]
    cov = policy.covered
    assert cov.sum() == 2 and policy.ties_added > 0
    change = {k: _by_buurt(model, k) / _by_buurt(status_quo, k)
              for k in ("hours_informal", "lonely")}
    assert (change["hours_informal"][cov] > 1.03).all()
    assert (change["lonely"][cov] < 0.97).all()
    assert change["hours_informal"][~cov].mean() < change["hours_informal"][cov].mean()
    # Elsewhere loneliness moves only by chance (shared random streams keep it close).
    assert abs(change["lonely"][~cov].mean() - 1) < 0.5 * abs(change["lonely"][cov].mean() - 1)
    # The oldest buurten are chosen first, and the policy costs its coordinators.
    pop = status_quo.pop
    old = np.bincount(pop.buurt[pop.alive & (pop.age >= 65)], minlength=len(cov))
    share = old / np.bincount(pop.buurt[pop.alive], minlength=len(cov))
    assert share[cov].min() >= share[~cov].max() - 0.02
    weekly = 2 * (0.5 * 58_000 + 10_000) / 52
    assert _system(model, "policy_cost") == pytest.approx(np.full(52, weekly))


def test_outreach_reaches_low_ses_more():
    model = _model(**_on("zorgzame_buurten", coverage=1.0, outreach_prob=0.5,
                         outreach_low_ses_factor=3.0, volunteer_hours=0.0))
    found = []
    for _ in range(10):
        model.step()
        found.append(model.policies.active[0].found)
    ses = model.pop.ses[np.concatenate(found)]
    assert (ses == 0).sum() > (ses == 4).sum()


def test_outreach_lengthens_the_home_care_list():
    """Outreach refers residents with unmet need who had not asked; with the same home-care
    hours they wait. Default town, 10 years, seeds 0-2 (docs/advisors.md): list +40 to +75
    with outreach, +9 to +11 without it. Here a town of 6,000 for 2 years, all buurten:
    about 2.1 times the resident-weeks on the list at an outreach chance of 0.1 a week."""
    common = {"coverage": 1.0, "volunteer_hours": 0.0, "neighbour_willingness_factor": 1.0}
    none = _run(2, **_on("zorgzame_buurten", outreach_prob=0.0, **common))
    some = _run(2, **_on("zorgzame_buurten", outreach_prob=0.1, **common))
    assert _total(some, "waiting_home_care") > 1.1 * _total(none, "waiting_home_care")


# -- flexible norms --------------------------------------------------------------------------


def test_flexible_norms_soften_a_staff_crisis():
    """Pooled over six seeds: per seed the exchange takes -4% to +27% off the crisis's extra
    unmet hours (it depends on which employers the absences hit); pooled about 12%."""
    crisis = _on("crisis", start_week=8, duration_weeks=30, staff_absent_share=0.3)
    unmet = {"base": 0.0, "hit": 0.0, "soft": 0.0}
    for seed in (5, 6, 7, 8, 9, 10):
        unmet["base"] += _total(_run(seed=seed), "hours_unmet")
        unmet["hit"] += _total(_run(seed=seed, **crisis), "hours_unmet")
        soft = _run(seed=seed, **crisis, **_on("flexible_norms", pool_share=0.3))
        unmet["soft"] += _total(soft, "hours_unmet")
    assert unmet["hit"] > 1.05 * unmet["base"]
    assert unmet["soft"] < unmet["hit"] - 0.05 * (unmet["hit"] - unmet["base"])
    # Logistics staff now count toward the norm: more FTE counted than care staff present.
    home = soft.residential.homes[0]
    wf = soft.workforce
    assert home.counted_fte() > wf.present_fte(home.care_employer)


def test_workable_work_lowers_burnout_and_leaving():
    """Each hazard separately: staff who stay longer also stay longer in burnout."""
    only = {"logistics_norm_share": 0.0, "pool_share": 0.0, "side_entrant_inflow": 0.0,
            "empty_wzc_places_to_respite": 0.0}
    base = _run(years=2)
    calmer = _run(years=2, **_on("flexible_norms", **only, workable_work_burnout_factor=0.5,
                                 workable_work_leave_factor=1.0))
    staying = _run(years=2, **_on("flexible_norms", **only, workable_work_burnout_factor=1.0,
                                  workable_work_leave_factor=0.5))
    types = ("family_care_worker", "home_nurse", "wzc_care", "wzc_logistics")

    def total(model: CareModel, metric: str) -> float:
        return float(sum(_system(model, f"{t}_{metric}").sum() for t in types))

    assert total(calmer, "burnout") < total(base, "burnout")
    assert total(staying, "leavers") < total(base, "leavers")
    assert _system(calmer, "policy_cost").sum() > 0


def test_side_entrants_fill_vacancies_but_learn_on_the_job():
    """The levers the policy sets: a wider labour pool, of which side-entrants start slower."""
    from tests.care.test_workforce import build, run

    def vacancies(side: bool) -> tuple[float, float]:
        wf = build(5)
        nurses = np.flatnonzero(wf.employers.staff_type == 1)
        for e in nurses:
            wf.set_target(e, 1.5 * wf.target_fte[e])
        if side:
            for lever, value in (("labour_pool_factor", np.full(4, 3.0)),
                                 ("side_entrant_share", 0.67), ("side_entrant_ramp_start", 0.3),
                                 ("side_entrant_ramp_weeks", 52.0)):
                wf.levers.set(f"workforce.{lever}", "test", value)
        res = run(wf, 60)
        new = wf.active & (wf.tenure_weeks < 20)
        return res[-1]["vacancy_fte"][1], float(wf.side[new].mean()) if new.any() else 0

    vac_regular, _ = vacancies(False)
    vac_side, side_share = vacancies(True)
    assert vac_side < vac_regular
    assert side_share > 0.3


def test_flexible_norms_set_their_levers():
    model = _model(**_on("flexible_norms", side_entrant_inflow=1.0))
    model.step()
    lv = model.levers
    assert (lv.value("workforce.labour_pool_factor") == 2.0).all()
    assert lv.value("workforce.side_entrant_share") == pytest.approx(0.5)
    assert (lv.value("workforce.burnout_factor") < 1).all()
    assert (lv.value("workforce.leave_factor") < 1).all()
    assert all(h.logistics_share > h.logistics_count_share for h in model.residential.homes)
    assert lv.value("workforce.pool_share").max() > 0


def test_empty_nursing_home_places_host_respite():
    model = _model(**_on("flexible_norms", empty_wzc_places_to_respite=1.0))
    res = model.residential
    for home in res.homes:  # empty every home a little: places freed and ready to let
        home.places += 3
    base_ss = res.short_stay_capacity().sum()
    model.step()
    units = model.levers.value("respite.extra_short_stay_units")
    assert units + model.levers.value("respite.extra_day_care_users") > 0
    assert res.short_stay_capacity().sum() > base_ss - units


# -- prevention ------------------------------------------------------------------------------


def test_prevention_slows_rising_need_after_its_lag(status_quo):
    model = _run(years=2, **_on("prevention", reach=0.6, lag_weeks=13,
                                frailty_shift_per_year=0.5))
    base = _run(years=2)
    policy = model.policies.active[0]
    reached = policy.reached()
    assert reached.size > 0
    # Proportional universalism: the lowest SES quintile is reached more than the highest.
    pop = model.pop
    eligible = pop.alive & (pop.age >= 65)
    rate = [np.isin(np.flatnonzero(eligible & (pop.ses == q)), reached).mean() for q in (0, 4)]
    assert rate[0] > rate[1]
    # After the lag, fewer rises in need than without the programme (same seed).
    after = slice(13, None)
    assert (model.recorder.total("need_up")[after].sum()
            < base.recorder.total("need_up")[after].sum())
    assert _total(model, "need_severe") < _total(base, "need_severe")
    assert _system(model, "policy_cost").sum() > 0
    assert (_system(model, "policy_cost", slice(0, 1)) > 0).all()


def test_wzc_programming_moves_places_with_the_norm(status_quo):
    """The places lever: a higher norm adds places, a lower one removes them (3 years: an
    occupied place is never closed, so a lower norm needs residents to leave first)."""
    places = {f: _system(_run(years=3, **_on("wzc_programming", places_factor=f)),
                         "wzc_places")[-1] for f in (0.8, 1.3)}
    base = _system(_run(years=3), "wzc_places")[-1]
    assert places[1.3] > base > places[0.8]


def test_lowered_need_shrinks_places_but_not_below_the_norm_minimum():
    """Strong prevention lowers need and demand: the homes close empty places, no further
    than the norm-derived minimum (residential.wzc_min_norm_share x the norm)."""
    years = 6
    model = _run(years=years, **_on("prevention", reach=1.0, lag_weeks=0,
                                    frailty_shift_per_year=1.0, only_light_need=False))
    base = _run(years=years)
    assert _total(model, "need_severe") < _total(base, "need_severe")
    assert _system(model, "wzc_places")[-1] < _system(base, "wzc_places")[-1]
    res = model.residential
    assert res.places.sum() >= model.cfg.residential.wzc_min_norm_share * res.norm_places() - 1


# -- carer support ---------------------------------------------------------------------------


def test_carer_support_relieves_carers_and_keeps_them_at_work():
    strained = {"informal.sustainable_share": 0.08}  # carers under strain: levers can act
    base = _run(years=2, **strained)
    helped = _run(years=2, **strained, **_on("carer_support", care_leave_share=1.0,
                                              coaching_uptake=0.2, coaching_factor=0.5))
    lost = ("carer_fte_lost_men", "carer_fte_lost_women")
    assert sum(_total(helped, k) for k in lost) < sum(_total(base, k) for k in lost)
    # More people take on care (the allowance), so compare the share of carers overloaded.
    assert (_total(helped, "carers_overloaded") / _total(helped, "carers")
            < _total(base, "carers_overloaded") / _total(base, "carers"))
    assert helped.informal.coached.any()
    assert (_system(helped, "short_stay_users").sum() + _system(helped, "day_care_users").sum()
            > _system(base, "short_stay_users").sum() + _system(base, "day_care_users").sum())
    assert _system(helped, "policy_cost").sum() > 0


def test_care_leave_returns_paid_work_after_the_leave():
    model = _model(**{"informal.sustainable_share": 0.05},
                   **_on("carer_support", care_leave_share=1.0, care_leave_weeks=4,
                         extra_respite=0.0, coaching_uptake=0.0))
    inf = model.informal
    leave = next(p for p in model.policies.active if p.name == "carer_support")
    before: dict[int, float] = {}  # paid work before the leave
    for _ in range(30):
        model.step()
        for i in np.flatnonzero(leave.leave_until > 0).tolist():
            before.setdefault(i, float(inf.paid_fte[i] + inf.paused_fte[i]))
    assert before
    on_leave = set(np.flatnonzero(leave.leave_until > 0).tolist())
    done = [i for i in before if i not in on_leave and inf.fte_lost[i] == 0
            and model.pop.alive[i]]
    assert done
    for i in done:  # the leave is over: the job is back, and no paid work counts as lost
        assert inf.paid_fte[i] == pytest.approx(before[i])


@pytest.mark.parametrize(("coverage", "buurten", "covered"), [
    (0.25, 2, 1), (0.25, 1, 1), (0.01, 12, 1), (0.0, 2, 0), (0.25, 12, 3), (0.5, 5, 2),
    (1.0, 2, 2)])
def test_a_coverage_above_zero_covers_at_least_one_buurt(coverage, buurten, covered):
    """0.25 of 2 buurten rounds to none: the scenario would silently be the status quo."""
    from sim.policies.zorgzame_buurten import buurten_covered

    assert buurten_covered(coverage, buurten) == covered


def test_zorgzame_buurten_act_in_a_town_of_two_buurten():
    model = CareModel(make_config(seed=5, years=1, **{"municipality.population": 1_500,
                                                      "municipality.neighbourhoods": 2},
                                  **_on("zorgzame_buurten")))  # the scenario's 25%
    policy = model.policies.active[0]
    assert policy.covered.sum() == 1
    model.step()
    assert _system(model, "policy_cost", slice(0, 1))[0] > 0
