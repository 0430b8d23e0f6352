"""Recruitment: recipients with open hours ask their ties for care, in priority order.

A tie accepts with a willingness that depends on its kind and the candidate's sex, falls
with her lack of free time and care already given, and with overload. Each pair has one
fixed draw, so asking again does not turn a "no" into a "yes" by chance.
"""

from __future__ import annotations

import numpy as np

from sim.care.informal.links import (
    _VIRTUAL_KEY,
    CHILD,
    FRIEND,
    HOPELESS_WEEKS,
    HOUSEHOLD,
    KIN,
    NEIGHBOUR,
    NONRESIDENT_CHILD,
    PARTNER,
    csr_rows,
)
from sim.engine.streams import keyed_uniform, pair_uniform
from sim.engine.units import HOURS_PER_WEEK
from sim.population.network import ADULT_AGE
from sim.population.residents import NURSING_HOME, WOMAN


class Recruitment:
    """Finding carers (a part of :class:`InformalCare`)."""

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

    def _recruit(self, open_: np.ndarray, week: int) -> None:
        """Recipients with uncovered hours ask their ties for one more carer.

        Ties are asked in priority order; the first that accepts becomes a carer.
        """
        pop, net, cfg, L = self.pop, self.network, self.cfg, self.links
        n = self.n
        R = np.flatnonzero(open_ - self._supply >= self.help_threshold)
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
        if self.events.enabled:
            self.events.record("care_link_start", rec, carer=np.where(car < n, car, -1),
                               tie=kind)

    def ask_again(self, ids: np.ndarray | None = None) -> None:
        """Let recipients (all, or ``ids``) look for carers again from the next step.

        For policies that add ties (new neighbour ties, for instance): recipients who found
        nobody otherwise wait up to ``HOPELESS_WEEKS`` before asking again.
        """
        if ids is None:
            self._next_ask[:] = 0
        else:
            self._next_ask[np.asarray(ids, np.int64)] = 0
