"""Local service centres (lokale dienstencentra, LDC): meeting places that notice need.

Older residents of its buurten visit; visits lower loneliness, and staff notice visitors
with open unmet need and signal them to home care.
"""

from __future__ import annotations

import numpy as np

from sim.care.residential.facilities import (
    LDC_REFRESH_WEEKS,
    LocalServiceCentre,
    _group_of,
    _take_by_capacity,
)
from sim.engine.ledger import CareWeek
from sim.population.residents import NURSING_HOME


class ServiceCentres:
    """Local service centres (a part of :class:`Residential`)."""

    def _build_centres(self, n65: int) -> None:
        cfg = self.cfg
        k = int(round(n65 * cfg.ldc_per_1000_65plus / 1000.0))
        if cfg.ldc_per_1000_65plus > 0 and n65 > 0:
            k = max(k, 1)
        k = min(k, self.n_buurten)
        self.ldc_of_buurt = _group_of(self.n_buurten, k)
        self.centres = [LocalServiceCentre(self.model, index=i,
                                           buurten=np.flatnonzero(self.ldc_of_buurt == i),
                                           capacity=int(round(cfg.ldc_weekly_visitors)))
                        for i in range(k)]

    def _ldc_capacity(self) -> np.ndarray:
        return np.array([c.capacity for c in self.centres], np.int64)

    def service_centres(self, lonely: np.ndarray, *, care: CareWeek | None = None,
                        unmet: np.ndarray | None = None) -> np.ndarray:
        """Visits to the local service centres this week; set ``signalled``.

        Residents at home above ``ldc_min_age`` visit with a weekly probability raised for
        the lonely, those living alone and those aged 75+; where a centre has more
        visitors than capacity, a random subset of them is received. Visitors with open
        unmet hours are noticed with ``ldc_detection_prob`` and signalled to home care.

        Args:
            lonely: (n,) bool, lonely this week.
            care: This week's ledger, as it stands now (in the model's cycle: after
                self-care, facilities and respite, before home care and informal care).
            unmet: (n,) open unmet hours; defaults to the open hours of ``care``.

        Returns:
            (n,) bool, visited a centre this week.
        """
        cfg, pop = self.cfg, self.pop
        n = pop.n
        visited = np.zeros(n, bool)
        signalled = np.zeros(n, bool)
        if self.centres:
            old, alone, old75 = self._ldc_pool()
            keep = (pop.alive[old] & (self.wzc[old] < 0) & (pop.dwelling[old] != NURSING_HOME)
                    & (self.short_stay_until[old] < max(self.week, 0)))
            cand = old[keep]
            p = np.where(lonely[cand], cfg.ldc_visit_prob * cfg.ldc_lonely_factor,
                         cfg.ldc_visit_prob)
            p *= self._ldc_factor[alone[keep].view(np.int8) + 2 * old75[keep].view(np.int8)]
            week = max(self.week, 0)
            ids = cand[self._u("ldc_visit", week, cand) < p]
            centre = self.ldc_of_buurt[pop.buurt[ids]]
            cap = self._ldc_capacity()
            counts = np.bincount(centre, minlength=len(cap))
            if (counts > cap).any():
                ids = ids[np.argsort(self._u("ldc_order", week, ids))]
                centre = self.ldc_of_buurt[pop.buurt[ids]]
                keep = _take_by_capacity(centre, cap)
                ids, centre = ids[keep], centre[keep]
            visited[ids] = True
            if unmet is not None:
                open_ = ids[unmet[ids] > 0]
            elif care is not None:
                open_ = ids[care.open_hours(ids=ids) > 0]
            else:
                open_ = ids[:0]
            seen = open_[self._u("ldc_detect", week, open_) < cfg.ldc_detection_prob]
            signalled[seen] = True
            counts = np.bincount(centre, minlength=len(cap))
            seen_c = np.bincount(self.ldc_of_buurt[pop.buurt[seen]], minlength=len(cap))
            for c in self.centres:
                c.visitors, c.signalled = int(counts[c.index]), int(seen_c[c.index])
        self.visited, self.signalled = visited, signalled
        return visited

    def _ldc_pool(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Residents old enough for an LDC, and whether each lives alone or is 75+.

        Recomputed every few weeks (and after growth): ages change yearly and households
        slowly, so a weekly recount would only cost time.
        """
        pop, cfg = self.pop, self.cfg
        stale = (self._ldc_cache is None or self._ldc_cache[0] != pop.n
                 or self.week - self._ldc_cache[1] >= LDC_REFRESH_WEEKS)
        if stale:
            at_home = pop.alive & (self.wzc < 0) & (pop.dwelling != NURSING_HOME)
            old = np.flatnonzero(at_home & (pop.age >= cfg.ldc_min_age))
            size = np.bincount(pop.household, weights=at_home, minlength=1)
            alone = size[pop.household[old]] <= 1
            self._ldc_cache = (pop.n, self.week, old, alone, pop.age[old] >= 75)
            self._ldc_factor = np.array([1.0, cfg.ldc_alone_factor, cfg.ldc_age75_factor,
                                         cfg.ldc_alone_factor * cfg.ldc_age75_factor])
        return self._ldc_cache[2], self._ldc_cache[3], self._ldc_cache[4]

    def signal(self, ids: np.ndarray) -> None:
        """Signal residents ``ids`` to home care this week (outreach finds them)."""
        self.signalled[np.asarray(ids, np.int64)] = True
