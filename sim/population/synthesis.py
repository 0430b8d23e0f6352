"""The synthesis of a Flemish municipality: buurten, ages, sexes, households, SES.

The initial population is drawn from the published age structure and living-alone shares
(docs/figures.md §2.1) and grouped into households per buurt; residents are the columns of
:class:`~sim.population.residents.Population`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.engine.schema import NAME_DOC, NAME_PATTERN, ConfigError, check_anchor_ages, param
from sim.population.residents import (
    BAND_EDGES,
    MAN,
    WOMAN,
    Households,
    Population,
)

N_AGE_BANDS = 21  # 0-4, 5-9, ..., 95-99, 100+
# Bounds of the at-home correction of living alone (``synthesise``, ``wzc_share``): numerical
# guards only, never reached with the published WZC shares (at most 0.45, 95+ women).
MAX_WZC_SHARE = 0.9
MAX_ALONE_AT_HOME = 0.95
# Largest difference of pairing keys (years) within a couple (``_pair_couples``): keys are age
# (men - 2) plus N(0, 3²) noise each, so their difference has sd 4.2 years; assumption: about
# 2 sd (range 6-12); Flemish couples rarely differ by more than 10 years.
MAX_COUPLE_KEY_GAP = 9.0


# ---------------------------------------------------------------------------------------------
# Municipality: population structure
# ---------------------------------------------------------------------------------------------

# Flemish Region 1 Jan 2023, share of residents per 5-year age band (%), 0-4 ... 95-99, 100+.
# Derived (D) from Statistiek Vlaanderen's pyramid, rounded so that 65+ = 21.1% and
# 85+ = 3.3% as published (docs/figures.md §2.1).
FLANDERS_2023_AGE_SHARES = [
    5.1, 5.6, 5.8, 5.6, 5.5, 6.0, 6.3, 6.3, 6.2, 6.2,
    6.7, 7.0, 6.6, 5.7, 5.2, 4.1, 2.8, 2.0, 1.0, 0.27, 0.03,
]  # fmt: skip
# Women per 100 men per band. Published anchors: 121 for 65+, 185 for 85+ (2021); bands
# in between are derived (D) so that those two aggregates are reproduced.
FLANDERS_2023_WOMEN_PER_100_MEN = [
    95, 95, 95, 96, 98, 99, 100, 100, 99, 99,
    99, 100, 102, 104, 109, 116, 135, 160, 215, 300, 400,
]  # fmt: skip


@dataclass
class MunicipalityConfig:
    """A synthetic Flemish municipality: size, neighbourhoods, households and social status."""

    name: str = param("middelgrote_stad", doc="municipality preset name", pattern=NAME_PATTERN,
                      pattern_doc=NAME_DOC,
                      source="set by the municipality preset (configs/municipality/)")
    description: str = param("Mid-size Flemish town (default)", doc="what the town is",
                             source="set by the municipality preset (configs/municipality/)")
    population: int = param(20_000, lo=100, hi=5_000_000, unit="residents",
                            doc="residents at the start",
                            source="assumption: typical Flemish town 15k-40k")
    buurt_size: float = param(1_700.0, lo=50.0, hi=100_000.0, unit="residents per buurt",
                              doc="target residents per buurt; sets the number of buurten "
                                  "unless neighbourhoods is given",
                              source="assumption: 1,000-3,000 residents per buurt "
                                     "(a buurt = 10 minutes by bicycle, docs/figures.md §2.1)")
    neighbourhoods: int | None = param(None, lo=1, hi=20_000, unit="buurten",
                                       doc="number of buurten, at most the population (null: "
                                           "from buurt_size); the run records the number used",
                                       null_doc="round(population / buurt_size), at least 1",
                                       source="derived from buurt_size unless set")
    neighbourhood_size_cv: float = param(0.35, lo=0.0, hi=1.5, unit="-",
                                         doc="coefficient of variation of buurt sizes",
                                         source="assumption (range 0.1-0.6)")
    age_shares: list[float] = param(FLANDERS_2023_AGE_SHARES, lo=0.0, hi=100.0, unit="%",
                                    length=N_AGE_BANDS,
                                    doc="share of residents per 5-year age band, 0-4 to 100+ "
                                        "(positive sum; renormalised)",
                                    source="Statistiek Vlaanderen 2023 pyramid, rounded so "
                                           "that 65+ = 21.1% and 85+ = 3.3% (D; "
                                           "docs/figures.md §2.1)")
    women_per_100_men: list[float] = param(FLANDERS_2023_WOMEN_PER_100_MEN, lo=1.0, hi=1000.0,
                                           unit="women per 100 men", length=N_AGE_BANDS,
                                           doc="women per 100 men per 5-year age band, 0-4 to "
                                               "100+",
                                           source="Statistiek Vlaanderen 2021: 121 at 65+, 185 "
                                                  "at 85+ (V), bands between D; "
                                                  "docs/figures.md §2.1")
    old_age_factor: float = param(1.0, lo=0.2, hi=3.0, unit="x",
                                  doc="multiplies the shares of the 65+ bands, then renormalised",
                                  source="assumption: 1.0 Flemish average, rural ~1.2, city ~0.8")
    # Living alone. Anchors: 29% of 67+ (2020, V2), 39% of 80-89 and 44% of 90+ (Belgium 2019,
    # V2). The curve by age below is derived (D) to reproduce them; under-65 values are an
    # assumption (about 14% of adults live alone in Flanders).
    alone_ages: list[float] = param([18, 25, 35, 50, 65, 75, 85, 95], lo=0, hi=120, unit="years",
                                    doc="anchor ages of the living-alone curve (strictly "
                                        "increasing)",
                                    source="anchors chosen to fit the published shares")
    alone_share: list[float] = param([0.06, 0.12, 0.13, 0.12, 0.18, 0.265, 0.375, 0.42], lo=0.0,
                                     hi=1.0, unit="share",
                                     doc="share of adults living alone at each anchor age, "
                                         "both sexes (linear in between)",
                                     source="Vlaamse Ouderenraad/Statbel (V2): 29% of 67+, 39% "
                                            "of 80-89, 44% of 90+; D between anchors; under 65 "
                                            "an assumption (about 14% of adults live alone); "
                                            "docs/figures.md §2.1")
    alone_factor: float = param(1.0, lo=0.2, hi=3.0, unit="x",
                                doc="scales living alone (cities higher, rural lower)",
                                source="assumption (range 0.8-1.3)")
    alone_women_odds: float = param(1.8, lo=0.2, hi=5.0, unit="odds ratio",
                                    doc="odds of living alone, women vs men, 65+ (widowhood)",
                                    source="assumption (range 1.3-2.5)")
    children_per_family: float = param(1.7, lo=0.0, hi=6.0, unit="children",
                                       doc="mean number of minors per family household",
                                       source="assumption (Flemish TFR ~1.6; range 1.4-2.0)")
    single_parent_share: float = param(0.18, lo=0.0, hi=1.0, unit="share",
                                       doc="share of families with minors headed by one adult",
                                       source="assumption (range 0.12-0.25)")
    assisted_living_share_75plus: float = param(0.045, lo=0.0, hi=0.5, unit="share",
                                                doc="share of residents 75+ living in "
                                                    "assisted-living flats",
                                                source="31,839 units (Vl+Bru 2021, V) / ~700k "
                                                       "75+ (D); docs/figures.md §3")
    ses_segregation: float = param(0.6, lo=0.0, hi=3.0, unit="latent sd",
                                   doc="sd of the buurt effect on households' latent status "
                                       "(household noise sd 1); SES quintiles are cut from it",
                                   source="assumption (range 0.3-1.0)")

    def check(self, run: Any) -> None:
        """Cross-field rules: a positive age structure, buurten no more than residents."""
        if sum(self.age_shares) <= 0:
            raise ConfigError("municipality.age_shares", self.age_shares, "allowed: shares "
                              "with a positive sum")
        if self.neighbourhoods is not None and self.neighbourhoods > self.population:
            raise ConfigError("municipality.neighbourhoods", self.neighbourhoods,
                              f"allowed: at most the population ({self.population})")
        check_anchor_ages("municipality.alone", self.alone_ages, self.alone_share)

    @property
    def n_buurten(self) -> int:
        """The number of buurten: ``neighbourhoods`` if set, else population / buurt size."""
        if self.neighbourhoods is not None:
            return int(self.neighbourhoods)
        return int(max(1, min(self.population, round(self.population / self.buurt_size))))


def age_band(age: np.ndarray) -> np.ndarray:
    """Index of the 5-year band (0 = 0-4 ... 20 = 100+)."""
    return np.minimum(age // 5, len(BAND_EDGES) - 1).astype(np.int8)


def band_probabilities(cfg: MunicipalityConfig) -> np.ndarray:
    """Share of residents per 5-year band after applying ``old_age_factor`` to 65+."""
    p = np.asarray(cfg.age_shares, dtype=float)
    p[13:] *= cfg.old_age_factor
    return p / p.sum()


def women_share(cfg: MunicipalityConfig) -> np.ndarray:
    """Share of women per 5-year band."""
    r = np.asarray(cfg.women_per_100_men, dtype=float)
    return r / (100.0 + r)


def sample_ages(band: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Exact ages (years, fractional) uniformly within bands; 100+ decays exponentially."""
    age = band * 5.0 + rng.random(len(band)) * 5.0
    top = band == len(BAND_EDGES) - 1
    age[top] = 100.0 + np.minimum(rng.exponential(2.0, top.sum()), 12.0)
    return age.astype(np.float32)


