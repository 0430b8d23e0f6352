"""Public and private costs of the care delivered each week.

Costs follow the care each resident received: hours of family care and home nursing, days
in a nursing home, in short stay and in day care, each at a public price (subsidy or
insurance) and a private price (the user's contribution; family care is income-related,
by SES quintile). Staff cost per FTE is reported on its own: it is already inside those
prices, so adding it would count it twice.
"""

from __future__ import annotations

import numpy as np

from sim.config import CostsConfig
from sim.engine.units import per_week


class Costs:
    """Prices per unit of care, applied to one week of care per resident.

    Args:
        cfg: Prices.
    """

    def __init__(self, cfg: CostsConfig) -> None:
        self.cfg = cfg
        self.family_private = np.asarray(cfg.family_care_private_per_hour, np.float32)

    def week(self, *, ses: np.ndarray, family_care_h: np.ndarray, nursing_h: np.ndarray,
             wzc_days: np.ndarray, short_stay_days: np.ndarray,
             day_care_days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Public and private cost (EUR) per resident for this week's care."""
        c = self.cfg
        public = (family_care_h * c.family_care_public_per_hour
                  + nursing_h * c.home_nursing_public_per_hour
                  + wzc_days * c.wzc_public_per_day
                  + short_stay_days * c.short_stay_public_per_day
                  + day_care_days * c.day_care_public_per_day)  # fmt: skip
        private = (family_care_h * self.family_private[ses]
                   + nursing_h * c.home_nursing_private_per_hour
                   + wzc_days * c.wzc_private_per_day
                   + short_stay_days * c.short_stay_private_per_day
                   + day_care_days * c.day_care_private_per_day)  # fmt: skip
        return public.astype(np.float32), private.astype(np.float32)

    def staff_week(self, fte: float) -> float:
        """Employer cost of ``fte`` FTE for one week (EUR)."""
        return per_week(fte * self.cfg.staff_cost_per_fte_year)
