"""Carer burden: care beyond a sustainable load builds it, rest and respite relieve it.

An overloaded carer's health declines (latent frailty rises), her paid work may be cut
(:mod:`sim.care.informal.paid_work`), and she may stop caring; links also end otherwise
(withdrawal), and a carer who stopped waits before caring again.
"""

from __future__ import annotations

import numpy as np

from sim.care.informal.links import HOUSEHOLD, STRAIN_CAP
from sim.engine.streams import keyed_uniform, pair_uniform


class Burden:
    """Burden and its consequences (a part of :class:`InformalCare`)."""

    def _update_burden(self, given: np.ndarray, relief: np.ndarray, ids: np.ndarray,
                       inv: np.ndarray) -> None:
        """Grow burden above a sustainable load, recover below it; respite relieves.

        ``ids`` are the slots of carers with a link and of everyone still recovering.
        """
        cfg, pop, L = self.cfg, self.pop, self.links
        eff = np.zeros(ids.size)
        if len(L):
            rec = L.recipient
            load = given * (1 + cfg.dementia_strain * pop.dementia[rec])
            rel = relief[rec]
            if rel.any():  # respite relieves each carer in proportion to her share
                got = self.received[rec].astype(np.float64)
                load -= cfg.respite_relief_weight * rel * (given / np.where(got > 0, got, 1))
            eff = np.bincount(inv, load, minlength=ids.size)
        eff = np.maximum(eff, 0)
        sustainable = cfg.sustainable_share * self._cap[ids].astype(np.float64)
        strain = np.where(sustainable > 0, eff / np.where(sustainable > 0, sustainable, 1),
                          np.where(eff > 0, STRAIN_CAP, 0.0))
        strain = np.minimum(strain, STRAIN_CAP)
        growth = cfg.burden_growth
        coaching = self.levers.value("informal.coaching_factor")
        if coaching != 1.0:
            growth = growth * np.where(self._coached[ids], coaching, 1.0)
        delta = np.where(strain > 1, growth * (strain - 1),
                         -cfg.burden_recovery * (1 - strain))
        b = np.clip(self._burden[ids] + delta, 0, cfg.burden_max).astype(np.float32)
        self._burden[ids] = b
        self._over[ids] = b > cfg.overload_threshold
        self._over[: self.n] &= pop.alive

    def coach(self, slots: np.ndarray) -> None:
        """Carer slots ``slots`` start coaching (their burden grows by the coaching factor)."""
        self._coached[slots] = True

    def _consequences(self, week: int) -> tuple[np.ndarray, np.ndarray]:
        """Overload harms health and work and may end care; links also end otherwise.

        Returns:
            The resident carers who stopped and the recipients of the ended links.
        """
        cfg, pop, L = self.cfg, self.pop, self.links
        n = self.n
        over = np.flatnonzero(self._over)
        res = over[over < n]
        pop.frailty[res] += np.float32(cfg.frailty_per_overload_week)
        self._work_cuts(week, res)
        self._work_return(week)
        if len(L) == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        # Drop-out of overloaded carers (all their links) and withdrawal per link.
        quit_ = np.zeros(self._cap.size, bool)
        quit_[over[keyed_uniform(self._keys["quit"], week, over) < cfg.stop_hazard_overload]] = True
        slot = L.slot
        # Burden wears links down, less so with someone she lives with (she cannot walk away
        # from a partner at home: coresident_stop_factor), as for stopping below.
        wear = np.where(L.kind <= HOUSEHOLD, cfg.coresident_stop_factor, 1.0)
        hazard = self.withdraw[L.kind] + cfg.withdraw_per_burden * self._burden[slot] * wear
        # An overloaded carer who gives up keeps caring for someone she lives with, except
        # with chance coresident_stop_factor.
        link_key = self._keys["link"] + np.uint64(week)
        u = pair_uniform(link_key, slot, L.recipient)  # per link and week
        end = u < hazard
        q = np.flatnonzero(quit_[slot])  # links of carers who give up (few)
        if q.size:
            stay = (L.kind[q] <= HOUSEHOLD) & (pair_uniform(
                link_key + np.uint64(1 << 40), slot[q], L.recipient[q])
                >= cfg.coresident_stop_factor)
            end[q[~stay]] = True
        ended = np.unique(slot[end])
        self._cooldown[ended] = week + cfg.cooldown_weeks
        self.stopped_virtual = int((ended >= n).sum())
        lost = L.recipient[end]
        if self.events.enabled and end.any():
            burnt = np.zeros(len(L), bool)
            if q.size:
                burnt[q[~stay]] = True
            self._log_links("care_link_stop", end,
                            np.where(burnt[end], self._stop_reason("burnout"),
                                     self._stop_reason("withdrew")))
        self._drop(~end)
        return ended[ended < n], lost

    def carer_burden(self) -> np.ndarray:
        """Per resident, the highest burden among the carers caring for her (0 if none).

        Respite services use it to prioritise recipients whose carers are close to
        breaking down.
        """
        out = np.zeros(self.n, np.float32)
        L = self.links
        if len(L):
            np.maximum.at(out, L.recipient, self._burden[L.slot])
        return out
