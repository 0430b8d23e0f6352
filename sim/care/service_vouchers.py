"""Privately paid household help: service vouchers (dienstencheques).

docs/domain.md mechanism 9 (Mattheus effect) and docs/figures.md §6. Flemish households buy
cleaning help with service vouchers: one voucher pays one hour of a cleaner employed by a
recognised company, at EUR 9 (net EUR 7.20 after the 20% tax reduction), and the Flemish
government adds EUR 17.98 per voucher. About 776,000 Flemings used them in 2019, a quarter
to a third of them aged 65+, for about 2 hours a week. For an older resident with a
limitation the cleaner does part of the household task that would otherwise fall to her
family, to family care (gezinszorg) or stay undone.

Each week, for the residents living at home who are aged 65+ or have a care need (the
households where a cleaner substitutes for care; younger households without need buy
vouchers for other reasons and are left out):

1. each resident's uptake probability is a base share by age times a factor by need level,
   by SES quintile (the better-off buy more: the Mattheus effect) and by the user price
   (the lever ``vouchers.price_factor``, with a price elasticity);
2. a household buys vouchers when its persistent willingness draw (one per household,
   fixed for the run) is below the highest uptake probability of its members: so a user
   keeps buying while age, need and price stay, starts when a member's need rises, stops
   when the price rises above her willingness or she moves to a nursing home;
3. the household buys ``hours_per_household`` hours a week; they cover the cleaning part
   (``cleaning_share``) of its members' open household hours, shared in proportion to
   what each has open, booked in the ledger as "vouchers". Hours bought beyond the open
   cleaning hours are cleaning the resident could do herself: not care, so not booked,
   but paid (their cost counts in :mod:`sim.care.costs`).

The step runs after facilities and before home care and informal care: a household that
buys cleaning does not ask its family or the family-care service for it, and family care's
assessment looks at the household help already in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.engine.ledger import HOUSEHOLD, CareWeek, task_mask
from sim.engine.levers import Lever, LeverBoard
from sim.engine.metric import CARE_TABLES, Metric
from sim.engine.module import Module, Step, Week
from sim.engine.schema import check_anchor_ages, param
from sim.engine.state import State, StateRegistry
from sim.engine.streams import keyed_uniform
from sim.population.residents import NURSING_HOME, Population

HOUSEHOLD_TASK = task_mask(("household",))
AGE_GROUPS = ("under 65", "65+")  # rows of the price lever


@dataclass
class ServiceVoucherConfig:
    """Service vouchers (dienstencheques): uptake, hours and what they cover."""

    enabled: bool = param(True, doc="households buy cleaning with service vouchers (false: "
                                    "the model without vouchers, as before 2026-12)",
                          source="switch; vouchers are used by about 776,000 Flemings "
                                 "(2019, V2; docs/figures.md §6)")
    min_age: float = param(65.0, lo=18.0, hi=120.0, unit="years",
                           doc="residents from this age are modelled as potential users "
                               "whether or not they have a care need; younger residents "
                               "only with a need (households of working age buy vouchers "
                               "mainly to combine work and family, outside care)",
                           source="scope choice: the ages where a cleaner substitutes for "
                                  "care; users are counted by age 65+ (docs/figures.md §6)")
    uptake_ages: list[float] = param([18.0, 65.0, 80.0], lo=0.0, hi=120.0, unit="years",
                                     doc="anchor ages of uptake_base (strictly increasing)",
                                     source="anchors at the ages the figures report")
    uptake_base: list[float] = param([0.22, 0.22, 0.22], lo=0.0, hi=1.0, unit="probability",
                                     doc="uptake probability by age (linear between the "
                                         "anchors, flat outside) of a resident without "
                                         "need in the highest SES quintile at the current "
                                         "price",
                                     source="calibrated (range 0.15-0.3, which spans the "
                                            "band): 0.22 gives 20.4% of the 65+ at home in "
                                            "a voucher household (band 14-26%, D; "
                                            "docs/figures.md §6)")
    need_rr: list[float] = param([1.0, 1.5, 1.75, 1.75], lo=0.0, hi=10.0, length=4,
                                 unit="x",
                                 doc="uptake by need level none..severe relative to no need "
                                     "(a limitation in household tasks makes bought help "
                                     "worth more)",
                                 source="assumption (ranges 1, 1-2, 1-2.5, 1-2.5): the "
                                        "figures give users by age, not by limitation; the "
                                        "minister cites older people staying at home "
                                        "longer (2020, V2)")
    lowest_ses_rr: float = param(0.4, lo=0.0, hi=1.0, unit="x",
                                 doc="uptake in the lowest SES quintile relative to the "
                                     "highest (linear in between): the Mattheus effect",
                                 source="assumption (range 0.2-0.7): the gradient is "
                                        "documented qualitatively (a subsidy mostly for "
                                        "middle-class families, 2024; users mostly "
                                        "employed, 2018; V2, docs/figures.md §6), not by "
                                        "income group")
    price_elasticity: float = param(-0.5, lo=-5.0, hi=0.0, unit="elasticity",
                                    doc="elasticity of the uptake probability to the user "
                                        "price (the lever vouchers.price_factor): "
                                        "probability x factor ** elasticity",
                                    source="assumption (range -0.2 to -1.1): the +20% price "
                                           "of 2012-14 took voucher growth from +8.9% to "
                                           "-0.7% a year (about -0.5, D); 47.7% of users "
                                           "said they would stop without the 30% tax "
                                           "reduction (stated, about -1.1, 2013, V2); "
                                           "docs/figures.md §6")
    hours_per_household: float = param(2.0, lo=0.0, hi=40.0, unit="h/week",
                                       doc="voucher hours a user household buys a week",
                                       source="86-120 h per user per year = 1.65-2.3 h a "
                                              "week (2019-20, V2, D), 2.2 h a week per "
                                              "user (2018, V2); docs/figures.md §6")
    cleaning_share: float = param(0.5, lo=0.0, hi=1.0, unit="share",
                                  doc="share of a resident's household task (cleaning, "
                                      "laundry, meals, shopping, errands) a voucher cleaner "
                                      "can do: cleaning, washing and ironing",
                                  source="assumption (range 0.3-0.6): 96% of vouchers pay "
                                         "for cleaning and 3% for ironing (2022, V2; "
                                         "docs/figures.md §6); meals and shopping stay "
                                         "with others")

    def check(self, run: Any) -> None:
        """Cross-field rule: the uptake curve by age has valid anchors."""
        check_anchor_ages("vouchers.uptake", self.uptake_ages, self.uptake_base)


LEVERS = (
    Lever("vouchers.price_factor", np.ones((len(AGE_GROUPS), 5)), "x", "multiply",
          "the user's net price of a voucher (after the tax reduction), as a factor on the "
          "current price, by age group (under 65, 65+) and SES quintile; the difference is "
          "paid publicly; uptake follows with vouchers.price_elasticity",
          shape="age group (under 65, 65+) x SES quintile"),
)


class ServiceVouchers(Module):
    """Household help bought with service vouchers, and the hours of need it covers.

    Args:
        cfg: Voucher settings.
        pop: The population.
        key: Key of the households' persistent willingness draws.
        levers: The lever board (the price lever is declared on it).
        states: The registry its per-resident columns are registered with.

    Attributes:
        user: (n,) bool, lives at home in a household that buys vouchers this week.
        bought: (n,) float32, voucher hours bought this week, the household's hours shared
            equally among its users (so they sum to the hours bought).
        households: (n,) float32, 1 / the household's users, for each user (sums to the
            user households).
        covered: (n,) float32, voucher hours booked in the ledger this week.
    """

    name = "vouchers"
    section = "vouchers"
    metrics = (
        Metric("voucher_users", "residents", "Residents living at home in a household that "
               "buys service vouchers (dienstencheques)", tables=CARE_TABLES,
               definition="residents aged vouchers.min_age+ or with a care need, at home, "
                          "whose household buys vouchers this week"),
        Metric("voucher_users_65plus_home", "residents", "Residents aged 65+ at home in a "
               "household that buys service vouchers", tables=CARE_TABLES),
        Metric("residents_65plus_home", "residents", "Residents aged 65+ living at home "
               "(not in a nursing home)", tables=CARE_TABLES),
        Metric("voucher_households", "households", "Households buying service vouchers",
               tables=CARE_TABLES, definition="each user counts 1 / the users in her "
                                              "household"),
        Metric("voucher_hours_bought", "h/week", "Service-voucher hours bought (cleaning, "
               "whether or not it covers a care need)", tables=CARE_TABLES),
    )
    states = (
        State("user", bool, doc="lives at home in a household that buys vouchers this week"),
        State("bought", np.float32, doc="voucher hours bought this week (her share of the "
              "household's)", unit="h/week"),
        State("households", np.float32, doc="1 / users in her household, for users"),
        State("covered", np.float32, doc="voucher hours booked in the ledger this week",
              unit="h/week"),
    )

    @classmethod
    def build(cls, model: Any) -> ServiceVouchers:
        """The voucher households of ``model``'s residents."""
        return cls(model.cfg.vouchers, pop=model.pop, key=model.streams.key("vouchers"),
                   levers=model.levers, states=model.states)

    def __init__(self, cfg: ServiceVoucherConfig, *, pop: Population,
                 key: np.uint64 | None = None, levers: LeverBoard | None = None,
                 states: StateRegistry | None = None) -> None:
        self.cfg, self.pop = cfg, pop
        self.key = np.uint64(0) if key is None else key
        self.levers = levers = LeverBoard() if levers is None else levers
        levers.declare(*LEVERS)
        levers.provide_view("vouchers.hours_bought", "voucher hours bought this week per "
                            "resident", lambda: self.bought)
        levers.provide_view("vouchers.price_factor_of", "the user price factor of residents "
                            "(a function of their ids)", lambda: self.price_factor_of)
        self.registry = StateRegistry(pop.n) if states is None else states
        self._own_states = states is None
        self.register_states(self.registry)
        self._need_rr = np.asarray(cfg.need_rr, np.float64)
        self._ses_rr = 1 - (1 - cfg.lowest_ses_rr) * (4 - np.arange(5)) / 4
        self._users = np.zeros(0, np.int64)  # last week's users (to reset)

    def grow(self, n: int) -> None:
        """Extend to ``n`` residents on its own (when built without the model's registry)."""
        if self._own_states:
            self.registry.grow(n)

    def on_exit(self, ids: np.ndarray) -> None:
        """Residents who died or moved away stop counting as users at once."""
        self.user[ids] = False
        self.bought[ids] = 0
        self.households[ids] = 0
        self.covered[ids] = 0

    # -- uptake ---------------------------------------------------------------------------

    def price_factor_of(self, ids: np.ndarray) -> np.ndarray:
        """User price factor (lever ``vouchers.price_factor``) of residents ``ids``."""
        factor = np.asarray(self.levers.value("vouchers.price_factor"), np.float64)
        pop = self.pop
        return factor[(pop.age[ids] >= 65).view(np.int8), pop.ses[ids]]

    def uptake_probability(self, ids: np.ndarray) -> np.ndarray:
        """Chance that residents ``ids`` want vouchers: age, need, SES and price."""
        pop, cfg = self.pop, self.cfg
        p = np.interp(pop.age[ids], cfg.uptake_ages, cfg.uptake_base)
        p = p * self._need_rr[pop.need[ids]] * self._ses_rr[pop.ses[ids]]
        if self.levers.is_set("vouchers.price_factor"):
            p = p * np.maximum(self.price_factor_of(ids), 1e-9) ** cfg.price_elasticity
        return np.clip(p, 0.0, 1.0)

    def eligible(self, at_home: np.ndarray) -> np.ndarray:
        """Ids of residents who may use vouchers: adults at home, 65+ or with a need."""
        pop = self.pop
        return np.flatnonzero(at_home & (pop.age >= 18)
                              & ((pop.age >= self.cfg.min_age) | (pop.need > 0)))

    # -- the week -------------------------------------------------------------------------

    weekly_steps = (
        Step("vouchers", "week_step", "households buy cleaning with service vouchers; the "
             "hours cover their members' open cleaning hours", reads=("care", "at_home")),
    )

    def week_step(self, w: Week) -> None:
        """Plan step: this week's voucher households and the hours they cover."""
        self.step(w.care, w.at_home)

    def step(self, care: CareWeek, at_home: np.ndarray | None = None) -> None:
        """Decide who buys vouchers this week and book their hours as "vouchers".

        Args:
            care: This week's ledger (after self-care and facilities).
            at_home: (n,) bool, living and not in a nursing home (default: from ``pop``).
        """
        pop, cfg = self.pop, self.cfg
        prev = self._users
        self.user[prev] = False
        self.bought[prev] = 0
        self.households[prev] = 0
        self.covered[prev] = 0
        self._users = np.zeros(0, np.int64)
        if not cfg.enabled or cfg.hours_per_household <= 0:
            return
        if at_home is None:
            at_home = pop.alive & (pop.dwelling != NURSING_HOME)
        ids = self.eligible(at_home)
        if not ids.size:
            return
        p = self.uptake_probability(ids)
        # Indexed by household id directly (no sort): the households' draws are keyed by
        # their ids, so every member of a household sees the same one.
        home = pop.household[ids].astype(np.int64)
        n_homes = int(home.max()) + 1
        p_home = np.zeros(n_homes)
        np.maximum.at(p_home, home, p)
        is_user = keyed_uniform(self.key, 0, home) < p_home[home]
        users, home = ids[is_user], home[is_user]
        if not users.size:
            return
        n_users = np.bincount(home, minlength=n_homes).astype(np.float32)
        hours = np.float32(cfg.hours_per_household)
        share = np.float32(1) / n_users[home]
        # The household's hours go to its members' open cleaning hours, in proportion.
        cleaning = care.open_by_task(users)[HOUSEHOLD] * np.float32(cfg.cleaning_share)
        open_home = np.bincount(home, weights=cleaning, minlength=n_homes)
        scale = np.minimum(hours / np.maximum(open_home, 1e-9), 1.0).astype(np.float32)
        give = cleaning * scale[home]
        booked = care.give("vouchers", HOUSEHOLD_TASK, give, users)
        self.user[users] = True
        self.households[users] = share
        self.bought[users] = hours * share
        self.covered[users] = booked
        self._users = users

    # -- metrics --------------------------------------------------------------------------

    def active_residents(self, care: CareWeek) -> tuple[np.ndarray, None]:
        """Residents with a voucher metric this week: the users."""
        return self.user.copy(), None

    def care_metrics(self, idx: np.ndarray, care: CareWeek) -> dict[str, np.ndarray]:
        """This week's voucher metrics of residents ``idx`` (users are all at home)."""
        user = self.user[idx]
        return {"voucher_users": user,
                "voucher_users_65plus_home": user & (self.pop.age[idx] >= 65),
                "voucher_households": self.households[idx],
                "voucher_hours_bought": self.bought[idx]}

    def dense_metrics(self) -> dict[str, np.ndarray]:
        """The denominator of the users' share: every resident aged 65+ living at home."""
        pop = self.pop
        return {"residents_65plus_home": pop.alive & (pop.age >= 65)
                & (pop.dwelling != NURSING_HOME)}

