"""CareModel: the Mesa model that owns time, random streams, populations and metrics.

One step is one week. The weekly cycle (docs/design.md §12) runs deaths, then need dynamics, then
records the week's metrics; ageing, births and migration run on a yearly Mesa event.
Residents are columns of arrays (:class:`~sim.population.Population`); neighbourhoods are
Mesa agents, because there are few of them and later mechanisms give them rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import mesa
import numpy as np
from mesa.time.events import Priority, Schedule

from sim.care.consequences import Consequences
from sim.care.costs import Costs
from sim.care.homecare import HomeCare
from sim.care.informal import InformalCare
from sim.care.residential import Residential
from sim.care.selfcare import Demand
from sim.care.service_vouchers import ServiceVouchers
from sim.care.workforce import Workforce
from sim.config import Config
from sim.engine.events import EventKind, EventLog, EventRegistry
from sim.engine.ledger import CareWeek
from sim.engine.levers import LeverBoard
from sim.engine.metric import Metric, MetricRegistry, WeeklyRecorder
from sim.engine.module import Step, Week, Year
from sim.engine.state import StateRegistry
from sim.engine.streams import Streams
from sim.engine.units import WEEKS_PER_YEAR
from sim.policies import Policies
from sim.population.acute import AcuteEpisodes
from sim.population.demography import Demography, LifeTable
from sim.population.housing import assign_assisted_living
from sim.population.needs import NeedDynamics
from sim.population.network import attach_arrivals, build_network
from sim.population.residents import ASSISTED_LIVING, DWELLINGS
from sim.population.synthesis import synthesise


class Neighbourhood(mesa.Agent):
    """A buurt: a neighbourhood reachable within ten minutes by bicycle (docs/figures.md §2.1).

    Args:
        model: The model.
        index: Position of the buurt in the population's ``buurt`` column.
    """

    def __init__(self, model: CareModel, index: int) -> None:
        super().__init__(model)
        self.index = index
        self.name = f"buurt {index + 1:02d}"

    @property
    def residents(self) -> np.ndarray:
        """Ids of the buurt's living residents."""
        pop = self.model.pop
        return np.flatnonzero(pop.alive & (pop.buurt == self.index))


@dataclass(frozen=True)
class ResidentView:
    """One resident's state, for inspection in tests, debugging and the dashboard."""

    id: int
    age: float
    sex: str
    buurt: int
    ses_quintile: int
    household: int
    partner: int
    dwelling: str
    need: str
    dementia: bool
    alive: bool
    hours_needed: float
    ties: dict[str, list[int]]


@dataclass(frozen=True)
class Phase:
    """A phase of the week; ``hook`` names the policy hook that runs as it begins."""

    name: str
    doc: str
    hook: str | None = None
    care: bool = False  # whether the hook gets the week's ledger


# The weekly cycle (docs/design.md §12): modules place their steps in these phases; policy
# hooks run where the phase begins.
PHASES = (
    Phase("deaths", "demography: deaths, and the dead leave care"),
    Phase("needs", "need dynamics", hook="needs"),
    Phase("capacity", "the workforce", hook="capacity"),
    Phase("demand", "hours needed, self-care: the week's ledger opens"),
    Phase("residents", "nursing-home residents"),
    Phase("respite", "short stay and day care", hook="demand", care=True),
    Phase("service_centres", "local service centres"),
    Phase("vouchers", "household help bought with service vouchers (dienstencheques)"),
    Phase("home_care", "formal home care", hook="allocation", care=True),
    Phase("informal", "informal care", hook="informal", care=True),
    Phase("consequences", "crises, unmet-need spells, loneliness"),
    Phase("admissions", "nursing-home waiting list and admissions", hook="consequences",
          care=True),
    Phase("accounts", "costs and metrics"),
)
HOOKS = tuple(p.hook for p in PHASES if p.hook)  # policy hook points, in running order


