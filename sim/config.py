"""Typed configuration: the schema of every parameter, with unit, source and allowed range.

The dataclasses below are registered in Hydra's ConfigStore as the base of
``configs/config.yaml``, so every key exists with a typed default, and presets in
``configs/<group>/`` only override what differs. Each numeric field is declared with
:func:`param`, which records its unit, its source (or the word "assumption" and a
plausible range) and the range the model accepts. :func:`from_container` checks a composed
config against those ranges and raises :class:`ConfigError` with one line that names the
key, the value and what is allowed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from omegaconf import DictConfig, OmegaConf

from sim.engine.schema import NAME_DOC, NAME_PATTERN, ConfigError, param
from sim.policies.settings import PoliciesConfig

N_AGE_BANDS = 21  # 0-4, 5-9, ..., 95-99, 100+


# ---------------------------------------------------------------------------------------------
# Municipality: population structure
# ---------------------------------------------------------------------------------------------

# Flemish Region 1 Jan 2023, share of residents per 5-year age band (%), 0-4 ... 95-99, 100+.
# Derived (D) from Statistiek Vlaanderen's pyramid, rounded so that 65+ = 21.1% and
# 85+ = 3.3% as published (FIGURES.md, demography).
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
                      pattern_doc=NAME_DOC)
    description: str = param("Mid-size Flemish town (default)", doc="what the town is")
    population: int = param(20_000, lo=100, hi=5_000_000, unit="residents",
                            source="assumption: typical Flemish town 15k-40k")
    buurt_size: float = param(1_700.0, lo=50.0, hi=100_000.0, unit="residents per buurt",
                              doc="target residents per buurt; sets the number of buurten "
                                  "unless neighbourhoods is given",
                              source="assumption: 1,000-3,000 residents per buurt "
                                     "(a buurt = 10 minutes by bicycle, DOMAIN.md)")
    neighbourhoods: int | None = param(None, lo=1, hi=20_000, unit="buurten",
                                       doc="number of buurten (null: from buurt_size)",
                                       null_doc="population / buurt_size",
                                       source="derived from buurt_size unless set")
    neighbourhood_size_cv: float = param(0.35, lo=0.0, hi=1.5, unit="-",
                                         doc="coefficient of variation of buurt sizes",
                                         source="assumption (range 0.1-0.6)")
    age_shares: list[float] = param(FLANDERS_2023_AGE_SHARES, lo=0.0, hi=100.0, unit="%",
                                    length=N_AGE_BANDS,
                                    source="Statistiek Vlaanderen 2023 (D, see config.py)")
    women_per_100_men: list[float] = param(FLANDERS_2023_WOMEN_PER_100_MEN, lo=1.0, hi=1000.0,
                                           unit="women per 100 men", length=N_AGE_BANDS,
                                           source="Statistiek Vlaanderen 2021 (V, D between)")
    old_age_factor: float = param(1.0, lo=0.2, hi=3.0, unit="x",
                                  doc="multiplies the shares of the 65+ bands, then renormalised",
                                  source="assumption: 1.0 Flemish average, rural ~1.2, city ~0.8")
    # Living alone. Anchors: 29% of 67+ (2020, V2), 39% of 80-89 and 44% of 90+ (Belgium 2019,
    # V2). The curve by age below is derived (D) to reproduce them; under-65 values are an
    # assumption (about 14% of adults live alone in Flanders).
    alone_ages: list[float] = param([18, 25, 35, 50, 65, 75, 85, 95], lo=0, hi=120, unit="years",
                                    doc="anchor ages of the living-alone curve")
    alone_share: list[float] = param([0.06, 0.12, 0.13, 0.12, 0.18, 0.265, 0.375, 0.42], lo=0.0,
                                     hi=1.0, unit="share",
                                     source="Vlaamse Ouderenraad/Statbel (V2), D between anchors")
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
                                                doc="75+ living in assisted-living flats",
                                                source="31,839 units / ~700k 75+ (2021, D)")
    ses_segregation: float = param(0.6, lo=0.0, hi=3.0, unit="latent sd",
                                   doc="sd of buurt mean SES around the middle quintile",
                                   source="assumption (range 0.3-1.0)")

    def check(self, run: Any) -> None:
        """Cross-field rules: a positive age structure, buurten no more than residents."""
        if sum(self.age_shares) <= 0:
            raise ConfigError("municipality.age_shares", self.age_shares, "allowed: shares "
                              "with a positive sum")
        if self.neighbourhoods is not None and self.neighbourhoods > self.population:
            raise ConfigError("municipality.neighbourhoods", self.neighbourhoods,
                              f"allowed: at most the population ({self.population})")
        _anchor_ages("municipality.alone", self.alone_ages, self.alone_share)

    @property
    def n_buurten(self) -> int:
        """The number of buurten: ``neighbourhoods`` if set, else population / buurt size."""
        if self.neighbourhoods is not None:
            return int(self.neighbourhoods)
        return int(max(1, min(self.population, round(self.population / self.buurt_size))))


# ---------------------------------------------------------------------------------------------
# Social network
# ---------------------------------------------------------------------------------------------


@dataclass
class NetworkConfig:
    """Typed ties between residents: household, kin, neighbours, friends."""

    children_per_older_parent: float = param(2.0, lo=0.0, hi=8.0, unit="children",
                                             doc="mean adult children of residents aged 50+",
                                             source="assumption (Flemish cohorts 1.8-2.3)")
    child_in_municipality: float = param(0.55, lo=0.0, hi=1.0, unit="share",
                                         doc="adult children living in the same municipality",
                                         source="assumption (range 0.4-0.7)")
    child_in_same_buurt: float = param(0.3, lo=0.0, hi=1.0, unit="share",
                                       doc="of children in the municipality, share in the "
                                           "parent's buurt", source="assumption (range 0.2-0.5)")
    neighbour_degree: float = param(3.0, lo=0.0, hi=30.0, unit="ties per adult",
                                    doc="mean neighbour ties of an adult",
                                    source="assumption (range 1-6)")
    neighbour_decay: float = param(3.0, lo=0.05, hi=10.0, unit="adult spacings",
                                   doc="distance scale of the exponential decay of neighbour "
                                       "ties, in units of the mean spacing between adults' "
                                       "homes (the buurt's width / sqrt(its adults))",
                                   source="assumption (range 1-7; 3 = 0.08 of the width of a "
                                          "buurt of 1,400 adults)")
    friend_degree: float = param(4.0, lo=0.0, hi=30.0, unit="ties per adult",
                                 doc="mean friend ties of an adult under 75",
                                 source="assumption (range 2-8)")
    friend_rewire: float = param(0.15, lo=0.0, hi=1.0, unit="probability",
                                 doc="share of friend ties not age-homophilous",
                                 source="assumption (range 0.05-0.3)")
    friend_outside_buurt: float = param(0.4, lo=0.0, hi=1.0, unit="share",
                                        doc="share of friend ties to another buurt",
                                        source="assumption (range 0.2-0.6)")
    friend_loss_75plus: float = param(0.35, lo=0.0, hi=1.0, unit="share",
                                      doc="share of friend ties lost by residents aged 75+",
                                      source="assumption (range 0.2-0.5)")


# ---------------------------------------------------------------------------------------------
# Demography
# ---------------------------------------------------------------------------------------------


@dataclass
class DemographyConfig:
    """Deaths, births, migration and ageing."""

    regime: str = param("stable", choices=("stable", "projection"),
                        doc="'stable' keeps the age structure by replacement "
                                      "arrivals; 'projection' uses birth and migration rates")
    life_expectancy_men: float = param(80.7, lo=40.0, hi=100.0, unit="years",
                                       source="Statistiek Vlaanderen 2022 (V)")
    life_expectancy_women: float = param(84.6, lo=40.0, hi=100.0, unit="years",
                                         source="Statistiek Vlaanderen 2022 (V)")
    gompertz_slope: float = param(0.105, lo=0.05, hi=0.2, unit="1/year",
                                  doc="rate at which adult mortality rises with age",
                                  source="assumption (human range 0.085-0.12)")
    makeham_constant: float = param(0.0002, lo=0.0, hi=0.01, unit="1/year",
                                    doc="age-independent part of mortality",
                                    source="assumption (range 0-0.0005)")
    infant_mortality: float = param(0.0032, lo=0.0, hi=0.1, unit="1/year",
                                    doc="death rate in the first year of life",
                                    source="Flanders ~3.2 per 1000 births (V2)")
    need_mortality_rr: list[float] = param([1.0, 1.6, 2.8, 5.0], lo=0.1, hi=50.0, length=4,
                                           unit="rate ratio",
                                           doc="death rate ratio by need level none..severe",
                                           source="assumption (ranges 1.3-2, 2-4, 3-8)")
    dementia_mortality_rr: float = param(1.8, lo=0.1, hi=20.0, unit="rate ratio",
                                         source="assumption (range 1.5-2.5)")
    realised_need_correction: bool = param(True, doc="each year, rescale the baseline "
                                                     "hazard of every sex x 5-year band (60+) "
                                                     "by expected over realised mean need "
                                                     "multiplier, so that mechanisms shifting "
                                                     "the need mix (WZC residents keep heavy "
                                                     "needs) keep death rates by age on the "
                                                     "calibrated schedule")
    # Household moves at older ages (yearly). Without them couples only dissolve (a partner
    # dies) and the share living alone drifts above the published one (29% of 67+, 39% of
    # 80-89) within a few years.
    move_in_min_age: float = param(65.0, lo=18.0, hi=120.0, unit="years",
                                   doc="youngest age at which a resident living alone may "
                                       "move in with a resident child, or re-partner",
                                   source="assumption (range 60-70)")
    move_in_rate: float = param(0.014, lo=0.0, hi=1.0, unit="per year",
                                doc="yearly chance that a resident living alone at home "
                                    "without care need moves into the household of an adult "
                                    "child living in the municipality (multiplied by "
                                    "move_in_need_factor)",
                                source="assumption (range 0.005-0.03), calibrated to living "
                                       "alone 67+ and 80-89 after ten years (Vlaamse "
                                       "Ouderenraad 2020; Statbel 2019)")
    move_in_need_factor: list[float] = param([1.0, 1.5, 2.0, 2.0], lo=0.0, hi=50.0, length=4,
                                             unit="x",
                                             doc="multiplier of move_in_rate by own need "
                                                 "level none..severe (older people move in "
                                                 "with family mostly when they need care; "
                                                 "with severe need more often into a WZC)",
                                             source="assumption (ranges 1, 1-3, 1.5-4, 1.5-5)")
    repartner_rate: float = param(0.005, lo=0.0, hi=1.0, unit="per year",
                                  doc="yearly chance that a man living alone at home forms a "
                                      "couple with a woman living alone in his buurt (she "
                                      "moves in with him); women re-partner less often "
                                      "because they outnumber men at these ages",
                                  source="assumption (range 0-0.02): re-partnering after "
                                         "widowhood is rare after 65")
    birth_rate: float = param(0.0095, lo=0.0, hi=0.1, unit="per resident per year",
                              doc="births (projection regime)",
                              source="Flanders ~64k births / 6.77M (2022, V2, D)")
    net_migration_rate: float = param(0.005, lo=-0.1, hi=0.1, unit="per resident per year",
                                      doc="net in-migration (projection regime), mostly ages "
                                          "20-39", source="Flanders 2015-2022 ~+4-7 per 1000 "
                                                          "(V2, D)")


# ---------------------------------------------------------------------------------------------
# Care needs
# ---------------------------------------------------------------------------------------------


@dataclass
class NeedsConfig:
    """Need levels (none, light, moderate, severe), dementia, and hours of care per week."""

    # P(any limitation) by age: GALI "limited in usual activities" (HIS 2018, V): about 1 in
    # 5 aged 15+, > 1 in 3 aged 65+, > 4 in 10 aged 75+. Curve derived (D) to hit those.
    prevalence_ages: list[float] = param([0, 15, 30, 45, 55, 65, 75, 85, 95], lo=0, hi=120,
                                         unit="years")
    any_need: list[float] = param([0.03, 0.065, 0.095, 0.13, 0.18, 0.215, 0.27, 0.37, 0.52],
                                  lo=0.0, hi=1.0, unit="share",
                                  source="HIS 2018 GALI (V), D between anchors; 75-95 "
                                         "re-derived 2026-11-23 so that the prevalence "
                                         "after ten years (WZC residents keep their need) "
                                         "stays near the targets")
    # Among those with a need: share with moderate-or-worse and with severe need, by the same
    # ages. The levels set hours of care, so they measure care dependency, not the severity
    # of the GALI limitation: severe = needs help with personal care (ADL) most days;
    # moderate = regular help with household tasks (IADL) and some personal care. Most
    # limited adults of working age manage largely on their own; care dependency rises
    # steeply with age (assumption, 2026-11-23; before: severe = GALI "severely limited",
    # 0.15-0.20 of the limited below 65, which put 28 h/week of need on many adults).
    moderate_or_worse: list[float] = param([0.45, 0.25, 0.25, 0.28, 0.32, 0.40, 0.50, 0.62,
                                            0.75], lo=0.0, hi=1.0, unit="share of limited",
                                           source="assumption (+-0.1 at 65+, 0.15-0.4 below): "
                                                  "care dependency among the GALI-limited")
    severe: list[float] = param([0.20, 0.06, 0.06, 0.07, 0.09, 0.14, 0.22, 0.33, 0.45],
                                lo=0.0, hi=1.0, unit="share of limited",
                                source="assumption (+-0.1 at 65+, 0.03-0.15 below): ADL "
                                       "dependency among the GALI-limited")
    women_odds: float = param(1.15, lo=0.2, hi=5.0, unit="odds ratio",
                              doc="odds of each need level, women vs men",
                              source="HIS 2018 women report more limitations (V2); assumption "
                                     "1.0-1.3")
    ses_odds_per_quintile: float = param(1.25, lo=1.0, hi=3.0, unit="odds ratio",
                                         doc="odds of need per quintile step down in SES",
                                         source="assumption: social gradient (DOMAIN 9), "
                                                "lowest vs highest ~2.4x, range 1.1-1.4")
    persistence_per_year: float = param(0.85, lo=0.0, hi=0.999, unit="correlation",
                                        doc="year-to-year correlation of latent frailty",
                                        source="assumption (range 0.7-0.95)")
    hysteresis: float = param(0.25, lo=0.0, hi=1.0, unit="latent sd",
                              doc="margin the latent frailty must pass a threshold by before "
                                  "the need level changes (stops week-to-week flicker)",
                              source="assumption (range 0.1-0.4)")
    # Dementia prevalence (dementie.be, V): 1.6% of 65-69; > 10% of 65+; > 20% of 80+;
    # > 40% of 90+.
    dementia_ages: list[float] = param([60, 67, 72, 77, 82, 87, 92, 97], lo=0, hi=120,
                                       unit="years")
    dementia_prevalence: list[float] = param([0.002, 0.017, 0.038, 0.09, 0.18, 0.35, 0.56,
                                              0.68], lo=0.0, hi=1.0, unit="share",
                                             source="dementie.be (V), D between anchors")
    dementia_min_level: int = param(1, lo=0, hi=3, unit="need level",
                                    doc="lowest need level of a person with dementia",
                                    source="assumption (1-2)")
    nursing_home_min_level: int = param(2, lo=0, hi=3, unit="need level",
                                        doc="while in a WZC, a resident's need level does "
                                            "not fall below this level, nor below her level "
                                            "at the previous week if that was lower (0: "
                                            "need evolves as at home)",
                                        source="assumption (range 0-3): residents are "
                                               "admitted with heavy, lasting care needs "
                                               "(see residential.initial_need_weight); 3 "
                                               "(no recovery at all) lowers life expectancy "
                                               "by about 1 year through need mortality")
    hours_per_level: list[float] = param([0.0, 2.5, 8.0, 24.0], lo=0.0, hi=168.0, length=4,
                                         unit="h/week",
                                         doc="hours of care needed per week by level",
                                         source="assumption (ranges 1.5-4, 5-12, 16-32); "
                                                "anchors: family care gives about 2.5 h per "
                                                "client per week (2021, D), mostly to light "
                                                "and moderate needs; WZC care-staff norms "
                                                "(11.8-13.9 FTE per 30 residents, Rekenhof "
                                                "2024, V) give about 10-11 h of direct care "
                                                "per heavily dependent resident per week when "
                                                "care is pooled, so about twice that at home "
                                                "(no pooling, supervision counted)")
    dementia_extra_hours: float = param(5.0, lo=0.0, hi=168.0, unit="h/week",
                                        doc="extra supervision hours with dementia",
                                        source="assumption (range 3-12)")

    def check(self, run: Any) -> None:
        """Cross-field rules: curves by age, severe within moderate, hours rising with need."""
        _anchor_ages("needs.prevalence", self.prevalence_ages, self.any_need)
        _anchor_ages("needs.dementia", self.dementia_ages, self.dementia_prevalence)
        for key in ("moderate_or_worse", "severe"):
            if len(getattr(self, key)) != len(self.prevalence_ages):
                raise ConfigError(f"needs.{key}", getattr(self, key),
                                  f"allowed: {len(self.prevalence_ages)} values, one per "
                                  "prevalence age")
        if any(s > m for s, m in zip(self.severe, self.moderate_or_worse, strict=True)):
            raise ConfigError("needs.severe", self.severe, "allowed: at most "
                              "needs.moderate_or_worse at each age")
        hours = self.hours_per_level
        if any(b < a for a, b in zip(hours, hours[1:], strict=False)):
            raise ConfigError("needs.hours_per_level", hours,
                              "allowed: non-decreasing hours from level none to severe")


# ---------------------------------------------------------------------------------------------
# Care delivery (issue: care delivery). Each section belongs to one mechanism module.
# ---------------------------------------------------------------------------------------------


@dataclass
class SelfCareConfig:
    """How needed hours split into tasks, and how much residents do themselves (sim.care)."""

    # Share of a level's hours per task, by need level none, light, moderate, severe. Each
    # level's four shares sum to 1. Assumption: light need is mostly household help (IADL),
    # severe need mostly personal care, nursing and supervision (ranges +-0.1).
    personal_share: list[float] = param([0.25, 0.15, 0.35, 0.42], lo=0.0, hi=1.0, length=4,
                                        unit="share", doc="personal care (washing, dressing)")
    household_share: list[float] = param([0.25, 0.80, 0.45, 0.25], lo=0.0, hi=1.0, length=4,
                                         unit="share", doc="household help (cleaning, meals)")
    nursing_share: list[float] = param([0.25, 0.0, 0.07, 0.08], lo=0.0, hi=1.0, length=4,
                                       unit="share", doc="nursing acts (wound care, medication)",
                                       source="assumption (ranges 0-0.05, 0.03-0.12, "
                                              "0.05-0.15): severe need gives about 2 h of "
                                              "nursing a week, near the Wit-Gele Kruis "
                                              "volume of about 117 visits per patient per "
                                              "year (2021, V, D)")
    supervision_share: list[float] = param([0.25, 0.05, 0.13, 0.25], lo=0.0, hi=1.0,
                                           length=4, unit="share",
                                           doc="supervision and presence")
    self_care_share: list[float] = param([0.0, 0.45, 0.25, 0.08], lo=0.0, hi=1.0, length=4,
                                         unit="share",
                                         doc="share of non-nursing hours a resident covers "
                                             "herself, by need level",
                                         source="assumption (ranges 0.3-0.6, 0.1-0.4, 0-0.15)")
    dementia_self_care_loss: float = param(0.6, lo=0.0, hi=1.0, unit="share",
                                           doc="loss of self-care capacity with dementia",
                                           source="assumption (range 0.4-0.8)")
    ses_self_care_loss: float = param(0.2, lo=0.0, hi=1.0, unit="share",
                                      doc="loss of self-care capacity in the lowest SES "
                                          "quintile vs the highest (linear in between)",
                                      source="assumption (range 0-0.4): health literacy "
                                             "gradient, DOMAIN mechanism 9")

    def check(self, run: Any) -> None:
        """Cross-field rule: the four task shares sum to 1 at each need level."""
        for level in range(4):
            total = (self.personal_share[level] + self.household_share[level]
                     + self.nursing_share[level] + self.supervision_share[level])
            if abs(total - 1) > 1e-6:
                raise ConfigError("selfcare.personal_share", self.personal_share,
                                  f"allowed: task shares that sum to 1 at each need level "
                                  f"(level {level} sums to {total:g})")


@dataclass
class InformalCareConfig:
    """Mantelzorg: carers in the network (sim.informal_care)."""

    # Which tasks informal carers do. Nursing acts (wound care, injections) need a
    # professional; partners often do some, so it can be switched on for sensitivity runs.
    does_personal: bool = param(True, doc="informal carers do personal care (washing, dressing)")
    does_household: bool = param(True, doc="informal carers do household help")
    does_nursing: bool = param(False, doc="informal carers do nursing acts",
                               source="assumption: nursing needs a professional (DOMAIN 2)")
    does_supervision: bool = param(True, doc="informal carers give supervision and presence")
    # Who becomes a carer. Ties are asked in priority order: partner, other household member,
    # resident child, non-resident child, other kin (parents), neighbour, friend.
    willingness: list[float] = param([0.90, 0.70, 0.60, 0.50, 0.45, 0.05, 0.08], lo=0.0,
                                     hi=1.0, length=7, unit="probability",
                                     doc="probability that a tie of each kind (partner, "
                                         "household, child, non-resident child, kin, "
                                         "neighbour, friend) with full free time accepts care",
                                     source="assumption (ranges 0.8-1, 0.5-0.9, 0.4-0.8, "
                                            "0.3-0.7, 0.3-0.6, 0.02-0.15, 0.03-0.2); "
                                            "calibrated to HIS 2013 weekly carers")
    men_willingness_factor: float = param(0.75, lo=0.0, hi=2.0, unit="x",
                                          doc="willingness of men relative to women, for "
                                              "every tie except the partner",
                                          source="assumption (range 0.5-1), calibrated to "
                                                 "weekly informal help given by 11% of "
                                                 "women and 8% of men (Belgium, HIS 2013, "
                                                 "V): daughters care for parents more often "
                                                 "than sons")
    availability_elasticity: float = param(1.5, lo=0.0, hi=5.0, unit="-",
                                           doc="willingness scales with availability (spare "
                                               "capacity / capacity of a healthy adult "
                                               "without job or children) to this power",
                                           source="assumption (range 0.5-2.5)")
    coresident_availability_elasticity: float = param(0.5, lo=0.0, hi=5.0, unit="-",
                                                      doc="availability_elasticity for a "
                                                          "partner or other household member: "
                                                          "someone living with the recipient "
                                                          "takes care on whatever her free "
                                                          "time (her capacity bounds the "
                                                          "hours, not the willingness)",
                                                      source="assumption (range 0-1): "
                                                             "partners are the first and most "
                                                             "intensive carers (DOMAIN.md; "
                                                             "SERV 2022/23)")
    caring_already_factor: float = param(0.5, lo=0.0, hi=1.0, unit="x per recipient",
                                         doc="willingness multiplier per person already "
                                             "cared for", source="assumption (range 0.3-0.8)")
    overloaded_willingness_factor: float = param(0.1, lo=0.0, hi=1.0, unit="x",
                                                 doc="willingness multiplier when overloaded",
                                                 source="assumption (range 0-0.3)")
    recruit_interval_weeks: int = param(2, lo=1, hi=52, unit="weeks",
                                        doc="weeks after finding a carer before a recipient "
                                            "with uncovered hours asks for another one",
                                        source="assumption (range 1-8)")
    recruit_retry_weeks: int = param(13, lo=1, hi=104, unit="weeks",
                                     doc="mean weeks after a request nobody accepted before "
                                         "the recipient asks again",
                                     source="assumption (range 4-26)")
    recruit_gap_hours: float = param(1.5, lo=0.0, hi=40.0, unit="h/week",
                                     doc="uncovered informal-eligible hours that make a "
                                         "recipient look for another carer",
                                     source="assumption (range 0.5-2.5), calibrated to weekly "
                                            "carers (HIS 2013) and 23.2% heavily burdened "
                                            "(2014)")
    max_carers: int = param(4, lo=1, hi=20, unit="carers",
                            doc="most informal carers one recipient recruits",
                            source="assumption (range 2-6)")
    cooldown_weeks: int = param(26, lo=0, hi=520, unit="weeks",
                                doc="a carer who stopped takes on no new care for this long",
                                source="assumption (range 8-52)")
    # Capacity (h/week) = min(share x (168 - personal - paid work - childcare), max) x health
    # x age factor.
    personal_hours: float = param(80.0, lo=0.0, hi=168.0, unit="h/week",
                                  doc="sleep, personal care, meals and own household",
                                  source="assumption (range 70-95)")
    hours_per_fte: float = param(38.0, lo=0.0, hi=60.0, unit="h/week",
                                 source="Belgian statutory full-time week (38 h)")
    commute_hours_per_fte: float = param(5.0, lo=0.0, hi=20.0, unit="h/week",
                                         source="assumption (range 3-8)")
    childcare_hours: float = param(30.0, lo=0.0, hi=100.0, unit="h/week per household",
                                   doc="time a household with minors spends on them, split "
                                       "over its adults", source="assumption (range 20-40)")
    care_share_of_free: float = param(0.5, lo=0.05, hi=1.0, unit="share",
                                      doc="share of free time (after sleep, personal time, "
                                          "paid work and childcare) a carer can give",
                                      source="assumption (range 0.3-0.8)")
    max_care_hours: float = param(60.0, lo=1.0, hi=168.0, unit="h/week",
                                  doc="most care hours one carer can give in a week",
                                  source="assumption (range 40-80)")
    health_factor: list[float] = param([1.0, 0.8, 0.45, 0.0], lo=0.0, hi=1.0, length=4,
                                       unit="x", doc="capacity multiplier by the carer's own "
                                                     "need level none..severe",
                                       source="assumption (ranges 1, 0.6-0.9, 0.3-0.6, 0)")
    old_carer_age: float = param(70.0, lo=18.0, hi=120.0, unit="years",
                                 doc="age from which a carer's capacity declines",
                                 source="assumption (range 65-75)")
    capacity_at_90: float = param(0.6, lo=0.0, hi=1.0, unit="x",
                                  doc="capacity multiplier at age 90 (linear from "
                                      "old_carer_age)", source="assumption (range 0.4-0.8)")
    nonresident_capacity_factor: float = param(0.4, lo=0.0, hi=1.0, unit="x",
                                               doc="capacity of a child living outside the "
                                                   "municipality relative to a resident one "
                                                   "(travel time, distance)",
                                               source="assumption (range 0.2-0.6)")
    # Paid work. The employment rate by age (both sexes) reproduces Statistiek Vlaanderen
    # 2019: 75.5% of 20-64 employed (men 79.3%, women 71.5%); 20-34 75.3%, 35-44 87.0%,
    # 45-54 85.6%, 55-64 54.9%. Curve derived (D) to hit them.
    employment_ages: list[float] = param([18, 21, 25, 30, 40, 50, 55, 60, 64, 66, 70], lo=0,
                                         hi=120, unit="years",
                                         source="anchor ages of employment_rate")
    employment_rate: list[float] = param([0.12, 0.47, 0.80, 0.89, 0.93, 0.93, 0.86, 0.62,
                                          0.36, 0.05, 0.01], lo=0.0, hi=1.0, unit="share",
                                         source="Statistiek Vlaanderen werkzaamheidsgraad "
                                                "2019 (V), D between anchors")
    # Women's employment relative to men's by age (Statistiek Vlaanderen 2017, V): 20-34
    # 69% vs 75%, 35-49 83% vs 92%, 50-64 53% vs 65% (ratios at the band midpoints, D).
    women_ratio_ages: list[float] = param([27, 42, 57], lo=0, hi=120, unit="years",
                                          source="midpoints of 20-34, 35-49, 50-64")
    women_ratio: list[float] = param([0.92, 0.90, 0.82], lo=0.1, hi=1.5, unit="ratio",
                                     doc="employment rate of women over that of men by age",
                                     source="Statistiek Vlaanderen werkzaamheidsgraad 2017 "
                                            "(V, D)")
    employment_need_factor: list[float] = param([1.0, 0.8, 0.5, 0.15], lo=0.0, hi=1.0,
                                                length=4, unit="x",
                                                doc="employment multiplier by own need level",
                                                source="assumption (ranges 1, 0.7-0.9, "
                                                       "0.3-0.7, 0-0.3)")
    part_time_women: float = param(0.418, lo=0.0, hi=1.0, unit="share of employed",
                                   source="Statistiek Vlaanderen deeltijdarbeid 2020 (V)")
    part_time_men: float = param(0.101, lo=0.0, hi=1.0, unit="share of employed",
                                 source="Statistiek Vlaanderen deeltijdarbeid 2020 (V)")
    part_time_fte: float = param(0.6, lo=0.1, hi=1.0, unit="FTE",
                                 doc="mean FTE of a part-time job (mix of 1/2 and 4/5)",
                                 source="assumption (range 0.5-0.8)")
    # Burden: strain = effective care hours / (sustainable_share x capacity). Burden grows
    # while strain > 1 and recovers while it is below; overloaded above the threshold.
    sustainable_share: float = param(0.18, lo=0.01, hi=1.0, unit="share of capacity",
                                     doc="care load a carer sustains without building "
                                         "burden", source="assumption (range 0.1-0.4), "
                                                          "calibrated to 23.2% overloaded "
                                                          "(2014)")
    dementia_strain: float = param(0.3, lo=0.0, hi=3.0, unit="x extra",
                                   doc="extra strain per hour of care to someone with "
                                       "dementia", source="assumption (range 0.1-0.6)")
    burden_growth: float = param(0.05, lo=0.0, hi=1.0, unit="per week per unit strain",
                                 source="assumption (range 0.02-0.1)")
    burden_recovery: float = param(0.05, lo=0.0, hi=1.0, unit="per week at zero strain",
                                   source="assumption (range 0.02-0.1)")
    burden_max: float = param(3.0, lo=1.0, hi=100.0, unit="burden units",
                              source="assumption (range 2-5)")
    overload_threshold: float = param(1.0, lo=0.0, hi=100.0, unit="burden units",
                                      doc="burden above which a carer is overloaded",
                                      source="definition: sets the burden unit (growth, "
                                             "recovery and maximum are relative to it)")
    stretch: list[float] = param([0.5, 0.4, 0.3, 0.15, 0.15, 0.0, 0.0], lo=0.0, hi=2.0,
                                 length=7, unit="share of capacity",
                                 doc="extra hours beyond planned capacity a carer gives, by tie "
                                     "kind (partner, household, child, non-resident child, "
                                     "kin, neighbour, friend), when her recipient's need would "
                                     "otherwise stay undone (e.g. after a cut in home care)",
                                 source="assumption (ranges 0.2-1, 0.2-0.8, 0.1-0.5, 0-0.3, "
                                        "0-0.3, 0-0.1, 0-0.1): DOMAIN mechanism 4, unmet home "
                                        "care is pushed onto informal carers (more overload)")
    respite_relief_weight: float = param(1.0, lo=0.0, hi=5.0, unit="h per respite h",
                                         doc="care hours a carer is relieved of per hour of "
                                             "respite (short stay, day care) the recipient "
                                             "gets", source="assumption (range 0.5-1.5)")
    # Consequences of overload, per week while overloaded.
    frailty_per_overload_week: float = param(0.004, lo=0.0, hi=0.1, unit="latent sd/week",
                                             doc="rise of the carer's latent frailty",
                                             source="assumption (range 0.001-0.01)")
    work_cut_hazard: float = param(0.006, lo=0.0, hi=1.0, unit="1/week",
                                   doc="chance that an overloaded working carer cuts paid "
                                       "work (times work_cut_sex_factor and, for the lower "
                                       "earner of a couple, lower_earner_cut_factor)",
                                   source="assumption (range 0.002-0.02); plausibility: the "
                                          "paid work carers have given up and not yet taken "
                                          "up again stays at about 1% of employment or less")
    work_return_hazard: float = param(0.02, lo=0.0, hi=1.0, unit="1/week",
                                      doc="chance that a former carer (no care given, burden "
                                          "back to 0) takes up the paid work given up again",
                                      source="assumption (range 0.005-0.05): care leave and "
                                             "reduced hours are mostly temporary")
    work_cut_sex_factor: list[float] = param([0.5, 1.5], lo=0.0, hi=10.0, length=2,
                                             unit="x",
                                             doc="work-cut hazard multiplier for men, women",
                                             source="assumption (ranges 0.3-1, 1-2): women "
                                                    "more often reduce paid work for care "
                                                    "and bear the income consequences (SERV "
                                                    "advice 2022/23, DOMAIN.md); no Flemish "
                                                    "figure on the size of the gap")
    lower_earner_cut_factor: float = param(2.0, lo=1.0, hi=10.0, unit="x",
                                           doc="work-cut hazard multiplier for a carer who "
                                               "works less than her partner",
                                           source="assumption (range 1-4): the lower earner "
                                                  "of a couple adapts first")
    work_cut_fte: float = param(0.2, lo=0.0, hi=1.0, unit="FTE",
                                doc="paid work given up in one cut (4/5 time = 0.2)",
                                source="assumption (range 0.1-0.5)")
    stop_hazard_overload: float = param(0.02, lo=0.0, hi=1.0, unit="1/week",
                                        doc="chance that an overloaded carer stops all care",
                                        source="assumption (range 0.005-0.05)")
    coresident_stop_factor: float = param(0.25, lo=0.0, hi=1.0, unit="x",
                                          doc="chance that an overloaded carer who stops "
                                              "(stop_hazard_overload) also ends the care for "
                                              "a partner or household member she lives with",
                                          source="assumption (range 0.1-0.5): co-resident "
                                                 "carers seldom stop; their overload ends in "
                                                 "formal care or a WZC admission instead")
    withdraw_weekly: list[float] = param([0.0005, 0.001, 0.002, 0.002, 0.002, 0.004, 0.004],
                                         lo=0.0, hi=1.0, length=7, unit="1/week",
                                         doc="chance a link ends for other reasons, by tie kind",
                                         source="assumption (ranges x0.5-x2)")
    withdraw_per_burden: float = param(0.005, lo=0.0, hi=1.0, unit="1/week per burden unit",
                                       doc="extra chance a link ends per unit of burden",
                                       source="assumption (range 0.002-0.02)")
    idle_weeks: int = param(8, lo=1, hi=520, unit="weeks",
                            doc="a link that gave no hours this many weeks in a row ends",
                            source="assumption (range 4-26)")

    @property
    def tasks(self) -> list[str]:
        """Names of the tasks informal carers do (for ``sim.care.task_mask``)."""
        flags = (("personal", self.does_personal), ("household", self.does_household),
                 ("nursing", self.does_nursing), ("supervision", self.does_supervision))
        return [name for name, on in flags if on]


@dataclass
class WorkforceConfig:
    """Care professionals: FTE, absence, burnout, attrition, hiring (sim.workforce)."""

    # Lists hold one value per staff type, in the order of sim.workforce.STAFF_TYPES:
    # family_care_worker (gezinszorg), home_nurse (thuisverpleging), wzc_care, wzc_logistics.
    # --- working time ---------------------------------------------------------------------
    hours_per_fte: float = param(38.0, lo=1.0, hi=60.0, unit="h/week per FTE",
                                 doc="paid hours of one full-time equivalent",
                                 source="Belgian full-time week in the care sector (PC 330); "
                                        "assumption (range 36-40)")
    fte_per_head: list[float] = param([0.75, 0.80, 0.84, 0.84], lo=0.67, hi=1.0, length=4,
                                      unit="FTE per person",
                                      doc="mean contract size (part-time mix) per staff type",
                                      source="family care 21,675 FTE / 28,900 people (~2018, "
                                             "VSPF, V2, D); WZC 37,700 FTE / 45,000 staff, "
                                             "public care sector (2021, seed 001, V, D); home "
                                             "nurses assumption (range 0.7-0.9)")
    direct_share: list[float] = param([0.44, 0.58, 0.65, 0.80], lo=0.0, hi=1.0, length=4,
                                      unit="share of paid hours",
                                      doc="share of a present FTE's paid hours spent on the "
                                          "employer's core work (direct care; logistics tasks "
                                          "for logistics staff), net of paid leave, travel, "
                                          "admin and training",
                                      source="family care: 16.34 M h delivered (2021) / 21,675 "
                                             "FTE (~2018) / 52 = 14.5 h per employed FTE (V2, "
                                             "D), divided by 38 h x presence; home nurses: "
                                             "24-27 patients per nurse per day (2021, V) x "
                                             "assumed 12 min contact over a 7.6 h day, less "
                                             "paid leave (D, range 0.45-0.7); WZC care "
                                             "assumption (range 0.55-0.8); logistics "
                                             "assumption (range 0.7-0.9)")
    # --- sickness absence -----------------------------------------------------------------
    absence_rate: list[float] = param([0.12, 0.10, 0.16, 0.16], lo=0.0, hi=0.9, length=4,
                                      unit="share of staff",
                                      doc="stationary sickness absence at workload 1 and "
                                          "baseline burnout",
                                      source="WZC about 16% (~2022, Vlozo, V2; about 11% five "
                                             "years earlier); family care assumption (range "
                                             "0.08-0.16); home nurses assumption (range "
                                             "0.07-0.14)")
    absence_weeks: float = param(3.0, lo=1.0, hi=52.0, unit="weeks",
                                 doc="mean length of a sickness-absence episode",
                                 source="assumption (range 1-8)")
    absence_workload_slope: float = param(1.0, lo=0.0, hi=10.0, unit="log rate ratio per "
                                                                     "unit workload",
                                          doc="rise of the absence onset hazard with last "
                                              "week's workload above 1",
                                          source="assumption (range 0.5-2)")
    # --- burnout --------------------------------------------------------------------------
    burnout_prevalence: float = param(0.069, lo=0.0, hi=0.9, unit="share of staff",
                                      doc="stationary burnout prevalence at workload 1",
                                      source="nurses (hospitals) 6.9% burnout, 12.4% more at "
                                             "risk (2012, KU Leuven/IDEWE, V2)")
    burnout_weeks: float = param(26.0, lo=1.0, hi=260.0, unit="weeks",
                                 doc="mean duration of a burnout", source="assumption (range "
                                                                          "12-52)")
    burnout_workload_slope: float = param(2.0, lo=0.0, hi=10.0, unit="log rate ratio per "
                                                                     "unit workload",
                                          doc="rise of the burnout onset hazard with last "
                                              "week's workload above 1",
                                          source="assumption (range 1-4); 2 gives about "
                                                 "16% burnout after a year at workload 1.5, "
                                                 "below 6.9% + 12.4% at risk (2012, V2)")
    burnout_absence_rr: float = param(4.0, lo=1.0, hi=50.0, unit="rate ratio",
                                      doc="absence onset hazard in burnout vs not",
                                      source="assumption (range 2-8)")
    burnout_productivity: float = param(0.8, lo=0.0, hi=1.0, unit="share",
                                        doc="productivity of a present professional in "
                                            "burnout", source="assumption (range 0.6-1.0)")
    # --- attrition ------------------------------------------------------------------------
    leave_rate: float = param(0.10, lo=0.0, hi=0.9, unit="share per year",
                              doc="staff leaving the sector per year (retirement excluded) at "
                                  "workload 1 and baseline burnout",
                              source="about 10% of care workers normally intend to leave "
                                     "(Sciensano, Power to Care, 2020, V2), taken as the "
                                     "leaving rate; assumption (range 0.06-0.14)")
    leave_age_slope: float = param(0.06, lo=0.0, hi=0.5, unit="log rate ratio per year "
                                                             "of age",
                                   doc="fall of the leaving hazard per year of age (young, "
                                       "early-career staff leave more; the rate at age 40 is "
                                       "the reference)",
                                   source="assumption (range 0-0.1); with the hire ages "
                                          "below it keeps the share aged 50+ near its "
                                          "initial value over 10 years")
    leave_burnout_rr: float = param(2.5, lo=1.0, hi=50.0, unit="rate ratio",
                                    doc="leaving hazard in burnout vs not",
                                    source="assumption (range 1.5-4)")
    leave_workload_slope: float = param(1.5, lo=0.0, hi=10.0, unit="log rate ratio per unit "
                                                                   "workload",
                                        doc="rise of the leaving hazard with last week's "
                                            "workload above 1",
                                        source="assumption (range 0.5-3); with burnout "
                                               "about 16%/year leave at workload 1.3 and 21% "
                                               "at 1.5, cf. 22% intending to leave in Dec "
                                               "2020 vs 10% normally (Sciensano, V2)")
    workload_max: float = param(1.5, lo=1.0, hi=100.0, unit="demand / available hours",
                                doc="cap on the workload that drives the hazards: staff "
                                    "work their hours, demand beyond this adds no pressure "
                                    "(it becomes waiting lists and unmet need)",
                                source="assumption (range 1.3-2); without a cap a small "
                                       "team can spiral to zero staff")
    retirement_age_mean: float = param(62.5, lo=50.0, hi=70.0, unit="years",
                                       doc="mean age at which professionals retire",
                                       source="assumption (range 60-65; legal pension age 65, "
                                              "66 from 2025, 67 from 2030)")
    retirement_age_sd: float = param(2.0, lo=0.0, hi=10.0, unit="years",
                                     doc="spread of retirement ages (clipped to 58-67)",
                                     source="assumption (range 1-4)")
    # --- initial staff and hiring ---------------------------------------------------------
    initial_share_50plus: float = param(0.35, lo=0.0, hi=1.0, unit="share of staff",
                                        doc="initial staff aged 50+ (an ageing workforce); "
                                            "the rest is spread over ages 20-50",
                                        source="assumption (range 0.25-0.45)")
    initial_vacancy: list[float] = param([0.04, 0.06, 0.04, 0.03], lo=0.0, hi=0.9, length=4,
                                         unit="share of target FTE",
                                         doc="target FTE not filled at the start",
                                         source="assumption (ranges 0.02-0.08, 0.03-0.10, "
                                                "0.02-0.08, 0.01-0.05): nurses are the top "
                                                "shortage occupation, 9,000 nurse and 5,000 "
                                                "care-assistant vacancies Jan-Oct 2017 "
                                                "(VDAB, V2)")
    search_weeks: list[float] = param([12.0, 21.0, 11.0, 6.0], lo=0.1, hi=520.0, length=4,
                                      unit="weeks",
                                      doc="mean weeks to find a candidate for an open "
                                          "vacancy while the labour pool has candidates",
                                      source="assumption (ranges 6-18, 13-30, 6-16, 3-10; "
                                             "nurses longest, top shortage occupation 2017, "
                                             "VDAB, V2); with the start delay they make the "
                                             "initial vacancy rate stationary at workload 1")
    hiring_delay_weeks: float = param(8.0, lo=1.0, hi=104.0, unit="weeks",
                                      doc="mean time from an accepted offer to the first "
                                          "working week (notice period, paperwork)",
                                      source="assumption (range 4-16)")
    labour_pool: list[float] = param([220.0, 190.0, 200.0, 270.0], lo=0.0, hi=10_000.0,
                                     length=4, unit="hires per year per 1,000 FTE",
                                     doc="most hires per year, per 1,000 FTE of the "
                                         "employers' initial target (the municipality's share "
                                         "of a fixed labour market); funded extra targets "
                                         "do not widen it",
                                     source="assumption (range +-30%): about 1.4-2x the "
                                            "normal yearly turnover (leaving + retirement, "
                                            "about 140 per 1,000 FTE), so it binds when "
                                            "leaving rises or targets grow")
    pool_buffer_weeks: float = param(13.0, lo=1.0, hi=520.0, unit="weeks of pool inflow",
                                     doc="candidates who find no post wait at most this "
                                         "long before going to other sectors",
                                     source="assumption (range 4-26)")
    hire_age_mean: float = param(36.0, lo=18.0, hi=60.0, unit="years",
                                 doc="mean age of new hires (school leavers and "
                                     "side-entrants)", source="assumption (range 30-40)")
    hire_age_sd: float = param(10.0, lo=0.0, hi=20.0, unit="years",
                               doc="spread of hire ages (clipped to 19-60)",
                               source="assumption (range 7-12)")
    ramp_start: float = param(0.6, lo=0.0, hi=1.0, unit="share",
                              doc="productivity of a new hire in the first week",
                              source="assumption (range 0.4-0.8)")
    ramp_weeks: float = param(13.0, lo=0.0, hi=260.0, unit="weeks",
                              doc="weeks until a new hire is fully productive (linear)",
                              source="assumption (range 4-26; longer for side-entrants)")


@dataclass
class HomeCareConfig:
    """Formal home care: family care and home nursing services (sim.homecare)."""

    # --- contingents: programming norm (programmatie) and funding -----------------------
    norm_ages: list[float] = param([0.0, 60.0, 65.0, 75.0, 85.0], lo=0, hi=120, length=5,
                                   unit="years",
                                   doc="lower age bound of each programming-norm age band",
                                   source="Zorg en Gezondheid, programmatie gezinszorg (V)")
    norm_hours: list[float] = param([0.62, 1.68, 4.58, 17.5, 40.0], lo=0.0, hi=1000.0, length=5,
                                    unit="h per inhabitant per year",
                                    doc="family-care programming norm by age band",
                                    source="Zorg en Gezondheid, programmatie gezinszorg (V)")
    funded_share: float = param(0.753, lo=0.0, hi=3.0, unit="share",
                                doc="share of the programmed family-care hours that is funded "
                                    "as contingent",
                                source="17,699,412 h contingent / 23.5 M h programmed, Vl+Bru "
                                       "2018 (V, D); range 0.6-1.0")
    gezinszorg_contingent_factor: float = param(1.0, lo=0.0, hi=10.0, unit="x",
                                                doc="multiplier on the family-care contingent "
                                                    "(policy: extra contingent)",
                                                source="status quo 1.0")
    thuisverpleging_contingent_factor: float = param(1.0, lo=0.0, hi=10.0, unit="x",
                                                     doc="multiplier on the home-nursing volume",
                                                     source="status quo 1.0")
    gezinszorg_providers: int = param(1, lo=1, hi=50, unit="services",
                                      doc="family-care services active in the municipality "
                                          "(clients pick one at random, once)",
                                      source="assumption (1-4; 114 services for all of Vl+Bru "
                                             "in 2018, V)")
    thuisverpleging_providers: int = param(1, lo=1, hi=50, unit="services",
                                           doc="home-nursing services in the municipality",
                                           source="assumption (1-4)")
    catch_up_max: float = param(0.25, lo=0.0, hi=10.0, unit="share of the even weekly share",
                                doc="unused contingent rolls forward to the remaining weeks of "
                                    "the same year (never across years), adding at most this "
                                    "share to a week; 0 = no carry-over",
                                source="assumption (range 0-0.5)")
    # --- home nursing volume -------------------------------------------------------------
    nursing_patient_share: float = param(0.0208, lo=0.0, hi=1.0, unit="share of residents",
                                         doc="residents treated by Wit-Gele Kruis home nursing "
                                             "in a year, at the Flemish age structure",
                                         source="Wit-Gele Kruis 140,889 patients 2021 / "
                                                "6,774,807 residents (V, D); divided by "
                                                "nursing_market_share for all providers")
    nursing_market_share: float = param(0.6, lo=0.01, hi=1.0, unit="share",
                                        doc="Wit-Gele Kruis share of all home-nursing patients "
                                            "(the rest: independent nurses, other services)",
                                        source="assumption (range 0.5-0.8)")
    nursing_visits_per_patient: float = param(117.0, lo=0.0, hi=1000.0,
                                              unit="visits per patient per year",
                                              source="Wit-Gele Kruis 16.5 M visits / 140,889 "
                                                     "patients 2021 (V, D)")
    nursing_visit_hours: float = param(0.25, lo=0.01, hi=4.0, unit="h per visit",
                                       doc="direct-care time of a home-nursing visit",
                                       source="assumption (range 0.2-0.5): 24-27 patients per "
                                              "nurse per day (Wit-Gele Kruis 2021, V)")
    nursing_age_weighted: bool = param(True, doc="scale home-nursing volume with the "
                                                 "municipality's age structure (programming-"
                                                 "norm weights) rather than head count")
    # --- what each service does ----------------------------------------------------------
    gezinszorg_tasks: list[float] = param([1.0, 1.0, 0.0, 0.25], lo=0.0, hi=1.0, length=4,
                                          unit="share of open hours",
                                          doc="family care: share of the open hours of each "
                                              "task (personal, household, nursing, "
                                              "supervision) it can take on",
                                          source="assumption: household and personal care, "
                                                 "some supervision (supervision 0-0.5)")
    thuisverpleging_tasks: list[float] = param([0.2, 0.0, 1.0, 0.0], lo=0.0, hi=1.0, length=4,
                                               unit="share of open hours",
                                               doc="home nursing: share of the open hours of "
                                                   "each task it can take on",
                                               source="assumption: nursing acts and personal "
                                                      "hygiene (personal 0.1-0.6)")
    gezinszorg_assessed_share: float = param(0.8, lo=0.0, hi=1.0, unit="share",
                                             doc="share of a client's open eligible hours the "
                                                 "family-care assessment grants (it supports, "
                                                 "does not take over: DOMAIN 2)",
                                             source="assumption (range 0.5-1.0); 0.8 uses "
                                                    "about 92% of the contingent, as 16.34 M "
                                                    "of 17.7 M h (2021/2018, D)")
    thuisverpleging_assessed_share: float = param(0.2, lo=0.0, hi=1.0, unit="share",
                                                  doc="share of open eligible hours the "
                                                      "nursing prescription covers",
                                                  source="assumption (range 0.1-0.5): the "
                                                         "need model's nursing hours exceed "
                                                         "the home-nursing volume several "
                                                         "times; 0.2 gives about 0.6-0.9 h a "
                                                         "week per patient (117 visits x "
                                                         "0.25 h / 52 = 0.56, 2021, D)")
    gezinszorg_max_hours: float = param(3.0, lo=0.0, hi=168.0, unit="h/week per client",
                                        doc="family-care assessment cap per client",
                                        source="assumption (range 3-12)")
    thuisverpleging_max_hours: float = param(1.5, lo=0.0, hi=168.0, unit="h/week per client",
                                             doc="home-nursing cap per client (about one "
                                                 "short visit a day)",
                                             source="assumption (range 1-4)")
    min_request_hours: float = param(0.25, lo=0.0, hi=40.0, unit="h/week",
                                     doc="assessed hours below which nobody asks (not worth "
                                         "a visit)",
                                     source="assumption (range 0.1-1)")
    # --- take-up (Mattheus effect, DOMAIN 9) ---------------------------------------------
    takeup_by_need: list[float] = param([0.0, 0.5, 0.75, 0.9], lo=0.0, hi=1.0, length=4,
                                        unit="probability",
                                        doc="chance that a resident aged 65+ in the highest "
                                            "SES quintile with open hours asks for home care, "
                                            "by need level none..severe",
                                        source="assumption (light 0.3-0.7, moderate 0.5-0.9, "
                                               "severe 0.7-1.0), tuned so that requests after "
                                               "informal care reach about the contingent "
                                               "(17.7 M h, 2018; programmed need 23.5 M h)")
    takeup_lowest_ses_rr: float = param(0.7, lo=0.0, hi=1.0, unit="x",
                                        doc="take-up in the lowest SES quintile relative to the "
                                            "highest (linear in between): Mattheus effect",
                                        source="assumption (range 0.4-0.9), DOMAIN mechanism 9")
    takeup_under_65_rr: float = param(0.5, lo=0.0, hi=1.0, unit="x",
                                      doc="take-up under 65 relative to 65+ (younger residents "
                                          "rely more on household members and disability "
                                          "support, which the model leaves out)",
                                      source="assumption (range 0.2-0.8); the programming norm "
                                             "gives under-60s 0.62 h vs 4.6-40 h at 65+ (V)")
    # --- priority rules ------------------------------------------------------------------
    weight_need: float = param(1.0, lo=0.0, hi=100.0, unit="score per need level 0-3 / 3",
                               doc="priority weight of the need level (severe = full weight)",
                               source="assumption (range 0-2)")
    weight_no_informal: float = param(0.3, lo=0.0, hi=100.0, unit="score",
                                      doc="priority for clients who got no informal care last "
                                          "week", source="assumption (range 0-1): home care "
                                                         "complements informal care rather "
                                                         "than replacing it (triadic care, "
                                                         "DOMAIN 2); at 0.3 about 40% of "
                                                         "the clients also have a carer "
                                                         "(28% at 1.0)")
    weight_dementia: float = param(0.5, lo=0.0, hi=100.0, unit="score",
                                   doc="priority for dementia", source="assumption (range 0-1)")
    weight_low_ses: float = param(0.0, lo=0.0, hi=100.0, unit="score (lowest quintile)",
                                  doc="priority for low SES, linear from 0 (highest quintile) "
                                      "(proportional universalism; 0 in the status quo)",
                                  source="assumption (range 0-1): the status-quo assessment "
                                         "ranks by care need; income sets the user's "
                                         "contribution, not the priority. At 0.5, with home "
                                         "care booked before informal care, the lowest SES "
                                         "quintile ended with less unmet need than the "
                                         "highest (equity ratio 0.91), against DOMAIN 9")
    weight_waiting: float = param(1.0, lo=0.0, hi=100.0, unit="score at saturation",
                                  doc="priority for time on the waiting list",
                                  source="assumption (range 0-2)")
    wait_saturation_weeks: float = param(26.0, lo=1.0, hi=520.0, unit="weeks",
                                         doc="waiting time at which the waiting priority "
                                             "reaches its full weight",
                                         source="assumption (range 8-52)")
    weight_continuity: float = param(1.0, lo=0.0, hi=100.0, unit="score",
                                     doc="priority for last week's clients (care is rarely "
                                         "stopped to serve a newcomer)",
                                     source="assumption (range 0-3)")
    served_threshold: float = param(0.5, lo=0.0, hi=1.0, unit="share of request",
                                    doc="requesters given less than this share of their "
                                        "request are on the waiting list",
                                    source="assumption (range 0.25-1)")
    # --- staff ---------------------------------------------------------------------------
    staff_margin: float = param(0.0, lo=-0.9, hi=2.0, unit="share",
                                doc="target FTE above (below) what delivering the contingent "
                                    "needs at the workforce's mean absence and direct-care "
                                    "share", source="assumption (range -0.2-0.2)")
    workload_includes_unfunded: bool = param(False, doc="report all requested hours as staff "
                                                        "demand, not only the part the "
                                                        "contingent funds")


@dataclass
class ResidentialConfig:
    """Nursing homes (WZC), short stay, day care, local service centres (sim.residential)."""

    # --- nursing homes (woonzorgcentra, WZC): supply ---------------------------------------
    wzc_places_per_1000_65plus: float = param(53.0, lo=0.0, hi=500.0,
                                              unit="places per 1000 residents 65+",
                                              doc="WZC places scaled to the municipality's 65+",
                                              source="83,248 places Vl+Bru 2021 (V) / "
                                                     "1,430,423 Flemish 65+ 2023 (V2) = 58 "
                                                     "(D; includes the Brussels offer and "
                                                     "residents under 65); 53 gives 5.0% of "
                                                     "65+ in a WZC at 94% occupancy (2021, "
                                                     "V); range 45-65")
    wzc_places_per_home: float = param(101.0, lo=1.0, hi=1000.0, unit="places per WZC",
                                       doc="mean size of a WZC; sets how many WZC share the "
                                           "places", source="83,248 places / 826 WZC (2021, "
                                                            "V, D); range 60-150")
    wzc_initial_occupancy: float = param(0.94, lo=0.0, hi=1.0, unit="share of places",
                                         source="press (Tijd, De Morgen) 2019 and 2023 (V2); "
                                                "about 0.90 in COVID years")
    wzc_vacancy_weeks: float = param(10.0, lo=0.0, hi=52.0, unit="weeks",
                                     doc="mean weeks a freed place stays empty (notice, "
                                         "cleaning, intake, finding a candidate who accepts "
                                         "this home)",
                                     source="assumption (range 4-16), calibrated towards 94% "
                                            "occupancy (2019, 2023, V2) at the model's "
                                            "resident turnover")
    wzc_public_share: float = param(0.26, lo=0.0, hi=1.0, unit="share of WZC",
                                    doc="chance that a WZC is public (run by a local "
                                        "government's care association)",
                                    source="216 public of 826 WZC (2021, seed 001 and Zorg en "
                                           "Gezondheid, V, D); 29% of places")
    wzc_for_profit_share: float = param(0.30, lo=0.0, hi=1.0, unit="share of WZC",
                                        doc="chance that a WZC is for-profit (the rest is "
                                            "non-profit)", source="assumption (range 0.2-0.4)")
    # --- nursing homes: staffing norm and workload ----------------------------------------
    norm_fte_per_30_public: float = param(13.9, lo=0.0, hi=60.0, unit="care FTE per 30 "
                                                                      "residents",
                                          doc="care-staff norm of a public WZC",
                                          source="Rekenhof, Vlaamse woonzorgcentra (2024, V)")
    norm_fte_per_30_nonprofit: float = param(13.2, lo=0.0, hi=60.0, unit="care FTE per 30 "
                                                                         "residents",
                                             doc="care-staff norm of a non-profit WZC",
                                             source="Rekenhof (2024, V)")
    norm_fte_per_30_for_profit: float = param(11.8, lo=0.0, hi=60.0, unit="care FTE per 30 "
                                                                           "residents",
                                              doc="care-staff norm of a for-profit WZC",
                                              source="Rekenhof (2024, V)")
    wzc_staff_fte_per_place: float = param(0.705, lo=0.0, hi=5.0, unit="FTE per place",
                                           doc="all WZC staff (care + logistics) per place; "
                                               "logistics = this minus the care target",
                                           source="0.69-0.72 FTE per place (2017-19, npdata.be "
                                                  "compilation, V2, D)")
    norm_present_share: float = param(0.84, lo=0.1, hi=1.0, unit="share",
                                      doc="share of the norm's FTE that must be present: the "
                                          "norm is read as FTE on the payroll, so normal "
                                          "sickness absence is tolerated (1 = the norm on "
                                          "present staff)",
                                      source="assumption: 1 - 16% WZC sickness absence "
                                             "(~2022, Vlozo, V2, D); range 0.8-1.0")
    wzc_care_margin: float = param(0.10, lo=0.0, hi=1.0, unit="share above norm",
                                   doc="care FTE a WZC aims to employ above the norm at full "
                                       "occupancy (to absorb vacancies and absence peaks)",
                                   source="assumption (range 0-0.25)")
    logistics_count_share: float = param(0.0, lo=0.0, hi=1.0, unit="share",
                                         doc="share of present logistics FTE that counts "
                                             "toward the care norm (policy: flexible norms, "
                                             "DOMAIN mechanism 6)",
                                         source="status quo 0 (policy lever, range 0-0.5)")
    wzc_base_hours_per_resident: float = param(4.0, lo=0.0, hi=168.0,
                                               unit="staff h/week per resident",
                                               doc="care-staff time a WZC resident takes "
                                                   "whatever the need (presence, meals, "
                                                   "night watch)",
                                               source="assumption (range 2-6)")
    wzc_staff_hours_per_need_hour: float = param(0.25, lo=0.0, hi=5.0,
                                                 unit="staff h per h of need",
                                                 doc="further care-staff hours per hour of "
                                                     "resident need (care is pooled: one "
                                                     "carer supervises several residents)",
                                                 source="assumption (range 0.15-0.4); with the "
                                                        "base hours about the direct hours of "
                                                        "norm staffing for the initial "
                                                        "resident mix (workload ~1 at start)")
    # --- nursing homes: initial residents --------------------------------------------------
    initial_share_men: list[float] = param([0.003, 0.008, 0.02, 0.046, 0.11, 0.19, 0.26],
                                           lo=0.0, hi=1.0, length=7, unit="share",
                                           doc="men in a WZC by age 65-69, 70-74, ..., 90-94, "
                                               "95+ (relative weights; the level follows from "
                                               "places and occupancy)",
                                           source="Statistiek Vlaanderen 2021 (V): 65-74 < 1%, "
                                                  "75-84 3%, 85+ about 13%; D by band")
    initial_share_women: list[float] = param([0.003, 0.008, 0.032, 0.08, 0.20, 0.35, 0.45],
                                             lo=0.0, hi=1.0, length=7, unit="share",
                                             doc="women in a WZC by age band, as for men",
                                             source="Statistiek Vlaanderen 2021 (V): 65-74 < "
                                                    "1%, 75-84 5%, 85+ > 25%; D by band")
    initial_need_weight: list[float] = param([0.05, 0.3, 1.0, 3.0], lo=0.0, hi=100.0,
                                             length=4, unit="relative weight",
                                             doc="relative chance of living in a WZC at the "
                                                 "start by need level none..severe",
                                             source="assumption (most WZC residents have heavy "
                                                    "care profiles; severe/moderate 2-5)")
    initial_dementia_weight: float = param(3.0, lo=0.0, hi=100.0, unit="relative weight",
                                           doc="relative chance with dementia",
                                           source="assumption (range 2-5)")
    # --- nursing homes: referral, waiting list, admission ----------------------------------
    min_age: float = param(65.0, lo=0.0, hi=120.0, unit="years",
                           doc="youngest age for WZC, short stay and day care",
                           source="assumption: Flemish elderly-care facilities (60-65)")
    referral_need_level: int = param(3, lo=1, hi=3, unit="need level",
                                     doc="need level from which a resident may seek a WZC "
                                         "(also the line below which an admission is "
                                         "avoidable/early)", source="assumption (2-3)")
    referral_dementia_level: int = param(2, lo=1, hi=3, unit="need level",
                                         doc="need level from which a resident with dementia "
                                             "may seek a WZC", source="assumption (1-3)")
    referral_prob: float = param(0.008, lo=0.0, hi=1.0, unit="per week",
                                 doc="weekly chance that a resident above the need threshold, "
                                     "with all her care covered, registers on the waiting list "
                                     "(not everyone wants a WZC)",
                                 source="assumption (range 0.002-0.02); with "
                                        "referral_unmet_gain, calibrated to the WZC shares")
    referral_unmet_gain: float = param(2.0, lo=0.0, hi=20.0, unit="x per unmet share",
                                       doc="the referral chance rises by this much times the "
                                           "share of her needed hours left unmet this week (a "
                                           "home situation that does not hold: 1 + gain x "
                                           "share)",
                                       source="assumption (range 0-5): DOMAIN mechanism 4, "
                                              "unmet home care leads to early admission")
    referral_age_slope: float = param(0.2, lo=0.0, hi=1.0, unit="per year",
                                      doc="referral chances fall by this log-rate per year "
                                          "below the reference age",
                                      source="assumption (range 0.1-0.3), calibrated to "
                                             "the WZC shares by age (Statistiek Vlaanderen "
                                             "2021)")
    referral_reference_age: float = param(88.0, lo=0.0, hi=120.0, unit="years",
                                          doc="age from which referral chances are full",
                                          source="assumption (80-90)")
    referral_cohabit_factor: float = param(0.3, lo=0.0, hi=1.0, unit="x",
                                           doc="multiplier of referral chances (by need and "
                                               "by breakdown) for a resident who lives with "
                                               "someone at home",
                                           source="assumption (range 0.2-0.8): living alone "
                                                  "is a strong predictor of nursing-home "
                                                  "admission")
    breakdown_referral_prob: float = param(0.4, lo=0.0, hi=1.0, unit="per event",
                                           doc="chance of registering after the last informal "
                                               "carer stopped or after a crisis",
                                           source="assumption (range 0.2-0.8)")
    unmet_referral_prob: float = param(0.03, lo=0.0, hi=1.0, unit="per signal",
                                       doc="chance of registering at a persistent-unmet-need "
                                           "signal (repeated every run of weeks the unmet "
                                           "need lasts)",
                                       source="assumption (range 0.03-0.4)")
    urgent_weeks: int = param(8, lo=1, hi=520, unit="weeks",
                              doc="a waiter with a breakdown signal in the last this many "
                                  "weeks is urgent (admitted first)",
                              source="assumption (range 4-26)")
    breakdown_min_need: int = param(2, lo=0, hi=3, unit="need level",
                                    doc="lowest need level at which a breakdown leads to a "
                                        "referral", source="assumption (1-2)")
    discharge: bool = param(False, doc="residents whose need falls below discharge_need_level "
                                       "go home (off: a WZC is a last home)")
    discharge_need_level: int = param(1, lo=0, hi=3, unit="need level",
                                      doc="need level below which a resident is discharged "
                                          "when discharge is on", source="assumption (1-2)")
    # --- short stay (kortverblijf) ---------------------------------------------------------
    short_stay_units_per_1000_65plus: float = param(1.78, lo=0.0, hi=100.0,
                                                    unit="units per 1000 residents 65+",
                                                    source="2,551 units (Vl+Bru 2021, V) / "
                                                           "1.43 M 65+ (D)")
    short_stay_units_per_centre: float = param(5.3, lo=1.0, hi=100.0, unit="units per centre",
                                               source="2,551 units in 484 centres (2021, V, D)")
    short_stay_burden_threshold: float = param(0.7, lo=0.0, hi=10.0,
                                               unit="carer burden (sim.informal_care scale)",
                                               doc="burden of the most burdened carer from "
                                                   "which short stay is sought",
                                               source="assumption (range 0.5-1.0): 70% of "
                                                      "the informal-care overload threshold "
                                                      "(1.0 on a 0-3 burden scale)")
    short_stay_prob: float = param(0.1, lo=0.0, hi=1.0, unit="per week",
                                   doc="weekly chance that a recipient with a highly burdened "
                                       "carer asks for short stay",
                                   source="assumption (range 0.03-0.3)")
    short_stay_min_need: int = param(1, lo=0, hi=3, unit="need level",
                                     source="assumption (1-2)")
    short_stay_weeks: list[float] = param([1.0, 3.0], lo=1.0, hi=52.0, length=2, unit="weeks",
                                          doc="shortest and longest spell (uniform)",
                                          source="assumption (1-4; kortverblijf is limited to "
                                                 "90 days a year)")
    # --- day care (dagverzorgingscentra) ---------------------------------------------------
    day_care_centres_per_1000_65plus: float = param(0.254, lo=0.0, hi=10.0,
                                                    unit="centres per 1000 residents 65+",
                                                    source="363 centres (Vl+Bru 2021, V) / "
                                                           "1.43 M 65+ (D)")
    day_care_places: float = param(10.0, lo=1.0, hi=200.0, unit="places per centre per day",
                                   source="688,536 days (2015, V2) / 363 centres / ~250 "
                                          "opening days = 7.6 occupied places (D); assumption "
                                          "range 8-15")
    day_care_open_days: int = param(5, lo=1, hi=7, unit="days/week",
                                    source="assumption (5-6)")
    day_care_days_per_week: int = param(2, lo=1, hi=7, unit="days/week per user",
                                        source="assumption (1-3): 62 days a year per user "
                                               "(2015, V2, D)")
    day_care_hours_per_day: float = param(3.0, lo=0.0, hi=24.0, unit="h of care per day",
                                          doc="personal care and supervision a user receives "
                                              "per attendance day (of ~7-8 h present)",
                                          source="assumption (range 2-5)")
    day_care_min_need: int = param(2, lo=0, hi=3, unit="need level",
                                   source="assumption (1-2)")
    day_care_uptake: float = param(0.04, lo=0.0, hi=1.0, unit="per week",
                                   doc="weekly chance that an eligible resident at home asks "
                                       "for day care", source="assumption (range 0.01-0.1)")
    day_care_quit: float = param(0.03, lo=0.0, hi=1.0, unit="per week",
                                 doc="weekly chance that a user stops attending",
                                 source="assumption (range 0.015-0.06): 62 days a year at 2 "
                                        "days/week is about 31 weeks (D)")
    # --- local service centres (lokale dienstencentra, LDC) -------------------------------
    ldc_per_1000_65plus: float = param(0.164, lo=0.0, hi=10.0,
                                       unit="centres per 1000 residents 65+",
                                       doc="at least one per municipality, at most one per "
                                           "buurt",
                                       source="235 public LDC (2021, seed 001, V) / 1.43 M 65+ "
                                              "(D); non-public centres not counted")
    ldc_weekly_visitors: float = param(150.0, lo=0.0, hi=10_000.0,
                                       unit="visitors per centre per week",
                                       source="assumption (range 75-300)")
    ldc_min_age: float = param(60.0, lo=0.0, hi=120.0, unit="years",
                               source="assumption (55-65)")
    ldc_visit_prob: float = param(0.02, lo=0.0, hi=1.0, unit="per week",
                                  doc="weekly chance that a resident at home above ldc_min_age "
                                      "visits (before the factors below)",
                                  source="assumption (range 0.01-0.05)")
    ldc_lonely_factor: float = param(2.5, lo=0.0, hi=20.0, unit="x",
                                     doc="visit chance multiplier when lonely",
                                     source="assumption (range 1.5-4)")
    ldc_alone_factor: float = param(2.0, lo=0.0, hi=20.0, unit="x",
                                    doc="visit chance multiplier when living alone",
                                    source="assumption (range 1.2-3)")
    ldc_age75_factor: float = param(1.5, lo=0.0, hi=20.0, unit="x",
                                    doc="visit chance multiplier at 75+",
                                    source="assumption (range 1-2)")
    ldc_detection_prob: float = param(0.3, lo=0.0, hi=1.0, unit="probability",
                                      doc="chance that a visit with open unmet need is noticed "
                                          "and signalled to home care",
                                      source="assumption (range 0.1-0.6), DOMAIN mechanism 7")

    def check(self, run: Any) -> None:
        """Cross-field rules: ownership shares within 1, a short-stay range low to high."""
        if self.wzc_public_share + self.wzc_for_profit_share > 1 + 1e-9:
            raise ConfigError("residential.wzc_for_profit_share", self.wzc_for_profit_share,
                              f"allowed: at most 1 - wzc_public_share "
                              f"({1 - self.wzc_public_share:g})")
        lo, hi = self.short_stay_weeks
        if hi < lo:
            raise ConfigError("residential.short_stay_weeks", list(self.short_stay_weeks),
                              "allowed: [shortest, longest] with shortest <= longest")


@dataclass
class ConsequencesConfig:
    """Crises from unmet need, and loneliness (sim.consequences)."""

    crisis_base_per_year: float = param(0.08, lo=0.0, hi=2.0, unit="per resident per year",
                                        doc="crisis rate (fall, hospital stay) of a resident "
                                            "with care need and no unmet need",
                                        source="assumption (range 0.04-0.15): about 1 in 3 "
                                               "65+ fall yearly, a minority need care after")
    crisis_rr_full_unmet: float = param(4.0, lo=1.0, hi=50.0, unit="rate ratio",
                                        doc="crisis rate ratio when all needed hours go unmet "
                                            "(linear in the unmet share)",
                                        source="assumption (range 2-8), DOMAIN mechanism 4")
    crisis_frailty_jump: float = param(0.3, lo=0.0, hi=5.0, unit="latent sd",
                                       doc="rise of latent frailty after a crisis",
                                       source="assumption (range 0.2-0.8)")
    persistent_unmet_share: float = param(0.25, lo=0.0, hi=1.0, unit="share",
                                          doc="unmet share of needed hours that counts as a "
                                              "week of unmet need", source="assumption "
                                                                           "(range 0.1-0.5)")
    persistent_unmet_weeks: int = param(8, lo=1, hi=520, unit="weeks",
                                        doc="consecutive weeks of unmet need that signal a "
                                            "home situation breaking down",
                                        source="assumption (range 4-16)")
    lonely_base: float = param(0.41, lo=0.0, hi=1.0, unit="probability",
                               doc="long-run loneliness of an adult living with others, with "
                                   "average ties, no need",
                               source="calibrated to 46% lonely (Belgium 2018, "
                                      "eenzaamheidendebuurt.be, V2; the model counts adults "
                                      "18+ who feel lonely); assumption 0.3-0.5")
    lonely_odds_alone: float = param(2.2, lo=1.0, hi=10.0, unit="odds ratio",
                                     source="assumption (range 1.5-3)")
    lonely_odds_per_need_level: float = param(1.35, lo=1.0, hi=5.0, unit="odds ratio",
                                              source="assumption (range 1.1-1.6)")
    lonely_odds_per_tie: float = param(0.88, lo=0.1, hi=1.0, unit="odds ratio",
                                       doc="per living tie outside the household",
                                       source="assumption (range 0.8-0.95)")
    lonely_odds_contact: float = param(0.7, lo=0.1, hi=1.0, unit="odds ratio",
                                       doc="in a week with care contact (informal or formal "
                                           "care received at home)",
                                       source="assumption (range 0.5-0.9)")
    lonely_odds_meeting_place: float = param(0.5, lo=0.1, hi=1.0, unit="odds ratio",
                                             doc="in a week with a visit to a local service "
                                                 "centre (LDC)",
                                             source="assumption (range 0.3-0.8)")
    lonely_adjust_per_year: float = param(1.0, lo=0.05, hi=52.0, unit="per year",
                                          doc="speed at which loneliness follows its "
                                              "circumstances (1/mean spell length)",
                                          source="assumption (range 0.5-4)")


@dataclass
class CostsConfig:
    """Public and private costs (sim.costs). Euros of 2023 unless stated."""

    family_care_public_per_hour: float = param(33.0, lo=0.0, hi=500.0, unit="EUR/h",
                                               doc="public subsidy per hour of family care",
                                               source="EUR 24.79 (2011, Zorg en Gezondheid, "
                                                      "V) indexed ~1.33 to 2023: assumption "
                                                      "28-38")
    family_care_private_per_hour: list[float] = param([3.0, 5.0, 7.0, 9.5, 12.0], lo=0.0, hi=200.0,
                                                length=5, unit="EUR/h",
                                                doc="user contribution per hour by SES "
                                                    "quintile (income-related)",
                                                source="assumption (range 1-15)")
    home_nursing_public_per_hour: float = param(60.0, lo=0.0, hi=500.0, unit="EUR/h",
                                                doc="health-insurance cost per hour of home "
                                                    "nursing", source="assumption (45-80)")
    home_nursing_private_per_hour: float = param(0.0, lo=0.0, hi=200.0, unit="EUR/h",
                                                 source="assumption: no co-payment with a "
                                                        "GP prescription (0-5)")
    wzc_public_per_day: float = param(75.0, lo=0.0, hi=1000.0, unit="EUR/day",
                                      doc="public care financing per WZC resident",
                                      source="EUR 70-80 per day (2018, ING/Probis, V2)")
    wzc_private_per_day: float = param(70.15, lo=0.0, hi=1000.0, unit="EUR/day",
                                       doc="day price paid by the resident",
                                       source="EUR 70.15 mean (2023, Zorg en Gezondheid, V)")
    short_stay_public_per_day: float = param(75.0, lo=0.0, hi=1000.0, unit="EUR/day",
                                             source="assumption: as WZC (60-90)")
    short_stay_private_per_day: float = param(60.0, lo=0.0, hi=1000.0, unit="EUR/day",
                                              source="assumption (45-75)")
    day_care_public_per_day: float = param(45.0, lo=0.0, hi=1000.0, unit="EUR/day",
                                           source="assumption (30-60)")
    day_care_private_per_day: float = param(25.0, lo=0.0, hi=1000.0, unit="EUR/day",
                                            source="assumption (15-35)")
    staff_cost_per_fte_year: float = param(58_000.0, lo=0.0, hi=500_000.0,
                                           unit="EUR/FTE/year",
                                           doc="employer cost of one care FTE (reported "
                                               "separately: already inside the prices above)",
                                           source="assumption (50,000-70,000)")


# ---------------------------------------------------------------------------------------------
# Output and top level
# ---------------------------------------------------------------------------------------------


@dataclass
class OutputConfig:
    """What a run writes."""

    snapshot: bool = param(True, doc="write the final resident snapshot")
    progress: bool = param(True, doc="show a progress bar on a terminal")


@dataclass
class ScenarioConfig:
    """The named scenario a run belongs to (set by the presets in ``configs/scenario/``)."""

    name: str = param("status_quo", doc="scenario name (Dutch, as advisors know it)",
                      pattern=NAME_PATTERN, pattern_doc=NAME_DOC)
    description: str = param("Current policy: no extra levers", doc="what the scenario is")


@dataclass
class Config:
    """A whole run: one municipality, one seed, a horizon in years."""

    seed: int = param(0, lo=0, hi=2**32 - 1, doc="run seed; every random stream derives "
                                                  "from it")
    years: int = param(10, lo=1, hi=100, unit="years", doc="simulated horizon")
    scenario: ScenarioConfig = field(default_factory=ScenarioConfig)
    municipality: MunicipalityConfig = field(default_factory=MunicipalityConfig)
    network: NetworkConfig = field(default_factory=NetworkConfig)
    demography: DemographyConfig = field(default_factory=DemographyConfig)
    needs: NeedsConfig = field(default_factory=NeedsConfig)
    selfcare: SelfCareConfig = field(default_factory=SelfCareConfig)
    informal: InformalCareConfig = field(default_factory=InformalCareConfig)
    workforce: WorkforceConfig = field(default_factory=WorkforceConfig)
    homecare: HomeCareConfig = field(default_factory=HomeCareConfig)
    residential: ResidentialConfig = field(default_factory=ResidentialConfig)
    consequences: ConsequencesConfig = field(default_factory=ConsequencesConfig)
    costs: CostsConfig = field(default_factory=CostsConfig)
    policies: PoliciesConfig = field(default_factory=PoliciesConfig)
    output: OutputConfig = field(default_factory=OutputConfig)


GROUPS = ("municipality", "scenario")


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:,.0f}" if float(x).is_integer() and abs(x) >= 1000 else f"{x:g}"


def _allowed(meta: dict[str, Any], kind: str) -> str:
    lo, hi, unit = meta.get("lo"), meta.get("hi"), meta.get("unit", "")
    if lo is not None and hi is not None:
        rng = f"{_fmt(lo)} to {_fmt(hi)}"
    elif lo is not None:
        rng = f">= {_fmt(lo)}"
    elif hi is not None:
        rng = f"<= {_fmt(hi)}"
    else:
        rng = "any value"
    unit_txt = f" {unit}" if unit and unit != "-" else ""
    null = f" (or null: {meta.get('null_doc') or 'none'})" if meta.get("nullable") else ""
    return f"allowed: {kind} {rng}{unit_txt}{null}"


def field_type(f: dataclasses.Field) -> tuple[str, bool]:
    """A schema field's type name (``int``, ``list[float]``...) and whether it may be null."""
    tp = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    optional = tp.endswith("| None")
    return tp.removesuffix("| None").strip(), optional


