"""Nursing homes (woonzorgcentra, WZC): places, staffing norm, waiting list, admissions.

Residents in a WZC have their whole need covered as residential care. A WZC may only admit
while its present care staff (plus a counted share of logistics staff) meets the staffing
norm (erkenningsnorm) for its occupancy plus the newcomer. Residents reach a WZC through
one shared waiting list: they register when their need is high (with a weekly
probability) or, with a high probability, when care at home breaks down (the last carer
stopped, unmet need for weeks, a crisis). Admission order: breakdown first, then need,
then dementia, then time waiting; an admission below the need threshold counts as
avoidable or early.
"""

from __future__ import annotations

import numpy as np

from sim.care.residential.facilities import (
    FOR_PROFIT,
    NONPROFIT,
    PUBLIC,
    NursingHome,
    _split,
    inclusion_probabilities,
)
from sim.care.residential.settings import INIT_BAND_EDGES
from sim.engine.ledger import CareWeek
from sim.population.residents import HOME, NURSING_HOME, WOMAN


class NursingHomes:
    """Nursing homes and the waiting list (a part of :class:`Residential`)."""

    def _build_homes(self, n65: int) -> None:
        cfg, wf = self.cfg, self.workforce
        total = int(round(n65 * cfg.wzc_places_per_1000_65plus / 1000.0))
        k = max(1, int(round(total / cfg.wzc_places_per_home))) if total > 0 else 0
        u = self.rng.random(k)
        self.homes: list[NursingHome] = []
        for i, places in enumerate(_split(total, k)):
            if u[i] < cfg.wzc_public_share:
                owner, norm = PUBLIC, cfg.norm_fte_per_30_public
            elif u[i] < cfg.wzc_public_share + cfg.wzc_for_profit_share:
                owner, norm = FOR_PROFIT, cfg.norm_fte_per_30_for_profit
            else:
                owner, norm = NONPROFIT, cfg.norm_fte_per_30_nonprofit
            care_fte, logistics_fte = self.staff_targets(int(places), norm)
            care = wf.add_employer(f"WZC {i + 1} care", "wzc_care", care_fte)
            logistics = wf.add_employer(f"WZC {i + 1} logistics", "wzc_logistics", logistics_fte)
            self.homes.append(NursingHome(
                self.model, site=self, index=i, places=int(places), ownership=owner,
                norm_fte_per_30=norm, norm_present_share=cfg.norm_present_share,
                care_employer=care, logistics_employer=logistics,
                logistics_count_share=cfg.logistics_count_share))
        self.occupancy = np.zeros(k, np.int64)
        self._hold_until = np.zeros(0, np.int64)  # week from which a freed place is let again
        self._hold_home = np.zeros(0, np.int64)
        self.held = np.zeros(k, np.int64)
        self._logistics_hours_per_resident = np.zeros(k)
        # Yearly re-sizing: this year's sums of occupied places, places and waiters (one
        # term a week), the years in a row each signal held, and the demand adjustment of
        # the norm (places = norm x lever x adjustment), which persists between signals.
        self._year_sums = np.zeros(3)
        self._year_weeks = 0
        self._low_years = self._high_years = 0
        self.places_adjust = 1.0

    def staff_targets(self, places: int, norm_fte_per_30: float) -> tuple[float, float]:
        """Target care and logistics FTE of a WZC with ``places`` places.

        Care: the norm at full occupancy plus the absence margin. Logistics: all staff per
        place minus the care target (never below zero).
        """
        cfg = self.cfg
        care = norm_fte_per_30 * places / 30.0 * (1.0 + cfg.wzc_care_margin)
        logistics = max(cfg.wzc_staff_fte_per_place * places - care, 0.0)
        return care, logistics

    @property
    def places(self) -> np.ndarray:
        """Places per WZC."""
        return np.array([h.places for h in self.homes], np.int64)

    def initialise(self) -> None:
        """Fill the WZC to the initial occupancy with residents 65+ drawn by age, sex, need.

        Each age band and sex (cell) is expected to hold the published share of its
        residents in a WZC, scaled so that the cells add up to the residents the places
        hold. Within a cell, the chance of each resident is proportional to a need and
        dementia weight (capped at 1). The exact number of residents is then drawn with
        these inclusion probabilities (Pareto order sampling, Rosen 1997) and spread at
        random over the WZC.
        """
        cfg, pop = self.cfg, self.pop
        fill = np.floor(cfg.wzc_initial_occupancy * self.places + 0.5).astype(np.int64)
        total = int(fill.sum())
        cand = np.flatnonzero(pop.alive & (pop.age >= INIT_BAND_EDGES[0]) & (self.wzc < 0))
        if total == 0 or not len(cand):
            return
        band = np.searchsorted(INIT_BAND_EDGES, pop.age[cand], side="right") - 1
        woman = pop.sex[cand] == WOMAN
        rate = np.where(woman, np.asarray(cfg.initial_share_women)[band],
                        np.asarray(cfg.initial_share_men)[band])
        f = np.asarray(cfg.initial_need_weight, float)[pop.need[cand]]
        f = f * np.where(pop.dementia[cand], cfg.initial_dementia_weight, 1.0)
        cell = band * 2 + woman
        count = np.bincount(cell, minlength=14)
        expected = np.bincount(cell, weights=rate, minlength=14)  # rate x count per cell
        expected *= total / max(expected.sum(), 1e-12)
        pi = np.zeros(len(cand))
        for c in np.flatnonzero(count):
            members = np.flatnonzero(cell == c)
            pi[members] = inclusion_probabilities(f[members], expected[c])
        total = min(total, int(np.count_nonzero(pi > 0)))
        u = self.rng.random(len(cand))
        with np.errstate(divide="ignore"):
            keys = (u / (1 - u)) / (pi / (1 - np.minimum(pi, 1 - 1e-12)))
        chosen = cand[np.argpartition(keys, total - 1)[:total]] if total else cand[:0]
        chosen = self.rng.permutation(np.sort(chosen))
        home = np.repeat(np.arange(len(self.homes)), fill)[: len(chosen)]
        self._move_in(chosen, home)
        # Logistics work grows with residents: the hours the initial logistics staff give per
        # initial resident (their workload is 1 at the start).
        wf = self.workforce
        self._logistics_hours_per_resident = np.array(
            [wf.available_hours(h.logistics_employer) / max(h.occupancy, 1) for h in self.homes])
        # The places left free at the start are being re-let: each becomes available at a
        # random week within the vacancy period.
        free = self.places - self.occupancy
        idle = np.repeat(np.arange(len(self.homes)), np.maximum(free, 0))
        weeks = max(int(round(cfg.wzc_vacancy_weeks)), 0)
        self._hold(idle, self.rng.integers(0, 2 * weeks, len(idle)) if weeks else
                   np.zeros(len(idle), np.int64))

    def _hold(self, home: np.ndarray, until: np.ndarray) -> None:
        """Keep freed places of ``home`` empty until week ``until`` (exclusive)."""
        later = np.asarray(until, np.int64) > max(self.week, 0)
        home, until = np.asarray(home, np.int64)[later], np.asarray(until, np.int64)[later]
        if not len(home):
            return
        self._hold_home = np.concatenate([self._hold_home, np.asarray(home, np.int64)])
        self._hold_until = np.concatenate([self._hold_until, np.asarray(until, np.int64)])
        self.held = np.bincount(self._hold_home, minlength=len(self.homes))

    def release_held(self, week: int) -> None:
        """Let again the held places whose hold ends by ``week``."""
        keep = self._hold_until > week
        if not keep.all():
            self._hold_home, self._hold_until = self._hold_home[keep], self._hold_until[keep]
            self.held = np.bincount(self._hold_home, minlength=len(self.homes))

    def _free_places(self, home: np.ndarray) -> None:
        """Places freed by leavers: occupancy falls and each place is held for re-letting."""
        if not len(home):
            return
        self.occupancy -= np.bincount(home, minlength=len(self.homes))
        mean = float(self.cfg.wzc_vacancy_weeks)
        if mean > 0:
            wait = self.rng.geometric(1.0 / (mean + 1.0), len(home)) - 1  # mean = vacancy
            self._hold(home, max(self.week, 0) + wait)

    def _move_in(self, ids: np.ndarray, home: np.ndarray) -> None:
        self.wzc[ids] = home
        self.pop.dwelling[ids] = NURSING_HOME
        self.occupancy += np.bincount(home, minlength=len(self.homes))
        self.waiting_since[ids] = -1
        self.breakdown_week[ids] = -1
        self._end_short_stay(ids)
        self._end_day_care(ids)

    # -- weekly: residents -------------------------------------------------------------------

    def cover_residents(self, care: CareWeek) -> None:
        """Cover WZC residents' whole open need as "residential"; report the WZC workload.

        Reads the ledger's open hours and ``wzc``; writes the ledger and reports, per WZC,
        care demand (base hours per resident + residents' needed hours x staff hours per
        need hour) and logistics demand (the initial logistics hours per resident x current
        occupancy) to the workforce.
        """
        self.week = care.week
        res = np.flatnonzero(self.wzc >= 0)
        if len(res):
            care.cover_all("residential", res)
        self.report_demand(care.need, res)

    def report_demand(self, need: np.ndarray, res: np.ndarray | None = None) -> None:
        """Report this week's care and logistics demand (hours) of every WZC to the workforce.

        Args:
            need: (n,) hours needed this week per resident.
            res: Ids living in a WZC (computed when omitted).
        """
        if res is None:
            res = np.flatnonzero(self.wzc >= 0)
        k = len(self.homes)
        # (float even when nobody lives in a WZC: bincount of nothing gives integers)
        hours = np.bincount(self.wzc[res], weights=need[res], minlength=k).astype(np.float64)
        hours *= self.cfg.wzc_staff_hours_per_need_hour
        hours += self.cfg.wzc_base_hours_per_resident * self.occupancy
        wf = self.workforce
        logistics = self._logistics_hours_per_resident * self.occupancy
        for h in self.homes:
            wf.report_demand(h.care_employer, float(hours[h.index]))
            wf.report_demand(h.logistics_employer, float(logistics[h.index]))

    def above_threshold(self, ids: np.ndarray) -> np.ndarray:
        """Whether residents' need reaches the WZC threshold (severe, or moderate + dementia)."""
        cfg, pop = self.cfg, self.pop
        need = pop.need[ids]
        return (need >= cfg.referral_need_level) | (
            pop.dementia[ids] & (need >= cfg.referral_dementia_level))

    def age_factor(self, ids: np.ndarray) -> np.ndarray:
        """Multiplier of referral chances by age: 1 from the reference age, lower below.

        Younger residents with the same need more often have a partner and a home that
        can be adapted, and choose to stay home (calibrated to the WZC shares by age).
        """
        cfg = self.cfg
        return np.exp(-cfg.referral_age_slope * np.maximum(
            cfg.referral_reference_age - self.pop.age[ids], 0.0))

    def vacancy_factor(self) -> float:
        """Multiplier of referral chances by need when places stand empty beyond the normal.

        Homes with free places and nobody waiting look for residents (intake talks, the
        social services of hospitals and home care are told a place is free), so people
        whose need would justify a WZC move in sooner: 1 + ``referral_vacancy_gain`` x the
        share of places free beyond ``1 - wzc_target_occupancy``. At the normal vacancy it
        is 1, so it changes nothing while the town's places are in use.
        """
        places = int(self.places.sum())
        if places <= 0 or self.cfg.referral_vacancy_gain == 0:
            return 1.0
        free = (places - int(self.occupancy.sum())) / places
        excess = max(0.0, free - (1.0 - self.cfg.wzc_target_occupancy))
        return 1.0 + self.cfg.referral_vacancy_gain * excess

    def referral_factor(self, ids: np.ndarray) -> np.ndarray:
        """Multiplier of referral chances: age, terminal decline, not living alone.

        In terminal decline (``pop.decline``, 7.1) the chances are multiplied by
        ``referral_decline_factor``: care at home breaks down near the end of life.
        A resident who shares her home with someone living there (a partner, an adult
        child) has care and supervision around the clock and a household to adapt, so she
        seeks a WZC less often (``referral_cohabit_factor``), unless she is in terminal
        decline: then the care she needs outgrows what a household gives (her partner is
        mostly as old as she is), and living with someone no longer keeps her home.
        Living alone is one of the strongest predictors of a nursing-home admission; since
        younger residents more often live with a partner, it also concentrates admissions
        at older ages.
        """
        pop = self.pop
        ids = np.asarray(ids, np.int64)
        f = self.age_factor(ids)
        if self.cfg.referral_decline_factor != 1.0:  # care at home breaks down near death
            f = f * np.where(pop.decline[ids], self.cfg.referral_decline_factor, 1.0)
        if self.cfg.referral_cohabit_factor == 1.0 or not len(ids):
            return f
        home = pop.alive & (pop.dwelling != NURSING_HOME)
        size = self._home_sizes(home)
        others = (size[pop.household[ids]] - home[ids] > 0) & ~pop.decline[ids]
        return f * np.where(others, self.cfg.referral_cohabit_factor, 1.0)

    def _home_sizes(self, home: np.ndarray) -> np.ndarray:
        """Members living at home per household, counted once per week (admissions asks twice)."""
        key = (self.week, self.pop.n)
        if getattr(self, "_sizes_key", None) != key:
            self._sizes = np.bincount(self.pop.household, weights=home,
                                      minlength=int(self.pop.household.max()) + 1)
            self._sizes_key = key
        return self._sizes

    def admissions(self, week: int, *, lost_carer: np.ndarray, persistent_unmet: np.ndarray,
                   crisis: np.ndarray, care: CareWeek | None = None,
                   decline_onset: np.ndarray | None = None) -> np.ndarray:
        """Referrals to the waiting list, then admissions into WZC that meet their norm.

        1. Discharge (if configured): residents whose need fell below the level go home.
        2. Referral by need: residents at home aged ``min_age``+ above the need threshold
           register with ``referral_prob`` a week.
        3. Referral by breakdown: residents in ``lost_carer`` or ``crisis`` (probability
           ``breakdown_referral_prob``) or ``persistent_unmet`` (``unmet_referral_prob``),
           aged ``min_age``+ with need >= ``breakdown_min_need``, register and are urgent;
           those already waiting become urgent. So do residents in ``decline_onset``
           (``decline_referral_prob``, with no factor: the onset of the last phase of
           life is a breakdown at any age and in any household).
           Waiters whose need fell below
           ``breakdown_min_need`` withdraw (``withdrawn``).
        4. Admission: the list is ordered urgent (a breakdown signal in the last
           ``urgent_weeks`` weeks) first, then need, then dementia, then
           waiting time, and fills the places each WZC may fill now (free places, bounded
           by its staffing norm for occupancy + admissions).

        Args:
            week: Current week.
            lost_carer: Ids whose last informal carer stopped this week.
            persistent_unmet: Ids with unmet need for the configured run of weeks.
            crisis: Ids with a crisis this week.
            care: This week's ledger (referral rises with the share of need unmet).
            decline_onset: Ids who entered a terminal decline this week.

        Returns:
            Ids admitted this week (``avoidable`` and ``waits`` are set alongside).
        """
        cfg, pop, rng = self.cfg, self.pop, self.rng
        self.week = week
        self._clear_events()
        if cfg.discharge:
            res = np.flatnonzero(self.wzc >= 0)
            out = res[pop.alive[res] & (pop.need[res] < cfg.discharge_need_level)]
            self._move_out(out)
            self.discharged = out
            self.events.record("wzc_exit", out, "discharged")
        elig = np.flatnonzero(pop.need >= min(cfg.referral_need_level,
                                              cfg.referral_dementia_level))
        elig = elig[pop.alive[elig] & (self.wzc[elig] < 0) & (self.waiting_since[elig] < 0)
                    & (pop.age[elig] >= cfg.min_age)]
        elig = elig[self.above_threshold(elig)]
        p = cfg.referral_prob * self.referral_factor(elig) * self.vacancy_factor()
        if cfg.referral_unmet_gain > 0 and care is not None:
            share = care.open_hours(ids=elig) / np.maximum(care.need[elig], np.float32(1e-9))
            p = p * (1 + cfg.referral_unmet_gain * share)
        by_need = elig[self._u("referral", week, elig) < p]
        sources = [(np.asarray(a, np.int64).ravel(), p) for a, p in (
            (lost_carer, cfg.breakdown_referral_prob), (crisis, cfg.breakdown_referral_prob),
            (persistent_unmet, cfg.unmet_referral_prob))]
        onset = np.zeros(0, np.int64) if decline_onset is None or \
            cfg.decline_referral_prob <= 0 else np.asarray(decline_onset, np.int64).ravel()
        sources.append((onset, cfg.decline_referral_prob))
        signals = np.unique(np.concatenate([a for a, _ in sources]))
        signals = signals[(signals >= 0) & (signals < pop.n)]
        signals = signals[pop.alive[signals] & (self.wzc[signals] < 0)
                          & (pop.age[signals] >= cfg.min_age)
                          & (pop.need[signals] >= cfg.breakdown_min_need)]
        self.breakdown_week[signals[self.waiting_since[signals] >= 0]] = week
        fresh = signals[self.waiting_since[signals] < 0]
        stay = np.ones(len(fresh))  # chance of not registering, over all of one's signals
        factor = self.referral_factor(fresh)
        if cfg.breakdown_moderate_factor != 1.0:  # below the need threshold: solved at home
            factor = factor * np.where(self.above_threshold(fresh), 1.0,
                                       cfg.breakdown_moderate_factor)
        flag = np.zeros(pop.n, bool)
        for ids, p in sources[:-1]:
            flag[ids] = True
            stay *= np.where(flag[fresh], 1.0 - p * factor, 1.0)
            flag[ids] = False
        if len(onset):  # the decline's own onset: no factor applies
            flag[onset] = True
            stay *= np.where(flag[fresh], 1.0 - cfg.decline_referral_prob, 1.0)
            flag[onset] = False
        by_breakdown = fresh[self._u("breakdown", week, fresh) >= stay]
        waiting = self.waiting_list()
        self.withdrawn = waiting[pop.need[waiting] < cfg.breakdown_min_need]
        self.events.record("wzc_withdrawal", self.withdrawn, "need_fell")
        self.waiting_since[self.withdrawn] = -1
        self.breakdown_week[self.withdrawn] = -1
        self.waiting_since[by_need] = week
        self.waiting_since[by_breakdown] = week
        self.breakdown_week[by_breakdown] = week
        self.referred = np.union1d(by_need, by_breakdown)
        self.referred_breakdown = by_breakdown
        if self.events.enabled:
            self._record_registrations(by_need, by_breakdown, sources)
        # Admission.
        self.release_held(week)
        free = np.array([h.admissible() for h in self.homes], np.int64)
        waiting = self.waiting_list()
        if free.sum() and len(waiting):
            urgent = self._is_urgent(waiting, week)
            order = np.lexsort((self.waiting_since[waiting], ~pop.dementia[waiting],
                                -pop.need[waiting].astype(np.int64), ~urgent))
            slots = rng.permutation(np.repeat(np.arange(len(free)), free))
            admit = waiting[order[: len(slots)]]
            self.avoidable = admit[~self.above_threshold(admit)]
            self.waits = (week - self.waiting_since[admit]).astype(np.int32)
            self.admitted_urgent = admit[urgent[order[: len(slots)]]]
            self.events.record("wzc_admission", admit, np.where(urgent[order[: len(slots)]],
                                                                0, 1))
            self._move_in(admit, slots[: len(admit)])
            self.admitted = admit
        self._year_sums += (self.occupancy.sum(), self.places.sum(),
                            np.count_nonzero(self.waiting_since >= 0))
        self._year_weeks += 1
        return self.admitted

    def _record_registrations(self, by_need: np.ndarray, by_breakdown: np.ndarray,
                              sources: list[tuple[np.ndarray, float]]) -> None:
        """Record this week's registrations with their trigger (events table).

        A breakdown registration gives the first of its signals in the order lost carer,
        crisis, persistent unmet need, the onset of a terminal decline; one that is also
        due by need counts as a breakdown (it is urgent). A registration by need gives
        severe need, or dementia when the need is below ``referral_need_level``.
        """
        cfg, pop = self.cfg, self.pop
        kind = self.event_kinds[0]
        codes = [kind.reason(c) for c in ("lost_carer", "crisis", "persistent_unmet",
                                          "decline")]
        flag = np.full(pop.n, -1, np.int8)  # (a mask, not set operations: they sort)
        for (ids, _), code in reversed(list(zip(sources, codes, strict=True))):
            flag[ids[(ids >= 0) & (ids < pop.n)]] = code  # the first source wins
        reason = flag[by_breakdown]
        flag[by_breakdown] = -2
        only_need = by_need[flag[by_need] != -2]
        need_reason = np.where(pop.need[only_need] >= cfg.referral_need_level,
                               kind.reason("severe_need"), kind.reason("dementia"))
        self.events.record("wzc_registration", np.concatenate([by_breakdown, only_need]),
                           np.concatenate([reason, need_reason]))

    # -- yearly: places ------------------------------------------------------------------------

    def norm_places(self) -> float:
        """Places the programming norm gives the town's living 65+ now, times the lever."""
        pop = self.pop
        n65 = int(np.count_nonzero(pop.alive & (pop.age >= 65)))
        factor = float(self.levers.value("nursing_homes.places_factor"))
        return self.cfg.wzc_places_per_1000_65plus * n65 / 1000.0 * factor

    def resize_places(self) -> int:
        """Re-size the town's WZC places to the norm and to last year's demand (yearly).

        Places aim at ``norm x lever x adjustment``: the norm is the programming norm at the
        current 65+, the lever ``nursing_homes.places_factor`` (1 unless a policy sets it)
        and the adjustment (1 at the start) is re-based to demand when a signal has held for
        some years in a row (``wzc_resize_lag_years`` to close, ``wzc_grow_lag_years`` to
        build): a mean occupancy below
        ``wzc_shrink_below_occupancy`` with a short list sets it to (mean occupied / target
        occupancy) / norm, a mean waiting list above ``wzc_grow_waiting_share`` of the
        places to (mean occupied + mean waiting) / target occupancy / norm. The lever
        multiplies what demand asks for (spare places a policy pays for). The adjustment
        stays within [``wzc_min_norm_share``, ``wzc_programming_ratio``] (the norm-derived
        minimum and the programming's ceiling), and places change by at most
        ``wzc_max_change_share`` a year. Why: homes close or convert wings that stay empty
        and open places where lists grow, within what the programming allows, so places
        follow need rather than stay empty for years.

        Returns:
            The town's places after re-sizing.
        """
        cfg = self.cfg
        weeks, sums = self._year_weeks, self._year_sums.copy()
        self._year_sums[:] = 0.0
        self._year_weeks = 0
        now = int(self.places.sum())
        if not cfg.wzc_resize or not self.homes or weeks == 0:
            return now
        occupied, places, waiting = sums / weeks
        high = waiting > cfg.wzc_grow_waiting_share * places
        # Empty places with a long list are places between residents (notice, cleaning,
        # intake), not missing demand: only a short list makes low occupancy a reason to close.
        low = (places > 0 and occupied / places < cfg.wzc_shrink_below_occupancy
               and not high)
        self._low_years = self._low_years + 1 if low else 0
        self._high_years = self._high_years + 1 if high else 0
        norm = self.norm_places()
        factor = float(self.levers.value("nursing_homes.places_factor"))
        if norm <= 0 or factor <= 0:
            return now
        base = norm / factor  # the norm without the lever: demand re-bases against it
        if self._low_years >= cfg.wzc_resize_lag_years:
            self.places_adjust = occupied / cfg.wzc_target_occupancy / base
            self._low_years = 0
        elif self._high_years >= cfg.wzc_grow_lag_years:
            self.places_adjust = (occupied + waiting) / cfg.wzc_target_occupancy / base
            self._high_years = 0
        self.places_adjust = float(np.clip(self.places_adjust, cfg.wzc_min_norm_share,
                                           cfg.wzc_programming_ratio))
        step = cfg.wzc_max_change_share * now
        new = int(round(float(np.clip(self.places_adjust * norm, now - step, now + step))))
        if new != now:
            self._set_total_places(new)
        return int(self.places.sum())

    def _set_total_places(self, total: int) -> None:
        """Spread ``total`` places over the homes in proportion to their places.

        An occupied place is never closed: a home keeps at least its residents' places
        (the town's total may then stay a little above ``total``).
        """
        cur = self.places.astype(np.float64)
        share = cur / cur.sum() if cur.sum() > 0 else np.full(len(cur), 1.0 / len(cur))
        exact = share * total
        want = np.floor(exact).astype(np.int64)
        extra = int(total - want.sum())
        if extra > 0:
            want[np.argsort(-(exact - want), kind="stable")[:extra]] += 1
        want = np.maximum(want, np.minimum(self.places, self.occupancy))
        for h in self.homes:
            if want[h.index] != h.places:
                h.set_places(int(want[h.index]))

    def _move_out(self, ids: np.ndarray) -> None:
        """Residents leave their WZC (discharge home, death, departure)."""
        ids = np.asarray(ids, np.int64)
        ids = ids[self.wzc[ids] >= 0]
        if len(ids):
            self._free_places(self.wzc[ids])
            self.pop.dwelling[ids[self.pop.alive[ids]]] = HOME
        self.wzc[ids] = -1

    def _is_urgent(self, ids: np.ndarray, week: int) -> np.ndarray:
        bw = self.breakdown_week[ids]
        return (bw >= 0) & (week - bw < self.cfg.urgent_weeks)

    @property
    def urgent(self) -> np.ndarray:
        """(n,) bool: waiting with a breakdown signal in the last ``urgent_weeks`` weeks."""
        return (self.waiting_since >= 0) & (self.breakdown_week >= 0) & (
            max(self.week, 0) - self.breakdown_week < self.cfg.urgent_weeks)

    def waiting_list(self) -> np.ndarray:
        """Ids on the WZC waiting list."""
        return np.flatnonzero(self.waiting_since >= 0)

    def empty_places(self) -> int:
        """WZC places free and ready to let right now (not occupied, not held)."""
        return int(sum(max(h.places - h.occupancy - h.held, 0) for h in self.homes))