def buurt_sizes(cfg: MunicipalityConfig, rng: np.random.Generator) -> np.ndarray:
    """Residents per buurt: lognormal weights with the configured CV, each buurt >= 1."""
    k = cfg.n_buurten
    sigma = np.sqrt(np.log1p(cfg.neighbourhood_size_cv**2))
    w = rng.lognormal(-sigma**2 / 2, sigma, k) if sigma > 0 else np.ones(k)
    sizes = np.ones(k, np.int64) + rng.multinomial(cfg.population - k, w / w.sum())
    return sizes


def living_alone_probability(
    age: np.ndarray, sex: np.ndarray, cfg: MunicipalityConfig
) -> np.ndarray:
    """P(living alone) by age and sex: published anchors, widowhood gap for 65+ women."""
    p = np.interp(age, cfg.alone_ages, cfg.alone_share) * cfg.alone_factor
    p = np.clip(p, 1e-6, 1 - 1e-6)
    odds = p / (1 - p)
    half = np.sqrt(cfg.alone_women_odds)
    old = age >= 65
    odds = np.where(old & (sex == WOMAN), odds * half, np.where(old, odds / half, odds))
    p = odds / (1 + odds)
    return np.where(age < 18, 0.0, p)


def nearest_in_group(
    cand_group: np.ndarray, cand_val: np.ndarray, q_group: np.ndarray, q_val: np.ndarray
) -> np.ndarray:
    """For each query, the index of the candidate in the same group with the closest value.

    Returns -1 where the query's group has no candidate. Vectorised: one sort and one
    ``searchsorted`` instead of a loop over groups.
    """
    span = 1e4
    ckey = cand_group.astype(np.float64) * span + cand_val
    order = np.argsort(ckey, kind="stable")
    ckey = ckey[order]
    qkey = q_group.astype(np.float64) * span + q_val
    pos = np.searchsorted(ckey, qkey)
    left = np.clip(pos - 1, 0, len(ckey) - 1)
    right = np.clip(pos, 0, len(ckey) - 1)
    if len(ckey) == 0:
        return np.full(len(q_group), -1)
    g_sorted = cand_group[order]
    ok_l = g_sorted[left] == q_group
    ok_r = g_sorted[right] == q_group
    d_l = np.where(ok_l, np.abs(qkey - ckey[left]), np.inf)
    d_r = np.where(ok_r, np.abs(qkey - ckey[right]), np.inf)
    pick = np.where(d_r < d_l, right, left)
    out = order[pick]
    out[~(ok_l | ok_r)] = -1
    return out


