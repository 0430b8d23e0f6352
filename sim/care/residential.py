"""Residential care and respite: nursing homes, short stay, day care, local service centres.

DOMAIN.md mechanisms 3-7 and 10. Facilities are Mesa agents (a handful per municipality);
the residents they serve stay arrays.

* **Woonzorgcentrum (WZC, nursing home).** Residents in a WZC have their whole need covered
  as "residential" care. A WZC employs care and logistics staff through the workforce and
  may only admit while its *present* care staff (plus a counted share of logistics staff,
  a policy lever) meets the staffing norm (erkenningsnorm) for its occupancy plus the
  newcomer; the norm's FTE count staff on the payroll, so normal sickness absence is
  tolerated (``norm_present_share``). A freed place stays empty for some weeks before it
  is let again (frictional vacancy). Residents reach a WZC through one shared waiting
  list: they register when their need is high (with a weekly probability: not everyone
  wants a WZC) or, with a high probability, when the home situation breaks down (the last
  informal carer stopped, unmet need for weeks, a crisis). Admission order: breakdown
  first, then need, then dementia, then time waiting. An admission below the need
  threshold is counted as avoidable or early (mechanism 4). WZC workload (demand reported
  to the workforce) follows the residents and their need.
* **Kortverblijf (short stay).** Recipients whose carer is highly burdened get a spell of
  one to a few weeks in a short-stay unit; their open need is covered as residential care.
* **Dagverzorgingscentrum (day care).** Recipients at home with moderate or severe need
  (dementia first) attend a few days a week; personal care and supervision of those days
  come off the home demand. Short stay and day care relieve the informal carers
  (respijtzorg, mechanism 10).
* **Lokaal dienstencentrum (LDC, local service centre).** A meeting place for older
  residents of its buurten: visits lower loneliness, and staff notice visitors with open
  unmet need and signal them to home care (mechanism 7).

Facility counts are scaled to the municipality's residents aged 65+ from the Flemish supply
of 2021 (see ``ResidentialConfig``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim.config import ResidentialConfig
from sim.engine.ledger import CareWeek, task_mask
from sim.engine.levers import Action, Lever, LeverBoard
from sim.engine.metric import CARE_TABLES, Metric, events
from sim.engine.module import Module, Step, Week
from sim.engine.state import State, StateRegistry
from sim.engine.streams import keyed_uniform, stream_key
from sim.population.residents import HOME, NURSING_HOME, WOMAN, Population

if TYPE_CHECKING:
    from sim.care.workforce import Workforce

PUBLIC, NONPROFIT, FOR_PROFIT = "public", "non-profit", "for-profit"
INIT_BAND_EDGES = (65, 70, 75, 80, 85, 90, 95)  # bands of initial_share_*: 65-69 ... 95+
DAYS_PER_WEEK = 7.0
LDC_REFRESH_WEEKS = 4  # LDC candidates (age, living alone) are recounted every 4 weeks
_EPS = 1e-6
DAY_CARE_TASKS = task_mask(["personal", "supervision"])  # what a day-care centre takes on


def _split(total: int, parts: int) -> np.ndarray:
    """Split ``total`` into ``parts`` near-equal whole numbers (larger ones first)."""
    if parts <= 0:
        return np.zeros(0, np.int64)
    base = np.full(parts, total // parts, np.int64)
    base[: total - base.sum()] += 1
    return base


def _group_of(buurt_count: int, groups: int) -> np.ndarray:
    """Map buurt index to one of ``groups`` contiguous groups (facility catchments)."""
    if groups <= 0:
        return np.full(buurt_count, -1, np.int64)
    return (np.arange(buurt_count, dtype=np.int64) * groups) // buurt_count


def _rank_in_group(group: np.ndarray) -> np.ndarray:
    """Position of each element among the elements of its group, in array order."""
    if not len(group):
        return np.zeros(0, np.int64)
    order = np.argsort(group, kind="stable")
    g = group[order]
    start = np.r_[0, np.flatnonzero(np.diff(g)) + 1]
    first = np.repeat(start, np.diff(np.r_[start, len(g)]))
    rank = np.empty(len(group), np.int64)
    rank[order] = np.arange(len(g)) - first
    return rank


def _spread(total: int, k: int) -> np.ndarray:
    """``total`` units spread as evenly as possible over ``k`` facilities (first ones first)."""
    if k == 0:
        return np.zeros(0, np.int64)
    return np.full(k, total // k, np.int64) + (np.arange(k) < total % k)


def _take_by_capacity(group: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Mask of the elements (already in priority order) that fit their group's free slots."""
    if not len(group):
        return np.zeros(0, bool)
    ok = group >= 0
    rank = _rank_in_group(np.where(ok, group, 0))
    return ok & (rank < free[np.maximum(group, 0)])


def inclusion_probabilities(w: np.ndarray, k: float) -> np.ndarray:
    """Probabilities ``min(1, c w)`` that sum to ``k`` (capped weights are redistributed)."""
    w = np.asarray(w, float)
    pi = np.zeros(len(w))
    k = min(float(k), float(np.count_nonzero(w > 0)))
    if k <= 0:
        return pi
    order = np.argsort(-w, kind="stable")
    ws = w[order]
    tail = np.cumsum(ws[::-1])[::-1]  # tail[j] = sum of ws[j:]
    # the j largest weights are capped at 1; the rest share k - j in proportion to weight
    j = np.arange(min(int(np.ceil(k)), len(ws)))
    fits = (k - j) / np.maximum(tail[j], 1e-300) * ws[j] <= 1 + 1e-12
    cap = int(j[fits][0]) if fits.any() else len(j)
    pi[order[:cap]] = 1.0
    if cap < len(ws) and tail[cap] > 0:
        pi[order[cap:]] = np.minimum((k - cap) * ws[cap:] / tail[cap], 1.0)
    return pi


# -------------------------------------------------------------------------------------------
# Facilities (Mesa agents)
# -------------------------------------------------------------------------------------------


LEVERS = (
    Lever("respite.open", True, "open", "all",
          "whether short stay and day care are open (a crisis closes them; users go home)"),
    Lever("respite.extra_short_stay_units", 0, "units", "add",
          "extra short-stay units, spread over the centres (carer support, empty WZC places)"),
    Lever("respite.extra_day_care_users", 0, "users a week", "add",
          "extra day-care users a week, spread over the centres"),
    Lever("nursing_homes.logistics_toward_norm", 0.0, "share", "add",
          "extra share of present logistics FTE that counts toward the care-staff norm "
          "(capped at 1 with the homes' own share)"),
)


