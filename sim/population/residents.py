"""Residents and households as structs of arrays.

A resident's id is its index in every column. Residents who die or leave keep their slot
(``alive`` turns false), so ids stay stable for the network and the results. Arrivals are
appended once a year. Weekly behaviour works on whole columns at once (docs/design.md §2:
vectorised populations are 200-800 times faster than one Mesa agent per resident).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

MAN, WOMAN = 0, 1
HOME, ASSISTED_LIVING, NURSING_HOME = 0, 1, 2
DWELLINGS = ("home", "assisted_living", "nursing_home")
BAND_EDGES = np.arange(0, 105, 5)  # 21 bands: 0-4 ... 95-99, 100+


@dataclass
class Population:
    """Columns of resident attributes; index = resident id."""

    age: np.ndarray  # float32, years
    sex: np.ndarray  # int8, 0 man / 1 woman
    buurt: np.ndarray  # int32, neighbourhood index
    ses: np.ndarray  # int8, socio-economic quintile 0 (lowest) .. 4 (highest)
    household: np.ndarray  # int32, household id
    partner: np.ndarray  # int32, partner's id or -1
    dwelling: np.ndarray  # int8, HOME / ASSISTED_LIVING / NURSING_HOME
    need: np.ndarray  # int8, 0 none, 1 light, 2 moderate, 3 severe
    dementia: np.ndarray  # bool
    frailty: np.ndarray  # float32, latent standard-normal health state (higher = frailer)
    dementia_risk: np.ndarray  # float32, fixed uniform draw: dementia when below prevalence
    decline: np.ndarray  # bool, in terminal decline (until death; demography.decline_*)
    alive: np.ndarray  # bool, living in the municipality
    entry_week: np.ndarray  # int32, week of birth/arrival (-1 = initial population)
    exit_week: np.ndarray  # int32, week of death or departure (-1 = still here)
    died: np.ndarray  # bool, left by death (as opposed to moving away)

    @property
    def n(self) -> int:
        """Number of slots (living and dead)."""
        return len(self.age)

    def living(self) -> np.ndarray:
        """Ids of living residents."""
        return np.flatnonzero(self.alive)

    def household_sizes(self, minlength: int = 0) -> np.ndarray:
        """Members of each household who live there: alive and not in a nursing home.

        A resident who moves into a WZC keeps her household id (her ties and her return
        home need it), but she no longer lives there: Statbel registers her in a collective
        household, so a partner she leaves behind lives alone. Every "lives alone" in the
        model uses this count (docs/ODD.md 7.1).
        """
        at_home = self.alive & (self.dwelling != NURSING_HOME)
        return np.bincount(self.household, weights=at_home,
                           minlength=max(minlength, int(self.household.max(initial=-1)) + 1))

    def lives_alone(self, minlength: int = 0) -> np.ndarray:
        """(n,) bool: alive, at home (or in assisted living), the only member living there."""
        size = self.household_sizes(minlength)
        return self.alive & (self.dwelling != NURSING_HOME) & (size[self.household] == 1)

    def append(self, other: Population) -> np.ndarray:
        """Append new residents in place; return their ids."""
        start = self.n
        for f in fields(self):
            setattr(self, f.name, np.concatenate([getattr(self, f.name), getattr(other, f.name)]))
        return np.arange(start, self.n)

    @classmethod
    def empty(cls, n: int) -> Population:
        """A population of ``n`` default residents (age 0, healthy, alive, home)."""
        return cls(
            age=np.zeros(n, np.float32), sex=np.zeros(n, np.int8),
            buurt=np.zeros(n, np.int32), ses=np.full(n, 2, np.int8),
            household=np.full(n, -1, np.int32), partner=np.full(n, -1, np.int32),
            dwelling=np.zeros(n, np.int8), need=np.zeros(n, np.int8),
            dementia=np.zeros(n, bool), frailty=np.zeros(n, np.float32),
            dementia_risk=np.ones(n, np.float32), decline=np.zeros(n, bool),
            alive=np.ones(n, bool),
            entry_week=np.full(n, -1, np.int32), exit_week=np.full(n, -1, np.int32),
            died=np.zeros(n, bool),
        )  # fmt: skip


@dataclass
class Households:
    """Per-household attributes: buurt and position inside it (unit square)."""

    buurt: np.ndarray  # int32
    x: np.ndarray  # float32
    y: np.ndarray  # float32

    @property
    def n(self) -> int:
        """Number of households."""
        return len(self.buurt)

    def add(self, buurt: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Create households in the given buurten at random positions; return their ids."""
        start = self.n
        k = len(buurt)
        self.buurt = np.concatenate([self.buurt, buurt.astype(np.int32)])
        self.x = np.concatenate([self.x, rng.random(k, dtype=np.float32)])
        self.y = np.concatenate([self.y, rng.random(k, dtype=np.float32)])
        return np.arange(start, start + k, dtype=np.int32)
