"""Formal home care: family care (gezinszorg) and home nursing (thuisverpleging).

docs/domain.md mechanisms 4 and 5: the hours a home-care service delivers are bounded twice,
by its subsidised yearly hour *contingent* and by the staff it actually has this week.
When either falls short of what residents ask for, the rest of the need stays open (to be
met by nobody, or pushed onto informal carers) and the unserved wait on a list.

Each service is a Mesa agent (there are a handful); residents stay arrays. Every week a
service

1. finds the residents living at home with open hours in its tasks after self-care,
   residential and informal care were booked,
2. keeps those who ask for help: its clients in care keep asking; others by a stable
   per-resident non-take-up draw, more often "no" in low SES quintiles (Mattheus effect,
   docs/domain.md mechanism 9); home nursing (prescribed) is asked only during a prescribed
   spell, which starts and ends week by week (mean length by need level, its long-run share
   the take-up, with a weaker SES gradient); residents signalled by outreach ask
   regardless, those who withdrew a request wait a while,
3. sets each request by the assessment's indication: hours (home nursing: visits) by need
   level, never more than a share of the open hours,
4. serves its clients first (cut pro rata in a short week, and trimmed a little to start
   severe newcomers), then starts newcomers by a priority score in which need dominates
   (then no informal care, dementia, low SES, time waiting) until this week's capacity,
   ``min(contingent share, staff direct-care hours)``, runs out,
5. books the hours in the care ledger as "formal", keeps requesters not started on its
   waiting list (those below severe need withdraw after ``patience_weeks``), counts unique
   clients per calendar year as the registers do, and reports the demand to the workforce
   so workload follows it.

Contingents follow the Flemish programming norm (programmatie) scaled to the residents by
age; only the funded share of the programmed need is contingent (about 75%, 2018).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import mesa
import numpy as np

from sim.care.workforce import STAFF_TYPES, Workforce, WorkforceConfig
from sim.engine.events import EventKind, EventLog
from sim.engine.ledger import TASKS, CareWeek
from sim.engine.levers import Lever, LeverBoard
from sim.engine.metric import CARE_TABLES, Metric
from sim.engine.module import Module, Step, Week
from sim.engine.schema import ConfigError, param
from sim.engine.state import State, StateRegistry
from sim.engine.streams import keyed_uniform, stream_key
from sim.engine.units import WEEKS_PER_YEAR
from sim.population.acute import Episodes
from sim.population.residents import NURSING_HOME, Population
from sim.population.synthesis import FLANDERS_2023_AGE_SHARES


@dataclass
class HomeCareConfig:
    """Formal home care: family care and home nursing services (sim.care.homecare)."""

    # --- contingents: programming norm (programmatie) and funding -----------------------
    norm_ages: list[float] = param([0.0, 60.0, 65.0, 75.0, 85.0], lo=0, hi=120, length=5,
                                   unit="years",
                                   doc="lower age bound of each programming-norm age band",
                                   source="Zorg en Gezondheid, programmatie gezinszorg (V); "
                                          "docs/figures.md §3")
    norm_hours: list[float] = param([0.62, 1.68, 4.58, 17.5, 40.0], lo=0.0, hi=1000.0, length=5,
                                    unit="h per inhabitant per year",
                                    doc="family-care programming norm by age band",
                                    source="Zorg en Gezondheid, programmatie gezinszorg (V); "
                                           "docs/figures.md §3")
    funded_share: float = param(0.753, lo=0.0, hi=3.0, unit="share",
                                doc="share of the programmed family-care hours that is funded "
                                    "as contingent",
                                source="17,699,412 h contingent / 23.5 M h programmed, Vl+Bru "
                                       "2018 (V, D; docs/figures.md §3); range 0.6-1.0")
    gezinszorg_contingent_factor: float = param(1.0, lo=0.0, hi=10.0, unit="x",
                                                doc="multiplier on the family-care contingent "
                                                    "(policies multiply it further through "
                                                    "the lever homecare.contingent_factor)",
                                                source="status quo 1.0: the contingent as "
                                                       "funded")
    thuisverpleging_contingent_factor: float = param(1.0, lo=0.0, hi=10.0, unit="x",
                                                     doc="multiplier on the home-nursing volume "
                                                         "(paid per act, the default: on the "
                                                         "hours its staff are sized for; "
                                                         "policies multiply it further, as "
                                                         "for family care)",
                                                     source="status quo 1.0: the published "
                                                            "volume")
    gezinszorg_providers: int = param(1, lo=1, hi=50, unit="services",
                                      doc="family-care services active in the municipality "
                                          "(clients pick one at random, once)",
                                      source="assumption (range 1-4; 114 services for all of "
                                             "Vl+Bru in 2018, V)")
    thuisverpleging_providers: int = param(1, lo=1, hi=50, unit="services",
                                           doc="home-nursing services in the municipality",
                                           source="assumption (range 1-4)")
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
                                                "6,774,807 residents (V, D; docs/figures.md "
                                                "§3); divided by nursing_market_share for all "
                                                "providers")
    nursing_market_share: float = param(0.6, lo=0.01, hi=1.0, unit="share",
                                        doc="Wit-Gele Kruis share of all home-nursing patients "
                                            "(the rest: independent nurses, other services)",
                                        source="assumption (range 0.5-0.8)")
    nursing_visits_per_patient: float = param(117.0, lo=0.0, hi=1000.0,
                                              unit="visits per patient per year",
                                              doc="home-nursing visits per patient per year",
                                              source="Wit-Gele Kruis 16.5 M visits / 140,889 "
                                                     "patients 2021 (V, D); docs/figures.md "
                                                     "§3")
    nursing_visit_hours: float = param(0.25, lo=0.01, hi=4.0, unit="h per visit",
                                       doc="direct-care time of a home-nursing visit",
                                       source="assumption (range 0.2-0.5): 24-27 patients per "
                                              "nurse per day (Wit-Gele Kruis 2021, V; "
                                              "docs/figures.md §3)")
    nursing_age_weighted: bool = param(True, doc="scale home-nursing volume with the "
                                                 "municipality's age structure (programming-"
                                                 "norm weights) rather than head count",
                                       source="assumption (a switch)")
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
                                                 "does not take over: docs/domain.md "
                                                 "mechanism 2)",
                                             source="assumption (range 0.5-1.0); 0.8 uses "
                                                    "about 92% of the contingent, as 16.34 M "
                                                    "of 17.7 M h (2021/2018, D; "
                                                    "docs/figures.md §9)")
    thuisverpleging_assessed_share: float = param(1.0, lo=0.0, hi=1.0, unit="share",
                                                  doc="share of open eligible hours the "
                                                      "nursing prescription can cover at "
                                                      "most (the visits by level set the "
                                                      "hours; this only keeps them within "
                                                      "what is open)",
                                                  source="assumption (range 0.5-1.0); was "
                                                         "0.2 of the open hours for everyone "
                                                         "until the prescription by need "
                                                         "level (thuisverpleging_visits_by_"
                                                         "level) replaced it")
    gezinszorg_hours_by_level: list[float] = param(
        [0.0, 2.5, 3.5, 5.0], lo=0.0, hi=168.0, length=4, unit="h/week per client",
        doc="family-care indication: the weekly hours the assessment grants by need level "
            "none..severe (never more than assessed_share x the open eligible hours); "
            "replaces one cap for everyone, so heavier need gets more hours",
        source="assumption (light 1.5-3, moderate 2.5-4.5, severe 3-8): 132.5 h per case a "
               "year (16.34 M h / 123,384 cases, 2021, V2, D) is 2.5 h a week over a "
               "whole year, more per week over the part-year spells of clients who die, "
               "move to a WZC or recover; docs/figures.md §9")
    thuisverpleging_visits_by_level: list[float] = param(
        [0.0, 0.0, 3.0, 7.0], lo=0.0, hi=28.0, length=4, unit="visits/week per patient",
        doc="home-nursing prescription by need level none..severe: visits a week of "
            "nursing_visit_hours each (Katz-based care: toilet care / forfait A a few times "
            "a week for moderate dependency, forfaits B/C near-daily for severe); never "
            "more than assessed_share x the open eligible hours",
        source="assumption (moderate 1-4, severe 3-7): RIZIV forfaits need a Katz score "
               "(V); Wit-Gele Kruis 117 visits per patient a year, patients in a month / "
               "patients in a year 0.44 (2021, V, D; docs/figures.md §9). Was 2 and 4 until "
               "post-hospital episodes (acute.*) joined: with short episodes of few visits "
               "in the mean, chronic patients need 150-200 visits a year for the mean of 117 "
               "(docs/figures.md §9); severe need is seen daily")
    min_request_hours: float = param(0.25, lo=0.0, hi=40.0, unit="h/week",
                                     doc="assessed hours below which nobody asks (not worth "
                                         "a visit)",
                                     source="assumption (range 0.1-1)")
    # --- take-up (Mattheus effect, docs/domain.md mechanism 9) ---------------------------
    takeup_by_need: list[float] = param([0.0, 0.5, 0.75, 0.9], lo=0.0, hi=1.0, length=4,
                                        unit="probability",
                                        doc="chance that a resident aged 65+ in the highest "
                                            "SES quintile with open hours asks for home care, "
                                            "by need level none..severe",
                                        source="assumption (light 0.3-0.7, moderate 0.5-0.9, "
                                               "severe 0.7-1.0), tuned so that requests after "
                                               "informal care reach about the contingent "
                                               "(17.7 M h, 2018; programmed need 23.5 M h)")
    thuisverpleging_takeup_by_need: list[float] = param(
        [0.0, 0.0, 0.35, 0.95], lo=0.0, hi=1.0, length=4, unit="probability",
        doc="chance that a resident aged 65+ in the highest SES quintile with open nursing "
            "hours gets home nursing prescribed, by need level none..severe (the GP "
            "prescribes it: the SES gradient is thuisverpleging_lowest_ses_rr, not "
            "family care's)",
        source="assumption (moderate 0.2-0.6, severe 0.85-1.0): Katz dependency for "
               "washing and dressing is the most frequent reason for care (65.8% and 63.0% "
               "of scored Wit-Gele Kruis patients, 2018, V); severe ADL dependency at home "
               "without home nursing is rare")
    thuisverpleging_spell_weeks: list[float] = param(
        [1.0, 1.0, 52.0, 260.0], lo=1.0, hi=520.0, length=4, unit="weeks",
        doc="mean length of a prescribed home-nursing spell by need level none..severe "
            "(geometric): each week a resident at home is in a spell or not, with "
            "thuisverpleging_takeup_by_need (times the SES ratio) as the long-run share of "
            "weeks in a spell, so the prescription is a spell that starts and ends, not a "
            "fixed trait; a spell ends when it has run its course (wound healed, course of "
            "injections or medication supervision over, dependency no longer scored), when "
            "her need falls below moderate (no nursing task left), and at death, move or "
            "WZC admission; levels none and light have no spells (take-up 0)",
        source="assumption (moderate 13-104, severe 104-520): a Katz score, which forfaits "
               "A, B, C and toilet care need, is valid at most 3 months and is renewed "
               "while the dependency lasts (RIZIV, V); moderate was 13 weeks (one validity "
               "period) until 2026-12-07, when home nursing lost its cap: unqueued, "
               "3-month spells gave 85 visits per patient and a month/year ratio of 0.36, "
               "52 weeks give about 105 and 0.41 (targets 117 and 0.44); the palliative "
               "forfait is granted for 30 days and at most twice (CM, V); Wit-Gele Kruis "
               "patients are seen in 5.3 of 12 months (patients in a month / in a year "
               "0.44, 2017-21, V, D); docs/figures.md §9. "
               "Before 2026-12-02 the prescription was a fixed per-resident draw, so "
               "chronic patients stayed in care about 8.8 months of 12 (ratio 0.54)")
    thuisverpleging_episode_takeup: float = param(
        0.95, lo=0.0, hi=1.0, unit="probability",
        doc="chance that a post-hospital episode of nursing need (acute.referral) is taken "
            "up by home nursing (prescribed at discharge; the rest falls to a trained carer "
            "or stays open); the episode's patient asks whatever her open hours, since the "
            "prescription, not the help threshold, sets the request",
        source="assumption (range 0.85-1.0): the episode is prescribed and reimbursed")
    thuisverpleging_takeup_age_rr: list[float] = param(
        [0.35, 0.4, 1.0], lo=0.0, hi=1.0, length=3, unit="x",
        doc="home-nursing take-up (the long-run share of weeks in a prescribed spell) by age "
            "band under 65, 65-79 and 80+, relative to thuisverpleging_takeup_by_need: at "
            "the same need level the GP prescribes chronic nursing (hygiene care under a "
            "Katz forfait, medication, wound care) more often to the oldest, while younger "
            "residents with a dependency are cared for by their household and disability "
            "support (VAPH), which the model leaves out",
        source="set (under 65 0.2-0.6, 65-79 0.25-0.7; 80+ 1 by definition), with "
               "acute.referral under 65, so that home nursing's age split is the Wit-Gele "
               "Kruis one: 71.3% of patients aged 60+, 33.2% aged 80+ (2021, V; "
               "docs/figures.md §9); at 1.0 for all ages (before 2026-12-07) the 80+ share "
               "was 0.22. Plausibility: the Health Interview Survey 2008 has about 10% of "
               "the 65-74 and 20% of the 75+ using a home nurse in a year (V2); the model "
               "about 7% and 17% of those at home")
    thuisverpleging_capped: bool = param(False, doc="home nursing's weekly hours are capped "
                                                    "at its published volume, as a "
                                                    "contingent (off: paid per act by "
                                                    "RIZIV, only the staff present bound "
                                                    "the hours, and the staff are sized for "
                                                    "the past year's requests)",
                                         source="RIZIV nomenclature: home nursing is paid "
                                                "per act or per day forfait with no quota "
                                                "of patients; spending is steered by a "
                                                "budget target and tariffs (KCE 122, 2010, "
                                                "V2; docs/figures.md §9); on: the rule "
                                                "before 2026-12-07, which kept a list of "
                                                "about 200 waiting for home nursing")
    thuisverpleging_prescribed_only: bool = param(True, doc="home nursing starts only on a "
                                                            "prescription (a spell or a "
                                                            "post-hospital episode), not "
                                                            "on an outreach signal (a "
                                                            "signal brings a family-care "
                                                            "assessment)",
                                                  source="RIZIV: home nursing is reimbursed "
                                                         "on a doctor's prescription (V); "
                                                         "off: the rule before 2026-12-07, "
                                                         "under which residents signalled "
                                                         "by the service centres got a few "
                                                         "home-nursing visits, about 160 "
                                                         "short patients a year in the "
                                                         "default town")
    thuisverpleging_lowest_ses_rr: float = param(0.9, lo=0.0, hi=1.0, unit="x",
                                                 doc="home-nursing take-up in the lowest "
                                                     "SES quintile relative to the highest",
                                                 source="assumption (range 0.7-1.0): "
                                                        "prescribed and reimbursed care "
                                                        "has a weaker Mattheus effect than "
                                                        "family care, which asks a "
                                                        "contribution")
    takeup_lowest_ses_rr: float = param(0.7, lo=0.0, hi=1.0, unit="x",
                                        doc="take-up in the lowest SES quintile relative to the "
                                            "highest (linear in between): Mattheus effect",
                                        source="assumption (range 0.4-0.9), docs/domain.md "
                                               "mechanism 9")
    takeup_under_65_rr: float = param(0.5, lo=0.0, hi=1.0, unit="x",
                                      doc="take-up under 65 relative to 65+ (younger residents "
                                          "rely more on household members and disability "
                                          "support, which the model leaves out)",
                                      source="assumption (range 0.2-0.8); the programming norm "
                                             "gives under-60s 0.62 h vs 4.6-40 h at 65+ (V)")
    # --- priority rules ------------------------------------------------------------------
    weight_need: float = param(3.0, lo=0.0, hi=100.0, unit="score per need level 0-3 / 3",
                               doc="priority weight of the need level (severe = full weight); "
                                   "at 3 each need level outweighs the other weights together "
                                   "(no informal care, dementia, waiting), so heavier need is "
                                   "started first",
                               source="assumption (range 1-5): the intake assessment (BelRAI "
                                      "screener) ranks by care need; at 1 a light case that "
                                      "had waited half a year went before a new severe one")
    weight_no_informal: float = param(0.3, lo=0.0, hi=100.0, unit="score",
                                      doc="priority for clients who got no informal care last "
                                          "week", source="assumption (range 0-1): home care "
                                                         "complements informal care rather "
                                                         "than replacing it (triadic care, "
                                                         "docs/domain.md mechanism 2); at 0.3 "
                                                         "about 40% of the clients also have "
                                                         "a carer (28% at 1.0)")
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
                                         "highest (equity ratio 0.91), against "
                                         "docs/domain.md mechanism 9")
    weight_waiting: float = param(1.0, lo=0.0, hi=100.0, unit="score at saturation",
                                  doc="priority for time on the waiting list",
                                  source="assumption (range 0-2)")
    wait_saturation_weeks: float = param(26.0, lo=1.0, hi=520.0, unit="weeks",
                                         doc="waiting time at which the waiting priority "
                                             "reaches its full weight",
                                         source="assumption (range 8-52)")
    intake_share: float = param(0.01, lo=0.0, hi=1.0, unit="share of weekly capacity",
                                doc="when newcomers wait, clients' hours are trimmed pro "
                                    "rata so that this share of the week's capacity can "
                                    "start newcomers (in priority order): re-assessment "
                                    "makes room for heavier new cases",
                                source="assumption (range 0-0.1): Familiehulp 2022, requests "
                                       "+8.6% and hours per client -7.7% (V2, docs/figures.md "
                                       "§9): services absorb new demand partly by giving "
                                       "clients fewer hours")
    reassess_min_level: int = param(3, lo=0, hi=3, unit="need level",
                                    doc="newcomers from this need level on (3 = severe) are "
                                        "made room for by trimming clients' hours "
                                        "(intake_share); lighter newcomers wait for hours to "
                                        "free up",
                                    source="assumption (range 2-3): without a bound the "
                                           "trimming admits everyone and hours per client "
                                           "fall to about 45 h a year")
    patience_weeks: int = param(6, lo=1, hi=520, unit="weeks",
                                doc="a requester not started after this many weeks on a "
                                    "list withdraws her request (those with at least "
                                    "reassess_min_level need stay on it) (she turns to "
                                    "her network, service vouchers or private help, or is "
                                    "referred there at intake)",
                                source="assumption (range 4-26): services triage at "
                                       "intake rather than keep long lists; Zorgnet-Icuro "
                                       "2022: no large waiting lists in elderly care yet "
                                       "(V2, docs/figures.md §9)")
    withdrawal_weeks: int = param(52, lo=0, hi=520, unit="weeks",
                                  doc="weeks a withdrawn requester does not ask that service "
                                      "again (she asks again earlier if outreach signals "
                                      "her)",
                                  source="assumption (range 13-104)")
    settle_first_list: bool = param(True, doc="start as a service that has run for years: "
                                              "the first week's unserved requesters who "
                                              "would withdraw start paused or part-way "
                                              "through their wait (off: everyone asks at "
                                              "week 0 and waits from 0)",
                                    source="assumption (a switch): the list a running "
                                           "service holds; off, the list starts at about "
                                           "four times its later size (ODD 7.9 step 9)")
    # --- staff ---------------------------------------------------------------------------
    staff_margin: float = param(0.0, lo=-0.9, hi=2.0, unit="share",
                                doc="target FTE above (below) what delivering the contingent "
                                    "needs at the workforce's mean absence and direct-care "
                                    "share", source="assumption (range -0.2-0.2)")
    workload_includes_unfunded: bool = param(False, doc="report all requested hours as staff "
                                                        "demand, not only the part the "
                                                        "contingent funds",
                                             source="assumption (a switch)")
    queue_pressure: float = param(0.25, lo=0.0, hi=1.0, unit="share",
                                  doc="share of the (funded) requested hours beyond this "
                                      "week's staff hours that weighs on the staff as "
                                      "workload: a home-care service rations by intake (the "
                                      "rest wait or go elsewhere), so its staff work their "
                                      "round; only intake pressure, longer rounds and "
                                      "overtime carry the queue to them. 1 counts every "
                                      "unstarted request as the staff's work (the rule "
                                      "before 2026-12-07, which drained the home nurses)",
                                  source="assumption (range 0-0.5)")

GEZINSZORG, THUISVERPLEGING = "gezinszorg", "thuisverpleging"
KINDS = (THUISVERPLEGING, GEZINSZORG)  # booking order: prescribed nursing first
STAFF_TYPE = {GEZINSZORG: "family_care_worker", THUISVERPLEGING: "home_nurse"}
SERVICE_LABELS = {GEZINSZORG: "family care (gezinszorg)",
                  THUISVERPLEGING: "home nursing (thuisverpleging)"}
TAKEUP_AGE_BANDS = np.array([65.0, 80.0], np.float32)  # take-up bands: <65, 65-79, 80+
JITTER = 1e-3  # random tie-break among equal priority scores (a weekly lottery)
# Why a client stops getting hours of a kind (the events table; the first that applies).
STOP_REASONS = (
    ("died", "she died"),
    ("moved", "she moved out of the municipality"),
    ("admitted", "she moved into a nursing home"),
    ("not_served", "she still asked but got no hours (capacity went to others first)"),
    ("need_ended", "her need level fell to none"),
    ("no_request", "she no longer asked: her open hours in its tasks fell below the "
                   "threshold (other care covers them, or her need fell)"),
    ("spell_ended", "home nursing: her prescribed spell (thuisverpleging_spell_weeks) or "
                    "post-hospital episode ran its course, her need level still moderate "
                    "or severe"),
)
DIED, MOVED, ADMITTED, NOT_SERVED, NEED_ENDED, NO_REQUEST, SPELL_ENDED = range(
    len(STOP_REASONS))


def norm_hours(age: np.ndarray, cfg: HomeCareConfig) -> np.ndarray:
    """Programmed family-care hours per year for residents of the given ages."""
    band = np.searchsorted(np.asarray(cfg.norm_ages), age, side="right") - 1
    return np.asarray(cfg.norm_hours)[np.maximum(band, 0)]


def flemish_norm_per_inhabitant(cfg: HomeCareConfig) -> float:
    """Programmed hours per inhabitant per year at the Flemish 2023 age structure.

    The home-nursing figures are Flemish averages; dividing a municipality's programmed
    hours by this reference scales them to its own age structure.
    """
    shares = np.asarray(FLANDERS_2023_AGE_SHARES, float)
    ages = np.arange(len(shares)) * 5.0  # band lower bounds, aligned with the norm bands
    return float((shares * norm_hours(ages, cfg)).sum() / shares.sum())


def direct_hours_per_employed_fte(wcfg: WorkforceConfig, staff_type: str) -> float:
    """Direct-care hours per week an employed FTE delivers on average.

    Mirrors the workforce's own capacity rule (paid hours x direct-care share for present
    staff, lower productivity in burnout) at its stationary absence and burnout rates, so a
    service's target FTE delivers its contingent in an average week. For family care this
    gives about 14.5 h, the figure 16.34 M h / 21,675 FTE / 52 (2021, D).
    """
    t = STAFF_TYPES.index(staff_type)
    present = 1.0 - wcfg.absence_rate[t]
    productivity = 1.0 - wcfg.burnout_prevalence * (1.0 - wcfg.burnout_productivity)
    return wcfg.hours_per_fte * wcfg.direct_share[t] * present * productivity


def staff_demand(funded: float, staff_hours: float, *, queue_pressure: float) -> float:
    """Hours a home-care service reports to its staff as demand (workload = this / hours).

    Up to the staff's hours the requests are their work. Beyond them the service rations:
    requesters it cannot start wait on its list (or go to another provider), they are not
    served by this week's staff. Only ``queue_pressure`` of that excess weighs on the staff
    (intake pressure, longer rounds, overtime). Counting all of it (``queue_pressure`` 1)
    made a service whose requests always exceed its funded hours (home nursing: about twice)
    report a workload of target / employed FTE, above 1 at the normal vacancy, and that
    raised leaving faster than the labour pool could refill the team.

    Args:
        funded: Requested hours this week that the contingent funds (or all requests).
        staff_hours: This week's direct-care hours of the service's present staff.
        queue_pressure: Share 0-1 of the excess over ``staff_hours`` that counts.
    """
    served = min(funded, staff_hours)
    return served + queue_pressure * max(funded - staff_hours, 0.0)


def _task_weights(cfg: HomeCareConfig, kind: str) -> np.ndarray:
    key = f"{kind}_tasks"
    w = np.asarray(getattr(cfg, key), np.float32)
    if w.shape != (len(TASKS),) or (w < 0).any() or (w > 1).any():
        raise ConfigError(f"homecare.{key}", list(w), f"allowed: {len(TASKS)} shares 0-1, one "
                          f"per task {', '.join(TASKS)}")
    return w


class HomeCareService(mesa.Agent):
    """One home-care provider: a contingent, its own staff, a waiting list.

    Args:
        model: The model.
        kind: "gezinszorg" (family care, home help) or "thuisverpleging" (home nursing).
        index: Provider number within its kind (clients are split between providers).
        employer: This service's employer id in the workforce.
        task_weight: (4,) share of each task's open hours it may take on.
        level_hours: (4,) hours a week the assessment grants by need level (the
            indication; home nursing: visits x visit length).
        assessed_share: Share of a client's open eligible hours the assessment grants.
        contingent_year: Hours per year.
        contingent_factor: Multiplier on the contingent (policies change it).
        states: The registry its per-resident columns are registered with.
        capped: Whether the contingent bounds its hours (family care; home nursing only
            with ``thuisverpleging_capped``). Uncapped, only its staff bound them, and its
            staff are sized for the hours asked of it (paid per act).

    Attributes:
        tasks: Boolean (4,) task mask (tasks with a positive weight).
        delivered_week, capacity_week, demand_week, contingent_week: This week's hours
            delivered, capacity (min of contingent share and staff hours), hours requested,
            and contingent share.
        delivered_year: Hours delivered since the start of the current year.
        entitled_year: Contingent accrued week by week this year (factor changes included).
        clients_week, requests_week, waiting_count: Head counts this week.
        waiting_weeks: (n,) int32 consecutive weeks each resident has waited for it.
        served: (n,) bool, residents who got hours from it this week.
        requesters, requested, given: This week's requesters (ids), their assessed request
            and the hours they got (aligned arrays).
    """

    def __init__(self, model: mesa.Model, *, kind: str, index: int, employer: int,
                 task_weight: np.ndarray, level_hours: np.ndarray, assessed_share: float,
                 contingent_year: float, contingent_factor: float,
                 states: StateRegistry, capped: bool = True) -> None:
        super().__init__(model)
        self.kind, self.index, self.employer = kind, index, employer
        self.capped = bool(capped)
        self.name = f"{kind} {index + 1}"
        self.task_weight = task_weight.astype(np.float32)
        self.tasks = self.task_weight > 0
        self.level_hours = np.asarray(level_hours, np.float32)
        self.assessed_share = np.float32(assessed_share)
        self.contingent_year = float(contingent_year)
        self.contingent_factor = float(contingent_factor)
        self.staffing_factor = float(contingent_factor)  # contingent the staff is sized for
        self.delivered_week = self.capacity_week = self.demand_week = 0.0
        self.contingent_week = 0.0
        self.delivered_year = self.entitled_year = 0.0
        self.demand_year, self.weeks_year = 0.0, 0  # hours requested this year, weeks run
        self.clients_week = self.requests_week = self.waiting_count = 0
        self.waiting_ids = np.zeros(0, np.int64)  # residents with waiting_weeks > 0
        states.register(f"homecare.{self.name}", self,
                        State("waiting_weeks", np.int32, doc="consecutive weeks she has waited "
                              "for this service", unit="weeks"),
                        State("served", bool, doc="got hours from this service this week"))
        self.requesters = np.zeros(0, np.int64)
        self.requested = np.zeros(0, np.float32)
        self.given = np.zeros(0, np.float32)

    @property
    def weekly_base(self) -> float:
        """The even weekly share of this year's contingent (factor applied)."""
        return self.contingent_year * self.contingent_factor / WEEKS_PER_YEAR

    def contingent_share(self, week: int, *, catch_up_max: float) -> float:
        """Hours of contingent available this week.

        The even share ``contingent_year * factor / 52``, plus the contingent left unused
        earlier this year spread over the weeks that remain, at most ``catch_up_max`` times
        the even share (so a service can catch up within the year but never spends next
        year's hours, nor a year's backlog in its last weeks). Without the cap and with a
        constant factor this would be remaining contingent / remaining weeks.
        """
        base = self.weekly_base
        weeks_left = WEEKS_PER_YEAR - week % WEEKS_PER_YEAR
        unused = max(self.entitled_year - self.delivered_year, 0.0)
        return base + min(unused / weeks_left, catch_up_max * base)