def check_value(key: str, value: Any, f: dataclasses.Field) -> None:
    """Check one value against its field's type and range; raise ConfigError if it is off."""
    meta = dict(f.metadata)
    tp, optional = field_type(f)
    if optional and value is None:
        return
    meta["nullable"] = optional
    if meta.get("choices"):
        if value not in meta["choices"]:
            raise ConfigError(key, value, "allowed: one of " + ", ".join(meta["choices"]))
        return
    if tp == "bool":
        if not isinstance(value, bool):
            raise ConfigError(key, value, "allowed: true or false")
        return
    if tp == "str":
        if not isinstance(value, str):
            raise ConfigError(key, value, "allowed: a text value")
        if meta.get("pattern") and not re.fullmatch(meta["pattern"], value):
            raise ConfigError(key, value, "allowed: " + meta.get("pattern_doc", meta["pattern"]))
        return
    if tp.startswith("list"):
        elem = "whole numbers" if "int" in tp else "numbers"
        if not isinstance(value, list | tuple):
            raise ConfigError(key, value, f"allowed: a list of {elem}")
        if meta.get("length") is not None and len(value) != meta["length"]:
            raise ConfigError(key, value, f"allowed: a list of exactly {meta['length']} {elem}")
        for v in value:
            _check_number(key, v, meta, "float", whole=f"list of {elem} each")
        return
    _check_number(key, value, meta, tp)


