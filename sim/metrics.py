"""The metric registry and the weekly per-neighbourhood recorder.

Every metric is defined once here (name, unit, plain-language description, how it
aggregates across neighbourhoods and weeks). The same definitions label the Parquet
columns (field metadata), the printed summary and, later, the dashboard and reports.
Later mechanisms add their metrics with :func:`register`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Metric:
    """One output quantity.

    Attributes:
        name: Column name (snake_case, English).
        unit: Unit of one value ("residents", "h/week", "share", ...).
        description: Plain-language meaning for a policy advisor.
        aggregation: How buurten combine into the municipality: "sum" or "mean".
        kind: "stock" (state at the end of the week) or "flow" (events during the week).
    """

    name: str
    unit: str
    description: str
    aggregation: str = "sum"
    kind: str = "stock"


METRICS: dict[str, Metric] = {}
TIMESERIES: list[str] = []  # weekly per-buurt columns, in order
BY_SES: list[str] = []  # weekly per-SES-quintile columns (resident-level care metrics)
SYSTEM: list[str] = []  # weekly municipality-level columns (services, facilities, staff)
SUMMARY: list[str] = []  # headline run-level figures, in order


def register(metric: Metric, *, timeseries: bool = False, by_ses: bool = False,
             system: bool = False, summary: bool = False) -> Metric:
    """Add a metric to the registry (idempotent) and to the tables it appears in."""
    METRICS[metric.name] = metric
    for flag, table in ((timeseries, TIMESERIES), (by_ses, BY_SES), (system, SYSTEM),
                        (summary, SUMMARY)):
        if flag and metric.name not in table:
            table.append(metric.name)
    return metric


AGE_GROUPS = ("0_17", "18_64", "65_79", "80plus")
AGE_GROUP_EDGES = (18, 65, 80)

for _g, _label in zip(AGE_GROUPS, ("0-17", "18-64", "65-79", "80 and over"), strict=True):
    register(Metric(f"pop_{_g}", "residents", f"Residents aged {_label}"), timeseries=True)
for _lvl, _label in (("none", "no"), ("light", "a light"), ("moderate", "a moderate"),
                     ("severe", "a severe")):
    register(Metric(f"need_{_lvl}", "residents", f"Residents with {_label} care need"),
             timeseries=True)
for _m in (
    Metric("dementia", "residents", "Residents living with dementia"),
    Metric("need_any_65plus", "residents", "Residents aged 65+ with any care need"),
    Metric("need_severe_65plus", "residents", "Residents aged 65+ with a severe care need"),
    Metric("dementia_65plus", "residents", "Residents aged 65+ living with dementia"),
    Metric("assisted_living", "residents", "Residents in an assisted-living flat "
           "(assistentiewoning)"),
    Metric("hours_needed", "h/week", "Hours of care needed this week (all sources)"),
    Metric("deaths", "residents", "Deaths this week", kind="flow"),
    Metric("births", "residents", "Births this week (recorded in the week of the yearly "
           "update)", kind="flow"),
    Metric("arrivals", "residents", "Residents arriving this week, births included", kind="flow"),
    Metric("departures", "residents", "Residents moving away this week", kind="flow"),
    Metric("need_up", "residents", "Residents whose need level rose this week", kind="flow"),
    Metric("need_down", "residents", "Residents whose need level fell this week", kind="flow"),
):
    register(_m, timeseries=True)

for _m in (
    Metric("population_start", "residents", "Residents at the start"),
    Metric("population_end", "residents", "Residents at the end"),
    Metric("share_65plus_end", "share", "Share of residents aged 65+ at the end", "mean"),
    Metric("share_80plus_end", "share", "Share of residents aged 80+ at the end", "mean"),
    Metric("any_need_share_65plus", "share", "Share of 65+ with any care need, mean over "
           "the run", "mean"),
    Metric("severe_need_share_65plus", "share", "Share of 65+ with a severe care need, mean "
           "over the run", "mean"),
    Metric("dementia_share_65plus", "share", "Share of 65+ living with dementia, mean over "
           "the run", "mean"),
    Metric("hours_needed_per_week", "h/week", "Hours of care needed per week, mean over the "
           "run"),
    Metric("deaths_total", "residents", "Deaths over the whole run", kind="flow"),
    Metric("crude_death_rate", "per 1,000 per year", "Deaths per 1,000 residents per year",
           "mean"),
    Metric("life_expectancy", "years", "Period life expectancy at birth estimated from the "
           "run's deaths and exposure", "mean"),
    Metric("wall_time_s", "s", "Wall-clock time of the simulation loop", "mean"),
    Metric("resident_weeks_per_s", "resident-weeks/s", "Simulation speed", "mean"),
):
    register(_m, summary=True)


# Care metrics per resident: recorded per buurt and per SES quintile.
for _m in (
    Metric("residents", "residents", "Residents living in the municipality"),
    Metric("with_need", "residents", "Residents with any care need"),
    Metric("hours_self", "h/week", "Needed hours residents cover themselves (self-care)"),
    Metric("hours_informal", "h/week", "Needed hours covered by informal carers (mantelzorg)"),
    Metric("hours_formal", "h/week", "Needed hours covered by home care (family care, home "
           "nursing)"),
    Metric("hours_residential", "h/week", "Needed hours covered in a facility (nursing home, "
           "short stay, day care)"),
    Metric("hours_unmet", "h/week", "Needed hours nobody covered (unmet need)"),
    Metric("people_unmet", "residents", "Residents with some unmet need this week"),
    Metric("severe_at_home", "residents", "Residents with severe need living at home"),
    Metric("in_nursing_home", "residents", "Residents living in a nursing home (WZC)"),
    Metric("carers", "residents", "Residents giving informal care this week"),
    Metric("carers_overloaded", "residents", "Informal carers whose burden is above the "
           "overload threshold"),
    Metric("carers_stopped", "residents", "Informal carers who stopped caring this week",
           kind="flow"),
    Metric("carer_fte_lost_men", "FTE", "Paid work given up this week by male carers",
           kind="flow"),
    Metric("carer_fte_lost_women", "FTE", "Paid work given up this week by female carers",
           kind="flow"),
    Metric("waiting_home_care", "residents", "Residents on a home-care waiting list"),
    Metric("waiting_nursing_home", "residents", "Residents on a nursing-home waiting list"),
    Metric("admissions", "residents", "Nursing-home admissions this week", kind="flow"),
    Metric("admissions_avoidable", "residents", "Admissions below the need threshold "
           "(avoidable or early)", kind="flow"),
    Metric("crises", "residents", "Crises (fall, hospital stay) this week", kind="flow"),
    Metric("lonely", "residents", "Adults who feel lonely"),
    Metric("cost_public", "EUR/week", "Public cost of the care delivered"),
    Metric("cost_private", "EUR/week", "Private cost (users' contributions) of the care "
           "delivered"),
):
    register(_m, timeseries=True, by_ses=True)


class WeeklyRecorder:
    """Preallocated (week, group, metric) array, filled one week at a time.

    Args:
        n_weeks: Number of weeks to record.
        n_buurten: Number of groups (buurten, SES quintiles, or 1 for the municipality).
        names: Metric names (columns); the per-buurt list by default.
    """

    def __init__(self, n_weeks: int, n_buurten: int, names: list[str] | None = None) -> None:
        self.names = list(TIMESERIES if names is None else names)
        self.index = {name: i for i, name in enumerate(self.names)}
        self.data = np.zeros((n_weeks, n_buurten, len(self.names)), np.float64)
        self.n_buurten = n_buurten
        self.weeks_done = 0

    def set(self, week: int, name: str, values: np.ndarray) -> None:
        """Store one metric's per-buurt values for a week."""
        self.data[week, :, self.index[name]] = values

    def add_events(self, week: int, name: str, buurt_of_event: np.ndarray) -> None:
        """Count events (deaths, arrivals...) by buurt into a flow metric."""
        if len(buurt_of_event):
            self.data[week, :, self.index[name]] += np.bincount(buurt_of_event,
                                                                minlength=self.n_buurten)

    def total(self, name: str) -> np.ndarray:
        """Municipality total per week for one metric."""
        return self.data[: self.weeks_done, :, self.index[name]].sum(axis=1)
