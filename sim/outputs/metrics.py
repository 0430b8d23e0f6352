"""The metric registry: every metric of a run, declared once, and the run's headline figures.

The weekly metrics are declared by the modules that compute them and collected by the
model (``sim.model.REGISTRY``: per buurt, per SES quintile, for the municipality). The
headline figures of a whole run (shares, means, totals) are computed from those weekly
tables when the run ends (:mod:`sim.outputs.run`) and declared here. The same definitions
label the Parquet columns, the printed summary, the comparison report and the dashboard.
"""

from __future__ import annotations

import dataclasses

from sim.engine.metric import Metric
from sim.model import AGE_GROUP_EDGES, AGE_GROUPS, REGISTRY

__all__ = ["AGE_GROUPS", "AGE_GROUP_EDGES", "BY_SES", "METRICS", "SUMMARY", "SYSTEM",
           "SUMMARY_PERIOD", "TIMESERIES", "Metric"]

_RUN = "run summary"

_POPULATION = (
    Metric("population_start", "residents", "Residents at the start",
           better=None, quantity="count"),
    Metric("population_end", "residents", "Residents at the end", better=None, quantity="count"),
    Metric("share_65plus_end", "share", "Share of residents aged 65+ at the end", "mean",
           better=None, quantity="share"),
    Metric("share_80plus_end", "share", "Share of residents aged 80+ at the end", "mean",
           better=None, quantity="share"),
    Metric("any_need_share_65plus", "share", "Share of 65+ with any care need, mean over "
           "the weeks", "mean", better=None, quantity="share"),
    Metric("severe_need_share_65plus", "share", "Share of 65+ with a severe care need, mean "
           "over the weeks", "mean", better=None, quantity="share"),
    Metric("dementia_share_65plus", "share", "Share of 65+ living with dementia, mean over "
           "the weeks", "mean", better=None, quantity="share"),
    Metric("hours_needed_per_week", "h/week", "Hours of care needed per week, mean over the "
           "weeks", better=None, quantity="hours"),
    Metric("deaths_total", "residents", "Deaths over the whole run", kind="flow",
           better=None, quantity="count"),
    Metric("crude_death_rate", "per 1,000 per year", "Deaths per 1,000 residents per year, over "
           "the whole run", "mean", better=None, quantity="ratio"),
    Metric("life_expectancy", "years", "Period life expectancy at birth estimated from the "
           "run's deaths and exposure", "mean", better="higher", quantity="count"),
    Metric("wall_time_s", "s", "Wall-clock time of the simulation loop", "mean",
           better=None, quantity="count"),
    Metric("resident_weeks_per_s", "resident-weeks/s", "Simulation speed", "mean",
           better=None, quantity="count"),
)

