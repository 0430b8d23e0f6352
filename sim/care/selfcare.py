"""Task split and self-care: the hours each resident needs, and the part she covers herself.

Needed hours per week follow the need level (and dementia); they are split into four tasks
(personal care, household, nursing, supervision), and residents living at home cover a share
of each task themselves, less with higher need, dementia and lower SES. What remains opens
the week's ledger (:mod:`sim.engine.ledger`) for the other sources.
"""

from __future__ import annotations

import numpy as np

from sim.config import SelfCareConfig
from sim.engine.ledger import NURSING, SUPERVISION, CareWeek
from sim.engine.metric import CARE_TABLES, UNMET_PERSON_HOURS, Metric
from sim.engine.module import Module, Step, Week
from sim.population.residents import NURSING_HOME, Population


class Demand(Module):
    """Hours needed per task, and the part residents cover themselves.

    Args:
        cfg: Self-care and task-split parameters.
        hours_per_level: Hours needed per week by need level (needs config).
        dementia_extra_hours: Extra supervision hours with dementia.
    """

    name = "demand"
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
        Metric("hours_residential", "h/week", "Needed hours covered in a facility (nursing "
               "home, short stay, day care)", tables=CARE_TABLES),
        Metric("hours_unmet", "h/week", "Needed hours nobody covered (unmet need)",
               tables=CARE_TABLES),
        Metric("people_unmet", "residents", "Residents with some unmet need this week",
               tables=CARE_TABLES),
        Metric("severe_at_home", "residents", "Residents with severe need living at home",
               tables=CARE_TABLES),
    )

    def __init__(self, cfg: SelfCareConfig, hours_per_level: list[float],
                 dementia_extra_hours: float, *, pop: Population | None = None) -> None:
        self.cfg, self.pop = cfg, pop
        shares = np.array([cfg.personal_share, cfg.household_share, cfg.nursing_share,
                           cfg.supervision_share], np.float32)  # (4, 4 levels)
        self.by_level = shares * np.asarray(hours_per_level, np.float32)[None, :]
        self.dementia_extra = np.float32(dementia_extra_hours)
        # (4 tasks, 8 states): state = need level + 4 * dementia; dementia adds supervision.
        self.table = np.concatenate([self.by_level, self.by_level], axis=1)
        self.table[SUPERVISION, 4:] += self.dementia_extra
        self.table[:, 0] = 0  # level none without dementia needs nothing
        self.self_share = np.asarray(cfg.self_care_share, np.float32)

    def states(self, pop: Population) -> tuple[np.ndarray, np.ndarray]:
        """Ids of living residents with a need, and their state (need level + 4 x dementia)."""
        state = pop.need + np.int8(4) * pop.dementia.view(np.int8)
        ids = np.flatnonzero((state > 0) & pop.alive)
        return ids, state[ids]

    def self_care_capacity(self, pop: Population, ids: np.ndarray | None = None) -> np.ndarray:
        """Share of each task residents ``ids`` (default: all) do themselves.

        Self-management capacity falls with need level, with dementia, and with lower SES.
        """
        ids = slice(None) if ids is None else ids
        share = self.self_share[pop.need[ids]]
        share *= 1 - np.float32(self.cfg.dementia_self_care_loss) * pop.dementia[ids]
        share *= 1 - np.float32(self.cfg.ses_self_care_loss) * (4 - pop.ses[ids]) / 4
        return share

    weekly_steps = (
        Step("demand", "open_step", "hours needed per task; residents at home cover part "
             "themselves; the week's ledger opens", writes=("at_home", "care")),
    )

    def active_residents(self, care: CareWeek) -> tuple[np.ndarray, None]:
        """Residents with a care-hours metric this week: those in the ledger."""
        return care.need > 0, None

    def care_metrics(self, idx: np.ndarray, care: CareWeek) -> dict[str, np.ndarray]:
        """This week's hours by source, unmet need and severe need at home of ``idx``."""
        need = self.pop.need[idx]
        unmet = care.open_hours(ids=idx)
        return {
            "with_need": need > 0,
            "hours_self": care.covered["self"][idx],
            "hours_informal": care.covered["informal"][idx],
            "hours_formal": care.covered["formal"][idx],
            "hours_residential": care.covered["residential"][idx], "hours_unmet": unmet,
            "people_unmet": unmet >= UNMET_PERSON_HOURS,
            "severe_at_home": (self.pop.dwelling[idx] != NURSING_HOME) & (need == 3),
        }

    def dense_metrics(self) -> dict[str, np.ndarray]:
        """Metrics non-zero for much of the population, per resident: the living."""
        return {"residents": self.pop.alive}

    def open_step(self, w: Week) -> None:
        """Plan step: open the week's ledger (the population is the module's ``pop``)."""
        pop = self.pop
        w.at_home = pop.alive & (pop.dwelling != NURSING_HOME)
        w.care = self.open_week(w.week, pop, w.at_home)

    def open_week(self, week: int, pop: Population, at_home: np.ndarray) -> CareWeek:
        """Open the week's ledger and book self-care for residents living at home."""
        ids, state = self.states(pop)
        care = CareWeek.open(week, self.table[:, state], ids, pop.n)
        share = self.self_care_capacity(pop, ids) * at_home[ids]
        self_tasks = care.left * share[None, :]
        self_tasks[NURSING] = 0  # nursing acts need a professional or a trained carer
        care.cover("self", self_tasks, ids)
        return care
