"""Crisis shock: for a number of weeks staff fall ill, respite closes and carers can give less.

docs/domain.md mechanisms 12 (crises) and 5 (the workforce is the binding constraint), as in
the COVID years: WZC sickness absence rose to 16% (docs/figures.md §4) and day care and short
stay closed (day care for about three months, docs/figures.md §11). From ``start_week`` for
``duration_weeks``:

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

from sim.care.workforce import pool_shares
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
        cfg = self.cfg
        if cfg.staff_absent_share > 0:
            self.set("workforce.absence_shock", cfg.staff_absent_share if on else None)
        if cfg.respite_closed:
            self.set("respite.open", False if on else None)
        if cfg.carer_capacity_factor != 1.0:
            self.set("informal.capacity_factor", cfg.carer_capacity_factor if on else None)
        if cfg.cross_facility_exchange > 0:
            self.set("workforce.pool_share",
                     pool_shares(cfg.cross_facility_exchange, self.view("workforce.n_employers"),
                                 care_employers(self)) if on else None)


def care_employers(policy: Policy) -> list[int]:
    """Employers of direct care (home care and WZC care staff; not WZC logistics)."""
    return [*policy.view("homecare.employers"), *policy.view("residential.care_employers")]
