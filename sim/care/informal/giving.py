"""Giving hours: carers split their capacity over their recipients and fill open hours.

A carer's capacity is split over her links in proportion to the recipients' open hours;
within a recipient, links fill the open hours in priority order (partner first); what
that leaves undone carers may take on beyond their plan, up to a stretch set by the tie.
"""

from __future__ import annotations

import numpy as np

from sim.care.informal.links import _fill_in_order
from sim.engine.ledger import CareWeek


class Giving:
    """Hours given (a part of :class:`InformalCare`)."""

    def _give(self, care: CareWeek, open_: np.ndarray, ids: np.ndarray, inv: np.ndarray
              ) -> np.ndarray:
        """Split capacity over links and fill each recipient's open hours by priority.

        Links must be sorted by recipient and priority. A carer's capacity is split over
        its links in proportion to the recipients' open hours; within a recipient, links
        fill the open hours in priority order. Capacity a saturated recipient leaves
        unused is not handed on (a second pass changed total hours by < 0.2%).

        Returns:
            Hours given per link.
        """
        n, L = self.n, self.links
        self._hours[:] = 0
        self.received = np.zeros(n, np.float32)
        if len(L) == 0:
            self._supply = self.received.copy()
            return np.zeros(0)
        rec = L.recipient
        new_rec = np.ones(rec.size, bool)
        new_rec[1:] = rec[1:] != rec[:-1]
        starts = np.flatnonzero(new_rec)
        seg = np.cumsum(new_rec) - 1  # link -> recipient segment
        urec = rec[starts]
        o = open_[urec].astype(np.float64)[seg]
        denom = np.bincount(inv, o, minlength=ids.size)[inv]
        share = self._cap[ids].astype(np.float64)[inv] * o / np.where(denom > 0, denom, 1)
        if self.cfg.share_within_network:
            # Carers share the load: each first takes on what she can sustain, in priority
            # order; only then do the first carers go beyond it.
            light = share * self.cfg.sustainable_share
            given = _fill_in_order(o, light, starts, seg)
            rest = np.maximum(o - np.add.reduceat(given, starts)[seg], 0.0)
            given += _fill_in_order(rest, share - light, starts, seg)
        else:
            given = _fill_in_order(o, share, starts, seg)
        # Stretch: what the planned capacity left undone, carers take on beyond their plan,
        # up to a share of that capacity set by how close the tie is (a partner cannot walk
        # away; a neighbour can). These hours build burden like any other.
        reserve = share * self.stretch[L.kind]
        limit = share + reserve
        if reserve.any():
            left = np.maximum(o - np.add.reduceat(given, starts)[seg], 0.0)
            given += _fill_in_order(left, reserve, starts, seg)
        self._limit[:] = 0
        self._limit[ids] = np.bincount(inv, limit, minlength=ids.size)
        want = np.add.reduceat(given, starts)
        got = care.give("informal", self.mask, want, urec).astype(np.float64)
        ratio = np.minimum(got / np.where(want > 0, want, 1), 1.0)
        given *= ratio[seg]
        L.hours = given
        L.table[3] = np.where(given > 0, 0, L.idle + 1)
        self.received[urec] = np.add.reduceat(given, starts)
        self._supply = self.received.copy()
        if self.cfg.share_within_network:
            # Hours her carers give beyond what they sustain count as a gap when she next
            # asks her ties: the main carer asks the family to share the care.
            beyond = np.maximum(given - share * self.cfg.sustainable_share, 0.0)
            self._supply[urec] -= np.add.reduceat(beyond, starts).astype(np.float32)
        self._hours[ids] = np.bincount(inv, given, minlength=ids.size)
        return given
