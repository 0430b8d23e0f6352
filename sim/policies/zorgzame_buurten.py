"""Zorgzame buurten (caring neighbourhoods): a coordinator who weaves care into the buurt.

docs/domain.md mechanism 7: neighbourhoods where residents, volunteers and professionals look after
each other, with a coordinator as linchpin. In each covered buurt, from ``start_week`` and
growing over ``ramp_weeks``:

- **new ties**: the coordinator brokers neighbour ties between residents in need (living
  alone first) and neighbours without need, ``ties_per_year`` per FTE; the residents then
  ask their ties for care again;
- **willingness**: neighbours and friends of residents in the buurt are
  ``neighbour_willingness_factor`` times as willing to take on care;
- **small help**: volunteers give ``volunteer_hours`` a week of household help and company
  (supervision) to residents with open hours, booked as informal care;
- **outreach**: each week a resident at home with unmet need is found with chance
  ``outreach_prob`` (higher for low SES, ``outreach_low_ses_factor``) and referred to home
  care, whatever her own inclination to ask;
- **meeting places**: adults' odds of loneliness are multiplied by ``lonely_odds``.

Nothing changes outside the covered buurten, except through shared services (home care that
outreach fills is not available elsewhere). Cost per covered buurt: the coordinator's FTE and
a running budget. No published effect sizes exist (docs/figures.md §11): every effect is an
assumption.
"""

from __future__ import annotations

import numpy as np

from sim.care.informal import FRIEND, KINDS, NEIGHBOUR
from sim.engine.ledger import task_mask
from sim.engine.schema import ConfigError
from sim.engine.units import per_week
from sim.policies import Policy, register
from sim.population.residents import NURSING_HOME

SMALL_HELP_TASKS = task_mask(["household", "supervision"])
TIE_ROUND_WEEKS = 13  # brokered ties are added once a quarter (a matrix rebuild each time)


