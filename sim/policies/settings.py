"""The config sections of the policies (``policies.<name>``), one dataclass per policy.

Every policy is off by default. Effect sizes of these policies are not published (docs/figures.md
§11): every effect parameter is an assumption with a range, meant for
sensitivity analysis. A *neutral* value (the one that changes nothing) is given for each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sim.engine.schema import ConfigError, param

WEEKS_MAX = 5200


@dataclass
class PolicyConfig:
    """Settings every policy has: whether it runs, from when, and how fast it ramps up."""

    enabled: bool = param(False, doc="switch the policy on", source="scenario choice")
    start_week: int = param(0, lo=0, hi=WEEKS_MAX, unit="week",
                            doc="first week the policy acts (0 = from the start)",
                            source="scenario choice")
    ramp_weeks: int = param(0, lo=0, hi=WEEKS_MAX, unit="weeks",
                            doc="weeks over which the policy grows linearly to full strength "
                                "(0 = at once)", source="scenario choice")


@dataclass
class ExtraContingentConfig(PolicyConfig):
    """Extra home-care contingent (extra uren gezinszorg / thuisverpleging)."""

    gezinszorg_extra: float = param(0.2, lo=0.0, hi=3.0, unit="share of contingent",
                                    doc="extra family-care hours as a share of the "
                                        "municipality's contingent (0.2 = +20%; neutral 0)",
                                    source="policy lever")
    thuisverpleging_extra: float = param(0.0, lo=0.0, hi=3.0, unit="share of contingent",
                                         doc="extra home-nursing hours as a share of the "
                                             "contingent (neutral 0); home nursing is paid "
                                             "per act (homecare.thuisverpleging_capped off), "
                                             "so this hires nurses for more hours than are "
                                             "asked, which help only when nurses are short",
                                         source="policy lever")
    funded_hiring: bool = param(True, doc="the funding pays for staff: services recruit for "
                                          "the extra hours and the labour pool grows with "
                                          "them (pool_response); without it only staff "
                                          "already there work them",
                                source="policy lever")
    pool_response: float = param(1.0, lo=0.0, hi=3.0, unit="x",
                                 doc="with funded hiring, extra candidates the funded posts "
                                     "attract, as a multiple of what fills them in a year (1: "
                                     "filled in about a year; 0: they compete for the same "
                                     "candidates)",
                                 source="assumption (range 0-2): recruitment campaigns, "
                                        "training places and side-entrants funded with the "
                                        "hours")


@dataclass
class CrisisConfig(PolicyConfig):
    """A crisis shock (e.g. an epidemic) for a number of weeks."""

    duration_weeks: int = param(13, lo=1, hi=WEEKS_MAX, unit="weeks",
                                doc="how long the crisis lasts from start_week (a crisis "
                                    "starts at full strength: ramp_weeks does not apply)",
                                source="assumption (range 4-52): the first COVID wave "
                                       "closed day care for about three months")
    staff_absent_share: float = param(0.2, lo=0.0, hi=0.9, unit="share of staff",
                                      doc="extra share of care staff absent (illness, "
                                          "quarantine; neutral 0)",
                                      source="assumption (range 0.05-0.35); WZC absence rose "
                                             "from 11% to 16% in five years (docs/figures.md §4)")
    respite_closed: bool = param(True, doc="short stay and day care close for the crisis "
                                           "(neutral false)",
                                 source="assumption: as in spring 2020")
    carer_capacity_factor: float = param(0.8, lo=0.0, hi=1.0, unit="x",
                                         doc="informal carers' capacity during the crisis "
                                             "(own illness, distancing; neutral 1)",
                                         source="assumption (range 0.6-1)")
    cross_facility_exchange: float = param(0.0, lo=0.0, hi=0.5, unit="share of hours",
                                           doc="response: share of each employer's available "
                                               "hours that may move to employers short of "
                                               "staff during the crisis (flexible norms' "
                                               "staff exchange; neutral 0)",
                                           source="assumption (range 0-0.2)")


@dataclass
class FlexibleNormsConfig(PolicyConfig):
    """Flexibele normen: staffing rules and working conditions that stretch the workforce."""

    logistics_norm_share: float = param(0.25, lo=0.0, hi=1.0, unit="share of logistics FTE",
                                        doc="share of a WZC's logistics staff (huismoeders, "
                                            "hospitality) counted toward its care-staffing "
                                            "norm (neutral 0)", source="policy lever; "
                                            "assumption (range 0-0.5)")
    pool_share: float = param(0.1, lo=0.0, hi=0.5, unit="share of hours",
                              doc="multi-deployability: share of each employer's hours that "
                                  "may move to employers in the pool short of staff "
                                  "(neutral 0)", source="assumption (range 0-0.2)")
    pool_scope: str = param("all", choices=("all", "residential", "home"),
                            doc="which employers share the pool: all (home care and "
                                "WZC care staff), residential (WZC care staff) or "
                                "home (home-care services)", source="policy lever")
    side_entrant_inflow: float = param(0.2, lo=0.0, hi=3.0, unit="share of labour pool",
                                       doc="extra candidates a year from side-entrants "
                                           "(zij-instromers), as a share of the labour pool "
                                           "(neutral 0)", source="assumption (range 0-0.5)")
    side_entrant_ramp_start: float = param(0.3, lo=0.0, hi=1.0, unit="share",
                                           doc="productivity of a side-entrant in the first "
                                               "week (on-the-job training)",
                                           source="assumption (range 0.2-0.6)")
    side_entrant_ramp_weeks: float = param(52.0, lo=1.0, hi=260.0, unit="weeks",
                                           doc="weeks until a side-entrant is fully productive",
                                           source="assumption (range 26-104)")
    training_cost_per_side_entrant: float = param(8_000.0, lo=0.0, hi=100_000.0,
                                                  unit="EUR/hire",
                                                  doc="on-the-job training of a side-entrant",
                                                  source="assumption (range 4,000-15,000)")
    empty_wzc_places_to_respite: float = param(0.5, lo=0.0, hi=1.0, unit="share",
                                               doc="share of a WZC's empty places used "
                                                   "temporarily as short stay and day care "
                                                   "(neutral 0)", source="policy lever")
    workable_work_burnout_factor: float = param(0.8, lo=0.1, hi=1.0, unit="x",
                                                doc="burnout onset hazard under workable-work "
                                                    "measures (werkbaar werk; neutral 1)",
                                                source="assumption (range 0.6-1)")
    workable_work_leave_factor: float = param(0.85, lo=0.1, hi=1.0, unit="x",
                                              doc="leaving hazard under workable-work "
                                                  "measures (neutral 1)",
                                              source="assumption (range 0.7-1)")
    workable_work_cost_per_fte_year: float = param(600.0, lo=0.0, hi=20_000.0,
                                                   unit="EUR/FTE/year",
                                                   doc="cost of the measures per employed FTE",
                                                   source="assumption (range 200-1,500)")


@dataclass
class ZorgzameBuurtenConfig(PolicyConfig):
    """Caring neighbourhoods (zorgzame buurten): a coordinator per covered buurt.

    No published effect sizes exist (docs/figures.md §11: 132 projects, about 24,000 residents
    reached, qualitative evaluation only); every effect is an assumption with a range.
    """

    coverage: float = param(0.25, lo=0.0, hi=1.0, unit="share of buurten",
                            doc="share of buurten with a project (rounded, at least one buurt "
                                "above 0; neutral 0)",
                            source="policy lever")
    targeting: str = param("oldest", choices=("oldest", "poorest", "random"),
                           doc="which buurten first: oldest (highest share 65+), "
                               "poorest (lowest mean SES) or random",
                           source="policy lever")
    buurten: list[int] = param([], lo=1, hi=100_000, unit="buurt number",
                               doc="explicit buurten to cover (1-based, at most the number of "
                                   "buurten); overrides coverage",
                               source="policy lever")
    coordinator_fte: float = param(0.5, lo=0.0, hi=5.0, unit="FTE per buurt",
                                   doc="neighbourhood care coordinator (buurtzorgcoordinator)",
                                   source="assumption (range 0.2-1)")
    coordinator_cost_per_fte_year: float = param(58_000.0, lo=0.0, hi=200_000.0,
                                                 unit="EUR/FTE/year",
                                                 doc="employer cost of the coordinator",
                                                 source="assumption: as costs."
                                                        "staff_cost_per_fte_year")
    running_cost_per_year: float = param(10_000.0, lo=0.0, hi=200_000.0,
                                         unit="EUR/buurt/year",
                                         doc="meeting place, activities, volunteer expenses",
                                         source="assumption (range 5,000-20,000)")
    ties_per_year: float = param(30.0, lo=0.0, hi=1000.0, unit="ties/buurt/year at 1 FTE",
                                 doc="new neighbour ties the coordinator brokers, between "
                                     "residents in need and neighbours (scaled by FTE)",
                                 source="assumption (range 0-100)")
    volunteer_hours: float = param(15.0, lo=0.0, hi=500.0, unit="h/week per buurt",
                                   doc="small help (household, company) volunteers give "
                                       "residents with open hours",
                                   source="assumption (range 0-60)")
    neighbour_willingness_factor: float = param(2.0, lo=1.0, hi=10.0, unit="x",
                                                doc="willingness of neighbour and friend ties "
                                                    "to care, in covered buurten (neutral 1)",
                                                source="assumption (range 1-4)")
    outreach_prob: float = param(0.05, lo=0.0, hi=1.0, unit="1/week",
                                 doc="chance a week that the coordinator finds a resident "
                                     "with unmet need and refers her to home care (neutral 0)",
                                 source="assumption (range 0-0.2)")
    outreach_low_ses_factor: float = param(2.0, lo=1.0, hi=10.0, unit="x",
                                           doc="outreach multiplier for the lowest SES "
                                               "quintile, falling linearly to 1 for the "
                                               "highest (proportional universalism)",
                                           source="assumption (range 1-3)")
    lonely_odds: float = param(0.85, lo=0.1, hi=1.0, unit="odds ratio",
                               doc="odds of loneliness for adults in a covered buurt "
                                   "(meeting places, activities; neutral 1)",
                               source="assumption (range 0.7-1)")

    def check(self, run: Any) -> None:
        """Cross-field rule: listed buurten exist in the municipality."""
        n = run.municipality.n_buurten
        if self.buurten and max(self.buurten) > n:
            raise ConfigError("policies.zorgzame_buurten.buurten", self.buurten,
                              f"allowed: buurt numbers 1 to {n}")


@dataclass
class CarerSupportConfig(PolicyConfig):
    """Mantelzorgondersteuning (carer support): respite, leave, coaching and an allowance."""

    extra_respite: float = param(0.25, lo=0.0, hi=5.0, unit="share of capacity",
                                 doc="extra short-stay units and day-care places as a share "
                                     "of the municipality's (neutral 0); their use is paid "
                                     "per day like all respite (costs.*)",
                                 source="policy lever")
    care_leave_share: float = param(0.5, lo=0.0, hi=1.0, unit="share",
                                    doc="share of overloaded working carers who take paid "
                                        "care leave (zorgverlof) instead of cutting their job "
                                        "for good (neutral 0)",
                                    source="assumption (range 0.2-0.7)")
    care_leave_weeks: int = param(26, lo=1, hi=520, unit="weeks",
                                  doc="length of a care leave; paid work returns after it",
                                  source="assumption (range 12-52): thematic leave lasts "
                                         "months")
    care_leave_cost_per_fte_week: float = param(1_000.0, lo=0.0, hi=10_000.0,
                                                unit="EUR/week per FTE on leave",
                                                doc="leave allowance paid while on leave",
                                                source="assumption (range 500-1,500): a "
                                                       "thematic-leave allowance")
    coaching_uptake: float = param(0.05, lo=0.0, hi=1.0, unit="1/week",
                                   doc="chance a week that a carer whose burden is above half "
                                       "the overload threshold starts coaching (neutral 0)",
                                   source="assumption (range 0.01-0.2)")
    coaching_factor: float = param(0.7, lo=0.0, hi=1.0, unit="x",
                                   doc="burden growth of coached carers (neutral 1)",
                                   source="assumption (range 0.5-0.9)")
    coaching_cost_per_carer_year: float = param(400.0, lo=0.0, hi=10_000.0,
                                                unit="EUR/carer/year",
                                                doc="coaching of a carer who is caring",
                                                source="assumption (range 200-1,000)")
    allowance_willingness_factor: float = param(1.1, lo=1.0, hi=3.0, unit="x",
                                                doc="willingness of ties to take on care with "
                                                    "a carer allowance (mantelzorgpremie; "
                                                    "neutral 1)",
                                                source="assumption (range 1-1.3)")
    allowance_per_year: float = param(600.0, lo=0.0, hi=20_000.0, unit="EUR/carer/year",
                                      doc="allowance per carer of a resident with severe need",
                                      source="assumption (range 300-1,200): municipal "
                                             "mantelzorgpremies")


@dataclass
class PreventionConfig(PolicyConfig):
    """Preventie: programmes that slow the rise of care need, targeted by age and SES."""

    min_age: float = param(65.0, lo=0.0, hi=120.0, unit="years",
                           doc="youngest age reached", source="policy lever")
    reach: float = param(0.3, lo=0.0, hi=1.0, unit="share",
                         doc="share of the target group reached in a year, for the middle "
                             "SES quintile (neutral 0)", source="policy lever")
    ses_gradient: float = param(1.0, lo=0.0, hi=2.0, unit="x",
                                doc="proportional universalism: reach is (1 + gradient x "
                                    "(2 - quintile) / 4) times the base, so higher for low "
                                    "SES (0 = the same for all; at most 2)",
                                source="policy lever")
    lag_weeks: int = param(26, lo=0, hi=520, unit="weeks",
                           doc="weeks from being reached until the effect starts",
                           source="assumption (range 13-52)")
    # Before 2026-12-02: 0.15 (range 0.05-0.3), which implied a relative risk of WZC
    # admission of about 0.6 among the reached, far beyond the evidence.
    frailty_shift_per_year: float = param(0.02, lo=0.0, hi=2.0, unit="latent sd/year",
                                          doc="yearly fall of the latent frailty of a reached "
                                              "resident (fewer and later rises of need; "
                                              "neutral 0)",
                                          source="assumption (range 0-0.05), set from the "
                                                 "evidence on admission: 0.02 implies a "
                                                 "relative risk of WZC admission of about "
                                                 "0.93-0.97 among the reached, 0.05 about "
                                                 "0.85-0.9 (Beswick 2008 RR 0.87, the most "
                                                 "favourable), 0 the null of preventive "
                                                 "home visits (Mayo-Wilson 2014 RR 1.02; "
                                                 "Palapar 2024 no effect); docs/figures.md "
                                                 "§11")
    only_light_need: bool = param(True, doc="reach only residents with no or light need "
                                            "(level <= 1); false: any need level",
                                  source="policy lever: prevention before heavy need")
    cost_per_resident_year: float = param(150.0, lo=0.0, hi=10_000.0,
                                          unit="EUR/resident/year",
                                          doc="programme cost per reached resident living at "
                                              "home", source="assumption (range 50-500)")


@dataclass
class VoucherSubsidyConfig(PolicyConfig):
    """Sociale dienstencheque: a lower voucher price for older residents with low SES."""

    price_factor: float = param(0.5, lo=0.05, hi=5.0, unit="x",
                                doc="the net voucher price the targeted users pay, as a "
                                    "factor on the current EUR 7.20 (0.5: EUR 3.60; the "
                                    "rest is paid publicly; neutral 1; above 1 a surcharge)",
                                source="policy lever")
    quintiles: int = param(2, lo=1, hi=5, unit="SES quintiles",
                           doc="the lowest SES quintiles targeted (2: quintiles 1 and 2; 5: "
                               "everyone)", source="policy lever")
    under_65: bool = param(False, doc="also residents under 65 with a care need (false: "
                                      "only 65+)", source="policy lever")


@dataclass
class WzcProgrammingConfig(PolicyConfig):
    """Programmatie woonzorgcentra: more or fewer WZC places than today's norm."""

    places_factor: float = param(1.1, lo=0.1, hi=3.0, unit="x norm",
                                 doc="the WZC programming norm the homes re-size to, as a "
                                     "multiple of today's (1.1 = 10% more places; neutral 1)",
                                 source="policy lever (range 0.8-1.3): the Flemish "
                                        "programming was 1.34 times the recognised places "
                                        "in 2019 (docs/figures.md §3)")


@dataclass
class PoliciesConfig:
    """All policies; each is off unless ``policies.<name>.enabled`` is true."""

    extra_contingent: ExtraContingentConfig = field(default_factory=ExtraContingentConfig)
    crisis: CrisisConfig = field(default_factory=CrisisConfig)
    zorgzame_buurten: ZorgzameBuurtenConfig = field(default_factory=ZorgzameBuurtenConfig)
    flexible_norms: FlexibleNormsConfig = field(default_factory=FlexibleNormsConfig)
    carer_support: CarerSupportConfig = field(default_factory=CarerSupportConfig)
    prevention: PreventionConfig = field(default_factory=PreventionConfig)
    voucher_subsidy: VoucherSubsidyConfig = field(default_factory=VoucherSubsidyConfig)
    wzc_programming: WzcProgrammingConfig = field(default_factory=WzcProgrammingConfig)