def rank_match(
    cand_group: np.ndarray, cand_val: np.ndarray, q_group: np.ndarray, q_val: np.ndarray
) -> np.ndarray:
    """Match each query to the candidate at the same quantile of value within its group.

    Queries are spread evenly over the candidates (each gets about queries/candidates of
    them) while keeping the order of values: the query with the highest target value
    gets the candidate with the highest value. Nearest-value matching would pile many
    queries onto the few candidates at the edge of a sparse age range.

    Returns:
        Candidate index per query, -1 where the group has no candidate.
    """
    n_groups = int(max(cand_group.max(initial=-1), q_group.max(initial=-1))) + 1
    c_order = np.lexsort((cand_val, cand_group))
    q_order = np.lexsort((q_val, q_group))
    nc = np.bincount(cand_group, minlength=n_groups)
    nq = np.bincount(q_group, minlength=n_groups)
    c_start = np.cumsum(nc) - nc
    q_start = np.cumsum(nq) - nq
    g = q_group[q_order]
    rank = np.arange(len(q_order)) - q_start[g]
    pos = c_start[g] + (rank * nc[g]) // np.maximum(nq[g], 1)
    out = np.full(len(q_group), -1, np.int64)
    ok = nc[g] > 0
    out[q_order[ok]] = c_order[pos[ok]]
    return out


