"""Settings of informal care (``informal.*``): who cares, how much, at what cost."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.engine.schema import check_anchor_ages, param


@dataclass
class InformalCareConfig:
    """Mantelzorg: carers in the network (sim.care.informal)."""

    # Which tasks informal carers do. Nursing acts (wound care, injections) need a
    # professional; partners often do some, so it can be switched on for sensitivity runs.
    does_personal: bool = param(True, doc="informal carers do personal care (washing, dressing)",
                                source="assumption (a switch)")
    does_household: bool = param(True, doc="informal carers do household help",
                                 source="assumption (a switch)")
    does_nursing: bool = param(False, doc="informal carers do nursing acts",
                               source="assumption (a switch): nursing needs a professional "
                                      "(docs/domain.md mechanism 2); on for sensitivity runs, "
                                      "as partners often do some")
    does_supervision: bool = param(True, doc="informal carers give supervision and presence",
                                   source="assumption (a switch)")
    # Who becomes a carer. Ties are asked in priority order: partner, other household member,
    # resident child, non-resident child, other kin (parents), neighbour, friend.
    willingness: list[float] = param([0.90, 0.70, 0.60, 0.50, 0.45, 0.05, 0.08], lo=0.0,
                                     hi=1.0, length=7, unit="probability",
                                     doc="probability that a tie of each kind (partner, "
                                         "household, child, non-resident child, kin, "
                                         "neighbour, friend) with full free time accepts care",
                                     source="assumption (ranges 0.8-1, 0.5-0.9, 0.4-0.8, "
                                            "0.3-0.7, 0.3-0.6, 0.02-0.15, 0.03-0.2); "
                                            "calibrated to HIS 2013 weekly carers "
                                            "(docs/figures.md §8)")
    men_willingness_factor: float = param(0.75, lo=0.0, hi=2.0, unit="x",
                                          doc="willingness of men relative to women, for "
                                              "every tie except the partner",
                                          source="assumption (range 0.5-1), calibrated to "
                                                 "weekly informal help given by 11% of "
                                                 "women and 8% of men (Belgium, HIS 2013, "
                                                 "V; docs/figures.md §8): daughters care for "
                                                 "parents more often than sons")
    availability_elasticity: float = param(1.5, lo=0.0, hi=5.0, unit="-",
                                           doc="willingness scales with availability (spare "
                                               "capacity / capacity of a healthy adult "
                                               "without job or children) to this power",
                                           source="assumption (range 0.5-2.5)")
    coresident_availability_elasticity: float = param(0.5, lo=0.0, hi=5.0, unit="-",
                                                      doc="availability_elasticity for a "
                                                          "partner or other household member, "
                                                          "who cares whatever her free time "
                                                          "(capacity bounds her hours, not her "
                                                          "willingness)",
                                                      source="assumption (range 0-1): "
                                                             "partners are the first and most "
                                                             "intensive carers (SERV 2022/23; "
                                                             "spouses are the largest group of "
                                                             "registered carers, "
                                                             "docs/figures.md §8)")
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
    share_within_network: bool = param(True, doc="carers of one recipient share the load: "
                                           "each first gives what she can sustain "
                                           "(sustainable_share of her capacity), in priority "
                                           "order, before the first carers go beyond it; and "
                                           "hours given beyond a sustainable load make the "
                                           "recipient ask her ties for another carer (off: "
                                           "the first carer gives all she can and others are "
                                           "asked only for hours left open)",
                                       source="assumption (a switch): care networks combine "
                                              "a main carer with others who take some tasks; "
                                              "24% of Flemish care receivers have two or more "
                                              "registered carers (VSB 2018), 52% of Dutch "
                                              "dementia carers share the care "
                                              "(docs/figures.md §8)")
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
                                 doc="paid hours of a full-time job (carers' own work)",
                                 source="Belgian statutory full-time week (38 h, V; "
                                        "docs/figures.md §2.3)")
    commute_hours_per_fte: float = param(5.0, lo=0.0, hi=20.0, unit="h/week",
                                         doc="commuting time per FTE of paid work",
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
                                         doc="anchor ages of the employment-rate curve",
                                         source="anchors chosen to fit the published rates")
    employment_rate: list[float] = param([0.12, 0.47, 0.80, 0.89, 0.93, 0.93, 0.86, 0.62,
                                          0.36, 0.05, 0.01], lo=0.0, hi=1.0, unit="share",
                                         doc="share of residents with a paid job at each "
                                             "anchor age, both sexes (linear in between)",
                                         source="Statistiek Vlaanderen werkzaamheidsgraad "
                                                "2019 (V), D between anchors; "
                                                "docs/figures.md §2.3")
    # Women's employment relative to men's by age (Statistiek Vlaanderen 2017, V): 20-34
    # 69% vs 75%, 35-49 83% vs 92%, 50-64 53% vs 65% (ratios at the band midpoints, D).
    women_ratio_ages: list[float] = param([27, 42, 57], lo=0, hi=120, unit="years",
                                          doc="anchor ages of women_ratio",
                                          source="midpoints of the published bands 20-34, "
                                                 "35-49, 50-64")
    women_ratio: list[float] = param([0.92, 0.90, 0.82], lo=0.1, hi=1.5, unit="ratio",
                                     doc="employment rate of women over that of men by age",
                                     source="Statistiek Vlaanderen werkzaamheidsgraad 2017 "
                                            "(V, D); docs/figures.md §2.3")
    employment_need_factor: list[float] = param([1.0, 0.8, 0.5, 0.15], lo=0.0, hi=1.0,
                                                length=4, unit="x",
                                                doc="employment multiplier by own need level",
                                                source="assumption (ranges 1, 0.7-0.9, "
                                                       "0.3-0.7, 0-0.3)")
    part_time_women: float = param(0.418, lo=0.0, hi=1.0, unit="share of employed",
                                   doc="share of employed women who work part time",
                                   source="Statistiek Vlaanderen deeltijdarbeid 2020 (V); "
                                          "docs/figures.md §2.3")
    part_time_men: float = param(0.101, lo=0.0, hi=1.0, unit="share of employed",
                                 doc="share of employed men who work part time",
                                 source="Statistiek Vlaanderen deeltijdarbeid 2020 (V); "
                                        "docs/figures.md §2.3")
    part_time_fte: float = param(0.6, lo=0.1, hi=1.0, unit="FTE",
                                 doc="mean FTE of a part-time job (mix of 1/2 and 4/5)",
                                 source="assumption (range 0.5-0.8)")
    # Burden: strain = effective care hours / (sustainable_share x capacity). Burden grows
    # while strain > 1 and recovers while it is below; overloaded above the threshold.
    # sustainable_share was 0.18 before 2026-12-02 (shared care now spreads the load).
    sustainable_share: float = param(0.13, lo=0.01, hi=1.0, unit="share of capacity",
                                     doc="care load a carer sustains without building "
                                         "burden", source="assumption (range 0.1-0.4), "
                                                          "calibrated to 23.2% of carers "
                                                          "heavily burdened (2014, "
                                                          "docs/figures.md §8)")
    dementia_strain: float = param(0.3, lo=0.0, hi=3.0, unit="x extra",
                                   doc="extra strain per hour of care to someone with "
                                       "dementia", source="assumption (range 0.1-0.6)")
    burden_growth: float = param(0.05, lo=0.0, hi=1.0, unit="per week per unit strain",
                                 doc="burden gained in a week per unit of strain above 1",
                                 source="assumption (range 0.02-0.1)")
    burden_recovery: float = param(0.05, lo=0.0, hi=1.0, unit="per week at zero strain",
                                   doc="burden lost in a week at zero strain (in proportion "
                                       "to 1 - strain)",
                                   source="assumption (range 0.02-0.1)")
    burden_max: float = param(3.0, lo=1.0, hi=100.0, unit="burden units",
                              doc="highest burden a carer can reach",
                              source="assumption (range 2-5)")
    overload_threshold: float = param(1.0, lo=0.0, hi=100.0, unit="burden units",
                                      doc="burden above which a carer is overloaded",
                                      source="definition: sets the burden unit (growth, "
                                             "recovery and maximum are relative to it)")
    stretch: list[float] = param([0.5, 0.4, 0.3, 0.15, 0.15, 0.0, 0.0], lo=0.0, hi=2.0,
                                 length=7, unit="share of capacity",
                                 doc="extra hours beyond planned capacity by tie kind "
                                     "(partner, household, child, non-resident child, kin, "
                                     "neighbour, friend) for need that would otherwise stay "
                                     "undone (e.g. after a home-care cut)",
                                 source="assumption (ranges 0.2-1, 0.2-0.8, 0.1-0.5, 0-0.3, "
                                        "0-0.3, 0-0.1, 0-0.1): docs/domain.md mechanism 4, "
                                        "unmet home care is pushed onto informal carers (more "
                                        "overload)")
    respite_relief_weight: float = param(1.0, lo=0.0, hi=5.0, unit="h per respite h",
                                         doc="care hours a carer is relieved of per hour of "
                                             "respite (short stay, day care) the recipient "
                                             "gets", source="assumption (range 0.5-1.5)")
    # Consequences of overload, per week while overloaded.
    frailty_per_overload_week: float = param(0.004, lo=0.0, hi=0.1, unit="latent sd/week",
                                             doc="rise of the carer's latent frailty",
                                             source="assumption (range 0.001-0.01)")
    # work_cut_hazard was 0.02 before 2026-11-23.
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
                                      source="assumption (range 0.005-0.05): leave and "
                                             "reduced hours taken for care are mostly "
                                             "temporary")
    work_cut_sex_factor: list[float] = param([0.5, 1.5], lo=0.0, hi=10.0, length=2,
                                             unit="x",
                                             doc="work-cut hazard multiplier for men, women",
                                             source="assumption (ranges 0.3-1, 1-2): women "
                                                    "more often reduce paid work for care "
                                                    "and bear the income consequences (SERV "
                                                    "advice 2022/23, docs/domain.md §2); no "
                                                    "Flemish figure on the size of the gap")
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
                                              "a partner or household member she lives with; "
                                              "also the multiplier of withdraw_per_burden for "
                                              "such a link",
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

    def check(self, run: Any) -> None:
        """Cross-field rules: the employment curves are curves by age."""
        check_anchor_ages("informal.employment", self.employment_ages, self.employment_rate)
        check_anchor_ages("informal.women_ratio", self.women_ratio_ages, self.women_ratio)

    @property
    def tasks(self) -> list[str]:
        """Names of the tasks informal carers do (for ``sim.care.task_mask``)."""
        flags = (("personal", self.does_personal), ("household", self.does_household),
                 ("nursing", self.does_nursing), ("supervision", self.does_supervision))
        return [name for name, on in flags if on]
