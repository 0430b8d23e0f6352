"""Acute episodes: hospital stays and the short spells of nursing need that follow them.

Home nursing serves many short episodes besides chronic, need-level care: after a hospital
stay a resident may need wound care, injections or post-operative care for a few weeks.
Wit-Gele Kruis patients are seen in only about 44% of the months of a year (patients in an
average month / patients in the year, 2017-21, docs/figures.md §9), which chronic care alone
cannot give. So residents have hospital stays (classic, with at least one night), at a
yearly rate by age band that rises with the need level; a stay of a resident living at
home is followed, with chance ``referral``, by an *episode*: a geometric number of weeks in
which she needs ``episode_visits_per_week`` nursing visits on top of her need level's hours.

The episode's hours are part of the resident's need in the week's ledger (nursing task), so
the identity need = self + informal + formal + vouchers + residential + unmet holds; they
count only while she lives at home (an episode ends when she dies, moves away or enters a
nursing home). Home nursing takes prescribed episodes up (sim.care.homecare). The stay
draw is one uniform per resident slot and week from the stream "acute" (restarted weekly,
as need dynamics draw); referral and length are keyed by resident and week (common random
numbers: they do not depend on who else had a stay).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.engine.events import EventKind, EventLog
from sim.engine.metric import Metric
from sim.engine.module import Module, Step, Week
from sim.engine.schema import ConfigError, param
from sim.engine.state import State, StateRegistry
from sim.engine.streams import keyed_uniform
from sim.engine.units import WEEKS_PER_YEAR
from sim.population.residents import NURSING_HOME, Population


@dataclass
class AcuteConfig:
    """Hospital stays and the post-discharge nursing episodes that follow them."""

    stay_ages: list[float] = param([0.0, 65.0], lo=0, hi=120, unit="years",
                                   doc="lower age bound of each band of stays_per_year "
                                       "(strictly increasing, the first 0)",
                                   source="the published split: under 65 and 65+ (MZG 2019, "
                                          "docs/figures.md §9)")
    stays_per_year: list[float] = param(
        [0.13, 0.36], lo=0.0, hi=5.0, unit="classic stays per resident per year",
        doc="classic (inpatient, at least one night) hospital stays per resident a year in "
            "each age band, all residents of the band (WZC residents included: their stays "
            "lead to no home episode); need shifts who has them (stay_need_rr), not how many",
        source="MZG 2019 Belgium (V, D): 773,762 classic stays of 65+ over about 2.17 M "
               "residents 65+ (0.36); 65+ had 39.27% of all classic stays, so about "
               "1.20 M stays over about 9.26 M residents under 65 (0.13); population "
               "denominators approximate (D); docs/figures.md §9")
    stay_need_rr: list[float] = param([1.0, 1.5, 2.0, 3.0], lo=0.0, hi=50.0, length=4,
                                      unit="x",
                                      doc="relative rate of a hospital stay by need level "
                                          "none..severe, within an age band (normalised "
                                          "each year so the band's mean stays at "
                                          "stays_per_year)",
                                      source="assumption (light 1.2-2, moderate 1.5-3, "
                                             "severe 2-5): frail, ADL-dependent older "
                                             "people are admitted more often; no Belgian "
                                             "rate by dependency found")
    referral: list[float] = param(
        [0.035, 0.15], lo=0.0, hi=1.0, unit="probability",
        doc="chance that a stay of a resident living at home is followed by an episode of "
            "home-nursing need, in each age band of stay_ages",
        source="assumption (under 65 0.01-0.1, 65+ 0.1-0.35): no published share of "
               "discharged patients referred to home nursing found (docs/figures.md §9); "
               "set with episode_weeks so that home-nursing patients per 65+, patients in "
               "a month / patients in a year and the 71.3% of patients aged 60+ (Wit-Gele "
               "Kruis 2021, V) are met; younger patients manage wound care themselves more "
               "often. At 0.2 (65+) the calibration gave 0.076 patients 60+ per 65+, a "
               "month/year ratio of 0.52 but 82 visits per patient (seeds 0-3, 10 years); "
               "0.15 trades some of the ratio for the visits per patient. Under 65 was "
               "0.02 until 2026-12-07; 0.035 with homecare.thuisverpleging_takeup_age_rr "
               "meets the share aged 60+ once chronic nursing is rarer under 65")
    episode_weeks: float = param(4.0, lo=1.0, hi=52.0, unit="weeks",
                                 doc="mean length of an episode (geometric, at least one week)",
                                 source="assumption (range 3-8): wound care and post-operative "
                                        "care last weeks, not months; WGK patients are seen in "
                                        "about 5.3 of 12 months a year (D, docs/figures.md §9)")
    episode_visits_per_week: float = param(4.0, lo=0.0, hi=28.0, unit="visits/week",
                                           doc="home-nursing visits a week an episode needs "
                                               "(of homecare.nursing_visit_hours each)",
                                           source="assumption (range 2-7): wound care and "
                                                  "injections a few times a week to daily")

    def check(self, run: Any) -> None:
        """Cross-field rules: one rate per age band, bands from age 0 upward."""
        ages = self.stay_ages
        if len(ages) != len(self.stays_per_year) or not ages or ages[0] != 0:
            raise ConfigError("acute.stay_ages", ages, "allowed: one lower bound per value of "
                              "acute.stays_per_year, the first 0")
        if len(self.referral) != len(ages):
            raise ConfigError("acute.referral", self.referral, f"allowed: {len(ages)} "
                              "chances, one per band of acute.stay_ages")
        if any(b <= a for a, b in zip(ages, ages[1:], strict=False)):
            raise ConfigError("acute.stay_ages", ages, "allowed: strictly increasing ages")


@dataclass(frozen=True)
class Episodes:
    """This week's residents in a post-hospital nursing episode (living at home).

    Attributes:
        ids: Ascending resident ids.
        hours: Extra nursing hours each needs this week.
        start: Week each episode started (keys the home-nursing take-up draw).
    """

    ids: np.ndarray
    hours: np.ndarray
    start: np.ndarray

    @classmethod
    def none(cls) -> Episodes:
        """No episode this week."""
        return cls(np.zeros(0, np.int64), np.zeros(0, np.float32), np.zeros(0, np.int32))

    def lookup(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For residents ``ids``: whether each is in an episode, and its position here."""
        pos = np.searchsorted(self.ids, ids)
        pos = np.minimum(pos, max(len(self.ids) - 1, 0))
        hit = self.ids[pos] == ids if len(self.ids) else np.zeros(len(ids), bool)
        return hit, pos