class NursingHome(mesa.Agent):
    """A woonzorgcentrum: places, two workforce employers, a staffing norm.

    Its state that changes weekly (occupancy) lives in :class:`Residential`'s arrays so the
    weekly steps stay vectorised; the properties here read it.

    Args:
        model: The Mesa model.
        site: The residential module that owns the per-resident arrays.
        index: Position of this WZC in the module's arrays (residents' ``wzc`` value).
        places: Licensed places.
        ownership: "public", "non-profit" or "for-profit" (sets the norm).
        norm_fte_per_30: Care FTE on the payroll required per 30 residents.
        norm_present_share: Share of the norm's FTE that must be present this week.
        care_employer: Workforce employer id of its care staff (``wzc_care``).
        logistics_employer: Workforce employer id of its logistics staff (``wzc_logistics``).
        logistics_count_share: Share of present logistics FTE counted toward the norm.
    """

    def __init__(self, model: mesa.Model, *, site: Residential, index: int, places: int,
                 ownership: str, norm_fte_per_30: float, norm_present_share: float,
                 care_employer: int,
                 logistics_employer: int, logistics_count_share: float) -> None:
        super().__init__(model)
        self.site, self.index = site, index
        self.name = f"WZC {index + 1}"
        self.places = int(places)
        self.ownership = ownership
        self.norm_fte_per_30 = float(norm_fte_per_30)
        self.norm_present_share = float(norm_present_share)
        self.care_employer = care_employer
        self.logistics_employer = logistics_employer
        self.logistics_count_share = float(logistics_count_share)

    @property
    def occupancy(self) -> int:
        """Residents living here now."""
        return int(self.site.occupancy[self.index])

    @property
    def held(self) -> int:
        """Freed places not yet re-let (frictional vacancy)."""
        return int(self.site.held[self.index])

    @property
    def waiting(self) -> np.ndarray:
        """Ids on the WZC waiting list.

        One list is shared by all WZC of the municipality: people register with every home
        in town.
        """
        return self.site.waiting_list()

    @property
    def residents(self) -> np.ndarray:
        """Ids of the residents living here (a scan: for inspection, not weekly use)."""
        return np.flatnonzero(self.site.wzc == self.index)

    def set_places(self, places: int) -> None:
        """Change the licensed places (a policy) and re-target staff to them.

        Residents above the new number are not moved out; the home admits nobody until
        occupancy is below its places again.
        """
        self.places = int(places)
        care, logistics = self.site.staff_targets(self.places, self.norm_fte_per_30)
        self.site.workforce.set_target(self.care_employer, care)
        self.site.workforce.set_target(self.logistics_employer, logistics)

    @property
    def logistics_share(self) -> float:
        """Share of present logistics FTE counted toward the norm (own setting plus lever)."""
        levers = self.site.levers
        if not levers.is_set("nursing_homes.logistics_toward_norm"):
            return self.logistics_count_share
        return min(self.logistics_count_share
                   + levers.value("nursing_homes.logistics_toward_norm"), 1.0)

    def counted_fte(self) -> float:
        """Present care FTE plus the counted share of present logistics FTE."""
        wf = self.site.workforce
        fte = float(wf.present_fte(self.care_employer))
        share = self.logistics_share
        if share > 0:
            fte += share * float(wf.present_fte(self.logistics_employer))
        return fte

    def required_fte(self, residents: int) -> float:
        """Present care FTE the norm requires for ``residents`` residents."""
        return self.norm_fte_per_30 * self.norm_present_share * residents / 30.0

    def meets_norm(self) -> bool:
        """Whether present staff meets the norm for the current occupancy plus one admission."""
        return self.counted_fte() + _EPS >= self.required_fte(self.occupancy + 1)

    def admissible(self) -> int:
        """How many residents it may admit now: free places ready to let, bounded by the norm."""
        free = self.places - self.occupancy - self.held
        if free <= 0:
            return 0
        per_resident = self.required_fte(1)
        if per_resident <= 0:
            return free
        by_norm = int(np.floor(self.counted_fte() / per_resident + _EPS))
        return max(0, min(free, by_norm - self.occupancy))


class ShortStay(mesa.Agent):
    """A kortverblijf centre: a few units for respite spells of one to a few weeks.

    Args:
        model: The Mesa model.
        site: The residential module.
        index: Position in the module's arrays.
        capacity: Units (one user each).
    """

    def __init__(self, model: mesa.Model, *, site: Residential, index: int,
                 capacity: int) -> None:
        super().__init__(model)
        self.site, self.index = site, index
        self.name = f"short stay {index + 1}"
        self.capacity = int(capacity)

    @property
    def users(self) -> int:
        """Units in use."""
        return int(self.site.short_stay_count[self.index])


class DayCareCentre(mesa.Agent):
    """A dagverzorgingscentrum: places per opening day, users attending some days a week.

    Args:
        model: The Mesa model.
        site: The residential module.
        index: Position in the module's arrays.
        capacity: Places per opening day.
        open_days: Opening days per week.
        days_per_user: Days a week each user attends.
    """

    def __init__(self, model: mesa.Model, *, site: Residential, index: int, capacity: int,
                 open_days: int, days_per_user: int) -> None:
        super().__init__(model)
        self.site, self.index = site, index
        self.name = f"day care {index + 1}"
        self.capacity = int(capacity)
        self.open_days, self.days_per_user = int(open_days), int(days_per_user)

    @property
    def weekly_users(self) -> int:
        """Users it can enrol: place-days per week over days per user."""
        return (self.capacity * self.open_days) // max(self.days_per_user, 1)

    @property
    def users(self) -> int:
        """Enrolled users."""
        return int(self.site.day_care_count[self.index])


class LocalServiceCentre(mesa.Agent):
    """A lokaal dienstencentrum serving a group of buurten.

    Args:
        model: The Mesa model.
        index: Position in the module's arrays.
        buurten: Buurt indices in its catchment.
        capacity: Visitors it can receive per week.
    """

    def __init__(self, model: mesa.Model, *, index: int, buurten: np.ndarray,
                 capacity: int) -> None:
        super().__init__(model)
        self.index = index
        self.name = f"LDC {index + 1}"
        self.buurten = np.asarray(buurten, np.int64)
        self.capacity = int(capacity)
        self.visitors = 0
        self.signalled = 0


# -------------------------------------------------------------------------------------------
# The module
# -------------------------------------------------------------------------------------------


