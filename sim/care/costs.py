"""Public and private costs of the care delivered each week.

Costs follow the care each resident received: hours of family care and home nursing, days
in a nursing home, in short stay and in day care, each at a public price (subsidy or
insurance) and a private price (the user's contribution; family care is income-related,
by SES quintile). Service vouchers (dienstencheques) are costed by the hours bought, whether
or not they cover a care need: the user pays the price less the tax reduction, the
government its share per voucher plus the tax reduction (and any price subsidy set on the
lever ``vouchers.price_factor``); both are in the public and private totals and also
reported on their own. Staff cost per FTE is reported on its own: it is already inside those
prices, so adding it would count it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.engine.levers import LeverBoard
from sim.engine.metric import CARE_TABLES, Metric
from sim.engine.module import Module
from sim.engine.schema import param
from sim.engine.units import per_week
from sim.population.residents import Population


@dataclass
class CostsConfig:
    """Public and private costs (sim.care.costs). Euros of 2023 unless stated."""

    family_care_public_per_hour: float = param(33.0, lo=0.0, hi=500.0, unit="EUR/h",
                                               doc="public subsidy per hour of family care",
                                               source="EUR 24.79 (2011, Zorg en Gezondheid, "
                                                      "V) indexed ~1.33 to 2023: assumption "
                                                      "(range 28-38); docs/figures.md §5")
    family_care_private_per_hour: list[float] = param([3.0, 5.0, 7.0, 9.5, 12.0], lo=0.0, hi=200.0,
                                                length=5, unit="EUR/h",
                                                doc="user contribution per hour by SES "
                                                    "quintile (income-related)",
                                                source="assumption (range 1-15): the Flemish "
                                                       "income scale was not found "
                                                       "(docs/figures.md §5)")
    home_nursing_public_per_hour: float = param(60.0, lo=0.0, hi=500.0, unit="EUR/h",
                                                doc="health-insurance cost per hour of home "
                                                    "nursing", source="assumption (range 45-80)")
    home_nursing_private_per_hour: float = param(0.0, lo=0.0, hi=200.0, unit="EUR/h",
                                                 doc="user co-payment per hour of home nursing",
                                                 source="assumption (range 0-5): no co-payment "
                                                        "with a GP prescription")
    wzc_public_per_day: float = param(75.0, lo=0.0, hi=1000.0, unit="EUR/day",
                                      doc="public care financing per WZC resident",
                                      source="EUR 70-80 per day (2018, ING/Probis, V2); "
                                             "docs/figures.md §5")
    wzc_private_per_day: float = param(70.15, lo=0.0, hi=1000.0, unit="EUR/day",
                                       doc="day price paid by the resident",
                                       source="EUR 70.15 mean (2023, Zorg en Gezondheid, V); "
                                              "docs/figures.md §5")
    short_stay_public_per_day: float = param(75.0, lo=0.0, hi=1000.0, unit="EUR/day",
                                             doc="public cost per day of short stay",
                                             source="assumption (range 60-90): as a WZC")
    short_stay_private_per_day: float = param(60.0, lo=0.0, hi=1000.0, unit="EUR/day",
                                              doc="day price of short stay paid by the user",
                                              source="assumption (range 45-75)")
    day_care_public_per_day: float = param(45.0, lo=0.0, hi=1000.0, unit="EUR/day",
                                           doc="public cost per attendance day of day care",
                                           source="assumption (range 30-60)")
    day_care_private_per_day: float = param(25.0, lo=0.0, hi=1000.0, unit="EUR/day",
                                            doc="day price of day care paid by the user",
                                            source="assumption (range 15-35)")
    voucher_price: float = param(9.0, lo=0.0, hi=100.0, unit="EUR/voucher",
                                 doc="price of a service voucher (one hour) to the user, "
                                     "before the tax reduction",
                                 source="EUR 9 for the first 400 vouchers a year (2014-2024, "
                                        "vlaanderen.be, V); docs/figures.md §6")
    voucher_tax_reduction: float = param(0.2, lo=0.0, hi=1.0, unit="share of the price",
                                         doc="tax reduction on vouchers bought (net price "
                                             "EUR 7.20)",
                                         source="20% from 2020 (30% before; vlaanderen.be, "
                                                "V); docs/figures.md §6")
    voucher_public_per_hour: float = param(17.98, lo=0.0, hi=200.0, unit="EUR/voucher",
                                           doc="Flemish government's share of a voucher's "
                                               "exchange value (EUR 26.98 less the user "
                                               "price), before return flows",
                                           source="EUR 17.98 (September 2023, Het Nieuwsblad, "
                                                  "V2); docs/figures.md §6")
    staff_cost_per_fte_year: float = param(58_000.0, lo=0.0, hi=500_000.0,
                                           unit="EUR/FTE/year",
                                           doc="employer cost of one care FTE (reported "
                                               "separately: already inside the prices above)",
                                           source="assumption (range 50,000-70,000)")


class Costs(Module):
    """Prices per unit of care, applied to one week of care per resident.

    Args:
        cfg: Prices.
        pop: The population (the SES of each resident sets her family-care contribution).
        levers: The lever board: the care each resident got (home care by kind, days in
            facilities) and the staff employed are views of the modules that provide it.
    """

    name = "costs"
    metrics = (
        Metric("cost_public", "EUR/week", "Public cost of the care delivered",
               tables=CARE_TABLES),
        Metric("cost_private", "EUR/week", "Private cost (users' contributions) of the care "
               "delivered", tables=CARE_TABLES),
        Metric("voucher_public_cost", "EUR/week", "Public cost of the service vouchers bought "
               "(government share and tax reduction, and any price subsidy); included in "
               "cost_public", tables=CARE_TABLES),
        Metric("voucher_private_cost", "EUR/week", "Users' cost of the service vouchers "
               "bought (price less tax reduction); included in cost_private",
               tables=CARE_TABLES),
        Metric("staff_cost", "EUR/week", "Employer cost of all care staff employed",
               tables=("system",)),
    )

    @classmethod
    def build(cls, model: Any) -> Costs:
        """The prices of ``model``'s care."""
        return cls(model.cfg.costs, pop=model.pop, levers=model.levers)

    def __init__(self, cfg: CostsConfig, *, pop: Population | None = None,
                 levers: LeverBoard | None = None) -> None:
        self.cfg, self.pop = cfg, pop
        self.levers = LeverBoard() if levers is None else levers
        self.family_private = np.asarray(cfg.family_care_private_per_hour, np.float32)

    def care_metrics(self, idx: np.ndarray, care: object) -> dict[str, np.ndarray]:
        """This week's public and private cost of the care residents ``idx`` received."""
        by_kind = self.levers.view("homecare.hours_by_kind")
        wzc_days, ss_days, dc_days = self.levers.view("residential.days_this_week")(idx)
        public, private = self.week(ses=self.pop.ses[idx],
                                    family_care_h=by_kind["gezinszorg"][idx],
                                    nursing_h=by_kind["thuisverpleging"][idx],
                                    wzc_days=wzc_days, short_stay_days=ss_days,
                                    day_care_days=dc_days)
        v_public, v_private = self.vouchers(idx)
        return {"cost_public": public + v_public, "cost_private": private + v_private,
                "voucher_public_cost": v_public, "voucher_private_cost": v_private}

    def vouchers(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Public and private cost (EUR) of the voucher hours residents ``idx`` bought."""
        c = self.cfg
        hours = self.levers.view("vouchers.hours_bought")[idx].astype(np.float64)
        net = c.voucher_price * (1 - c.voucher_tax_reduction)
        factor = self.levers.view("vouchers.price_factor_of")(idx)
        private = hours * net * factor
        public = hours * (c.voucher_public_per_hour + c.voucher_price * c.voucher_tax_reduction
                          + net * (1 - factor))
        return public.astype(np.float32), private.astype(np.float32)

    def system_metrics(self) -> dict[str, float]:
        """This week's employer cost of the staff employed."""
        fte = self.levers.view("workforce.employed_fte_by_type")
        return {"staff_cost": self.staff_week(float(fte.sum()))}

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
