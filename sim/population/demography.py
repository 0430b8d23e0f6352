"""Demography: deaths each week; ageing, births and migration once a year.

Mortality is a Gompertz-Makeham hazard by age and sex whose level is solved so that the
period life expectancy at birth equals the published Flemish figure for each sex. Need
and dementia multiply an individual's hazard; the baseline is divided by the mean of those
multipliers at each age, so the population's death rate by age still follows the
calibrated schedule while frail residents die sooner than healthy ones.

Two regimes fill the population each year:

* ``stable``: arrivals and departures hold every (5-year band x sex) cell at its initial
  count. The age structure stays that of 2023; use it to study policies without
  demographic drift.
* ``projection``: births and net in-migration at published rates, so the municipality ages
  as the Flemish projections say (67+ from 18% in 2020 to 21% in 2030).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from sim.engine.module import Module, Step, Week
from sim.engine.schema import param
from sim.engine.units import WEEKS_PER_YEAR
from sim.population.needs import (
    NeedsConfig,
    decline_need_floor,
    dementia_prevalence,
    level_probabilities,
)
from sim.population.network import SocialNetwork
from sim.population.residents import (
    BAND_EDGES,
    HOME,
    MAN,
    NURSING_HOME,
    WOMAN,
    Households,
    Population,
)
from sim.population.synthesis import (
    MAX_ALONE_AT_HOME,
    MAX_WZC_SHARE,
    MunicipalityConfig,
    _pair_couples,
    age_band,
    living_alone_probability,
    nearest_in_group,
    rank_match,
    sample_ages,
)


@dataclass
class DemographyConfig:
    """Deaths, births, migration and ageing."""

    regime: str = param("stable", choices=("stable", "projection"),
                        doc="'stable' keeps the age structure by replacement arrivals; "
                            "'projection' uses birth and migration rates",
                        source="run setting: stable to compare policies without "
                               "demographic drift, projection to let the town age")
    replace_every_weeks: int = param(52, lo=1, hi=52, unit="weeks",
                                     doc="stable regime: how often the residents who died "
                                         "are replaced (at the ages of the cells they left); "
                                         "52 replaces them only at the yearly update, 13 "
                                         "quarterly",
                                     source="run setting (range 1-52): a real town's deaths "
                                            "and arrivals run through the year, but each "
                                            "replacement costs about 0.15 s at 100,000 "
                                            "residents (quarterly: the benchmark 1.22 times "
                                            "slower; every 4 weeks: 1.86). Yearly, the share "
                                            "aged 65+ falls by about 0.004 between updates "
                                            "(docs/ODD.md 7.1)")
    life_expectancy_men: float = param(80.7, lo=40.0, hi=100.0, unit="years",
                                       doc="period life expectancy at birth of men (sets the "
                                           "level of mortality)",
                                       source="Statistiek Vlaanderen 2022 (V); "
                                              "docs/figures.md §2.1")
    life_expectancy_women: float = param(84.6, lo=40.0, hi=100.0, unit="years",
                                         doc="period life expectancy at birth of women",
                                         source="Statistiek Vlaanderen 2022 (V); "
                                                "docs/figures.md §2.1")
    gompertz_slope: float = param(0.105, lo=0.05, hi=0.2, unit="1/year",
                                  doc="rate at which adult mortality rises with age",
                                  source="assumption (human range 0.085-0.12)")
    makeham_constant: float = param(0.0002, lo=0.0, hi=0.01, unit="1/year",
                                    doc="age-independent part of mortality",
                                    source="assumption (range 0-0.0005)")
    infant_mortality: float = param(0.0032, lo=0.0, hi=0.1, unit="1/year",
                                    doc="death rate added in the first year of life",
                                    source="Flanders ~3.2 per 1000 births (V2; "
                                           "docs/figures.md §2.1)")
    need_mortality_rr: list[float] = param([1.0, 1.6, 2.8, 5.0], lo=0.1, hi=50.0, length=4,
                                           unit="rate ratio",
                                           doc="death rate ratio by need level none..severe",
                                           source="assumption (ranges 1.3-2, 2-4, 3-8 for "
                                                  "light, moderate, severe)")
    dementia_mortality_rr: float = param(2.0, lo=0.1, hi=20.0, unit="rate ratio",
                                         doc="death rate ratio with dementia",
                                         source="assumption (range 1.5-2.5); 1.8 until "
                                                "2026-12-07, 2.0 in the setting calibrated "
                                                "with terminal decline")
    decline_share: float = param(0.7, lo=0.0, hi=0.95, unit="share of deaths",
                                 doc="share of the deaths of residents aged decline_min_age+ "
                                     "that a terminal decline precedes: a resident's death "
                                     "hazard (need, dementia, partner applied) is split "
                                     "into a death hazard (1 - share) and a decline onset "
                                     "hazard (share); in decline she dies at "
                                     "decline_mortality (0: off)",
                                 source="Gill et al. 2010, N Engl J Med 362:1173 (V): in "
                                        "the last year of life 17% of decedents aged 70+ "
                                        "had no disability and 20% a catastrophic one "
                                        "(abrupt, in the last months), 63% an accelerated, "
                                        "progressive or persistently severe one; range "
                                        "0.5-0.8; docs/figures.md §2.1")
    decline_min_age: float = param(65.0, lo=0.0, hi=120.0, unit="years",
                                   doc="youngest age at which a terminal decline can begin",
                                   source="assumption (range 60-75): the evidence is on "
                                          "decedents aged 65-70+ (Lunney et al. 2003, "
                                          "Gill et al. 2010)")
    decline_mortality: float = param(0.8, lo=0.05, hi=10.0, unit="per year",
                                     doc="death hazard in terminal decline (constant: the "
                                         "phase lasts 1 / decline_mortality years on "
                                         "average, exponentially distributed)",
                                     source="mean phase about 1.4 years, range 0.5-1.0 "
                                            "(1-2 years): physical function declines "
                                            "steeply from 1 (SPPB) to 2.5 (gait speed) "
                                            "years before death (Stolz, Mayerl, "
                                            "Muniz-Terrera & Gill, Yale PEP Study, 702 "
                                            "decedents 70+, V); frail decedents were "
                                            "dependent throughout the last year, 2.9 ADL "
                                            "dependencies 12 months before death, 5.8 in "
                                            "the last month (Lunney et al. 2003, JAMA "
                                            "289:2387, V); docs/figures.md §2.1")
    decline_mortality_men_rr: float = param(1.5, lo=0.1, hi=10.0, unit="rate ratio",
                                            doc="men's death hazard in terminal decline over "
                                                "women's (decline_mortality is women's)",
                                            source="range 1-2: men die sooner after a "
                                                   "nursing-home admission, 46% of men and "
                                                   "about 30% of women within a year "
                                                   "(socialist health insurer, Flanders "
                                                   "~2019, V2; docs/figures.md §10), median "
                                                   "stay before death 3 months for men, 8 for "
                                                   "women (Kelly et al. 2010, J Am Geriatr "
                                                   "Soc 58:1701, V)")
    partner_mortality_rr: float = param(0.88, lo=0.1, hi=10.0, unit="rate ratio",
                                        doc="death rate ratio of residents aged 65+ with a "
                                            "partner against those without one (the "
                                            "realised correction keeps the death rate by "
                                            "age on the schedule)",
                                        source="Manzoli et al. 2007, Soc Sci Med 64:77-94, "
                                               "meta-analysis of 53 cohorts of older people "
                                               "(V): married vs non-married 0.88 (95% CI "
                                               "0.85-0.91), adjusted for health; range "
                                               "0.85-1.0; docs/figures.md §2.1")
    realised_need_correction: bool = param(True, doc="each year, rescale the baseline hazard "
                                                     "of every sex x 5-year band from 60 (with "
                                                     ">= 30 residents) by expected / realised "
                                                     "mean need multiplier",
                                           source="assumption (a switch): keeps death rates "
                                                  "by age on the calibrated schedule when "
                                                  "mechanisms shift the need mix (an "
                                                  "optional WZC need floor, carers' "
                                                  "overload, crises)")
    # Household moves at older ages (yearly). Without them couples only dissolve (a partner
    # dies) and the share living alone drifts above the published one (29% of 67+, 39% of
    # 80-89) within a few years.
    move_in_min_age: float = param(65.0, lo=18.0, hi=120.0, unit="years",
                                   doc="youngest age at which a resident living alone may "
                                       "move in with a resident child, or re-partner",
                                   source="assumption (range 60-70)")
    move_in_rate: float = param(0.005, lo=0.0, hi=1.0, unit="per year",
                                doc="yearly chance that a resident living alone at home "
                                    "without care need moves in with an adult child in the "
                                    "municipality (times move_in_need_factor)",
                                source="assumption (range 0.003-0.03), calibrated to living "
                                       "alone 67+, 80-89 and 90+ after ten years (Vlaamse "
                                       "Ouderenraad 2020; Statbel 2019; docs/figures.md "
                                       "§2.1); 0.014 until 2026-12-07, when the stable "
                                       "regime's departures still broke up couples and "
                                       "took parents living with a child out of town")
    move_in_need_factor: list[float] = param([1.0, 1.5, 2.0, 2.0], lo=0.0, hi=50.0, length=4,
                                             unit="x",
                                             doc="multiplier of move_in_rate by own need "
                                                 "level none..severe",
                                             source="assumption (ranges 1, 1-3, 1.5-4, 1.5-5): "
                                                    "older people move in with family mostly "
                                                    "when they need care; with severe need "
                                                    "more often into a WZC")
    widowed_move_in_prob: float = param(0.07, lo=0.0, hi=1.0, unit="per widowhood",
                                        doc="chance that a resident aged move_in_min_age+ "
                                            "widowed during the year, now living alone at "
                                            "home, moves in with a resident adult child at "
                                            "the next yearly event (only those with such a "
                                            "child can)",
                                        source="derived (D; range 0.03-0.12) from Statbel "
                                               "2017 (V), a state after the death of the "
                                               "spouse, not a chance to move: 77.1% of the "
                                               "newly widowed live alone, 18% with at least "
                                               "one other person (15.6% with a child, some "
                                               "of whom lived with the couple), 4.9% in a "
                                               "collective household. Without this move 13% "
                                               "of the model's newly widowed aged 65+ "
                                               "already live with others at the next yearly "
                                               "event and 76% alone; 0.07 brings those with "
                                               "others to about 18% (docs/ODD.md 7.3). "
                                               "0.156 until 2026-12-07; docs/figures.md §2.1")
    repartner_rate: float = param(0.005, lo=0.0, hi=1.0, unit="per year",
                                  doc="yearly chance that a man living alone at home forms a "
                                      "couple with a woman living alone in his buurt (she "
                                      "moves in); women, who outnumber men, re-partner less",
                                  source="assumption (range 0-0.02): re-partnering after "
                                         "widowhood is rare after 65")
    birth_rate: float = param(0.0095, lo=0.0, hi=0.1, unit="per resident per year",
                              doc="births (projection regime)",
                              source="Flanders ~64k births / 6.77M (2022, V2, D); "
                                     "docs/figures.md §2.1")
    net_migration_rate: float = param(0.005, lo=-0.1, hi=0.1, unit="per resident per year",
                                      doc="net in-migration (projection regime), mostly ages "
                                          "20-39", source="Flanders 2015-2022 ~+4-7 per 1000 "
                                                          "(V2, D); docs/figures.md §2.1")

MAX_AGE = 121  # ages tabulated 0..120
PARTNER_RR_MIN_AGE = 65.0  # years: partner_mortality_rr applies from here (its source: 65+)
HOUSEHOLD_RULE_AGE = 65.0  # years: members this old set their household's departure rate (7.3)
DECLINE_REFRESH_WEEKS = 4  # with terminal decline, the realised correction is renewed this often


def gompertz_makeham(age: np.ndarray, a: float, cfg: DemographyConfig) -> np.ndarray:
    """Annual death hazard at exact ages; the first year of life uses infant mortality."""
    age = np.asarray(age, float)
    h = cfg.makeham_constant + a * np.exp(cfg.gompertz_slope * age)
    return np.where(age < 1.0, cfg.infant_mortality + h, h)


def life_expectancy(hazard: Callable[[np.ndarray], np.ndarray], *, dt: float = 0.02) -> float:
    """Period life expectancy at birth for an annual hazard function of exact age."""
    grid = np.arange(0.0, 130.0, dt)
    h = hazard(grid + dt / 2)
    survival = np.exp(-np.concatenate([[0.0], np.cumsum(h * dt)]))
    return float(np.sum((survival[:-1] + survival[1:]) / 2 * dt))


def solve_gompertz_level(target_le: float, cfg: DemographyConfig) -> float:
    """Gompertz level ``a`` giving the target life expectancy (bisection on log a)."""
    lo, hi = np.log(1e-9), np.log(1.0)
    for _ in range(80):
        mid = (lo + hi) / 2
        le = life_expectancy(lambda x, m=mid: gompertz_makeham(x, np.exp(m), cfg))
        lo, hi = (mid, hi) if le > target_le else (lo, mid)
    return float(np.exp((lo + hi) / 2))


def mean_risk_ratio(ages: np.ndarray, sex: int, demo: DemographyConfig, needs: NeedsConfig):
    """Expected mortality rate ratio from need and dementia at each age (SES averaged)."""
    rr = np.asarray(demo.need_mortality_rr)
    total = np.zeros(len(ages))
    for q in range(5):
        p = level_probabilities(ages, np.full(len(ages), sex), np.full(len(ages), q), needs)
        share = np.vstack([1 - p[0], p[0] - p[1], p[1] - p[2], p[2]])
        total += (rr[:, None] * share).sum(axis=0) / 5
    dem = dementia_prevalence(ages, needs)
    return total * (1 + dem * (demo.dementia_mortality_rr - 1))


def baseline_hazard_table(demo: DemographyConfig, needs: NeedsConfig) -> np.ndarray:
    """Annual baseline hazard (2, MAX_AGE) by sex and whole age, before need multipliers."""
    table = np.zeros((2, MAX_AGE))
    ages = np.arange(MAX_AGE) + 0.5
    for sex, le in ((MAN, demo.life_expectancy_men), (WOMAN, demo.life_expectancy_women)):
        a = solve_gompertz_level(le, demo)
        exact = gompertz_makeham(np.arange(MAX_AGE) + 0.0, a, demo)
        # Average hazard over each year of age (exact at 0-1 for infants).
        mid = gompertz_makeham(ages, a, demo)
        table[sex] = np.where(np.arange(MAX_AGE) == 0, exact, mid)
        table[sex] /= mean_risk_ratio(ages, sex, demo, needs)
    return table


@dataclass
class YearResult:
    """What the yearly demographic event changed."""

    arrived: np.ndarray
    departed: np.ndarray
    born: np.ndarray  # ids of newborns (a subset of arrived)
    # per arrival, a resident of her (band x sex) cell whose health she takes, or -1
    donors: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


class Demography(Module):
    """Weekly deaths and the yearly demographic update.

    Args:
        cfg: Demography parameters.
        needs_cfg: Need parameters (for the mortality multipliers' age pattern).
        muni: Municipality parameters (living alone for arriving adults).
        pop: The population.
        households: Household table.
        deaths_rng: Stream "deaths".
        arrivals_rng: Stream "arrivals".
        wzc_share: Published WZC share by age and sex (``ResidentialConfig.initial_wzc_share``):
            arrivals settle at home, so they draw living alone from the curve's share among
            those at home (as the synthesis does); None: the curve as is.
        decline_rng: Stream "decline" (who of the residents whose hazard fires enters a
            terminal decline instead of dying, and the decline at the start; a fixed
            generator when omitted).
    """

    name = "demography"
    caches = ("weekly_base",)  # weekly death hazard by resident, rebuilt each year

    @classmethod
    def build(cls, model: Any) -> Demography:
        """Deaths, births and migration of ``model``'s residents."""
        cfg, s = model.cfg, model.streams
        return cls(cfg.demography, cfg.needs, cfg.municipality, model.pop, model.households,
                   deaths_rng=s["deaths"], arrivals_rng=s["arrivals"],
                   wzc_share=cfg.residential.initial_wzc_share,
                   decline_rng=s["decline"])

    def __init__(
        self,
        cfg: DemographyConfig,
        needs_cfg: NeedsConfig,
        muni: MunicipalityConfig,
        pop: Population,
        households: Households,
        *,
        deaths_rng: np.random.Generator,
        arrivals_rng: np.random.Generator,
        wzc_share: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
        decline_rng: np.random.Generator | None = None,
    ) -> None:
        self.cfg, self.muni, self.pop, self.households = cfg, muni, pop, households
        self.needs_cfg = needs_cfg
        self.decline_rng = np.random.default_rng(0) if decline_rng is None else decline_rng
        self.decline_on = cfg.decline_share > 0
        self.onset = np.zeros(0, np.int64)  # entered a terminal decline this week
        # weekly death hazard in decline by sex (men, women)
        self.decline_weekly = (np.array([cfg.decline_mortality_men_rr, 1.0], np.float32)
                               * np.float32(cfg.decline_mortality / WEEKS_PER_YEAR))
        self.wzc_share = wzc_share
        self.widowed = np.zeros(0, np.int64)  # widowed since the last household moves
        self.deaths_rng, self.arrivals_rng = deaths_rng, arrivals_rng
        self.table = baseline_hazard_table(cfg, needs_cfg)
        ages = np.arange(MAX_AGE) + 0.5
        self.expected_rr = np.stack([mean_risk_ratio(ages, sex, cfg, needs_cfg)
                                     for sex in (MAN, WOMAN)])
        rr = np.asarray(cfg.need_mortality_rr, np.float32)
        self.rr = np.concatenate([rr, rr * np.float32(cfg.dementia_mortality_rr)])
        cells = self._cells(pop.living())
        self.target_cells = np.bincount(cells, minlength=2 * len(BAND_EDGES))
        self.buurt_weights = np.bincount(pop.buurt, minlength=int(pop.buurt.max()) + 1)
        self.weekly_base = np.zeros(0, np.float32)
        self.refresh()
        if self.decline_on:
            self._initial_decline()
            self.refresh()

    def _initial_decline(self) -> None:
        """Put residents in terminal decline at the start, near the phase's steady state.

        Each resident aged ``decline_min_age``+ enters with the chance o / (o + d), o her
        yearly onset hazard (``decline_share`` x her death hazard without the phase) and d
        = ``decline_mortality``: the share in decline where onsets and deaths balance.
        Their need is raised as at an onset (7.2).
        """
        pop, cfg = self.pop, self.cfg
        cand = np.flatnonzero(pop.alive & (pop.age >= cfg.decline_min_age))
        # Before any decline, the correction lifts every hazard by 1 / (1 - share).
        share = cfg.decline_share
        onset = share * (1.0 - share) * self.weekly_hazard()[cand] * WEEKS_PER_YEAR
        p = onset / (onset + self.decline_weekly[pop.sex[cand]] * WEEKS_PER_YEAR)
        chosen = cand[self.decline_rng.random(len(cand)) < p]
        pop.decline[chosen] = True
        decline_need_floor(pop, chosen, self.needs_cfg)

    def _cells(self, ids: np.ndarray) -> np.ndarray:
        return age_band(self.pop.age[ids]).astype(np.int64) * 2 + self.pop.sex[ids]

    def refresh(self) -> None:
        """Cache each resident's weekly baseline hazard (after ageing or arrivals)."""
        pop = self.pop
        age = np.minimum(pop.age.astype(np.int64), MAX_AGE - 1)
        base = self.table[pop.sex, age] / WEEKS_PER_YEAR
        if self.cfg.realised_need_correction:
            base = base * self._realised_correction(age)
        self.weekly_base = base.astype(np.float32)

    def _realised_correction(self, age: np.ndarray) -> np.ndarray:
        """Per resident: expected over realised mean need multiplier in her sex x 5-year band.

        The baseline hazard assumes the need mix of the prevalence curves. Mechanisms that
        shift the mix (an optional floor of WZC residents' need, carers' overload raises frailty)
        would otherwise change the death rate by age; this keeps it on the calibrated
        schedule while frail residents still die sooner than others. Bands from age 60
        with at least 30 residents; elsewhere 1.
        """
        pop = self.pop
        live = np.flatnonzero(pop.alive)
        n_keys = 2 * len(BAND_EDGES)
        key = pop.sex[live].astype(np.int64) * len(BAND_EDGES) + age_band(pop.age[live])
        rr = self.rr[pop.need[live] + 4 * pop.dementia[live].view(np.int8)]
        rr = rr * self._partner_rr()[live]
        expected = self.expected_rr[pop.sex[live], age[live]]
        cnt = np.bincount(key, minlength=n_keys)
        if self.decline_on:
            ratio = self._decline_correction(live, age, key, rr, expected, n_keys)
        else:
            ratio = (np.bincount(key, expected, minlength=n_keys)
                     / np.maximum(np.bincount(key, rr, minlength=n_keys), 1e-12))
        band = np.arange(n_keys) % len(BAND_EDGES)
        ratio = np.where((cnt >= 30) & (BAND_EDGES[band] >= 60), ratio, 1.0)
        return ratio[pop.sex.astype(np.int64) * len(BAND_EDGES) + age_band(pop.age)]

    def _decline_correction(self, live: np.ndarray, age: np.ndarray, key: np.ndarray,
                            rr: np.ndarray, expected: np.ndarray, n_keys: int) -> np.ndarray:
        """Realised correction with terminal decline: deaths by band on the schedule.

        The band's expected deaths, sum of H(age) x RR-bar(age) over its residents, are
        those of the calibrated schedule. Residents in decline die at
        ``decline_mortality``; the others' hazards, H x RR_i x c, fire with a death in
        (1 - ``decline_share``) of cases (from ``decline_min_age``; else always), so

            c = (expected - sum over decliners of decline_mortality)
                / sum over the others of H x RR_i x (1 - share_i)

        (at least a tenth of the expected over the others' sum, so no hazard vanishes).
        """
        pop, cfg = self.pop, self.cfg
        table = self.table[pop.sex[live], age[live]]
        dec = pop.decline[live]
        share = np.where(pop.age[live] >= cfg.decline_min_age, cfg.decline_share, 0.0)
        target = np.bincount(key, table * expected, minlength=n_keys)
        in_decline = np.bincount(key, np.where(dec, self.decline_weekly[pop.sex[live]], 0.0)
                                 * WEEKS_PER_YEAR, minlength=n_keys)
        others = np.bincount(key, np.where(dec, 0.0, table * rr * (1.0 - share)),
                             minlength=n_keys)
        return (np.maximum(target - in_decline, 0.1 * target)
                / np.maximum(others, 1e-12))

    def weekly_hazard(self) -> np.ndarray:
        """This week's hazard per resident: death, or (in part) a terminal decline's onset.

        Need, dementia and partner multiply the baseline; residents in terminal decline
        have ``decline_mortality`` instead. For residents aged ``decline_min_age``+ not
        in decline, a share ``decline_share`` of the events this hazard draws are the
        onset of a decline, not a death (:meth:`deaths`).
        """
        pop = self.pop
        idx = pop.need + np.int8(4) * pop.dementia.view(np.int8)
        h = self.weekly_base * self.rr[idx] * self._partner_rr()
        if self.decline_on:
            h = np.where(pop.decline, self.decline_weekly[pop.sex], h)
        return h

    def _partner_rr(self) -> np.ndarray:
        """Per resident: ``partner_mortality_rr`` if aged 65+ with a partner, else 1.

        Older people with a partner die less often than the widowed or single of the same
        health (Manzoli et al. 2007); without it every partner dies at the rate of her age,
        so couples break up too early (docs/ODD.md 7.1).
        """
        pop = self.pop
        with_partner = (pop.partner >= 0) & (pop.age >= PARTNER_RR_MIN_AGE)
        return np.where(with_partner, np.float32(self.cfg.partner_mortality_rr),
                        np.float32(1.0))

    weekly_steps = (
        Step("deaths", "deaths_step", "deaths by age, sex, need and dementia (weekly hazard); "
             "onsets of a terminal decline", writes=("dead", "decline_onset")),
    )

    def deaths_step(self, w: Week) -> None:
        """Plan step: this week's deaths."""
        w.dead = self.deaths(w.week)
        w.decline_onset = self.onset

    def deaths(self, week: int) -> np.ndarray:
        """Draw this week's deaths; mark them and free their partners; return their ids.

        With terminal decline on, the residents who entered it this week are ``onset``.
        """
        pop = self.pop
        self.onset = np.zeros(0, np.int64)
        if self.decline_on and week % DECLINE_REFRESH_WEEKS == 0:
            self.refresh()  # the stock in decline moves within the year
        e = self.deaths_rng.standard_exponential(pop.n, dtype=np.float32)
        dead = np.flatnonzero((e < self.weekly_hazard()) & pop.alive)
        if self.decline_on:
            cand = dead[~pop.decline[dead] & (pop.age[dead] >= self.cfg.decline_min_age)]
            onset = cand[self.decline_rng.random(len(cand)) < self.cfg.decline_share]
            pop.decline[onset] = True  # need rises in this week's need step (7.2)
            self.onset = onset
            dead = np.setdiff1d(dead, onset, assume_unique=True)
        self._leave(dead, week, died=True)
        return dead

    def _leave(self, ids: np.ndarray, week: int, *, died: bool) -> None:
        pop = self.pop
        pop.alive[ids] = False
        pop.exit_week[ids] = week
        pop.died[ids] = died
        partners = pop.partner[ids]
        left = partners[partners >= 0]
        pop.partner[left] = -1
        pop.partner[ids] = -1
        if died and len(left):
            self.widowed = np.concatenate([self.widowed, left.astype(np.int64)])

    def yearly(self, week: int) -> YearResult:
        """Age everyone one year, then add arrivals and remove departures per regime.

        Args:
            week: The first week in which arrivals are present and departures absent.
        """
        pop = self.pop
        pop.age[pop.alive] += np.float32(1.0)
        donors = np.zeros(0, np.int64)
        if self.cfg.regime == "stable":
            arrivals, departed, donors = self._replacement(week)
            born = arrivals[pop.age[arrivals] < 1.0]  # band 0-4 deficits arrive as births
        else:
            arrivals, departed, births = self._projection(week)
            born = arrivals[:births]  # births come first, then migrants
        self.refresh()
        return YearResult(arrived=arrivals, departed=departed, born=born, donors=donors)

    # -- household moves -----------------------------------------------------------------

    def move_households(self, network: SocialNetwork, rng: np.random.Generator
                        ) -> np.ndarray:
        """Older residents living alone move in with a child or re-partner (yearly).

        The movers join their host's household: household ties to its living members are
        added (ties to the old household stay, like ties to the dead: they live alone, so
        the old household has no living member left). Returns the movers.
        """
        pop = self.pop
        movers, hosts = self.household_moves(network.children, rng)
        if not len(movers):
            return movers
        living = pop.living()
        order = np.argsort(pop.household[living], kind="stable")
        hh = pop.household[living][order]
        lo = np.searchsorted(hh, pop.household[hosts], "left")
        hi = np.searchsorted(hh, pop.household[hosts], "right")
        k = hi - lo
        mate = living[order[np.repeat(lo, k) + np.arange(int(k.sum()))
                            - np.repeat(np.cumsum(k) - k, k)]]
        who = np.repeat(movers, k)
        keep = mate != who
        network.add_ties("household", who[keep], mate[keep])
        return movers

    def household_moves(self, children: sp.csr_array, rng: np.random.Generator
                        ) -> tuple[np.ndarray, np.ndarray]:
        """Older residents living alone move in with a resident child or re-partner.

        Once a year, residents aged ``move_in_min_age``+ who live alone at home (not in
        assisted living or a WZC):

        * move into the household (and buurt) of a living adult child who lives in the
          municipality, at home, with yearly chance ``move_in_rate`` times
          ``move_in_need_factor`` of their need level (the child with the smallest
          household is chosen); those widowed since the last event also with chance
          ``widowed_move_in_prob`` (set so that, with those who already lived with
          others, about 18% of the newly widowed do, as Statbel finds), so moves cluster at
          widowhood, where they happen, rather than spreading evenly over the years alone;
        * re-partner: with yearly chance ``repartner_rate`` a man forms a couple with a
          woman living alone in his buurt, of similar age (about two years younger); she
          moves into his household.

        Args:
            children: Directed parent -> child matrix (``SocialNetwork.children``).
            rng: Stream "household_moves".

        Returns:
            (movers, hosts): each mover now lives in the household of its host (a child or
            the new partner). The caller adds the household ties.
        """
        cfg, pop = self.cfg, self.pop
        size = pop.household_sizes(self.households.n)
        alone = pop.lives_alone(self.households.n) & (pop.dwelling == HOME) & (
            pop.age >= cfg.move_in_min_age)
        # Moving in with a child.
        cand = np.flatnonzero(alone)
        p = cfg.move_in_rate * np.asarray(cfg.move_in_need_factor)[pop.need[cand]]
        widowed = np.isin(cand, self.widowed)
        p = np.where(widowed, 1.0 - (1.0 - p) * (1.0 - cfg.widowed_move_in_prob), p)
        self.widowed = np.zeros(0, np.int64)
        cand = cand[rng.random(len(cand)) < p]
        movers, hosts = [], []
        if len(cand) and children.nnz:
            rows = children[cand]
            parent = np.repeat(cand, np.diff(rows.indptr))
            kid = rows.indices.astype(np.int64)
            ok = (pop.alive[kid] & (pop.dwelling[kid] != NURSING_HOME) & (pop.age[kid] >= 18)
                  & (pop.household[kid] != pop.household[parent]) & ~np.isin(kid, cand))
            parent, kid = parent[ok], kid[ok]
            order = np.lexsort((kid, size[pop.household[kid]], parent))
            parent, kid = parent[order], kid[order]
            first = np.ones(len(parent), bool)
            first[1:] = parent[1:] != parent[:-1]
            movers.append(parent[first])
            hosts.append(kid[first])
        moved = np.concatenate(movers) if movers else np.zeros(0, np.int64)
        host = np.concatenate(hosts) if hosts else np.zeros(0, np.int64)
        # Re-partnering (among those who did not just move in with a child).
        alone[moved] = False
        alone[host] = False  # a host stays where she is
        men = np.flatnonzero(alone & (pop.sex == MAN))
        men = men[rng.random(len(men)) < cfg.repartner_rate]
        women = np.flatnonzero(alone & (pop.sex == WOMAN))
        if len(men) and len(women):
            target = pop.age[men] - 2.0 + rng.normal(0, 3, len(men)).astype(np.float32)
            pick = nearest_in_group(pop.buurt[women], pop.age[women], pop.buurt[men], target)
            ok = pick >= 0
            men, wife = men[ok], women[pick[ok]]
            wife, first = np.unique(wife, return_index=True)  # one man per woman
            men = men[first]
            pop.partner[men], pop.partner[wife] = wife, men
            moved = np.concatenate([moved, wife])
            host = np.concatenate([host, men])
        pop.household[moved] = pop.household[host]
        pop.buurt[moved] = pop.buurt[host]
        return moved.astype(np.int64), host.astype(np.int64)

    # -- regimes -------------------------------------------------------------------------

    def _replacement(self, week: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Hold each (band, sex) cell near its initial count (yearly, after ageing).

        Whole households move away from cells in surplus (a couple leaves together), and
        arrivals fill cells in deficit; arriving adults who do not live alone bring a
        partner. Departures are drawn at rates, so cells over- or undershoot a little; the
        next year corrects.
        Returns the arrivals, the departed and the arrivals' donors (:meth:`_donors`).
        """
        pop = self.pop
        living = pop.living()
        cells = self._cells(living)
        gap = self.target_cells - np.bincount(cells, minlength=len(self.target_cells))
        departed = self._households_leaving(living, cells, np.maximum(-gap, 0))
        self._leave(departed, week, died=False)
        arrivals, donors = self._fill(gap, week)
        return arrivals, departed, donors

    def replenish(self, week: int) -> YearResult:
        """Between yearly updates (stable regime): arrivals fill the cells deaths emptied.

        Ages stand still between updates, so only deaths open gaps; nobody moves away here
        (surplus, from ageing, is cleared at the yearly update). Without this the deaths
        of a year (most of them 65+) waited up to 51 weeks for their replacement, and the
        town's age structure drifted through every year.

        Args:
            week: The first week in which the arrivals are present.
        """
        pop = self.pop
        gap = self.target_cells - np.bincount(self._cells(pop.living()),
                                              minlength=len(self.target_cells))
        arrivals, donors = self._fill(gap, week)
        self.refresh()
        return YearResult(arrived=arrivals, departed=np.zeros(0, np.int64),
                          born=arrivals[pop.age[arrivals] < 1.0], donors=donors)

    def _donors(self, cells: np.ndarray, first: int) -> np.ndarray:
        """Per cell in ``cells``, a random resident at home of it with an id below ``first``.

        -1 where the cell has nobody at home.

        Replacement arrivals stand in for the residents of their age and sex, and settle at
        home, so they take the health (latent frailty, dementia risk) of one of those living
        at home, not a fresh draw from the
        input prevalence curves. Fresh draws ignore the selection by death that the model
        itself makes among the oldest (the demented and frail die sooner), so every arrival
        pulled the oldest cells back to the input curves; with replacements every four
        weeks that pull raised dementia at 90+ from 0.46 to 0.53 (docs/ODD.md 7.1).
        """
        pop, rng = self.pop, self.arrivals_rng
        old = np.flatnonzero(pop.alive[:first] & (pop.dwelling[:first] != NURSING_HOME))
        if not len(cells) or not len(old):
            return np.full(len(cells), -1, np.int64)
        have = self._cells(old)
        order = np.argsort(have, kind="stable")
        sorted_cells = have[order]
        lo = np.searchsorted(sorted_cells, cells, "left")
        hi = np.searchsorted(sorted_cells, cells, "right")
        pick = lo + np.floor(rng.random(len(cells)) * (hi - lo)).astype(np.int64)
        return np.where(hi > lo, old[order[np.minimum(pick, len(old) - 1)]], -1)

    def _fill(self, gap: np.ndarray, week: int) -> tuple[np.ndarray, np.ndarray]:
        """Arrivals for every cell in deficit (``gap`` > 0), with partners, and their donors.

        An arrival in deficit takes her donor's age as well as her health, so the arrivals
        of a band have its residents' ages, not ages spread evenly over the five years (the
        oldest bands are mostly their youngest years; uniform ages made arrivals older
        than the residents they stand in for). Newborns, and cells without a resident at
        home, get drawn ages and fresh health; partners keep their drawn ages.
        """
        rng = self.arrivals_rng
        cell = np.repeat(np.arange(len(gap)), np.maximum(gap, 0))
        band, sex = cell // 2, (cell % 2).astype(np.int8)
        n_old = self.pop.n
        donors = self._donors(cell, n_old)
        donors[band == 0] = -1
        age = sample_ages(band, rng)
        age[band == 0] = rng.random(int(np.count_nonzero(band == 0)), dtype=np.float32)
        age = np.where(donors >= 0, self.pop.age[np.maximum(donors, 0)], age).astype(np.float32)
        ids = self._arrive(age, sex, week, with_partners=True)
        partners = ids[len(cell):]
        donors = np.concatenate([donors, self._donors(self._cells(partners), n_old)])
        return ids, donors

    def _households_leaving(self, living: np.ndarray, cells: np.ndarray,
                            surplus: np.ndarray) -> np.ndarray:
        """Draw the households that move away to clear the cells in surplus.

        The stable regime holds each (band, sex) cell at its initial count, so the oldest
        cells, which the model's ageing fills faster than deaths empty them, lose about
        one resident at home in eight a year to these departures at 90+: a fiction of a
        fixed age structure, not a migration the sources describe, so it must not change
        who is left. Each resident at home in a cell in surplus has the cell's rate,
        surplus / residents at home there (``_cell_rates``), and a household leaves, all
        together, with the mean rate of its members aged 65+: people living alone and
        couples of a cell then leave alike. A household without members aged 65+ leaves
        with the highest rate of its members, so that a family clears the surplus of its
        parents' cell (its children's cells, short by then, are refilled by arrivals;
        with the mean, surplus piled up in the cells of young adults). Cells over- or
        undershoot by chance; the next arrivals and departures correct it.

        Before 2026-12-07 households were drawn until each cell's surplus was used up,
        and a couple whose partner's cell had none left stayed but used up its draw;
        over the years people living alone cleared what couples could not: at 90+, 17%
        of those living alone left a year against 12% of those living with a partner,
        which pulled living alone at 90+ from 0.51 at the start to about 0.39.

        Households with a member in a WZC do not move away: residents of a WZC leave it
        by death (or a transfer the model does not represent).
        """
        pop, rng = self.pop, self.arrivals_rng
        hh = pop.household[living]
        n_hh = int(hh.max()) + 1 if len(hh) else 0
        blocked = np.zeros(n_hh, bool)  # a household with a member in a WZC stays
        blocked[hh[pop.dwelling[living] == NURSING_HOME]] = True
        rate = self._cell_rates(cells, surplus, ~blocked[hh])[cells]
        old = pop.age[living] >= HOUSEHOLD_RULE_AGE
        n_old = np.bincount(hh, weights=old, minlength=n_hh)
        mean_old = np.divide(np.bincount(hh, weights=rate * old, minlength=n_hh), n_old,
                             out=np.zeros(n_hh), where=n_old > 0)
        top = np.zeros(n_hh)
        np.maximum.at(top, hh, rate)
        p = np.where(n_old > 0, mean_old, top)
        leaves = (rng.random(n_hh) < p) & ~blocked
        return living[leaves[hh]]

    @staticmethod
    def _cell_rates(cells: np.ndarray, surplus: np.ndarray, movable: np.ndarray) -> np.ndarray:
        """Per cell: surplus / movable residents (those at home), within 0..1."""
        n = np.bincount(cells[movable], minlength=len(surplus)).astype(np.float64)
        due = np.maximum(surplus, 0).astype(np.float64)
        return np.clip(np.divide(due, n, out=np.zeros(len(surplus)), where=n > 0), 0.0, 1.0)

    def _projection(self, week: int) -> tuple[np.ndarray, np.ndarray, int]:
        """Births and net migration at configured rates (a projection of ageing)."""
        rng, pop, cfg = self.arrivals_rng, self.pop, self.cfg
        n_living = int(pop.alive.sum())
        births = rng.poisson(cfg.birth_rate * n_living)
        net = cfg.net_migration_rate * n_living
        migrants = rng.poisson(max(net, 0.0))
        age = np.concatenate([rng.random(births), _migrant_ages(migrants, rng)])
        sex = (rng.random(len(age)) < 0.488).astype(np.int8)  # 105 boys per 100 girls
        departed = np.zeros(0, np.int64)
        if net < 0:
            living = pop.living()
            k = min(rng.poisson(-net), len(living))
            departed = rng.choice(living, size=k, replace=False)
            self._leave(departed, week, died=False)
        return self._arrive(age.astype(np.float32), sex, week), departed, births

    # -- arrivals ------------------------------------------------------------------------

    def _arrive(self, age: np.ndarray, sex: np.ndarray, week: int, *,
                with_partners: bool = False) -> np.ndarray:
        """Append new residents: minors join a family, adults form couples or live alone.

        With ``with_partners``, each arriving adult who by the living-alone curve does not
        live alone arrives with a partner (opposite sex, about two years apart), and the
        other arriving adults live alone: the couple chance has already drawn who does.
        Without it, adults draw living alone and the others are paired among the arrivals.
        """
        rng, pop = self.arrivals_rng, self.pop
        n = len(age)
        buurt = rng.choice(len(self.buurt_weights), size=n,
                           p=self.buurt_weights / self.buurt_weights.sum())
        lead = np.zeros(0, np.int64)
        if with_partners:
            adult = np.flatnonzero(age >= 18)
            # A couple fills two places: with a couple chance q = (1 - a) / (1 + a) the
            # arriving residents (partners included) live alone with the chance a.
            a = self._p_alone(age[adult], sex[adult])
            lead = adult[rng.random(len(adult)) < (1.0 - a) / (1.0 + a)]
            gap = np.where(sex[lead] == WOMAN, 2.0, -2.0) + rng.normal(0, 3, len(lead))
            age = np.concatenate([age, np.maximum(age[lead] + gap, 18).astype(np.float32)])
            sex = np.concatenate([sex, (1 - sex[lead]).astype(np.int8)])
            buurt = np.concatenate([buurt, buurt[lead]])
        new = Population.empty(len(age))
        new.age[:], new.sex[:], new.entry_week[:], new.buurt[:] = age, sex, week, buurt
        ids = pop.append(new)
        if len(lead):
            a, b = ids[lead], ids[n:]
            pop.partner[a], pop.partner[b] = b, a
            pop.household[a] = self.households.add(pop.buurt[a], rng)
            pop.household[b] = pop.household[a]
        self._house_minors(ids[(age < 18)])
        rest = ids[(age >= 18) & (pop.household[ids] < 0)]
        if with_partners:
            # The couple chance q = (1 - a) / (1 + a) already drew who lives alone (the
            # comment above): the others arrive alone. Drawing them again with the chance a
            # and pairing the rest among the year's arrivals (before 2026-12-07) put older
            # arrivals in couples far more often than the curve says: alone at arrival
            # 0.38 of women 80-89 against a = 0.53, 0.64 of women 90+ against 0.85
            # (default town, seeds 0-1, ten years).
            pop.household[rest] = self.households.add(pop.buurt[rest], rng)
        else:
            self._house_adults(rest)
        self._copy_ses(ids)
        return ids

    def _p_alone(self, age: np.ndarray, sex: np.ndarray) -> np.ndarray:
        """Chance that an arriving adult lives alone: the curve's share among those at home.

        The living-alone curve is a share of all residents, WZC residents included; an
        arrival settles at home, so the curve is divided by the published share at home
        (1 - WZC share of her age and sex), as in the synthesis (docs/ODD.md 5.1 step 5).
        """
        p = living_alone_probability(age, sex, self.muni)
        if self.wzc_share is None:
            return p
        at_home = 1.0 - np.clip(self.wzc_share(age, sex), 0.0, MAX_WZC_SHARE)
        return np.minimum(p / at_home, MAX_ALONE_AT_HOME)

    def _house_minors(self, kids: np.ndarray) -> None:
        pop = self.pop
        living = pop.living()
        a = pop.age[living]
        mothers = living[(pop.sex[living] == WOMAN) & (a >= 18) & (a < 50)
                         & (pop.household[living] >= 0)]  # fmt: skip
        target = pop.age[kids] + self.arrivals_rng.uniform(22, 38, len(kids))
        pick = rank_match(pop.buurt[mothers], pop.age[mothers], pop.buurt[kids], target)
        mum = np.where(pick >= 0, mothers[pick], -1)
        has = mum >= 0
        pop.household[kids[has]] = pop.household[mum[has]]
        lone = kids[~has]
        pop.household[lone] = self.households.add(pop.buurt[lone], self.arrivals_rng)

    def _house_adults(self, adults: np.ndarray) -> None:
        pop, rng = self.pop, self.arrivals_rng
        p_alone = self._p_alone(pop.age[adults], pop.sex[adults])
        cand = adults[rng.random(len(adults)) >= p_alone]
        men, women = _pair_couples(pop, cand, rng) if len(cand) else (cand[:0], cand[:0])
        pop.partner[men], pop.partner[women] = women, men
        pop.household[men] = self.households.add(pop.buurt[men], rng)
        pop.household[women] = pop.household[men]
        single = adults[pop.household[adults] < 0]
        pop.household[single] = self.households.add(pop.buurt[single], rng)

    def _copy_ses(self, ids: np.ndarray) -> None:
        """Arrivals take the SES of their household, or of a random resident of the buurt."""
        pop, rng = self.pop, self.arrivals_rng
        first = np.full(self.households.n, -1, np.int64)
        old = np.flatnonzero(pop.alive[: ids.min()]) if len(ids) else pop.living()  # not them
        first[pop.household[old]] = old
        host = first[pop.household[ids]]
        pop.ses[ids[host >= 0]] = pop.ses[host[host >= 0]]
        rest = ids[host < 0]
        donors = old[np.argsort(pop.buurt[old], kind="stable")]
        starts = np.searchsorted(pop.buurt[donors], pop.buurt[rest])
        ends = np.searchsorted(pop.buurt[donors], pop.buurt[rest], side="right")
        pick = starts + (rng.random(len(rest)) * np.maximum(ends - starts, 1)).astype(np.int64)
        ok = ends > starts
        pop.ses[rest[ok]] = pop.ses[donors[np.minimum(pick[ok], len(donors) - 1)]]
        # Couples formed among arrivals share one status (the woman's).
        partnered = ids[pop.partner[ids] >= 0]
        women = partnered[pop.sex[partnered] == WOMAN]
        pop.ses[pop.partner[women]] = pop.ses[women]


def _migrant_ages(n: int, rng: np.random.Generator) -> np.ndarray:
    """Ages of in-migrants: mostly young adults, some children, few older people.

    Assumption: 20% aged 0-17, 55% 18-39, 18% 40-64, 7% 65+ (range +-10 points), shaped
    on Flemish internal migration profiles.
    """
    group = rng.choice(4, size=n, p=[0.20, 0.55, 0.18, 0.07])
    lo = np.array([0, 18, 40, 65])[group]
    hi = np.array([18, 40, 65, 95])[group]
    return lo + rng.random(n) * (hi - lo)


class LifeTable:
    """Deaths and years lived by sex and whole age, accumulated during a run."""

    def __init__(self) -> None:
        self.deaths = np.zeros((2, MAX_AGE))
        self.exposure = np.zeros((2, MAX_AGE))

    def add_deaths(self, pop: Population, ids: np.ndarray) -> None:
        """Count deaths at their current age."""
        age = np.minimum(pop.age[ids].astype(np.int64), MAX_AGE - 1)
        np.add.at(self.deaths, (pop.sex[ids], age), 1)

    def add_year(self, pop: Population, first_week: int, last_week: int) -> None:
        """Add years lived in weeks [first_week, last_week] at each resident's current age."""
        start = np.maximum(pop.entry_week, first_week).astype(np.float64)
        end = np.where(pop.exit_week >= 0, pop.exit_week + 0.5 * pop.died, last_week + 1.0)
        end = np.minimum(end, last_week + 1.0)
        years = np.maximum(end - start, 0.0) / WEEKS_PER_YEAR
        age = np.minimum(pop.age.astype(np.int64), MAX_AGE - 1)
        np.add.at(self.exposure, (pop.sex, age), years)

    def life_expectancy(self, sex: int | None = None) -> float:
        """Period life expectancy at birth from the accumulated rates (5-year age groups)."""
        d = self.deaths.sum(0) if sex is None else self.deaths[sex]
        e = self.exposure.sum(0) if sex is None else self.exposure[sex]
        edges = [0, 1, *range(5, 100, 5), MAX_AGE]
        alive, total = 1.0, 0.0
        for lo, hi in zip(edges[:-1], edges[1:], strict=True):
            m = d[lo:hi].sum() / max(e[lo:hi].sum(), 1e-9)
            width = hi - lo
            if hi == MAX_AGE:  # open interval: remaining life 1/m
                total += alive / max(m, 1e-9)
                break
            survive = math.exp(-m * width)  # libm, not numpy's CPU-specific SIMD exp
            total += alive * (1 - survive) / m if m > 0 else alive * width
            alive *= survive
        return float(total)
