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

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import ndtri

from sim.engine.levers import Lever, LeverBoard
from sim.engine.module import Module, Step, Week
from sim.engine.schema import ConfigError, check_anchor_ages, param
from sim.engine.units import weekly_persistence
from sim.population.residents import NURSING_HOME, WOMAN, Population


@dataclass
class NeedsConfig:
    """Need levels (none, light, moderate, severe), dementia, and hours of care per week."""

    # P(any limitation) by age: GALI "limited in usual activities" (HIS 2018, V): about 1 in
    # 5 aged 15+, > 1 in 3 aged 65+, > 4 in 10 aged 75+. Curve derived (D) to hit those.
    prevalence_ages: list[float] = param([0, 15, 30, 45, 55, 65, 75, 85, 95], lo=0, hi=120,
                                         unit="years",
                                         doc="anchor ages of the need curves any_need, "
                                             "moderate_or_worse and severe (strictly "
                                             "increasing)",
                                         source="anchors chosen to fit the published shares")
    any_need: list[float] = param([0.03, 0.065, 0.095, 0.13, 0.18, 0.215, 0.27, 0.37, 0.52],
                                  lo=0.0, hi=1.0, unit="share",
                                  doc="share with any need (level >= 1) at each anchor age",
                                  source="HIS 2018 GALI (V), D between anchors; 75-95 lowered "
                                         "2026-11-23 (from 0.28, 0.40, 0.56) as WZC residents "
                                         "now keep their need; docs/figures.md §2.2")
    # Among those with a need: share with moderate-or-worse and with severe need, by the same
    # ages. The levels set hours of care, so they measure care dependency, not the severity
    # of the GALI limitation: severe = needs help with personal care (ADL) most days;
    # moderate = regular help with household tasks (IADL) and some personal care. Most
    # limited adults of working age manage largely on their own; care dependency rises
    # steeply with age (assumption, 2026-11-23; before: moderate_or_worse 0.40-0.48 below 65,
    # GALI severity; severe = GALI "severely limited", 0.15-0.20 of the limited below 65,
    # which put 28 h/week of need on many working-age adults: about 60% of all residents
    # with a need living at home were under 65).
    moderate_or_worse: list[float] = param([0.45, 0.25, 0.25, 0.28, 0.32, 0.40, 0.50, 0.62,
                                            0.75], lo=0.0, hi=1.0, unit="share of limited",
                                           doc="share of the limited with level >= 2 "
                                               "(moderate or severe) at each anchor age",
                                           source="assumption (ranges +-0.1 at 65+, 0.15-0.4 "
                                                  "below): care dependency (regular help with "
                                                  "household tasks, some personal care) among "
                                                  "the GALI-limited")
    severe: list[float] = param([0.20, 0.06, 0.06, 0.07, 0.09, 0.14, 0.22, 0.33, 0.45],
                                lo=0.0, hi=1.0, unit="share of limited",
                                doc="share of the limited with level 3 (severe) at each anchor "
                                    "age; at most moderate_or_worse",
                                source="assumption (ranges +-0.1 at 65+, 0.03-0.15 below): "
                                       "ADL dependency (help with personal care most days) "
                                       "among the GALI-limited")
    women_odds: float = param(1.15, lo=0.2, hi=5.0, unit="odds ratio",
                              doc="odds of each need level, women vs men",
                              source="HIS 2018 women report more limitations (V2; "
                                     "docs/figures.md §2.2); assumption (range 1.0-1.3)")
    ses_odds_per_quintile: float = param(1.25, lo=1.0, hi=3.0, unit="odds ratio",
                                         doc="odds of need per quintile step down in SES",
                                         source="assumption: social gradient (docs/domain.md "
                                                "mechanism 9), lowest vs highest ~2.4x, range "
                                                "1.1-1.4")
    persistence_per_year: float = param(0.85, lo=0.0, hi=0.999, unit="correlation",
                                        doc="year-to-year correlation of latent frailty up "
                                            "to the first of persistence_rise_ages",
                                        source="assumption (range 0.7-0.95)")
    # Care dependency becomes chronic in old age: of ADL-dependent people aged 72+ living at
    # home, 28% regained independence within two years, those aged 85 or younger 8.4 times
    # as often as older ones (4.1 adjusted; Gill et al. 1997, J Gen Intern Med 12:757,
    # n = 213, V); with one AR(1) persistence for all ages the model had 34-47% of those
    # 72+ and 21-40% of those over 85 recover (seeds 0-3). docs/figures.md §2.2.
    persistence_rise_ages: list[float] = param([70.0, 90.0], lo=0, hi=120, length=2,
                                               unit="years",
                                               doc="ages between which the yearly "
                                                   "persistence rises linearly from "
                                                   "persistence_per_year to "
                                                   "persistence_per_year_old",
                                               source="assumption (first 65-75, second "
                                                      "85-95): recovery falls steeply "
                                                      "after 85 (Gill et al. 1997)")
    persistence_per_year_old: float = param(0.97, lo=0.0, hi=0.999, unit="correlation",
                                            doc="year-to-year correlation of latent frailty "
                                                "from the second of persistence_rise_ages",
                                            source="Gill et al. 1997 recovery by age "
                                                   "(calibration report; range 0.93-0.99)")
    hysteresis: float = param(0.25, lo=0.0, hi=1.0, unit="latent sd",
                              doc="margin the latent frailty must pass a threshold by before "
                                  "the need level changes (stops week-to-week flicker)",
                              source="assumption (range 0.1-0.4)")
    # Dementia prevalence (dementie.be, V): 1.6% of 65-69; > 10% of 65+; > 20% of 80+;
    # > 40% of 90+.
    dementia_ages: list[float] = param([60, 67, 72, 77, 82, 87, 92, 97], lo=0, hi=120,
                                       unit="years",
                                       doc="anchor ages of the dementia curve (strictly "
                                           "increasing)",
                                       source="anchors chosen to fit the published shares")
    dementia_prevalence: list[float] = param([0.002, 0.017, 0.038, 0.09, 0.18, 0.35, 0.56,
                                              0.68], lo=0.0, hi=1.0, unit="share",
                                             doc="share with dementia at each anchor age",
                                             source="dementie.be (V), D between anchors; "
                                                    "docs/figures.md §2.2")
    dementia_min_level: int = param(1, lo=0, hi=3, unit="need level",
                                    doc="lowest need level of a person with dementia",
                                    source="assumption (range 1-2)")
    nursing_home_min_level: int = param(0, lo=0, hi=3, unit="need level",
                                        doc="in a WZC, need does not fall below this level, "
                                            "nor below last week's level if that was lower "
                                            "(0: need evolves as at home)",
                                        source="assumption (range 0-2); 0 since "
                                               "2026-12-02: the heavy-care share of WZC "
                                               "residents comes from who is admitted "
                                               "(severe need, dementia, breakdown; "
                                               "residential.*), not from a floor. With 2 "
                                               "only 2% of residents had no or light "
                                               "need, with 0 about 30%, against 16% with "
                                               "a light profile (O, A) in 2021 "
                                               "(docs/figures.md §10)")
    # Terminal decline (demography.decline_*): need rises and does not fall until death.
    decline_min_level: int = param(2, lo=0, hi=3, unit="need level",
                                   doc="need level a resident reaches at the onset of a "
                                       "terminal decline (her latent frailty is raised to "
                                       "pass that threshold by the hysteresis margin)",
                                   source="assumption (range 1-3): in the last year of life "
                                          "frail decedents had 2.9 ADL dependencies, "
                                          "organ-failure decedents 2.1, cancer decedents "
                                          "0.8, rising to 4-6 in the last months (Lunney "
                                          "et al. 2003, JAMA 289:2387, V); docs/figures.md "
                                          "§2.2")
    decline_frailty_drift: float = param(0.02, lo=0.0, hi=0.5, unit="latent sd per week",
                                         doc="rise of the latent frailty each week in "
                                             "terminal decline, on top of the AR(1) step; "
                                             "in decline the latent frailty never falls "
                                             "(no recovery)",
                                         source="assumption (range 0-0.05): about one "
                                                "latent sd a year, so most residents in "
                                                "decline reach severe need within months "
                                                "to a year; decline steepens 6-8 fold in "
                                                "its last 1-2.5 years (Stolz et al., Yale "
                                                "PEP Study, V)")
    # Before 2026-11-23: light 3, moderate 10, severe 28 h/week; dementia_extra_hours 6.
    hours_per_level: list[float] = param([0.0, 2.5, 8.0, 24.0], lo=0.0, hi=168.0, length=4,
                                         unit="h/week",
                                         doc="hours of care needed per week by level "
                                             "none..severe (non-decreasing)",
                                         source="assumption (ranges 1.5-8, 5-21, 16-42 for "
                                                "light, moderate, severe: German legal minimum "
                                                "times of lay care, 10.5 / 21 / 35 h a week "
                                                "for care levels I / II / III until 2016, are "
                                                "lower bounds; hours received in US surveys "
                                                "16 / 29 / 67, upper bounds; docs/figures.md "
                                                "§2.2); anchors: family "
                                                "care ~2.5 h per client a week (2021, D), "
                                                "mostly light and moderate need; WZC norms "
                                                "(11.8-13.9 FTE per 30 residents, Rekenhof "
                                                "2024, V) give ~10-11 h direct care a week "
                                                "per heavily dependent resident when pooled, "
                                                "about twice at home (no pooling, supervision "
                                                "counted); docs/figures.md §2.2")
    dementia_extra_hours: float = param(5.0, lo=0.0, hi=168.0, unit="h/week",
                                        doc="extra supervision hours with dementia",
                                        source="assumption (range 2-8): at the same ADL level "
                                               "people with dementia get about 5 h a week "
                                               "more informal help (NHATS 2011, derived; "
                                               "docs/figures.md §2.2)")

    def check(self, run: Any) -> None:
        """Cross-field rules: curves by age, severe within moderate, hours rising with need."""
        check_anchor_ages("needs.prevalence", self.prevalence_ages, self.any_need)
        check_anchor_ages("needs.dementia", self.dementia_ages, self.dementia_prevalence)
        check_anchor_ages("needs.persistence_rise", self.persistence_rise_ages,
                          [self.persistence_per_year, self.persistence_per_year_old])
        for key in ("moderate_or_worse", "severe"):
            if len(getattr(self, key)) != len(self.prevalence_ages):
                raise ConfigError(f"needs.{key}", getattr(self, key),
                                  f"allowed: {len(self.prevalence_ages)} values, one per "
                                  "prevalence age")
        if any(s > m for s, m in zip(self.severe, self.moderate_or_worse, strict=True)):
            raise ConfigError("needs.severe", self.severe, "allowed: at most "
                              "needs.moderate_or_worse at each age")
        hours = self.hours_per_level
        if any(b < a for a, b in zip(hours, hours[1:], strict=False)):
            raise ConfigError("needs.hours_per_level", hours,
                              "allowed: non-decreasing hours from level none to severe")

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


