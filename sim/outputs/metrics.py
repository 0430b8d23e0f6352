"""The metric registry and the weekly per-neighbourhood recorder.

Every metric is defined once here (name, unit, plain-language description, how it
aggregates across neighbourhoods and weeks). The same definitions label the Parquet
columns (field metadata), the printed summary and, later, the dashboard and reports.
Later mechanisms add their metrics with :func:`register`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    Metric("carers_overloaded", "residents", "Informal carers (giving care this week) whose "
           "burden is above the overload threshold"),
    Metric("carers_stopped", "residents", "Informal carers who stopped caring this week",
           kind="flow"),
    Metric("carer_fte_lost_men", "FTE", "Paid work given up this week by male carers",
           kind="flow"),
    Metric("carer_fte_lost_women", "FTE", "Paid work given up this week by female carers",
           kind="flow"),
    Metric("waiting_home_care", "residents", "Residents on a home-care waiting list"),
    Metric("waiting_nursing_home", "residents", "Residents on a nursing-home waiting list"),
    Metric("referrals", "residents", "Residents registering on a nursing-home waiting list "
           "this week (demand for a place)", kind="flow"),
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
        self._cols: dict[tuple[str, ...], np.ndarray] = {}

    def set(self, week: int, name: str, values: np.ndarray) -> None:
        """Store one metric's per-buurt values for a week."""
        self.data[week, :, self.index[name]] = values

    def set_many(self, week: int, names: list[str], values: np.ndarray) -> None:
        """Store several metrics at once: ``values`` is (len(names), groups)."""
        key = tuple(names)
        cols = self._cols.get(key)
        if cols is None:
            cols = self._cols[key] = np.array([self.index[m] for m in names])
        self.data[week][:, cols] = np.asarray(values).T

    def add_events(self, week: int, name: str, buurt_of_event: np.ndarray) -> None:
        """Count events (deaths, arrivals...) by buurt into a flow metric."""
        if len(buurt_of_event):
            self.data[week, :, self.index[name]] += np.bincount(buurt_of_event,
                                                                minlength=self.n_buurten)

    def total(self, name: str) -> np.ndarray:
        """Municipality total per week for one metric."""
        return self.data[: self.weeks_done, :, self.index[name]].sum(axis=1)


# Municipality-level weekly metrics: services, facilities and staff.
STAFF_LABELS = {"family_care_worker": "family-care workers", "home_nurse": "home nurses",
                "wzc_care": "nursing-home care staff", "wzc_logistics": "nursing-home "
                "logistics staff"}
SERVICE_LABELS = {"gezinszorg": "family care (gezinszorg)",
                  "thuisverpleging": "home nursing (thuisverpleging)"}
for _k, _label in SERVICE_LABELS.items():
    for _m in (
        Metric(f"{_k}_contingent", "h/week", f"This week's share of the {_label} contingent"),
        Metric(f"{_k}_entitled", "h/week", f"The even weekly share of the yearly {_label} "
               "contingent (without catch-up hours)"),
        Metric(f"{_k}_capacity", "h/week", f"Hours {_label} could deliver this week: the "
               "smaller of contingent and staff hours"),
        Metric(f"{_k}_demand", "h/week", f"Hours requested from {_label}"),
        Metric(f"{_k}_delivered", "h/week", f"Hours delivered by {_label}"),
        Metric(f"{_k}_clients", "residents", f"Residents served by {_label} this week"),
    ):
        register(_m, system=True)
