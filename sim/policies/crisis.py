"""Crisis shock: for a number of weeks staff fall ill, respite closes and carers can give less.

DOMAIN mechanism 12 (crises) and 5 (the workforce is the binding constraint), as in the COVID
years: WZC sickness absence rose to 16% (FIGURES.md) and day care and short stay closed.
From ``start_week`` for ``duration_weeks``:

- an extra ``staff_absent_share`` of all care staff is absent (the workforce's absence shock,
  drawn per professional from the workforce's own shock stream);
- with ``respite_closed``, short stay and day care close (users go home) and reopen after;
- informal carers' capacity is multiplied by ``carer_capacity_factor`` (own illness,
  distancing, closed schools);
- as a response, ``cross_facility_exchange`` lets that share of each employer's hours move
  to employers short of staff (flexible norms' staff exchange), for the crisis only.

The ramp-up does not apply: a crisis starts at full strength. It has no running cost of its
own; its costs show in care, staff and unmet need.
"""

from __future__ import annotations

from sim.policies import Policy, register


@register
class Crisis(Policy):
    """A staff, respite and carer shock for ``duration_weeks`` weeks."""

    name = "crisis"
    label = "personeelscrisis"

    def setup(self) -> None:
        """Nothing is changed before the crisis starts."""
        self._on = False

    def in_crisis(self, week: int) -> bool:
        """Whether ``week`` falls within the crisis."""
        start = self.cfg.start_week
        return start <= week < start + self.cfg.duration_weeks

    def capacity(self, week: int) -> None:
        """Switch the shock on at the start and off at the end (before the workforce step)."""
        on = self.in_crisis(week)
        if on == self._on:
            return
        self._on = on
        cfg, m = self.cfg, self.model
        if cfg.staff_absent_share > 0:
            m.workforce.absence_shock = cfg.staff_absent_share if on else 0.0
        if cfg.respite_closed:
            m.residential.set_respite_open(not on)
        if cfg.carer_capacity_factor != 1.0:
            m.informal.capacity_factor = cfg.carer_capacity_factor if on else 1.0
        if cfg.cross_facility_exchange > 0:
            m.workforce.set_pool(cfg.cross_facility_exchange if on else 0.0,
                                 care_employers(m), source=self.name)


def care_employers(model) -> list[int]:
    """Employers of direct care (home care and WZC care staff; not WZC logistics)."""
    employers = [svc.employer for svc in model.homecare.services]
    employers += [h.care_employer for h in model.residential.homes]
    return employers
