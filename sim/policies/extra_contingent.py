"""Extra home-care contingent: more funded hours of family care and/or home nursing.

docs/domain.md mechanisms 4 (contingents must match real demand) and 5 (the workforce is the
binding constraint). The policy raises each service's contingent by a share. With
``funded_hiring`` the services' staff targets rise with it and vacancies are filled from the
limited labour pool (with its delay), and the pool grows with the funded posts
(``pool_response`` 1: enough extra candidates a year to fill them within about a year,
through recruitment, training places and side-entrants paid from the funding). Without it
the extra hours can only be worked by staff already there, and since services accept clients
up to their funded hours, the staff's workload rises (and with it burnout and leaving).
Hours the services cannot staff are not delivered: the difference between funded and
delivered extra hours is the point of the lever.

Cost: the extra hours delivered are public care cost (``cost_public``) like any other home
care hour; the policy adds no running cost of its own.
"""

from __future__ import annotations

import numpy as np

from sim.care.homecare import GEZINSZORG, KINDS, STAFF_TYPE, THUISVERPLEGING
from sim.care.workforce import STAFF_TYPES
from sim.policies import Policy, register


@register
class ExtraContingent(Policy):
    """+X% contingent hours for gezinszorg and/or thuisverpleging, optionally with hiring."""

    name = "extra_contingent"
    label = "extra contingent thuiszorg"
    main_setting = "gezinszorg_extra"
    switch_label = ("Extra uren gezinszorg", "Extra family-care hours")
    setting_label = ("Extra uren", "Extra hours")

    def capacity(self, week: int) -> None:
        """Set this week's contingent factors (they change only while ramping up)."""
        level = self.new_intensity(week)
        if level is None:
            return
        cfg = self.cfg
        extra = {GEZINSZORG: cfg.gezinszorg_extra, THUISVERPLEGING: cfg.thuisverpleging_extra}
        pool = self.view("workforce.labour_pool")
        boost = np.ones(len(STAFF_TYPES))
        factor = np.ones(len(KINDS))
        for i, kind in enumerate(KINDS):
            if extra[kind] > 0:
                factor[i] = 1 + extra[kind] * level
                if cfg.funded_hiring:
                    # Enough extra candidates a year to fill the extra posts within about a
                    # year (pool_response 1): the labour pool is `labour_pool` candidates a
                    # year per 1,000 FTE, so +x of FTE needs +x x 1000 / labour_pool of it.
                    t = STAFF_TYPES.index(STAFF_TYPE[kind])
                    per_fte = 1000.0 / max(pool[t], 1e-9)
                    boost[t] = 1 + cfg.pool_response * per_fte * extra[kind] * level
        self.set("homecare.funded_hiring", cfg.funded_hiring)
        self.set("homecare.contingent_factor", factor)
        self.set("workforce.labour_pool_factor", boost)