for _m in (
    Metric("home_care_list_exits", "residents", "Residents leaving a home-care waiting list "
           "this week", kind="flow"),
    Metric("home_care_wait_weeks", "weeks", "Summed waiting time of those leaving a home-care "
           "list this week (divide by exits for the mean)", kind="flow"),
    Metric("wzc_places", "places", "Nursing-home (WZC) places"),
    Metric("wzc_occupied", "residents", "Nursing-home places occupied"),
    Metric("wzc_waiting", "residents", "Residents on a nursing-home waiting list"),
    Metric("wzc_admissions", "residents", "Nursing-home admissions this week", kind="flow"),
    Metric("wzc_wait_weeks", "weeks", "Summed waiting time of this week's admissions "
           "(divide by admissions for the mean)", kind="flow"),
    Metric("wzc_below_norm", "homes", "Nursing homes below their staffing norm (cannot "
           "admit)"),
    Metric("short_stay_users", "residents", "Residents in short stay (kortverblijf)"),
    Metric("day_care_users", "residents", "Residents enrolled in day care"),
    Metric("ldc_visitors", "residents", "Visitors of local service centres (LDC) this week",
           kind="flow"),
    Metric("staff_cost", "EUR/week", "Employer cost of all care staff employed"),
    Metric("policy_cost", "EUR/week", "Public cost of running the switched-on policies "
           "(coordinators, allowances, leave, coaching, training, programmes), beyond the care "
           "they buy"),
):
    register(_m, system=True)
for _t, _label in STAFF_LABELS.items():
    for _m in (
        Metric(f"{_t}_fte", "FTE", f"Employed {_label}"),
        Metric(f"{_t}_present_fte", "FTE", f"{_label.capitalize()} present (not absent)"),
        Metric(f"{_t}_vacancy_fte", "FTE", f"Vacancies for {_label}"),
        Metric(f"{_t}_workload", "ratio", f"Workload of {_label}: demand over available "
               "hours (1 = balanced)", "mean"),
        Metric(f"{_t}_burnout", "persons", f"{_label.capitalize()} in burnout"),
        Metric(f"{_t}_absent", "persons", f"{_label.capitalize()} absent (sick)"),
        Metric(f"{_t}_leavers", "persons", f"{_label.capitalize()} leaving this week "
               "(retirement included)", kind="flow"),
        Metric(f"{_t}_hires", "persons", f"{_label.capitalize()} starting this week",
               kind="flow"),
    ):
        register(_m, system=True)

# Care headline figures of a run.
for _m in (
    Metric("share_self", "share", "Share of needed hours covered by self-care", "mean"),
    Metric("share_informal", "share", "Share of needed hours covered by informal carers",
           "mean"),
    Metric("share_formal", "share", "Share of needed hours covered by home care", "mean"),
    Metric("share_residential", "share", "Share of needed hours covered in facilities",
           "mean"),
    Metric("share_unmet", "share", "Share of needed hours unmet", "mean"),
    Metric("people_unmet_share", "share", "Share of residents with a care need who have some "
           "unmet need (mean over weeks)", "mean"),
    Metric("carers_share_adults", "share", "Share of adults giving informal care in a week",
           "mean"),
    Metric("carers_overloaded_share", "share", "Share of informal carers overloaded", "mean"),
    Metric("carers_stopped_total", "residents", "Carers who stopped caring over the run",
           kind="flow"),
    Metric("carer_fte_lost_women_total", "FTE", "Paid work given up by female carers over "
           "the run", kind="flow"),
    Metric("carer_fte_lost_men_total", "FTE", "Paid work given up by male carers over the "
           "run", kind="flow"),
    Metric("home_care_delivered_vs_contingent", "ratio", "Home-care hours delivered over "
           "the contingent (even weekly shares of the yearly contingents, catch-up hours not "
           "counted twice)", "mean"),
    Metric("home_care_waiting_mean", "residents", "Mean home-care waiting list", "mean"),
    Metric("home_care_wait_weeks_mean", "weeks", "Mean waiting time on leaving a home-care "
           "list", "mean"),
    Metric("wzc_occupancy_mean", "share", "Mean nursing-home occupancy", "mean"),
    Metric("wzc_waiting_mean", "residents", "Mean nursing-home waiting list", "mean"),
    Metric("wzc_wait_weeks_mean", "weeks", "Mean wait before a nursing-home admission",
           "mean"),
    Metric("admissions_total", "residents", "Nursing-home admissions over the run",
           kind="flow"),
    Metric("avoidable_admission_share", "share", "Share of admissions below the need "
           "threshold (avoidable or early)", "mean"),
    Metric("severe_at_home_share", "share", "Share of residents with severe need who live at "
           "home", "mean"),
    Metric("staff_vacancy_rate", "share", "Vacant FTE over employed plus vacant FTE", "mean"),
    Metric("staff_workload_mean", "ratio", "Mean staff workload (FTE-weighted)", "mean"),
    Metric("staff_burnout_share", "share", "Share of staff in burnout", "mean"),
    Metric("staff_attrition_per_year", "share", "Staff leaving per year over headcount",
           "mean"),
    Metric("lonely_share", "share", "Share of adults who feel lonely", "mean"),
    Metric("cost_public_per_year", "EUR/year", "Public cost of care per year"),
    Metric("cost_private_per_year", "EUR/year", "Private cost of care per year"),
    Metric("staff_cost_per_year", "EUR/year", "Employer cost of care staff per year"),
    Metric("policy_cost_per_year", "EUR/year", "Public cost of running the policies per year "
           "(beyond the care they buy)"),
    Metric("equity_unmet_ratio", "ratio", "Unmet hours per resident in need, lowest SES "
           "quintile over highest (1 = equal)", "mean"),
):
    register(_m, summary=True)