_CARE = (
    Metric("share_self", "share", "Share of needed hours covered by self-care", "mean",
           better=None, quantity="share"),
    Metric("share_informal", "share", "Share of needed hours covered by informal carers",
           "mean", better=None, quantity="share"),
    Metric("share_formal", "share", "Share of needed hours covered by home care", "mean",
           better=None, quantity="share"),
    Metric("share_vouchers", "share", "Share of needed hours covered by household help "
           "bought with service vouchers", "mean", better=None, quantity="share"),
    Metric("share_residential", "share", "Share of needed hours covered in facilities",
           "mean", better=None, quantity="share"),
    Metric("share_unmet", "share", "Share of needed hours unmet", "mean",
           better="lower", quantity="share"),
    Metric("people_unmet_share", "share", "Share of residents with a care need who have some "
           "unmet need (mean over weeks)", "mean", better="lower", quantity="share"),
    Metric("carers_share_adults", "share", "Share of adults giving informal care in a week",
           "mean", better=None, quantity="share"),
    Metric("carers_overloaded_share", "share", "Share of informal carers overloaded", "mean",
           better="lower", quantity="share"),
    Metric("carers_stopped_total", "residents", "Carers who stopped caring over the run",
           kind="flow", better=None, quantity="count"),
    Metric("carer_fte_lost_women_total", "FTE", "Paid work given up by female carers over "
           "the run", kind="flow", better="lower", quantity="count"),
    Metric("carer_fte_lost_men_total", "FTE", "Paid work given up by male carers over the "
           "run", kind="flow", better="lower", quantity="count"),
    Metric("home_care_delivered_vs_contingent", "ratio", "Home-care hours delivered over "
           "the contingent, of the services that have one: family care (and home nursing "
           "only when homecare.thuisverpleging_capped is on; paid per act it has none) "
           "(even weekly shares of the yearly contingents, catch-up hours not counted "
           "twice)", "mean", better=None, quantity="ratio"),
    Metric("home_care_waiting_mean", "residents", "Mean home-care waiting list", "mean",
           better="lower", quantity="count"),
    Metric("home_care_wait_weeks_mean", "weeks", "Mean waiting time on leaving a home-care "
           "list", "mean", better="lower", quantity="count"),
    *(m for kind, label in (("gezinszorg", "family care (gezinszorg)"),
                            ("thuisverpleging", "home nursing (thuisverpleging)")) for m in (
        Metric(f"{kind}_clients_per_year_per_65plus", "clients per resident 65+",
               f"Distinct residents served by {label} in a calendar year, over the "
               "residents aged 65+", "mean",
               definition=f"{kind}_new_clients_year summed per year over the year's mean "
               "pop_65_79 + pop_80plus, pooled over the run's complete calendar years "
               "after the burn-in; clients of every age count (as the published case "
               "counts do)", better=None, quantity="ratio"),
        Metric(f"{kind}_hours_per_client_year", "h per client per year",
               f"Hours delivered by {label} in a calendar year per distinct client",
               "mean", definition=f"{kind}_delivered over {kind}_new_clients_year, summed "
               "over the run's complete calendar years after the burn-in", better=None,
               quantity="hours"),
    )),
    Metric("wzc_occupancy_mean", "share", "Mean nursing-home occupancy", "mean",
           better=None, quantity="share"),
    Metric("wzc_heavy_care_share", "share", "Share of nursing-home residents with heavy "
           "care needs (severe need or dementia), mean over weeks", "mean",
           definition="wzc_heavy_care over wzc_occupied, summed over the weeks after the "
           "burn-in: the "
           "model's reading of the share of WZC residents with a Katz B, C, Cd or D profile "
           "(docs/figures.md §10)", better=None, quantity="share"),
    Metric("wzc_waiting_mean", "residents", "Mean nursing-home waiting list", "mean",
           better="lower", quantity="count"),
    Metric("wzc_wait_weeks_mean", "weeks", "Mean wait before a nursing-home admission",
           "mean", better="lower", quantity="count"),
    Metric("admissions_total", "residents", "Nursing-home admissions over the run",
           kind="flow", better=None, quantity="count"),
    Metric("avoidable_admission_share", "share", "Share of admissions below the need "
           "threshold (avoidable or early)", "mean", better="lower", quantity="share"),
    Metric("severe_at_home_share", "share", "Share of residents with severe need who live at "
           "home", "mean", better=None, quantity="share"),
    Metric("staff_vacancy_rate", "share", "Vacant FTE over employed plus vacant FTE", "mean",
           better="lower", quantity="share"),
    Metric("staff_workload_mean", "ratio", "Mean staff workload (FTE-weighted)", "mean",
           better="lower", quantity="ratio"),
    Metric("staff_burnout_share", "share", "Share of staff in burnout", "mean",
           better="lower", quantity="share"),
    Metric("staff_attrition_per_year", "share", "Staff leaving per year over headcount",
           "mean", better="lower", quantity="ratio"),  # a yearly rate: may pass 1
    Metric("lonely_share", "share", "Share of adults who feel lonely", "mean",
           better="lower", quantity="share"),
    Metric("cost_public_per_year", "EUR/year", "Public cost of care per year",
           better="lower", quantity="money"),
    Metric("cost_private_per_year", "EUR/year", "Private cost of care per year",
           better="lower", quantity="money"),
    Metric("staff_cost_per_year", "EUR/year", "Employer cost of care staff per year",
           better=None, quantity="money"),
    Metric("policy_cost_per_year", "EUR/year", "Public cost of running the policies per year "
           "(beyond the care they buy)", better="lower", quantity="money"),
    Metric("voucher_public_cost_per_year", "EUR/year", "Public cost of the service vouchers "
           "bought per year (in cost_public)", better=None, quantity="money"),
    Metric("voucher_private_cost_per_year", "EUR/year", "Users' cost of the service vouchers "
           "bought per year (in cost_private)", better=None, quantity="money"),
    Metric("voucher_user_share_65plus_home", "share", "Share of residents aged 65+ at home "
           "living in a household that buys service vouchers", "mean",
           definition="voucher_users_65plus_home over residents_65plus_home, summed over the "
                      "weeks after the burn-in (docs/figures.md §6: band 14-26%)",
                      better=None, quantity="share"),
    Metric("voucher_hours_per_household", "h/week", "Service-voucher hours bought per user "
           "household a week", "mean", better=None, quantity="hours"),
    Metric("equity_unmet_ratio", "ratio", "Unmet hours per resident in need, lowest SES "
           "quintile over highest (1 = equal)", "mean", better=None, quantity="ratio"),
    Metric("unmet_need_share_65plus_home", "share", "Share of residents aged 65+ at home with "
           "a limitation in personal care or household activities who lack (enough) help",
           "mean", definition="unmet_65plus_home over limited_65plus_home, summed over the "
           "weeks after the burn-in: the model's reading of EHIS PC3/HA3 (docs/figures.md "
           "§7)", better="lower", quantity="share"),
    *(Metric(f"people_unmet_share_q{q}", "share", f"Share of residents with a care need "
             f"who have unmet need, SES quintile {q} ({label})", "mean",
             better="lower", quantity="share")
      for q, label in ((1, "lowest"), (2, "second"), (3, "middle"), (4, "fourth"),
                       (5, "highest"))),
    Metric("unmet_concentration_index", "index", "Concentration index of unmet need over "
           "SES (residents in need ranked from lowest to highest quintile; 0 = equal, "
           "negative = concentrated among the worse-off)", "mean", better=None, quantity="index"),
)

