"""The facilities as Mesa agents: nursing homes, short-stay and day-care centres, LDCs.

A handful per municipality, each with its own capacity and staff; the residents they
serve stay arrays of :class:`~sim.care.residential.sites.Residential` (passed in as
``site``; typed loosely so this module does not import the one that builds it). Also the
small helpers that split capacities over facilities.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from sim.engine.ledger import task_mask

PUBLIC, NONPROFIT, FOR_PROFIT = "public", "non-profit", "for-profit"
DAYS_PER_WEEK = 7.0
LDC_REFRESH_WEEKS = 4  # LDC candidates (age, living alone) are recounted every 4 weeks
_EPS = 1e-6
DAY_CARE_TASKS = task_mask(["personal", "supervision"])  # what a day-care centre takes on


def _split(total: int, parts: int) -> np.ndarray:
    """Split ``total`` into ``parts`` near-equal whole numbers (larger ones first)."""
    if parts <= 0:
        return np.zeros(0, np.int64)
    base = np.full(parts, total // parts, np.int64)
    base[: total - base.sum()] += 1
    return base


def _group_of(buurt_count: int, groups: int) -> np.ndarray:
    """Map buurt index to one of ``groups`` contiguous groups (facility catchments)."""
    if groups <= 0:
        return np.full(buurt_count, -1, np.int64)
    return (np.arange(buurt_count, dtype=np.int64) * groups) // buurt_count


def _rank_in_group(group: np.ndarray) -> np.ndarray:
    """Position of each element among the elements of its group, in array order."""
    if not len(group):
        return np.zeros(0, np.int64)
    order = np.argsort(group, kind="stable")
    g = group[order]
    start = np.r_[0, np.flatnonzero(np.diff(g)) + 1]
    first = np.repeat(start, np.diff(np.r_[start, len(g)]))
    rank = np.empty(len(group), np.int64)
    rank[order] = np.arange(len(g)) - first
    return rank


def _spread(total: int, k: int) -> np.ndarray:
    """``total`` units spread as evenly as possible over ``k`` facilities (first ones first)."""
    if k == 0:
        return np.zeros(0, np.int64)
    return np.full(k, total // k, np.int64) + (np.arange(k) < total % k)


def _take_by_capacity(group: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Mask of the elements (already in priority order) that fit their group's free slots."""
    if not len(group):
        return np.zeros(0, bool)
    ok = group >= 0
    rank = _rank_in_group(np.where(ok, group, 0))
    return ok & (rank < free[np.maximum(group, 0)])


def inclusion_probabilities(w: np.ndarray, k: float) -> np.ndarray:
    """Probabilities ``min(1, c w)`` that sum to ``k`` (capped weights are redistributed)."""
    w = np.asarray(w, float)
    pi = np.zeros(len(w))
    k = min(float(k), float(np.count_nonzero(w > 0)))
    if k <= 0:
        return pi
    order = np.argsort(-w, kind="stable")
    ws = w[order]
    tail = np.cumsum(ws[::-1])[::-1]  # tail[j] = sum of ws[j:]
    # the j largest weights are capped at 1; the rest share k - j in proportion to weight
    j = np.arange(min(int(np.ceil(k)), len(ws)))
    fits = (k - j) / np.maximum(tail[j], 1e-300) * ws[j] <= 1 + 1e-12
    cap = int(j[fits][0]) if fits.any() else len(j)
    pi[order[:cap]] = 1.0
    if cap < len(ws) and tail[cap] > 0:
        pi[order[cap:]] = np.minimum((k - cap) * ws[cap:] / tail[cap], 1.0)
    return pi


# -------------------------------------------------------------------------------------------
# Facilities (Mesa agents)
# -------------------------------------------------------------------------------------------