def persistence(age: np.ndarray, cfg: NeedsConfig) -> np.ndarray:
    """Weekly AR(1) factor of latent frailty by exact age (the yearly one rises with age).

    Each resident's innovation scale is sqrt(1 - rho^2), so ``u`` stays standard normal at
    every age whatever rho is: prevalence still follows the need curves, and only how long
    a level lasts changes (longer in old age, where dependency is chronic).
    """
    per_year = np.interp(age, cfg.persistence_rise_ages,
                         [cfg.persistence_per_year, cfg.persistence_per_year_old])
    return weekly_persistence(per_year).astype(np.float32)


def dementia_prevalence(age: np.ndarray, cfg: NeedsConfig) -> np.ndarray:
    """Dementia prevalence by exact age, 0 below the first anchor age."""
    p = np.interp(age, cfg.dementia_ages, cfg.dementia_prevalence)
    return np.where(np.asarray(age) < cfg.dementia_ages[0], 0.0, p)


def decline_need_floor(pop: Population, ids: np.ndarray, cfg: NeedsConfig) -> None:
    """Raise residents entering a terminal decline to ``decline_min_level`` (7.2).

    The latent frailty is lifted to pass the level's threshold by the hysteresis margin, so
    the weekly step keeps the level; the level is set at once.
    """
    level = int(cfg.decline_min_level)
    if level <= 0 or not len(ids):
        return
    tau = thresholds(pop.age[ids], pop.sex[ids], pop.ses[ids], cfg)
    floor = tau[level - 1] + np.float32(cfg.hysteresis + 1e-3)
    pop.frailty[ids] = np.maximum(pop.frailty[ids], floor)
    pop.need[ids] = np.maximum(pop.need[ids], np.int8(level))


