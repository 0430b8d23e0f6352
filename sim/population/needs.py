"""Care needs: need levels (none, light, moderate, severe), dementia, and hours needed.

Each resident carries a latent frailty ``u`` with a standard-normal distribution at every
age. Her need level is the number of age-, sex- and SES-specific thresholds that ``u``
exceeds, with the thresholds set so that ``P(level >= k | age, sex, SES)`` equals the
calibration curves in the config (GALI prevalence for "any need"). Weekly, ``u`` follows
an AR(1) process: need persists, can rise and can fall, and rises on average with age as
the thresholds drop. A small hysteresis band stops a resident near a threshold from
flickering between two levels week after week.

Dementia uses one fixed uniform draw per resident: she has dementia once the prevalence
for her age exceeds it, so dementia is irreversible and prevalence by age matches
dementie.be by construction.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

from sim.config import NeedsConfig
from sim.engine.levers import Lever, LeverBoard
from sim.engine.module import Module, Step, Week
from sim.engine.units import weekly_persistence
from sim.population.residents import NURSING_HOME, WOMAN, Population

LEVELS = ("none", "light", "moderate", "severe")


def level_probabilities(
    age: np.ndarray, sex: np.ndarray, ses: np.ndarray, cfg: NeedsConfig
) -> np.ndarray:
    """P(level >= k) for k = 1, 2, 3: shape (3, n).

    The age curves are interpolated between anchors; women and lower SES quintiles shift
    each curve by a constant odds ratio, centred half-way between the sexes and on the
    middle quintile, so the population average stays close to the published prevalence.
    """
    ages = cfg.prevalence_ages
    p_any = np.interp(age, ages, cfg.any_need)
    p = np.stack([p_any,
                  p_any * np.interp(age, ages, cfg.moderate_or_worse),
                  p_any * np.interp(age, ages, cfg.severe)])  # fmt: skip
    log_or = (np.log(cfg.women_odds) * ((np.asarray(sex) == WOMAN) - 0.5)
              + np.log(cfg.ses_odds_per_quintile) * (2.0 - np.asarray(ses)))  # fmt: skip
    p = np.clip(p, 1e-6, 1 - 1e-6)
    odds = p / (1 - p) * np.exp(log_or)
    return odds / (1 + odds)


def thresholds(age: np.ndarray, sex: np.ndarray, ses: np.ndarray, cfg: NeedsConfig) -> np.ndarray:
    """Latent thresholds (3, n) float32 such that P(u > tau_k) = P(level >= k)."""
    return ndtri(1.0 - level_probabilities(age, sex, ses, cfg)).astype(np.float32)


def dementia_prevalence(age: np.ndarray, cfg: NeedsConfig) -> np.ndarray:
    """Dementia prevalence by exact age, 0 below the first anchor age."""
    p = np.interp(age, cfg.dementia_ages, cfg.dementia_prevalence)
    return np.where(np.asarray(age) < cfg.dementia_ages[0], 0.0, p)


def levels_from_latent(u: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """Number of thresholds exceeded (0..3), int8."""
    return ((u > tau[0]).view(np.int8) + (u > tau[1]).view(np.int8)
            + (u > tau[2]).view(np.int8))  # fmt: skip


LEVERS = (
    Lever("needs.frailty_drift", None, "sd per week", "add",
          "weekly fall of each resident's latent frailty (prevention); residents beyond the "
          "array's length have none", shape="resident"),
)


class NeedDynamics(Module):
    """Weekly evolution of need levels; yearly refresh of thresholds and dementia.

    Args:
        cfg: Need parameters.
        pop: The population whose ``need``, ``frailty`` and ``dementia`` columns it drives.
        rng: The "needs" random stream.
    """

    name = "needs"

    def __init__(self, cfg: NeedsConfig, pop: Population, *, rng: np.random.Generator,
                 levers: LeverBoard | None = None) -> None:
        self.cfg, self.pop, self.rng = cfg, pop, rng
        self.levers = LeverBoard() if levers is None else levers
        self.levers.declare(*LEVERS)
        self.rho = np.float32(weekly_persistence(cfg.persistence_per_year))
        self.sigma = np.float32(np.sqrt(1 - float(self.rho) ** 2))
        self.hours = np.asarray(cfg.hours_per_level, np.float32)
        self.tau = np.zeros((3, 0), np.float32)
        self.min_level = np.int8(cfg.dementia_min_level)
        self.wzc_min_level = np.int8(cfg.nursing_home_min_level)
        self.hysteresis = np.float32(cfg.hysteresis)

    def initialise(self, ids: np.ndarray) -> None:
        """Draw latent frailty and dementia risk for new residents and set their levels."""
        pop = self.pop
        pop.frailty[ids] = self.rng.standard_normal(len(ids), dtype=np.float32)
        pop.dementia_risk[ids] = self.rng.random(len(ids), dtype=np.float32)
        self.refresh()
        pop.need[ids] = levels_from_latent(pop.frailty[ids], self.tau[:, ids])
        self._apply_dementia(ids)

    def refresh(self) -> None:
        """Recompute per-resident thresholds and dementia after ageing (yearly)."""
        pop = self.pop
        self.tau = thresholds(pop.age, pop.sex, pop.ses, self.cfg)
        onset = pop.alive & ~pop.dementia & (pop.dementia_risk < dementia_prevalence(pop.age,
                                                                                     self.cfg))
        pop.dementia |= onset
        self._apply_dementia(np.flatnonzero(onset))

    def _apply_dementia(self, ids: np.ndarray) -> None:
        pop = self.pop
        dem = ids[pop.dementia[ids]]
        pop.need[dem] = np.maximum(pop.need[dem], self.min_level)

    weekly_steps = (
        Step("needs", "week_step", "latent frailty moves (AR(1)); need levels follow with "
             "hysteresis", writes=("need_up", "need_down")),
    )

    def week_step(self, w: Week) -> None:
        """Plan step: need dynamics."""
        w.need_up, w.need_down = self.step()

    def step(self) -> tuple[np.ndarray, np.ndarray]:
        """Advance latent frailty one week; return ids whose level rose and fell."""
        pop = self.pop
        eps = self.rng.standard_normal(pop.n, dtype=np.float32)
        u = pop.frailty
        u *= self.rho
        u += self.sigma * eps
        if self.levers.is_set("needs.frailty_drift"):  # frailty pulled down (prevention)
            drift = self.levers.value("needs.frailty_drift")
            u[: drift.size] -= drift
        old = pop.need
        up = levels_from_latent(u - self.hysteresis, self.tau)
        down = levels_from_latent(u + self.hysteresis, self.tau)
        new = np.minimum(np.maximum(old, up), down)
        np.maximum(new, self.min_level * pop.dementia.view(np.int8), out=new)
        if self.wzc_min_level > 0:  # WZC residents stay care dependent
            floor = np.where(pop.dwelling == NURSING_HOME, self.wzc_min_level, np.int8(0))
            np.maximum(new, np.minimum(floor, old).astype(np.int8), out=new)
        new = np.where(pop.alive, new, old)
        rose = np.flatnonzero(new > old)
        fell = np.flatnonzero(new < old)
        pop.need = new
        return rose, fell

    def hours_needed(self) -> np.ndarray:
        """Hours of care needed this week per resident (0 for the dead)."""
        pop = self.pop
        h = self.hours[pop.need] + np.float32(self.cfg.dementia_extra_hours) * pop.dementia
        return np.where(pop.alive, h, np.float32(0))
