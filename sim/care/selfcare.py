"""Task split and self-care: the hours each resident needs, and the part she covers herself.

Needed hours per week follow the need level (and dementia); they are split into four tasks
(personal care, household, nursing, supervision), and residents living at home cover a share
of each task themselves, less with higher need, dementia and lower SES. What remains opens
the week's ledger (:mod:`sim.engine.ledger`) for the other sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import expit, logit, ndtri

from sim.engine.ledger import NURSING, SUPERVISION, CareWeek, task_mask
from sim.engine.metric import CARE_TABLES, Metric
from sim.engine.module import Module, Step, Week
from sim.engine.schema import ConfigError, check_anchor_ages, param
from sim.engine.streams import keyed_uniform
from sim.engine.units import WEEKS_PER_YEAR
from sim.population.residents import NURSING_HOME, Population

# The activities a health survey asks about for unmet need (ADL and IADL; EHIS PC3/HA3).
DAILY_TASKS = task_mask(("personal", "household"))

@dataclass
class SelfCareConfig:
    """How needed hours split into tasks, and how much residents do themselves (self-care)."""

    # Share of a level's hours per task, by need level none, light, moderate, severe. Each
    # level's four shares sum to 1. Assumption: light need is mostly household help (IADL),
    # severe need mostly personal care, nursing and supervision (ranges +-0.1). The nursing
    # shares were 0.05, 0.1, 0.15 (light, moderate, severe) before 2026-11-23.
    personal_share: list[float] = param([0.25, 0.15, 0.35, 0.42], lo=0.0, hi=1.0, length=4,
                                        unit="share",
                                        doc="share of each need level's hours that is personal "
                                            "care (washing, dressing); a level's four task "
                                            "shares sum to 1",
                                        source="assumption (ranges +-0.1)")
    household_share: list[float] = param([0.25, 0.80, 0.45, 0.25], lo=0.0, hi=1.0, length=4,
                                         unit="share",
                                         doc="share of each need level's hours that is "
                                             "household help (cleaning, meals)",
                                         source="assumption (ranges +-0.1)")
    nursing_share: list[float] = param([0.25, 0.0, 0.07, 0.08], lo=0.0, hi=1.0, length=4,
                                       unit="share",
                                       doc="share of each need level's hours that is nursing "
                                           "acts (wound care, medication)",
                                       source="assumption (ranges 0-0.05, 0.03-0.12, "
                                              "0.05-0.15): severe need gives about 2 h of "
                                              "nursing a week, near the Wit-Gele Kruis "
                                              "volume of about 117 visits per patient per "
                                              "year (2021, V, D; docs/figures.md §3)")
    supervision_share: list[float] = param([0.25, 0.05, 0.13, 0.25], lo=0.0, hi=1.0,
                                           length=4, unit="share",
                                           doc="share of each need level's hours that is "
                                               "supervision and presence",
                                           source="assumption (ranges +-0.1)")
    self_care_share: list[float] = param([0.0, 0.45, 0.25, 0.08], lo=0.0, hi=1.0, length=4,
                                         unit="share",
                                         doc="share of non-nursing hours a resident covers "
                                             "herself, by need level",
                                         source="assumption (ranges 0.3-0.6, 0.1-0.4, 0-0.15)")
    self_reliance_sd: float = param(1.0, lo=0.0, hi=5.0, unit="logit sd",
                                    doc="spread of self-care between residents with the same "
                                        "need level: each resident has a fixed "
                                        "self-reliance draw z ~ N(0, 1), and her share is "
                                        "expit(logit(self_care_share) + sd x z) before the "
                                        "dementia and SES losses (0: everyone at a level "
                                        "covers the same share)",
                                    source="assumption (range 0.5-1.5): people with the same "
                                           "limitation differ in what they manage alone "
                                           "(aids, adapted housing, coping); of Dutch 55+ "
                                           "with an IADL difficulty 84% need no (extra) help "
                                           "(CBS 2023, docs/figures.md §7), which one hours "
                                           "figure per level cannot give")
    self_reliance_ages: list[float] = param([50.0, 65.0, 80.0], lo=0, hi=120, unit="years",
                                            doc="anchor ages of self_reliance_shift "
                                                "(strictly increasing)",
                                            source="anchors chosen to span the comparator "
                                                   "ages 55+ and 75+")
    self_reliance_shift: list[float] = param([1.5, 0.75, 0.0], lo=-5.0, hi=5.0,
                                             unit="logit",
                                             doc="shift of the self-care share's logit by "
                                                 "age (linear between the anchors, flat "
                                                 "outside): a limited resident of working "
                                                 "age manages more alone than one of 80 at "
                                                 "the same need level",
                                             source="assumption (ranges 0.5-2, 0-1.5, "
                                                    "0): toward the Dutch comparator of "
                                                    "about 1 in 10 of 55+ and 1 in 4 of "
                                                    "75+ receiving informal care (CBS "
                                                    "2020, docs/figures.md §8); the model "
                                                    "gives 0.16 and 0.22 at home (default "
                                                    "town, seed 1, year 5)")
    help_threshold_hours: float = param(1.0, lo=0.0, hi=40.0, unit="h/week",
                                        doc="open hours a week from which a resident asks "
                                            "others for help (home care, her network), and "
                                            "which, still open after every source, count her "
                                            "as lacking help: one rule for both",
                                        source="definition (range 0.5-2 for sensitivity): "
                                               "EHIS PC3/HA3 asks whether a person 'would "
                                               "need help or more help'; a gap of an hour a "
                                               "week is the smallest the ledger's weekly "
                                               "tasks resolve (docs/figures.md §7)")
    dementia_self_care_loss: float = param(0.6, lo=0.0, hi=1.0, unit="share",
                                           doc="loss of self-care capacity with dementia",
                                           source="assumption (range 0.4-0.8)")
    ses_self_care_loss: float = param(0.2, lo=0.0, hi=1.0, unit="share",
                                      doc="loss of self-care capacity in the lowest SES "
                                          "quintile vs the highest (linear in between)",
                                      source="assumption (range 0-0.4): health literacy "
                                             "gradient, docs/domain.md mechanism 9")

    def check(self, run: Any) -> None:
        """Cross-field rules: task shares sum to 1 at each level; self-reliance by age."""
        check_anchor_ages("selfcare.self_reliance", self.self_reliance_ages,
                          self.self_reliance_shift)
        for level in range(4):
            total = (self.personal_share[level] + self.household_share[level]
                     + self.nursing_share[level] + self.supervision_share[level])
            if abs(total - 1) > 1e-6:
                raise ConfigError("selfcare.personal_share", self.personal_share,
                                  f"allowed: task shares that sum to 1 at each need level "
                                  f"(level {level} sums to {total:g})")


class Demand(Module):
    """Hours needed per task, and the part residents cover themselves.

    Args:
        cfg: Self-care and task-split parameters.
        hours_per_level: Hours needed per week by need level (needs config).
        dementia_extra_hours: Extra supervision hours with dementia.
    """

    name = "demand"
    caches = ("_shift",)  # self-reliance and age shift per resident, rebuilt each year
    metrics = (
        Metric("residents", "residents", "Residents living in the municipality",
               tables=CARE_TABLES),
        Metric("with_need", "residents", "Residents with any care need", tables=CARE_TABLES),
        Metric("hours_self", "h/week", "Needed hours residents cover themselves (self-care)",
               tables=CARE_TABLES),
        Metric("hours_informal", "h/week", "Needed hours covered by informal carers "
               "(mantelzorg)", tables=CARE_TABLES),
        Metric("hours_formal", "h/week", "Needed hours covered by home care (family care, "
               "home nursing)", tables=CARE_TABLES),
        Metric("hours_vouchers", "h/week", "Needed hours covered by household help bought "
               "with service vouchers (dienstencheques)", tables=CARE_TABLES,
               definition="voucher hours that cover open cleaning hours of a resident's "
                          "household task; hours bought beyond that are not care "
                          "(voucher_hours_bought counts them all)"),
        Metric("hours_residential", "h/week", "Needed hours covered in a facility (nursing "
               "home, short stay, day care)", tables=CARE_TABLES),
        Metric("hours_unmet", "h/week", "Needed hours nobody covered (unmet need)",
               tables=CARE_TABLES),
        Metric("people_unmet", "residents", "Residents with some unmet need this week",
               tables=CARE_TABLES,
               definition="open hours (all tasks) of at least selfcare.help_threshold_hours "
                          "(1 h/week) after every source, the gap at which residents ask for "
                          "help; the hours ledger's person count"),
        Metric("limited_65plus_home", "residents", "Residents aged 65+ living at home with a "
               "limitation in personal care or household activities", tables=CARE_TABLES,
               definition="any need level, not in a nursing home (assisted living and short "
                          "stay count as home): the denominator of EHIS PC3/HA3 (65+ with "
                          "a difficulty with ADL or IADL)"),
        Metric("unmet_65plus_home", "residents", "Residents aged 65+ living at home who lack "
               "(enough) help with personal care or household activities", tables=CARE_TABLES,
               definition="of limited_65plus_home, those whose open personal-care and "
                          "household hours after every source reach selfcare.help_threshold_hours: "
                          "the model's reading of EHIS PC3/HA3, 'would you need help or more "
                          "help with these activities?' (docs/figures.md §7); SHARE's 'no "
                          "help at all' is a different, larger quantity"),
        Metric("severe_at_home", "residents", "Residents with severe need living at home",
               tables=CARE_TABLES),
    )

    @classmethod
    def build(cls, model: Any) -> Demand:
        """Demand and self-care of ``model``'s residents (hours from the needs settings)."""
        cfg = model.cfg
        return cls(cfg.selfcare, cfg.needs.hours_per_level, cfg.needs.dementia_extra_hours,
                   pop=model.pop, key=model.streams.key("self_reliance"))

    def __init__(self, cfg: SelfCareConfig, hours_per_level: list[float],
                 dementia_extra_hours: float, *, pop: Population | None = None,
                 key: np.uint64 | None = None) -> None:
        self.cfg, self.pop = cfg, pop
        self.key = np.uint64(0) if key is None else key
        self.help_threshold = np.float32(cfg.help_threshold_hours)
        self._shift = np.zeros(0, np.float32)  # logit shift of self-care per resident
        self._shift_year = -1
        shares = np.array([cfg.personal_share, cfg.household_share, cfg.nursing_share,
                           cfg.supervision_share], np.float32)  # (4, 4 levels)
        self.by_level = shares * np.asarray(hours_per_level, np.float32)[None, :]
        self.dementia_extra = np.float32(dementia_extra_hours)
        # (4 tasks, 8 states): state = need level + 4 * dementia; dementia adds supervision.
        self.table = np.concatenate([self.by_level, self.by_level], axis=1)
        self.table[SUPERVISION, 4:] += self.dementia_extra
        self.table[:, 0] = 0  # level none without dementia needs nothing
        self.self_share = np.asarray(cfg.self_care_share, np.float32)
        with np.errstate(divide="ignore"):
            self.self_logit = logit(self.self_share.astype(np.float64)).astype(np.float32)

    def states(self, pop: Population) -> tuple[np.ndarray, np.ndarray]:
        """Ids of living residents with a need, and their state (need level + 4 x dementia)."""
        state = pop.need + np.int8(4) * pop.dementia.view(np.int8)
        ids = np.flatnonzero((state > 0) & pop.alive)
        return ids, state[ids]

    def refresh_shift(self, pop: Population, year: int) -> None:
        """Each resident's logit shift of self-care: her fixed draw and her age (yearly).

        Ages change once a year and residents arrive once a year, so the shift is computed
        for everyone then, not every week.
        """
        if self._shift.size == pop.n and self._shift_year == year:
            return
        cfg = self.cfg
        z = ndtri(np.clip(keyed_uniform(self.key, 0, np.arange(pop.n)), 1e-12, 1 - 1e-12))
        self._shift = (cfg.self_reliance_sd * z
                       + np.interp(pop.age, cfg.self_reliance_ages, cfg.self_reliance_shift)
                       ).astype(np.float32)
        self._shift_year = year

    def self_care_capacity(self, pop: Population, ids: np.ndarray | None = None) -> np.ndarray:
        """Share of each task residents ``ids`` (default: all) do themselves.

        Self-management capacity falls with need level, with dementia, and with lower SES,
        and differs between residents at the same level by a fixed self-reliance draw.
        """
        ids = np.arange(pop.n) if ids is None else ids
        with np.errstate(divide="ignore"):
            share = expit(self.self_logit[pop.need[ids]] + self._shift[ids]).astype(np.float32)
        share *= 1 - np.float32(self.cfg.dementia_self_care_loss) * pop.dementia[ids]
        share *= 1 - np.float32(self.cfg.ses_self_care_loss) * (4 - pop.ses[ids]) / 4
        return share

    weekly_steps = (
        Step("demand", "open_step", "hours needed per task (post-hospital nursing "
             "episodes add nursing hours); residents at home cover part themselves; the "
             "week's ledger opens", reads=("acute",), writes=("at_home", "care")),
    )

    def active_residents(self, care: CareWeek) -> tuple[np.ndarray, None]:
        """Residents with a care-hours metric this week: those in the ledger."""
        return care.need > 0, None

    def care_metrics(self, idx: np.ndarray, care: CareWeek) -> dict[str, np.ndarray]:
        """This week's hours by source, unmet need and severe need at home of ``idx``."""
        pop, gap = self.pop, self.help_threshold
        need = pop.need[idx]
        unmet = care.open_hours(ids=idx)
        at_home = pop.dwelling[idx] != NURSING_HOME
        limited = at_home & (need > 0) & (pop.age[idx] >= 65)
        daily = care.open_hours(DAILY_TASKS, ids=idx)
        return {
            "with_need": need > 0,
            "hours_self": care.covered["self"][idx],
            "hours_informal": care.covered["informal"][idx],
            "hours_formal": care.covered["formal"][idx],
            "hours_vouchers": care.covered["vouchers"][idx],
            "hours_residential": care.covered["residential"][idx], "hours_unmet": unmet,
            "people_unmet": unmet >= gap,
            "limited_65plus_home": limited,
            "unmet_65plus_home": limited & (daily >= gap),
            "severe_at_home": at_home & (need == 3),
        }

    def dense_metrics(self) -> dict[str, np.ndarray]:
        """Metrics non-zero for much of the population, per resident: the living."""
        return {"residents": self.pop.alive}

    def open_step(self, w: Week) -> None:
        """Plan step: open the week's ledger (the population is the module's ``pop``)."""
        pop = self.pop
        w.at_home = pop.alive & (pop.dwelling != NURSING_HOME)
        w.care = self.open_week(w.week, pop, w.at_home, acute=w.acute)

    def open_week(self, week: int, pop: Population, at_home: np.ndarray, *,
                  acute: Any = None) -> CareWeek:
        """Open the week's ledger and book self-care for residents living at home.

        Args:
            week: Week index.
            pop: The population.
            at_home: (n,) bool, living and not in a nursing home.
            acute: This week's post-hospital nursing episodes
                (:class:`sim.population.acute.Episodes`; residents at home): their hours
                join the nursing task of her need, so the ledger's identity covers them.
        """
        self.refresh_shift(pop, week // WEEKS_PER_YEAR)
        if acute is not None and len(acute.ids):
            state = pop.need + np.int8(4) * pop.dementia.view(np.int8)
            mask = (state > 0) & pop.alive
            mask[acute.ids] = True  # in an episode (at home) with or without other need
            ids = np.flatnonzero(mask)
            need = self.table[:, state[ids]]  # state 0 needs nothing
            need[NURSING, np.searchsorted(ids, acute.ids)] += acute.hours
        else:
            ids, state = self.states(pop)
            need = self.table[:, state]
        care = CareWeek.open(week, need, ids, pop.n)
        share = self.self_care_capacity(pop, ids) * at_home[ids]
        self_tasks = care.left * share[None, :]
        self_tasks[NURSING] = 0  # nursing acts need a professional or a trained carer
        care.cover("self", self_tasks, ids)
        return care
