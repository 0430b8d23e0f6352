"""Flexibele normen (flexible norms): staffing rules and working conditions that stretch staff.

docs/domain.md mechanisms 5 and 6: the workforce is the binding constraint, and rigid norms leave
capacity unused. From ``start_week``, ramping up over ``ramp_weeks``:

- **logistics toward the norm**: a share of a WZC's present logistics staff (huismoeders,
  hospitality) counts toward its care-staffing norm, so a home short of care staff can
  still admit;
- **multi-deployability**: up to ``pool_share`` of each employer's hours can move to an
  employer in the pool (``pool_scope``) whose demand exceeds its staff;
- **side-entrants** (zij-instromers): the labour pool of every staff type grows by
  ``side_entrant_inflow``; side-entrants start at a lower productivity and learn on the job
  over ``side_entrant_ramp_weeks``; each costs ``training_cost_per_side_entrant``;
- **empty WZC places for respite**: a share of the places free this week is used as
  short-stay units and day-care places (half each);
- **workable work** (werkbaar werk): burnout and leaving hazards fall by the given factors,
  at a cost per employed FTE.
"""

from __future__ import annotations

import numpy as np

from sim.care.workforce import pool_shares
from sim.engine.units import per_week
from sim.policies import Policy, register
from sim.policies.crisis import care_employers


@register
class FlexibleNorms(Policy):
    """Norm, pool, inflow, respite and working-condition levers for the workforce."""

    name = "flexible_norms"
    label = "flexibele normen"
    main_setting = "pool_share"
    switch_label = ("Flexibele personeelsnormen", "Flexible staffing norms")
    setting_label = ("Aandeel gedeelde uren", "Share of pooled hours")

    def setup(self) -> None:
        """Nothing is applied yet."""
        self._level = -1.0

    def _members(self) -> list[int]:
        scope = self.cfg.pool_scope
        if scope == "residential":
            return list(self.view("residential.care_employers"))
        if scope == "home":
            return list(self.view("homecare.employers"))
        return care_employers(self)

    def capacity(self, week: int) -> None:
        """Set the staff levers for this week's level (before the workforce step)."""
        level = self.intensity(week)
        if level == self._level:
            return
        self._level = level
        cfg = self.cfg
        self.set("nursing_homes.logistics_toward_norm", cfg.logistics_norm_share * level)
        if cfg.pool_share > 0:
            share = cfg.pool_share * level
            self.set("workforce.pool_share", pool_shares(
                share, self.view("workforce.n_employers"), self._members()) if share > 0
                else None)
        k = len(self.view("workforce.labour_pool"))
        self.set("workforce.labour_pool_factor", np.full(k, 1 + cfg.side_entrant_inflow * level))
        inflow = cfg.side_entrant_inflow * level
        self.set("workforce.side_entrant_share", inflow / (1 + inflow))  # their share of hires
        self.set("workforce.side_entrant_ramp_start", cfg.side_entrant_ramp_start)
        self.set("workforce.side_entrant_ramp_weeks", cfg.side_entrant_ramp_weeks)
        self.set("workforce.burnout_factor",
                 np.full(k, 1 + (cfg.workable_work_burnout_factor - 1) * level))
        self.set("workforce.leave_factor",
                 np.full(k, 1 + (cfg.workable_work_leave_factor - 1) * level))

    def demand(self, week: int, care) -> None:
        """Lend a share of this week's empty WZC places to short stay and day care."""
        if self.cfg.empty_wzc_places_to_respite <= 0:
            return
        lend = int(np.floor(self.view("residential.empty_places")
                            * self.cfg.empty_wzc_places_to_respite * self.intensity(week)))
        # Half the lent places become short-stay units, half day-care places; a day-care
        # place serves open_days / days_per_user users a week.
        per_place = self.view("respite.day_care_users_per_place")
        self.set("respite.extra_short_stay_units", lend // 2)
        self.set("respite.extra_day_care_users", int((lend - lend // 2) * per_place))

    def cost_week(self, week: int) -> float:
        """Training of this week's side-entrant hires and workable-work measures."""
        if week < self.cfg.start_week:
            return 0.0
        cfg = self.cfg
        fte = float(self.view("workforce.employed_fte"))
        return (self.view("workforce.side_hires_week") * cfg.training_cost_per_side_entrant
                + per_week(fte * cfg.workable_work_cost_per_fte_year * self.intensity(week)))
