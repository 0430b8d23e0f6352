"""Residential care and respite: nursing homes, short stay, day care, local service centres.

docs/domain.md mechanisms 3-7 and 10. Facilities are Mesa agents (a handful per municipality);
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

The jobs are split over the package: the nursing homes and their waiting list
(``nursing_homes``), respite (``respite``), local service centres (``service_centres``),
the facilities as agents (``facilities``) and the settings (``settings``);
:class:`Residential` combines them with the state, levers, metrics and weekly steps.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from sim.care.residential.facilities import (
    _EPS,
    DAYS_PER_WEEK,
)
from sim.care.residential.nursing_homes import NursingHomes
from sim.care.residential.respite import Respite
from sim.care.residential.service_centres import ServiceCentres
from sim.care.residential.settings import ResidentialConfig
from sim.care.workforce import Workforce
from sim.engine.events import EventKind, EventLog
from sim.engine.ledger import CareWeek
from sim.engine.levers import Action, Lever, LeverBoard
from sim.engine.metric import CARE_TABLES, Metric, events
from sim.engine.module import Module, Step, Week
from sim.engine.state import State, StateRegistry
from sim.engine.streams import keyed_uniform, stream_key
from sim.population.residents import NURSING_HOME, Population

LEVERS = (
    Lever("respite.open", True, "open", "all",
          "whether short stay and day care are open (closing them sends users home that "
          "week)"),
    Lever("respite.extra_short_stay_units", 0, "units", "add",
          "extra short-stay units, spread over the centres (new units, or empty WZC places "
          "lent)"),
    Lever("respite.extra_day_care_users", 0, "users a week", "add",
          "extra day-care users a week, spread over the centres"),
    Lever("nursing_homes.places_factor", 1.0, "x", "multiply",
          "multiplier of the WZC programming norm at the yearly re-sizing: the places the "
          "homes aim at and the norm-derived minimum and ceiling (1 = today's norm)"),
    Lever("nursing_homes.logistics_toward_norm", 0.0, "share", "add",
          "extra share of present logistics FTE that counts toward the care-staff norm "
          "(capped at 1 with the homes' own share)"),
)


class Residential(NursingHomes, Respite, ServiceCentres, Module):
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
        Metric("wzc_heavy_care", "residents", "Nursing-home residents with heavy care "
               "needs (severe need or dementia; the model's reading of Katz B, C, Cd, D)",
               tables=("system",)),
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
    event_kinds = (
        EventKind("wzc_registration", "A resident at home joined the nursing-home waiting "
                  "list", (
                      ("lost_carer", "breakdown: her last informal carer stopped (urgent)"),
                      ("crisis", "breakdown: a crisis this week (urgent)"),
                      ("persistent_unmet", "breakdown: unmet need for "
                                           "consequences.persistent_unmet_weeks weeks "
                                           "(urgent)"),
                      ("severe_need", "by need: her need reached referral_need_level"),
                      ("dementia", "by need: dementia with need at referral_dementia_level, "
                                   "below referral_need_level"),
                      ("decline", "breakdown: a terminal decline began this week "
                                  "(decline_referral_prob, urgent)"))),
        EventKind("wzc_withdrawal", "A resident left the nursing-home waiting list without "
                  "being admitted", (
                      ("need_fell", "her need fell below breakdown_min_need"),
                      ("died", "she died while waiting"),
                      ("moved", "she moved away while waiting"))),
        EventKind("wzc_admission", "A resident moved into a nursing home (WZC) from the "
                  "waiting list (attributes at admission)", (
                      ("urgent", "admitted with a breakdown signal in the last urgent_weeks "
                                 "weeks (served first)"),
                      ("from_list", "admitted in the list's order of need, dementia and "
                                    "waiting time"))),
        EventKind("wzc_exit", "A nursing-home resident left her WZC", (
            ("died", "died in the nursing home"),
            ("moved", "moved out of the municipality"),
            ("discharged", "went home when her need fell (residential.discharge)"))),
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

    @classmethod
    def build(cls, model: Any) -> Residential:
        """The facilities of ``model``, the nursing homes filled to their initial occupancy."""
        res = cls(model, model.cfg.residential, model.pop, model.workforce,
                  rng=model.streams["residential"], n_buurten=model.n_buurten,
                  levers=model.levers, states=model.states, events=model.events)
        res.initialise()
        return res

    def __init__(self, model: mesa.Model, cfg: ResidentialConfig, pop: Population,
                 workforce: Workforce, *, rng: np.random.Generator, n_buurten: int,
                 levers: LeverBoard | None = None, states: StateRegistry | None = None,
                 events: EventLog | None = None) -> None:
        cfg.check(None)
        self.model, self.cfg, self.pop, self.workforce, self.rng = model, cfg, pop, workforce, rng
        self.events = EventLog() if events is None else events
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

    # -- start ------------------------------------------------------------------------------

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
            "wzc_heavy_care": float(self.heavy_care_residents()),
            "wzc_waiting": float(len(self.waiting_list())),
            "wzc_admissions": float(len(self.admitted)),
            "wzc_wait_weeks": float(np.sum(self.waits)),
            "wzc_below_norm": float(sum(not h.meets_norm() for h in self.homes)),
            "short_stay_users": float(sum(s.users for s in self.short_stays)),
            "day_care_users": float(sum(d.users for d in self.day_cares)),
            "ldc_visitors": float(self.visited.sum()),
        }

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
                                                     "persistent", "decline_onset"),
             writes=("admitted",)),
    )

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
                                     care=w.care, decline_onset=w.decline_onset)


    # -- weekly: local service centres ---------------------------------------------------------


    # -- weekly: admissions --------------------------------------------------------------------


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
        if self.events.enabled:
            died = self.pop.died
            self.events.record("wzc_exit", in_wzc, np.where(died[in_wzc], 0, 1))
            waiting = ids[self.waiting_since[ids] >= 0]
            self.events.record("wzc_withdrawal", waiting, np.where(died[waiting], 1, 2))
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

    @property
    def day_care_attending(self) -> np.ndarray:
        """Residents who attend day care this week (ids)."""
        return self._attending

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


    def heavy_care_residents(self) -> int:
        """WZC residents with severe need or dementia (heavy care, Katz B/C/Cd/D reading)."""
        res = np.flatnonzero(self.wzc >= 0)
        return int(np.count_nonzero((self.pop.need[res] >= 3) | self.pop.dementia[res]))

    def summary(self) -> dict[str, float]:
        """This week's municipality-level figures (for the metrics registry)."""
        places = self.places
        waits = self.waits
        return {
            "wzc_places": float(places.sum()),
            "wzc_residents": float(self.occupancy.sum()),
            "wzc_occupancy": float(self.occupancy.sum() / max(places.sum(), 1)),
            "wzc_heavy_care_share": float(self.heavy_care_residents()
                                          / max(self.occupancy.sum(), 1)),
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
            "short_stay_units": float(self.short_stay_capacity().sum()),
            "short_stay_users": float(self.short_stay_count.sum()),
            "day_care_slots": float(self._day_care_capacity().sum()),
            "day_care_users": float(self.day_care_count.sum()),
            "ldc_visitors": float(np.count_nonzero(self.visited)),
            "ldc_signalled": float(np.count_nonzero(self.signalled)),
        }