def build_plan(owners: list[Any]) -> list[tuple[Phase, list[tuple[str, Any, Step]]]]:
    """The weekly plan: every owner's steps, by phase, in the order of ``owners``."""
    by_phase: dict[str, list[tuple[str, Any, Step]]] = {p.name: [] for p in PHASES}
    for owner in owners:
        for step in getattr(owner, "weekly_steps", ()):
            if step.phase not in by_phase:
                raise ValueError(f"{owner.name}.{step.method}: unknown phase {step.phase}")
            by_phase[step.phase].append((getattr(owner, "name", "model"), owner, step))
    return [(p, by_phase[p.name]) for p in PHASES]


AGE_GROUPS = ("0_17", "18_64", "65_79", "80plus")
AGE_GROUP_EDGES = (18, 65, 80)
POPULATION_METRICS = (
    *(Metric(f"pop_{g}", "residents", f"Residents aged {label}") for g, label in zip(
        AGE_GROUPS, ("0-17", "18-64", "65-79", "80 and over"), strict=True)),
    *(Metric(f"need_{lvl}", "residents", f"Residents with {label} care need")
      for lvl, label in (("none", "no"), ("light", "a light"), ("moderate", "a moderate"),
                         ("severe", "a severe"))),
    Metric("dementia", "residents", "Residents living with dementia"),
    Metric("need_any_65plus", "residents", "Residents aged 65+ with any care need"),
    Metric("need_severe_65plus", "residents", "Residents aged 65+ with a severe care need"),
    Metric("dementia_65plus", "residents", "Residents aged 65+ living with dementia"),
    Metric("assisted_living", "residents", "Residents in an assisted-living flat "
           "(assistentiewoning)"),
    Metric("hours_needed", "h/week", "Hours of care needed this week (all sources)"),
    Metric("deaths", "residents", "Deaths this week", kind="flow"),
    Metric("births", "residents", "Births this week (recorded in the week of the yearly "
           "update or, stable regime, of a replacement)", kind="flow"),
    Metric("arrivals", "residents", "Residents arriving this week, births included",
           kind="flow"),
    Metric("departures", "residents", "Residents moving away this week", kind="flow"),
    Metric("need_up", "residents", "Residents whose need level rose this week", kind="flow"),
    Metric("need_down", "residents", "Residents whose need level fell this week",
           kind="flow"),
    Metric("policy_cost", "EUR/week", "Public cost of running the switched-on policies "
           "(coordinators, allowances, leave, coaching, training, programmes), beyond the "
           "care they buy", tables=("system",)),
)


# The care mechanisms, built from this list by Module.build(model), in this order.
CARE_MODULES = (Workforce, Residential, HomeCare, InformalCare, ServiceVouchers, Demand,
                Consequences, Costs)


