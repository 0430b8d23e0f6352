"""Mantelzorg (informal care): residents who care for someone in their network.

Carers are residents in a role (DESIGN.md, point 3): an adult becomes a carer through a
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
"""

from __future__ import annotations

import numpy as np

from sim.config import InformalCareConfig
from sim.engine.ledger import CareWeek, task_mask
from sim.engine.levers import Action, Filter, Lever, LeverBoard
from sim.engine.metric import CARE_TABLES, Metric, events
from sim.engine.module import Module, Step, Week
from sim.engine.state import State, StateRegistry
from sim.engine.streams import keyed_uniform, pair_uniform, stream_key
from sim.engine.units import HOURS_PER_WEEK, WEEKS_PER_YEAR
from sim.population.network import ADULT_AGE, CHILD_AGE_GAP, SocialNetwork
from sim.population.residents import NURSING_HOME, WOMAN, Population

KINDS = ("partner", "household", "child", "nonresident_child", "kin", "neighbour", "friend")
PARTNER, HOUSEHOLD, CHILD, NONRESIDENT_CHILD, KIN, NEIGHBOUR, FRIEND = range(7)
HOPELESS_WEEKS = 26  # a recipient none of whose ties would ever accept asks again after
STRAIN_CAP = 3.0  # strain above this builds burden no faster (keeps tiny capacities sane)
CARER_AGE_GROUPS = (18, 45, 65, 80)  # carer statistics: 18-44, 45-64, 65-79, 80+
_VIRTUAL_KEY = np.int64(1) << np.int64(40)  # pair-hash key offset of virtual carers
LEVERS = (
    Lever("informal.capacity_factor", 1.0, "x", "multiply",
          "every carer's capacity for care this week (a crisis: own illness, closed schools)"),
    Lever("informal.willingness_factor", 1.0, "x", "multiply",
          "every tie's willingness to take on care (a carer allowance)"),
    Lever("informal.willingness_by_buurt", None, "x", "multiply",
          "willingness by the recipient's buurt and tie kind (caring neighbourhoods)",
          shape="buurt x tie kind"),
    Lever("informal.coaching_factor", 1.0, "x", "multiply",
          "how fast the burden of a carer in coaching grows"),
    Filter("informal.work_cuts", "overloaded working carers who would cut their paid work "
           "this week; a policy may take some out (a care leave instead)"),
)


def _read_only(a: np.ndarray) -> np.ndarray:
    v = a.view()
    v.flags.writeable = False
    return v


