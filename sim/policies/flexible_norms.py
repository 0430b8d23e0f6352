"""Flexibele normen (flexible norms): staffing rules and working conditions that stretch staff.

DOMAIN mechanisms 5 and 6: the workforce is the binding constraint, and rigid norms leave
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

from sim.policies import Policy, register
from sim.policies.crisis import care_employers


@register
class FlexibleNorms(Policy):
    """Norm, pool, inflow, respite and working-condition levers for the workforce."""

    name = "flexible_norms"
    label = "flexibele normen"

    def setup(self) -> None:
        """Remember the levers' starting values (the policy adds to them)."""
        m = self.model
        self._logistics0 = [h.logistics_count_share for h in m.residential.homes]
        self._level = -1.0

    def _members(self) -> list[int]:
        m, scope = self.model, self.cfg.pool_scope
        if scope == "residential":
            return [h.care_employer for h in m.residential.homes]
        if scope == "home":
            return [svc.employer for svc in m.homecare.services]
        return care_employers(m)

    def capacity(self, week: int) -> None:
        """Set the staff levers for this week's level (before the workforce step)."""
        level = self.intensity(week)
        if level == self._level:
            return
        self._level = level
        cfg, m = self.cfg, self.model
        wf = m.workforce
        for h, base in zip(m.residential.homes, self._logistics0, strict=True):
            h.logistics_count_share = min(base + cfg.logistics_norm_share * level, 1.0)
        if cfg.pool_share > 0:
            wf.set_pool(cfg.pool_share * level, self._members(), source=self.name)
        wf.pool_boost[self.name] = np.full(len(wf.pool_factor),
                                           1 + cfg.side_entrant_inflow * level)
        inflow = cfg.side_entrant_inflow * level
        wf.side_entrant_share = inflow / (1 + inflow)  # side-entrants' share of the pool
        wf.side_ramp_start = cfg.side_entrant_ramp_start
        wf.side_ramp_weeks = cfg.side_entrant_ramp_weeks
        wf.burnout_factor[:] = 1 + (cfg.workable_work_burnout_factor - 1) * level
        wf.leave_factor[:] = 1 + (cfg.workable_work_leave_factor - 1) * level

    def demand(self, week: int, care) -> None:
        """Lend a share of this week's empty WZC places to short stay and day care."""
        if self.cfg.empty_wzc_places_to_respite <= 0:
            return
        res = self.model.residential
        lend = int(np.floor(res.empty_places() * self.cfg.empty_wzc_places_to_respite
                            * self.intensity(week)))
        # Half the lent places become short-stay units, half day-care places; a day-care
        # place serves open_days / days_per_user users a week.
        per_place = (res.day_cares[0].open_days / max(res.day_cares[0].days_per_user, 1)
                     if res.day_cares else 0.0)
        res.extra_respite[self.name] = (lend // 2, int((lend - lend // 2) * per_place))

    def cost_week(self, week: int) -> float:
        """Training of this week's side-entrant hires and workable-work measures."""
        if week < self.cfg.start_week:
            return 0.0
        cfg, wf = self.cfg, self.model.workforce
        fte = float(wf.total_employed_fte())
        return (wf.side_hires_week * cfg.training_cost_per_side_entrant
                + fte * cfg.workable_work_cost_per_fte_year * self.intensity(week) / 52)