class Residential(Module):
    """Nursing homes, short stay, day care and local service centres of a municipality.

    Args:
        model: The Mesa model (facilities are its agents).
        cfg: Residential parameters.
        pop: The population (``dwelling`` is written on admission).
        workforce: The workforce; each WZC registers a care and a logistics employer.
        rng: The "residential" random stream.
        n_buurten: Number of buurten (catchments of day care and service centres).

    Attributes:
        homes, short_stays, day_cares, centres: The facility agents.
        wzc: (n,) int32 index of a resident's WZC, -1 if none.
        waiting_since: (n,) int32 week a resident joined the WZC waiting list, -1 if not on it.
        breakdown_week: (n,) int32 week of a waiter's last breakdown signal, -1 if none.
        urgent: (n,) bool (property), on the list with a breakdown signal in the last
            ``urgent_weeks`` weeks (admitted first).
        short_stay_until: (n,) int32 last week of a short-stay spell, -1 if none.
        short_stay_centre: (n,) int32 short-stay centre of the spell, -1 if none.
        day_care: (n,) bool enrolled in day care; ``day_care_centre`` (n,) int32 its centre.
        occupancy: (homes,) int64 residents per WZC.
        held: (homes,) int64 freed places not yet let again (frictional vacancy).
        admitted, avoidable, admitted_urgent, referred, referred_breakdown, withdrawn,
            discharged, short_stay_started: Ids of this week's events.
        waits: int32 waiting times (weeks) of this week's admissions, aligned with admitted.
        visited, signalled: (n,) bool, this week's LDC visitors and those signalled.
        relief: (n,) float32 respite hours this week (short stay and day care).
    """

    name = "residential"
    metrics = (
        Metric("in_nursing_home", "residents", "Residents living in a nursing home (WZC)",
               tables=CARE_TABLES),
        Metric("waiting_nursing_home", "residents", "Residents on a nursing-home waiting list",
               tables=CARE_TABLES),
        Metric("referrals", "residents", "Residents registering on a nursing-home waiting "
               "list this week (demand for a place)", kind="flow", tables=CARE_TABLES),
        Metric("admissions", "residents", "Nursing-home admissions this week", kind="flow",
               tables=CARE_TABLES),
        Metric("admissions_avoidable", "residents", "Admissions below the need threshold "
               "(avoidable or early)", kind="flow", tables=CARE_TABLES),
        Metric("wzc_places", "places", "Nursing-home (WZC) places", tables=("system",)),
        Metric("wzc_occupied", "residents", "Nursing-home places occupied", tables=("system",)),
        Metric("wzc_waiting", "residents", "Residents on a nursing-home waiting list",
               tables=("system",)),
        Metric("wzc_admissions", "residents", "Nursing-home admissions this week",
               kind="flow", tables=("system",)),
        Metric("wzc_wait_weeks", "weeks", "Summed waiting time of this week's admissions "
               "(divide by admissions for the mean)", kind="flow", tables=("system",)),
        Metric("wzc_below_norm", "homes", "Nursing homes below their staffing norm (cannot "
               "admit)", tables=("system",)),
        Metric("short_stay_users", "residents", "Residents in short stay (kortverblijf)",
               tables=("system",)),
        Metric("day_care_users", "residents", "Residents enrolled in day care",
               tables=("system",)),
        Metric("ldc_visitors", "residents", "Visitors of local service centres (LDC) this "
               "week", kind="flow", tables=("system",)),
    )
    states = (
        State("wzc", np.int32, fill=-1, doc="nursing home (WZC) she lives in, -1 none"),
        State("waiting_since", np.int32, fill=-1, doc="week she registered on the WZC "
              "waiting list, -1 not waiting", unit="week"),
        State("breakdown_week", np.int32, fill=-1, doc="week of a breakdown of care at home "
              "(urgent admission), -1 none", unit="week"),
        State("short_stay_until", np.int32, fill=-1, doc="last week of her short-stay spell, "
              "-1 none", unit="week"),
        State("short_stay_centre", np.int32, fill=-1, doc="short-stay centre, -1 none"),
        State("day_care", bool, doc="enrolled in day care"),
        State("day_care_centre", np.int32, fill=-1, doc="day-care centre, -1 none"),
        State("relief", np.float32, doc="respite hours this week", unit="h/week"),
        State("visited", bool, doc="visited a local service centre this week"),
        State("signalled", bool, doc="signalled to home care this week"),
    )

    def __init__(self, model: mesa.Model, cfg: ResidentialConfig, pop: Population,
                 workforce: Workforce, *, rng: np.random.Generator, n_buurten: int,
                 levers: LeverBoard | None = None, states: StateRegistry | None = None
                 ) -> None:
        cfg.check(None)
        self.model, self.cfg, self.pop, self.workforce, self.rng = model, cfg, pop, workforce, rng
        self.levers = levers = LeverBoard() if levers is None else levers
        levers.declare(*LEVERS)
        levers.watch("respite.open", self._respite_switched)
        levers.provide(Action("service_centres.signal", "residents found with unmet need are "
                              "signalled to home care, as a service-centre worker would"),
                       self.signal)
        for name, doc, fn in (
            ("residential.empty_places", "WZC places free and ready to let now",
             self.empty_places),
            ("residential.days_this_week", "days this week in a WZC, short stay and day care "
             "(a function of resident ids)", lambda: self.days_this_week),
            ("residential.care_employers", "employers of the WZC care staff",
             lambda: [h.care_employer for h in self.homes]),
            ("respite.short_stay_units", "short-stay units of the town",
             lambda: sum(s.capacity for s in self.short_stays)),
            ("respite.day_care_user_slots", "day-care users a week the centres can take",
             lambda: sum(d.weekly_users for d in self.day_cares)),
            ("respite.day_care_users_per_place", "day-care users a week per place",
             lambda: (self.day_cares[0].open_days / max(self.day_cares[0].days_per_user, 1)
                      if self.day_cares else 0.0)),
        ):
            levers.provide_view(name, doc, fn)
        # Per-resident weekly chances (referrals, respite, local service centres) are keyed
        # draws (keyed_uniform): paired scenarios stay aligned.
        self._keys = {k: stream_key(rng) for k in (
            "referral", "breakdown", "short_stay", "short_stay_weeks", "day_care_quit",
            "day_care_uptake", "ldc_visit", "ldc_order", "ldc_detect")}
        self.n_buurten = int(n_buurten)
        self._own_states = states is None
        self.registry = StateRegistry(pop.n) if states is None else states
        self.register_states(self.registry)
        self.week = -1
        self._attending = np.zeros(0, np.int64)
        self._ldc_cache: tuple | None = None
        self._clear_events()
        n65 = int(np.count_nonzero(pop.alive & (pop.age >= 65)))
        self.n65_at_start = n65
        self._build_homes(n65)
        self._build_respite(n65)
        self._build_centres(n65)

    def _u(self, purpose: str, week: int, ids: np.ndarray) -> np.ndarray:
        """One uniform per resident and week for ``purpose`` (keyed: paired runs align)."""
        return keyed_uniform(self._keys[purpose], week, ids)

    # -- construction -----------------------------------------------------------------------

    def _build_homes(self, n65: int) -> None:
        cfg, wf = self.cfg, self.workforce
        total = int(round(n65 * cfg.wzc_places_per_1000_65plus / 1000.0))
        k = max(1, int(round(total / cfg.wzc_places_per_home))) if total > 0 else 0
        u = self.rng.random(k)
        self.homes: list[NursingHome] = []
        for i, places in enumerate(_split(total, k)):
            if u[i] < cfg.wzc_public_share:
                owner, norm = PUBLIC, cfg.norm_fte_per_30_public
            elif u[i] < cfg.wzc_public_share + cfg.wzc_for_profit_share:
                owner, norm = FOR_PROFIT, cfg.norm_fte_per_30_for_profit
            else:
                owner, norm = NONPROFIT, cfg.norm_fte_per_30_nonprofit
            care_fte, logistics_fte = self.staff_targets(int(places), norm)
            care = wf.add_employer(f"WZC {i + 1} care", "wzc_care", care_fte)
            logistics = wf.add_employer(f"WZC {i + 1} logistics", "wzc_logistics", logistics_fte)
            self.homes.append(NursingHome(
                self.model, site=self, index=i, places=int(places), ownership=owner,
                norm_fte_per_30=norm, norm_present_share=cfg.norm_present_share,
                care_employer=care, logistics_employer=logistics,
                logistics_count_share=cfg.logistics_count_share))
        self.occupancy = np.zeros(k, np.int64)
        self._hold_until = np.zeros(0, np.int64)  # week from which a freed place is let again
        self._hold_home = np.zeros(0, np.int64)
        self.held = np.zeros(k, np.int64)
        self._logistics_hours_per_resident = np.zeros(k)

    def staff_targets(self, places: int, norm_fte_per_30: float) -> tuple[float, float]:
        """Target care and logistics FTE of a WZC with ``places`` places.

        Care: the norm at full occupancy plus the absence margin. Logistics: all staff per
        place minus the care target (never below zero).
        """
        cfg = self.cfg
        care = norm_fte_per_30 * places / 30.0 * (1.0 + cfg.wzc_care_margin)
        logistics = max(cfg.wzc_staff_fte_per_place * places - care, 0.0)
        return care, logistics

    def _build_respite(self, n65: int) -> None:
        cfg = self.cfg
        units = int(round(n65 * cfg.short_stay_units_per_1000_65plus / 1000.0))
        if cfg.short_stay_units_per_1000_65plus > 0 and n65 > 0:
            units = max(units, 1)  # a unit nearby (possibly in a neighbouring town)
        k = max(1, int(round(units / cfg.short_stay_units_per_centre))) if units > 0 else 0
        self.short_stays = [ShortStay(self.model, site=self, index=i, capacity=int(c))
                            for i, c in enumerate(_split(units, k))]
        self.short_stay_count = np.zeros(k, np.int64)
        k = int(round(n65 * cfg.day_care_centres_per_1000_65plus / 1000.0))
        if cfg.day_care_centres_per_1000_65plus > 0 and n65 > 0:
            k = max(k, 1)
        k = min(k, self.n_buurten)
        self.day_cares = [DayCareCentre(self.model, site=self, index=i,
                                        capacity=int(round(cfg.day_care_places)),
                                        open_days=cfg.day_care_open_days,
                                        days_per_user=cfg.day_care_days_per_week)
                          for i in range(k)]
        self.day_care_count = np.zeros(k, np.int64)
        self.day_care_of_buurt = _group_of(self.n_buurten, k)

    def _build_centres(self, n65: int) -> None:
        cfg = self.cfg
        k = int(round(n65 * cfg.ldc_per_1000_65plus / 1000.0))
        if cfg.ldc_per_1000_65plus > 0 and n65 > 0:
            k = max(k, 1)
        k = min(k, self.n_buurten)
        self.ldc_of_buurt = _group_of(self.n_buurten, k)
        self.centres = [LocalServiceCentre(self.model, index=i,
                                           buurten=np.flatnonzero(self.ldc_of_buurt == i),
                                           capacity=int(round(cfg.ldc_weekly_visitors)))
                        for i in range(k)]

    # -- capacities (read from the agents, so a policy may change them) ----------------------

    @property
    def places(self) -> np.ndarray:
        """Places per WZC."""
        return np.array([h.places for h in self.homes], np.int64)

    @property
    def respite_open(self) -> bool:
        """Whether short stay and day care are open (lever ``respite.open``)."""
        return bool(self.levers.value("respite.open"))

    def _short_stay_capacity(self) -> np.ndarray:
        cap = np.array([s.capacity for s in self.short_stays], np.int64)
        extra = self.levers.value("respite.extra_short_stay_units")
        return (cap + _spread(extra, len(cap))) * self.respite_open

    def _day_care_capacity(self) -> np.ndarray:
        cap = np.array([d.weekly_users for d in self.day_cares], np.int64)
        extra = self.levers.value("respite.extra_day_care_users")
        return (cap + _spread(extra, len(cap))) * self.respite_open

    def _ldc_capacity(self) -> np.ndarray:
        return np.array([c.capacity for c in self.centres], np.int64)

    # -- start ------------------------------------------------------------------------------

    def initialise(self) -> None:
        """Fill the WZC to the initial occupancy with residents 65+ drawn by age, sex, need.

        Each age band and sex (cell) is expected to hold the published share of its
        residents in a WZC, scaled so that the cells add up to the residents the places
        hold. Within a cell, the chance of each resident is proportional to a need and
        dementia weight (capped at 1). The exact number of residents is then drawn with
        these inclusion probabilities (Pareto order sampling, Rosen 1997) and spread at
        random over the WZC.
        """
        cfg, pop = self.cfg, self.pop
        fill = np.floor(cfg.wzc_initial_occupancy * self.places + 0.5).astype(np.int64)
        total = int(fill.sum())
        cand = np.flatnonzero(pop.alive & (pop.age >= INIT_BAND_EDGES[0]) & (self.wzc < 0))
        if total == 0 or not len(cand):
            return
        band = np.searchsorted(INIT_BAND_EDGES, pop.age[cand], side="right") - 1
        woman = pop.sex[cand] == WOMAN
        rate = np.where(woman, np.asarray(cfg.initial_share_women)[band],
                        np.asarray(cfg.initial_share_men)[band])
        f = np.asarray(cfg.initial_need_weight, float)[pop.need[cand]]
        f = f * np.where(pop.dementia[cand], cfg.initial_dementia_weight, 1.0)
        cell = band * 2 + woman
        count = np.bincount(cell, minlength=14)
        expected = np.bincount(cell, weights=rate, minlength=14)  # rate x count per cell
        expected *= total / max(expected.sum(), 1e-12)
        pi = np.zeros(len(cand))
        for c in np.flatnonzero(count):
            members = np.flatnonzero(cell == c)
            pi[members] = inclusion_probabilities(f[members], expected[c])
        total = min(total, int(np.count_nonzero(pi > 0)))
        u = self.rng.random(len(cand))
        with np.errstate(divide="ignore"):
            keys = (u / (1 - u)) / (pi / (1 - np.minimum(pi, 1 - 1e-12)))
        chosen = cand[np.argpartition(keys, total - 1)[:total]] if total else cand[:0]
        chosen = self.rng.permutation(np.sort(chosen))
        home = np.repeat(np.arange(len(self.homes)), fill)[: len(chosen)]
        self._move_in(chosen, home)
        # Logistics work grows with residents: the hours the initial logistics staff give per
        # initial resident (their workload is 1 at the start).
        wf = self.workforce
        self._logistics_hours_per_resident = np.array(
            [wf.available_hours(h.logistics_employer) / max(h.occupancy, 1) for h in self.homes])
        # The places left free at the start are being re-let: each becomes available at a
        # random week within the vacancy period.
        free = self.places - self.occupancy
        idle = np.repeat(np.arange(len(self.homes)), np.maximum(free, 0))
        weeks = max(int(round(cfg.wzc_vacancy_weeks)), 0)
        self._hold(idle, self.rng.integers(0, 2 * weeks, len(idle)) if weeks else
                   np.zeros(len(idle), np.int64))

    def _hold(self, home: np.ndarray, until: np.ndarray) -> None:
        """Keep freed places of ``home`` empty until week ``until`` (exclusive)."""
        later = np.asarray(until, np.int64) > max(self.week, 0)
        home, until = np.asarray(home, np.int64)[later], np.asarray(until, np.int64)[later]
        if not len(home):
            return
        self._hold_home = np.concatenate([self._hold_home, np.asarray(home, np.int64)])
        self._hold_until = np.concatenate([self._hold_until, np.asarray(until, np.int64)])
        self.held = np.bincount(self._hold_home, minlength=len(self.homes))

    def _release_held(self, week: int) -> None:
        keep = self._hold_until > week
        if not keep.all():
            self._hold_home, self._hold_until = self._hold_home[keep], self._hold_until[keep]
            self.held = np.bincount(self._hold_home, minlength=len(self.homes))

    def _free_places(self, home: np.ndarray) -> None:
        """Places freed by leavers: occupancy falls and each place is held for re-letting."""
        if not len(home):
            return
        self.occupancy -= np.bincount(home, minlength=len(self.homes))
        mean = float(self.cfg.wzc_vacancy_weeks)
        if mean > 0:
            wait = self.rng.geometric(1.0 / (mean + 1.0), len(home)) - 1  # mean = vacancy
            self._hold(home, max(self.week, 0) + wait)

    def _move_in(self, ids: np.ndarray, home: np.ndarray) -> None:
        self.wzc[ids] = home
        self.pop.dwelling[ids] = NURSING_HOME
        self.occupancy += np.bincount(home, minlength=len(self.homes))
        self.waiting_since[ids] = -1
        self.breakdown_week[ids] = -1
        self._end_short_stay(ids)
        self._end_day_care(ids)

    # -- weekly: residents -------------------------------------------------------------------

    weekly_steps = (
        Step("residents", "residents_step", "nursing-home residents' hours are covered in "
             "their home; staff demand is reported", reads=("care",)),
        Step("respite", "respite_step", "short stay and day care relieve carers",
             reads=("care",), writes=("relief",)),
        Step("service_centres", "centres_step", "visits to local service centres; visitors "
             "with unmet need are signalled to home care", reads=("care",),
             writes=("visited", "signalled")),
        Step("admissions", "admissions_step", "registrations on the waiting list and "
             "admissions into nursing homes", reads=("care", "lost_carer", "crisis",
                                                     "persistent"), writes=("admitted",)),
    )

    def active_residents(self, care: CareWeek) -> tuple[np.ndarray, None]:
        """Residents with a residential metric this week (in a WZC, waiting, just moved)."""
        mask = (self.waiting_since >= 0) | (self.pop.dwelling == NURSING_HOME)
        mask[self.admitted] = True
        mask[self.referred] = True
        return mask, None

    def care_metrics(self, idx: np.ndarray, care: CareWeek) -> dict[str, object]:
        """This week's residential metrics of residents ``idx`` (events as ``(ids, None)``)."""
        alive = self.pop.alive
        return {
            "in_nursing_home": self.pop.dwelling[idx] == NURSING_HOME,
            "waiting_nursing_home": self.waiting_since[idx] >= 0,
            "referrals": events(self.referred, alive), "admissions": events(self.admitted, alive),
            "admissions_avoidable": events(self.avoidable, alive),
        }

    def system_metrics(self) -> dict[str, float]:
        """This week's figures of the nursing homes, respite and service centres."""
        return {
            "wzc_places": float(sum(h.places for h in self.homes)),
            "wzc_occupied": float(sum(h.occupancy for h in self.homes)),
            "wzc_waiting": float(len(self.waiting_list())),
            "wzc_admissions": float(len(self.admitted)),
            "wzc_wait_weeks": float(np.sum(self.waits)),
            "wzc_below_norm": float(sum(not h.meets_norm() for h in self.homes)),
            "short_stay_users": float(sum(s.users for s in self.short_stays)),
            "day_care_users": float(sum(d.users for d in self.day_cares)),
            "ldc_visitors": float(self.visited.sum()),
        }

    def residents_step(self, w: Week) -> None:
        """Plan step: cover nursing-home residents."""
        self.cover_residents(w.care)

    def respite_step(self, w: Week) -> None:
        """Plan step: respite, for carers by their burden (a view of informal care)."""
        w.relief = self.respite(w.care, carer_burden=self.levers.view("informal.carer_burden"))

    def centres_step(self, w: Week) -> None:
        """Plan step: local service centres (loneliness is a view of consequences)."""
        self.service_centres(self.levers.view("consequences.lonely"), care=w.care)
        w.visited, w.signalled = self.visited, self.signalled

    def admissions_step(self, w: Week) -> None:
        """Plan step: the waiting list and admissions."""
        w.admitted = self.admissions(w.week, lost_carer=w.lost_carer,
                                     persistent_unmet=w.persistent, crisis=w.crisis,
                                     care=w.care)

    def cover_residents(self, care: CareWeek) -> None:
        """Cover WZC residents' whole open need as "residential"; report the WZC workload.

        Reads the ledger's open hours and ``wzc``; writes the ledger and reports, per WZC,
        care demand (base hours per resident + residents' needed hours x staff hours per
        need hour) and logistics demand (the initial logistics hours per resident x current
        occupancy) to the workforce.
        """
        self.week = care.week
        res = np.flatnonzero(self.wzc >= 0)
        if len(res):
            care.cover_all("residential", res)
        self.report_demand(care.need, res)

    def report_demand(self, need: np.ndarray, res: np.ndarray | None = None) -> None:
        """Report this week's care and logistics demand (hours) of every WZC to the workforce.

        Args:
            need: (n,) hours needed this week per resident.
            res: Ids living in a WZC (computed when omitted).
        """
        if res is None:
            res = np.flatnonzero(self.wzc >= 0)
        k = len(self.homes)
        # (float even when nobody lives in a WZC: bincount of nothing gives integers)
        hours = np.bincount(self.wzc[res], weights=need[res], minlength=k).astype(np.float64)
        hours *= self.cfg.wzc_staff_hours_per_need_hour
        hours += self.cfg.wzc_base_hours_per_resident * self.occupancy
        wf = self.workforce
        logistics = self._logistics_hours_per_resident * self.occupancy
        for h in self.homes:
            wf.report_demand(h.care_employer, float(hours[h.index]))
            wf.report_demand(h.logistics_employer, float(logistics[h.index]))

    # -- weekly: respite ---------------------------------------------------------------------

    def respite(self, care: CareWeek, *, carer_burden: np.ndarray) -> np.ndarray:
        """Short stay and day care for recipients living at home; return respite hours.

        Short stay: spells end after their last week; recipients whose most burdened carer
        is above the threshold ask with a weekly probability and get a free unit (highest
        burden first) for a spell of one to a few weeks; all their open need is covered.
        Day care: users quit with a weekly probability or when their need falls below the
        minimum; eligible residents ask with a weekly probability and are enrolled into
        free slots of their buurt's centre, then any centre (dementia first, then need, then
        carer burden); users not in short stay receive ``days x hours per day`` of personal
        care and supervision.

        Args:
            care: The week's ledger (after self-care and WZC residents).
            carer_burden: (n,) highest burden among each recipient's informal carers.

        Returns:
            (n,) float32 respite hours this week per recipient (0 for non-users).
        """
        cfg, pop, rng = self.cfg, self.pop, self.rng
        week = care.week
        self.week = week
        # Candidates: living at home, old enough, with enough need (a small subset).
        pool = np.flatnonzero(pop.need >= min(cfg.short_stay_min_need, cfg.day_care_min_need))
        pool = pool[pop.alive[pool] & (self.wzc[pool] < 0) & (pop.dwelling[pool] != NURSING_HOME)
                    & (pop.age[pool] >= cfg.min_age)]
        # Short stay: end finished spells, start new ones.
        ended = np.flatnonzero((self.short_stay_until >= 0) & (self.short_stay_until < week))
        self._end_short_stay(ended)
        cand = pool[(carer_burden[pool] >= cfg.short_stay_burden_threshold)
                    & (self.short_stay_until[pool] < 0)
                    & (pop.need[pool] >= cfg.short_stay_min_need)]
        cand = cand[self._u("short_stay", week, cand) < cfg.short_stay_prob]
        free = self._short_stay_capacity() - self.short_stay_count
        self.short_stay_started = cand[:0]
        if len(cand) and free.sum() > 0:
            cand = cand[np.argsort(-carer_burden[cand], kind="stable")]
            slots = rng.permutation(np.repeat(np.arange(len(free)), np.maximum(free, 0)))
            start = cand[: len(slots)]
            lo, hi = (int(round(x)) for x in cfg.short_stay_weeks)
            span = (self._u("short_stay_weeks", week, start) * (hi - lo + 1)).astype(np.int64)
            self.short_stay_until[start] = week + lo + span - 1
            self.short_stay_centre[start] = slots[: len(start)]
            self.short_stay_count += np.bincount(slots[: len(start)], minlength=len(free))
            self.short_stay_started = start
        ss = np.flatnonzero(self.short_stay_until >= week)
        # Day care: quits, then enrolment into free slots.
        users = np.flatnonzero(self.day_care)
        leave = users[(self._u("day_care_quit", week, users) < cfg.day_care_quit)
                      | (pop.need[users] < cfg.day_care_min_need) | ~pop.alive[users]
                      | (self.wzc[users] >= 0) | (pop.dwelling[users] == NURSING_HOME)]
        self._end_day_care(leave)
        self._enrol_day_care(pool[~self.day_care[pool]
                                  & (pop.need[pool] >= cfg.day_care_min_need)], carer_burden)
        attend = np.flatnonzero(self.day_care)
        attend = attend[self.short_stay_until[attend] < week]
        self._attending = attend
        # Book both in one pass over the ledger.
        relief = np.zeros(pop.n, np.float32)
        if len(ss):
            relief[ss] = care.cover_all("residential", ss)
        if len(attend):
            offer = np.float32(cfg.day_care_days_per_week * cfg.day_care_hours_per_day)
            relief[attend] = care.give("residential", DAY_CARE_TASKS,
                                       np.full(len(attend), offer), attend)
        self.relief = relief
        return relief

    def _enrol_day_care(self, cand: np.ndarray, carer_burden: np.ndarray) -> None:
        cfg, pop = self.cfg, self.pop
        if not self.day_cares:
            return
        cand = cand[self._u("day_care_uptake", self.week, cand) < cfg.day_care_uptake]
        if not len(cand):
            return
        cand = cand[np.lexsort((-carer_burden[cand], -pop.need[cand].astype(np.int64),
                                ~pop.dementia[cand]))]
        for local in (True, False):
            free = np.maximum(self._day_care_capacity() - self.day_care_count, 0)
            if not free.sum() or not len(cand):
                return
            if local:
                centre = self.day_care_of_buurt[pop.buurt[cand]]
            else:  # the rest go to any centre with room left, in priority order
                centre = np.full(len(cand), -1, np.int64)
                slots = np.repeat(np.arange(len(free)), free)
                centre[: len(slots)] = slots[: len(cand)]
            take = _take_by_capacity(centre, free)
            ids = cand[take]
            self.day_care[ids] = True
            self.day_care_centre[ids] = centre[take]
            self.day_care_count += np.bincount(centre[take], minlength=len(free))
            cand = cand[~take]

    def _end_short_stay(self, ids: np.ndarray) -> None:
        ids = np.asarray(ids, np.int64)
        ids = ids[self.short_stay_centre[ids] >= 0]
        if len(ids):
            self.short_stay_count -= np.bincount(self.short_stay_centre[ids],
                                                 minlength=len(self.short_stays))
        self.short_stay_until[ids] = -1
        self.short_stay_centre[ids] = -1

    def _end_day_care(self, ids: np.ndarray) -> None:
        ids = np.asarray(ids, np.int64)
        ids = ids[self.day_care[ids]]
        if len(ids):
            self.day_care_count -= np.bincount(self.day_care_centre[ids],
                                               minlength=len(self.day_cares))
        self.day_care[ids] = False
        self.day_care_centre[ids] = -1

    # -- weekly: local service centres ---------------------------------------------------------

    def service_centres(self, lonely: np.ndarray, *, care: CareWeek | None = None,
                        unmet: np.ndarray | None = None) -> np.ndarray:
        """Visits to the local service centres this week; set ``signalled``.

        Residents at home above ``ldc_min_age`` visit with a weekly probability raised for
        the lonely, those living alone and those aged 75+; where a centre has more
        visitors than capacity, a random subset of them is received. Visitors with open
        unmet hours are noticed with ``ldc_detection_prob`` and signalled to home care.

        Args:
            lonely: (n,) bool, lonely this week.
            care: This week's ledger, as it stands now (in the model's cycle: after
                self-care, facilities and respite, before home care and informal care).
            unmet: (n,) open unmet hours; defaults to the open hours of ``care``.

        Returns:
            (n,) bool, visited a centre this week.
        """
        cfg, pop = self.cfg, self.pop
        n = pop.n
        visited = np.zeros(n, bool)
        signalled = np.zeros(n, bool)
        if self.centres:
            old, alone, old75 = self._ldc_pool()
            keep = (pop.alive[old] & (self.wzc[old] < 0) & (pop.dwelling[old] != NURSING_HOME)
                    & (self.short_stay_until[old] < max(self.week, 0)))
            cand = old[keep]
            p = np.where(lonely[cand], cfg.ldc_visit_prob * cfg.ldc_lonely_factor,
                         cfg.ldc_visit_prob)
            p *= self._ldc_factor[alone[keep].view(np.int8) + 2 * old75[keep].view(np.int8)]
            week = max(self.week, 0)
            ids = cand[self._u("ldc_visit", week, cand) < p]
            centre = self.ldc_of_buurt[pop.buurt[ids]]
            cap = self._ldc_capacity()
            counts = np.bincount(centre, minlength=len(cap))
            if (counts > cap).any():
                ids = ids[np.argsort(self._u("ldc_order", week, ids))]
                centre = self.ldc_of_buurt[pop.buurt[ids]]
                keep = _take_by_capacity(centre, cap)
                ids, centre = ids[keep], centre[keep]
            visited[ids] = True
            if unmet is not None:
                open_ = ids[unmet[ids] > 0]
            elif care is not None:
                open_ = ids[care.open_hours(ids=ids) > 0]
            else:
                open_ = ids[:0]
            seen = open_[self._u("ldc_detect", week, open_) < cfg.ldc_detection_prob]
            signalled[seen] = True
            counts = np.bincount(centre, minlength=len(cap))
            seen_c = np.bincount(self.ldc_of_buurt[pop.buurt[seen]], minlength=len(cap))
            for c in self.centres:
                c.visitors, c.signalled = int(counts[c.index]), int(seen_c[c.index])
        self.visited, self.signalled = visited, signalled
        return visited

    def _ldc_pool(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Residents old enough for an LDC, and whether each lives alone or is 75+.

        Recomputed every few weeks (and after growth): ages change yearly and households
        slowly, so a weekly recount would only cost time.
        """
        pop, cfg = self.pop, self.cfg
        stale = (self._ldc_cache is None or self._ldc_cache[0] != pop.n
                 or self.week - self._ldc_cache[1] >= LDC_REFRESH_WEEKS)
        if stale:
            at_home = pop.alive & (self.wzc < 0) & (pop.dwelling != NURSING_HOME)
            old = np.flatnonzero(at_home & (pop.age >= cfg.ldc_min_age))
            size = np.bincount(pop.household, weights=at_home, minlength=1)
            alone = size[pop.household[old]] <= 1
            self._ldc_cache = (pop.n, self.week, old, alone, pop.age[old] >= 75)
            self._ldc_factor = np.array([1.0, cfg.ldc_alone_factor, cfg.ldc_age75_factor,
                                         cfg.ldc_alone_factor * cfg.ldc_age75_factor])
        return self._ldc_cache[2], self._ldc_cache[3], self._ldc_cache[4]

    # -- weekly: admissions --------------------------------------------------------------------

    def above_threshold(self, ids: np.ndarray) -> np.ndarray:
        """Whether residents' need reaches the WZC threshold (severe, or moderate + dementia)."""
        cfg, pop = self.cfg, self.pop
        need = pop.need[ids]
        return (need >= cfg.referral_need_level) | (
            pop.dementia[ids] & (need >= cfg.referral_dementia_level))

    def age_factor(self, ids: np.ndarray) -> np.ndarray:
        """Multiplier of referral chances by age: 1 from the reference age, lower below.

        Younger residents with the same need more often have a partner and a home that
        can be adapted, and choose to stay home (calibrated to the WZC shares by age).
        """
        cfg = self.cfg
        return np.exp(-cfg.referral_age_slope * np.maximum(
            cfg.referral_reference_age - self.pop.age[ids], 0.0))

    def referral_factor(self, ids: np.ndarray) -> np.ndarray:
        """Multiplier of referral chances: the age factor, lower for those not living alone.

        A resident who shares her home with someone living there (a partner, an adult
        child) has care and supervision around the clock and a household to adapt, so she
        seeks a WZC less often (``referral_cohabit_factor``). Living alone is one of the
        strongest predictors of a nursing-home admission; since younger residents more
        often live with a partner, it also concentrates admissions at older ages.
        """
        pop = self.pop
        ids = np.asarray(ids, np.int64)
        f = self.age_factor(ids)
        if self.cfg.referral_cohabit_factor == 1.0 or not len(ids):
            return f
        home = pop.alive & (pop.dwelling != NURSING_HOME)
        size = self._home_sizes(home)
        others = size[pop.household[ids]] - home[ids] > 0
        return f * np.where(others, self.cfg.referral_cohabit_factor, 1.0)

    def _home_sizes(self, home: np.ndarray) -> np.ndarray:
        """Members living at home per household, counted once per week (admissions asks twice)."""
        key = (self.week, self.pop.n)
        if getattr(self, "_sizes_key", None) != key:
            self._sizes = np.bincount(self.pop.household, weights=home,
                                      minlength=int(self.pop.household.max()) + 1)
            self._sizes_key = key
        return self._sizes

    def admissions(self, week: int, *, lost_carer: np.ndarray, persistent_unmet: np.ndarray,
                   crisis: np.ndarray, care: CareWeek | None = None) -> np.ndarray:
        """Referrals to the waiting list, then admissions into WZC that meet their norm.

        1. Discharge (if configured): residents whose need fell below the level go home.
        2. Referral by need: residents at home aged ``min_age``+ above the need threshold
           register with ``referral_prob`` a week.
        3. Referral by breakdown: residents in ``lost_carer`` or ``crisis`` (probability
           ``breakdown_referral_prob``) or ``persistent_unmet`` (``unmet_referral_prob``),
           aged ``min_age``+ with need >= ``breakdown_min_need``, register and are urgent;
           those already waiting become urgent. Waiters whose need fell below
           ``breakdown_min_need`` withdraw (``withdrawn``).
        4. Admission: the list is ordered urgent (a breakdown signal in the last
           ``urgent_weeks`` weeks) first, then need, then dementia, then
           waiting time, and fills the places each WZC may fill now (free places, bounded
           by its staffing norm for occupancy + admissions).

        Args:
            week: Current week.
            lost_carer: Ids whose last informal carer stopped this week.
            persistent_unmet: Ids with unmet need for the configured run of weeks.
            crisis: Ids with a crisis this week.
            care: This week's ledger (referral rises with the share of need unmet).

        Returns:
            Ids admitted this week (``avoidable`` and ``waits`` are set alongside).
        """
        cfg, pop, rng = self.cfg, self.pop, self.rng
        self.week = week
        self._clear_events()
        if cfg.discharge:
            res = np.flatnonzero(self.wzc >= 0)
            out = res[pop.alive[res] & (pop.need[res] < cfg.discharge_need_level)]
            self._move_out(out)
            self.discharged = out
        elig = np.flatnonzero(pop.need >= min(cfg.referral_need_level,
                                              cfg.referral_dementia_level))
        elig = elig[pop.alive[elig] & (self.wzc[elig] < 0) & (self.waiting_since[elig] < 0)
                    & (pop.age[elig] >= cfg.min_age)]
        elig = elig[self.above_threshold(elig)]
        p = cfg.referral_prob * self.referral_factor(elig)
        if cfg.referral_unmet_gain > 0 and care is not None:
            share = care.open_hours(ids=elig) / np.maximum(care.need[elig], np.float32(1e-9))
            p = p * (1 + cfg.referral_unmet_gain * share)
        by_need = elig[self._u("referral", week, elig) < p]
        sources = [(np.asarray(a, np.int64).ravel(), p) for a, p in (
            (lost_carer, cfg.breakdown_referral_prob), (crisis, cfg.breakdown_referral_prob),
            (persistent_unmet, cfg.unmet_referral_prob))]
        signals = np.unique(np.concatenate([a for a, _ in sources]))
        signals = signals[(signals >= 0) & (signals < pop.n)]
        signals = signals[pop.alive[signals] & (self.wzc[signals] < 0)
                          & (pop.age[signals] >= cfg.min_age)
                          & (pop.need[signals] >= cfg.breakdown_min_need)]
        self.breakdown_week[signals[self.waiting_since[signals] >= 0]] = week
        fresh = signals[self.waiting_since[signals] < 0]
        stay = np.ones(len(fresh))  # chance of not registering, over all of one's signals
        factor = self.referral_factor(fresh)
        flag = np.zeros(pop.n, bool)
        for ids, p in sources:
            flag[ids] = True
            stay *= np.where(flag[fresh], 1.0 - p * factor, 1.0)
            flag[ids] = False
        by_breakdown = fresh[self._u("breakdown", week, fresh) >= stay]
        waiting = self.waiting_list()
        self.withdrawn = waiting[pop.need[waiting] < cfg.breakdown_min_need]
        self.waiting_since[self.withdrawn] = -1
        self.breakdown_week[self.withdrawn] = -1
        self.waiting_since[by_need] = week
        self.waiting_since[by_breakdown] = week
        self.breakdown_week[by_breakdown] = week
        self.referred = np.union1d(by_need, by_breakdown)
        self.referred_breakdown = by_breakdown
        # Admission.
        self._release_held(week)
        free = np.array([h.admissible() for h in self.homes], np.int64)
        waiting = self.waiting_list()
        if free.sum() and len(waiting):
            urgent = self._is_urgent(waiting, week)
            order = np.lexsort((self.waiting_since[waiting], ~pop.dementia[waiting],
                                -pop.need[waiting].astype(np.int64), ~urgent))
            slots = rng.permutation(np.repeat(np.arange(len(free)), free))
            admit = waiting[order[: len(slots)]]
            self.avoidable = admit[~self.above_threshold(admit)]
            self.waits = (week - self.waiting_since[admit]).astype(np.int32)
            self.admitted_urgent = admit[urgent[order[: len(slots)]]]
            self._move_in(admit, slots[: len(admit)])
            self.admitted = admit
        return self.admitted

    def _move_out(self, ids: np.ndarray) -> None:
        """Residents leave their WZC (discharge home, death, departure)."""
        ids = np.asarray(ids, np.int64)
        ids = ids[self.wzc[ids] >= 0]
        if len(ids):
            self._free_places(self.wzc[ids])
            self.pop.dwelling[ids[self.pop.alive[ids]]] = HOME
        self.wzc[ids] = -1

    def _is_urgent(self, ids: np.ndarray, week: int) -> np.ndarray:
        bw = self.breakdown_week[ids]
        return (bw >= 0) & (week - bw < self.cfg.urgent_weeks)

    @property
    def urgent(self) -> np.ndarray:
        """(n,) bool: waiting with a breakdown signal in the last ``urgent_weeks`` weeks."""
        return (self.waiting_since >= 0) & (self.breakdown_week >= 0) & (
            max(self.week, 0) - self.breakdown_week < self.cfg.urgent_weeks)

    def waiting_list(self) -> np.ndarray:
        """Ids on the WZC waiting list."""
        return np.flatnonzero(self.waiting_since >= 0)

    def _clear_events(self) -> None:
        empty = np.zeros(0, np.int64)
        self.admitted = self.avoidable = self.referred = self.referred_breakdown = empty
        self.admitted_urgent = self.discharged = self.withdrawn = empty
        self.short_stay_started = empty
        self.waits = np.zeros(0, np.int32)

    # -- exits and growth ------------------------------------------------------------------------

    def on_exit(self, ids: np.ndarray) -> None:
        """Residents who died or left: free their place, unit and day-care slot; unlist them."""
        ids = np.asarray(ids, np.int64)
        in_wzc = ids[self.wzc[ids] >= 0]
        self._free_places(self.wzc[in_wzc])
        self.wzc[ids] = -1  # pop.dwelling keeps the last dwelling for the records
        self.waiting_since[ids] = -1
        self.breakdown_week[ids] = -1
        self._end_short_stay(ids)
        self._end_day_care(ids)

    def grow(self, n: int) -> None:
        """Extend to ``n`` residents on its own (when built without the model's registry).

        Arrivals live at home, on no list (the columns' fill values).
        """
        if self._own_states:
            self.registry.grow(n)

    # -- outputs -----------------------------------------------------------------------------------

    def days_this_week(self, ids: np.ndarray | None = None
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Days this week in a WZC, in short stay and in day care (for costs).

        For residents ``ids`` (default: everyone), each array aligned with them.
        """
        n = self.pop.n
        ids = np.arange(n) if ids is None else ids
        wzc = np.where(self.wzc[ids] >= 0, DAYS_PER_WEEK, 0.0)
        until = self.short_stay_until[ids]
        ss = np.where((until >= self.week) & (until >= 0), DAYS_PER_WEEK, 0.0)
        dc = np.zeros(n, bool)
        dc[self._attending[self._attending < n]] = True
        return wzc, ss, dc[ids] * float(self.cfg.day_care_days_per_week)

    # -- policy levers -------------------------------------------------------------------------

    def _respite_switched(self, was_open: bool, now_open: bool) -> None:
        """Respite closes (users go home at once) or reopens (lever ``respite.open``)."""
        if was_open and not now_open:
            self._end_short_stay(np.flatnonzero(self.short_stay_centre >= 0))
            self._end_day_care(np.flatnonzero(self.day_care))

    def signal(self, ids: np.ndarray) -> None:
        """Signal residents ``ids`` to home care this week (outreach finds them)."""
        self.signalled[np.asarray(ids, np.int64)] = True

    def empty_places(self) -> int:
        """WZC places free and ready to let right now (not occupied, not held)."""
        return int(sum(max(h.places - h.occupancy - h.held, 0) for h in self.homes))

    def summary(self) -> dict[str, float]:
        """This week's municipality-level figures (for the metrics registry)."""
        places = self.places
        waits = self.waits
        return {
            "wzc_places": float(places.sum()),
            "wzc_residents": float(self.occupancy.sum()),
            "wzc_occupancy": float(self.occupancy.sum() / max(places.sum(), 1)),
            "wzc_homes_below_norm": float(sum(h.counted_fte() + _EPS
                                              < h.required_fte(h.occupancy)
                                              for h in self.homes)),
            "wzc_homes_closed_to_admission": float(sum(not h.meets_norm()
                                                       for h in self.homes)),
            "wzc_waiting": float(np.count_nonzero(self.waiting_since >= 0)),
            "wzc_referrals": float(len(self.referred)),
            "wzc_admissions": float(len(self.admitted)),
            "wzc_admissions_avoidable": float(len(self.avoidable)),
            "wzc_admissions_urgent": float(len(self.admitted_urgent)),
            "wzc_wait_weeks_mean": float(waits.mean()) if len(waits) else float("nan"),
            "short_stay_units": float(self._short_stay_capacity().sum()),
            "short_stay_users": float(self.short_stay_count.sum()),
            "day_care_slots": float(self._day_care_capacity().sum()),
            "day_care_users": float(self.day_care_count.sum()),
            "ldc_visitors": float(np.count_nonzero(self.visited)),
            "ldc_signalled": float(np.count_nonzero(self.signalled)),
        }
