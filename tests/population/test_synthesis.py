"""Population synthesis against the Flemish 2023 input figures (docs/figures.md §2.1)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import MunicipalityConfig
from sim.population.residents import WOMAN
from sim.population.synthesis import synthesise


@pytest.fixture(scope="module")
def town():
    pop, hh = synthesise(MunicipalityConfig(population=200_000, neighbourhoods=80),
                         np.random.default_rng(5))
    return pop, hh


def test_age_structure_matches_flanders_2023(town):
    pop, _ = town
    assert np.mean(pop.age >= 65) == pytest.approx(0.211, abs=0.005)
    assert np.mean(pop.age >= 85) == pytest.approx(0.033, abs=0.003)
    assert np.mean(pop.age < 20) == pytest.approx(0.221, abs=0.01)


def test_sex_ratio_at_old_age_matches_published(town):
    pop, _ = town
    for lo, target, tol in ((65, 121, 6), (85, 185, 15)):
        old = pop.age >= lo
        ratio = 100 * np.sum(old & (pop.sex == WOMAN)) / np.sum(old & (pop.sex != WOMAN))
        assert ratio == pytest.approx(target, abs=tol), lo


def _alone(pop):
    size = np.bincount(pop.household)
    return size[pop.household] == 1


@pytest.mark.parametrize(("lo", "hi", "target", "tol"),
                         [(67, 200, 0.29, 0.025), (80, 90, 0.39, 0.03), (90, 200, 0.44, 0.05)])
def test_living_alone_by_age_matches_published(town, lo, hi, target, tol):
    pop, _ = town
    band = (pop.age >= lo) & (pop.age < hi)
    assert _alone(pop)[band].mean() == pytest.approx(target, abs=tol)


def test_households_are_consistent(town):
    pop, hh = town
    assert (pop.household >= 0).all()
    assert (hh.buurt[pop.household] == pop.buurt).all(), "a household spans two buurten"
    adults = np.bincount(pop.household, weights=pop.age >= 18, minlength=hh.n)
    assert (adults[pop.household[pop.age < 18]] >= 1).all(), "a minor lives without an adult"
    assert not _alone(pop)[pop.age < 18].any()
    partnered = np.flatnonzero(pop.partner >= 0)
    assert (pop.partner[pop.partner[partnered]] == partnered).all()
    assert (pop.household[pop.partner[partnered]] == pop.household[partnered]).all()
    assert (pop.sex[pop.partner[partnered]] != pop.sex[partnered]).all()
    gap = np.abs(pop.age[partnered] - pop.age[pop.partner[partnered]])
    assert np.median(gap) < 5


def test_ses_quintiles_and_household_sharing(town):
    pop, _ = town
    shares = np.bincount(pop.ses, minlength=5) / pop.n
    assert np.allclose(shares, 0.2, atol=0.01)
    first = {}
    for h, s in zip(pop.household[:5000], pop.ses[:5000], strict=True):
        assert first.setdefault(h, s) == s


def test_ses_clusters_by_buurt(town):
    pop, _ = town
    mean_ses = np.bincount(pop.buurt, weights=pop.ses) / np.bincount(pop.buurt)
    assert mean_ses.std() > 0.3, "buurten should differ in social status"


def test_presets_order_by_age():
    shares = {}
    for name, factor in (("rural", 1.18), ("town", 1.0), ("city", 0.8)):
        pop, _ = synthesise(MunicipalityConfig(population=50_000, old_age_factor=factor),
                            np.random.default_rng(1))
        shares[name] = np.mean(pop.age >= 65)
    assert shares["rural"] > shares["town"] + 0.02 > shares["city"] + 0.04


def test_buurt_sizes_sum_and_vary():
    cfg = MunicipalityConfig(population=30_000, neighbourhoods=15, neighbourhood_size_cv=0.4)
    pop, _ = synthesise(cfg, np.random.default_rng(2))
    sizes = np.bincount(pop.buurt)
    assert len(sizes) == 15 and sizes.sum() == 30_000 and sizes.min() >= 1
    assert 0.2 < sizes.std() / sizes.mean() < 0.6


def test_household_sizes_are_plausible(town):
    """Statbel 2023, Flanders: about 1/3 single, 1/3 two persons, the rest 3+; none huge."""
    pop, hh = town
    size = np.bincount(pop.household, minlength=hh.n)
    share = np.bincount(size, minlength=8)[1:] / hh.n
    assert size.max() <= 12
    assert 0.27 < share[0] < 0.37 and 0.30 < share[1] < 0.42
    assert share[3:].sum() > 0.08, "families with two or more children must exist"
    assert 2.0 < pop.n / hh.n < 2.5


def test_living_alone_is_drawn_among_those_at_home_when_a_wzc_share_is_given():
    """The curve is a share of all residents, WZC included: at home it is divided by 1 - w.

    With a WZC share of 0.3 from age 85 the synthesis puts about 1/0.7 times as many 85+
    residents in one-person households, and nobody younger changes.
    """
    cfg = MunicipalityConfig(population=40_000, neighbourhoods=20)
    share = {}
    for w in (None, lambda age, sex: np.where(age >= 85, 0.3, 0.0)):
        pop, _ = synthesise(cfg, np.random.default_rng(9), wzc_share=w)
        alone = _alone(pop)
        share[w is None] = (alone[pop.age >= 85].mean(), alone[(pop.age >= 67)
                                                               & (pop.age < 85)].mean())
    ratio = share[False][0] / share[True][0]
    assert 1.25 < ratio < 1.55, ratio
    assert share[False][1] == pytest.approx(share[True][1], abs=0.015)


def test_couples_pair_by_age_so_that_the_surplus_of_old_women_stays_single(town):
    """Pairing by nearest age within a buurt: older men mostly have a partner about two
    years younger, older women more often none (they outnumber and outlive men)."""
    pop, _ = town
    old = (pop.age >= 85) & (pop.age < 95)
    men, women = old & (pop.sex != WOMAN), old & (pop.sex == WOMAN)
    partnered = pop.partner >= 0
    assert partnered[men].mean() > 0.45
    assert partnered[women].mean() < partnered[men].mean() - 0.2
    mate = pop.partner[men & partnered]
    gap = pop.age[men & partnered] - pop.age[mate]  # his age minus his partner's
    assert 1.0 < np.median(gap) < 5.0  # rank pairing: women 85-94 had partners 9 years younger