for _m in (*_POPULATION, *_CARE):
    REGISTRY.add(_RUN, [dataclasses.replace(_m, tables=("summary",))])

METRICS = REGISTRY.metrics
TIMESERIES = REGISTRY.tables["timeseries"]
BY_SES = REGISTRY.tables["by_ses"]
SYSTEM = REGISTRY.tables["system"]
SUMMARY = REGISTRY.tables["summary"]

# Which weeks each summary figure covers. Most are means over the weeks after the burn-in
# (``output.burn_in_weeks``: informal care and carers' burden build up over the first
# year, docs/ODD.md 5.7); totals over the run, the death rate and life expectancy, the
# timings and the start and end figures are not affected by it.
_WHOLE_RUN = ("deaths_total", "crude_death_rate", "life_expectancy", "carers_stopped_total",
              "carer_fte_lost_women_total", "carer_fte_lost_men_total", "admissions_total",
              "wall_time_s", "resident_weeks_per_s")
_AT_START = ("population_start",)
_AT_END = ("population_end", "share_65plus_end", "share_80plus_end")
AFTER_BURN_IN = "weeks after the burn-in"
SUMMARY_PERIOD: dict[str, str] = {
    name: ("whole run" if name in _WHOLE_RUN else "start of the run" if name in _AT_START
           else "end of the run" if name in _AT_END else AFTER_BURN_IN)
    for name in SUMMARY
}
