"""Programmatie woonzorgcentra: the norm the nursing homes re-size their places to.

docs/domain.md mechanism 3 (residential capacity). Flanders plans WZC places with a
programming norm per municipality (suspended for new licences until the end of 2025;
docs/figures.md §3, §10). The homes re-size their places once a year to the norm at the
town's current 65+ and to last year's occupancy and waiting list
(``residential.wzc_resize``); this policy moves that norm by ``places_factor`` (ramped in
from ``start_week``). The factor multiplies what demand asks for: the homes keep that many
times the places demand alone would keep, so a factor above 1 buys spare places (shorter
waits, earlier admissions) at a lower occupancy.

Cost: the policy adds no running cost of its own; residents admitted into the extra places
cost what any WZC day costs (``cost_public``, ``cost_private``).
"""

from __future__ import annotations

from sim.policies import Policy, register


@register
class WzcProgramming(Policy):
    """Scale the WZC programming norm the yearly re-sizing aims at."""

    name = "wzc_programming"
    label = "programmatie woonzorgcentra"
    main_setting = "places_factor"
    switch_label = ("Programmatie woonzorgcentra", "Nursing-home programming")
    setting_label = ("Plaatsen t.o.v. de norm", "Places over the norm")

    def capacity(self, week: int) -> None:
        """Set the norm's factor (it changes only while ramping up)."""
        level = self.new_intensity(week)
        if level is None:
            return
        self.set("nursing_homes.places_factor", 1.0 + (self.cfg.places_factor - 1.0) * level)
