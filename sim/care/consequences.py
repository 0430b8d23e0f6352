"""What unmet need and isolation do to residents: crises, breakdown signals, loneliness.

Unmet need is not only a number: it raises the risk of a crisis (a fall, a hospital stay)
that makes a resident frailer and can force a nursing-home admission (docs/domain.md mechanism 4).
A run of weeks with much unmet need signals a home situation that is breaking down.
Loneliness follows a resident's circumstances (living alone, ties, need, contact through
care, visits to a local service centre) with some inertia.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.engine.ledger import CareWeek
from sim.engine.levers import Lever, LeverBoard
from sim.engine.metric import CARE_TABLES, Metric, events
from sim.engine.module import Module, Step, Week
from sim.engine.schema import param
from sim.engine.state import State, StateRegistry
from sim.engine.streams import keyed_uniform, stream_key
from sim.engine.units import per_week
from sim.population.network import SocialNetwork
from sim.population.residents import NURSING_HOME, Population


@dataclass
class ConsequencesConfig:
    """Crises from unmet need, and loneliness (sim.care.consequences)."""

    crisis_base_per_year: float = param(0.08, lo=0.0, hi=2.0, unit="per resident per year",
                                        doc="crisis rate (fall, hospital stay) of a resident "
                                            "with care need and no unmet need",
                                        source="assumption (range 0.04-0.15): about 1 in 3 "
                                               "65+ fall yearly, a minority need care after")
    crisis_rr_full_unmet: float = param(4.0, lo=1.0, hi=50.0, unit="rate ratio",
                                        doc="crisis rate ratio when all needed hours go unmet "
                                            "(linear in the unmet share)",
                                        source="assumption (range 2-8), docs/domain.md "
                                               "mechanism 4")
    crisis_frailty_jump: float = param(0.3, lo=0.0, hi=5.0, unit="latent sd",
                                       doc="rise of latent frailty after a crisis",
                                       source="assumption (range 0.2-0.8)")
    persistent_unmet_share: float = param(0.25, lo=0.0, hi=1.0, unit="share",
                                          doc="unmet share of needed hours that counts as a "
                                              "week of unmet need", source="assumption "
                                                                           "(range 0.1-0.5)")
    persistent_unmet_weeks: int = param(8, lo=1, hi=520, unit="weeks",
                                        doc="consecutive weeks of unmet need that signal a "
                                            "home situation breaking down",
                                        source="assumption (range 4-16)")
    # lonely_base was 0.30 (35% lonely) before 2026-11-23; at 0.41 the model's mean over the
    # weeks is 45.5% (docs/ODD.md, section 7.10).
    lonely_base: float = param(0.41, lo=0.0, hi=1.0, unit="probability",
                               doc="long-run loneliness of an adult living with others, with "
                                   "average ties, no need",
                               source="calibrated to 46% lonely (Belgium 2018, "
                                      "eenzaamheidendebuurt.be, V2; docs/figures.md §11; the "
                                      "model counts adults 18+ who feel lonely); assumption "
                                      "(range 0.3-0.5)")
    lonely_odds_alone: float = param(2.2, lo=1.0, hi=10.0, unit="odds ratio",
                                     doc="odds of loneliness when living alone",
                                     source="assumption (range 1.5-3)")
    lonely_odds_per_need_level: float = param(1.35, lo=1.0, hi=5.0, unit="odds ratio",
                                              doc="odds of loneliness per need level",
                                              source="assumption (range 1.1-1.6)")
    lonely_odds_per_tie: float = param(0.88, lo=0.1, hi=1.0, unit="odds ratio",
                                       doc="odds of loneliness per living tie outside the "
                                           "household",
                                       source="assumption (range 0.8-0.95)")
    lonely_odds_contact: float = param(0.7, lo=0.1, hi=1.0, unit="odds ratio",
                                       doc="odds of loneliness in a week with care contact "
                                           "(informal or formal care received at home)",
                                       source="assumption (range 0.5-0.9)")
    lonely_odds_meeting_place: float = param(0.5, lo=0.1, hi=1.0, unit="odds ratio",
                                             doc="odds of loneliness in a week with a visit to "
                                                 "a local service centre (LDC)",
                                             source="assumption (range 0.3-0.8)")
    lonely_adjust_per_year: float = param(1.0, lo=0.05, hi=52.0, unit="per year",
                                          doc="speed at which loneliness follows its "
                                              "circumstances (1/mean spell length)",
                                          source="assumption (range 0.5-4)")

TIE_REFRESH_WEEKS = 4  # living ties are recounted every 4 weeks (deaths change them slowly)


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


LEVERS = (
    Lever("consequences.lonely_log_odds_by_buurt", None, "log odds", "add",
          "change in adults' log-odds of loneliness by buurt (meeting places)", shape="buurt"),
)


class Consequences(Module):
    """Crisis risk from unmet need, persistent-unmet signals and loneliness.

    Args:
        cfg: Parameters.
        pop: The population.
        network: The social network (ties outside the household protect from loneliness).
        crisis_rng: Stream "crisis".
        lonely_rng: Stream "loneliness".
    """

    name = "consequences"
    caches = ("_alone", "_z_base")  # household size and base loneliness, rebuilt yearly
    metrics = (
        Metric("crises", "residents", "Crises (fall, hospital stay) this week", kind="flow",
               tables=CARE_TABLES),
        Metric("lonely", "residents", "Adults who feel lonely", tables=CARE_TABLES),
    )
    states = (
        State("unmet_weeks", np.int32, doc="weeks in a row with unmet need", unit="weeks"),
        State("lonely", bool, doc="feels lonely (adults)"),
        State("_next_week", np.int64, fill=-1, doc="week she next reconsiders loneliness "
              "(-1: not scheduled yet)", unit="week"),
        State("_ties", np.float32, doc="living ties outside the household"),
    )

    @classmethod
    def build(cls, model: Any) -> Consequences:
        """Consequences among ``model``'s residents (crisis and loneliness streams)."""
        s = model.streams
        return cls(model.cfg.consequences, model.pop, model.network, crisis_rng=s["crisis"],
                   lonely_rng=s["loneliness"], levers=model.levers, states=model.states)

    def __init__(self, cfg: ConsequencesConfig, pop: Population, network: SocialNetwork, *,
                 crisis_rng: np.random.Generator, lonely_rng: np.random.Generator,
                 levers: LeverBoard | None = None, states: StateRegistry | None = None
                 ) -> None:
        self.cfg, self.pop, self.network = cfg, pop, network
        self._own_states = states is None
        self.registry = StateRegistry(pop.n) if states is None else states
        self.register_states(self.registry)
        self._scheduled = 0  # residents 0.._scheduled-1 have a week of reconsideration
        self.levers = LeverBoard() if levers is None else levers
        self.levers.declare(*LEVERS)
        self.levers.provide_view("consequences.lives_alone", "residents who live alone",
                                 lambda: self.lives_alone)
        self.levers.provide_view("consequences.lonely", "adults who feel lonely",
                                 lambda: self.lonely)
        self.crisis_rng, self.lonely_rng = crisis_rng, lonely_rng
        # Per-resident weekly draws (see keyed_uniform): paired scenarios stay aligned.
        self._crisis_key, self._lonely_key = stream_key(crisis_rng), stream_key(lonely_rng)
        self._gap_key = stream_key(lonely_rng)
        self._arrival_key = np.uint64(self._gap_key ^ np.uint64(0x5DEECE66D))  # arrivals
        self.crisis = np.zeros(0, np.int64)
        self.persistent = np.zeros(0, np.int64)
        self._in_spell = np.zeros(0, np.int64)
        self._refresh_ties()
        self._mean_ties = float(self._ties[pop.alive & (pop.age >= 18)].mean())
        self._refresh_ties()  # now with the mean known: caches the static part of loneliness
        p = self.lonely_probability(contact=None, visited=None)
        self.lonely = (lonely_rng.random(pop.n) < p) & self._adult()

    @property
    def lives_alone(self) -> np.ndarray:
        """(n,) bool: no other household member lives at home (at the last tie recount)."""
        return self._alone

    def _adult(self) -> np.ndarray:
        return self.pop.alive & (self.pop.age >= 18)

    def _refresh_ties(self) -> None:
        """Recount living ties outside the household, and who lives alone."""
        pop, net = self.pop, self.network
        alive = pop.alive.astype(np.float32)
        src = (net.kin, net.neighbour, net.friend)
        if getattr(self, "_outside_src", None) is None or any(
                a is not b for a, b in zip(src, self._outside_src, strict=True)):
            # One matrix of all ties outside the household, rebuilt when the network changes
            # (a new matrix object: growth, arrivals, ties added by a policy).
            self._outside = (net.kin + net.neighbour + net.friend).tocsr()
            self._outside_src = src
        self._ties = (self._outside @ alive).astype(np.float32)
        # Nobody else of her household lives at home: alone at home, or in a WZC with no
        # partner at home (Population.household_sizes counts those living there).
        at_home = pop.alive & (pop.dwelling != NURSING_HOME)
        self._alone = pop.alive & (pop.household_sizes()[pop.household] - at_home == 0)
        cfg = self.cfg
        if hasattr(self, "_mean_ties"):
            self._z_base = (_logit(cfg.lonely_base) + np.log(cfg.lonely_odds_alone) * self._alone
                            + np.log(cfg.lonely_odds_per_tie) * (self._ties - self._mean_ties)
                            ).astype(np.float32)

    def grow(self, n: int) -> None:
        """Extend per-resident arrays for arrivals (no unmet history).

        Adult arrivals are lonely with their long-run probability, as the initial residents
        are. Starting them all not lonely made the municipality's loneliness fall at every
        yearly event (a fifth of the lonely leavers replaced by no lonely newcomers) and
        creep back over the year.
        """
        first = len(self.unmet_weeks)
        if self._own_states:
            self.registry.grow(n)
        self.on_arrivals(first, n)

    def on_arrivals(self, first: int, n: int) -> None:
        """Arrivals have no unmet history; adults are lonely with their long-run chance."""
        extra = n - first
        if extra > 0:
            self._refresh_ties()
            new = np.arange(first, n)
            new = new[self.pop.alive[new] & (self.pop.age[new] >= 18)]
            p = self.lonely_probability(contact=None, visited=None, ids=new)
            self.lonely[new] = keyed_uniform(self._arrival_key, 0, new) < p

    def lonely_probability(self, *, contact: np.ndarray | None, visited: np.ndarray | None,
                           ids: np.ndarray | None = None) -> np.ndarray:
        """Long-run probability of loneliness given this week's circumstances.

        Args:
            contact: (n,) bool, received informal or formal care this week (or None).
            visited: (n,) bool, visited a local service centre this week (or None).
            ids: Residents to evaluate (default: everyone).
        """
        cfg, pop = self.cfg, self.pop
        ids = slice(None) if ids is None else ids
        z = self._z_base[ids] + np.float32(np.log(cfg.lonely_odds_per_need_level)) * pop.need[ids]
        if contact is not None:
            z += np.float32(np.log(cfg.lonely_odds_contact)) * contact[ids]
        if visited is not None:
            z += np.float32(np.log(cfg.lonely_odds_meeting_place)) * visited[ids]
        if self.levers.is_set("consequences.lonely_log_odds_by_buurt"):  # meeting places
            z += self.levers.value("consequences.lonely_log_odds_by_buurt")[pop.buurt[ids]]
        return 1 / (1 + np.exp(-z))

    def on_exit(self, ids: np.ndarray) -> None:
        """Residents who died or moved away are no longer counted as lonely."""
        self.lonely[ids] = False
        self.unmet_weeks[ids] = 0

    weekly_steps = (
        Step("consequences", "week_step", "unmet need raises crisis risk and builds spells; "
             "loneliness is reconsidered", reads=("care", "visited", "at_home"),
             writes=("crisis", "persistent")),
    )

    def care_metrics(self, idx: np.ndarray, care: CareWeek) -> dict[str, object]:
        """This week's crises (events as ``(ids, None)``)."""
        return {"crises": events(self.crisis, self.pop.alive)}

    def dense_metrics(self) -> dict[str, np.ndarray]:
        """Metrics non-zero for much of the population, per resident: the lonely."""
        return {"lonely": self.lonely & self.pop.alive}

    def week_step(self, w: Week) -> None:
        """Plan step: crises, unmet-need spells, loneliness."""
        self.step(w.care, visited=w.visited, at_home=w.at_home)
        w.crisis, w.persistent = self.crisis, self.persistent

    def step(self, care: CareWeek, *, visited: np.ndarray, at_home: np.ndarray) -> None:
        """Draw crises, update unmet-need spells and loneliness for this week.

        Args:
            care: The week's ledger, after every source has booked its hours.
            visited: Residents who visited a local service centre this week.
            at_home: Residents living at home (crises and spells concern them).
        """
        cfg, pop = self.cfg, self.pop
        if care.week % TIE_REFRESH_WEEKS == 0:
            self._refresh_ties()
        home = at_home[care.ids]
        needy = care.ids[home]
        share = care.open_hours(ids=needy) / np.maximum(care.need[needy], np.float32(1e-9))
        hazard = per_week(cfg.crisis_base_per_year) * (1 + (cfg.crisis_rr_full_unmet - 1)
                                                  * share)  # fmt: skip
        hit = keyed_uniform(self._crisis_key, care.week, needy) < hazard
        self.crisis = needy[hit]
        pop.frailty[self.crisis] += np.float32(cfg.crisis_frailty_jump)
        spell = needy[share > cfg.persistent_unmet_share]
        spell_weeks = self.unmet_weeks[spell] + 1
        self.unmet_weeks[self._in_spell] = 0
        self.unmet_weeks[spell] = spell_weeks
        self._in_spell = spell
        self.persistent = spell[spell_weeks % cfg.persistent_unmet_weeks == 0]
        contact = (care.covered["informal"] + care.covered["formal"]) > 0
        self._update_loneliness(contact, visited, care.week)

    def _update_loneliness(self, contact: np.ndarray, visited: np.ndarray, week: int) -> None:
        """Each adult reconsiders with weekly chance ``rate``: lonely with probability p.

        Equivalent to a weekly two-state switch (become lonely with chance rate x p,
        recover with chance rate x (1 - p)). Who reconsiders is scheduled: each resident
        carries the week of her next reconsideration (geometric waiting times, the same
        as a weekly chance ``rate``), so a week costs in proportion to the few who
        reconsider; the waits and outcomes are per-resident keyed draws, which keeps paired
        scenario runs aligned.
        """
        pop = self.pop
        self._schedule(week)
        ids = np.flatnonzero(self._next_week == week)
        self._next_week[ids] = week + 1 + self._gaps(week, ids)
        ids = ids[pop.alive[ids] & (pop.age[ids] >= 18)]
        p = self.lonely_probability(contact=contact, visited=visited, ids=ids)
        self.lonely[ids] = keyed_uniform(self._lonely_key, week, ids) < p

    def _gaps(self, week: int, ids: np.ndarray) -> np.ndarray:
        """Geometric weeks to wait before reconsidering (weekly chance ``rate``)."""
        rate = min(per_week(self.cfg.lonely_adjust_per_year), 1.0)
        if rate >= 1.0:
            return np.zeros(ids.size, np.int64)
        u = keyed_uniform(self._gap_key, week, ids)
        return np.floor(np.log1p(-u) / np.log1p(-rate)).astype(np.int64)

    def _schedule(self, week: int) -> None:
        """Give residents without a scheduled week (start, arrivals) their first one."""
        n = self.pop.n
        if self._scheduled < n:
            new = np.arange(self._scheduled, n)
            self._next_week[new] = week + self._gaps(-1 - week, new)
            self._scheduled = n
