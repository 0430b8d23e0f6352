"""Mantelzorg (informal care): residents who care for someone in their network.

Carers are residents in a role (docs/design.md §3): an adult becomes a carer through a
tie to someone whose needed hours are not covered by self-care. Who cares, how much and
at what cost all come out of the mechanism, not out of a multiplier on the outcome:

* **Who.** Recipients with open hours ask their ties in priority order (partner, other
  household members, resident children, children living outside the municipality, other
  kin, neighbours, friends). A tie accepts with a willingness that depends on the kind of
  tie, falls with the candidate's lack of free time (a job, minors at home, care already
  given) and with overload. Each pair has one fixed random draw, so asking again next
  week does not turn a "no" into a "yes" by chance.
* **How much.** A carer's capacity is the week minus sleep and personal time, paid work
  and childcare, capped at a sustainable maximum and scaled down by the carer's own need
  level and old age. It is split over the carer's recipients in proportion to their open
  hours; each recipient's carers fill its open hours in priority order, partner first.
* **At what cost.** Care beyond a sustainable share of capacity builds burden; respite
  the recipient gets (short stay, day care) relieves the carer. An overloaded carer's
  health declines (latent frailty rises), paid work is cut and care may stop.

Gender and the 45-64 "sandwich" group are not parameters: women work part-time more
often (more free time), men are about two years older than their partners and need care
earlier, and children of 75-90-year-olds are 45-65 (see ``docs/ODD.md, section 7.8``).

Children living outside the municipality (``network.nonresident_children``) are virtual
carers: they have no resident id, but a sex, an age (parent's age minus 22-38 years), a
job and minors at home drawn like residents', a capacity reduced by distance, and a
simple burden state (they can be overloaded and stop). Their health and paid work are
not tracked: they are not residents of the municipality.

Carer state lives in "slots": slot ``i < pop.n`` is resident ``i``, slot ``pop.n + v`` is
virtual carer ``v``. The per-resident attributes are views of the first ``pop.n`` slots.

The module's jobs are split over the package: recruitment (``recruitment``), giving hours
(``giving``), burden and its consequences (``burden``), carers' paid work (``paid_work``),
virtual carers (``virtual``), the links table (``links``) and the settings (``settings``);
:class:`InformalCare` combines them with the weekly step, the state, levers and metrics.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.care.informal.burden import Burden
from sim.care.informal.giving import Giving
from sim.care.informal.links import CARER_AGE_GROUPS, KINDS, CareLinks
from sim.care.informal.paid_work import PaidWork
from sim.care.informal.recruitment import Recruitment
from sim.care.informal.settings import InformalCareConfig
from sim.care.informal.virtual import VirtualCarers
from sim.engine.events import EventKind, EventLog
from sim.engine.ledger import CareWeek, task_mask
from sim.engine.levers import Action, Filter, Lever, LeverBoard
from sim.engine.metric import CARE_TABLES, Metric, events
from sim.engine.module import Module, Step, Week
from sim.engine.state import State, StateRegistry
from sim.engine.streams import stream_key
from sim.engine.units import WEEKS_PER_YEAR
from sim.population.network import SocialNetwork
from sim.population.residents import NURSING_HOME, WOMAN, Population

LEVERS = (
    Lever("informal.capacity_factor", 1.0, "x", "multiply",
          "every carer's capacity for care this week (e.g. carers' own illness, closed "
          "schools)"),
    Lever("informal.willingness_factor", 1.0, "x", "multiply",
          "every tie's willingness to take on care"),
    Lever("informal.willingness_by_buurt", None, "x", "multiply",
          "willingness by the recipient's buurt and tie kind (a measure in some buurten)",
          shape="buurt x tie kind"),
    Lever("informal.coaching_factor", 1.0, "x", "multiply",
          "how fast the burden of a carer in coaching grows"),
    Filter("informal.work_cuts", "overloaded working carers who would cut their paid work "
           "this week; a policy may take some out (their work is paused instead, "
           "informal.pause_work)"),
)


def _read_only(a: np.ndarray) -> np.ndarray:
    v = a.view()
    v.flags.writeable = False
    return v


class InformalCare(Recruitment, Giving, Burden, PaidWork, VirtualCarers, Module):
    """Weekly informal care: recruiting carers, giving hours, burden and its consequences.

    Args:
        cfg: Informal-care parameters.
        pop: The population (carers and recipients are its residents).
        network: The typed social network care flows along.
        rng: The "informal care" random stream (job draws, virtual carers, drop-out).

    Per-resident attributes (length ``pop.n``): ``hours_given``, ``capacity``, ``burden``,
    ``overloaded``, ``paid_fte``, ``fte_lost``, ``received`` (see the ODD document).
    Weekly outputs, reset by each :meth:`step`: ``stopped``, ``lost_carer``,
    ``fte_lost_week``, ``stopped_virtual``, ``new_links``.
    """

    name = "informal"
    metrics = (
        Metric("carers", "residents", "Residents giving informal care this week",
               tables=CARE_TABLES),
        Metric("carers_overloaded", "residents", "Informal carers (giving care this week) "
               "whose burden is above the overload threshold", tables=CARE_TABLES),
        Metric("carers_stopped", "residents", "Informal carers who stopped caring this week",
               kind="flow", tables=CARE_TABLES),
        Metric("carer_fte_lost_men", "FTE", "Paid work given up this week by male carers",
               kind="flow", tables=CARE_TABLES),
        Metric("carer_fte_lost_women", "FTE", "Paid work given up this week by female carers",
               kind="flow", tables=CARE_TABLES),
    )
    # The resident of a care-link event is the recipient; the carer and tie kind are columns.
    event_kinds = (
        EventKind("care_link_start", "A carer started to care for the resident (a tie of "
                  "hers accepted her request)", ties=KINDS),
        EventKind("care_link_stop", "A carer stopped caring for the resident", (
            ("burnout", "the overloaded carer gave up (informal.stop_hazard_overload)"),
            ("withdrew", "the link ended by the weekly withdrawal hazard of its tie kind "
                         "and the carer's burden"),
            ("recipient_left", "the resident no longer lives at home"),
            ("idle", "the link gave no hours for informal.idle_weeks weeks"),
            ("carer_unable", "the carer can no longer care (severe need, dementia, in a "
                             "nursing home)"),
            ("recipient_died", "the resident died"),
            ("recipient_moved", "the resident moved out of the municipality"),
            ("recipient_admitted", "the resident moved into a nursing home"),
            ("carer_died", "the carer died"),
            ("carer_moved", "the carer moved out of the municipality"),
            ("carer_admitted", "the carer moved into a nursing home"),
        ), ties=KINDS),
    )
    # Per-slot columns (residents, then virtual carers in the tail) and per-resident ones.
    states = (
        State("_cap", np.float32, tail=True, doc="capacity for care this week", unit="h/week"),
        State("_hours", np.float32, tail=True, doc="hours given this week", unit="h/week"),
        State("_limit", np.float32, tail=True, doc="capacity plus stretch", unit="h/week"),
        State("_burden", np.float32, tail=True, doc="accumulated carer burden"),
        State("_coached", bool, tail=True, doc="in carer coaching"),
        State("_cooldown", np.int32, tail=True, doc="week from which she may care again",
              unit="week"),
        State("_over", bool, tail=True, doc="overloaded (burden above the threshold)"),
        State("_ok", bool, tail=True, doc="able to care this week"),
        State("paid_fte", np.float32, doc="paid work", unit="FTE"),
        State("fte_lost", np.float32, doc="paid work given up for care, in total", unit="FTE"),
        State("fte_back", np.float32, doc="of that, taken up again", unit="FTE"),
        State("received", np.float32, doc="informal hours received this week", unit="h/week"),
        State("paused_fte", np.float32, doc="paid work paused, job kept", unit="FTE"),
        State("_supply", np.float32, doc="hours her carers gave last", unit="h/week"),
        State("_next_ask", np.int32, doc="week she next asks her ties for care", unit="week"),
        State("_free", np.float32, doc="week minus personal time and childcare", unit="h/week"),
        State("_age_factor", np.float32, doc="capacity factor of a carer's age"),
        State("_fte_base", np.float32, doc="paid work before care", unit="FTE"),
        State("_static", np.float32, doc="capacity before health", unit="h/week"),
        State("v_base", np.int64, fill=-1, doc="first virtual carer of her parent unit "
              "(-1 none)"),
        State("_work_u", np.float64, doc="persistent draw: employed"),
        State("_part_u", np.float64, doc="persistent draw: part-time"),
        State("_fte_lost_recorded", np.float32, doc="paid work given up, as last recorded "
              "by the metrics", unit="FTE"),
    )

    @classmethod
    def build(cls, model: Any) -> InformalCare:
        """Informal care among ``model``'s residents, along its network."""
        return cls(model.cfg.informal, model.pop, model.network,
                   rng=model.streams["informal"], levers=model.levers, states=model.states,
                   help_threshold=model.cfg.selfcare.help_threshold_hours,
                   events=model.events)

    def __init__(self, cfg: InformalCareConfig, pop: Population, network: SocialNetwork, *,
                 rng: np.random.Generator, levers: LeverBoard | None = None,
                 states: StateRegistry | None = None, help_threshold: float = 1.0,
                 events: EventLog | None = None) -> None:
        self.cfg, self.pop, self.network, self.rng = cfg, pop, network, rng
        self.events = EventLog() if events is None else events
        # the gap from which a recipient asks her ties (selfcare.help_threshold_hours)
        self.help_threshold = np.float32(help_threshold)
        self._own_states = states is None
        self.registry = StateRegistry(pop.n) if states is None else states
        self.levers = levers = LeverBoard() if levers is None else levers
        levers.declare(*LEVERS)
        levers.provide(Action("informal.ask_again", "recipients look for carers again"),
                       self.ask_again)
        levers.provide(Action("informal.coach", "carers (slots) start coaching"), self.coach)
        levers.provide(Action("informal.pause_work", "residents pause the paid work a work "
                              "cut would take; returns the FTE paused"), self.pause_work)
        levers.provide(Action("informal.resume_work", "residents take up paused work again"),
                       self.resume_work)
        levers.provide_view("informal.burden_slots", "burden of every carer slot",
                            lambda: _read_only(self._burden))
        levers.provide_view("informal.coached_slots", "carer slots in coaching",
                            lambda: _read_only(self._coached))
        levers.provide_view("informal.coached_carers", "carers in coaching who gave care "
                            "this week", lambda: int((self._coached & (self._hours > 0)).sum()))
        levers.provide_view("informal.carers_of_severe_need", "carers who gave care this "
                            "week to a resident with severe need", self._carers_of_severe)
        levers.provide_view("informal.paused_fte", "paid work paused per resident (FTE)",
                            lambda: _read_only(self.paused_fte))
        levers.provide_view("informal.overload_threshold", "burden above which a carer is "
                            "overloaded", lambda: self.cfg.overload_threshold)
        levers.provide_view("informal.carer_burden", "per resident, the highest burden of "
                            "her carers", self.carer_burden)
        levers.provide_view("informal.received", "informal hours each resident received "
                            "last", lambda: self.received)
        # Weekly per-carer draws (keyed_uniform): paired scenario runs stay aligned.
        self._keys = {k: stream_key(rng) for k in ("retry", "cut", "back", "quit", "link")}
        self.mask = task_mask(cfg.tasks)
        self.seed = np.uint64(rng.integers(0, 2**63 - 1))
        self.willingness = np.asarray(cfg.willingness, np.float64)
        self.withdraw = np.asarray(cfg.withdraw_weekly, np.float64)
        self.health = np.asarray(cfg.health_factor, np.float32)
        self.stretch = np.asarray(cfg.stretch, np.float64)
        self.n = 0  # resident slots
        self.links = CareLinks(0)
        self.register_states(self.registry)
        # Virtual carers (children living outside the municipality).
        self.v_parent = np.zeros(0, np.int64)
        self.v_sex = np.zeros(0, np.int8)
        self.v_gap = np.zeros(0, np.float32)
        self.v_draws = np.zeros((3, 0), np.float64)  # job, part-time, minors at home
        self._v_cap = np.zeros(0, np.float32)  # virtual carers' capacity before the factor
        self._cap_scaled = False  # whether virtual capacities currently carry a factor
        self._minors_by_age = np.zeros(121)
        self._year = -1
        self.stopped = np.zeros(0, np.int64)
        self.lost_carer = np.zeros(0, np.int64)
        self.fte_lost_week = np.zeros(2)
        self.stopped_virtual = 0
        self.new_links = 0
        self._pending_lost = np.zeros(0, np.int64)
        self.on_arrivals(0, pop.n)

    # -- views ----------------------------------------------------------------------------


    @property
    def capacity(self) -> np.ndarray:
        """This week's capacity for care per resident (h/week)."""
        return self._cap[: self.n]

    @property
    def limit(self) -> np.ndarray:
        """This week's hard limit per resident: capacity plus the stretch of her links (h/week).

        A carer gives within ``capacity`` first and draws on the stretch only for hours
        that would otherwise stay undone; she never gives more than this.
        """
        return self._limit[: self.n]


    @property
    def coached(self) -> np.ndarray:
        """Residents who receive carer coaching (a policy sets it; slower burden growth)."""
        return self._coached[: self.n]

    @property
    def hours_given(self) -> np.ndarray:
        """Hours each resident gave as a carer this week."""
        return self._hours[: self.n]

    @property
    def burden(self) -> np.ndarray:
        """Accumulated burden per resident (0 = none; overloaded above the threshold)."""
        return self._burden[: self.n]

    @property
    def overloaded(self) -> np.ndarray:
        """Residents whose burden is above the overload threshold."""
        return self._over[: self.n]

    @property
    def contracted_fte(self) -> np.ndarray:
        """Paid work each resident would do if she gave no care (FTE)."""
        return self._fte_base[: self.n]

    def resident_facts(self) -> dict[str, tuple[np.ndarray, str, str]]:
        """Each resident's part in the care networks in the last week, for the snapshot.

        Returns name -> (values, unit, description): whether she gave care and how many
        hours, the informal hours she received, how many carers she has (resident and
        non-resident, links not yet ended) and the tie kind of the one who gave her the
        most hours ("none" without informal hours). These let a care-network figure (carers
        per receiver, the main carer's relation) be computed from the output alone.
        """
        n, L = self.n, self.links
        carers = np.bincount(L.recipient, minlength=n)[:n].astype(np.int32)
        main = np.full(n, len(KINDS), np.int64)  # "none"
        given = L.hours > 0
        if given.any():
            rec, hours, kind = L.recipient[given], L.hours[given], L.kind[given]
            order = np.lexsort((kind, -hours, rec))  # per recipient: most hours, closest tie
            rec, kind = rec[order], kind[order]
            first = np.r_[True, rec[1:] != rec[:-1]]
            main[rec[first]] = kind[first]
        names = np.array([*KINDS, "none"])
        return {
            "carer": (self.hours_given > 0, "flag", "Gave informal care in the last week"),
            "care_hours_given": (self.hours_given.copy(), "h/week",
                                 "Informal care given in the last week"),
            "care_hours_received": (self.received[:n].copy(), "h/week",
                                    "Informal care received in the last week"),
            "carers": (carers, "carers", "Informal carers caring for her at the end "
                       "(resident and non-resident)"),
            "main_carer_tie": (names[main], "category", "Tie kind of the carer who gave her "
                               "the most informal hours in the last week (none: no informal "
                               "hours on a link still open at the end)"),
        }

    @property
    def capacity_before_health(self) -> np.ndarray:
        """Hours a week each resident could give, before her own health limits it."""
        return self._static[: self.n]

    # -- size and yearly refresh ----------------------------------------------------------

    def grow(self, n: int) -> None:
        """Extend to ``n`` residents on its own (when built without the model's registry)."""
        first = self.n
        if self._own_states:
            self.registry.grow(n)
        self.on_arrivals(first, n)

    def on_arrivals(self, first: int, n: int) -> None:
        """Residents ``first..n-1`` arrived (their columns exist); refresh jobs yearly.

        New residents get their own persistent job draws; everyone's paid work, childcare
        time and age factor are recomputed from the current ages and households, and the
        non-resident children of new parents become virtual carers. Runs every year, with
        or without arrivals.
        """
        k = n - first
        if k:
            self._work_u[first:n] = self.rng.random(k)
            self._part_u[first:n] = self.rng.random(k)
            self.links.shift_virtual(k)
        self.n = n
        self._refresh()
        self._fresh = True  # the next step need not refresh again
        m = min(n, self.network.n)
        nonres = self.network.nonresident_children[:m]
        self._add_virtual(np.flatnonzero(self.pop.alive[:m] & (nonres > 0)
                                         & (self.v_base[:m] < 0)))


    # -- weekly step ----------------------------------------------------------------------


    def _log_links(self, kind: str, sel: np.ndarray, reason: str | np.ndarray | None = None
                   ) -> None:
        """Record the links ``sel`` (mask or index) as events (recipient, carer, tie)."""
        if not self.events.enabled:
            return
        L = self.links
        slot = L.slot[sel]
        self.events.record(kind, L.recipient[sel], reason,
                           carer=np.where(slot < self.n, slot, -1), tie=L.kind[sel])

    def _drop(self, keep: np.ndarray) -> None:
        """Keep only the links where ``keep``; their recipients' supply loses their hours."""
        L = self.links
        if keep.all():
            return
        gone = ~keep
        np.subtract.at(self._supply, L.recipient[gone], L.hours[gone].astype(np.float32))
        L.select(keep)

    weekly_steps = (
        Step("informal", "week_step", "carers are recruited, give hours within their "
             "capacity, and carry burden and its consequences", reads=("care", "relief"),
             writes=("lost_carer",)),
        Step("admissions", "admitted_step", "care links of residents admitted to a nursing "
             "home end", reads=("admitted",)),
    )

    def active_residents(self, care: CareWeek) -> tuple[np.ndarray, np.ndarray]:
        """Residents with a carer metric this week: (among the living, also the dead)."""
        changed = self.fte_lost != self._fte_lost_recorded
        mask = (self.hours_given > 0) | self.overloaded | changed
        mask[self.stopped] = True
        return mask, changed

    def care_metrics(self, idx: np.ndarray, care: CareWeek) -> dict[str, object]:
        """This week's carer metrics of residents ``idx`` (events as ``(ids, None)``)."""
        lost = self.fte_lost[idx] - self._fte_lost_recorded[idx]
        self._fte_lost_recorded = self.fte_lost.copy()
        sex, gave = self.pop.sex[idx], self.hours_given[idx] > 0
        return {
            "carers": gave, "carers_overloaded": self.overloaded[idx] & gave,
            "carers_stopped": events(self.stopped, self.pop.alive),
            "carer_fte_lost_men": lost * (sex == 0), "carer_fte_lost_women": lost * (sex == 1),
        }

    def week_step(self, w: Week) -> None:
        """Plan step: a week of informal care."""
        self.step(w.care, relief=w.relief, week=w.week)
        w.lost_carer = self.lost_carer

    def admitted_step(self, w: Week) -> None:
        """Plan step: residents who moved into a nursing home leave their care links."""
        self.end_links(w.admitted, admitted=True)

    def on_exit(self, ids: np.ndarray) -> None:
        """Residents who died or moved away leave every care link."""
        self.end_links(ids)

    def step(self, care: CareWeek, *, relief: np.ndarray, week: int) -> None:
        """One week of informal care, booked in ``care`` as source "informal".

        Args:
            care: This week's ledger, after self-care, facilities, respite and home care
                (informal carers take on what is still open).
            relief: Hours of respite (short stay, day care) each recipient got this week,
                length ``pop.n``; relieves that recipient's carers.
            week: Week index (used for cooldowns, the timing of requests and the yearly
                refresh of jobs and childcare).
        """
        pop, cfg = self.pop, self.cfg
        if week // WEEKS_PER_YEAR != self._year and not self._fresh:
            self._refresh()  # a new year without arrivals: ages and households changed
        self._year, self._fresh = week // WEEKS_PER_YEAR, False
        n = self.n
        self.stopped_virtual, self.new_links = 0, 0
        lost_cand = [self._pending_lost]
        self._pending_lost = np.zeros(0, np.int64)

        at_home = pop.alive & (pop.dwelling != NURSING_HOME)
        open_ = care.open_hours(self.mask)
        open_[~at_home] = 0
        eligible = self.eligible_carer()
        self._ok[:n] = eligible
        self._cap[:n] = self._static * self.health.take(pop.need) * eligible
        factor = self.levers.value("informal.capacity_factor")
        if factor != 1.0 or self._cap_scaled:
            f = np.float32(factor)
            self._cap[:n] *= f
            self._cap[n:] = self._v_cap * f
            self._cap_scaled = factor != 1.0

        # 1. Links end when the recipient left or the carer can no longer care; links that
        #    gave nothing for idle_weeks end quietly.
        L = self.links
        L.sort()
        carer_ok = self._ok[L.slot]
        rec_ok = at_home[L.recipient] & (L.idle < cfg.idle_weeks)
        gone = ~carer_ok & rec_ok
        stopped = [L.slot[gone & (L.slot < n) & pop.alive[np.minimum(L.slot, n - 1)]]]
        lost_cand.append(L.recipient[gone])
        if self.events.enabled:
            end = np.flatnonzero(~(carer_ok & rec_ok))
            why = np.select([~at_home[L.recipient[end]], L.idle[end] >= cfg.idle_weeks],
                            [self._stop_reason("recipient_left"), self._stop_reason("idle")],
                            self._stop_reason("carer_unable"))
            self._log_links("care_link_stop", end, why)
        self._drop(carer_ok & rec_ok)

        # 2. Recruitment, 3. giving hours, 4. burden, 5. consequences and withdrawal.
        self._recruit(open_, week)
        L.sort()
        slot = L.slot
        act = self._burden > 0
        act[slot] = True
        ids = np.flatnonzero(act)  # slots of carers now and of everyone still recovering
        pos = np.empty(act.size, np.int64)
        pos[ids] = np.arange(ids.size)
        inv = pos[slot]  # link -> position in ids
        given = self._give(care, open_, ids, inv)
        self._update_burden(given, relief, ids, inv)
        s, lost = self._consequences(week)
        stopped.append(s)
        lost_cand.append(lost)
        self.stopped = np.unique(np.concatenate(stopped)).astype(np.int64)
        cand = np.unique(np.concatenate(lost_cand)).astype(np.int64)
        has = np.zeros(n, bool)
        has[self.links.recipient] = True
        self.lost_carer = cand[at_home[cand] & ~has[cand]]


    def _carers_of_severe(self) -> int:
        """Carers (slots) who gave hours this week to a recipient with severe need."""
        L = self.links
        if not len(L):
            return 0
        severe = self.pop.need[L.recipient] == 3
        paid = np.zeros(self._hours.size, bool)
        paid[L.slot[severe & (L.hours > 0)]] = True
        return int(np.count_nonzero(paid))


    def _stop_reason(self, code: str) -> int:
        return self.event_kinds[1].reason(code)

    def _log_end(self, end: np.ndarray, gone: np.ndarray, admitted: bool) -> None:
        """Record links ``end`` ending because their recipient or carer left (``gone``)."""
        L, pop = self.links, self.pop
        rec, slot = L.recipient[end], L.slot[end]
        who = np.where(gone[rec], rec, slot)  # the recipient's leaving comes first
        side = np.where(gone[rec], 0, 3)  # recipient_* or carer_*
        if admitted:
            why = side + 2
        else:
            resident = who < self.n
            why = side + np.where(pop.died[np.where(resident, who, 0)] & resident, 0, 1)
        base = self._stop_reason("recipient_died")
        self._log_links("care_link_stop", end, base + why)

    def end_links(self, ids: np.ndarray, *, admitted: bool = False) -> None:
        """End every link where ``ids`` are carer or recipient (death, moving, nursing home).

        ``admitted`` says that ``ids`` moved into a nursing home; otherwise they died or
        moved away (``pop.died`` tells which). Only the events table uses it.

        Recipients not in ``ids`` who so lose their last carer are reported in the next
        :meth:`step`'s ``lost_carer`` unless a new carer is found in that step.
        """
        ids = np.asarray(ids, np.int64)
        L = self.links
        if ids.size == 0 or len(L) == 0:
            return
        gone = np.zeros(self._cap.size, bool)
        gone[ids] = True
        by_carer = gone[L.slot]
        end = by_carer | gone[L.recipient]
        lost = L.recipient[by_carer & ~gone[L.recipient]]
        if self.events.enabled and end.any():
            self._log_end(np.flatnonzero(end), gone, admitted)
        self._drop(~end)
        self._pending_lost = np.concatenate([self._pending_lost, lost])
        self._hours[ids] = 0

    # -- inspection -----------------------------------------------------------------------


    def statistics(self) -> dict[str, float]:
        """This week's carer figures in the definitions of the calibration targets.

        A carer is a resident who gave informal hours this week. ``carers_18_85`` matches
        "regular (weekly or daily) informal caregivers, 18-85" (SVR 2010/12, 18%);
        ``carers_15plus`` the Health Interview Survey 2013 "weekly help" question (8%).
        """
        pop = self.pop
        live, age, hours = pop.alive, pop.age, self.hours_given
        carer = hours > 0
        out: dict[str, float] = {}
        a1885 = live & (age >= 18) & (age < 86)
        out["carers_18_85"] = float(carer[a1885].mean()) if a1885.any() else 0.0
        a15 = live & (age >= 15)
        out["carers_15plus"] = float(carer[a15].mean()) if a15.any() else 0.0
        for s, name in ((0, "men"), (1, "women")):
            g = a15 & (pop.sex == s)
            out[f"carers_15plus_{name}"] = float(carer[g].mean()) if g.any() else 0.0
        n_car = max(int(carer.sum()), 1)
        total = float(hours.sum())
        out["women_share_of_carers"] = float(carer[pop.sex == WOMAN].sum()) / n_car
        out["women_share_of_hours"] = float(hours[pop.sex == WOMAN].sum()) / max(total, 1e-9)
        edges = (*CARER_AGE_GROUPS, 200)
        for lo, hi in zip(edges[:-1], edges[1:], strict=False):
            name = f"carers_{lo}_{hi - 1}" if hi < 200 else f"carers_{lo}plus"
            out[f"share_{name}"] = float(carer[(age >= lo) & (age < hi)].sum()) / n_car
        out["overloaded_share_of_carers"] = float(self.overloaded[carer].sum()) / n_car
        out["hours_per_carer"] = total / n_car
        v_hours = float(self.v_hours.sum())
        out["nonresident_share_of_hours"] = v_hours / max(total + v_hours, 1e-9)
        out["links"] = float(len(self.links))
        out["recipients"] = float((self.received > 0).sum())
        out["fte_lost_total"] = float(self.fte_lost.sum())
        return out