def take_or_none(values: np.ndarray, pick: np.ndarray) -> np.ndarray:
    """``values[pick]`` where ``pick >= 0``, else -1 (also when ``values`` is empty)."""
    if values.size == 0:
        return np.full(pick.shape, -1, np.int64)
    return np.where(pick >= 0, values[np.maximum(pick, 0)], -1)


def _pair_couples(
    pop: Population, cand: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Pair men and women within each buurt by age (men about 2 years older).

    Men are keyed on age - 2 + N(0, 3²), women on age + N(0, 3²). Within a buurt the
    candidates are walked in order of key; each one pairs with the nearest unpaired
    candidate of the other sex below her key, if that one is at most ``MAX_COUPLE_KEY_GAP``
    away, and otherwise waits. Whoever is not paired stays single: where one sex
    outnumbers the other (women at old ages) the surplus is left at that age. Pairing
    by rank instead (the k-th man with the k-th woman) let any surplus at younger ages
    shift every older pair: in the default town only 24% of men aged 85-94 had a partner
    and women of that age had partners 9 years younger on average.

    Returns:
        (men, women): paired residents, ``men[k]`` with ``women[k]``.
    """
    is_man = pop.sex[cand] == MAN
    key = pop.age[cand] - np.where(is_man, 2.0, 0.0) + rng.normal(0, 3, len(cand))
    order = np.lexsort((key, pop.buurt[cand]))
    ids, keys = cand[order].tolist(), key[order].tolist()
    men_of = is_man[order].tolist()
    buurt = pop.buurt[cand][order].tolist()
    men: list[int] = []
    women: list[int] = []
    waiting: tuple[list[tuple[float, int]], list[tuple[float, int]]] = ([], [])
    current = None
    for i, k, m, b in zip(ids, keys, men_of, buurt, strict=True):
        if b != current:
            current, waiting = b, ([], [])
        other = waiting[0 if m else 1]  # waiting women for a man, men for a woman
        while other and k - other[-1][0] > MAX_COUPLE_KEY_GAP:
            other.clear()  # all are further below: none of them can pair any more
        if other:
            j = other.pop()[1]
            men.append(i if m else j)
            women.append(j if m else i)
        else:
            waiting[1 if m else 0].append((k, i))
    return np.asarray(men, np.int64), np.asarray(women, np.int64)


def synthesise(
    cfg: MunicipalityConfig, rng: np.random.Generator, *,
    wzc_share: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
) -> tuple[Population, Households]:
    """Create the initial residents and households of a municipality.

    Age and sex follow the Flemish 2023 structure; residents are spread over buurten of
    varying size; households are people living alone (published shares by age), couples
    (paired by age within a buurt), families with minors, and older parents or adult
    children sharing a household. SES quintiles are shared within a household and
    clustered by buurt.

    Args:
        cfg: The municipality.
        rng: Stream "population".
        wzc_share: Expected share of residents of each age (years) and sex who will be
            placed in a WZC by the initial fill, which draws regardless of household type.
            The living-alone curve is a share of *all* residents, WZC residents included
            (docs/figures.md §2.1), so among those drawn at home it is divided by the share
            at home, 1 - wzc_share; without it (None) nobody is expected in a WZC.
    """
    n = cfg.population
    pop = Population.empty(n)
    band = rng.choice(len(BAND_EDGES), size=n, p=band_probabilities(cfg))
    pop.age[:] = sample_ages(band, rng)
    pop.sex[:] = (rng.random(n) < women_share(cfg)[band]).astype(np.int8)
    sizes = buurt_sizes(cfg, rng)
    pop.buurt[:] = rng.permutation(np.repeat(np.arange(len(sizes), dtype=np.int32), sizes))
    hh = Households(np.zeros(0, np.int32), np.zeros(0, np.float32), np.zeros(0, np.float32))
    p_alone = living_alone_probability(pop.age, pop.sex, cfg)
    if wzc_share is not None:
        at_home = 1.0 - np.clip(wzc_share(pop.age, pop.sex), 0.0, MAX_WZC_SHARE)
        p_alone = np.minimum(p_alone / at_home, MAX_ALONE_AT_HOME)
    _form_households(pop, hh, cfg, rng, p_alone=p_alone)
    _assign_ses(pop, hh, cfg, rng)
    return pop, hh


def _form_households(
    pop: Population, hh: Households, cfg: MunicipalityConfig, rng: np.random.Generator, *,
    p_alone: np.ndarray,
) -> None:
    age, ids = pop.age, np.arange(pop.n)
    adult = age >= 18
    alone = adult & (rng.random(pop.n) < p_alone)
    # Living alone: one household each.
    solo = ids[alone]
    pop.household[solo] = hh.add(pop.buurt[solo], rng)
    # Couples among adults 25+ who do not live alone (and 15% of those aged 18-24).
    young_adult = adult & (age < 25)
    couple_cand = ids[adult & ~alone & ((age >= 25) | (rng.random(pop.n) < 0.15))]
    men, women = _pair_couples(pop, couple_cand, rng)
    pop.partner[men], pop.partner[women] = women, men
    pop.household[men] = hh.add(pop.buurt[men], rng)
    pop.household[women] = pop.household[men]
    # Single parents: unpartnered, not-alone adults aged 22-55 head a family household.
    minors = ids[age < 18]
    n_sp = int(round(cfg.single_parent_share * len(minors) / max(cfg.children_per_family, 0.1)))
    free = ids[adult & ~alone & (pop.partner < 0) & (age >= 22) & (age < 56)]
    heads = rng.permutation(free)[:n_sp]
    pop.household[heads] = hh.add(pop.buurt[heads], rng)
    # Minors join a family: a single parent with the configured probability, else a couple
    # chosen as a family; each family has 1 + Poisson(children - 1) child slots, filled
    # in age order (targets 22-38 years older; quantile matching makes it approximate).
    to_single = rng.random(len(minors)) < cfg.single_parent_share
    mothers = women[(pop.age[women] >= 24) & (pop.age[women] < 53)]
    n_fam = int(round(np.count_nonzero(~to_single) / max(cfg.children_per_family, 1.0)))
    families = rng.choice(mothers, size=min(n_fam, len(mothers)), replace=False)
    target = pop.age[minors] + rng.uniform(22, 38, len(minors))
    parent = np.full(len(minors), -1)
    extra = max(cfg.children_per_family - 1.0, 0.0)
    for pool, mask in ((heads, to_single), (families, ~to_single)):
        slots = np.repeat(pool, 1 + rng.poisson(extra, len(pool)))
        if len(slots):
            pick = rank_match(pop.buurt[slots], pop.age[slots], pop.buurt[minors[mask]],
                              target[mask])
            parent[mask] = take_or_none(slots, pick)
    _fallback_to_any_household(pop, hh, minors, parent, rng)
    # Young adults still at home join a parent aged 40-65 (couple or single parent).
    at_home = ids[young_adult & ~alone & (pop.household < 0)]
    elders = np.concatenate([women[(pop.age[women] >= 40) & (pop.age[women] < 66)], heads])
    elders = elders[pop.age[elders] >= 40]
    pick = rank_match(pop.buurt[elders], pop.age[elders], pop.buurt[at_home],
                      pop.age[at_home] + rng.uniform(22, 38, len(at_home)))
    parent = take_or_none(elders, pick)
    dependants = at_home
    _fallback_to_any_household(pop, hh, dependants, parent, rng)
    # Remaining adults (unmatched, not alone): share a household with someone in the buurt
    # about one generation apart (an older parent living in, or an adult child at home).
    rest = ids[pop.household < 0]
    hosts = ids[(pop.household >= 0) & adult]
    target = pop.age[rest] + np.where(pop.age[rest] >= 50, -30.0, 30.0)
    pick = rank_match(pop.buurt[hosts], pop.age[hosts], pop.buurt[rest], target)
    host = take_or_none(hosts, pick)
    _fallback_to_any_household(pop, hh, rest, host, rng)


def _fallback_to_any_household(
    pop: Population, hh: Households, who: np.ndarray, host: np.ndarray, rng: np.random.Generator
) -> None:
    """Put ``who`` in the household of ``host``; where there is none, found a new one."""
    has = host >= 0
    pop.household[who[has]] = pop.household[host[has]]
    lone = who[~has]
    pop.household[lone] = hh.add(pop.buurt[lone], rng)


def _assign_ses(
    pop: Population, hh: Households, cfg: MunicipalityConfig, rng: np.random.Generator
) -> None:
    """Quintiles of a latent status: buurt effect plus household noise, 20% each overall."""
    k = int(pop.buurt.max()) + 1
    buurt_effect = rng.normal(0, cfg.ses_segregation, k)
    latent = buurt_effect[hh.buurt] + rng.normal(0, 1, hh.n)
    size = np.bincount(pop.household, minlength=hh.n)
    order = np.argsort(latent)
    cum = np.cumsum(size[order]) / size.sum()
    q = np.empty(hh.n, np.int8)
    q[order] = np.minimum((cum - 1e-12) * 5, 4).astype(np.int8)
    pop.ses[:] = q[pop.household]
