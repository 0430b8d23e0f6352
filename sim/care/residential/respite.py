"""Respite (respijtzorg): short stay (kortverblijf) and day care (dagverzorging).

Recipients whose carer is highly burdened get a short-stay spell of one to a few weeks;
their open need is covered as residential care. Recipients at home with moderate or severe
need (dementia first) attend day care a few days a week; personal care and supervision of
those days come off the home demand. Both relieve the informal carers.
"""

from __future__ import annotations

import numpy as np

from sim.care.residential.facilities import (
    DAY_CARE_TASKS,
    DayCareCentre,
    ShortStay,
    _group_of,
    _split,
    _spread,
    _take_by_capacity,
)
from sim.engine.ledger import CareWeek
from sim.population.residents import NURSING_HOME


class Respite:
    """Short stay and day care (a part of :class:`Residential`)."""

    def _build_respite(self, n65: int) -> None:
        cfg = self.cfg
        units = int(round(n65 * cfg.short_stay_units_per_1000_65plus / 1000.0))
        if cfg.short_stay_units_per_1000_65plus > 0 and n65 > 0:
            units = max(units, 1)  # a unit nearby (possibly in a neighbouring town)
        k = max(1, int(round(units / cfg.short_stay_units_per_centre))) if units > 0 else 0
        self.short_stays = [ShortStay(self.model, site=self, index=i, capacity=int(c))
                            for i, c in enumerate(_split(units, k))]
        self.short_stay_count = np.zeros(k, np.int64)
        k = int(round(n65 * cfg.day_care_centres_per_1000_65plus / 1000.0))
        if cfg.day_care_centres_per_1000_65plus > 0 and n65 > 0:
            k = max(k, 1)
        k = min(k, self.n_buurten)
        self.day_cares = [DayCareCentre(self.model, site=self, index=i,
                                        capacity=int(round(cfg.day_care_places)),
                                        open_days=cfg.day_care_open_days,
                                        days_per_user=cfg.day_care_days_per_week)
                          for i in range(k)]
        self.day_care_count = np.zeros(k, np.int64)
        self.day_care_of_buurt = _group_of(self.n_buurten, k)

    @property
    def respite_open(self) -> bool:
        """Whether short stay and day care are open (lever ``respite.open``)."""
        return bool(self.levers.value("respite.open"))

    def short_stay_capacity(self) -> np.ndarray:
        """Short-stay units open this week per site (its own, the extra from the lever)."""
        cap = np.array([s.capacity for s in self.short_stays], np.int64)
        extra = self.levers.value("respite.extra_short_stay_units")
        return (cap + _spread(extra, len(cap))) * self.respite_open

    def _day_care_capacity(self) -> np.ndarray:
        cap = np.array([d.weekly_users for d in self.day_cares], np.int64)
        extra = self.levers.value("respite.extra_day_care_users")
        return (cap + _spread(extra, len(cap))) * self.respite_open

    def respite(self, care: CareWeek, *, carer_burden: np.ndarray) -> np.ndarray:
        """Short stay and day care for recipients living at home; return respite hours.

        Short stay: spells end after their last week; recipients whose most burdened carer
        is above the threshold ask with a weekly probability and get a free unit (highest
        burden first) for a spell of one to a few weeks; all their open need is covered.
        Day care: users quit with a weekly probability or when their need falls below the
        minimum; eligible residents ask with a weekly probability and are enrolled into
        free slots of their buurt's centre, then any centre (dementia first, then need, then
        carer burden); users not in short stay receive ``days x hours per day`` of personal
        care and supervision.

        Args:
            care: The week's ledger (after self-care and WZC residents).
            carer_burden: (n,) highest burden among each recipient's informal carers.

        Returns:
            (n,) float32 respite hours this week per recipient (0 for non-users).
        """
        cfg, pop, rng = self.cfg, self.pop, self.rng
        week = care.week
        self.week = week
        # Candidates: living at home, old enough, with enough need (a small subset).
        pool = np.flatnonzero(pop.need >= min(cfg.short_stay_min_need, cfg.day_care_min_need))
        pool = pool[pop.alive[pool] & (self.wzc[pool] < 0) & (pop.dwelling[pool] != NURSING_HOME)
                    & (pop.age[pool] >= cfg.min_age)]
        # Short stay: end finished spells, start new ones.
        ended = np.flatnonzero((self.short_stay_until >= 0) & (self.short_stay_until < week))
        self._end_short_stay(ended)
        cand = pool[(carer_burden[pool] >= cfg.short_stay_burden_threshold)
                    & (self.short_stay_until[pool] < 0)
                    & (pop.need[pool] >= cfg.short_stay_min_need)]
        cand = cand[self._u("short_stay", week, cand) < cfg.short_stay_prob]
        free = self.short_stay_capacity() - self.short_stay_count
        self.short_stay_started = cand[:0]
        if len(cand) and free.sum() > 0:
            cand = cand[np.argsort(-carer_burden[cand], kind="stable")]
            slots = rng.permutation(np.repeat(np.arange(len(free)), np.maximum(free, 0)))
            start = cand[: len(slots)]
            lo, hi = (int(round(x)) for x in cfg.short_stay_weeks)
            span = (self._u("short_stay_weeks", week, start) * (hi - lo + 1)).astype(np.int64)
            self.short_stay_until[start] = week + lo + span - 1
            self.short_stay_centre[start] = slots[: len(start)]
            self.short_stay_count += np.bincount(slots[: len(start)], minlength=len(free))
            self.short_stay_started = start
        ss = np.flatnonzero(self.short_stay_until >= week)
        # Day care: quits, then enrolment into free slots.
        users = np.flatnonzero(self.day_care)
        leave = users[(self._u("day_care_quit", week, users) < cfg.day_care_quit)
                      | (pop.need[users] < cfg.day_care_min_need) | ~pop.alive[users]
                      | (self.wzc[users] >= 0) | (pop.dwelling[users] == NURSING_HOME)]
        self._end_day_care(leave)
        self._enrol_day_care(pool[~self.day_care[pool]
                                  & (pop.need[pool] >= cfg.day_care_min_need)], carer_burden)
        attend = np.flatnonzero(self.day_care)
        attend = attend[self.short_stay_until[attend] < week]
        self._attending = attend
        # Book both in one pass over the ledger.
        relief = np.zeros(pop.n, np.float32)
        if len(ss):
            relief[ss] = care.cover_all("residential", ss)
        if len(attend):
            offer = np.float32(cfg.day_care_days_per_week * cfg.day_care_hours_per_day)
            relief[attend] = care.give("residential", DAY_CARE_TASKS,
                                       np.full(len(attend), offer), attend)
        self.relief = relief
        return relief

    def _enrol_day_care(self, cand: np.ndarray, carer_burden: np.ndarray) -> None:
        cfg, pop = self.cfg, self.pop
        if not self.day_cares:
            return
        cand = cand[self._u("day_care_uptake", self.week, cand) < cfg.day_care_uptake]
        if not len(cand):
            return
        cand = cand[np.lexsort((-carer_burden[cand], -pop.need[cand].astype(np.int64),
                                ~pop.dementia[cand]))]
        for local in (True, False):
            free = np.maximum(self._day_care_capacity() - self.day_care_count, 0)
            if not free.sum() or not len(cand):
                return
            if local:
                centre = self.day_care_of_buurt[pop.buurt[cand]]
            else:  # the rest go to any centre with room left, in priority order
                centre = np.full(len(cand), -1, np.int64)
                slots = np.repeat(np.arange(len(free)), free)
                centre[: len(slots)] = slots[: len(cand)]
            take = _take_by_capacity(centre, free)
            ids = cand[take]
            self.day_care[ids] = True
            self.day_care_centre[ids] = centre[take]
            self.day_care_count += np.bincount(centre[take], minlength=len(free))
            cand = cand[~take]

    def _end_short_stay(self, ids: np.ndarray) -> None:
        ids = np.asarray(ids, np.int64)
        ids = ids[self.short_stay_centre[ids] >= 0]
        if len(ids):
            self.short_stay_count -= np.bincount(self.short_stay_centre[ids],
                                                 minlength=len(self.short_stays))
        self.short_stay_until[ids] = -1
        self.short_stay_centre[ids] = -1

    def _end_day_care(self, ids: np.ndarray) -> None:
        ids = np.asarray(ids, np.int64)
        ids = ids[self.day_care[ids]]
        if len(ids):
            self.day_care_count -= np.bincount(self.day_care_centre[ids],
                                               minlength=len(self.day_cares))
        self.day_care[ids] = False
        self.day_care_centre[ids] = -1

    def _respite_switched(self, was_open: bool, now_open: bool) -> None:
        """Respite closes (users go home at once) or reopens (lever ``respite.open``)."""
        if was_open and not now_open:
            self._end_short_stay(np.flatnonzero(self.short_stay_centre >= 0))
            self._end_day_care(np.flatnonzero(self.day_care))