LEVERS = (
    Lever("homecare.contingent_factor", np.ones(len(KINDS)), "x", "multiply",
          "each kind's contingent, times its configured factor (more or fewer funded hours)",
          shape="home-care kind (KINDS order)"),
    Lever("homecare.funded_hiring", False, "flag", "any",
          "whether staff targets follow a changed contingent (vacancies open and are filled "
          "from the labour pool) or stay sized for the old one"),
)


class HomeCare(Module):
    """All home-care services of the municipality and their weekly allocation.

    Args:
        model: The Mesa model (services are its agents).
        cfg: Home-care parameters.
        pop: The population.
        workforce: The workforce; one employer per service is registered in it.
        rng: The "homecare" random stream (stable take-up and provider draws, tie-breaks).

    Attributes:
        services: The services, in booking order (home nursing first).
        client: (n,) bool, served this week by any service.
        formal_hours: (n,) float32 home-care hours received this week.
        hours_by_kind: Kind to (n,) float32 hours received this week from that kind.
        waiting: (n,) bool, on any service's waiting list this week.
        waiting_weeks: (n,) int32, longest current consecutive wait over services.
        served_waits: int32 waiting times (weeks) of every list exit this week, one entry
            per resident and service, whether the resident left served or not.
        leavers, leavers_served: Ids of those exits and whether each left served.
    """

    name = "homecare"
    metrics = (
        Metric("waiting_home_care", "residents", "Residents on a home-care waiting list",
               tables=CARE_TABLES),
        *(m for kind, label in SERVICE_LABELS.items() for m in (
            Metric(f"{kind}_contingent", "h/week", f"This week's share of the {label} "
                   "contingent", tables=("system",)),
            Metric(f"{kind}_entitled", "h/week", f"The even weekly share of the yearly "
                   f"{label} contingent (without catch-up hours)", tables=("system",)),
            Metric(f"{kind}_capacity", "h/week", f"Hours {label} could deliver this week: "
                   "the smaller of contingent and staff hours", tables=("system",)),
            Metric(f"{kind}_demand", "h/week", f"Hours requested from {label}",
                   tables=("system",)),
            Metric(f"{kind}_delivered", "h/week", f"Hours delivered by {label}",
                   tables=("system",)),
            Metric(f"{kind}_clients", "residents", f"Residents served by {label} this week",
                   tables=("system",)),
        )),
        *(Metric(f"{kind}_new_clients_year", "residents", f"Residents served by {label} "
                 "this week for the first time in this calendar year of the run",
                 kind="flow", tables=("system",),
                 definition="summed over a year's weeks (column year): the distinct "
                 "residents it served in that year")
          for kind, label in SERVICE_LABELS.items()),
        Metric("home_care_list_exits", "residents", "Residents leaving a home-care waiting "
               "list this week", kind="flow", tables=("system",)),
        Metric("home_care_wait_weeks", "weeks", "Summed waiting time of those leaving a "
               "home-care list this week (divide by exits for the mean)", kind="flow",
               tables=("system",)),
    )
    event_kinds = tuple(k for kind, label in SERVICE_LABELS.items() for k in (
        EventKind(f"{kind}_start", f"A resident got hours of {label} this week and none "
                  "the week before"),
        EventKind(f"{kind}_stop", f"A resident who got hours of {label} last week got none "
                  "this week", STOP_REASONS),
    ))
    states = (
        State("takeup_u", np.float32, doc="persistent draw: asks for family care; starts "
              "her in a home-nursing spell or not"),
        State("nursing_spell", bool, doc="in a prescribed home-nursing spell this week "
              "(homecare.thuisverpleging_spell_weeks)"),
        State("provider_u", np.float32, rows=len(KINDS), doc="persistent draw: provider of "
              "each kind"),
        State("client", bool, doc="served by any service this week"),
        State("formal_hours", np.float32, doc="home-care hours this week", unit="h/week"),
        State("kind_hours", np.float32, rows=len(KINDS), doc="hours this week by kind",
              unit="h/week"),
        State("waiting", bool, doc="on a home-care waiting list this week"),
        State("waiting_weeks", np.int32, doc="longest current wait over services",
              unit="weeks"),
        State("served_year", np.int16, fill=-1, rows=len(KINDS), doc="last year of the run "
              "(0-based) she was served by each kind, -1 never", unit="year"),
        State("served_month", np.int16, fill=-1, rows=len(KINDS), doc="last month of the run "
              "(0-based, 12 a year) she was served by each kind, -1 never", unit="month"),
        State("paused_until", np.int32, rows=len(KINDS), doc="first week she asks each kind "
              "again after withdrawing a request (0: not withdrawn)", unit="week"),
    )

    @classmethod
    def build(cls, model: Any) -> HomeCare:
        """The home-care services of ``model`` (their employers join its workforce)."""
        return cls(model, model.cfg.homecare, model.pop, model.workforce,
                   rng=model.streams["homecare"], levers=model.levers, states=model.states,
                   help_threshold=model.cfg.selfcare.help_threshold_hours,
                   events=model.events,
                   episode_key=model.streams.key("homecare.episode_takeup"),
                   spell_key=model.streams.key("homecare.nursing_spell"))

    def __init__(self, model: mesa.Model, cfg: HomeCareConfig, pop: Population,
                 workforce: Workforce, *, rng: np.random.Generator,
                 levers: LeverBoard | None = None, states: StateRegistry | None = None,
                 help_threshold: float = 0.0, events: EventLog | None = None,
                 episode_key: np.uint64 | None = None,
                 spell_key: np.uint64 | None = None) -> None:
        self.model, self.cfg, self.pop, self.workforce, self.rng = model, cfg, pop, workforce, rng
        # home-nursing spells start and end: one keyed draw per resident and week
        self._spell_key = np.uint64(11) if spell_key is None else np.uint64(spell_key)
        self.spell_end = (1.0 / np.asarray(cfg.thuisverpleging_spell_weeks)).astype(np.float32)
        # take-up of a post-hospital episode: one draw per episode (keyed by its start week)
        self._episode_key = np.uint64(7) if episode_key is None else np.uint64(episode_key)
        self.episodes = Episodes.none()  # this week's post-hospital nursing episodes
        self.events = EventLog() if events is None else events
        # a resident asks from this many open hours (selfcare.help_threshold_hours)
        self.help_threshold = float(help_threshold)
        self.levers = levers = LeverBoard() if levers is None else levers
        levers.declare(*LEVERS)
        levers.watch("homecare.contingent_factor", self._contingent_changed)
        levers.provide_view("homecare.employers", "employers of the home-care services",
                            lambda: [svc.employer for svc in self.services])
        levers.provide_view("homecare.hours_by_kind", "home-care hours per resident this "
                            "week, by kind", lambda: self.hours_by_kind)
        n = pop.n
        self.n = n
        self._own_states = states is None
        self.registry = states = StateRegistry(pop.n) if states is None else states
        self.register_states(states)
        self._jitter_key = stream_key(rng)  # priority tie-breaks, per resident and week
        self.takeup_u[:] = rng.random(n, dtype=np.float32)
        self.provider_u[:] = rng.random((len(KINDS), n), dtype=np.float32)
        self._touched = np.zeros(0, np.int64)  # residents last week's allocation wrote to
        self.served_waits = np.zeros(0, np.int32)
        self.leavers = np.zeros(0, np.int64)
        self.leavers_served = np.zeros(0, bool)
        # per kind: last week's clients (ids) and this week's first clients of the year
        self._clients = {k: np.zeros(0, np.int64) for k in KINDS}
        self.new_clients_year = dict.fromkeys(KINDS, 0)
        self.month_clients = dict.fromkeys(KINDS, 0)  # sum of distinct clients per month
        tables = []
        for kind in KINDS:
            by_need, lowest = ((cfg.thuisverpleging_takeup_by_need,
                                cfg.thuisverpleging_lowest_ses_rr) if kind == THUISVERPLEGING
                               else (cfg.takeup_by_need, cfg.takeup_lowest_ses_rr))
            ses_rr = np.linspace(lowest, 1.0, 5)
            ages = (np.asarray(cfg.thuisverpleging_takeup_age_rr) if kind == THUISVERPLEGING
                    else np.array([cfg.takeup_under_65_rr, 1.0, 1.0]))
            takeup = (ages[:, None, None] * ses_rr[None, :, None]
                      * np.asarray(by_need)[None, None, :])
            tables.append(1 - np.clip(takeup, 0, 1))
        self.nontakeup = np.asarray(tables, np.float32)  # (kind, age band, ses, need)
        self._start_spells(np.arange(n))
        self.year_records: list[dict[str, float]] = []  # one per completed calendar year
        self._residents_65plus = 0
        self.flemish_norm = flemish_norm_per_inhabitant(cfg)
        self._year = 0
        self.services: list[HomeCareService] = []
        self.by_kind: dict[str, list[HomeCareService]] = {}
        sizes = self.contingents()
        for kind in KINDS:
            k = int(getattr(cfg, f"{kind}_providers"))
            weights = _task_weights(cfg, kind)
            factor = float(getattr(cfg, f"{kind}_contingent_factor"))
            self.by_kind[kind] = []
            for i in range(k):
                year = sizes[kind] / k
                employer = workforce.add_employer(f"{kind} {i + 1}", STAFF_TYPE[kind],
                                                  self._target_fte(kind, year * factor))
                svc = HomeCareService(model, kind=kind, index=i, employer=employer,
                                      task_weight=weights,
                                      level_hours=self.level_hours(kind),
                                      assessed_share=getattr(cfg, f"{kind}_assessed_share"),
                                      contingent_year=year, contingent_factor=factor,
                                      states=states,
                                      capped=(kind != THUISVERPLEGING
                                              or cfg.thuisverpleging_capped))
                self.services.append(svc)
                self.by_kind[kind].append(svc)

    # -- sizing ---------------------------------------------------------------------------

    def level_hours(self, kind: str) -> np.ndarray:
        """(4,) hours a week the assessment of ``kind`` grants by need level (the indication).

        Family care: ``gezinszorg_hours_by_level``. Home nursing: the prescribed visits by
        level times ``nursing_visit_hours``, so volumes are counted in visits as the
        providers count them.
        """
        cfg = self.cfg
        if kind == THUISVERPLEGING:
            h = np.asarray(cfg.thuisverpleging_visits_by_level) * cfg.nursing_visit_hours
        else:
            h = np.asarray(cfg.gezinszorg_hours_by_level)
        return h.astype(np.float32)

    def contingents(self) -> dict[str, float]:
        """Yearly hours per kind for the current residents (before contingent factors).

        Family care: the programming norm by age times the funded share. Home nursing:
        patients (all providers) x visits x visit length per inhabitant, scaled by the
        municipality's programmed hours per inhabitant relative to Flanders (if
        age-weighted).
        """
        cfg, pop = self.cfg, self.pop
        alive = pop.alive
        residents = int(alive.sum())
        programmed = float(norm_hours(pop.age[alive], cfg).sum())
        nursing_per_inh = (cfg.nursing_patient_share / cfg.nursing_market_share
                           * cfg.nursing_visits_per_patient * cfg.nursing_visit_hours)
        if cfg.nursing_age_weighted:
            nursing = nursing_per_inh * programmed / self.flemish_norm
        else:
            nursing = nursing_per_inh * residents
        return {GEZINSZORG: programmed * cfg.funded_share, THUISVERPLEGING: nursing}

    def _target_fte(self, kind: str, hours_year: float) -> float:
        """Target FTE (posts) of a service that is to deliver ``hours_year``.

        Employed FTE = hours / 52 / direct-care hours per employed FTE, times
        ``1 + staff_margin``. Family care: that is the target, because its hours are the
        funded contingent, a ceiling of which the services deliver about 92% (vacant posts
        included) in the register figures. Home nursing has no contingent: its hours are
        the hours asked of it over the past year (:meth:`_staffed_hours`), at first the
        volume Wit-Gele Kruis *delivers* (visits of 2021), which its *employed* staff deliver
        (5,035 FTE in 2016, about 0.029 care FTE per patient; the model's about 0.033). A
        team with normal turnover always has posts open while it searches, so the home-nursing
        target is the employed FTE over ``1 - initial_vacancy`` of home nurses: sized at the
        employed FTE, the team stayed about that vacancy short of its volume every week.
        """
        wcfg = self.workforce.cfg
        per_fte = direct_hours_per_employed_fte(wcfg, STAFF_TYPE[kind])
        employed = hours_year / WEEKS_PER_YEAR * (1 + self.cfg.staff_margin) / per_fte
        if kind != THUISVERPLEGING:
            return employed
        return employed / (1.0 - wcfg.initial_vacancy[STAFF_TYPES.index(STAFF_TYPE[kind])])

    def set_contingent_factor(self, kind: str, factor: float, *, hire: bool = True) -> None:
        """Change a kind's contingent multiplier (through the lever ``homecare.contingent_factor``).

        With ``hire``, the services' staff targets follow the new contingent (vacancies open
        and are filled from the labour pool); without it, staff stay sized for the old one,
        also at the yearly re-sizing, so extra hours are delivered only by spare staff time.
        """
        for svc in self.by_kind[kind]:
            svc.contingent_factor = float(factor)
            if hire:
                svc.staffing_factor = float(factor)
                self.workforce.set_target(svc.employer,
                                          self._target_fte(kind, self._staffed_hours(svc)))

    def _contingent_changed(self, old: np.ndarray, new: np.ndarray) -> None:
        """Apply a changed ``homecare.contingent_factor`` to the services of each kind.

        The lever multiplies the configured factor; with ``homecare.funded_hiring`` the
        staff targets follow (see :meth:`set_contingent_factor`).
        """
        hire = bool(self.levers.value("homecare.funded_hiring"))
        for i, kind in enumerate(KINDS):
            if new[i] != old[i]:
                base = float(getattr(self.cfg, f"{kind}_contingent_factor"))
                self.set_contingent_factor(kind, base * new[i], hire=hire)

    def yearly(self, week: int) -> None:
        """Re-size contingents and staff targets to the current residents by age.

        Args:
            week: First week of the new year; the year's contingent accounting restarts.
        """
        sizes = self.contingents()
        for svc in self.services:
            svc.contingent_year = sizes[svc.kind] / len(self.by_kind[svc.kind])
            self.workforce.set_target(svc.employer, self._target_fte(
                svc.kind, self._staffed_hours(svc)))
        self._new_year(week // WEEKS_PER_YEAR)

    def _staffed_hours(self, svc: HomeCareService) -> float:
        """Yearly hours the staff of ``svc`` are sized for (before the staffing factor).

        A contingent's hours, or, for home nursing paid per act (``thuisverpleging_capped``
        off), the hours requested from it over the past year at a yearly rate: a service
        with no ceiling hires for the demand it sees (the published volume until a year has
        run).
        """
        hours = svc.contingent_year
        if not svc.capped and svc.weeks_year > 0:
            hours = svc.demand_year / svc.weeks_year * WEEKS_PER_YEAR
        return hours * svc.staffing_factor

    def _new_year(self, year: int) -> None:
        self._year = year
        for svc in self.services:
            svc.delivered_year = svc.entitled_year = svc.demand_year = 0.0
            svc.weeks_year = 0

    def _close_year(self) -> None:
        """Record the calendar year that ends this week, as registers count it.

        Unique clients (anyone served at least once in the year, not client-weeks), those
        aged 60+ and 80+ (the published age splits), distinct clients in an average month,
        hours delivered, the contingent accrued, and the residents aged 65+ in mid-year (the
        denominator of the per-65+ rates).
        """
        pop = self.pop
        n = min(self.n, pop.n)
        rec: dict[str, float] = {"year": float(self._year),
                                 "residents_65plus": float(self._residents_65plus)}
        old, oldest = pop.age[:n] >= 60, pop.age[:n] >= 80
        for i, kind in enumerate(KINDS):
            served = self.served_year[i, :n] == self._year
            rec[f"{kind}_clients"] = float(np.count_nonzero(served))
            rec[f"{kind}_clients_60plus"] = float(np.count_nonzero(served & old))
            rec[f"{kind}_clients_80plus"] = float(np.count_nonzero(served & oldest))
            rec[f"{kind}_hours"] = sum(s.delivered_year for s in self.by_kind[kind])
            rec[f"{kind}_contingent"] = sum(s.entitled_year for s in self.by_kind[kind])
            rec[f"{kind}_clients_month"] = self.month_clients[kind] / 12.0
        self.month_clients = dict.fromkeys(KINDS, 0)
        self.year_records.append(rec)

    def yearly_rates(self, *, skip: int = 1) -> dict[str, float]:
        """Yearly figures averaged over the completed calendar years after the first ``skip``.

        Keys: ``{kind}_clients_per_65plus`` (unique clients aged 60+ in the year per
        resident aged 65+), ``{kind}_hours_per_client`` (hours delivered in the year per
        unique client), ``{kind}_delivered_share`` (hours delivered over the contingent
        accrued), ``{kind}_month_year_ratio`` (distinct clients in an average month over
        distinct clients in the year, all ages), ``{kind}_share_60plus`` and
        ``{kind}_share_80plus`` (unique clients aged 60+, 80+ over all unique clients: the
        registers' age split), ``thuisverpleging_visits_per_patient`` (hours / visit length
        / patients).
        NaN when no year qualifies.
        """
        recs = self.year_records[skip:] or self.year_records[-1:]
        out: dict[str, float] = {}
        if not recs:
            return out
        tot = {k: sum(r[k] for r in recs) for k in recs[0]}
        for kind in KINDS:
            clients = max(tot[f"{kind}_clients"], 1.0)
            out[f"{kind}_clients_per_65plus"] = (tot[f"{kind}_clients_60plus"]
                                                 / max(tot["residents_65plus"], 1.0))
            out[f"{kind}_hours_per_client"] = tot[f"{kind}_hours"] / clients
            out[f"{kind}_month_year_ratio"] = tot[f"{kind}_clients_month"] / clients
            out[f"{kind}_delivered_share"] = (tot[f"{kind}_hours"]
                                              / max(tot[f"{kind}_contingent"], 1e-9))
            out[f"{kind}_share_60plus"] = tot[f"{kind}_clients_60plus"] / clients
            out[f"{kind}_share_80plus"] = tot[f"{kind}_clients_80plus"] / clients
        out["thuisverpleging_visits_per_patient"] = (
            out["thuisverpleging_hours_per_client"] / self.cfg.nursing_visit_hours)
        return out

    @property
    def hours_by_kind(self) -> dict[str, np.ndarray]:
        """Kind to (n,) float32 hours received this week from that kind (views)."""
        return {k: self.kind_hours[i] for i, k in enumerate(KINDS)}

    def grow(self, n: int) -> None:
        """Extend to ``n`` residents on its own (when built without the model's registry)."""
        first = self.n
        if self._own_states:
            self.registry.grow(n)
        self.on_arrivals(first, n)

    def on_arrivals(self, first: int, n: int) -> None:
        """Arrivals get fresh stable draws (take-up, provider)."""
        extra = n - first
        if extra > 0:
            self.takeup_u[first:n] = self.rng.random(extra, np.float32)
            self.provider_u[:, first:n] = self.rng.random((len(KINDS), extra), np.float32)
            self._start_spells(np.arange(first, n))
        self.n = n

    def _spell_share(self, ids: np.ndarray) -> np.ndarray:
        """Long-run share of weeks residents ``ids`` spend in a home-nursing spell.

        Her home-nursing take-up by need level and SES quintile
        (``thuisverpleging_takeup_by_need`` x the SES ratio): the old fixed take-up becomes
        the share of time in a spell, so spells change who is in care when, not how many.
        """
        return 1 - self.nontakeup_probability(ids, THUISVERPLEGING)

    def _start_spells(self, ids: np.ndarray) -> None:
        """Residents ``ids`` start in a spell with its long-run chance (stationary start).

        The same stable draw as family care's take-up, so a resident who asks one service is
        more likely to be in a nursing spell too, as when the take-up draws were shared.
        """
        pop = self.pop
        ids = ids[ids < pop.n]
        self.nursing_spell[ids] = ((self.takeup_u[ids] >= 1 - self._spell_share(ids))
                                   & pop.alive[ids] & (pop.dwelling[ids] != NURSING_HOME))

    def update_spells(self, week: int, at_home: np.ndarray) -> None:
        """Home-nursing spells of this week: some end, some start (a two-state chain).

        A spell ends with chance ``1 / thuisverpleging_spell_weeks[need]`` a week, so its
        length is geometric with that mean; it ends at once when her need falls below the
        nursing levels (share 0) or she no longer lives at home. Outside a spell she
        starts one with chance ``p e / (1 - p)`` a week (``p`` the long-run share, ``e`` the
        end chance), so that the share of weeks in a spell stays ``p``. One keyed uniform
        per resident and week (common random numbers across scenarios).
        """
        pop, spell = self.pop, self.nursing_spell
        spell[np.flatnonzero(spell & ~at_home)] = False
        ids = np.flatnonzero(at_home & ((pop.need >= 1) | spell))
        if not len(ids):
            return
        u = keyed_uniform(self._spell_key, week, ids)
        p = self._spell_share(ids)
        end = self.spell_end[pop.need[ids]]
        with np.errstate(divide="ignore", invalid="ignore"):
            start = np.where(p < 1, p * end / np.maximum(1 - p, np.float32(1e-9)), 1)
        now = spell[ids]
        spell[ids] = np.where(now, (u >= end) & (p > 0), u < start)

    # -- weekly allocation ----------------------------------------------------------------

    def _jitter(self, svc: HomeCareService, week: int, ids: np.ndarray) -> np.ndarray:
        """Tie-break numbers per resident, week and service (keyed: paired runs align)."""
        offset = KINDS.index(svc.kind) * 1024 + svc.index + 1
        key = np.uint64((int(self._jitter_key) + offset * 0x9E3779B97F4A7C15) % 2**64)
        return keyed_uniform(key, week, ids).astype(np.float32)

    def nontakeup_probability(self, ids: np.ndarray, kind: str = GEZINSZORG) -> np.ndarray:
        """Chance that residents ``ids`` do not ask ``kind`` for help, by age 65+, SES, need."""
        pop = self.pop
        band = np.searchsorted(TAKEUP_AGE_BANDS, pop.age[ids], side="right")
        return self.nontakeup[KINDS.index(kind), band,
                              pop.ses[ids], pop.need[ids]]

    weekly_steps = (
        Step("home_care", "week_step", "home-care services assess requests and book hours by "
             "priority, within contingent and staff; home nursing takes up post-hospital "
             "episodes", reads=("care", "signalled", "acute")),
    )

    def active_residents(self, care: CareWeek) -> tuple[np.ndarray, None]:
        """Residents with a home-care metric this week (on a list)."""
        return self.waiting.copy(), None

    def care_metrics(self, idx: np.ndarray, care: CareWeek) -> dict[str, object]:
        """This week's home-care metrics of residents ``idx``."""
        return {"waiting_home_care": self.waiting[idx]}

    def system_metrics(self) -> dict[str, float]:
        """This week's figures of the services, by kind."""
        out: dict[str, float] = {}
        for kind, services in self.by_kind.items():
            out[f"{kind}_contingent"] = sum(s.contingent_week for s in services)
            out[f"{kind}_entitled"] = sum(s.weekly_base for s in services)
            out[f"{kind}_capacity"] = sum(s.capacity_week for s in services)
            out[f"{kind}_demand"] = sum(s.demand_week for s in services)
            out[f"{kind}_delivered"] = sum(s.delivered_week for s in services)
            out[f"{kind}_clients"] = sum(s.clients_week for s in services)
            out[f"{kind}_new_clients_year"] = float(self.new_clients_year[kind])
        out["home_care_list_exits"] = len(self.served_waits)
        out["home_care_wait_weeks"] = float(self.served_waits.sum())
        return out

    def week_step(self, w: Week) -> None:
        """Plan step: home care (last week's informal hours are a view of informal care)."""
        self.step(w.care, signalled=w.signalled,
                  informal=self.levers.view("informal.received"), acute=w.acute)

    def step(self, care: CareWeek, *, signalled: np.ndarray | None = None,
             informal: np.ndarray | None = None, acute: Episodes | None = None) -> None:
        """Allocate this week's home care and book it in the ledger as "formal".

        Reads the open hours ``care.left`` (in the model's cycle: after self-care and
        facilities, before informal care), the informal care each resident gets, the
        population columns and each employer's ``available_hours``. Writes the ledger, the
        per-resident arrays, each service's weekly figures and waiting list, and the
        workforce demand.

        Args:
            care: This week's ledger.
            signalled: Optional (n,) bool: residents detected by outreach, who ask for
                help whatever their take-up draw.
            informal: Optional (n,) informal hours per resident for the priority rule (the
                model passes last week's, since home care is booked first); default: the
                informal hours already in the ledger.
            acute: This week's post-hospital nursing episodes (home nursing adds their
                prescribed visits to the request); default none.
        """
        pop = self.pop
        self.episodes = Episodes.none() if acute is None else acute
        week = care.week
        if week // WEEKS_PER_YEAR != self._year:
            self._new_year(week // WEEKS_PER_YEAR)
        at_home = pop.alive & (pop.dwelling != NURSING_HOME)
        self.update_spells(week, at_home)
        if informal is None:
            informal = care.covered["informal"]
        elif len(informal) < pop.n:
            informal = np.concatenate([informal, np.zeros(pop.n - len(informal), informal.dtype)])
        # Reset only where last week wrote (requesters and waiters): the arrays are
        # population-sized, the clients a few per cent of it.
        prev = self._touched
        self.formal_hours[prev] = 0
        for hours in self.hours_by_kind.values():
            hours[prev] = 0
        self.client[prev] = False
        self.waiting_weeks[prev] = 0
        self.waiting[prev] = False
        waits, leavers, left_served = [], [], []
        for svc in self.services:
            exits = self._serve(svc, care, at_home, informal, signalled, week)
            waits.append(exits[0])
            leavers.append(exits[1])
            left_served.append(exits[2])
        self.served_waits = np.concatenate(waits)
        self.leavers = np.concatenate(leavers)
        self.leavers_served = np.concatenate(left_served)
        flag = np.zeros(pop.n, bool)  # this week's requesters (waiters are among them)
        for s in self.services:
            flag[s.requesters] = True
        touched = np.flatnonzero(flag)
        self.client[touched] = self.formal_hours[touched] > 0
        for svc in self.services:
            ids = svc.waiting_ids
            self.waiting_weeks[ids] = np.maximum(self.waiting_weeks[ids], svc.waiting_weeks[ids])
        self.waiting[touched] = self.waiting_weeks[touched] > 0
        self._touched = touched
        self._count_clients(touched, week)

        if week % WEEKS_PER_YEAR == WEEKS_PER_YEAR // 2:
            self._residents_65plus = int(np.count_nonzero(pop.alive & (pop.age >= 65)))
        if week % WEEKS_PER_YEAR == WEEKS_PER_YEAR - 1:
            self._close_year()

    def _count_clients(self, touched: np.ndarray, week: int) -> None:
        """Count each kind's first clients of the year and month; record starts and stops.

        A client of a kind is a resident who got hours of it this week. Yearly distinct
        clients come from ``served_year``, monthly ones (12 months of 4 or 5 weeks) from
        ``served_month``; the events table gets a start where a resident
        got hours this week and none last week, a stop the other way round, with the
        first reason of :data:`STOP_REASONS` that applies.
        """
        pop, year = self.pop, week // WEEKS_PER_YEAR
        month = year * 12 + (week % WEEKS_PER_YEAR) * 12 // WEEKS_PER_YEAR  # 4-5 weeks each
        for i, kind in enumerate(KINDS):
            now = touched[self.kind_hours[i][touched] > 0]
            first = now[self.served_year[i][now] != year]
            self.served_year[i][first] = year
            self.new_clients_year[kind] = len(first)
            in_month = now[self.served_month[i][now] != month]
            self.served_month[i][in_month] = month
            self.month_clients[kind] += len(in_month)
            prev, self._clients[kind] = self._clients[kind], now
            if not self.events.enabled:
                continue
            flag = np.zeros(pop.n, bool)  # (masks, not set operations: they sort)
            flag[prev] = True
            self.events.record(f"{kind}_start", now[~flag[now]])
            flag[now] = False
            gone = prev[flag[prev]]
            if len(gone):
                flag[prev] = False
                for svc in self.by_kind[kind]:
                    flag[svc.requesters] = True
                reason = np.full(len(gone), NO_REQUEST, np.int8)  # the last that applies
                if kind == THUISVERPLEGING:  # is overwritten by earlier ones
                    reason[~self.nursing_spell[gone] & (pop.need[gone] >= 2)] = SPELL_ENDED
                reason[pop.need[gone] == 0] = NEED_ENDED
                reason[flag[gone]] = NOT_SERVED
                reason[pop.dwelling[gone] == NURSING_HOME] = ADMITTED
                left = ~pop.alive[gone]
                reason[left] = np.where(pop.died[gone[left]], DIED, MOVED)
                self.events.record(f"{kind}_stop", gone, reason)

    def _settle_first_list(self, svc: HomeCareService, k: int, waiting: np.ndarray
                           ) -> np.ndarray:
        """Spread the first week's unserved requesters as a running service has them.

        At week 0 everyone in need asks at once, so without this the list starts at about
        four times its later size and collapses when they all withdraw together
        ``patience_weeks`` later (920 -> 200 in week 6 of the default town). A service that
        has run for years holds those who would withdraw at every stage of the cycle:
        each is paused (withdrawn earlier, ``withdrawal_weeks``) with chance withdrawal /
        (withdrawal + patience), with the pause's remaining weeks uniform, or else on the
        list with the weeks already waited uniform below ``patience_weeks``. Those who
        never withdraw (need at least ``reassess_min_level``) stay on the list as drawn.

        Returns:
            The requesters on the list this week.
        """
        cfg = self.cfg
        may = waiting[self.pop.need[waiting] < cfg.reassess_min_level]
        if not len(may) or cfg.withdrawal_weeks <= 0:
            return waiting
        u = keyed_uniform(self._jitter_key, -1 - k, may)  # own draws: week -1 - kind
        share = cfg.withdrawal_weeks / (cfg.withdrawal_weeks + cfg.patience_weeks)
        pause = u < share
        left = np.floor(u[pause] / share * cfg.withdrawal_weeks).astype(np.int32)
        self.paused_until[k, may[pause]] = 1 + left
        waited = (u[~pause] - share) / (1 - share) * (cfg.patience_weeks - 1)
        svc.waiting_weeks[may[~pause]] = np.floor(waited).astype(np.int32)
        return np.setdiff1d(waiting, may[pause], assume_unique=True)

    def _serve(self, svc: HomeCareService, care: CareWeek, at_home: np.ndarray,
               informal: np.ndarray, signalled: np.ndarray | None, week: int,
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One service's week; returns the waits, ids and served flags of list exits.

        Clients in care are served first (cut pro rata when capacity falls short, so a bad
        week shortens visits rather than ending care); what capacity is left starts
        newcomers in priority order. Newcomers given nothing wait; after
        ``patience_weeks`` they withdraw for ``withdrawal_weeks``.
        """
        pop, cfg = self.pop, self.cfg
        k = KINDS.index(svc.kind)
        w = svc.task_weight
        open_k = w @ care.left  # open hours this service could take on, per ledger column
        # She asks once her open hours (all tasks) reach the help threshold, the rule that
        # also counts her as lacking help, and the service has something to offer her.
        asking = care.left.sum(axis=0) >= self.help_threshold
        nursing = svc.kind == THUISVERPLEGING and len(self.episodes.ids) > 0
        if nursing:  # a prescribed episode asks whatever her open hours
            asking[self.episodes.lookup(care.ids)[0]] = True
        take = np.flatnonzero((open_k > 0) & asking)
        take = take[at_home[care.ids[take]]]
        cand, open_w = care.ids[take], open_k[take]
        providers = len(self.by_kind[svc.kind])
        if providers > 1:
            pick = (self.provider_u[k, cand] * providers).astype(np.int64)
            mine = pick == svc.index
            cand, open_w = cand[mine], open_w[mine]
        in_care = svc.served[cand]  # clients keep asking: their care is arranged
        fresh = self.paused_until[k, cand] <= week
        if svc.kind == THUISVERPLEGING:  # prescribed: she asks while her spell lasts
            asks = self.nursing_spell[cand] & (in_care | fresh)
        else:
            asks = in_care | ((self.takeup_u[cand] >= self.nontakeup_probability(cand, svc.kind))
                              & fresh)
        if signalled is not None and (svc.kind != THUISVERPLEGING
                                      or not cfg.thuisverpleging_prescribed_only):
            asks |= signalled[cand]  # an outreach signal brings an assessment
        # The indication: hours by need level, within the share of the open hours granted;
        # home nursing adds a post-hospital episode's prescribed visits, taken up by a draw
        # per episode.
        indicated = svc.level_hours[pop.need[cand]]
        episode = np.zeros(len(cand), bool)
        if nursing:
            hit, at = self.episodes.lookup(cand)
            start = self.episodes.start[at[hit]].astype(np.int64)
            episode[hit] = (keyed_uniform(self._episode_key, 0, cand[hit] * 65536 + start)
                            < np.float32(cfg.thuisverpleging_episode_takeup))
            indicated = indicated + np.where(episode, self.episodes.hours[at], np.float32(0))
            asks |= episode
        request = np.minimum(open_w * svc.assessed_share, indicated)
        asks &= request >= np.float32(cfg.min_request_hours)
        cand, request, in_care = cand[asks], request[asks], in_care[asks]
        open_w, episode = open_w[asks], episode[asks]

        # Capacity: the contingent share, bounded by the staff present this week.
        svc.contingent_week = svc.contingent_share(week, catch_up_max=cfg.catch_up_max)
        staff = float(self.workforce.available_hours(svc.employer))
        capped = svc.capped
        svc.capacity_week = max(min(svc.contingent_week, staff) if capped else staff, 0.0)
        svc.demand_week = float(request.sum(dtype=np.float64))
        svc.demand_year += svc.demand_week
        svc.weeks_year += 1

        # Clients first, and with them post-hospital episodes (home nursing: care after
        # discharge is arranged before she leaves hospital and does not queue), cut pro
        # rata if capacity is short; when newcomers wait, the re-assessment trims their
        # hours to keep intake_share of capacity for starts of newcomers with at least
        # reassess_min_level need.
        first = in_care | episode
        given = np.zeros(len(cand), np.float32)
        client_req = float(request[first].sum(dtype=np.float64))
        urgent = ~first & (pop.need[cand] >= cfg.reassess_min_level)
        new_req = float(request[urgent].sum(dtype=np.float64))
        budget = svc.capacity_week - min(new_req, cfg.intake_share * svc.capacity_week)
        scale = min(1.0, max(budget, 0.0) / client_req) if client_req > 0 else 1.0
        given[first] = request[first] * np.float32(scale)
        spare = max(svc.capacity_week - client_req * scale, 0.0)

        # Newcomers in priority order until the spare capacity runs out (the marginal one
        # partly).
        new = np.flatnonzero(~first)
        ids = cand[new]
        score = (np.float32(cfg.weight_need / 3) * pop.need[ids]
                 + np.float32(cfg.weight_no_informal) * (informal[ids] <= 0)
                 + np.float32(cfg.weight_dementia) * pop.dementia[ids]
                 + np.float32(cfg.weight_low_ses / 4) * (4 - pop.ses[ids])
                 + np.float32(cfg.weight_waiting) * np.minimum(
                     svc.waiting_weeks[ids] / np.float32(cfg.wait_saturation_weeks), 1)
                 + np.float32(JITTER) * self._jitter(svc, week, ids))
        order = new[np.argsort(-score)]
        req_sorted = request[order].astype(np.float64)
        before = np.cumsum(req_sorted) - req_sorted
        given[order] = np.clip(spare - before, 0, req_sorted)

        # Book in the ledger, split over tasks in proportion to the weighted open hours.
        frac = given / np.maximum(open_w, np.float32(1e-9))
        booked = care.cover_share("formal", w[:, None] * frac, cand)
        self.formal_hours[cand] += booked
        self.hours_by_kind[svc.kind][cand] += booked
        delivered = float(booked.sum(dtype=np.float64))
        svc.delivered_week = delivered
        svc.delivered_year += delivered
        svc.entitled_year += svc.weekly_base
        svc.served[svc.requesters] = False  # last week's requesters: the only ones served
        got = cand[booked > 0]
        svc.served[got] = True
        svc.clients_week = len(got)
        svc.requests_week = len(cand)
        svc.requesters, svc.requested, svc.given = cand, request, booked

        # Staff demand: the requests up to the funded even weekly share (catch-up hours are
        # worked only when staff have time to spare), or all requests. Beyond the staff's
        # hours only queue_pressure of it counts: the service rations by intake, so the
        # unstarted requests wait on its list rather than fall on the staff (a WZC cannot:
        # its residents are in), and a short team is not pushed into a leaving spiral.
        funded = svc.demand_week if cfg.workload_includes_unfunded or not capped else min(
            svc.demand_week, svc.weekly_base)
        self.workforce.report_demand(svc.employer, staff_demand(
            funded, staff, queue_pressure=cfg.queue_pressure))

        # Waiting list: requesters not started (given nothing). Those who have waited
        # patience_weeks withdraw and do not ask this service again for a while.
        waiting = cand[booked <= 0]
        if week == 0 and cfg.settle_first_list:  # a running service, not a new one
            waiting = self._settle_first_list(svc, k, waiting)
        svc.waiting_weeks[waiting] += 1
        tired = waiting[(svc.waiting_weeks[waiting] >= cfg.patience_weeks)
                        & (pop.need[waiting] < cfg.reassess_min_level)]
        self.paused_until[k, tired] = week + 1 + cfg.withdrawal_weeks
        now = np.setdiff1d(waiting, tired, assume_unique=True)
        prev = svc.waiting_ids
        still = np.zeros(len(svc.waiting_weeks), bool)
        still[now] = True
        gone = np.concatenate([prev[~still[prev]], tired[~np.isin(tired, prev)]])
        waits = svc.waiting_weeks[gone].copy()
        started = np.zeros(len(still), bool)
        started[got] = True
        svc.waiting_weeks[gone] = 0
        svc.waiting_count = len(now)
        svc.waiting_ids = now
        return waits, gone, started[gone]
