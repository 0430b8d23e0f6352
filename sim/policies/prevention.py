"""Preventie (prevention): programmes that slow the rise of care need, after a lag.

docs/domain.md mechanisms 8 and 9: prevention and early detection postpone care need; proportional
universalism reaches everyone but the lower socio-economic groups more. Every ``52`` weeks
from ``start_week`` the programme reaches a share of the residents aged ``min_age``+ at home
(with no or light need, by default) not reached before: ``reach`` for the middle SES
quintile and ``1 + ses_gradient x (2 - quintile) / 4`` times that for the others (with
gradient 1: 1.5 times the base for the lowest quintile, half of it for the highest). From
``lag_weeks`` after being reached, a resident's latent frailty falls by
``frailty_shift_per_year`` standard deviations a year, so her need rises later and less
often (the need thresholds do not move). Cost: ``cost_per_resident_year`` for every living
resident reached.
"""

from __future__ import annotations

import numpy as np

from sim.engine.state import State
from sim.engine.units import WEEKS_PER_YEAR
from sim.policies import Policy, register
from sim.population.residents import NURSING_HOME


@register
class Prevention(Policy):
    """Yearly reach by age and SES; a lagged downward drift of latent frailty."""

    name = "prevention"
    label = "preventie"
    main_setting = "reach"
    switch_label = ("Preventie", "Prevention")
    setting_label = ("Bereik", "Reach")

    def setup(self) -> None:
        """Nobody is reached before the start week."""
        self.register(State("reached_week", np.int64, fill=-1, doc="week the programme "
                            "reached her, -1 not reached", unit="week"))
        self._seen = self.reached_week.size

    def _grow(self) -> bool:
        """Whether residents arrived since the last look (the column grew with them)."""
        grown = self.reached_week.size > self._seen
        self._seen = self.reached_week.size
        return grown

    def needs(self, week: int) -> None:
        """Reach a new cohort once a year; set this week's frailty drift."""
        cfg = self.cfg
        if week < cfg.start_week or cfg.reach <= 0 or cfg.frailty_shift_per_year <= 0:
            return
        grown = self._grow()
        reach = (week - cfg.start_week) % WEEKS_PER_YEAR == 0
        if reach:
            self._reach(week)
        # The drift changes only when a cohort's lag ends (or the population grows).
        cohorts_due = week - cfg.lag_weeks - cfg.start_week
        if grown or reach or (cohorts_due >= 0 and cohorts_due % WEEKS_PER_YEAR == 0):
            effective = (self.reached_week >= 0) & (week - self.reached_week >= cfg.lag_weeks)
            self.set("needs.frailty_drift", np.where(
                effective, np.float32(cfg.frailty_shift_per_year / WEEKS_PER_YEAR),
                np.float32(0)).astype(np.float32))

    def _reach(self, week: int) -> None:
        cfg, pop = self.cfg, self.model.pop
        ok = (pop.alive & (pop.age >= cfg.min_age) & (pop.dwelling != NURSING_HOME)
              & (self.reached_week < 0))
        if cfg.only_light_need:
            ok &= pop.need <= 1
        ids = np.flatnonzero(ok)
        factor = 1 + cfg.ses_gradient * (2 - pop.ses[ids].astype(np.float64)) / 4
        p = np.clip(cfg.reach * self.intensity(week) * factor, 0.0, 1.0)
        self.reached_week[ids[self.uniform("reach", week, ids) < p]] = week

    def reached(self) -> np.ndarray:
        """Ids of living residents the programme has reached."""
        self._grow()
        return np.flatnonzero((self.reached_week >= 0) & self.model.pop.alive)

    def cost_week(self, week: int) -> float:
        """The programme's cost for every reached resident still living at home."""
        if week < self.cfg.start_week:
            return 0.0
        if week % 4 == 0 or not hasattr(self, "_n_reached"):  # recounted every four weeks
            ids = self.reached()
            self._n_reached = int((self.model.pop.dwelling[ids] != NURSING_HOME).sum())
        return float(self._n_reached * self.cfg.cost_per_resident_year / WEEKS_PER_YEAR)