def _check_number(key: str, value: Any, meta: dict[str, Any], tp: str, whole: str = "") -> None:
    kind = whole or ("a whole number" if tp == "int" else "a number")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(key, value, _allowed(meta, kind))
    if tp == "int" and not isinstance(value, int):  # 2000.0: Hydra would refuse it later
        raise ConfigError(key, value, _allowed(meta, kind) + " (without a decimal point)")
    if not math.isfinite(value):
        raise ConfigError(key, value, _allowed(meta, kind))
    lo, hi = meta.get("lo"), meta.get("hi")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ConfigError(key, value, _allowed(meta, kind))


def is_section(f: dataclasses.Field) -> bool:
    """Whether a schema field is a section (a nested dataclass) rather than a value."""
    return f.default_factory is not dataclasses.MISSING and dataclasses.is_dataclass(
        f.default_factory())


def schema_field(key: str) -> dataclasses.Field | None:
    """Return the dataclass field for a dotted key (``needs.women_odds``), or None."""
    cls: Any = Config
    parts = key.split(".")
    for i, part in enumerate(parts):
        fields = {f.name: f for f in dataclasses.fields(cls)}
        if part not in fields:
            return None
        f = fields[part]
        if i == len(parts) - 1:
            return f
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else None
        if not dataclasses.is_dataclass(default):
            return None
        cls = type(default)
    return None