def csr_rows(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and storage offset of every entry in the given rows of a CSR structure."""
    start = indptr[rows].astype(np.int64)
    cnt = indptr[rows + 1].astype(np.int64) - start
    rep = np.repeat(rows, cnt)
    offs = np.repeat(start - (np.cumsum(cnt) - cnt), cnt) + np.arange(int(cnt.sum()))
    return rep, offs


_COLUMNS = ("slot", "recipient", "kind", "idle", "start")


def _fill_in_order(open_: np.ndarray, supply: np.ndarray, starts: np.ndarray,
                   seg: np.ndarray) -> np.ndarray:
    """Per link, hours that fill its recipient's open hours in link order.

    Links are grouped by recipient (``starts`` the first link of each group, ``seg`` each
    link's group); ``open_`` is the recipient's open hours repeated per link and ``supply``
    what each link can give. Earlier links of a recipient give first.
    """
    before = np.cumsum(supply) - supply
    prior = before - before[starts][seg]
    return np.clip(open_ - prior, 0.0, supply)


class CareLinks:
    """The table of care relationships, one row per (carer, recipient).

    Integer columns live in one (5, L) array and hours in a float array, so dropping or
    reordering links is two ``take`` operations.

    Attributes:
        table: Rows ``slot`` (carer slot: resident id, or ``n_residents`` + virtual carer
            index), ``recipient`` (resident id), ``kind`` (index into ``KINDS``, also the
            priority: 0 first), ``idle`` (weeks in a row without hours), ``start`` (week).
        hours: Hours given through each link in the last week.
        n_residents: Number of resident slots (``pop.n``).
        ordered: Whether links are sorted by recipient, then priority.
    """

    def __init__(self, n_residents: int) -> None:
        self.table = np.zeros((len(_COLUMNS), 0), np.int64)
        self.hours = np.zeros(0, np.float64)
        self.n_residents = n_residents
        self.ordered = True

    def __len__(self) -> int:
        return self.table.shape[1]

    @property
    def slot(self) -> np.ndarray:
        """Carer slot of each link."""
        return self.table[0]

    @property
    def recipient(self) -> np.ndarray:
        """Resident id of the person cared for."""
        return self.table[1]

    @property
    def kind(self) -> np.ndarray:
        """Tie kind (index into ``KINDS``)."""
        return self.table[2]

    @property
    def priority(self) -> np.ndarray:
        """Order in which a recipient's carers fill its hours (0 first): the tie kind."""
        return self.table[2]

    @property
    def idle(self) -> np.ndarray:
        """Weeks in a row the link gave no hours."""
        return self.table[3]

    @property
    def start(self) -> np.ndarray:
        """Week the link started."""
        return self.table[4]

    @property
    def carer(self) -> np.ndarray:
        """Resident id of the carer, -1 for a virtual (non-resident) carer."""
        s = self.table[0]
        return np.where(s < self.n_residents, s, -1)

    @property
    def virtual(self) -> np.ndarray:
        """Index of the virtual carer, -1 for a resident carer."""
        s = self.table[0]
        return np.where(s >= self.n_residents, s - self.n_residents, -1)

    def select(self, keep: np.ndarray) -> None:
        """Keep only the rows where ``keep`` (a mask or an index array), in place."""
        idx = np.flatnonzero(keep) if keep.dtype == bool else keep
        self.table = self.table.take(idx, axis=1)
        self.hours = self.hours.take(idx)
        self.ordered &= keep.dtype == bool

    def extend(self, slot: np.ndarray, recipient: np.ndarray, kind: np.ndarray,
               week: int) -> None:
        """Append new links (hours 0) starting in ``week``."""
        k = len(recipient)
        new = np.stack([slot, recipient, kind, np.zeros(k, np.int64),
                        np.full(k, week, np.int64)]).astype(np.int64)
        self.table = np.concatenate([self.table, new], axis=1)
        self.hours = np.concatenate([self.hours, np.zeros(k)])
        self.ordered = self.ordered and k == 0

    def sort(self) -> None:
        """Order links by recipient, then priority (a no-op when already ordered)."""
        if not self.ordered:
            self.select(np.argsort(self.recipient * len(KINDS) + self.kind, kind="stable"))
            self.ordered = True

    def shift_virtual(self, k: int) -> None:
        """Move virtual slots up by ``k`` when ``k`` residents are added before them."""
        s = self.table[0]
        s[s >= self.n_residents] += k
        self.n_residents += k


class InformalCare(Module):
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
        State("paused_fte", np.float32, doc="paid work paused (a care leave)", unit="FTE"),
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

    def __init__(self, cfg: InformalCareConfig, pop: Population, network: SocialNetwork, *,
                 rng: np.random.Generator, levers: LeverBoard | None = None,
                 states: StateRegistry | None = None) -> None:
        self.cfg, self.pop, self.network, self.rng = cfg, pop, network, rng
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
    def fte_reduced(self) -> np.ndarray:
        """Paid work (FTE) each resident has given up for care and not yet taken up again."""
        return self.fte_lost - self.fte_back

    @property
    def n_virtual(self) -> int:
        """Number of virtual carers created so far."""
        return len(self.v_parent)

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
    def v_limit(self) -> np.ndarray:
        """Hard limit of each virtual carer (capacity plus stretch, h/week)."""
        return self._limit[self.n:]

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
    def v_capacity(self) -> np.ndarray:
        """Capacity of each virtual carer (h/week, distance-reduced)."""
        return self._cap[self.n:]

    @property
    def v_hours(self) -> np.ndarray:
        """Hours each virtual carer gave this week."""
        return self._hours[self.n:]

    @property
    def v_burden(self) -> np.ndarray:
        """Burden of each virtual carer."""
        return self._burden[self.n:]

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

    def employment(self, age: np.ndarray, sex: np.ndarray, need: np.ndarray,
                   work_u: np.ndarray, part_u: np.ndarray) -> np.ndarray:
        """Paid work (FTE) from persistent draws: employed, then part-time or full-time.

        The employment rate by age is shared by both sexes and split by the published
        women/men ratio by age; part-time shares are the published ones by sex. Own need lowers
        the chance of a job.
        """
        c = self.cfg
        r = np.interp(age, c.women_ratio_ages, c.women_ratio)
        sex_factor = np.where(sex == WOMAN, 2 * r / (1 + r), 2 / (1 + r))
        rate = np.interp(age, c.employment_ages, c.employment_rate) * sex_factor
        rate = rate * np.asarray(c.employment_need_factor)[need]
        rate = np.where(age < c.employment_ages[0], 0.0, rate)
        part = np.where(sex == WOMAN, c.part_time_women, c.part_time_men)
        fte = np.where(part_u < part, c.part_time_fte, 1.0)
        return np.where(work_u < rate, fte, 0.0).astype(np.float32)

    def _age_capacity(self, age: np.ndarray) -> np.ndarray:
        c = self.cfg
        slope = (1 - c.capacity_at_90) / max(90.0 - c.old_carer_age, 1e-9)
        return np.clip(1 - slope * (age - c.old_carer_age), 0.0, 1.0).astype(np.float32)

    def _refresh(self) -> None:
        """Recompute the parts of capacity that change yearly: jobs, childcare, age."""
        pop, c = self.pop, self.cfg
        n = self.n
        live = pop.alive & (pop.household >= 0)
        hh = np.where(live, pop.household, 0)
        n_hh = int(hh.max(initial=0)) + 1
        adult = pop.age >= ADULT_AGE
        minors = np.bincount(hh[live & ~adult], minlength=n_hh)
        adults = np.bincount(hh[live & adult], minlength=n_hh)
        with_minors = live & adult & (minors[hh] > 0)
        childcare = np.where(with_minors, c.childcare_hours / np.maximum(adults[hh], 1), 0.0)
        self._free = (HOURS_PER_WEEK - c.personal_hours - childcare).astype(np.float32)
        self._age_factor = self._age_capacity(pop.age)
        self._fte_base = self.employment(pop.age, pop.sex, pop.need, self._work_u[:n],
                                         self._part_u[:n])
        self.paid_fte = np.maximum(self._fte_base - self.fte_reduced - self.paused_fte,
                                   0).astype(np.float32)
        self._update_static()
        # Share of adults with minors at home by whole age: virtual carers draw from it.
        years = np.minimum(pop.age.astype(np.int64), 120)
        tot = np.bincount(years[live & adult], minlength=121)
        mk = np.bincount(years[with_minors], minlength=121)
        self._minors_by_age = mk / np.maximum(tot, 1)
        self._refresh_virtual(np.arange(self.n_virtual))

    def _update_static(self, ids: np.ndarray | None = None) -> None:
        """Capacity before health: free time minus paid work, capped, times the age factor.

        It changes only when jobs, households or ages change (yearly) or paid work is cut.
        """
        c = self.cfg
        sel = slice(None) if ids is None else ids
        work = self.paid_fte[sel] * np.float32(c.hours_per_fte + c.commute_hours_per_fte)
        free = np.maximum(self._free[sel] - work, 0) * np.float32(c.care_share_of_free)
        self._static[sel] = np.minimum(free, np.float32(c.max_care_hours)) * self._age_factor[sel]

    def _refresh_virtual(self, v: np.ndarray) -> None:
        """Capacity of virtual carers ``v``: like a resident's, reduced by distance."""
        c = self.cfg
        if v.size == 0:
            return
        age = np.maximum(self.pop.age[self.v_parent[v]] - self.v_gap[v], ADULT_AGE)
        work_u, part_u, minors_u = self.v_draws[:, v]
        fte = self.employment(age, self.v_sex[v], np.zeros(v.size, np.int64), work_u, part_u)
        years = np.minimum(age.astype(np.int64), 120)
        childcare = np.where(minors_u < self._minors_by_age[years], c.childcare_hours / 2, 0.0)
        free = (HOURS_PER_WEEK - c.personal_hours - childcare
                - fte * (c.hours_per_fte + c.commute_hours_per_fte))
        cap = np.clip(free * c.care_share_of_free, 0, c.max_care_hours) * self._age_capacity(age)
        self._v_cap[v] = cap * c.nonresident_capacity_factor
        self._cap[self.n + v] = self._v_cap[v] * np.float32(
            self.levers.value("informal.capacity_factor"))

    def _add_virtual(self, recipients: np.ndarray) -> None:
        """Create the non-resident children of these residents' parent units (once).

        A couple shares its children: both partners point to the same virtual carers.
        """
        pop, net = self.pop, self.network
        r = recipients[self.v_base[recipients] < 0]
        r = np.unique(r[net.nonresident_children[r] > 0])
        if r.size == 0:
            return
        k = net.nonresident_children[r].astype(np.int64)
        mate = pop.partner[r].astype(np.int64)
        safe = np.maximum(mate, 0)
        share = (mate >= 0) & (net.nonresident_children[safe] == k) & (self.v_base[safe] < 0)
        head = np.where(share, np.minimum(r, mate), r)
        other = np.where(share, np.maximum(r, mate), -1)
        head, first = np.unique(head, return_index=True)
        k, other = k[first], other[first]
        base = self.n_virtual + np.cumsum(k) - k
        self.v_base[head] = base
        self.v_base[other[other >= 0]] = base[other >= 0]
        m = int(k.sum())
        self.v_parent = np.concatenate([self.v_parent, np.repeat(head, k)])
        self.v_sex = np.concatenate([self.v_sex, self.rng.integers(0, 2, m).astype(np.int8)])
        self.v_gap = np.concatenate([self.v_gap, self.rng.uniform(*CHILD_AGE_GAP, m)
                                     .astype(np.float32)])
        self.v_draws = np.concatenate([self.v_draws, self.rng.random((3, m))], axis=1)
        self._v_cap = np.concatenate([self._v_cap, np.zeros(m, np.float32)])
        for st in self.states:
            if st.tail:
                setattr(self, st.name, np.concatenate([getattr(self, st.name),
                                                       np.zeros(m, st.dtype)]))
        self._ok[-m:] = True
        self._refresh_virtual(np.arange(self.n_virtual - m, self.n_virtual))

    # -- weekly step ----------------------------------------------------------------------

    def eligible_carer(self) -> np.ndarray:
        """Residents who can care now.

        Living adults outside a nursing home, not severely in need and without dementia.
        """
        pop = self.pop
        return (pop.alive & (pop.age >= ADULT_AGE) & (pop.dwelling != NURSING_HOME)
                & (pop.need < 3) & ~pop.dementia)  # fmt: skip

    def _sex_factor(self, slot: np.ndarray, kind: np.ndarray) -> np.ndarray:
        """Willingness multiplier by the candidate's sex (partners excepted).

        Daughters take on the care of a parent (and women the care of kin, neighbours and
        friends) more often than sons and men; between partners the gap is small.
        """
        n = self.n
        sex = np.where(slot < n, self.pop.sex[np.minimum(slot, n - 1)],
                       self.v_sex[np.maximum(slot - n, 0)] if self.n_virtual else 0)
        f = np.where(sex == WOMAN, 1.0, self.cfg.men_willingness_factor)
        return np.where(kind == PARTNER, 1.0, f)

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
        self.end_links(w.admitted)

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

    def _recruit(self, open_: np.ndarray, week: int) -> None:
        """Recipients with uncovered hours ask their ties for one more carer.

        Ties are asked in priority order; the first that accepts becomes a carer.
        """
        pop, net, cfg, L = self.pop, self.network, self.cfg, self.links
        n = self.n
        R = np.flatnonzero(open_ - self._supply > cfg.recruit_gap_hours)
        R = R[self._next_ask[R] <= week]
        if len(L):  # links are ordered by recipient here
            n_links = (np.searchsorted(L.recipient, R, "right")
                       - np.searchsorted(L.recipient, R, "left"))
            R = R[n_links < cfg.max_carers]
        R = R.astype(np.int64)
        if R.size == 0:
            return
        # Resident candidates by tie kind; the partner is the household member
        # ``pop.partner`` points to. A pair tied in two ways keeps its closest kind below.
        recs, cars, kinds = [], [], []
        for m, k in ((net.household, HOUSEHOLD), (net.children, CHILD), (net.kin, KIN),
                     (net.neighbour, NEIGHBOUR), (net.friend, FRIEND)):
            r, offs = csr_rows(m.indptr, R)
            recs.append(r)
            cars.append(m.indices[offs])
            kinds.append(np.full(r.size, k, np.int8))
        # Virtual candidates: the recipients' children living elsewhere.
        self._add_virtual(R)
        kv = net.nonresident_children[R].astype(np.int64)
        has = (kv > 0) & (self.v_base[R] >= 0)
        kv, Rv = kv[has], R[has]
        recs.append(np.repeat(Rv, kv))
        cars.append(n + np.repeat(self.v_base[Rv], kv) + np.arange(int(kv.sum()))
                    - np.repeat(np.cumsum(kv) - kv, kv))
        kinds.append(np.full(int(kv.sum()), NONRESIDENT_CHILD, np.int8))
        rec, car = np.concatenate(recs), np.concatenate(cars).astype(np.int64)
        kind = np.concatenate(kinds)
        kind[(kind == HOUSEHOLD) & (car == pop.partner[rec])] = PARTNER
        # Each pair's fixed draw u: a tie can only accept if u < its kind's willingness;
        # time, care already given and overload lower the chance further.
        key = np.where(car >= n, car - n + _VIRTUAL_KEY, car)
        u = pair_uniform(self.seed, key, rec)
        will = self.willingness[kind] * self._sex_factor(car, kind)
        factor = self.levers.value("informal.willingness_factor")
        if factor != 1.0:
            will = will * factor
        if self.levers.is_set("informal.willingness_by_buurt"):
            will = will * self.levers.value("informal.willingness_by_buurt")[pop.buurt[rec], kind]
        could = (u < will) & self._ok[car] & (car != rec)
        # A request nobody accepts is repeated after about recruit_retry_weeks; when no
        # tie would accept even with all the time in the world, after HOPELESS_WEEKS.
        at = np.empty(n, np.int64)
        at[R] = np.arange(R.size)
        hope = np.bincount(at[rec], could, minlength=R.size) > 0
        retry = np.where(hope, cfg.recruit_retry_weeks, HOPELESS_WEEKS)
        wait = keyed_uniform(self._keys["retry"], week, R) * (retry + 1)
        self._next_ask[R] = week + retry // 2 + wait.astype(np.int64)
        could &= self._cooldown[car] <= week
        rec, car, kind, u, will = rec[could], car[could], kind[could], u[could], will[could]
        # Availability: spare time (capacity not yet given to others) as a share of the
        # free week of a healthy adult without job or children.
        free_week = (HOURS_PER_WEEK - cfg.personal_hours) * cfg.care_share_of_free
        nominal = np.where(car >= n, free_week * cfg.nonresident_capacity_factor, free_week)
        avail = np.minimum(np.maximum(self._cap[car] - self._hours[car], 0)
                           / np.maximum(nominal, 1e-9), 1)
        n_care = np.bincount(L.slot, minlength=self._cap.size)[car]
        elasticity = np.where(kind <= HOUSEHOLD, cfg.coresident_availability_elasticity,
                              cfg.availability_elasticity)
        p = (will * avail ** elasticity
             * cfg.caring_already_factor ** n_care
             * np.where(self._over[car], cfg.overloaded_willingness_factor, 1.0))
        acc = u < p
        rec, car, kind, avail = rec[acc], car[acc], kind[acc], avail[acc]
        if rec.size == 0:
            return
        # Not someone who already cares for this recipient (links are ordered by
        # recipient, and a recipient has fewer than max_carers of them).
        lo = np.searchsorted(L.recipient, rec, "left")
        hi = np.searchsorted(L.recipient, rec, "right")
        known = np.zeros(rec.size, bool)
        for j in range(int((hi - lo).max(initial=0))):
            at = np.minimum(lo + j, len(L) - 1)
            known |= (lo + j < hi) & (L.slot[at] == car)
        rec, car, kind, avail = rec[~known], car[~known], kind[~known], avail[~known]
        # Among ties of the same kind who would accept, the one with most time is asked
        # first (the sibling with a part-time job rather than the one working full-time).
        order = np.lexsort((car, -avail, kind, rec))
        rec, car, kind = rec[order], car[order], kind[order]
        first = np.ones(rec.size, bool)
        first[1:] = rec[1:] != rec[:-1]
        rec, car, kind = rec[first], car[first], kind[first]
        self._next_ask[rec] = week + cfg.recruit_interval_weeks
        L.extend(car, rec, kind, week)
        self.new_links = int(rec.size)

    def _give(self, care: CareWeek, open_: np.ndarray, ids: np.ndarray, inv: np.ndarray
              ) -> np.ndarray:
        """Split capacity over links and fill each recipient's open hours by priority.

        Links must be sorted by recipient and priority. A carer's capacity is split over
        its links in proportion to the recipients' open hours; within a recipient, links
        fill the open hours in priority order. Capacity a saturated recipient leaves
        unused is not handed on (a second pass changed total hours by < 0.2%).

        Returns:
            Hours given per link.
        """
        n, L = self.n, self.links
        self._hours[:] = 0
        self.received = np.zeros(n, np.float32)
        if len(L) == 0:
            self._supply = self.received.copy()
            return np.zeros(0)
        rec = L.recipient
        new_rec = np.ones(rec.size, bool)
        new_rec[1:] = rec[1:] != rec[:-1]
        starts = np.flatnonzero(new_rec)
        seg = np.cumsum(new_rec) - 1  # link -> recipient segment
        urec = rec[starts]
        o = open_[urec].astype(np.float64)[seg]
        denom = np.bincount(inv, o, minlength=ids.size)[inv]
        share = self._cap[ids].astype(np.float64)[inv] * o / np.where(denom > 0, denom, 1)
        given = _fill_in_order(o, share, starts, seg)
        # Stretch: what the planned capacity left undone, carers take on beyond their plan,
        # up to a share of that capacity set by how close the tie is (a partner cannot walk
        # away; a neighbour can). These hours build burden like any other.
        reserve = share * self.stretch[L.kind]
        limit = share + reserve
        if reserve.any():
            left = np.maximum(o - np.add.reduceat(given, starts)[seg], 0.0)
            given += _fill_in_order(left, reserve, starts, seg)
        self._limit[:] = 0
        self._limit[ids] = np.bincount(inv, limit, minlength=ids.size)
        want = np.add.reduceat(given, starts)
        got = care.give("informal", self.mask, want, urec).astype(np.float64)
        ratio = np.minimum(got / np.where(want > 0, want, 1), 1.0)
        given *= ratio[seg]
        L.hours = given
        L.table[3] = np.where(given > 0, 0, L.idle + 1)
        self.received[urec] = np.add.reduceat(given, starts)
        self._supply = self.received.copy()
        self._hours[ids] = np.bincount(inv, given, minlength=ids.size)
        return given

    def _update_burden(self, given: np.ndarray, relief: np.ndarray, ids: np.ndarray,
                       inv: np.ndarray) -> None:
        """Grow burden above a sustainable load, recover below it; respite relieves.

        ``ids`` are the slots of carers with a link and of everyone still recovering.
        """
        cfg, pop, L = self.cfg, self.pop, self.links
        eff = np.zeros(ids.size)
        if len(L):
            rec = L.recipient
            load = given * (1 + cfg.dementia_strain * pop.dementia[rec])
            rel = relief[rec]
            if rel.any():  # respite relieves each carer in proportion to her share
                got = self.received[rec].astype(np.float64)
                load -= cfg.respite_relief_weight * rel * (given / np.where(got > 0, got, 1))
            eff = np.bincount(inv, load, minlength=ids.size)
        eff = np.maximum(eff, 0)
        sustainable = cfg.sustainable_share * self._cap[ids].astype(np.float64)
        strain = np.where(sustainable > 0, eff / np.where(sustainable > 0, sustainable, 1),
                          np.where(eff > 0, STRAIN_CAP, 0.0))
        strain = np.minimum(strain, STRAIN_CAP)
        growth = cfg.burden_growth
        coaching = self.levers.value("informal.coaching_factor")
        if coaching != 1.0:
            growth = growth * np.where(self._coached[ids], coaching, 1.0)
        delta = np.where(strain > 1, growth * (strain - 1),
                         -cfg.burden_recovery * (1 - strain))
        b = np.clip(self._burden[ids] + delta, 0, cfg.burden_max).astype(np.float32)
        self._burden[ids] = b
        self._over[ids] = b > cfg.overload_threshold
        self._over[: self.n] &= pop.alive

    def pause_work(self, ids: np.ndarray) -> np.ndarray:
        """Residents ``ids`` pause the paid work a work cut would take (a care leave).

        Their job is kept: :meth:`resume_work` gives it back. Returns the FTE paused.
        """
        fte = np.minimum(self.paid_fte[ids], np.float32(self.cfg.work_cut_fte))
        self.paid_fte[ids] -= fte
        self.paused_fte[ids] = fte
        self._update_static(ids)
        return fte

    def resume_work(self, ids: np.ndarray) -> None:
        """Residents ``ids`` take up the paid work they paused again."""
        top = np.maximum(self._fte_base[ids] - self.fte_reduced[ids], 0)
        self.paid_fte[ids] = np.minimum(self.paid_fte[ids] + self.paused_fte[ids], top)
        self.paused_fte[ids] = 0
        self._update_static(ids)

    def coach(self, slots: np.ndarray) -> None:
        """Carer slots ``slots`` start coaching (their burden grows by the coaching factor)."""
        self._coached[slots] = True

    def _carers_of_severe(self) -> int:
        """Carers (slots) who gave hours this week to a recipient with severe need."""
        L = self.links
        if not len(L):
            return 0
        severe = self.pop.need[L.recipient] == 3
        paid = np.zeros(self._hours.size, bool)
        paid[L.slot[severe & (L.hours > 0)]] = True
        return int(np.count_nonzero(paid))

    def _consequences(self, week: int) -> tuple[np.ndarray, np.ndarray]:
        """Overload harms health and work and may end care; links also end otherwise.

        Returns:
            The resident carers who stopped and the recipients of the ended links.
        """
        cfg, pop, L = self.cfg, self.pop, self.links
        n = self.n
        over = np.flatnonzero(self._over)
        res = over[over < n]
        pop.frailty[res] += np.float32(cfg.frailty_per_overload_week)
        working = res[self.paid_fte[res] > 0]
        # The lower earner of a couple gives up work first (household economics).
        mate = pop.partner[working]
        lower = (mate >= 0) & (self.paid_fte[working] < self.paid_fte[np.maximum(mate, 0)])
        hazard = (cfg.work_cut_hazard * np.where(lower, cfg.lower_earner_cut_factor, 1.0)
                  * np.asarray(cfg.work_cut_sex_factor)[pop.sex[working]])
        cut_ids = working[keyed_uniform(self._keys["cut"], week, working) < hazard]
        cut_ids = self.levers.filter("informal.work_cuts", cut_ids, week)
        cut = np.minimum(self.paid_fte[cut_ids], np.float32(cfg.work_cut_fte))
        self.paid_fte[cut_ids] -= cut
        self.fte_lost[cut_ids] += cut
        self._update_static(cut_ids)
        self.fte_lost_week = np.bincount(pop.sex[cut_ids], cut, minlength=2).astype(np.float64)
        # Back to work: a former carer who cares no more and has recovered from overload
        # takes up the paid work she gave up again.
        reduced = np.flatnonzero(self.fte_reduced > 0)
        idle = reduced[(self._hours[reduced] == 0) & (self._burden[reduced] == 0)
                       & pop.alive[reduced]]
        back = idle[keyed_uniform(self._keys["back"], week, idle) < cfg.work_return_hazard]
        if back.size:
            self.fte_back[back] = self.fte_lost[back]
            self.paid_fte[back] = np.maximum(self._fte_base[back] - self.paused_fte[back], 0)
            self._update_static(back)
        if len(L) == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        # Drop-out of overloaded carers (all their links) and withdrawal per link.
        quit_ = np.zeros(self._cap.size, bool)
        quit_[over[keyed_uniform(self._keys["quit"], week, over) < cfg.stop_hazard_overload]] = True
        slot = L.slot
        hazard = self.withdraw[L.kind] + cfg.withdraw_per_burden * self._burden[slot]
        # An overloaded carer who gives up keeps caring for someone she lives with, except
        # with chance coresident_stop_factor (she cannot walk away from a partner at home).
        link_key = self._keys["link"] + np.uint64(week)
        u = pair_uniform(link_key, slot, L.recipient)  # per link and week
        end = u < hazard
        q = np.flatnonzero(quit_[slot])  # links of carers who give up (few)
        if q.size:
            stay = (L.kind[q] <= HOUSEHOLD) & (pair_uniform(
                link_key + np.uint64(1 << 40), slot[q], L.recipient[q])
                >= cfg.coresident_stop_factor)
            end[q[~stay]] = True
        ended = np.unique(slot[end])
        self._cooldown[ended] = week + cfg.cooldown_weeks
        self.stopped_virtual = int((ended >= n).sum())
        lost = L.recipient[end]
        self._drop(~end)
        return ended[ended < n], lost

    def ask_again(self, ids: np.ndarray | None = None) -> None:
        """Let recipients (all, or ``ids``) look for carers again from the next step.

        For policies that add ties (a caring-neighbourhood project): recipients who found
        nobody otherwise wait up to ``HOPELESS_WEEKS`` before asking again.
        """
        if ids is None:
            self._next_ask[:] = 0
        else:
            self._next_ask[np.asarray(ids, np.int64)] = 0

    def end_links(self, ids: np.ndarray) -> None:
        """End every link where ``ids`` are carer or recipient (death, moving, nursing home).

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
        self._drop(~end)
        self._pending_lost = np.concatenate([self._pending_lost, lost])
        self._hours[ids] = 0

    # -- inspection -----------------------------------------------------------------------

    def carer_burden(self) -> np.ndarray:
        """Per resident, the highest burden among the carers caring for her (0 if none).

        Respite services use it to prioritise recipients whose carers are close to
        breaking down.
        """
        out = np.zeros(self.n, np.float32)
        L = self.links
        if len(L):
            np.maximum.at(out, L.recipient, self._burden[L.slot])
        return out

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
