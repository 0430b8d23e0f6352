"""CareModel: the Mesa model that owns time, random streams, populations and metrics.

One step is one week. The weekly cycle (DESIGN.md) runs deaths, then need dynamics, then
records the week's metrics; ageing, births and migration run on a yearly Mesa event.
Residents are columns of arrays (:class:`~sim.population.Population`); neighbourhoods are
Mesa agents, because there are few of them and later mechanisms give them rules.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np
from mesa.time.events import Priority, Schedule

from sim.care.consequences import Consequences
from sim.care.costs import Costs
from sim.care.homecare import HomeCare
from sim.care.informal import InformalCare
from sim.care.residential import Residential
from sim.care.selfcare import Demand
from sim.care.workforce import Workforce
from sim.config import Config
from sim.engine.ledger import CareWeek
from sim.engine.levers import LeverBoard
from sim.engine.streams import Streams
from sim.engine.units import WEEKS_PER_YEAR
from sim.outputs.metrics import AGE_GROUP_EDGES, BY_SES, SYSTEM, WeeklyRecorder, observe_care
from sim.policies import Policies
from sim.population.demography import MAX_AGE, Demography
from sim.population.needs import NeedDynamics
from sim.population.network import attach_arrivals, build_network
from sim.population.residents import ASSISTED_LIVING, DWELLINGS, HOME, NURSING_HOME, Population
from sim.population.synthesis import synthesise


class Neighbourhood(mesa.Agent):
    """A buurt: a neighbourhood reachable within ten minutes by bicycle (DOMAIN.md).

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


class LifeTable:
    """Deaths and years lived by sex and whole age, accumulated during a run."""

    def __init__(self) -> None:
        self.deaths = np.zeros((2, MAX_AGE))
        self.exposure = np.zeros((2, MAX_AGE))

    def add_deaths(self, pop: Population, ids: np.ndarray) -> None:
        """Count deaths at their current age."""
        age = np.minimum(pop.age[ids].astype(np.int64), MAX_AGE - 1)
        np.add.at(self.deaths, (pop.sex[ids], age), 1)

    def add_year(self, pop: Population, first_week: int, last_week: int) -> None:
        """Add years lived in weeks [first_week, last_week] at each resident's current age."""
        start = np.maximum(pop.entry_week, first_week).astype(np.float64)
        end = np.where(pop.exit_week >= 0, pop.exit_week + 0.5 * pop.died, last_week + 1.0)
        end = np.minimum(end, last_week + 1.0)
        years = np.maximum(end - start, 0.0) / WEEKS_PER_YEAR
        age = np.minimum(pop.age.astype(np.int64), MAX_AGE - 1)
        np.add.at(self.exposure, (pop.sex, age), years)

    def life_expectancy(self, sex: int | None = None) -> float:
        """Period life expectancy at birth from the accumulated rates (5-year age groups)."""
        d = self.deaths.sum(0) if sex is None else self.deaths[sex]
        e = self.exposure.sum(0) if sex is None else self.exposure[sex]
        edges = [0, 1, *range(5, 100, 5), MAX_AGE]
        alive, total = 1.0, 0.0
        for lo, hi in zip(edges[:-1], edges[1:], strict=True):
            m = d[lo:hi].sum() / max(e[lo:hi].sum(), 1e-9)
            width = hi - lo
            if hi == MAX_AGE:  # open interval: remaining life 1/m
                total += alive / max(m, 1e-9)
                break
            survive = np.exp(-m * width)
            total += alive * (1 - survive) / m if m > 0 else alive * width
            alive *= survive
        return float(total)