STAY_REASONS = (
    ("referred", "she lives at home and an episode of home-nursing need follows"),
    ("not_referred", "she lives at home; no episode follows"),
    ("nursing_home", "she lives in a nursing home (no home episode)"),
)
REFERRED, NOT_REFERRED, IN_NURSING_HOME = range(len(STAY_REASONS))


class AcuteEpisodes(Module):
    """Hospital stays and the nursing episodes after discharge.

    Args:
        cfg: Acute settings.
        pop: The population (its need level and dwelling set who is at risk).
        visit_hours: Hours of one home-nursing visit (``homecare.nursing_visit_hours``),
            so an episode's need is counted in the visits the providers count.
        rng: The stream "acute" (the weekly stay draw, one per resident slot).
        keys: Keys of the keyed draws: referral, episode length.
        states: The registry its columns join (its own when omitted, for tests).
        events: The model's event log (hospital stays are recorded).
    """

    name = "acute"
    section = "acute"
    # weekly stay hazard per resident before the need ratio, and referral chance: yearly
    caches = ("_rate", "_referral")
    states = (
        State("episode_left", np.int16, doc="weeks left of her current post-hospital "
              "nursing episode, this week included (0: none)", unit="weeks"),
        State("episode_start", np.int32, fill=-1, doc="week her current episode started "
              "(-1: none)", unit="week"),
    )
    metrics = (
        Metric("hospital_stays", "residents", "Residents with a classic hospital stay this "
               "week (all dwellings)", kind="flow", tables=("system",)),
        Metric("nursing_episodes", "residents", "Residents at home in a post-hospital "
               "episode of home-nursing need this week", tables=("system",)),
        Metric("nursing_episode_starts", "residents", "Post-hospital nursing episodes "
               "starting this week", kind="flow", tables=("system",)),
    )
    event_kinds = (
        EventKind("hospital_stay", "A resident had a classic hospital stay this week (the "
                  "reason says whether an episode of home-nursing need follows)",
                  STAY_REASONS),
    )
    weekly_steps = (
        Step("needs", "week_step", "hospital stays by age and need level; after a stay at "
             "home, an episode of nursing need may start; episodes run down",
             writes=("acute",)),
    )

    @classmethod
    def build(cls, model: Any) -> AcuteEpisodes:
        """Hospital stays and episodes of ``model``'s residents."""
        s = model.streams
        return cls(model.cfg.acute, model.pop,
                   visit_hours=model.cfg.homecare.nursing_visit_hours,
                   rng=s["acute"], keys=(s.key("acute.referral"), s.key("acute.length")),
                   states=model.states, events=model.events)

    def __init__(self, cfg: AcuteConfig, pop: Population, *, visit_hours: float,
                 rng: np.random.Generator | None = None,
                 keys: tuple[np.uint64, np.uint64] = (np.uint64(1), np.uint64(2)),
                 states: StateRegistry | None = None, events: EventLog | None = None) -> None:
        self.cfg, self.pop = cfg, pop
        self.events = EventLog() if events is None else events
        self.registry = StateRegistry(pop.n) if states is None else states
        self._own_states = states is None
        self.register_states(self.registry)
        self.rng = np.random.default_rng(0) if rng is None else rng
        self.keys = keys
        self.need_rr = np.asarray(cfg.stay_need_rr, np.float32)
        self.hours = np.float32(cfg.episode_visits_per_week * visit_hours)
        # geometric length with mean episode_weeks: 1 + floor(log u / log(1 - 1/mean))
        q = 1.0 - 1.0 / cfg.episode_weeks
        self._log_q = np.float32(np.log(q)) if q > 0 else np.float32(-np.inf)
        self._rate = np.zeros(0, np.float32)
        self._referral = np.zeros(0, np.float32)
        self._rate_year = -1
        self._open = np.zeros(0, np.int64)  # residents with an episode (ascending)
        self.stays_week = self.starts_week = 0
        self.last_stays = np.zeros(0, np.int64)  # residents with a stay this week
        self.current = Episodes.none()

    def grow(self, n: int) -> None:
        """Extend the columns to ``n`` residents (when built without the model's registry)."""
        if self._own_states:
            self.registry.grow(n)

    def refresh_rate(self, year: int) -> None:
        """Each resident's weekly stay rate per unit of need ratio and referral chance.

        Yearly, since ages change once a year.

        The band's yearly rate is divided by the band's mean need ratio among the living,
        so that need level shifts who has the stays while the band's rate stays the
        published one.
        """
        pop = self.pop
        if self._rate.size == pop.n and self._rate_year == year:
            return
        band = np.searchsorted(np.asarray(self.cfg.stay_ages), pop.age, side="right") - 1
        band = np.maximum(band, 0)
        k = len(self.cfg.stay_ages)
        rr = self.need_rr[pop.need]
        alive = pop.alive
        mean_rr = (np.bincount(band[alive], weights=rr[alive], minlength=k)
                   / np.maximum(np.bincount(band[alive], minlength=k), 1))
        per_rr = np.asarray(self.cfg.stays_per_year) / np.where(mean_rr > 0, mean_rr, 1)
        self._rate = (per_rr[band] / WEEKS_PER_YEAR * alive).astype(np.float32)
        self._referral = np.asarray(self.cfg.referral, np.float32)[band]
        self._rate_year = year

    def week_step(self, w: Week) -> None:
        """Plan step: this week's stays and episodes."""
        w.acute = self.step(w.week)

    def step(self, week: int) -> Episodes:
        """Advance the episodes one week and draw this week's hospital stays.

        Returns the residents at home in an episode this week (new ones included).
        """
        pop = self.pop
        self.refresh_rate(week // WEEKS_PER_YEAR)
        at_home = pop.alive & (pop.dwelling != NURSING_HOME)
        # Running episodes: one week less; those who left home (died, moved away, entered
        # a nursing home) or whose last week has passed end.
        run = self._open
        left = self.episode_left
        left[run] -= 1
        gone = run[(left[run] <= 0) | ~at_home[run]]
        left[gone] = 0
        self.episode_start[gone] = -1
        # This week's stays, for everyone living (a nursing-home resident's stay leads to
        # no home episode): probability rate / 52, one draw per resident slot from the
        # stream "acute" (restarted weekly; slot i's draw does not depend on who is alive,
        # as for need dynamics).
        p = self._rate * self.need_rr[pop.need]
        stay = np.flatnonzero((self.rng.random(pop.n, np.float32) < p) & pop.alive)
        home = stay[at_home[stay]]
        referred = home[keyed_uniform(self.keys[0], week, home) < self._referral[home]]
        u = keyed_uniform(self.keys[1], week, referred)
        length = 1 + np.floor(np.log(np.maximum(u, 1e-12)) / self._log_q)
        length = np.clip(length, 1, 32767).astype(np.int16)
        new = referred[left[referred] <= 0]  # a stay during an episode lengthens it
        self.episode_start[new] = week
        left[referred] = np.maximum(left[referred], length)
        if self.events.enabled and len(stay):
            reason = np.full(len(stay), IN_NURSING_HOME, np.int8)
            reason[at_home[stay]] = NOT_REFERRED
            flag = np.zeros(pop.n, bool)
            flag[referred] = True
            reason[flag[stay]] = REFERRED
            self.events.record("hospital_stay", stay, reason)
        self._open = ids = np.flatnonzero(left > 0)
        self.stays_week, self.starts_week = len(stay), len(new)
        self.last_stays = stay
        self.current = Episodes(ids, np.full(len(ids), self.hours, np.float32),
                                self.episode_start[ids].copy())
        return self.current

    def on_exit(self, ids: np.ndarray) -> None:
        """Residents who died or moved away: their episodes end."""
        self.episode_left[ids] = 0
        self.episode_start[ids] = -1
        self._open = self._open[self.episode_left[self._open] > 0]

    def system_metrics(self) -> dict[str, float]:
        """This week's stays, episodes and episode starts."""
        return {"hospital_stays": float(self.stays_week),
                "nursing_episodes": float(len(self.current.ids)),
                "nursing_episode_starts": float(self.starts_week)}
