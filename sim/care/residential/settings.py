"""Settings of nursing homes, respite and local service centres (``residential.*``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.engine.schema import ConfigError, param

# Lower edges (years) of the bands of ``initial_share_men`` / ``_women``: 65-69 ... 95+.
INIT_BAND_EDGES = (65, 70, 75, 80, 85, 90, 95)


@dataclass
class ResidentialConfig:
    """Nursing homes (WZC), short stay, day care, local service centres (sim.care.residential)."""

    # --- nursing homes (woonzorgcentra, WZC): supply ---------------------------------------
    wzc_places_per_1000_65plus: float = param(53.0, lo=0.0, hi=500.0,
                                              unit="places per 1000 residents 65+",
                                              doc="WZC places scaled to the municipality's 65+",
                                              source="83,248 places Vl+Bru 2021 (V) / "
                                                     "1,430,423 Flemish 65+ 2023 (V2) = 58 "
                                                     "(D; includes the Brussels offer and "
                                                     "residents under 65); 53 gives 5.0% of "
                                                     "65+ in a WZC at 94% occupancy (2021, "
                                                     "V); range 45-65; docs/figures.md §3")
    wzc_places_per_home: float = param(101.0, lo=1.0, hi=1000.0, unit="places per WZC",
                                       doc="mean size of a WZC; sets how many WZC share the "
                                           "places", source="83,248 places / 826 WZC (2021, "
                                                            "V, D; docs/figures.md §3); range "
                                                            "60-150")
    wzc_initial_occupancy: float = param(0.94, lo=0.0, hi=1.0, unit="share of places",
                                         doc="share of WZC places occupied at the start",
                                         source="press (Tijd, De Morgen) 2019 and 2023 (V2); "
                                                "about 0.90 in COVID years; docs/figures.md "
                                                "§10")
    wzc_vacancy_weeks: float = param(14.0, lo=0.0, hi=52.0, unit="weeks",
                                     doc="mean weeks a freed place stays empty (notice, "
                                         "cleaning, intake, finding a candidate who accepts "
                                         "this home)",
                                     source="assumption (range 4-16), calibrated towards 94% "
                                            "occupancy (2019, 2023, V2; docs/figures.md "
                                            "§10) at the model's resident turnover: 10 until "
                                            "2026-12-07, when WZC residents stopped 'moving' "
                                            "out of town and turnover fell from about 0.26 to "
                                            "0.19 a year (occupancy then 0.96-0.97, years at "
                                            "0.984); the model's turnover is below the real "
                                            "one (stays too long, ODD Calibration), so this "
                                            "friction stands in part for it")
    wzc_public_share: float = param(0.26, lo=0.0, hi=1.0, unit="share of WZC",
                                    doc="chance that a WZC is public (run by a local "
                                        "government's care association)",
                                    source="216 public of 826 WZC (2021, seed 001 and Zorg en "
                                           "Gezondheid, V, D); 29% of places; docs/figures.md "
                                           "§3")
    wzc_for_profit_share: float = param(0.30, lo=0.0, hi=1.0, unit="share of WZC",
                                        doc="chance that a WZC is for-profit (the rest is "
                                            "non-profit); at most 1 - wzc_public_share",
                                        source="assumption (range 0.2-0.4); for-profit WZC "
                                               "hold 28% of places (2022, V2; docs/figures.md "
                                               "§3)")
    # --- nursing homes: yearly re-sizing of places (programming norm and demand) ----------
    wzc_resize: bool = param(True, doc="re-size WZC places once a year to the programming "
                                       "norm at the current 65+ and to demand (off: places "
                                       "stay as built)",
                             source="assumption (a switch): homes close or convert places "
                                    "that stay empty and open places where lists grow")
    wzc_programming_ratio: float = param(1.34, lo=1.0, hi=3.0, unit="x recognised norm",
                                         doc="most places the programming allows, as a "
                                             "multiple of wzc_places_per_1000_65plus at the "
                                             "current 65+ (the ceiling of re-sizing)",
                                         source="programmed 109,169 / recognised 81,743 "
                                                "places, Vl+Bru 2019 (Zorg en Gezondheid, "
                                                "V, D); docs/figures.md §3")
    wzc_min_norm_share: float = param(0.7, lo=0.0, hi=1.0, unit="x recognised norm",
                                      doc="fewest places re-sizing leaves, as a share of "
                                          "wzc_places_per_1000_65plus at the current 65+ "
                                          "(the norm-derived minimum)",
                                      source="assumption (range 0.6-0.9): homes convert "
                                             "places (to short stay, assisted living) "
                                             "rather than close below this")
    wzc_shrink_below_occupancy: float = param(0.90, lo=0.0, hi=1.0, unit="share of places",
                                              doc="a year's mean occupancy below this is a "
                                                  "signal to close or convert places",
                                              source="assumption (range 0.85-0.92): below "
                                                     "the 94% of normal years (2019, 2023) "
                                                     "and the ~90% of COVID years "
                                                     "(docs/figures.md §10)")
    wzc_grow_waiting_share: float = param(0.1, lo=0.0, hi=10.0, unit="waiters per place",
                                          doc="a year's mean waiting list above this share "
                                              "of places is a signal to add places",
                                          source="assumption (range 0.02-0.15): in 2021 "
                                                 "most WZC had lists of up to 50 names "
                                                 "(docs/figures.md §10), names on several "
                                                 "lists; 0.05 until 2026-12-07: with terminal "
                                                 "decline stays halve and admissions double, "
                                                 "so the same wait is a list twice as long "
                                                 "per place")
    wzc_target_occupancy: float = param(0.94, lo=0.5, hi=1.0, unit="share of places",
                                        doc="occupancy re-sizing aims at: places become "
                                            "(mean occupied + mean waiting) / this",
                                        source="press 2019 and 2023 (V2); docs/figures.md "
                                               "§10")
    wzc_max_change_share: float = param(0.10, lo=0.0, hi=1.0, unit="share of places per year",
                                        doc="largest change of the town's places in one year",
                                        source="assumption (range 0.05-0.2): a wing of 10-25 "
                                               "places in a town of 20,000; Flanders added "
                                               "about 10,000 places in 2014-19, ~3% a year "
                                               "(docs/figures.md §10)")
    wzc_resize_lag_years: int = param(1, lo=1, hi=10, unit="years",
                                      doc="years in a row low occupancy must hold before "
                                          "places close (1: last year's figures decide)",
                                      source="assumption (range 1-3): a home converts or "
                                             "closes a wing within a year or two")
    wzc_grow_lag_years: int = param(2, lo=1, hi=10, unit="years",
                                    doc="years in a row a long waiting list must hold before "
                                        "places are added",
                                    source="assumption (range 1-4): new places need a prior "
                                           "licence (voorafgaande vergunning) and building; "
                                           "with 1, a one-year spike of the list built a wing "
                                           "that then stood empty (occupancy 0.84 the year "
                                           "after in the staff-crisis preset, seed 1, "
                                           "2026-12-07)")
    # --- nursing homes: staffing norm and workload ----------------------------------------
    norm_fte_per_30_public: float = param(13.9, lo=0.0, hi=60.0, unit="care FTE per 30 "
                                                                      "residents",
                                          doc="care-staff norm of a public WZC",
                                          source="Rekenhof, Vlaamse woonzorgcentra (2024, V): "
                                                 "staff deployed, read as the norm; "
                                                 "docs/figures.md §4")
    norm_fte_per_30_nonprofit: float = param(13.2, lo=0.0, hi=60.0, unit="care FTE per 30 "
                                                                         "residents",
                                             doc="care-staff norm of a non-profit WZC",
                                             source="Rekenhof (2024, V); docs/figures.md §4")
    norm_fte_per_30_for_profit: float = param(11.8, lo=0.0, hi=60.0, unit="care FTE per 30 "
                                                                           "residents",
                                              doc="care-staff norm of a for-profit WZC",
                                              source="Rekenhof (2024, V); docs/figures.md §4")
    wzc_staff_fte_per_place: float = param(0.705, lo=0.0, hi=5.0, unit="FTE per place",
                                           doc="all WZC staff (care + logistics) per place; "
                                               "logistics = this minus the care target",
                                           source="0.69-0.72 FTE per place (2017-19, npdata.be "
                                                  "compilation, V2, D; docs/figures.md §4)")
    norm_present_share: float = param(0.84, lo=0.1, hi=1.0, unit="share",
                                      doc="share of the norm's FTE that must be present: the "
                                          "norm is read as FTE on the payroll, so normal "
                                          "sickness absence is tolerated (1 = the norm on "
                                          "present staff)",
                                      source="assumption: 1 - 16% WZC sickness absence "
                                             "(~2022, Vlozo, V2, D; docs/figures.md §4); range "
                                             "0.8-1.0")
    wzc_care_margin: float = param(0.10, lo=0.0, hi=1.0, unit="share above norm",
                                   doc="care FTE a WZC aims to employ above the norm at full "
                                       "occupancy (to absorb vacancies and absence peaks)",
                                   source="assumption (range 0-0.25)")
    logistics_count_share: float = param(0.0, lo=0.0, hi=1.0, unit="share",
                                         doc="share of present logistics FTE that counts "
                                             "toward the care norm (docs/domain.md mechanism "
                                             "6; policies may add to it)",
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
                                                  "75-84 3%, 85+ about 13%; D by band; "
                                                  "docs/figures.md §10")
    initial_share_women: list[float] = param([0.003, 0.008, 0.032, 0.08, 0.20, 0.35, 0.45],
                                             lo=0.0, hi=1.0, length=7, unit="share",
                                             doc="women in a WZC by age band, as for men",
                                             source="Statistiek Vlaanderen 2021 (V): 65-74 < "
                                                    "1%, 75-84 5%, 85+ > 25%; D by band; "
                                                    "docs/figures.md §10")
    initial_need_weight: list[float] = param([0.05, 0.3, 1.0, 3.0], lo=0.0, hi=100.0,
                                             length=4, unit="relative weight",
                                             doc="relative chance of living in a WZC at the "
                                                 "start by need level none..severe",
                                             source="assumption (severe/moderate 2-5): most "
                                                    "WZC residents have heavy care profiles "
                                                    "(84% in 2021, docs/figures.md §10)")
    initial_dementia_weight: float = param(3.0, lo=0.0, hi=100.0, unit="relative weight",
                                           doc="relative chance with dementia",
                                           source="assumption (range 2-5)")
    # --- nursing homes: referral, waiting list, admission ----------------------------------
    min_age: float = param(65.0, lo=0.0, hi=120.0, unit="years",
                           doc="youngest age for WZC, short stay and day care",
                           source="assumption (range 60-65): Flemish elderly-care facilities")
    referral_need_level: int = param(3, lo=1, hi=3, unit="need level",
                                     doc="need level from which a resident may seek a WZC "
                                         "(also the line below which an admission is "
                                         "avoidable/early)", source="assumption (range 2-3)")
    referral_dementia_level: int = param(2, lo=1, hi=3, unit="need level",
                                         doc="need level from which a resident with dementia "
                                             "may seek a WZC", source="assumption (range 1-3)")
    referral_prob: float = param(0.0025, lo=0.0, hi=1.0, unit="per week",
                                 doc="weekly chance that a resident above the need threshold, "
                                     "with all her care covered, registers on the waiting list "
                                     "(not everyone wants a WZC)",
                                 source="assumption (range 0.002-0.02); with "
                                        "referral_unmet_gain, calibrated to the WZC shares "
                                        "(0.008 until 2026-12-07; with terminal decline "
                                        "and its onset registration most admissions come "
                                        "in the decline)")
    referral_vacancy_gain: float = param(5.0, lo=0.0, hi=50.0, unit="x per share of places",
                                         doc="referral chances by need rise by this much times "
                                             "the share of WZC places free beyond the normal "
                                             "vacancy (1 - wzc_target_occupancy): homes with "
                                             "empty places take residents in sooner",
                                         source="assumption (range 0-10): supply draws demand; "
                                                "the share of 65+ in a WZC follows the places "
                                                "(over 6% in the south of West and East "
                                                "Flanders, 4.5% at the coast and in east "
                                                "Limburg, 2021) and occupancy stayed at 94-95% "
                                                "while about 10,000 places were added in "
                                                "2014-19 (docs/figures.md §10)")
    referral_unmet_gain: float = param(2.0, lo=0.0, hi=20.0, unit="x per unmet share",
                                       doc="the referral chance rises by this much times the "
                                           "share of her needed hours left unmet this week (a "
                                           "home situation that does not hold: 1 + gain x "
                                           "share)",
                                       source="assumption (range 0-5): docs/domain.md "
                                              "mechanism 4, unmet home care leads to early "
                                              "admission")
    referral_decline_factor: float = param(1.5, lo=0.0, hi=20.0, unit="x",
                                           doc="multiplier of referral chances (by need and "
                                               "by breakdown) for a resident in terminal "
                                               "decline (demography.decline_share)",
                                           source="assumption (range 1-5): care at home "
                                                  "breaks down in the last phase of life; "
                                                  "44% of Flemish WZC residents enter "
                                                  "after a hospital stay, new residents "
                                                  "are mostly heavily dependent, and a "
                                                  "third of those who die in a WZC stayed "
                                                  "under a year (docs/figures.md §10)")
    referral_age_slope: float = param(0.2, lo=0.0, hi=1.0, unit="per year",
                                      doc="referral chances fall by this log-rate per year "
                                          "below the reference age",
                                      source="assumption (range 0.1-0.3), calibrated to "
                                             "the WZC shares by age (Statistiek Vlaanderen "
                                             "2021, docs/figures.md §10)")
    referral_reference_age: float = param(88.0, lo=0.0, hi=120.0, unit="years",
                                          doc="age from which referral chances are full",
                                          source="assumption (range 80-90)")
    referral_cohabit_factor: float = param(0.3, lo=0.0, hi=1.0, unit="x",
                                           doc="multiplier of referral chances (by need and "
                                               "by breakdown) for a resident who lives with "
                                               "someone at home (not in terminal decline: "
                                               "then a household no longer keeps her home)",
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
    decline_referral_prob: float = param(0.5, lo=0.0, hi=1.0, unit="per onset",
                                         doc="chance of registering, urgent like a breakdown, "
                                             "in the week a terminal decline begins "
                                             "(demography.decline_share); those already "
                                             "waiting become urgent. No factor applies "
                                             "(age, living with someone, moderate need: "
                                             "the last phase of life breaks care at home "
                                             "down at any age); 0: off",
                                         source="assumption (range 0.1-0.6): the decline's "
                                                "onset is the breakdown of health that care "
                                                "at home rarely absorbs (Gill et al. 2010: "
                                                "catastrophic disability, mostly after a "
                                                "hospital stay); more than 44% of Flemish "
                                                "WZC residents enter after a hospital stay "
                                                "(docs/figures.md §10)")
    breakdown_moderate_factor: float = param(0.3, lo=0.0, hi=1.0, unit="x",
                                             doc="multiplier of the breakdown chances for a "
                                                 "resident below the need threshold "
                                                 "(moderate need without dementia): such a "
                                                 "breakdown is more often solved at home",
                                             source="assumption (range 0.2-1): with 0.3 "
                                                    "the share of WZC residents with "
                                                    "severe need or dementia rises from "
                                                    "0.63 to 0.67 (seed 1, 10 years), "
                                                    "towards the 84% heavy profiles of "
                                                    "2021 (docs/figures.md §10)")
    urgent_weeks: int = param(8, lo=1, hi=520, unit="weeks",
                              doc="a waiter with a breakdown signal in the last this many "
                                  "weeks is urgent (admitted first)",
                              source="assumption (range 4-26)")
    breakdown_min_need: int = param(2, lo=0, hi=3, unit="need level",
                                    doc="lowest need level at which a breakdown leads to a "
                                        "referral", source="assumption (range 1-2)")
    discharge: bool = param(False, doc="residents whose need falls below discharge_need_level "
                                       "go home (off: a WZC is a last home)",
                            source="assumption (a switch): a WZC is a last home")
    discharge_need_level: int = param(1, lo=0, hi=3, unit="need level",
                                      doc="need level below which a resident is discharged "
                                          "when discharge is on",
                                      source="assumption (range 1-2)")
    # --- short stay (kortverblijf) ---------------------------------------------------------
    short_stay_units_per_1000_65plus: float = param(1.78, lo=0.0, hi=100.0,
                                                    unit="units per 1000 residents 65+",
                                                    doc="short-stay units scaled to the "
                                                        "municipality's 65+",
                                                    source="2,551 units (Vl+Bru 2021, V) / "
                                                           "1.43 M 65+ (D); docs/figures.md "
                                                           "§3")
    short_stay_units_per_centre: float = param(5.3, lo=1.0, hi=100.0, unit="units per centre",
                                               doc="mean units of a short-stay centre; sets how "
                                                   "many centres share the units",
                                               source="2,551 units in 484 centres (2021, V, D; "
                                                      "docs/figures.md §3)")
    short_stay_burden_threshold: float = param(0.7, lo=0.0, hi=10.0,
                                               unit="burden units (informal.overload_threshold "
                                                    "= 1)",
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
                                     doc="lowest need level for short stay",
                                     source="assumption (range 1-2)")
    short_stay_weeks: list[float] = param([1.0, 3.0], lo=1.0, hi=52.0, length=2, unit="weeks",
                                          doc="shortest and longest spell (uniform; shortest "
                                              "<= longest)",
                                          source="assumption (range 1-4; kortverblijf is "
                                                 "limited to 90 days a year)")
    # --- day care (dagverzorgingscentra) ---------------------------------------------------
    day_care_centres_per_1000_65plus: float = param(0.254, lo=0.0, hi=10.0,
                                                    unit="centres per 1000 residents 65+",
                                                    doc="day-care centres scaled to the "
                                                        "municipality's 65+",
                                                    source="363 centres (Vl+Bru 2021, V) / "
                                                           "1.43 M 65+ (D); docs/figures.md "
                                                           "§3")
    day_care_places: float = param(10.0, lo=1.0, hi=200.0, unit="places per centre per day",
                                   doc="places of a day-care centre per opening day",
                                   source="688,536 days (2015, V2) / 363 centres / ~250 "
                                          "opening days = 7.6 occupied places (D; "
                                          "docs/figures.md §3); assumption (range 8-15)")
    day_care_open_days: int = param(5, lo=1, hi=7, unit="days/week",
                                    doc="opening days of a day-care centre per week",
                                    source="assumption (range 5-6)")
    day_care_days_per_week: int = param(2, lo=1, hi=7, unit="days/week per user",
                                        doc="attendance days per week of a day-care user",
                                        source="assumption (range 1-3): 62 days a year per "
                                               "user (2015, V2, D; docs/figures.md §3)")
    day_care_hours_per_day: float = param(3.0, lo=0.0, hi=24.0, unit="h of care per day",
                                          doc="personal care and supervision a user receives "
                                              "per attendance day (of ~7-8 h present)",
                                          source="assumption (range 2-5)")
    day_care_min_need: int = param(2, lo=0, hi=3, unit="need level",
                                   doc="lowest need level for day care",
                                   source="assumption (range 1-2)")
    day_care_uptake: float = param(0.04, lo=0.0, hi=1.0, unit="per week",
                                   doc="weekly chance that an eligible resident at home asks "
                                       "for day care", source="assumption (range 0.01-0.1)")
    day_care_quit: float = param(0.03, lo=0.0, hi=1.0, unit="per week",
                                 doc="weekly chance that a user stops attending",
                                 source="assumption (range 0.015-0.06): 62 days a year at 2 "
                                        "days/week is about 31 weeks (D; docs/figures.md "
                                        "§3)")
    # --- local service centres (lokale dienstencentra, LDC) -------------------------------
    ldc_per_1000_65plus: float = param(0.164, lo=0.0, hi=10.0,
                                       unit="centres per 1000 residents 65+",
                                       doc="local service centres (LDC) scaled to the "
                                           "municipality's 65+: at least one, at most one per "
                                           "buurt",
                                       source="235 public LDC (2021, seed 001, V) / 1.43 M 65+ "
                                              "(D); non-public centres not counted; "
                                              "docs/figures.md §3")
    ldc_weekly_visitors: float = param(150.0, lo=0.0, hi=10_000.0,
                                       unit="visitors per centre per week",
                                       doc="most visitors a local service centre receives in a "
                                           "week (beyond it, a random subset)",
                                       source="assumption (range 75-300)")
    ldc_min_age: float = param(60.0, lo=0.0, hi=120.0, unit="years",
                               doc="youngest age of local service centre visitors",
                               source="assumption (range 55-65)")
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
                                      source="assumption (range 0.1-0.6), "
                                             "docs/domain.md mechanism 7")

    def initial_wzc_share(self, age: np.ndarray, sex: np.ndarray) -> np.ndarray:
        """Published share of residents of each age (years) and sex in a WZC (0 under 65).

        The synthesis uses it to apply the living-alone curve, a share of all residents, to
        those who will be at home after the initial WZC fill (which draws from these shares
        regardless of household type).
        """
        band = np.searchsorted(INIT_BAND_EDGES, age, side="right") - 1
        rate = np.where(sex == 1, np.asarray(self.initial_share_women)[np.maximum(band, 0)],
                        np.asarray(self.initial_share_men)[np.maximum(band, 0)])
        return np.where(band >= 0, rate, 0.0)

    def check(self, run: Any) -> None:
        """Cross-field rules: ownership shares, re-sizing signal below its aim, short stay."""
        if self.wzc_public_share + self.wzc_for_profit_share > 1 + 1e-9:
            raise ConfigError("residential.wzc_for_profit_share", self.wzc_for_profit_share,
                              f"allowed: at most 1 - wzc_public_share "
                              f"({1 - self.wzc_public_share:g})")
        if self.wzc_shrink_below_occupancy >= self.wzc_target_occupancy:
            raise ConfigError("residential.wzc_shrink_below_occupancy",
                              self.wzc_shrink_below_occupancy,
                              f"allowed: below wzc_target_occupancy "
                              f"({self.wzc_target_occupancy:g})")
        lo, hi = self.short_stay_weeks
        if hi < lo:
            raise ConfigError("residential.short_stay_weeks", list(self.short_stay_weeks),
                              "allowed: [shortest, longest] with shortest <= longest")