def _events(ids: np.ndarray, alive: np.ndarray) -> tuple[np.ndarray, None]:
    """An event metric: the living residents ``ids`` (unique), each counted once."""
    ids = np.asarray(ids, np.int64)
    return ids[alive[ids]], None


def active_residents(model: Any, care: Any) -> np.ndarray:
    """Ids of residents for whom some care metric may be non-zero this week."""
    from sim.population.residents import NURSING_HOME  # local: keep metrics free of model imports

    pop, inf, res = model.pop, model.informal, model.residential
    mask = (care.need > 0) | (inf.hours_given > 0) | inf.overloaded
    mask |= inf.fte_lost != model._fte_lost_before
    mask |= model.homecare.waiting | (res.waiting_since >= 0)
    mask |= pop.dwelling == NURSING_HOME
    mask[inf.stopped] = True
    mask[res.admitted] = True
    mask[res.referred] = True
    return np.flatnonzero(mask & pop.alive | (inf.fte_lost != model._fte_lost_before))


def care_weights(model: Any, care: Any, idx: np.ndarray) -> dict[str, Any]:
    """Values of each sparse care metric for the residents ``idx``.

    Most are arrays aligned with ``idx``; events that concern a handful of residents are
    ``(ids, None)``: those residents, each counting one.
    """
    pop, inf, res, con = model.pop, model.informal, model.residential, model.consequences
    from sim.population.residents import NURSING_HOME  # local: keep metrics free of model imports

    need = pop.need[idx]
    in_wzc = pop.dwelling[idx] == NURSING_HOME
    lost = inf.fte_lost[idx] - model._fte_lost_before[idx]
    model._fte_lost_before = inf.fte_lost.copy()
    family, nursing = (h[idx] for h in model.homecare_hours_by_kind())
    wzc_days, ss_days, dc_days = res.days_this_week(idx)
    public, private = model.costs.week(ses=pop.ses[idx], family_care_h=family,
                                       nursing_h=nursing, wzc_days=wzc_days,
                                       short_stay_days=ss_days, day_care_days=dc_days)
    unmet = care.open_hours(ids=idx)
    sex = pop.sex[idx]
    return {
        "with_need": need > 0,
        "hours_self": care.covered["self"][idx], "hours_informal": care.covered["informal"][idx],
        "hours_formal": care.covered["formal"][idx],
        "hours_residential": care.covered["residential"][idx], "hours_unmet": unmet,
        "people_unmet": unmet >= UNMET_PERSON_HOURS,
        "severe_at_home": ~in_wzc & (need == 3), "in_nursing_home": in_wzc,
        "carers": inf.hours_given[idx] > 0,
        "carers_overloaded": inf.overloaded[idx] & (inf.hours_given[idx] > 0),
        "carers_stopped": _events(inf.stopped, pop.alive),
        "carer_fte_lost_men": lost * (sex == 0), "carer_fte_lost_women": lost * (sex == 1),
        "waiting_home_care": model.homecare.waiting[idx],
        "waiting_nursing_home": res.waiting_since[idx] >= 0,
        "referrals": _events(res.referred, pop.alive),
        "admissions": _events(res.admitted, pop.alive),
        "admissions_avoidable": _events(res.avoidable, pop.alive),
        "crises": _events(con.crisis, pop.alive),
        "cost_public": public, "cost_private": private,
    }  # fmt: skip