def describe(key: str) -> tuple[str, str]:
    """(unit, description with source) of a dotted config key, for column metadata."""
    f = schema_field(key)
    if f is None:
        return "-", key
    meta = f.metadata
    doc = meta.get("doc") or key.rsplit(".", 1)[-1].replace("_", " ")
    source = meta.get("source", "")
    return meta.get("unit") or "-", f"{doc} (source: {source})" if source else doc


def section_keys(prefix: str) -> list[str]:
    """List the keys directly under a dotted section ('' for the top level)."""
    cls: Any = Config
    if prefix:
        f = schema_field(prefix)
        if f is None or f.default_factory is dataclasses.MISSING:
            return []
        cls = type(f.default_factory())
    return [f.name for f in dataclasses.fields(cls)]


def _walk(obj: Any, data: dict[str, Any], prefix: str) -> None:
    known = {f.name: f for f in dataclasses.fields(obj)}
    for key in data:
        if key not in known:
            full = f"{prefix}{key}"
            allowed = ", ".join(known)
            raise ConfigError(full, data[key], f"unknown key; allowed keys here: {allowed}")
    for name, f in known.items():
        full = f"{prefix}{name}"
        sub = getattr(obj, name)
        if dataclasses.is_dataclass(sub):
            value = data.get(name, {})
            if not isinstance(value, dict):
                raise ConfigError(full, value, "allowed: a section of settings")
            _walk(sub, value, full + ".")
        elif name in data:
            value = data[name]
            if f.type in ("float", "list[float]"):
                value = _as_float(value)
            check_value(full, value, f)
            setattr(obj, name, value)


