"""The weekly care ledger: who covers the hours each resident needs.

Every week each living resident's needed hours are split into four tasks. Sources then
cover what they can, in the order of the weekly cycle: self-care, residential care
(nursing home residents, short stay, day care), informal care (mantelzorg), formal home
care. Whatever is left is unmet. The ledger enforces the accounting identity

    needed = self + informal + formal + residential + unmet

per person and week: a source can only cover hours that are still open, and only in the
tasks it is able to do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config import SelfCareConfig
from sim.population import Population

TASKS = ("personal", "household", "nursing", "supervision")
PERSONAL, HOUSEHOLD, NURSING, SUPERVISION = range(4)
SOURCES = ("self", "informal", "formal", "residential")


def _rows_sum(rows: np.ndarray) -> np.ndarray:
    """Sum of the rows of a (k, n) array (row by row: far faster than axis-0 reduce)."""
    if len(rows) == 0:
        return np.zeros(rows.shape[1], np.float32)
    total = rows[0].copy()
    for r in rows[1:]:
        total += r
    return total


def task_mask(tasks: list[str] | tuple[str, ...]) -> np.ndarray:
    """Boolean (4,) mask of the named tasks."""
    unknown = set(tasks) - set(TASKS)
    if unknown:
        raise ValueError(f"unknown task(s) {sorted(unknown)}; tasks are {TASKS}")
    return np.array([t in tasks for t in TASKS])


@dataclass
class CareWeek:
    """One week's ledger over all residents (arrays of length n, float32 hours).

    Attributes:
        week: Week index.
        need: Hours needed per resident (0 for those not living here).
        remaining: (4, n) hours per task not yet covered.
        covered: Source name to (n,) hours covered by that source.
    """

    week: int
    need: np.ndarray
    remaining: np.ndarray
    covered: dict[str, np.ndarray]

    @classmethod
    def open(cls, week: int, need_by_task: np.ndarray) -> CareWeek:
        """Start a week with every needed hour still open."""
        need_by_task = need_by_task.astype(np.float32, copy=False)
        n = need_by_task.shape[1]
        return cls(week=week, need=_rows_sum(need_by_task), remaining=need_by_task.copy(),
                   covered={s: np.zeros(n, np.float32) for s in SOURCES})

    @property
    def unmet(self) -> np.ndarray:
        """Hours per resident that no source covered (so far)."""
        return _rows_sum(self.remaining)

    def open_hours(self, tasks: np.ndarray) -> np.ndarray:
        """Open hours per resident in the tasks of a boolean (4,) mask."""
        return _rows_sum(self.remaining[tasks])

    def offer(self, tasks: np.ndarray, hours: np.ndarray) -> np.ndarray:
        """Hours by task (4, n) that ``hours`` per resident would cover in ``tasks``.

        Hours are spread over the eligible tasks in proportion to what is open in each,
        and never exceed what is open.
        """
        open_ = self.remaining * tasks[:, None]
        total = _rows_sum(open_[tasks])
        share = np.minimum(hours, total) / np.where(total > 0, total, 1)
        open_ *= share.astype(np.float32, copy=False)
        return open_

    def cover(self, source: str, hours_by_task: np.ndarray) -> None:
        """Book hours (4, n) from a source; they must not exceed what is open."""
        hours_by_task = np.minimum(hours_by_task.astype(np.float32, copy=False),
                                   self.remaining)
        self.remaining -= hours_by_task
        np.maximum(self.remaining, 0, out=self.remaining)
        self.covered[source] += _rows_sum(hours_by_task)

    def give(self, source: str, tasks: np.ndarray, hours: np.ndarray) -> np.ndarray:
        """Cover up to ``hours`` per resident in ``tasks``; return the hours given (n,)."""
        by_task = self.offer(tasks, hours)
        self.cover(source, by_task)
        return _rows_sum(by_task)

    def reserve(self, tasks: np.ndarray, hours: np.ndarray) -> np.ndarray:
        """Hold back up to ``hours`` per resident in ``tasks`` (booked by nobody yet).

        Used for scheduled care that a later source will deliver: earlier sources plan
        around it. Returns the held hours by task; give them back with :meth:`release`.
        """
        held = self.offer(tasks, hours)
        self.remaining -= held
        np.maximum(self.remaining, 0, out=self.remaining)
        return held

    def release(self, held: np.ndarray) -> None:
        """Return hours held by :meth:`reserve` to the open hours."""
        self.remaining += held

    def check(self, tol: float = 1e-3) -> None:
        """Assert the identity need = self + informal + formal + residential + unmet."""
        total = sum(self.covered.values()) + self.unmet
        gap = np.abs(total - self.need)
        if gap.size and gap.max() > tol * np.maximum(self.need, 1).max():
            i = int(np.argmax(gap))
            raise AssertionError(f"care ledger does not balance for resident {i}: need "
                                 f"{self.need[i]:.3f} vs covered+unmet {total[i]:.3f}")
        if (self.remaining < -tol).any():
            raise AssertionError("care ledger has negative open hours")


class Demand:
    """Hours needed per task, and the part residents cover themselves.

    Args:
        cfg: Self-care and task-split parameters.
        hours_per_level: Hours needed per week by need level (needs config).
        dementia_extra_hours: Extra supervision hours with dementia.
    """

    def __init__(self, cfg: SelfCareConfig, hours_per_level: list[float],
                 dementia_extra_hours: float) -> None:
        self.cfg = cfg
        shares = np.array([cfg.personal_share, cfg.household_share, cfg.nursing_share,
                           cfg.supervision_share], np.float32)  # (4, 4 levels)
        self.by_level = shares * np.asarray(hours_per_level, np.float32)[None, :]
        self.dementia_extra = np.float32(dementia_extra_hours)
        # (4 tasks, 8 states): state = need level + 4 * dementia; dementia adds supervision.
        self.table = np.concatenate([self.by_level, self.by_level], axis=1)
        self.table[SUPERVISION, 4:] += self.dementia_extra
        self.self_share = np.asarray(cfg.self_care_share, np.float32)

    def need_by_task(self, pop: Population) -> np.ndarray:
        """(4, n) hours needed this week; zero for residents not living here."""
        state = np.where(pop.alive, pop.need + np.int8(4) * pop.dementia.view(np.int8), 0)
        table = self.table.copy()
        table[:, 0] = 0  # level none without dementia needs nothing (and the dead need 0)
        return table[:, state]

    def self_care_capacity(self, pop: Population) -> np.ndarray:
        """Share of each task a resident does herself (self-management capacity).

        It falls with need level, with dementia, and with lower SES.
        """
        share = self.self_share[pop.need].copy()
        share *= 1 - np.float32(self.cfg.dementia_self_care_loss) * pop.dementia
        share *= 1 - np.float32(self.cfg.ses_self_care_loss) * (4 - pop.ses) / 4
        return share

    def open_week(self, week: int, pop: Population, at_home: np.ndarray) -> CareWeek:
        """Open the week's ledger and book self-care for residents living at home."""
        care = CareWeek.open(week, self.need_by_task(pop))
        share = self.self_care_capacity(pop) * at_home
        self_tasks = care.remaining * share[None, :]
        self_tasks[NURSING] = 0  # nursing acts need a professional or a trained carer
        care.cover("self", self_tasks)
        return care
