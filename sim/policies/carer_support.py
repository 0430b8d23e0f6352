"""Mantelzorgondersteuning (carer support): relief, leave, coaching and an allowance.

docs/domain.md mechanisms 3 and 10 (limits of informal care, support for carers): carers need
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

from sim.engine.state import State
from sim.engine.units import per_week
from sim.policies import Policy, register


@register
class CarerSupport(Policy):
    """Extra respite, care leave, coaching and a carer allowance."""

    name = "carer_support"
    label = "mantelzorgondersteuning"
    main_setting = "extra_respite"
    switch_label = ("Mantelzorgondersteuning", "Support for informal carers")
    setting_label = ("Extra respijtzorg", "Extra respite care")

    def setup(self) -> None:
        """Remember the respite capacity the extra share is taken of; take part in work cuts."""
        self._units = self.view("respite.short_stay_units")
        self._users = self.view("respite.day_care_user_slots")  # user slots a week
        self._level = -1.0
        self._leave_share = 0.0
        self.register(State("leave_until", np.int32, doc="last week of her care leave + 1, "
                            "0 none", unit="week"))
        self._on_leave = np.zeros(0, np.int64)
        self.levers.intercept("informal.work_cuts", self._care_leave)

    def capacity(self, week: int) -> None:
        """Set the ramped levers (respite places, leave, coaching, willingness)."""
        level = self.intensity(week)
        if level == self._level:
            return
        self._level = level
        cfg = self.cfg
        extra = cfg.extra_respite * level
        if extra > 0:
            self.set("respite.extra_short_stay_units", int(round(self._units * extra)))
            self.set("respite.extra_day_care_users", int(round(self._users * extra)))
        self.set("informal.willingness_factor", 1 + (cfg.allowance_willingness_factor - 1) * level)
        self.set("informal.coaching_factor", 1 + (cfg.coaching_factor - 1) * level)
        self._leave_share = cfg.care_leave_share * level

    # -- care leave (zorgverlof) ----------------------------------------------------------

    def _care_leave(self, cut_ids: np.ndarray, week: int) -> np.ndarray:
        """Of this week's would-be work cuts, a share become a paid leave; the rest cut.

        Leaves that are over end first: the carers take up their paused work again.
        """
        self._end_leave(week)
        if self._leave_share <= 0 or not cut_ids.size:
            return cut_ids
        take = self.uniform("leave", week, cut_ids) < self._leave_share
        on = cut_ids[take & (self.leave_until[cut_ids] == 0)]
        self.act("informal.pause_work", on)
        self.leave_until[on] = week + self.cfg.care_leave_weeks + 1
        return cut_ids[~take]

    def _end_leave(self, week: int) -> None:
        if not self._on_leave.size and self._leave_share <= 0:
            return
        back = np.flatnonzero((self.leave_until > 0) & (self.leave_until <= week + 1))
        if back.size:
            self.act("informal.resume_work", back)
            self.leave_until[back] = 0
        self._on_leave = np.flatnonzero(self.leave_until > 0)

    def on_leave_fte(self) -> float:
        """Paid work (FTE) of living residents on care leave now."""
        on = self._on_leave
        return float(self.view("informal.paused_fte")[on][self.model.pop.alive[on]].sum())

    # -- coaching -------------------------------------------------------------------------

    def informal(self, week: int, care) -> None:
        """Carers under strain start coaching."""
        cfg = self.cfg
        level = self.intensity(week)
        if level <= 0 or cfg.coaching_uptake <= 0 or cfg.coaching_factor == 1:
            return
        burden = self.view("informal.burden_slots")
        strained = np.flatnonzero((burden > 0.5 * self.view("informal.overload_threshold"))
                                  & ~self.view("informal.coached_slots"))
        start = strained[self.uniform("coaching", week, strained) < cfg.coaching_uptake * level]
        self.act("informal.coach", start)

    def cost_week(self, week: int) -> float:
        """Leave allowances, coaching and carer allowances this week.

        The extra respite is paid per day used, like all respite (``cost_public``).
        """
        if week < self.cfg.start_week:
            return 0.0
        cfg = self.cfg
        cost = self.on_leave_fte() * cfg.care_leave_cost_per_fte_week
        cost += per_week(float(self.view("informal.coached_carers"))
                         * cfg.coaching_cost_per_carer_year)
        if cfg.allowance_per_year > 0:
            cost += per_week(self.view("informal.carers_of_severe_need")
                             * cfg.allowance_per_year)
        return float(cost)
