"""Virtual carers: adult children living outside the municipality.

They have no resident id, but a sex, an age (parent's age minus 22-38 years), a job and
minors at home drawn like residents', a capacity reduced by distance, and a burden state.
Their slots follow the residents' in every per-slot column (the columns' tail).
"""

from __future__ import annotations

import numpy as np

from sim.engine.units import HOURS_PER_WEEK
from sim.population.network import ADULT_AGE, CHILD_AGE_GAP


class VirtualCarers:
    """Virtual carers' state and capacity (a part of :class:`InformalCare`)."""

    @property
    def n_virtual(self) -> int:
        """Number of virtual carers created so far."""
        return len(self.v_parent)

    @property
    def v_limit(self) -> np.ndarray:
        """Hard limit of each virtual carer (capacity plus stretch, h/week)."""
        return self._limit[self.n:]

    @property
    def v_capacity(self) -> np.ndarray:
        """Capacity of each virtual carer (h/week, distance-reduced)."""
        return self._cap[self.n:]

    @property
    def v_hours(self) -> np.ndarray:
        """Hours each virtual carer gave this week."""
        return self._hours[self.n:]

    @property
    def v_burden(self) -> np.ndarray:
        """Burden of each virtual carer."""
        return self._burden[self.n:]

    def _refresh_virtual(self, v: np.ndarray) -> None:
        """Capacity of virtual carers ``v``: like a resident's, reduced by distance."""
        c = self.cfg
        if v.size == 0:
            return
        age = np.maximum(self.pop.age[self.v_parent[v]] - self.v_gap[v], ADULT_AGE)
        work_u, part_u, minors_u = self.v_draws[:, v]
        fte = self.employment(age, self.v_sex[v], np.zeros(v.size, np.int64), work_u, part_u)
        years = np.minimum(age.astype(np.int64), 120)
        childcare = np.where(minors_u < self._minors_by_age[years], c.childcare_hours / 2, 0.0)
        free = (HOURS_PER_WEEK - c.personal_hours - childcare
                - fte * (c.hours_per_fte + c.commute_hours_per_fte))
        cap = np.clip(free * c.care_share_of_free, 0, c.max_care_hours) * self._age_capacity(age)
        self._v_cap[v] = cap * c.nonresident_capacity_factor
        self._cap[self.n + v] = self._v_cap[v] * np.float32(
            self.levers.value("informal.capacity_factor"))

    def _add_virtual(self, recipients: np.ndarray) -> None:
        """Create the non-resident children of these residents' parent units (once).

        A couple shares its children: both partners point to the same virtual carers.
        """
        pop, net = self.pop, self.network
        r = recipients[self.v_base[recipients] < 0]
        r = np.unique(r[net.nonresident_children[r] > 0])
        if r.size == 0:
            return
        k = net.nonresident_children[r].astype(np.int64)
        mate = pop.partner[r].astype(np.int64)
        safe = np.maximum(mate, 0)
        share = (mate >= 0) & (net.nonresident_children[safe] == k) & (self.v_base[safe] < 0)
        head = np.where(share, np.minimum(r, mate), r)
        other = np.where(share, np.maximum(r, mate), -1)
        head, first = np.unique(head, return_index=True)
        k, other = k[first], other[first]
        base = self.n_virtual + np.cumsum(k) - k
        self.v_base[head] = base
        self.v_base[other[other >= 0]] = base[other >= 0]
        m = int(k.sum())
        self.v_parent = np.concatenate([self.v_parent, np.repeat(head, k)])
        self.v_sex = np.concatenate([self.v_sex, self.rng.integers(0, 2, m).astype(np.int8)])
        self.v_gap = np.concatenate([self.v_gap, self.rng.uniform(*CHILD_AGE_GAP, m)
                                     .astype(np.float32)])
        self.v_draws = np.concatenate([self.v_draws, self.rng.random((3, m))], axis=1)
        self._v_cap = np.concatenate([self._v_cap, np.zeros(m, np.float32)])
        for st in self.states:
            if st.tail:
                setattr(self, st.name, np.concatenate([getattr(self, st.name),
                                                       np.zeros(m, st.dtype)]))
        self._ok[-m:] = True
        self._refresh_virtual(np.arange(self.n_virtual - m, self.n_virtual))