def levels_from_latent(u: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """Number of thresholds exceeded (0..3), int8."""
    return ((u > tau[0]).view(np.int8) + (u > tau[1]).view(np.int8)
            + (u > tau[2]).view(np.int8))  # fmt: skip


LEVERS = (
    Lever("needs.frailty_drift", None, "sd per week", "add",
          "weekly fall of each resident's latent frailty (need rises later); residents beyond the "
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
    caches = ("tau", "rho", "sigma")  # thresholds and persistence by age, rebuilt each year

    @classmethod
    def build(cls, model: Any) -> NeedDynamics:
        """Need dynamics of ``model``'s residents; every resident gets her initial level."""
        needs = cls(model.cfg.needs, model.pop, rng=model.streams["needs"], levers=model.levers)
        needs.initialise(np.arange(model.pop.n))
        return needs

    def __init__(self, cfg: NeedsConfig, pop: Population, *, rng: np.random.Generator,
                 levers: LeverBoard | None = None) -> None:
        self.cfg, self.pop, self.rng = cfg, pop, rng
        self.levers = LeverBoard() if levers is None else levers
        self.levers.declare(*LEVERS)
        self.rho = np.zeros(0, np.float32)
        self.sigma = np.zeros(0, np.float32)
        self.hours = np.asarray(cfg.hours_per_level, np.float32)
        self.tau = np.zeros((3, 0), np.float32)
        self.min_level = np.int8(cfg.dementia_min_level)
        self.wzc_min_level = np.int8(cfg.nursing_home_min_level)
        self.hysteresis = np.float32(cfg.hysteresis)
        self.decline_level = int(cfg.decline_min_level)
        self.decline_drift = np.float32(cfg.decline_frailty_drift)

    def initialise(self, ids: np.ndarray, *, like: np.ndarray | None = None,
                   aged: bool = True) -> None:
        """Draw latent frailty and dementia risk for new residents and set their levels.

        Args:
            ids: The new residents.
            like: Per new resident, an existing resident whose latent frailty and dementia
                risk she takes (a replacement arrival of the stable regime), or -1 for fresh
                draws; ``None``: all fresh.
            aged: Whether ages changed since the last refresh (the yearly event). If not
                (replacements between updates), only the new residents' thresholds are
                computed and appended.
        """
        pop = self.pop
        pop.frailty[ids] = self.rng.standard_normal(len(ids), dtype=np.float32)
        pop.dementia_risk[ids] = self.rng.random(len(ids), dtype=np.float32)
        if like is not None and len(like):
            has = like >= 0
            pop.frailty[ids[has]] = pop.frailty[like[has]]
            pop.dementia_risk[ids[has]] = pop.dementia_risk[like[has]]
            pop.dementia[ids[has]] = pop.dementia[like[has]]
        if aged or not len(ids) or self.tau.shape[1] != ids.min():
            self.refresh()
        else:
            self._extend(ids)
        pop.need[ids] = levels_from_latent(pop.frailty[ids], self.tau[:, ids])
        self._apply_dementia(ids)

    def refresh(self) -> None:
        """Recompute per-resident thresholds and dementia after ageing (yearly)."""
        pop = self.pop
        self.tau = thresholds(pop.age, pop.sex, pop.ses, self.cfg)
        self.rho = persistence(pop.age, self.cfg)
        self.sigma = np.sqrt(1 - self.rho * self.rho)
        onset = pop.alive & ~pop.dementia & (pop.dementia_risk < dementia_prevalence(pop.age,
                                                                                     self.cfg))
        pop.dementia |= onset
        self._apply_dementia(np.flatnonzero(onset))

    def _extend(self, ids: np.ndarray) -> None:
        """Thresholds, persistence and dementia onset of appended residents ``ids`` only.

        Between yearly updates ages stand still, so the others' thresholds are unchanged;
        recomputing them for 100,000 residents at every replacement was a fifth of its cost.
        """
        pop = self.pop
        self.tau = np.concatenate([self.tau, thresholds(pop.age[ids], pop.sex[ids],
                                                        pop.ses[ids], self.cfg)], axis=1)
        rho = persistence(pop.age[ids], self.cfg)
        self.rho = np.concatenate([self.rho, rho])
        self.sigma = np.concatenate([self.sigma, np.sqrt(1 - rho * rho)])
        onset = ids[~pop.dementia[ids] & (pop.dementia_risk[ids]
                                          < dementia_prevalence(pop.age[ids], self.cfg))]
        pop.dementia[onset] = True
        self._apply_dementia(onset)

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
        dec = np.flatnonzero(pop.decline & pop.alive)  # terminal decline (demography)
        before = u[dec]
        u *= self.rho
        u += self.sigma * eps
        if len(dec):  # in decline the latent frailty rises and never falls (no recovery)
            lifted = np.maximum(u[dec] + self.decline_drift, before)
            if self.decline_level > 0:
                lifted = np.maximum(lifted, self.tau[self.decline_level - 1, dec]
                                    + self.hysteresis + np.float32(1e-3))
            u[dec] = lifted
        if self.levers.is_set("needs.frailty_drift"):  # frailty pulled down (a lever)
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
        if len(dec):
            new[dec] = np.maximum(new[dec], old[dec])
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