def _as_float(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, list):
        return [_as_float(v) for v in value]
    return value


def _check_cross(cfg: Config) -> None:
    """Run every section's own cross-field rules (its ``check(run)`` method), in order."""
    def walk(obj: Any) -> None:
        if hasattr(obj, "check"):
            obj.check(cfg)
        for f in dataclasses.fields(obj):
            sub = getattr(obj, f.name)
            if dataclasses.is_dataclass(sub):
                walk(sub)

    walk(cfg)


def _anchor_ages(key: str, ages: list[float], values: list[float]) -> None:
    """A curve by age: at least two anchors, as many ages as values, strictly increasing."""
    if len(ages) != len(values) or len(ages) < 2:
        raise ConfigError(f"{key}_ages", ages, "allowed: at least two anchor ages, as many "
                          "as values")
    if any(b <= a for a, b in zip(ages, ages[1:], strict=False)):
        raise ConfigError(f"{key}_ages", ages, "allowed: strictly increasing ages")


def from_container(data: dict[str, Any] | DictConfig) -> Config:
    """Build and validate a :class:`Config` from a (Hydra-composed) mapping.

    Raises:
        ConfigError: for an unknown key, a wrong type or an out-of-range value.
    """
    if isinstance(data, DictConfig):
        data = OmegaConf.to_container(data, resolve=True)  # type: ignore[assignment]
    data = {k: v for k, v in dict(data).items() if k != "hydra"}
    cfg = Config()
    _walk(cfg, data, "")
    _check_cross(cfg)
    cfg.municipality.neighbourhoods = cfg.municipality.n_buurten  # recorded as it ran
    return cfg


def to_dict(cfg: Config) -> dict[str, Any]:
    """Return the config as plain nested dicts."""
    return dataclasses.asdict(cfg)


def flatten(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten nested dicts to dotted keys; lists are kept as JSON text."""
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        elif isinstance(v, list | tuple):
            out[key] = json.dumps(list(v))
        else:
            out[key] = v
    return out


def config_hash(cfg: Config) -> str:
    """Stable hash of everything that determines a run's results (seed included)."""
    d = to_dict(cfg)
    d.pop("output", None)
    text = json.dumps(d, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def register_schema() -> None:
    """Register the schema in Hydra's ConfigStore as ``base_config`` (the defaults' base)."""
    from hydra.core.config_store import ConfigStore

    cs = ConfigStore.instance()
    cs.store(name="base_config", node=Config)
