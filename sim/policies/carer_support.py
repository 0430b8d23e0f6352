"""Mantelzorgondersteuning (carer support): relief, leave, coaching and an allowance.

DOMAIN mechanisms 3 and 10 (limits of informal care, support for carers): carers need
support to keep caring without breaking down. From ``start_week``, ramping up over ``ramp_weeks``:

- **respite**: short stay and day care grow by ``extra_respite`` of their capacity (more
  relief for carers, more hours off home demand); the days used are paid like all respite;
- **care leave** (zorgverlof): of the overloaded working carers who would cut their paid
  work for good, ``care_leave_share`` take a paid leave of ``care_leave_weeks`` instead; their
  job returns after it, so less paid work is lost;
- **coaching**: each week a carer whose burden is above half the overload threshold starts
  coaching with chance ``coaching_uptake``; a coached carer's burden grows
  ``coaching_factor`` times as fast;
- **allowance** (mantelzorgpremie): every tie is ``allowance_willingness_factor`` times as
  willing to take on care; the allowance is paid to the carers of residents with severe
  need.
"""

from __future__ import annotations

import numpy as np

from sim.policies import Policy, register


@register
class CarerSupport(Policy):
    """Extra respite, care leave, coaching and a carer allowance."""

    name = "carer_support"
    label = "mantelzorgondersteuning"

    def setup(self) -> None:
        """Remember the municipality's respite capacity the extra share is taken of."""
        res = self.model.residential
        self._units = sum(s.capacity for s in res.short_stays)
        self._users = sum(d.weekly_users for d in res.day_cares)  # user slots a week
        self._level = -1.0

    def capacity(self, week: int) -> None:
        """Set the ramped levers (respite places, leave, coaching, willingness)."""
        level = self.intensity(week)
        if level == self._level:
            return
        self._level = level
        cfg, m = self.cfg, self.model
        extra = cfg.extra_respite * level
        if extra > 0:
            m.residential.extra_respite[self.name] = (int(round(self._units * extra)),
                                                      int(round(self._users * extra)))
        inf = m.informal
        inf.willingness_factor = 1 + (cfg.allowance_willingness_factor - 1) * level
        inf.coaching_factor = 1 + (cfg.coaching_factor - 1) * level
        inf.leave_share = cfg.care_leave_share * level
        inf.leave_weeks = cfg.care_leave_weeks
        inf.leave_key = self.key("leave")

    def informal(self, week: int, care) -> None:
        """Carers under strain start coaching."""
        cfg, inf = self.cfg, self.model.informal
        level = self.intensity(week)
        if level <= 0 or cfg.coaching_uptake <= 0 or cfg.coaching_factor == 1:
            return
        strained = np.flatnonzero((inf._burden > 0.5 * inf.cfg.overload_threshold)
                                  & ~inf._coached)
        start = strained[self.uniform("coaching", week, strained) < cfg.coaching_uptake * level]
        inf._coached[start] = True

    def cost_week(self, week: int) -> float:
        """Leave allowances, coaching and carer allowances this week.

        The extra respite is paid per day used, like all respite (``cost_public``).
        """
        if week < self.cfg.start_week:
            return 0.0
        cfg, m = self.cfg, self.model
        inf = m.informal
        cost = inf.on_leave_fte() * cfg.care_leave_cost_per_fte_week
        caring = inf._hours > 0
        cost += float((inf._coached & caring).sum()) * cfg.coaching_cost_per_carer_year / 52
        L = inf.links
        if len(L) and cfg.allowance_per_year > 0:
            severe = m.pop.need[L.recipient] == 3
            paid = np.zeros(inf._hours.size, bool)
            paid[L.slot[severe & (L.hours > 0)]] = True
            cost += np.count_nonzero(paid) * cfg.allowance_per_year / 52
        return float(cost)