class NursingHome(mesa.Agent):
    """A woonzorgcentrum: places, two workforce employers, a staffing norm.

    Its state that changes weekly (occupancy) lives in :class:`Residential`'s arrays so the
    weekly steps stay vectorised; the properties here read it.

    Args:
        model: The Mesa model.
        site: The residential module that owns the per-resident arrays.
        index: Position of this WZC in the module's arrays (residents' ``wzc`` value).
        places: Licensed places.
        ownership: "public", "non-profit" or "for-profit" (sets the norm).
        norm_fte_per_30: Care FTE on the payroll required per 30 residents.
        norm_present_share: Share of the norm's FTE that must be present this week.
        care_employer: Workforce employer id of its care staff (``wzc_care``).
        logistics_employer: Workforce employer id of its logistics staff (``wzc_logistics``).
        logistics_count_share: Share of present logistics FTE counted toward the norm.
    """

    def __init__(self, model: mesa.Model, *, site: Any, index: int, places: int,
                 ownership: str, norm_fte_per_30: float, norm_present_share: float,
                 care_employer: int,
                 logistics_employer: int, logistics_count_share: float) -> None:
        super().__init__(model)
        self.site, self.index = site, index
        self.name = f"WZC {index + 1}"
        self.places = int(places)
        self.ownership = ownership
        self.norm_fte_per_30 = float(norm_fte_per_30)
        self.norm_present_share = float(norm_present_share)
        self.care_employer = care_employer
        self.logistics_employer = logistics_employer
        self.logistics_count_share = float(logistics_count_share)

    @property
    def occupancy(self) -> int:
        """Residents living here now."""
        return int(self.site.occupancy[self.index])

    @property
    def held(self) -> int:
        """Freed places not yet re-let (frictional vacancy)."""
        return int(self.site.held[self.index])

    @property
    def waiting(self) -> np.ndarray:
        """Ids on the WZC waiting list.

        One list is shared by all WZC of the municipality: people register with every home
        in town.
        """
        return self.site.waiting_list()

    @property
    def residents(self) -> np.ndarray:
        """Ids of the residents living here (a scan: for inspection, not weekly use)."""
        return np.flatnonzero(self.site.wzc == self.index)

    def set_places(self, places: int) -> None:
        """Change the licensed places (a policy) and re-target staff to them.

        Residents above the new number are not moved out; the home admits nobody until
        occupancy is below its places again.
        """
        self.places = int(places)
        care, logistics = self.site.staff_targets(self.places, self.norm_fte_per_30)
        self.site.workforce.set_target(self.care_employer, care)
        self.site.workforce.set_target(self.logistics_employer, logistics)

    @property
    def logistics_share(self) -> float:
        """Share of present logistics FTE counted toward the norm (own setting plus lever)."""
        levers = self.site.levers
        if not levers.is_set("nursing_homes.logistics_toward_norm"):
            return self.logistics_count_share
        return min(self.logistics_count_share
                   + levers.value("nursing_homes.logistics_toward_norm"), 1.0)

    def counted_fte(self) -> float:
        """Present care FTE plus the counted share of present logistics FTE."""
        wf = self.site.workforce
        fte = float(wf.present_fte(self.care_employer))
        share = self.logistics_share
        if share > 0:
            fte += share * float(wf.present_fte(self.logistics_employer))
        return fte

    def required_fte(self, residents: int) -> float:
        """Present care FTE the norm requires for ``residents`` residents."""
        return self.norm_fte_per_30 * self.norm_present_share * residents / 30.0

    def meets_norm(self) -> bool:
        """Whether present staff meets the norm for the current occupancy plus one admission."""
        return self.counted_fte() + _EPS >= self.required_fte(self.occupancy + 1)

    def admissible(self) -> int:
        """How many residents it may admit now: free places ready to let, bounded by the norm."""
        free = self.places - self.occupancy - self.held
        if free <= 0:
            return 0
        per_resident = self.required_fte(1)
        if per_resident <= 0:
            return free
        by_norm = int(np.floor(self.counted_fte() / per_resident + _EPS))
        return max(0, min(free, by_norm - self.occupancy))


class ShortStay(mesa.Agent):
    """A kortverblijf centre: a few units for respite spells of one to a few weeks.

    Args:
        model: The Mesa model.
        site: The residential module.
        index: Position in the module's arrays.
        capacity: Units (one user each).
    """

    def __init__(self, model: mesa.Model, *, site: Any, index: int,
                 capacity: int) -> None:
        super().__init__(model)
        self.site, self.index = site, index
        self.name = f"short stay {index + 1}"
        self.capacity = int(capacity)

    @property
    def users(self) -> int:
        """Units in use."""
        return int(self.site.short_stay_count[self.index])


class DayCareCentre(mesa.Agent):
    """A dagverzorgingscentrum: places per opening day, users attending some days a week.

    Args:
        model: The Mesa model.
        site: The residential module.
        index: Position in the module's arrays.
        capacity: Places per opening day.
        open_days: Opening days per week.
        days_per_user: Days a week each user attends.
    """

    def __init__(self, model: mesa.Model, *, site: Any, index: int, capacity: int,
                 open_days: int, days_per_user: int) -> None:
        super().__init__(model)
        self.site, self.index = site, index
        self.name = f"day care {index + 1}"
        self.capacity = int(capacity)
        self.open_days, self.days_per_user = int(open_days), int(days_per_user)

    @property
    def weekly_users(self) -> int:
        """Users it can enrol: place-days per week over days per user."""
        return (self.capacity * self.open_days) // max(self.days_per_user, 1)

    @property
    def users(self) -> int:
        """Enrolled users."""
        return int(self.site.day_care_count[self.index])


class LocalServiceCentre(mesa.Agent):
    """A lokaal dienstencentrum serving a group of buurten.

    Args:
        model: The Mesa model.
        index: Position in the module's arrays.
        buurten: Buurt indices in its catchment.
        capacity: Visitors it can receive per week.
    """

    def __init__(self, model: mesa.Model, *, index: int, buurten: np.ndarray,
                 capacity: int) -> None:
        super().__init__(model)
        self.index = index
        self.name = f"LDC {index + 1}"
        self.buurten = np.asarray(buurten, np.int64)
        self.capacity = int(capacity)
        self.visitors = 0
        self.signalled = 0


# -------------------------------------------------------------------------------------------
# The module
# -------------------------------------------------------------------------------------------
