"""The weekly care ledger: who covers the hours each resident needs.

Every week each living resident's needed hours are split into four tasks. Sources then
cover what they can, in the order of the weekly cycle: self-care, residential care
(nursing home residents, short stay, day care), household help bought with service
vouchers (dienstencheques), formal home care, informal care (mantelzorg). Whatever is left
is unmet. The ledger enforces the accounting identity

    needed = self + informal + formal + vouchers + residential + unmet

per person and week: a source can only cover hours that are still open, and only in the
tasks it is able to do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TASKS = ("personal", "household", "nursing", "supervision")
PERSONAL, HOUSEHOLD, NURSING, SUPERVISION = range(4)
SOURCES = ("self", "informal", "formal", "vouchers", "residential")


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
    """One week's ledger over the residents who need care (float32 hours).

    Most residents need nothing in a given week, so open hours are stored only for the k
    residents with a need (``ids``); the per-source totals are kept over all residents so
    that readers can index them by resident id. Every method that books hours takes the
    resident ids it concerns: work is proportional to the residents involved, not to the
    population (a full-population ledger cost about a third of the weekly step at 100,000
    residents).

    Attributes:
        week: Week index.
        ids: (k,) ascending ids of residents with a need this week.
        pos: (n,) position of each resident in ``ids``, -1 for residents without need.
        need: (n,) hours needed per resident (0 for those not living here).
        left: (4, k) hours per task not yet covered, for the residents ``ids``.
        covered: Source name to (n,) hours covered by that source.
    """

    week: int
    ids: np.ndarray
    pos: np.ndarray
    need: np.ndarray
    left: np.ndarray
    covered: dict[str, np.ndarray]

    @classmethod
    def open(cls, week: int, need_by_task: np.ndarray, ids: np.ndarray | None = None,
             n: int | None = None) -> CareWeek:
        """Start a week with every needed hour still open.

        Args:
            week: Week index.
            need_by_task: (4, k) hours needed by task for the residents ``ids``, or (4, n)
                for everyone when ``ids`` is omitted.
            ids: Ascending ids of the residents with a need (columns of ``need_by_task``).
            n: Number of residents (required with ``ids``).
        """
        need_by_task = need_by_task.astype(np.float32, copy=False)
        if ids is None:
            n = need_by_task.shape[1]
            ids = np.flatnonzero(need_by_task.sum(axis=0) > 0)
            need_by_task = need_by_task[:, ids]
        assert n is not None, "n is required with ids"
        ids = np.asarray(ids, np.int64)
        pos = np.full(n, -1, np.int64)
        pos[ids] = np.arange(ids.size)
        need_k = _rows_sum(need_by_task)
        need = np.zeros(n, np.float32)
        need[ids] = need_k
        return cls(week=week, ids=ids, pos=pos, need=need, left=need_by_task.copy(),
                   covered={s: np.zeros(n, np.float32) for s in SOURCES})

    @property
    def n(self) -> int:
        """Number of residents the ledger spans."""
        return self.pos.size

    # -- reading -------------------------------------------------------------------------

    def _put(self, p: np.ndarray, values: np.ndarray) -> None:
        """Write (4, len(p)) values into ledger columns ``p`` (row by row: twice as fast)."""
        for row, v in zip(self.left, values, strict=True):
            row[p] = v

    def _cols(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Ledger columns of ``ids`` and a mask of the ids that have a column."""
        p = self.pos[ids]
        has = p >= 0
        return p, has

    def open_by_task(self, ids: np.ndarray | None = None) -> np.ndarray:
        """(4, len(ids)) open hours by task (all residents when ``ids`` is omitted)."""
        if ids is None:
            out = np.zeros((len(TASKS), self.n), np.float32)
            out[:, self.ids] = self.left
            return out
        p, has = self._cols(ids)
        if not self.ids.size:
            return np.zeros((len(TASKS), len(p)), np.float32)
        if has.all():
            return np.take(self.left, p, axis=1)
        out = np.take(self.left, np.where(has, p, 0), axis=1)
        out *= has
        return out

    def open_hours(self, tasks: np.ndarray | None = None,
                   ids: np.ndarray | None = None) -> np.ndarray:
        """Open hours per resident in the tasks of a boolean (4,) mask (default: all).

        For the residents ``ids``, or a full (n,) array when ``ids`` is omitted.
        """
        rows = self.left if tasks is None else self.left[tasks]
        k_hours = _rows_sum(rows)
        if ids is None:
            out = np.zeros(self.n, np.float32)
            out[self.ids] = k_hours
            return out
        p, has = self._cols(ids)
        if not self.ids.size:
            return np.zeros(len(p), np.float32)
        return np.where(has, k_hours[np.where(has, p, 0)], np.float32(0))

    @property
    def unmet(self) -> np.ndarray:
        """(n,) hours per resident that no source covered (so far)."""
        return self.open_hours()

    # -- booking -------------------------------------------------------------------------

    def cover(self, source: str, hours_by_task: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Book hours (4, len(ids)) from a source for residents ``ids``; return hours booked.

        Hours are capped at what is open (so the ledger identity always holds). ``ids``
        must be unique; residents without need get nothing.
        """
        hours_by_task = hours_by_task.astype(np.float32, copy=False)
        if ids is self.ids:  # everyone in the ledger (self-care): no gather needed
            booked = np.minimum(hours_by_task, self.left)
            np.maximum(booked, 0, out=booked)
            self.left -= booked
            out = _rows_sum(booked)
        else:
            p, has = self._cols(ids)
            if not has.all():
                p, hours_by_task = p[has], hours_by_task[:, has]
            left = np.take(self.left, p, axis=1)
            booked = np.minimum(hours_by_task, left)
            np.maximum(booked, 0, out=booked)
            left -= booked
            self._put(p, left)
            out = np.zeros(len(ids), np.float32)
            out[has] = _rows_sum(booked)
        self.covered[source][ids] += out
        return out

    def cover_share(self, source: str, share: np.ndarray | float, ids: np.ndarray
                    ) -> np.ndarray:
        """Book ``share`` of the open hours of residents ``ids`` from a source.

        ``share`` is a scalar or (4, len(ids)) per task; the same as ``cover(source,
        open_by_task(ids) * share, ids)`` with one gather. Returns the hours booked.
        """
        p, has = self._cols(ids)
        if not has.all():
            out = np.zeros(len(ids), np.float32)
            sub = share[:, has] if np.ndim(share) == 2 else share
            out[has] = self.cover_share(source, sub, ids[has])
            return out
        left = np.take(self.left, p, axis=1)
        booked = np.minimum(left * np.asarray(share, np.float32), left)
        np.maximum(booked, 0, out=booked)
        left -= booked
        self._put(p, left)
        out = _rows_sum(booked)
        self.covered[source][ids] += out
        return out

    def cover_all(self, source: str, ids: np.ndarray) -> np.ndarray:
        """Book every open hour of residents ``ids`` from a source; return hours booked."""
        return self.cover_share(source, 1.0, ids)

    def give(self, source: str, tasks: np.ndarray, hours: np.ndarray,
             ids: np.ndarray) -> np.ndarray:
        """Cover up to ``hours`` for each of residents ``ids`` in ``tasks``; return hours given.

        Hours are spread over the eligible tasks in proportion to what is open in each,
        and never exceed what is open.
        """
        p, has = self._cols(ids)
        if not has.all():
            out = np.zeros(len(ids), np.float32)
            out[has] = self.give(source, tasks, np.asarray(hours)[has], ids[has])
            return out
        left = np.take(self.left, p, axis=1)
        booked = left * tasks[:, None]
        total = _rows_sum(booked[tasks])
        share = np.minimum(hours, total) / np.where(total > 0, total, 1)
        booked *= share.astype(np.float32, copy=False)
        np.minimum(booked, left, out=booked)  # rounding never books more than is open
        left -= booked
        self._put(p, left)
        out = _rows_sum(booked)
        self.covered[source][ids] += out
        return out

    def check(self, tol: float = 1e-3) -> None:
        """Assert the identity need = self + informal + formal + vouchers + residential + unmet."""
        total = sum(self.covered.values()) + self.unmet
        gap = np.abs(total - self.need)
        if gap.size and gap.max() > tol * np.maximum(self.need, 1).max():
            i = int(np.argmax(gap))
            raise AssertionError(f"care ledger does not balance for resident {i}: need "
                                 f"{self.need[i]:.3f} vs covered+unmet {total[i]:.3f}")
        if (self.left < -tol).any():
            raise AssertionError("care ledger has negative open hours")
        outside = np.ones(self.n, bool)
        outside[self.ids] = False
        if (self.need[outside] != 0).any():
            raise AssertionError("care ledger has need outside its residents")