@register
class ZorgzameBuurten(Policy):
    """Coordinators, ties, volunteers, outreach and meeting places in covered buurten."""

    name = "zorgzame_buurten"
    label = "zorgzame buurten"
    main_setting = "coverage"
    switch_label = ("Zorgzame buurten", "Caring neighbourhoods")
    setting_label = ("Aandeel buurten", "Share of buurten")

    def setup(self) -> None:
        """Choose the covered buurten."""
        m = self.model
        self.covered = covered_buurten(self.cfg, m.pop, m.n_buurten, self.rng)
        self.ids = np.flatnonzero(self.covered)
        self._level = -1.0

    # -- levers that follow the ramp ------------------------------------------------------

    def _apply(self, week: int) -> float:
        level = self.intensity(week)
        if level != self._level:
            self._level = level
            m, cfg = self.model, self.cfg
            will = np.ones((m.n_buurten, len(KINDS)))
            for kind in (NEIGHBOUR, FRIEND):
                will[self.covered, kind] = 1 + (cfg.neighbour_willingness_factor - 1) * level
            self.set("informal.willingness_by_buurt", will)
            odds = np.zeros(m.n_buurten, np.float32)
            odds[self.covered] = np.log(1 + (cfg.lonely_odds - 1) * level)
            self.set("consequences.lonely_log_odds_by_buurt", odds)
        return level

    def informal(self, week: int, care) -> None:
        """Set the ramped levers, broker ties, and book the volunteers' small help."""
        level = self._apply(week)
        if level <= 0 or not self.ids.size:
            return
        if week % TIE_ROUND_WEEKS == 0 and self.cfg.ties_per_year > 0:
            self._broker_ties(level)
        if self.cfg.volunteer_hours > 0:
            self._small_help(care, level)

    def _residents_at_home(self) -> np.ndarray:
        pop = self.model.pop
        home = pop.alive & (pop.dwelling != NURSING_HOME)
        return np.flatnonzero(home & self.covered[pop.buurt])

    def _in_need_at_home(self, care) -> np.ndarray:
        """Residents of covered buurten in this week's ledger (with need), living at home."""
        pop = self.model.pop
        ids = care.ids[self.covered[pop.buurt[care.ids]]]
        return ids[pop.dwelling[ids] != NURSING_HOME]

    def _small_help(self, care, level: float) -> None:
        """Split each buurt's volunteer hours over its residents' open small-help hours."""
        ids = self._in_need_at_home(care)
        open_ = care.open_hours(SMALL_HELP_TASKS, ids=ids)
        ids, open_ = ids[open_ > 0], open_[open_ > 0]
        if not ids.size:
            return
        buurt = self.model.pop.buurt[ids]
        total = np.bincount(buurt, weights=open_, minlength=self.model.n_buurten)
        pool = self.cfg.volunteer_hours * level
        share = np.minimum(pool / np.maximum(total[buurt], 1e-9), 1.0)
        care.give("informal", SMALL_HELP_TASKS, (open_ * share).astype(np.float32), ids)

    def _broker_ties(self, level: float) -> None:
        """New neighbour ties between residents in need and neighbours without need."""
        m, cfg, rng = self.model, self.cfg, self.rng
        pop = m.pop
        ids = self._residents_at_home()
        adult = pop.age[ids] >= 18
        in_need = ids[adult & (pop.need[ids] > 0)]
        helpers = ids[adult & (pop.need[ids] == 0) & (pop.age[ids] < 80)]
        per_round = per_week(cfg.ties_per_year * cfg.coordinator_fte * level * TIE_ROUND_WEEKS)
        new_i, new_j = [], []
        for b in self.ids:
            r = in_need[pop.buurt[in_need] == b]
            h = helpers[pop.buurt[helpers] == b]
            k = min(int(rng.poisson(per_round)), r.size, h.size)
            if k == 0:
                continue
            # Residents living alone are linked first (the coordinator's priority).
            alone = self.view("consequences.lives_alone")[r]
            order = np.lexsort((rng.random(r.size), ~alone))
            new_i.append(r[order[:k]])
            new_j.append(rng.choice(h, size=k, replace=False))
        if new_i:
            i, j = np.concatenate(new_i), np.concatenate(new_j)
            self.act("network.add_neighbour_ties", i, j)
            self.act("informal.ask_again", i)
            self.ties_added = getattr(self, "ties_added", 0) + int(i.size)

    def allocation(self, week: int, care) -> None:
        """Outreach: refer residents with unmet need to home care."""
        level = self.intensity(week)
        if level <= 0 or self.cfg.outreach_prob <= 0 or not self.ids.size:
            return
        pop = self.model.pop
        ids = self._in_need_at_home(care)
        ids = ids[care.open_hours(ids=ids) > 0]
        ses_factor = 1 + (self.cfg.outreach_low_ses_factor - 1) * (4 - pop.ses[ids]) / 4
        p = np.minimum(self.cfg.outreach_prob * level * ses_factor, 1.0)
        found = ids[self.uniform("outreach", week, ids) < p]
        self.act("service_centres.signal", found)
        self.found = found

    def cost_week(self, week: int) -> float:
        """Coordinators and running budget of the covered buurten, from the start week."""
        if week < self.cfg.start_week:
            return 0.0
        cfg = self.cfg
        per_year = cfg.coordinator_fte * cfg.coordinator_cost_per_fte_year
        return float(per_week(self.ids.size * (per_year + cfg.running_cost_per_year)))


def buurten_covered(coverage: float, n_buurten: int) -> int:
    """How many buurten a coverage share covers: rounded, and at least one above 0.

    A share that rounds to no buurt (0.25 of 2 buurten) would make the policy a silent
    no-op in a small town: whoever switches it on with a coverage above 0 gets at least
    one buurt (ODD 7.13.3).
    """
    k = int(round(coverage * n_buurten))
    return max(k, 1) if coverage > 0 and n_buurten > 0 else k


def covered_buurten(cfg, pop, n_buurten: int, rng: np.random.Generator) -> np.ndarray:
    """Boolean mask of the covered buurten: the listed ones, or a share by targeting."""
    covered = np.zeros(n_buurten, bool)
    if cfg.buurten:
        picks = np.asarray(cfg.buurten, np.int64) - 1
        if (picks < 0).any() or (picks >= n_buurten).any():
            raise ConfigError("policies.zorgzame_buurten.buurten", cfg.buurten,
                              f"allowed: buurt numbers 1 to {n_buurten}")
        covered[picks] = True
        return covered
    k = buurten_covered(cfg.coverage, n_buurten)
    if k == 0:
        return covered
    living = pop.alive
    count = np.bincount(pop.buurt[living], minlength=n_buurten)
    if cfg.targeting == "oldest":
        old = np.bincount(pop.buurt[living & (pop.age >= 65)], minlength=n_buurten)
        order = np.argsort(-old / np.maximum(count, 1), kind="stable")
    elif cfg.targeting == "poorest":
        ses = np.bincount(pop.buurt[living], weights=pop.ses[living], minlength=n_buurten)
        order = np.argsort(ses / np.maximum(count, 1), kind="stable")
    else:
        order = rng.permutation(n_buurten)
    covered[order[:k]] = True
    return covered