DENSE = ("residents", "lonely")  # non-zero for much of the population: summed on their own
UNMET_PERSON_HOURS = 1.0  # h/week of unmet need that count a person as "with unmet need"


def observe_care(model: Any, week: int, care: Any) -> None:
    """Record the week's care metrics per buurt, per SES quintile and for the municipality.

    Most care metrics are zero outside a minority (people in need, carers, people on a
    list), so they are evaluated on that subset only, then counted (weighted) per (buurt,
    SES quintile) group.
    """
    idx = active_residents(model, care)
    weights = care_weights(model, care, idx)
    groups = model.n_buurten * 5
    names = [m for m in BY_SES if m not in DENSE]
    sums = np.zeros((len(BY_SES), groups))
    key = model.group_key[idx]
    for i, m in enumerate(names):
        w = weights[m]
        if isinstance(w, tuple):  # an event: count its residents
            sums[i] = np.bincount(model.group_key[w[0]], minlength=groups)
        else:
            sums[i] = np.bincount(key, weights=w, minlength=groups)
    pop = model.pop
    dense = {"residents": pop.alive, "lonely": model.consequences.lonely & pop.alive}
    for j, name in enumerate(DENSE):
        sums[len(names) + j] = np.bincount(model.group_key, weights=dense[name],
                                           minlength=groups)
    order = names + list(DENSE)
    sums = sums.reshape(len(order), model.n_buurten, 5)
    model.recorder.set_many(week, order, sums.sum(axis=2))
    model.by_ses.set_many(week, order, sums.sum(axis=1))
    values = system_values(model)
    model.system.set_many(week, list(values), np.fromiter(values.values(), float)[:, None])


def system_values(model: Any) -> dict[str, float]:
    """This week's municipality-level figures of services, facilities and staff."""
    out: dict[str, float] = {}
    hc, res, wf = model.homecare, model.residential, model.workforce
    for kind, services in hc.by_kind.items():
        out[f"{kind}_contingent"] = sum(s.contingent_week for s in services)
        out[f"{kind}_entitled"] = sum(s.weekly_base for s in services)
        out[f"{kind}_capacity"] = sum(s.capacity_week for s in services)
        out[f"{kind}_demand"] = sum(s.demand_week for s in services)
        out[f"{kind}_delivered"] = sum(s.delivered_week for s in services)
        out[f"{kind}_clients"] = sum(s.clients_week for s in services)
    out["home_care_list_exits"] = len(hc.served_waits)
    out["home_care_wait_weeks"] = float(hc.served_waits.sum())
    out["wzc_places"] = float(sum(h.places for h in res.homes))
    out["wzc_occupied"] = float(sum(h.occupancy for h in res.homes))
    out["wzc_waiting"] = float(len(res.waiting_list()))
    out["wzc_admissions"] = float(len(res.admitted))
    out["wzc_wait_weeks"] = float(np.sum(res.waits))
    out["wzc_below_norm"] = float(sum(not h.meets_norm() for h in res.homes))
    out["short_stay_users"] = float(sum(s.users for s in res.short_stays))
    out["day_care_users"] = float(sum(d.users for d in res.day_cares))
    out["ldc_visitors"] = float(res.visited.sum())
    m = wf.metrics()
    for i, t in enumerate(STAFF_LABELS):
        out[f"{t}_fte"] = float(m["employed_fte"][i])
        out[f"{t}_present_fte"] = float(m["present_fte"][i])
        out[f"{t}_vacancy_fte"] = float(m["vacancy_fte"][i])
        out[f"{t}_workload"] = float(m["workload"][i])
        out[f"{t}_burnout"] = float(m["burnout"][i])
        out[f"{t}_absent"] = float(m["absent"][i])
        out[f"{t}_leavers"] = float(m["leavers_week"][i])
        out[f"{t}_hires"] = float(m["hires_week"][i])
    out["staff_cost"] = model.costs.staff_week(float(m["employed_fte"].sum()))
    out["policy_cost"] = model.policy_cost
    return out
