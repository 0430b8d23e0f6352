"""Metrics: declared once by the module that computes them, recorded week by week.

A module declares each quantity it reports as a :class:`Metric` (name, unit,
plain-language description, how it aggregates, which weekly tables it appears in) in its
``metrics`` tuple, and computes it from its own state. The model collects the
declarations into one :class:`MetricRegistry`, which labels the Parquet columns, the
printed summary, the comparison report and the dashboard, and creates the
:class:`WeeklyRecorder` arrays the weekly values go into.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

TABLES = ("timeseries", "by_ses", "system", "summary")
CARE_TABLES = ("timeseries", "by_ses")  # care metrics per resident: per buurt and per SES


def events(ids: np.ndarray, alive: np.ndarray) -> tuple[np.ndarray, None]:
    """An event metric: the living residents ``ids`` (unique), each counted once."""
    ids = np.asarray(ids, np.int64)
    return ids[alive[ids]], None


@dataclass(frozen=True)
class Metric:
    """One output quantity.

    Attributes:
        name: Column name (snake_case, English).
        unit: Unit of one value ("residents", "h/week", "share", ...).
        description: Plain-language meaning for a policy advisor.
        aggregation: How buurten combine into the municipality: "sum" or "mean".
        kind: "stock" (state at the end of the week) or "flow" (events during the week).
        tables: Where it appears: ``timeseries`` (weekly per buurt), ``by_ses`` (weekly per
            SES quintile), ``system`` (weekly for the municipality), ``summary`` (the run).
        owner: The module that declares and computes it (set when collected).
        definition: How it is computed and what it leaves out, for the ODD's output schema
            (the description is the short label reports and dashboards show).
        better: Which direction a reader would call an improvement, "lower" or "higher",
            or None where neither is (a composition share, a count of deaths): the
            report's arrows and colours follow it, so it is declared, never guessed.
        quantity: What sort of number it is, which sets its range, interval and print
            format: "share" (0 to 1, printed as %), "count" (a non-negative amount:
            residents, FTE, weeks, years), "money" (EUR, non-negative), "hours"
            (non-negative), "ratio" (non-negative, 1 can mean equal) or "index" (may be
            negative); "" for weekly metrics that no report interval uses.
    """

    name: str
    unit: str
    description: str
    aggregation: str = "sum"
    kind: str = "stock"
    tables: tuple[str, ...] = ("timeseries",)
    owner: str = ""
    definition: str = ""
    better: str | None = None
    quantity: str = ""


BETTER = (None, "lower", "higher")
QUANTITIES = ("", "share", "count", "money", "hours", "ratio", "index")
BOUNDS = {"share": (0.0, 1.0), "count": (0.0, None), "money": (0.0, None),
          "hours": (0.0, None), "ratio": (0.0, None), "index": (None, None)}
"""The range a quantity's value (and so a mean of it) cannot leave: (low, high), None open."""


class MetricRegistry:
    """Every declared metric, by name, and the columns of each table in order."""

    def __init__(self) -> None:
        self.metrics: dict[str, Metric] = {}
        self.tables: dict[str, list[str]] = {t: [] for t in TABLES}

    def add(self, owner: str, metrics: Iterable[Metric]) -> None:
        """Add ``owner``'s declarations; a name declared twice is an error."""
        for m in metrics:
            if m.name in self.metrics:
                raise ValueError(f"metric {m.name} declared by {self.metrics[m.name].owner} "
                                 f"and by {owner}")
            unknown = set(m.tables) - set(TABLES)
            if unknown:
                raise ValueError(f"metric {m.name}: unknown tables {sorted(unknown)}")
            if m.better not in BETTER or m.quantity not in QUANTITIES:
                raise ValueError(f"metric {m.name}: better={m.better!r}, quantity="
                                 f"{m.quantity!r}; allowed: better {BETTER}, quantity "
                                 f"{QUANTITIES}")
            m = dataclasses.replace(m, owner=owner)
            self.metrics[m.name] = m
            for t in m.tables:
                self.tables[t].append(m.name)

    @classmethod
    def collect(cls, owners: Iterable[object]) -> MetricRegistry:
        """The registry of ``owners``' ``metrics`` declarations, in their order."""
        reg = cls()
        for owner in owners:
            reg.add(getattr(owner, "name", type(owner).__name__), getattr(owner, "metrics", ()))
        return reg


class WeeklyRecorder:
    """Preallocated (week, group, metric) array, filled one week at a time.

    Args:
        n_weeks: Number of weeks to record.
        n_groups: Number of groups (buurten, SES quintiles, or 1 for the municipality).
        names: Metric names (columns).
    """

    def __init__(self, n_weeks: int, n_groups: int, names: list[str]) -> None:
        self.names = list(names)
        self.index = {name: i for i, name in enumerate(self.names)}
        self.data = np.zeros((n_weeks, n_groups, len(self.names)), np.float64)
        self.n_buurten = n_groups
        self.weeks_done = 0
        self._cols: dict[tuple[str, ...], np.ndarray] = {}

    def set(self, week: int, name: str, values: np.ndarray) -> None:
        """Store one metric's per-group values for a week."""
        self.data[week, :, self.index[name]] = values

    def set_many(self, week: int, names: list[str], values: np.ndarray) -> None:
        """Store several metrics at once: ``values`` is (len(names), groups)."""
        key = tuple(names)
        cols = self._cols.get(key)
        if cols is None:
            cols = self._cols[key] = np.array([self.index[m] for m in names])
        self.data[week][:, cols] = np.asarray(values).T

    def add_events(self, week: int, name: str, group_of_event: np.ndarray) -> None:
        """Count events (deaths, arrivals...) by group into a flow metric."""
        if len(group_of_event):
            self.data[week, :, self.index[name]] += np.bincount(group_of_event,
                                                                minlength=self.n_buurten)

    def total(self, name: str) -> np.ndarray:
        """Municipality total per week for one metric."""
        return self.data[: self.weeks_done, :, self.index[name]].sum(axis=1)
