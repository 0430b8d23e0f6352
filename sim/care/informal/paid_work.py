"""Carers' paid work: jobs from persistent draws, work cut for care, return, pauses.

Paid work and childcare set a carer's free time, and so her capacity; overload makes
working carers cut their paid work (the lower earner of a couple first), a former carer who
has recovered takes it up again, and a policy may pause it instead (the job is kept and
resumed later).
"""

from __future__ import annotations

import numpy as np

from sim.engine.streams import keyed_uniform
from sim.engine.units import HOURS_PER_WEEK
from sim.population.network import ADULT_AGE
from sim.population.residents import WOMAN


class PaidWork:
    """Paid work of carers (a part of :class:`InformalCare`)."""

    @property
    def fte_reduced(self) -> np.ndarray:
        """Paid work (FTE) each resident has given up for care and not yet taken up again."""
        return self.fte_lost - self.fte_back

    def employment(self, age: np.ndarray, sex: np.ndarray, need: np.ndarray,
                   work_u: np.ndarray, part_u: np.ndarray) -> np.ndarray:
        """Paid work (FTE) from persistent draws: employed, then part-time or full-time.

        The employment rate by age is shared by both sexes and split by the published
        women/men ratio by age; part-time shares are the published ones by sex. Own need lowers
        the chance of a job.
        """
        c = self.cfg
        r = np.interp(age, c.women_ratio_ages, c.women_ratio)
        sex_factor = np.where(sex == WOMAN, 2 * r / (1 + r), 2 / (1 + r))
        rate = np.interp(age, c.employment_ages, c.employment_rate) * sex_factor
        rate = rate * np.asarray(c.employment_need_factor)[need]
        rate = np.where(age < c.employment_ages[0], 0.0, rate)
        part = np.where(sex == WOMAN, c.part_time_women, c.part_time_men)
        fte = np.where(part_u < part, c.part_time_fte, 1.0)
        return np.where(work_u < rate, fte, 0.0).astype(np.float32)

    def _age_capacity(self, age: np.ndarray) -> np.ndarray:
        c = self.cfg
        slope = (1 - c.capacity_at_90) / max(90.0 - c.old_carer_age, 1e-9)
        return np.clip(1 - slope * (age - c.old_carer_age), 0.0, 1.0).astype(np.float32)

    def _refresh(self) -> None:
        """Recompute the parts of capacity that change yearly: jobs, childcare, age."""
        pop, c = self.pop, self.cfg
        n = self.n
        live = pop.alive & (pop.household >= 0)
        hh = np.where(live, pop.household, 0)
        n_hh = int(hh.max(initial=0)) + 1
        adult = pop.age >= ADULT_AGE
        minors = np.bincount(hh[live & ~adult], minlength=n_hh)
        adults = np.bincount(hh[live & adult], minlength=n_hh)
        with_minors = live & adult & (minors[hh] > 0)
        childcare = np.where(with_minors, c.childcare_hours / np.maximum(adults[hh], 1), 0.0)
        self._free = (HOURS_PER_WEEK - c.personal_hours - childcare).astype(np.float32)
        self._age_factor = self._age_capacity(pop.age)
        self._fte_base = self.employment(pop.age, pop.sex, pop.need, self._work_u[:n],
                                         self._part_u[:n])
        self.paid_fte = np.maximum(self._fte_base - self.fte_reduced - self.paused_fte,
                                   0).astype(np.float32)
        self._update_static()
        # Share of adults with minors at home by whole age: virtual carers draw from it.
        years = np.minimum(pop.age.astype(np.int64), 120)
        tot = np.bincount(years[live & adult], minlength=121)
        mk = np.bincount(years[with_minors], minlength=121)
        self._minors_by_age = mk / np.maximum(tot, 1)
        self._refresh_virtual(np.arange(self.n_virtual))

    def _update_static(self, ids: np.ndarray | None = None) -> None:
        """Capacity before health: free time minus paid work, capped, times the age factor.

        It changes only when jobs, households or ages change (yearly) or paid work is cut.
        """
        c = self.cfg
        sel = slice(None) if ids is None else ids
        work = self.paid_fte[sel] * np.float32(c.hours_per_fte + c.commute_hours_per_fte)
        free = np.maximum(self._free[sel] - work, 0) * np.float32(c.care_share_of_free)
        self._static[sel] = np.minimum(free, np.float32(c.max_care_hours)) * self._age_factor[sel]

    def pause_work(self, ids: np.ndarray) -> np.ndarray:
        """Residents ``ids`` pause the paid work a work cut would take (the job is kept).

        Their job is kept: :meth:`resume_work` gives it back. Returns the FTE paused.
        """
        fte = np.minimum(self.paid_fte[ids], np.float32(self.cfg.work_cut_fte))
        self.paid_fte[ids] -= fte
        self.paused_fte[ids] = fte
        self._update_static(ids)
        return fte

    def resume_work(self, ids: np.ndarray) -> None:
        """Residents ``ids`` take up the paid work they paused again."""
        top = np.maximum(self._fte_base[ids] - self.fte_reduced[ids], 0)
        self.paid_fte[ids] = np.minimum(self.paid_fte[ids] + self.paused_fte[ids], top)
        self.paused_fte[ids] = 0
        self._update_static(ids)

    def _work_cuts(self, week: int, overloaded: np.ndarray) -> None:
        """Overloaded working residents cut their paid work (policies may take some out)."""
        cfg, pop = self.cfg, self.pop
        working = overloaded[self.paid_fte[overloaded] > 0]
        # The lower earner of a couple gives up work first (household economics).
        mate = pop.partner[working]
        lower = (mate >= 0) & (self.paid_fte[working] < self.paid_fte[np.maximum(mate, 0)])
        hazard = (cfg.work_cut_hazard * np.where(lower, cfg.lower_earner_cut_factor, 1.0)
                  * np.asarray(cfg.work_cut_sex_factor)[pop.sex[working]])
        cut_ids = working[keyed_uniform(self._keys["cut"], week, working) < hazard]
        cut_ids = self.levers.filter("informal.work_cuts", cut_ids, week)
        cut = np.minimum(self.paid_fte[cut_ids], np.float32(cfg.work_cut_fte))
        self.paid_fte[cut_ids] -= cut
        self.fte_lost[cut_ids] += cut
        self._update_static(cut_ids)
        self.fte_lost_week = np.bincount(pop.sex[cut_ids], cut, minlength=2).astype(np.float64)

    def _work_return(self, week: int) -> None:
        """A former carer who cares no more and has recovered takes up her work again."""
        cfg, pop = self.cfg, self.pop
        reduced = np.flatnonzero(self.fte_reduced > 0)
        idle = reduced[(self._hours[reduced] == 0) & (self._burden[reduced] == 0)
                       & pop.alive[reduced]]
        back = idle[keyed_uniform(self._keys["back"], week, idle) < cfg.work_return_hazard]
        if back.size:
            self.fte_back[back] = self.fte_lost[back]
            self.paid_fte[back] = np.maximum(self._fte_base[back] - self.paused_fte[back], 0)
            self._update_static(back)