class CareModel(mesa.Model):
    """Care in a Flemish municipality, week by week.

    Args:
        cfg: The validated run configuration (defaults if omitted).
        rng: Run seed; defaults to ``cfg.seed``. Every mechanism draws from its own named
            stream spawned from it (see :mod:`sim.streams`).
    """

    def __init__(self, cfg: Config | None = None, *, rng: int | None = None) -> None:
        cfg = cfg or Config()
        seed = cfg.seed if rng is None else int(rng)
        super().__init__(rng=seed)
        self.cfg = cfg
        self.streams = Streams(seed)
        self.levers = LeverBoard()  # what policies may move (sim/engine/levers.py)
        self.n_weeks = cfg.years * WEEKS_PER_YEAR
        self.pop, self.households = synthesise(cfg.municipality, self.streams["population"])
        self.network = build_network(self.pop, self.households, cfg.network,
                                     rng=self.streams["network"])
        self.network.offer_actions(self.levers)
        self.needs = NeedDynamics(cfg.needs, self.pop, rng=self.streams["needs"],
                                  levers=self.levers)
        self.needs.initialise(np.arange(self.pop.n))
        _assign_assisted_living(self.pop, cfg.municipality.assisted_living_share_75plus,
                                self.streams["population.dwelling"])
        self.demography = Demography(cfg.demography, cfg.needs, cfg.municipality, self.pop,
                                     self.households, deaths_rng=self.streams["deaths"],
                                     arrivals_rng=self.streams["arrivals"])
        self.n_buurten = int(self.pop.buurt.max()) + 1
        self.neighbourhoods = [Neighbourhood(self, b) for b in range(self.n_buurten)]
        self._build_care(cfg)
        self.policies = Policies(self)
        self.policies.run("setup")
        self.recorder = WeeklyRecorder(self.n_weeks, self.n_buurten)
        self.by_ses = WeeklyRecorder(self.n_weeks, 5, BY_SES)
        self.system = WeeklyRecorder(self.n_weeks, 1, SYSTEM)
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

    def _build_care(self, cfg: Config) -> None:
        """Create the care system: staff, facilities, services, carers, consequences."""
        s = self.streams
        lv = self.levers
        self.workforce = Workforce(cfg.workforce, rng=s["workforce"], levers=lv)
        self.residential = Residential(self, cfg.residential, self.pop, self.workforce,
                                       rng=s["residential"], n_buurten=self.n_buurten,
                                       levers=lv)
        self.residential.initialise()
        self.homecare = HomeCare(self, cfg.homecare, self.pop, self.workforce,
                                 rng=s["homecare"], levers=lv)
        self.informal = InformalCare(cfg.informal, self.pop, self.network, rng=s["informal"],
                                     levers=lv)
        self.demand = Demand(cfg.selfcare, cfg.needs.hours_per_level,
                             cfg.needs.dementia_extra_hours)
        self.consequences = Consequences(cfg.consequences, self.pop, self.network,
                                         crisis_rng=s["crisis"], lonely_rng=s["loneliness"],
                                         levers=lv)
        self.costs = Costs(cfg.costs)
        self.care: CareWeek | None = None
        self._formal_tasks = np.any([svc.tasks for svc in self.homecare.services], axis=0)
        self._fte_lost_before = self.informal.fte_lost.copy()

    # -- time --------------------------------------------------------------------------

    @property
    def week(self) -> int:
        """Index of the week being simulated (0-based); equals weeks completed after a step."""
        return int(self.time) - 1

    def step(self) -> None:
        """One week, in the order of the weekly cycle (docs/ODD.md, process overview)."""
        week, pop, rec = self.week, self.pop, self.recorder
        self.streams.restart(week)  # draws line up by week across scenarios (streams.py)
        dead = self.demography.deaths(week)  # 1 demography
        self.life_table.add_deaths(pop, dead)
        self._leave_care(dead)
        rec.add_events(week, "deaths", pop.buurt[dead])
        policies = self.policies
        policies.run("needs", week)
        up, down = self.needs.step()  # 2 need dynamics
        rec.add_events(week, "need_up", pop.buurt[up])
        rec.add_events(week, "need_down", pop.buurt[down])
        policies.run("capacity", week)
        self.workforce.step(week)  # 3 capacity
        care = self._deliver_care(week)  # 4-7 demand, residential, informal, formal
        self.consequences.step(care, visited=self.residential.visited,  # 8 consequences
                               at_home=self._at_home)
        policies.run("consequences", week, care)
        admitted = self.residential.admissions(
            week, lost_carer=self.informal.lost_carer,
            persistent_unmet=self.consequences.persistent, crisis=self.consequences.crisis)
        self.informal.end_links(admitted)
        if self.check_ledger:
            care.check()
        self.care = care
        self.policy_cost = policies.costs(week)
        self._record_stocks(week)  # 9 metrics
        observe_care(self, week, care)
        for r in (rec, self.by_ses, self.system):
            r.weeks_done = week + 1

    def _deliver_care(self, week: int) -> CareWeek:
        """Open the week's ledger and let each source book hours, in the weekly order."""
        pop = self.pop
        self._at_home = pop.alive & (pop.dwelling != NURSING_HOME)
        care = self.demand.open_week(week, pop, self._at_home)  # self-care
        self.residential.cover_residents(care)
        self.policies.run("demand", week, care)
        relief = self.residential.respite(care, carer_burden=self.informal.carer_burden())
        # Home care is assessed and scheduled first; informal carers take on what it leaves
        # open, so a cut in home care shifts hours onto them (DOMAIN mechanisms 2 and 4).
        self.residential.service_centres(self.consequences.lonely)
        self.policies.run("allocation", week, care)
        self.homecare.step(care, signalled=self.residential.signalled,
                           informal=self.informal.received)
        self.policies.run("informal", week, care)
        self.informal.step(care, relief=relief, week=week)
        return care

    def homecare_hours_by_kind(self) -> tuple[np.ndarray, np.ndarray]:
        """This week's family-care and home-nursing hours per resident (for costs)."""
        by_kind = self.homecare.hours_by_kind
        return by_kind["gezinszorg"], by_kind["thuisverpleging"]

    def _leave_care(self, ids: np.ndarray) -> None:
        """Residents who died or moved away leave every care relationship and facility."""
        if len(ids):
            self.informal.end_links(ids)
            self.residential.on_exit(ids)
            self.consequences.on_exit(ids)

    def _yearly(self) -> None:
        """Yearly event: exposure bookkeeping, ageing, arrivals and departures."""
        self.close_exposure()
        # Arrivals and departures take effect from the coming week: count them there.
        week, pop = int(self.time), self.pop
        self.streams.restart(f"year {week}")
        result = self.demography.yearly(week)
        self._leave_care(result.departed)
        new = result.arrived
        self.needs.initialise(new)
        self.network.grow(pop.n)
        attach_arrivals(self.network, pop, self.households, new, self.cfg.network,
                        rng=self.streams["network.arrivals"])
        self._household_moves()
        for module in (self.informal, self.homecare, self.residential, self.consequences):
            module.grow(pop.n)
        self._fte_lost_before = np.concatenate(
            [self._fte_lost_before, np.zeros(pop.n - len(self._fte_lost_before), np.float32)])
        self.homecare.yearly(week)
        _assign_assisted_living(pop, self.cfg.municipality.assisted_living_share_75plus,
                                self.streams["population.dwelling"])
        rec = self.recorder
        rec.add_events(week, "arrivals", pop.buurt[new])
        rec.add_events(week, "births", pop.buurt[result.born])
        rec.add_events(week, "departures", pop.buurt[result.departed])
        self._refresh_keys()
        self.policies.run("yearly", week)

    def _household_moves(self) -> None:
        """Older residents living alone move in with a child or re-partner (yearly).

        The movers join their host's household: household ties to its living members are
        added (ties to the old household stay, like ties to the dead: they live alone, so
        the old household has no living member left).
        """
        pop = self.pop
        movers, hosts = self.demography.household_moves(self.network.children,
                                                        self.streams["household_moves"])
        self.moved_in = movers
        if not len(movers):
            return
        living = pop.living()
        order = np.argsort(pop.household[living], kind="stable")
        hh = pop.household[living][order]
        lo = np.searchsorted(hh, pop.household[hosts], "left")
        hi = np.searchsorted(hh, pop.household[hosts], "right")
        k = hi - lo
        mate = living[order[np.repeat(lo, k) + np.arange(int(k.sum()))
                            - np.repeat(np.cumsum(k) - k, k)]]
        who = np.repeat(movers, k)
        keep = mate != who
        self.network.add_ties("household", who[keep], mate[keep])

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
        rec.set(week, "hours_needed", (need_dem * self._hours_table).sum(axis=(1, 2)))

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


def _assign_assisted_living(pop: Population, share: float, rng: np.random.Generator) -> None:
    """Top up assisted-living flats to a share of the 75+, favouring those alone and in need.

    Called at the start and at each yearly update ("moving in time" to adapted housing), so
    flats freed by deaths are taken by others. Assumption: living alone and any need each
    triple the chance of moving in (range 2-5).
    """
    old = pop.alive & (pop.age >= 75)
    current = int(np.count_nonzero(old & (pop.dwelling == ASSISTED_LIVING)))
    k = int(round(share * np.count_nonzero(old & (pop.dwelling != NURSING_HOME)))) - current
    cand = np.flatnonzero(old & (pop.dwelling == HOME))
    if k <= 0 or not len(cand):
        return
    size = np.bincount(pop.household, weights=pop.alive)
    weight = (1 + 2 * (size[pop.household[cand]] == 1)) * (1 + 2 * (pop.need[cand] > 0))
    chosen = rng.choice(cand, size=min(k, len(cand)), replace=False, p=weight / weight.sum())
    pop.dwelling[chosen] = ASSISTED_LIVING
