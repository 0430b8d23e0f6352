"""Model shell: accounting invariants, determinism, named streams, results tables."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import CareModel
from sim.outputs.run import care_summary
from tests.conftest import make_config

GROUPS = ("pop_0_17", "pop_18_64", "pop_65_79", "pop_80plus")
LEVELS = ("need_none", "need_light", "need_moderate", "need_severe")


def test_everyone_counted_once_every_week(town_run):
    rec = town_run.recorder
    by_age = sum(rec.data[:, :, rec.index[g]] for g in GROUPS)
    by_need = sum(rec.data[:, :, rec.index[k]] for k in LEVELS)
    assert np.array_equal(by_age, by_need)
    assert by_age[-1].sum() == town_run.pop.alive.sum()


def test_population_flows_balance(town_run):
    rec = town_run.recorder
    alive = sum(rec.total(g) for g in GROUPS)
    change = np.diff(alive)
    flows = (rec.total("arrivals") - rec.total("departures") - rec.total("deaths"))[1:]
    assert np.array_equal(change, flows)
    assert rec.total("deaths").sum() == town_run.pop.died.sum()


def test_hours_needed_match_residents(town_run):
    """Hours needed: each level's hours plus the week's post-hospital nursing episodes, the
    need the ledger opened with."""
    rec = town_run.recorder
    episodes = town_run.acute.current
    assert episodes.ids.size > 0
    expected = town_run.needs.hours_needed().sum() + episodes.hours.sum()
    assert rec.total("hours_needed")[-1] == pytest.approx(expected)
    assert rec.total("hours_needed")[-1] == pytest.approx(town_run.care.need.sum(), rel=1e-5)


def test_yearly_event_ages_everyone(town_run):
    pop = town_run.pop
    initial = pop.alive & (pop.entry_week < 0)
    assert initial.sum() > 0
    # Nine yearly events in ten years (none after the last week): youngest initial is 9+.
    assert pop.age[initial].min() >= 9


def _series(model):
    return model.recorder.data.copy()


def test_same_seed_same_results():
    a, b = CareModel(make_config(seed=9, years=2)), CareModel(make_config(seed=9, years=2))
    a.run(), b.run()
    assert np.array_equal(_series(a), _series(b))
    assert np.array_equal(a.pop.need, b.pop.need)


def test_different_seed_different_results():
    a, b = CareModel(make_config(seed=1, years=2)), CareModel(make_config(seed=2, years=2))
    a.run(), b.run()
    assert not np.array_equal(_series(a), _series(b))


def test_paired_runs_keep_the_same_frailty_paths_over_the_whole_run():
    """Common random numbers over the whole run: residents who are there in both runs keep
    the same latent frailty path, except those whose care the policy changed enough to
    cause or avoid a crisis or carer overload (which move frailty). Before the streams
    restarted each week, the two runs' frailty shared nothing after the first year: the
    policy changed 325 deaths, arrivals, and so the length of every later draw."""
    base = CareModel(make_config(seed=4, years=3))
    other = CareModel(make_config(seed=4, years=3, **{
        "policies.zorgzame_buurten.enabled": True, "policies.zorgzame_buurten.coverage": 1.0}))
    first = base.pop.n  # the initial residents' slots
    base.run(), other.run()
    both = np.flatnonzero(base.pop.alive[:first] & other.pop.alive[:first])
    assert both.size > 0.8 * first
    same = np.abs(base.pop.frailty[both] - other.pop.frailty[both]) < 1e-5
    assert 0.9 < same.mean() < 1.0  # < 1: the policy did change someone's path


def test_neighbourhoods_are_mesa_agents(town_run):
    hoods = town_run.agents_by_type[type(town_run.neighbourhoods[0])]
    assert len(hoods) == town_run.n_buurten == 12
    assert sum(len(h.residents) for h in town_run.neighbourhoods) == town_run.pop.alive.sum()


def test_resident_view(town_run):
    i = int(np.flatnonzero(town_run.pop.alive & (town_run.pop.age > 70))[0])
    view = town_run.resident(i)
    assert view.alive and view.age > 70 and view.sex in ("man", "woman")
    assert set(view.ties) == {"household", "kin", "neighbour", "friend"}


def test_delivered_vs_contingent_counts_each_contingent_hour_once(town_run):
    """Catch-up hours re-offer unused contingent: they are not added to the denominator."""
    sysrec, hc = town_run.system, town_run.homecare
    last = sysrec.weeks_done - 1
    for kind, services in hc.by_kind.items():
        entitled = sysrec.total(f"{kind}_entitled")
        assert entitled[last] == pytest.approx(sum(s.weekly_base for s in services))
        assert (entitled <= sysrec.total(f"{kind}_contingent") + 1e-6).all()
    kinds = ("gezinszorg",)  # home nursing, paid per act, has no contingent (7.9)
    assert not town_run.cfg.homecare.thuisverpleging_capped
    delivered = sum(sysrec.total(f"{k}_delivered").sum() for k in kinds)
    entitled = sum(sysrec.total(f"{k}_entitled").sum() for k in kinds)
    offered = sum(sysrec.total(f"{k}_contingent").sum() for k in kinds)
    ratio = care_summary(town_run)["home_care_delivered_vs_contingent"]
    assert ratio == pytest.approx(delivered / entitled)
    assert ratio > delivered / offered


def test_adult_arrivals_are_lonely_about_as_often_as_the_residents():
    """Newcomers get a loneliness state from their long-run probability (they used to all
    start not lonely, which made loneliness drop at every yearly event)."""
    model = CareModel(make_config(seed=2, years=2))
    first = model.pop.n
    model.run(53)  # just past the first yearly event
    pop, lonely = model.pop, model.consequences.lonely
    new = np.arange(first, pop.n)
    new = new[pop.alive[new] & (pop.age[new] >= 18)]
    old = np.flatnonzero(pop.alive[:first] & (pop.age[:first] >= 18))
    assert new.size > 50
    assert 0.5 * lonely[old].mean() < lonely[new].mean() < 1.5 * lonely[old].mean()
