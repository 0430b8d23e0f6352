"""One complete run: build the model, simulate, and write the run's files atomically."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from omegaconf import OmegaConf

from sim.config import Config, config_hash, describe, flatten, to_dict
from sim.engine.units import WEEKS_PER_YEAR
from sim.model import CareModel
from sim.outputs.metrics import METRICS, SUMMARY
from sim.outputs.results import (
    CONFIG_FILE,
    DICTIONARY_FILE,
    EVENTS_FILE,
    RESIDENTS_FILE,
    SES_FILE,
    SUMMARY_FILE,
    SYSTEM_FILE,
    TIMESERIES_FILE,
    config_column,
    dictionary_writer,
    make_table,
    one_row_writer,
    parquet_writer,
    run_metadata,
    setting_type,
    text_writer,
    write_run,
)
from sim.outputs.run_store import checkpoint
from sim.population.network import TIE_TYPES
from sim.population.residents import DWELLINGS


@dataclass
class RunResult:
    """What a finished run produced."""

    folder: Path
    summary: dict[str, Any]
    files: dict[str, int]  # file name -> rows


def simulate(cfg: Config, folder: Path | str, *, progress: bool = False) -> RunResult:
    """Run one simulation and write its results into ``folder``.

    Nothing is written until the simulation has finished; then the run's files are written
    into a hidden staging folder and take the final name in one step, replacing any earlier
    run there whole (:mod:`sim.run_store`). An exception, Ctrl-C or a kill leaves either the
    earlier run or the new one, never a mix and never a partial file.
    """
    folder = Path(folder)
    cfg.output.check(cfg)  # before the run: a burn-in as long as the run is a typo
    started = dt.datetime.now(dt.UTC)
    model = CareModel(cfg)
    t0 = time.perf_counter()
    model.run(min(1, model.n_weeks))
    checkpoint("simulating")
    model.run(progress=progress)
    wall = time.perf_counter() - t0
    chash = config_hash(cfg)
    meta = run_metadata(chash, cfg.seed, to_dict(cfg))
    summary = summarise(model, wall)
    tables = {
        TIMESERIES_FILE: timeseries_table(model, meta),
        SES_FILE: group_table(model.by_ses, "ses_quintile", meta,
                              ("quintile", "Socio-economic status, 1 = lowest fifth"), 1),
        SYSTEM_FILE: group_table(model.system, None, meta),
        RESIDENTS_FILE: residents_table(model, meta) if cfg.output.snapshot else None,
        EVENTS_FILE: events_table(model, meta) if model.events.enabled else None,
        SUMMARY_FILE: summary_table(cfg, summary, meta, started),
    }
    config_text = OmegaConf.to_yaml(OmegaConf.create(to_dict(cfg)))
    written = {name: t for name, t in tables.items() if t is not None}
    writers = {CONFIG_FILE: text_writer(config_text)}
    writers.update({name: parquet_writer(t) for name, t in written.items()
                    if name != SUMMARY_FILE})
    writers[DICTIONARY_FILE] = dictionary_writer(written)
    writers[SUMMARY_FILE] = one_row_writer(tables[SUMMARY_FILE])  # last: marks the run complete
    write_run(folder, writers)
    files = {name: t.num_rows for name, t in written.items()}
    return RunResult(folder=folder, summary=summary, files=files)


def summarise(model: CareModel, wall: float) -> dict[str, Any]:
    """Headline figures of a finished run (names and units in the metric registry).

    Every figure that is a mean over weeks (shares, waiting lists, workload, costs per
    year...) leaves out the first ``output.burn_in_weeks`` weeks, while informal care and
    carers' burden build up (docs/ODD.md 5.7); totals over the run (``*_total``), the
    death rate, life expectancy and the start and end figures cover the whole run
    (:data:`sim.outputs.metrics.SUMMARY_PERIOD` says which is which).

    Raises:
        ConfigError: if the burn-in leaves no week of the run.
    """
    rec, cfg = model.recorder, model.cfg
    cfg.output.check(cfg)
    start = cfg.output.burn_in_weeks
    whole = {name: rec.total(name) for name in rec.names}
    after = {name: values[start:] for name, values in whole.items()}
    ages = ("0_17", "18_64", "65_79", "80plus")
    pop = sum(whole[f"pop_{g}"] for g in ages)
    old = whole["pop_65_79"] + whole["pop_80plus"]
    old_after = old[start:]
    years = rec.weeks_done / WEEKS_PER_YEAR
    deaths = float(whole["deaths"].sum())
    resident_weeks = float(pop.sum())
    return {
        "population_start": model.population_start,
        "population_end": int(pop[-1]),
        "share_65plus_end": _ratio(old[-1], pop[-1]),
        "share_80plus_end": _ratio(whole["pop_80plus"][-1], pop[-1]),
        "any_need_share_65plus": _weekly_share(after["need_any_65plus"], old_after),
        "severe_need_share_65plus": _weekly_share(after["need_severe_65plus"], old_after),
        "dementia_share_65plus": _weekly_share(after["dementia_65plus"], old_after),
        "hours_needed_per_week": float(after["hours_needed"].mean()),
        "deaths_total": int(deaths),
        "crude_death_rate": 1000.0 * deaths / (float(pop.mean()) * years),
        "life_expectancy": _life_expectancy(model),
        **care_summary(model, start),
        "wall_time_s": wall,
        "resident_weeks_per_s": resident_weeks / max(wall, 1e-9),
        "scenario": cfg.scenario.name,
        "municipality": cfg.municipality.name,
        "years": cfg.years,
        "seed": cfg.seed,
        "burn_in_weeks": start,
    }


def _weekly_share(num: np.ndarray, den: np.ndarray) -> float:
    """Mean over the weeks of num / den, over the weeks where den > 0 (nan if none)."""
    ok = den > 0
    return float((num[ok] / den[ok]).mean()) if ok.any() else float("nan")


def _ratio(a: float, b: float) -> float:
    return float(a / b) if b else float("nan")


def care_summary(model: CareModel, start: int = 0) -> dict[str, float]:
    """Headline care figures: shares of hours, carers, services, staff, costs, equity.

    Means over weeks, and costs and attrition per year, use the weeks from ``start`` (the
    end of the burn-in) on; the ``*_total`` figures count the whole run.
    """
    rec, ses, sysrec = model.recorder, model.by_ses, model.system
    whole_t = {name: rec.total(name) for name in rec.names}
    whole_s = {name: sysrec.total(name) for name in sysrec.names}
    t = {name: values[start:] for name, values in whole_t.items()}
    s = {name: values[start:] for name, values in whole_s.items()}
    years = (rec.weeks_done - start) / WEEKS_PER_YEAR
    need = t["hours_needed"].sum()
    out = {f"share_{k}": _ratio(t[f"hours_{k}"].sum(), need)
           for k in ("self", "informal", "formal", "vouchers", "residential", "unmet")}
    adults = t["pop_18_64"] + t["pop_65_79"] + t["pop_80plus"]
    out["people_unmet_share"] = _ratio(t["people_unmet"].sum(), t["with_need"].sum())
    out["carers_share_adults"] = _ratio(t["carers"].sum(), adults.sum())
    out["carers_overloaded_share"] = _ratio(t["carers_overloaded"].sum(), t["carers"].sum())
    out["carers_stopped_total"] = float(whole_t["carers_stopped"].sum())
    out["carer_fte_lost_women_total"] = float(whole_t["carer_fte_lost_women"].sum())
    out["carer_fte_lost_men_total"] = float(whole_t["carer_fte_lost_men"].sum())
    # Only services with a contingent: home nursing is paid per act unless capped (7.9).
    kinds = [k for k, svcs in model.homecare.by_kind.items() if svcs[0].capped]
    out["home_care_delivered_vs_contingent"] = _ratio(
        sum(s[f"{k}_delivered"].sum() for k in kinds),
        sum(s[f"{k}_entitled"].sum() for k in kinds))
    out["home_care_waiting_mean"] = float(t["waiting_home_care"].mean())
    out["home_care_wait_weeks_mean"] = _ratio(s["home_care_wait_weeks"].sum(),
                                              s["home_care_list_exits"].sum())
    out["wzc_occupancy_mean"] = _ratio(s["wzc_occupied"].sum(), s["wzc_places"].sum())
    out["wzc_heavy_care_share"] = _ratio(s["wzc_heavy_care"].sum(), s["wzc_occupied"].sum())
    out["wzc_waiting_mean"] = float(s["wzc_waiting"].mean())
    out["wzc_wait_weeks_mean"] = _ratio(s["wzc_wait_weeks"].sum(), s["wzc_admissions"].sum())
    out["admissions_total"] = float(whole_t["admissions"].sum())
    out["avoidable_admission_share"] = _ratio(t["admissions_avoidable"].sum(),
                                              t["admissions"].sum())
    severe = t["need_severe"].sum()
    out["severe_at_home_share"] = _ratio(t["severe_at_home"].sum(), severe)
    types = ("family_care_worker", "home_nurse", "wzc_care", "wzc_logistics")
    fte = sum(s[f"{x}_fte"] for x in types)
    vac = sum(s[f"{x}_vacancy_fte"] for x in types)
    out["staff_vacancy_rate"] = _ratio(vac.sum(), (fte + vac).sum())
    out["staff_workload_mean"] = _ratio(sum((s[f"{x}_workload"] * s[f"{x}_fte"]).sum()
                                            for x in types), fte.sum())
    heads = model.workforce.staff_figures()["headcount"].sum()
    out["staff_burnout_share"] = _ratio(sum(s[f"{x}_burnout"].mean() for x in types), heads)
    out["staff_attrition_per_year"] = _ratio(sum(s[f"{x}_leavers"].sum() for x in types),
                                             heads * years)
    out["lonely_share"] = _ratio(t["lonely"].sum(), adults.sum())
    out["cost_public_per_year"] = float(t["cost_public"].sum() / years)
    out["cost_private_per_year"] = float(t["cost_private"].sum() / years)
    out["staff_cost_per_year"] = float(s["staff_cost"].sum() / years)
    out["policy_cost_per_year"] = float(s["policy_cost"].sum() / years)
    out["voucher_public_cost_per_year"] = float(t["voucher_public_cost"].sum() / years)
    out["voucher_private_cost_per_year"] = float(t["voucher_private_cost"].sum() / years)
    out["voucher_user_share_65plus_home"] = _ratio(t["voucher_users_65plus_home"].sum(),
                                                   t["residents_65plus_home"].sum())
    out["voucher_hours_per_household"] = _ratio(t["voucher_hours_bought"].sum(),
                                                t["voucher_households"].sum())
    out.update(home_care_yearly(whole_t, whole_s, start))
    out["unmet_need_share_65plus_home"] = _ratio(t["unmet_65plus_home"].sum(),
                                                 t["limited_65plus_home"].sum())
    out.update(equity_figures(ses, start))
    return out


def home_care_yearly(t: dict[str, np.ndarray], s: dict[str, np.ndarray],
                     start: int = 0) -> dict[str, float]:
    """Distinct home-care clients per year (per resident 65+) and hours per client-year.

    Over the run's complete calendar years that begin at or after week ``start`` (the end
    of the burn-in; ``t`` and ``s`` are whole-run weekly totals): the distinct residents
    each kind served in a year (``<kind>_new_clients_year`` summed over its weeks) over
    the year's mean residents aged 65+, and the year's delivered hours over its distinct
    clients, each pooled over the years (sums over sums). NaN when no such year exists.
    """
    first = -(-start // WEEKS_PER_YEAR)  # clients are counted per calendar year of the run
    years = max(len(s["gezinszorg_delivered"]) // WEEKS_PER_YEAR - first, 0)
    lo, hi = first * WEEKS_PER_YEAR, (first + years) * WEEKS_PER_YEAR

    def by_year(x: np.ndarray) -> np.ndarray:
        return x[lo:hi].reshape(years, WEEKS_PER_YEAR)

    old = by_year(t["pop_65_79"] + t["pop_80plus"]).mean(axis=1).sum() if years else 0.0
    out = {}
    for kind in ("gezinszorg", "thuisverpleging"):
        clients = by_year(s[f"{kind}_new_clients_year"]).sum() if years else 0.0
        hours = by_year(s[f"{kind}_delivered"]).sum() if years else 0.0
        out[f"{kind}_clients_per_year_per_65plus"] = _ratio(clients, old)
        out[f"{kind}_hours_per_client_year"] = _ratio(hours, clients)
    return out


def equity_figures(ses: Any, start: int = 0) -> dict[str, float]:
    """Unmet need by SES quintile, the lowest over the highest, and a concentration index.

    A ratio of the two extreme quintiles can look equal while the middle ones differ; the
    share of each quintile and the concentration index over all five show a reversal.
    Pooled over the weeks from ``start`` (the end of the burn-in) on.
    """
    def total(name: str) -> np.ndarray:
        return ses.data[start: ses.weeks_done, :, ses.index[name]].sum(axis=0)

    hours, needy, people = total("hours_unmet"), total("with_need"), total("people_unmet")
    out = {"equity_unmet_ratio": _ratio(_ratio(hours[0], needy[0]), _ratio(hours[4], needy[4]))}
    shares = np.array([_ratio(people[q], needy[q]) for q in range(len(needy))])
    for q, share in enumerate(shares, 1):
        out[f"people_unmet_share_q{q}"] = float(share)
    out["unmet_concentration_index"] = concentration_index(shares, needy)
    return out


def concentration_index(rate: np.ndarray, weight: np.ndarray) -> float:
    """Concentration index of ``rate`` over groups ranked from lowest to highest status.

    ``2 * sum(f_i * rate_i * R_i) / mean - 1`` with ``f_i`` the groups' shares of
    ``weight`` and ``R_i`` their fractional rank (the midpoint of each group's cumulative
    share). 0 is equality; negative values mean the rate is concentrated in the lower
    groups (as ill health and unmet need usually are), positive in the higher ones.
    NaN when no group has weight or the mean rate is 0.
    """
    rate, weight = np.asarray(rate, float), np.asarray(weight, float)
    ok = np.isfinite(rate) & (weight > 0)
    if not ok.any():
        return float("nan")
    f = np.where(ok, weight, 0.0) / weight[ok].sum()
    fr = f * np.where(ok, rate, 0.0)
    mean = float(fr.sum())
    if mean <= 0:
        return float("nan")
    rank = np.cumsum(f) - f / 2
    return float(2 * (fr * rank).sum() / mean - 1)


def _life_expectancy(model: CareModel) -> float:
    model.close_exposure()
    return model.life_table.life_expectancy()


def timeseries_table(model: CareModel, meta: dict[str, str]) -> pa.Table:
    """The weekly per-buurt table: one row per (week, buurt)."""
    rec = model.recorder
    w, b = rec.weeks_done, rec.n_buurten
    cols: dict[str, Any] = {
        "week": np.repeat(np.arange(1, w + 1, dtype=np.int32), b),
        "year": np.repeat((np.arange(w) // WEEKS_PER_YEAR + 1).astype(np.int16), b),
        "buurt": np.tile(np.arange(b, dtype=np.int32), w),
    }
    data = rec.data[:w].reshape(w * b, -1)
    for i, name in enumerate(rec.names):
        col = data[:, i]
        whole = METRICS[name].unit in ("residents",)
        cols[name] = col.astype(np.int64) if whole else col
    units = {"week": ("week", "Simulated week, 1 = first week"),
             "year": ("year", "Simulated year, 1 = first year"),
             "buurt": ("index", "Neighbourhood (buurt) index, 0-based")}
    return make_table(cols, units, {**meta, "table": "timeseries"})


def group_table(rec: Any, group: str | None, meta: dict[str, str],
                group_unit: tuple[str, str] = ("", ""), first: int = 0) -> pa.Table:
    """A weekly table per group (SES quintile) or, with ``group=None``, per week only."""
    w, g = rec.weeks_done, rec.n_buurten
    cols: dict[str, Any] = {
        "week": np.repeat(np.arange(1, w + 1, dtype=np.int32), g),
        "year": np.repeat((np.arange(w) // WEEKS_PER_YEAR + 1).astype(np.int16), g),
    }
    units = {"week": ("week", "Simulated week, 1 = first week"),
             "year": ("year", "Simulated year, 1 = first year")}
    if group is not None:
        cols[group] = np.tile(np.arange(first, first + g, dtype=np.int8), w)
        units[group] = group_unit
    data = rec.data[:w].reshape(w * g, -1)
    for i, name in enumerate(rec.names):
        cols[name] = data[:, i]
    return make_table(cols, units, {**meta, "table": group or "municipality"})


def residents_table(model: CareModel, meta: dict[str, str]) -> pa.Table:
    """The final resident snapshot: everyone who ever lived in the municipality."""
    pop, net = model.pop, model.network
    cols: dict[str, Any] = {
        "id": np.arange(pop.n, dtype=np.int64),
        "alive": pop.alive, "died": pop.died, "age": pop.age,
        "sex": pa.array(np.array(["man", "woman"])[pop.sex]).dictionary_encode(),
        "buurt": pop.buurt, "ses_quintile": (pop.ses + 1).astype(np.int8),
        "household": pop.household, "partner": pop.partner,
        "dwelling": pa.array(np.array(DWELLINGS)[pop.dwelling]).dictionary_encode(),
        "need_level": pop.need, "dementia": pop.dementia,
        "hours_needed": model.needs.hours_needed(),
        "entry_week": pop.entry_week, "exit_week": pop.exit_week,
        "nonresident_children": net.nonresident_children,
    }  # fmt: skip
    for kind in TIE_TYPES:
        cols[f"ties_{kind}"] = net.degree(kind).astype(np.int32)
    units = {
        "id": ("id", "Resident id (row index in the model)"),
        "alive": ("flag", "Living in the municipality at the end"),
        "died": ("flag", "Left by death (false: moved away or still here)"),
        "age": ("years", "Age at the end, or at death or departure"),
        "sex": ("category", "man or woman"),
        "buurt": ("index", "Neighbourhood (buurt) index"),
        "ses_quintile": ("quintile", "Socio-economic status, 1 = lowest fifth, 5 = highest"),
        "household": ("id", "Household id"),
        "partner": ("id", "Partner's resident id, -1 if none"),
        "dwelling": ("category", "home, assisted_living or nursing_home"),
        "need_level": ("level", "Care need: 0 none, 1 light, 2 moderate, 3 severe"),
        "dementia": ("flag", "Living with dementia"),
        "hours_needed": ("h/week", "Hours of care needed per week at the end"),
        "entry_week": ("week index", "0-based week of birth or arrival (timeseries week - 1); "
                       "-1 = present at the start"),
        "exit_week": ("week index", "0-based week of death or departure (timeseries week - 1); "
                      "-1 = still present"),
        "nonresident_children": ("persons", "Adult children living outside the municipality"),
    }
    for kind in TIE_TYPES:
        units[f"ties_{kind}"] = ("ties", f"Number of {kind} ties in the social network")
    for name, (values, unit, description) in model.informal.resident_facts().items():
        cols[name] = (pa.array(values).dictionary_encode() if values.dtype.kind == "U"
                      else values)
        units[name] = (unit, description)
    return make_table(cols, units, {**meta, "table": "residents"})


def _dictionary(codes: np.ndarray, names: list[str]) -> pa.DictionaryArray:
    """Codes into ``names`` as a dictionary-encoded string column (-1 = null)."""
    codes = np.asarray(codes, np.int32)
    mask = codes < 0
    return pa.DictionaryArray.from_arrays(pa.array(np.where(mask, 0, codes), pa.int32(),
                                                   mask=mask), pa.array(names, pa.string()))


EVENT_COLUMNS = {
    "week": ("week", "Simulated week of the event, 1 = first week (as in the timeseries); "
             "flows of the yearly update count in the week after it"),
    "year": ("year", "Simulated year, 1 = first year"),
    "resident": ("id", "Resident id (row of the residents table): for care-link events the "
                 "person cared for"),
    "event": ("category", "Event kind (docs/ODD.md, section 7: the event kinds and reasons)"),
    "reason": ("category", "Why it happened, where the model knows (null: no reason given)"),
    "age": ("years", "The resident's age at the event"),
    "sex": ("category", "man or woman"),
    "need_level": ("level", "Care need at the event: 0 none, 1 light, 2 moderate, 3 severe"),
    "dementia": ("flag", "Living with dementia at the event"),
    "ses_quintile": ("quintile", "Socio-economic status, 1 = lowest fifth, 5 = highest"),
    "buurt": ("index", "Neighbourhood (buurt) index"),
    "carer": ("id", "Care-link events: the carer's resident id, -1 for a child living "
              "outside the municipality; null for other events"),
    "tie": ("category", "Care-link events: the carer's tie to the resident; null otherwise"),
}


def events_table(model: CareModel, meta: dict[str, str]) -> pa.Table:
    """The run's events, one row per event, in the order they happened (week, phase)."""
    log = model.events
    c = log.columns()
    link = c["link"]
    cols: dict[str, Any] = {
        "week": c["week"] + 1,
        "year": (c["week"] // WEEKS_PER_YEAR + 1).astype(np.int16),
        "resident": c["resident"],
        "event": _dictionary(c["event"], log.kind_names),
        "reason": _dictionary(c["reason"], log.reason_names),
        "age": c["age"],
        "sex": _dictionary(c["sex"], ["man", "woman"]),
        "need_level": c["need_level"],
        "dementia": c["dementia"],
        "ses_quintile": (c["ses"] + 1).astype(np.int8),
        "buurt": c["buurt"],
        "carer": pa.array(c["carer"], pa.int64(), mask=~link),
        "tie": _dictionary(np.where(link, c["tie"], -1), log.tie_names),
    }
    return make_table(cols, EVENT_COLUMNS, {**meta, "table": "events"})


def summary_table(
    cfg: Config, summary: dict[str, Any], meta: dict[str, str], started: dt.datetime
) -> pa.Table:
    """One row: identity of the run, headline metrics, and the flattened config.

    Settings are columns ``cfg__<section>__<key>`` (SQL and polars take them unquoted;
    :func:`sim.outputs.results.config_column`), list settings Arrow list columns, the start
    a UTC timestamp.
    """
    cols: dict[str, Any] = {
        "run_id": [meta["run_id"]], "config_hash": [meta["config_hash"]], "seed": [cfg.seed],
        "zorgsim_version": [meta["zorgsim_version"]],
        "started_at": pa.array([started], pa.timestamp("ms", tz="UTC")),
        "scenario": [cfg.scenario.name], "municipality": [cfg.municipality.name],
        "years": [cfg.years], "burn_in_weeks": [cfg.output.burn_in_weeks],
    }  # fmt: skip
    units = {
        "zorgsim_version": ("-", "Model version: release + fingerprint of the model's code"),
        "started_at": ("UTC time", "When the run started"),
        "municipality": ("-", "Municipality preset name"), "years": ("years", "Horizon"),
        "burn_in_weeks": ("weeks", "Weeks at the start left out of the summary figures that "
                          "are means over weeks (output.burn_in_weeks; the data dictionary's "
                          "period says which figures)"),
    }  # fmt: skip
    for name in SUMMARY:
        cols[name] = [summary[name]]
    for key, value in flatten(to_dict(cfg)).items():
        col = config_column(key)
        cols[col] = _setting_array(key, value)
        units[col] = describe(key)
    return make_table(cols, units, {**meta, "table": "summary"})


def _setting_array(key: str, value: Any) -> pa.Array:
    """One setting as a one-row column of its declared type (lists as Arrow lists).

    Typed by the schema, not by the value, so that every run of a sweep has the same column
    types (a setting left unset is a null of its type, an int given for a float a float):
    DuckDB and polars read many files as one only when their types agree.
    """
    return pa.array([value], setting_type(key))
