"""Sociale dienstencheque: cheaper service vouchers for older residents with low SES.

docs/domain.md mechanism 9 (Mattheus effect) and docs/figures.md §6. Service vouchers are
used more by the better-off, so the public money behind them (about EUR 19.78 per hour)
goes mostly to them. The policy lowers the net price the targeted users pay (the residents
aged 65+, optionally also younger residents with a care need, in the lowest
``quintiles`` SES quintiles) to ``price_factor`` times the current EUR 7.20, through the
lever ``vouchers.price_factor``. Uptake follows with the voucher module's price elasticity;
the price difference of every hour bought by a targeted user is public cost, booked with the
vouchers' cost in ``voucher_public_cost`` (and ``cost_public``), so the policy adds no
running cost of its own. The price ramps in linearly over ``ramp_weeks``.
"""

from __future__ import annotations

import numpy as np

from sim.policies import Policy, register


@register
class VoucherSubsidy(Policy):
    """A targeted price factor on service vouchers by age group and SES quintile."""

    name = "voucher_subsidy"
    label = "sociale dienstencheque"
    main_setting = "price_factor"
    switch_label = ("Sociale dienstencheque", "Social service voucher")
    setting_label = ("Prijsfactor", "Price factor")

    def capacity(self, week: int) -> None:
        """Set this week's price factors (they change only while ramping in)."""
        level = self.new_intensity(week)
        if level is None:
            return
        cfg = self.cfg
        factor = np.ones((2, 5))
        target = 1 + (cfg.price_factor - 1) * level
        factor[1, : cfg.quintiles] = target
        if cfg.under_65:
            factor[0, : cfg.quintiles] = target
        self.set("vouchers.price_factor", factor)