class CareModel(mesa.Model):
    """Care in a Flemish municipality, week by week.

    Args:
        cfg: The validated run configuration (defaults if omitted).
        rng: Run seed; defaults to ``cfg.seed``. Every mechanism draws from its own named
            stream spawned from it (see :mod:`sim.streams`).
    """

    name = "model"
    metrics = POPULATION_METRICS
    event_kinds = (
        EventKind("death", "A resident died (recorded in the week of death, with her "
                  "attributes at death)", tuple((d, f"died living in: {d}") for d in DWELLINGS)),
        EventKind("departure", "A resident moved out of the municipality (recorded in the "
                  "first week after the yearly update)",
                  tuple((d, f"moved away from: {d}") for d in DWELLINGS)),
    )

    def __init__(self, cfg: Config | None = None, *, rng: int | None = None) -> None:
        cfg = cfg or Config()
        seed = cfg.seed if rng is None else int(rng)
        super().__init__(rng=seed)
        self.cfg = cfg
        self.streams = Streams(seed)
        self.levers = LeverBoard()  # what policies may move (sim/engine/levers.py)
        self.n_weeks = cfg.years * WEEKS_PER_YEAR
        self.pop, self.households = synthesise(
            cfg.municipality, self.streams["population"],
            wzc_share=cfg.residential.initial_wzc_share)
        self.states = StateRegistry(self.pop.n)  # every module's per-resident columns
        self.network = build_network(self.pop, self.households, cfg.network,
                                     rng=self.streams["network"])
        self.network.offer_actions(self.levers)
        # what happens to whom (sim/engine/events.py): kept only for the events table
        self.events = EventLog(self.pop if cfg.output.events else None, EVENTS)
        self.needs = NeedDynamics.build(self)
        self.acute = AcuteEpisodes.build(self)
        assign_assisted_living(self.pop, cfg.municipality.assisted_living_share_75plus,
                               self.streams["population.dwelling"])
        self.demography = Demography.build(self)
        self.n_buurten = int(self.pop.buurt.max()) + 1
        self.neighbourhoods = [Neighbourhood(self, b) for b in range(self.n_buurten)]
        self._build_care(cfg)
        self.hooks = HOOKS
        self.policies = Policies(self)
        self.policies.run("setup")
        tables = REGISTRY.tables
        self.recorder = WeeklyRecorder(self.n_weeks, self.n_buurten, tables["timeseries"])
        self.by_ses = WeeklyRecorder(self.n_weeks, 5, tables["by_ses"])
        self.system = WeeklyRecorder(self.n_weeks, 1, tables["system"])
        self.check_ledger = False  # tests switch this on: assert the identity every week
        self.policy_cost = 0.0  # public cost of the switched-on policies this week (EUR)
        self.life_table = LifeTable()
        self.population_start = int(self.pop.alive.sum())
        self.moved_in = np.zeros(0, np.int64)  # movers of the last yearly household moves
        self._refresh_keys()
        self._exposed_through = -1  # last week whose years lived are in the life table
        # The yearly event falls half-way between week 52k and 52k+1: after the metrics of
        # the year's last week and before the next week. None runs after the final week.
        self.schedule_recurring(self._yearly, Schedule(interval=WEEKS_PER_YEAR,
                                                       start=WEEKS_PER_YEAR + 0.5),
                                priority=Priority.LOW)
        every = cfg.demography.replace_every_weeks
        if cfg.demography.regime == "stable" and every < WEEKS_PER_YEAR:
            self.schedule_recurring(self._replenish, Schedule(interval=every, start=every + 0.5),
                                    priority=Priority.LOW)

    def _build_care(self, cfg: Config) -> None:
        """Create the care system: staff, facilities, services, carers, consequences."""
        for module in CARE_MODULES:  # in this order: employers join the workforce in it
            setattr(self, module.name, module.build(self))
        # The mechanisms, in the order of the weekly cycle (within a phase, steps run in
        # this order: the waiting list admits, then informal care ends the links).
        self.modules = [self.demography, self.needs, self.acute, self.workforce, self.demand,
                        self.residential, self.vouchers, self.homecare, self.informal,
                        self.consequences]
        # Who leaves first when residents exit: a carer's links end before facilities and
        # consequences forget her.
        self._exit_order = [self.informal, self.residential, self.vouchers, self.consequences,
                            self.acute]
        self.plan = build_plan([*self.modules, self])
        self._measured = [self.demand, self.residential, self.informal, self.homecare,
                          self.vouchers, self.consequences, self.costs, self.workforce,
                          self.acute]
        self.care: CareWeek | None = None
        self._formal_tasks = np.any([svc.tasks for svc in self.homecare.services], axis=0)

    # -- time --------------------------------------------------------------------------

    @property
    def week(self) -> int:
        """Index of the week being simulated (0-based); equals weeks completed after a step."""
        return int(self.time) - 1

    def step(self) -> None:
        """One week: the phases of the weekly plan, in order (docs/ODD.md, section 3)."""
        w = Week(self.week)
        self.events.at(w.week)
        self.streams.restart(w.week)  # draws line up by week across scenarios (streams.py)
        for phase, steps in self.plan:
            if phase.hook:
                self.policies.run(phase.hook, w.week, *((w.care,) if phase.care else ()))
            for _, owner, step in steps:
                getattr(owner, step.method)(w)

    # The model's own steps in the plan.
    weekly_steps = (
        Step("deaths", "leave_step", "the dead leave the life table's risk set and every "
             "care relationship and facility", reads=("dead",)),
        Step("accounts", "accounts_step", "the ledger's identity (in tests), the policies' "
             "costs and the week's metrics", reads=("care", "dead", "need_up", "need_down")),
    )

    def leave_step(self, w: Week) -> None:
        """Plan step: this week's dead are counted and leave every module."""
        self.life_table.add_deaths(self.pop, w.dead)
        self.events.record("death", w.dead, self.pop.dwelling[w.dead])
        self._leave_care(w.dead)

    def accounts_step(self, w: Week) -> None:
        """Plan step: check the ledger, cost the policies, record the week."""
        week, pop, rec = w.week, self.pop, self.recorder
        if self.check_ledger:
            w.care.check()
        self.care = w.care
        self.last_week = w  # what the week's steps handed each other, for inspection
        self.policy_cost = self.policies.costs(week)
        rec.add_events(week, "deaths", pop.buurt[w.dead])
        rec.add_events(week, "need_up", pop.buurt[w.need_up])
        rec.add_events(week, "need_down", pop.buurt[w.need_down])
        self._record_stocks(week)
        self.observe(week, w.care)
        for r in (rec, self.by_ses, self.system):
            r.weeks_done = week + 1

    def _leave_care(self, ids: np.ndarray) -> None:
        """Residents who died or moved away leave every care relationship and facility."""
        if len(ids):
            for module in self._exit_order:
                module.on_exit(ids)

    # The yearly event, after the metrics of week 52k: its steps, in order.
    yearly_steps = (
        Step("year", "exposure_step", "years lived since the last event are added to the "
             "life table, at current ages"),
        Step("year", "population_step", "ageing; births and arrivals, departures",
             writes=("arrived", "departed", "born", "donors")),
        Step("year", "departures_step", "residents who moved away leave every module",
             reads=("departed",)),
        Step("year", "arrivals_needs_step", "arrivals get a latent frailty, dementia risk "
             "and need level (stable regime: those of a resident of their age and sex)",
             reads=("arrived", "donors")),
        Step("year", "arrivals_ties_step", "arrivals are tied into the social network",
             reads=("arrived",)),
        Step("year", "moves_step", "older residents living alone move in with a child or "
             "re-partner"),
        Step("year", "columns_step", "every module's per-resident columns grow at once; "
             "modules initialise arrivals and refresh for the new year"),
        Step("year", "services_step", "home-care contingents and staff targets follow the "
             "residents by age"),
        Step("year", "places_step", "nursing-home places are re-sized to the programming "
             "norm at the current 65+ and to last year's occupancy and waiting list"),
        Step("year", "housing_step", "assisted-living flats are taken up"),
        Step("year", "year_accounts_step", "arrivals, births and departures are counted; the "
             "policies' yearly hook runs", reads=("arrived", "departed", "born")),
    )

    def _yearly(self) -> None:
        """Yearly event: the steps of :attr:`yearly_steps`, in order."""
        # Arrivals and departures take effect from the coming week: count them there.
        y = Year(int(self.time))
        self.events.at(y.week)  # the yearly flows count in the week that follows
        self.streams.restart(f"year {y.week}")
        for step in self.yearly_steps:
            getattr(self, step.method)(y)

    # Between yearly updates (stable regime), every demography.replace_every_weeks: the
    # residents who died are replaced; the arrivals join as at the yearly update.
    replenish_steps = (
        Step("year", "replenish_step", "arrivals fill the (band x sex) cells deaths emptied "
             "(stable regime; ages stand still until the yearly update)",
             writes=("arrived", "born", "donors")),
        Step("year", "arrivals_needs_step", "arrivals get a latent frailty, dementia risk "
             "and need level (stable regime: those of a resident of their age and sex)",
             reads=("arrived", "donors")),
        Step("year", "arrivals_ties_step", "arrivals are tied into the social network",
             reads=("arrived",)),
        Step("year", "columns_step", "every module's per-resident columns grow at once; "
             "modules initialise arrivals"),
        Step("year", "arrivals_accounts_step", "arrivals and births are counted",
             reads=("arrived", "born")),
    )

    def _replenish(self) -> None:
        """Replacement event between yearly updates: the steps of :attr:`replenish_steps`."""
        y = Year(int(self.time), aged=False)
        if y.week % WEEKS_PER_YEAR == 0:
            return  # the yearly update, which runs at the same time, replaces them
        self.events.at(y.week)
        self.streams.restart(f"replenish {y.week}")
        for step in self.replenish_steps:
            getattr(self, step.method)(y)

    def replenish_step(self, y: Year) -> None:
        """Replacement step: arrivals into the cells deaths emptied."""
        result = self.demography.replenish(y.week)
        y.arrived, y.born, y.donors = result.arrived, result.born, result.donors

    def arrivals_accounts_step(self, y: Year) -> None:
        """Replacement step: count the arrivals and births; re-key the weekly tally."""
        rec, pop = self.recorder, self.pop
        rec.add_events(y.week, "arrivals", pop.buurt[y.arrived])
        rec.add_events(y.week, "births", pop.buurt[y.born])
        self._refresh_keys()

    def exposure_step(self, y: Year) -> None:
        """Yearly step: exposure bookkeeping."""
        self.close_exposure()

    def population_step(self, y: Year) -> None:
        """Yearly step: ageing, arrivals and departures."""
        result = self.demography.yearly(y.week)
        y.arrived, y.departed, y.born = result.arrived, result.departed, result.born
        y.donors = result.donors

    def departures_step(self, y: Year) -> None:
        """Yearly step: the departed leave every module."""
        self.events.record("departure", y.departed, self.pop.dwelling[y.departed])
        self._leave_care(y.departed)

    def arrivals_needs_step(self, y: Year) -> None:
        """Yearly step: need levels of the arrivals."""
        self.needs.initialise(y.arrived, like=y.donors, aged=y.aged)

    def arrivals_ties_step(self, y: Year) -> None:
        """Yearly step: the network grows and ties in the arrivals."""
        self.network.grow(self.pop.n)
        attach_arrivals(self.network, self.pop, self.households, y.arrived, self.cfg.network,
                        rng=self.streams["network.arrivals"])

    def moves_step(self, y: Year) -> None:
        """Yearly step: household moves (the movers join their host's household ties)."""
        self.moved_in = self.demography.move_households(self.network,
                                                        self.streams["household_moves"])

    def columns_step(self, y: Year) -> None:
        """Yearly step: every registered column grows; modules take in the arrivals."""
        first = self.states.n
        self.states.grow(self.pop.n)
        for module in (self.informal, self.homecare, self.residential, self.consequences):
            module.on_arrivals(first, self.pop.n)

    def services_step(self, y: Year) -> None:
        """Yearly step: home care re-sizes to the residents."""
        self.homecare.yearly(y.week)

    def places_step(self, y: Year) -> None:
        """Yearly step: nursing homes re-size their places (norm, lever, demand)."""
        self.residential.resize_places()

    def housing_step(self, y: Year) -> None:
        """Yearly step: assisted living ("moving in time")."""
        assign_assisted_living(self.pop, self.cfg.municipality.assisted_living_share_75plus,
                                self.streams["population.dwelling"])

    def year_accounts_step(self, y: Year) -> None:
        """Yearly step: count the year's flows; run the policies' yearly hook."""
        rec, pop = self.recorder, self.pop
        rec.add_events(y.week, "arrivals", pop.buurt[y.arrived])
        rec.add_events(y.week, "births", pop.buurt[y.born])
        rec.add_events(y.week, "departures", pop.buurt[y.departed])
        self._refresh_keys()
        self.policies.run("yearly", y.week)

    def close_exposure(self) -> None:
        """Add years lived since the last call to the life table, at current ages."""
        week = self.recorder.weeks_done - 1
        if week > self._exposed_through:
            self.life_table.add_year(self.pop, self._exposed_through + 1, week)
            self._exposed_through = week

    # -- metrics -----------------------------------------------------------------------

    def _refresh_keys(self) -> None:
        """Cache buurt x age-group keys used by the weekly tally (ages change yearly)."""
        group = np.searchsorted(np.asarray(AGE_GROUP_EDGES), self.pop.age, side="right")
        self._group_key = ((self.pop.buurt.astype(np.int32) * 4 + group) * 24).astype(np.int32)
        self._sentinel = np.int32(self.n_buurten * 96)
        h = self.needs.hours
        self._hours_table = np.stack([h, h + self.cfg.needs.dementia_extra_hours], axis=1)
        # Resident -> (buurt x SES quintile) group: care metrics are summed per group, then
        # over quintiles (per buurt) and over buurten (per quintile).
        pop = self.pop
        self.group_key = pop.buurt.astype(np.int64) * 5 + pop.ses

    def tally(self) -> np.ndarray:
        """Living residents by (buurt, age group, dwelling, need level, dementia)."""
        pop = self.pop
        key = (self._group_key + pop.dwelling.astype(np.int32) * 8
               + pop.need * np.int8(2) + pop.dementia.view(np.int8))  # fmt: skip
        key = np.where(pop.alive, key, self._sentinel)
        counts = np.bincount(key, minlength=int(self._sentinel) + 1)[:-1]
        return counts.reshape(self.n_buurten, 4, 3, 4, 2)

    def observe(self, week: int, care: CareWeek) -> None:
        """Record the week's care metrics per buurt, per SES quintile and for the town.

        Each module computes its own metrics. Most care metrics are zero outside a
        minority (people in need, carers, people on a list), so they are evaluated on that
        subset only (the residents some module marks active), then counted (weighted) per
        (buurt, SES quintile) group; the dense ones (residents, the lonely) over everyone.
        """
        pop, measured = self.pop, self._measured
        mask, any_ = np.zeros(pop.n, bool), np.zeros(pop.n, bool)
        for m in measured:
            if hasattr(m, "active_residents"):
                part, dead_too = m.active_residents(care)
                mask |= part
                if dead_too is not None:
                    any_ |= dead_too
        idx = np.flatnonzero(mask & pop.alive | any_)
        weights: dict[str, Any] = {}
        dense: dict[str, np.ndarray] = {}
        for m in measured:
            if hasattr(m, "care_metrics"):
                weights.update(m.care_metrics(idx, care))
            if hasattr(m, "dense_metrics"):
                dense.update(m.dense_metrics())
        by_ses = REGISTRY.tables["by_ses"]
        names = [m for m in by_ses if m not in dense]
        order = names + [m for m in by_ses if m in dense]
        groups = self.n_buurten * 5
        sums = np.zeros((len(order), groups))
        key = self.group_key[idx]
        for i, name in enumerate(order):
            w = dense[name] if name in dense else weights[name]
            if name in dense:
                sums[i] = np.bincount(self.group_key, weights=w, minlength=groups)
            elif isinstance(w, tuple):  # an event: count its residents
                sums[i] = np.bincount(self.group_key[w[0]], minlength=groups)
            else:
                sums[i] = np.bincount(key, weights=w, minlength=groups)
        sums = sums.reshape(len(order), self.n_buurten, 5)
        self.recorder.set_many(week, order, sums.sum(axis=2))
        self.by_ses.set_many(week, order, sums.sum(axis=1))
        values = {"policy_cost": self.policy_cost}
        for m in measured:
            if hasattr(m, "system_metrics"):
                values.update(m.system_metrics())
        self.system.set_many(week, list(values), np.fromiter(values.values(), float)[:, None])

    def _record_stocks(self, week: int) -> None:
        c = self.tally()
        rec = self.recorder
        by_group = c.sum(axis=(2, 3, 4))
        for i, name in enumerate(("pop_0_17", "pop_18_64", "pop_65_79", "pop_80plus")):
            rec.set(week, name, by_group[:, i])
        by_need = c.sum(axis=(1, 2, 4))
        for i, name in enumerate(("need_none", "need_light", "need_moderate", "need_severe")):
            rec.set(week, name, by_need[:, i])
        need_dem = c.sum(axis=(1, 2))
        rec.set(week, "dementia", need_dem[:, :, 1].sum(axis=1))
        old = c[:, 2:].sum(axis=(1, 2))  # (buurt, need, dementia) for 65+
        rec.set(week, "need_any_65plus", old[:, 1:].sum(axis=(1, 2)))
        rec.set(week, "need_severe_65plus", old[:, 3].sum(axis=1))
        rec.set(week, "dementia_65plus", old[:, :, 1].sum(axis=1))
        rec.set(week, "assisted_living", c[:, :, ASSISTED_LIVING].sum(axis=(1, 2, 3)))
        episodes = self.acute.current  # post-hospital nursing need (at home)
        rec.set(week, "hours_needed", (need_dem * self._hours_table).sum(axis=(1, 2))
                + np.bincount(self.pop.buurt[episodes.ids], weights=episodes.hours,
                              minlength=self.n_buurten))

    # -- running and inspection --------------------------------------------------------

    def run(self, weeks: int | None = None, *, progress: bool = False) -> None:
        """Run ``weeks`` weeks (default: the whole horizon), optionally with a progress bar."""
        weeks = self.n_weeks - (self.week + 1) if weeks is None else weeks
        if not progress:
            self.run_for(weeks)
            return
        from tqdm import tqdm

        with tqdm(total=weeks, unit="week", desc="simulating", leave=False) as bar:
            for _ in range(weeks):
                self.step()
                bar.update(1)

    def resident(self, i: int) -> ResidentView:
        """A read-only view of one resident."""
        pop, net = self.pop, self.network
        ties = {kind: getattr(net, kind)[[i], :].indices.tolist() for kind in
                ("household", "kin", "neighbour", "friend")}
        return ResidentView(
            id=i, age=float(pop.age[i]), sex=("man", "woman")[pop.sex[i]],
            buurt=int(pop.buurt[i]), ses_quintile=int(pop.ses[i]) + 1,
            household=int(pop.household[i]), partner=int(pop.partner[i]),
            dwelling=DWELLINGS[pop.dwelling[i]], need=("none", "light", "moderate",
                                                       "severe")[pop.need[i]],
            dementia=bool(pop.dementia[i]), alive=bool(pop.alive[i]),
            hours_needed=float(self.needs.hours_needed()[i]), ties=ties,
        )  # fmt: skip


# Every metric the model records, declared once by the module that computes it (in the
# order of the weekly tables' columns).
REGISTRY = MetricRegistry.collect([CareModel, Demand, Residential, InformalCare, HomeCare,
                                   ServiceVouchers, Consequences, Costs, Workforce,
                                   AcuteEpisodes])
# Every kind of event the model records (the events table, sim/engine/events.py).
EVENTS = EventRegistry.collect([CareModel, Residential, HomeCare, InformalCare,
                                AcuteEpisodes])
