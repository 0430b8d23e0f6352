"""Care professionals as a struct of arrays: absence, burnout, attrition and hiring.

docs/domain.md mechanism 5: the workforce is the binding constraint. An ageing workforce retires,
demand grows, inflow lags; vacancies and workload rise, and workload drives burnout,
sickness absence and leaving. Extra funded hours cannot be delivered without staff.

Professionals (thousands at most) live in one numpy column per attribute; the row index is
the professional's id while employed (rows of leavers are reused by later hires). Employers
are home-care services and the care and logistics teams of nursing homes (WZC); each one
registers with :meth:`Workforce.add_employer` and a target FTE.

The weekly cycle (docs/design.md §12, phase 3 *capacity*) calls :meth:`Workforce.step`
before care is delivered; services then read :meth:`Workforce.available_hours` (or
:meth:`Workforce.present_fte` for staffing norms) and report their demand with
:meth:`Workforce.report_demand`. Workload = demand / available hours; it drives next week's
hazards. Every state change is a weekly Markov transition whose base rate is solved at start
so that, at workload 1, absence, burnout and leaving settle at the configured (published)
rates; workload above 1 multiplies the hazards by ``exp(slope * (workload - 1))``, with the
workload capped at ``workload_max`` (staff work their hours; more demand becomes unmet need).
Hiring follows open vacancies (a search time per staff type) but never outruns a labour pool
sized by the employers' initial targets, so funded extra posts fill only slowly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.engine.levers import Lever, LeverBoard
from sim.engine.metric import Metric
from sim.engine.module import Module, Step, Week
from sim.engine.schema import param
from sim.engine.units import WEEKS_PER_YEAR


@dataclass
class WorkforceConfig:
    """Care professionals: FTE, absence, burnout, attrition, hiring (sim.care.workforce)."""

    # Lists hold one value per staff type, in the order of STAFF_TYPES below:
    # family_care_worker (gezinszorg), home_nurse (thuisverpleging), wzc_care, wzc_logistics.
    # --- working time ---------------------------------------------------------------------
    hours_per_fte: float = param(38.0, lo=1.0, hi=60.0, unit="h/week per FTE",
                                 doc="paid hours of one full-time equivalent",
                                 source="Belgian full-time week in the care sector (PC 330, "
                                        "docs/figures.md §2.3); assumption (range 36-40)")
    fte_per_head: list[float] = param([0.75, 0.74, 0.84, 0.84], lo=0.67, hi=1.0, length=4,
                                      unit="FTE per person",
                                      doc="mean contract size (part-time mix) per staff type",
                                      source="family care 21,675 FTE / 28,900 people (~2018, "
                                             "VSPF, V2, D); WZC 37,700 FTE / 45,000 staff, "
                                             "public care sector (2021, seed 001, V, D); home "
                                             "nurses 0.74: Wit-Gele Kruis nurses' mean "
                                             "employment fraction 73.8% (2016, V; range "
                                             "0.7-0.8); docs/figures.md §4")
    direct_share: list[float] = param([0.44, 0.58, 0.65, 0.80], lo=0.0, hi=1.0, length=4,
                                      unit="share of paid hours",
                                      doc="share of a present FTE's paid hours spent on the "
                                          "employer's core work (direct care; logistics tasks "
                                          "for logistics staff), net of paid leave, travel, "
                                          "admin and training",
                                      source="family care: 16.34 M h delivered (2021) / 21,675 "
                                             "FTE (~2018) / 52 = 14.5 h per employed FTE (V2, "
                                             "D), divided by 38 h x presence; home nurses: "
                                             "24-27 patients per nurse per day (2021, V) x "
                                             "assumed 12 min contact over a 7.6 h day, less "
                                             "paid leave (D, range 0.45-0.7); WZC care "
                                             "assumption (range 0.55-0.8); logistics "
                                             "assumption (range 0.7-0.9); docs/figures.md §4")
    # --- sickness absence -----------------------------------------------------------------
    absence_rate: list[float] = param([0.12, 0.06, 0.16, 0.16], lo=0.0, hi=0.9, length=4,
                                      unit="share of staff",
                                      doc="stationary sickness absence at workload 1 and "
                                          "baseline burnout",
                                      source="WZC about 16% (~2022, Vlozo, V2; about 11% five "
                                             "years earlier); family care 11.8% of family- "
                                             "and elderly-help workers absent (2016, Acerta, "
                                             "V2; range 0.08-0.16); home nurses 0.06: home "
                                             "nursing's absence below the 2.8% of profit-"
                                             "sector employees (2016, Acerta, V2), doubled "
                                             "because Acerta's employee figures run about 2x "
                                             "below all-staff ones (WZC employees 4.5% vs "
                                             "about 11% of all WZC staff) (D, assumption "
                                             "range 0.03-0.10); docs/figures.md §4")
    absence_weeks: float = param(3.0, lo=1.0, hi=52.0, unit="weeks",
                                 doc="mean length of a sickness-absence episode",
                                 source="assumption (range 1-8)")
    absence_workload_slope: float = param(1.0, lo=0.0, hi=10.0, unit="log rate ratio per "
                                                                     "unit workload",
                                          doc="rise of the absence onset hazard with last "
                                              "week's workload above 1",
                                          source="assumption (range 0.5-2)")
    # --- burnout --------------------------------------------------------------------------
    burnout_prevalence: float = param(0.069, lo=0.0, hi=0.9, unit="share of staff",
                                      doc="stationary burnout prevalence at workload 1",
                                      source="nurses (hospitals) 6.9% burnout, 12.4% more at "
                                             "risk (2012, KU Leuven/IDEWE, V2); "
                                             "docs/figures.md §4")
    burnout_weeks: float = param(26.0, lo=1.0, hi=260.0, unit="weeks",
                                 doc="mean duration of a burnout", source="assumption (range "
                                                                          "12-52)")
    burnout_workload_slope: float = param(2.0, lo=0.0, hi=10.0, unit="log rate ratio per "
                                                                     "unit workload",
                                          doc="rise of the burnout onset hazard with last "
                                              "week's workload above 1",
                                          source="assumption (range 1-4); 2 gives about "
                                                 "16% burnout after a year at workload 1.5, "
                                                 "below 6.9% + 12.4% at risk (2012, V2)")
    burnout_absence_rr: float = param(4.0, lo=1.0, hi=50.0, unit="rate ratio",
                                      doc="absence onset hazard in burnout vs not",
                                      source="assumption (range 2-8)")
    burnout_productivity: float = param(0.8, lo=0.0, hi=1.0, unit="share",
                                        doc="productivity of a present professional in "
                                            "burnout", source="assumption (range 0.6-1.0)")
    # --- attrition ------------------------------------------------------------------------
    leave_rate: float = param(0.10, lo=0.0, hi=0.9, unit="share per year",
                              doc="staff leaving the sector per year (retirement excluded) at "
                                  "workload 1 and baseline burnout",
                              source="about 10% of care workers normally intend to leave "
                                     "(Sciensano, Power to Care, 2020, V2), taken as the "
                                     "leaving rate; assumption (range 0.06-0.14); "
                                     "docs/figures.md §4")
    leave_age_slope: float = param(0.06, lo=0.0, hi=0.5, unit="log rate ratio per year "
                                                             "of age",
                                   doc="fall of the leaving hazard per year of age (young, "
                                       "early-career staff leave more; the rate at age 40 is "
                                       "the reference)",
                                   source="assumption (range 0-0.1); with the hire ages "
                                          "below it keeps the share aged 50+ near its "
                                          "initial value over 10 years")
    leave_burnout_rr: float = param(2.5, lo=1.0, hi=50.0, unit="rate ratio",
                                    doc="leaving hazard in burnout vs not",
                                    source="assumption (range 1.5-4)")
    leave_workload_slope: float = param(1.5, lo=0.0, hi=10.0, unit="log rate ratio per unit "
                                                                   "workload",
                                        doc="rise of the leaving hazard with last week's "
                                            "workload above 1",
                                        source="assumption (range 0.5-3); with burnout "
                                               "about 16%/year leave at workload 1.3 and 21% "
                                               "at 1.5, cf. 22% intending to leave in Dec "
                                               "2020 vs 10% normally (Sciensano, V2)")
    workload_max: float = param(1.5, lo=1.0, hi=100.0, unit="demand / available hours",
                                doc="cap on the workload that drives the hazards: staff "
                                    "work their hours, demand beyond this adds no pressure "
                                    "(it becomes waiting lists and unmet need)",
                                source="assumption (range 1.3-2); without a cap a small "
                                       "team can spiral to zero staff")
    retirement_age_mean: float = param(62.5, lo=50.0, hi=70.0, unit="years",
                                       doc="mean age at which professionals retire",
                                       source="assumption (range 60-65; legal pension age 65, "
                                              "66 from 2025, 67 from 2030: docs/figures.md "
                                              "§4)")
    retirement_age_sd: float = param(2.0, lo=0.0, hi=10.0, unit="years",
                                     doc="spread of retirement ages (clipped to 58-67)",
                                     source="assumption (range 1-4)")
    # --- initial staff and hiring ---------------------------------------------------------
    initial_share_50plus: float = param(0.35, lo=0.0, hi=1.0, unit="share of staff",
                                        doc="initial staff aged 50+ (an ageing workforce); "
                                            "the rest is spread over ages 20-50",
                                        source="assumption (range 0.25-0.45)")
    initial_vacancy: list[float] = param([0.04, 0.06, 0.04, 0.03], lo=0.0, hi=0.9, length=4,
                                         unit="share of target FTE",
                                         doc="target FTE not filled at the start",
                                         source="assumption (ranges 0.02-0.08, 0.03-0.10, "
                                                "0.02-0.08, 0.01-0.05): nurses are the top "
                                                "shortage occupation, 9,000 nurse and 5,000 "
                                                "care-assistant vacancies Jan-Oct 2017 "
                                                "(VDAB, V2; docs/figures.md §4)")
    search_weeks: list[float] = param([12.0, 21.0, 11.0, 6.0], lo=0.1, hi=520.0, length=4,
                                      unit="weeks",
                                      doc="mean weeks to find a candidate for an open "
                                          "vacancy while the labour pool has candidates",
                                      source="assumption (ranges 6-18, 13-30, 6-16, 3-10; "
                                             "nurses longest, top shortage occupation 2017, "
                                             "VDAB, V2); with the start delay they make the "
                                             "initial vacancy rate stationary at workload 1")
    hiring_delay_weeks: float = param(8.0, lo=1.0, hi=104.0, unit="weeks",
                                      doc="mean time from an accepted offer to the first "
                                          "working week (notice period, paperwork)",
                                      source="assumption (range 4-16)")
    labour_pool: list[float] = param([220.0, 260.0, 200.0, 270.0], lo=0.0, hi=10_000.0,
                                     length=4, unit="hires per year per 1,000 FTE",
                                     doc="most hires per year, per 1,000 FTE of the "
                                         "employers' initial target (the municipality's share "
                                         "of a fixed labour market); funded extra targets "
                                         "do not widen it",
                                     source="assumption (range +-30%): about 1.4-2x the "
                                            "normal yearly turnover in heads (leaving + "
                                            "retirement at workload 1: 143, 159, 145, 146 "
                                            "per 1,000 target FTE), so it binds when leaving "
                                            "rises or targets grow; home nurses 260 (was "
                                            "190, only 1.2x their turnover: more heads per "
                                            "FTE, so the pool bound at normal turnover and "
                                            "a short team could not refill)")
    pool_buffer_weeks: float = param(13.0, lo=1.0, hi=520.0, unit="weeks of pool inflow",
                                     doc="candidates who find no post wait at most this "
                                         "long before going to other sectors",
                                     source="assumption (range 4-26)")
    hire_age_mean: float = param(36.0, lo=18.0, hi=60.0, unit="years",
                                 doc="mean age of new hires (school leavers and "
                                     "side-entrants)", source="assumption (range 30-40)")
    hire_age_sd: float = param(10.0, lo=0.0, hi=20.0, unit="years",
                               doc="spread of hire ages (clipped to 19-60)",
                               source="assumption (range 7-12)")
    ramp_start: float = param(0.6, lo=0.0, hi=1.0, unit="share",
                              doc="productivity of a new hire in the first week",
                              source="assumption (range 0.4-0.8)")
    ramp_weeks: float = param(13.0, lo=0.0, hi=260.0, unit="weeks",
                              doc="weeks until a new hire is fully productive (linear)",
                              source="assumption (range 4-26; longer for side-entrants)")

STAFF_TYPES = ("family_care_worker", "home_nurse", "wzc_care", "wzc_logistics")
STAFF_LABELS = {"family_care_worker": "family-care workers", "home_nurse": "home nurses",
                "wzc_care": "nursing-home care staff", "wzc_logistics": "nursing-home "
                "logistics staff"}
FAMILY_CARE_WORKER, HOME_NURSE, WZC_CARE, WZC_LOGISTICS = range(4)
PART_TIME_LEVELS = np.array([0.5, 0.6, 0.75, 0.8])  # common Belgian part-time contracts
RETIREMENT_AGE_RANGE = (58.0, 67.0)  # clip of drawn retirement ages (legal age 67 from 2030)
HIRE_AGE_RANGE = (19.0, 60.0)

# Per-professional columns and their dtypes (the public API names them).
_COLUMNS = {
    "staff_type": np.int8,
    "employer": np.int32,
    "fte": np.float32,
    "age": np.float32,
    "tenure_weeks": np.int32,
    "absent": np.bool_,
    "burnout": np.bool_,
    "active": np.bool_,
    "pending": np.bool_,  # hired, not yet started
    "start_week": np.int32,  # first working week of a pending hire
    "sick": np.bool_,  # sickness absence (``absent`` adds the absence shock)
    "retirement_age": np.float32,
    "shock_u": np.float32,  # this week's uniform draw for the absence shock
    "side": np.bool_,  # side-entrant (zij-instromer): trained on the job, slower ramp-up
}


def staff_type_index(staff_type: str | int) -> int:
    """Index in :data:`STAFF_TYPES` of a staff type given by name or index."""
    if isinstance(staff_type, str):
        if staff_type not in STAFF_TYPES:
            raise ValueError(f"unknown staff type {staff_type!r}; staff types are {STAFF_TYPES}")
        return STAFF_TYPES.index(staff_type)
    t = int(staff_type)
    if not 0 <= t < len(STAFF_TYPES):
        raise ValueError(f"staff type index {t} out of range 0-{len(STAFF_TYPES) - 1}")
    return t


def _solve_onset(target: float, recovery: float, b: float, rr: float) -> float:
    """Weekly onset probability giving stationary prevalence ``target`` in a 2-state chain.

    A share ``b`` of staff has ``rr`` times the onset probability; the stationary prevalence
    of a chain with onset p and recovery r is p / (p + r). Bisection, because the mix of the
    two groups has no closed form.
    """
    if target <= 0:
        return 0.0

    def prevalence(p: float) -> float:
        p1 = min(rr * p, 1.0)
        return (1 - b) * p / (p + recovery) + b * p1 / (p1 + recovery)

    lo, hi = 0.0, 1.0
    if prevalence(hi) <= target:
        return hi
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if prevalence(mid) < target else (lo, mid)
    return 0.5 * (lo + hi)


@dataclass(frozen=True)
class ProfessionalView:
    """One professional's state, for inspection in tests, debugging and the dashboard."""

    id: int
    staff_type: str
    employer: str
    fte: float
    age: float
    tenure_weeks: int
    absent: bool
    burnout: bool
    active: bool
    pending: bool


class Employers:
    """Per-employer columns (views into the workforce's arrays), index = employer id.

    Attributes are numpy arrays of length ``n``: ``name``, ``staff_type`` (int8),
    ``target_fte``, ``workload`` (last reported demand / available hours),
    ``demand_hours``, ``employed_fte``, ``present_fte``, ``available_hours``.
    """

    def __init__(self, wf: Workforce) -> None:
        self._wf = wf

    @property
    def n(self) -> int:
        """Number of employers."""
        return self._wf._n_emp

    @property
    def name(self) -> np.ndarray:
        """Employer names."""
        return np.array(self._wf._emp_name, dtype=object)

    @property
    def staff_type(self) -> np.ndarray:
        """Staff type index per employer (int8)."""
        return self._wf._emp_type[: self.n]

    @property
    def target_fte(self) -> np.ndarray:
        """Target FTE per employer."""
        return self._wf._emp_target[: self.n]

    @property
    def workload(self) -> np.ndarray:
        """Last reported workload per employer (1.0 until a demand is reported)."""
        return self._wf._emp_workload[: self.n]

    @property
    def demand_hours(self) -> np.ndarray:
        """Last reported demand per employer (NaN until reported)."""
        return self._wf._emp_demand[: self.n]

    @property
    def employed_fte(self) -> np.ndarray:
        """FTE on the payroll per employer."""
        return self._wf._refresh()[0].copy()

    @property
    def present_fte(self) -> np.ndarray:
        """FTE present this week per employer."""
        return self._wf._refresh()[1].copy()

    @property
    def available_hours(self) -> np.ndarray:
        """This week's direct-care hours per employer."""
        return self._wf._refresh()[2].copy()


def levers_of(cfg: WorkforceConfig) -> tuple[Lever, ...]:
    """The levers of the workforce (neutral values from its settings)."""
    k = len(STAFF_TYPES)
    return (
        Lever("workforce.absence_shock", 0.0, "share", "max",
              "extra share of all care staff absent (an outside shock: illness, quarantine)"),
        Lever("workforce.pool_share", None, "share", "max",
              "share of each employer's hours that may move to employers short of staff "
              "(multi-deployability, staff exchange); 0 for employers outside the pool",
              shape="employer"),
        Lever("workforce.labour_pool_factor", np.ones(k), "x", "multiply",
              "candidates joining the labour pool (more hires funded, side-entrants)",
              shape="staff type"),
        Lever("workforce.burnout_factor", np.ones(k), "x", "multiply",
              "burnout onset hazard (better working conditions)", shape="staff type"),
        Lever("workforce.leave_factor", np.ones(k), "x", "multiply",
              "hazard of leaving the job (better working conditions)", shape="staff type"),
        Lever("workforce.side_entrant_share", 0.0, "share", "max",
              "share of hires who are side-entrants (learning on the job)"),
        Lever("workforce.side_entrant_ramp_start", cfg.ramp_start, "share", "min",
              "a side-entrant's productivity in the first week"),
        Lever("workforce.side_entrant_ramp_weeks", cfg.ramp_weeks, "weeks", "max",
              "weeks until a side-entrant is fully productive"),
    )


def pool_shares(share: float, n_employers: int, members: Any = None) -> np.ndarray:
    """A ``workforce.pool_share`` value: ``share`` for the member employers, 0 elsewhere."""
    out = np.zeros(n_employers)
    out[np.arange(n_employers) if members is None else np.asarray(members, np.int64)] = share
    return out


class Workforce(Module):
    """All care professionals of the municipality and their employers.

    Args:
        cfg: Workforce parameters.
        rng: Random generator of the workforce stream; it is split into independent child
            streams for initial staff, weekly transitions, the absence shock and hiring, so
            that (for instance) a policy that changes hiring does not shift the absence draws.

    Attributes:
        absence_shock: Extra share of staff absent this week (0 by default), for an outside
            shock (an epidemic) or a staff-shock experiment; applies to all employers and
            takes effect at once. A per-type shock is set with :meth:`set_absence_shock`.
        pool_factor: (4,) multiplier of the labour pool per staff type (1 by default), for
            policies that widen inflow (side-entrants, open hiring, recruitment abroad).
        leavers_week, retirements_week, hires_week, offers_week: (4,) counts of the last step.
    """

    name = "workforce"
    metrics = tuple(m for t, label in STAFF_LABELS.items() for m in (
        Metric(f"{t}_fte", "FTE", f"Employed {label}", tables=("system",)),
        Metric(f"{t}_present_fte", "FTE", f"{label.capitalize()} present (not absent)",
               tables=("system",)),
        Metric(f"{t}_vacancy_fte", "FTE", f"Vacancies for {label}", tables=("system",)),
        Metric(f"{t}_workload", "ratio", f"Workload of {label}: demand over available "
               "hours (1 = balanced)", "mean", tables=("system",)),
        Metric(f"{t}_burnout", "persons", f"{label.capitalize()} in burnout",
               tables=("system",)),
        Metric(f"{t}_absent", "persons", f"{label.capitalize()} absent (sick)",
               tables=("system",)),
        Metric(f"{t}_leavers", "persons", f"{label.capitalize()} leaving this week "
               "(retirement included)", kind="flow", tables=("system",)),
        Metric(f"{t}_hires", "persons", f"{label.capitalize()} starting this week",
               kind="flow", tables=("system",)),
    ))

    def system_metrics(self) -> dict[str, float]:
        """This week's staff figures per staff type."""
        m = self.staff_figures()
        out: dict[str, float] = {}
        for i, t in enumerate(STAFF_LABELS):
            out[f"{t}_fte"] = float(m["employed_fte"][i])
            out[f"{t}_present_fte"] = float(m["present_fte"][i])
            out[f"{t}_vacancy_fte"] = float(m["vacancy_fte"][i])
            out[f"{t}_workload"] = float(m["workload"][i])
            out[f"{t}_burnout"] = float(m["burnout"][i])
            out[f"{t}_absent"] = float(m["absent"][i])
            out[f"{t}_leavers"] = float(m["leavers_week"][i])
            out[f"{t}_hires"] = float(m["hires_week"][i])
        return out

    @classmethod
    def build(cls, model: Any) -> Workforce:
        """The workforce of ``model``: its settings, stream and lever board."""
        return cls(model.cfg.workforce, rng=model.streams["workforce"], levers=model.levers)

    def __init__(self, cfg: WorkforceConfig, *, rng: np.random.Generator,
                 levers: LeverBoard | None = None) -> None:
        self.cfg = cfg
        self.levers = levers = LeverBoard() if levers is None else levers
        levers.declare(*levers_of(cfg))
        levers.provide_view("workforce.n_employers", "number of employers",
                            lambda: self._n_emp)
        levers.provide_view("workforce.labour_pool", "candidates a year per 1,000 FTE, by "
                            "staff type", lambda: tuple(self.cfg.labour_pool))
        levers.provide_view("workforce.side_hires_week", "side-entrants hired this week",
                            lambda: self.side_hires_week)
        levers.provide_view("workforce.employed_fte", "FTE on all payrolls this week",
                            self.total_employed_fte)
        levers.provide_view("workforce.employed_fte_by_type", "FTE on the payrolls by staff "
                            "type", lambda: self.staff_figures()["employed_fte"])
        self.week = -1
        k = len(STAFF_TYPES)
        # (A fifth stream for side-entrant draws: spawning it leaves the first four as they
        # were, so the lever switched off changes no draw.)
        (self._rng_init, self._rng_week, self._rng_shock, self._rng_hire,
         self._rng_side) = rng.spawn(5)
        # Professionals: capacity-backed columns, rows [0, _n) in use.
        self._cap = 0
        self._n = 0
        self._cols: dict[str, np.ndarray] = {c: np.zeros(0, dt) for c, dt in _COLUMNS.items()}
        # Employers.
        self._n_emp = 0
        self._emp_name: list[str] = []
        self._emp_type = np.zeros(0, np.int8)
        self._emp_target = np.zeros(0)
        self._emp_workload = np.zeros(0)
        self._emp_demand = np.zeros(0)
        self.employers = Employers(self)
        # Labour pool per type: base FTE (initial targets) and candidates waiting.
        self._pool_base_fte = np.zeros(k)
        self._pool_stock = np.zeros(k)  # candidates waiting for a post
        self.pool_factor = np.ones(k)  # an experiment's multiplier of the labour pool
        # Shocks by staff type (experiments); the shock for all is a lever.
        self._shock_by_type = np.zeros(k)
        self.side_hires_week = 0
        self.pooled_hours = 0.0  # hours moved this week
        # Week counters.
        self.leavers_week = np.zeros(k, np.int64)
        self.retirements_week = np.zeros(k, np.int64)
        self.hires_week = np.zeros(k, np.int64)
        self.offers_week = np.zeros(k, np.int64)
        self._cache: tuple | None = None
        self._cache_key: tuple | None = None
        self._calibrate()

    # -- calibration ---------------------------------------------------------------------

    def _calibrate(self) -> None:
        """Solve weekly base rates so the stationary state at workload 1 matches the config.

        Burnout: onset h, recovery 1/D, and burnt-out staff leave (replaced by staff who are
        not burnt out), so b = h / (h + 1/D + leave_burnout); solved for h. Leaving: the
        average weekly hazard over both groups equals the yearly leave rate. Absence: a
        two-state chain per group, burnt-out staff with ``burnout_absence_rr`` times the
        onset; solved by bisection per staff type.
        """
        c = self.cfg
        b = c.burnout_prevalence
        h_leave = -np.log1p(-min(c.leave_rate, 0.999)) / WEEKS_PER_YEAR
        # Mean age factor of the leaving hazard over the initial age structure (staff aged
        # 20-50, and 50 to the mean retirement age), so the start matches the leave rate.
        young = np.linspace(20, 50, 301)
        old = np.linspace(50, max(c.retirement_age_mean, 50.0), 301)
        s50 = c.initial_share_50plus
        age_factor = ((1 - s50) * np.exp(-c.leave_age_slope * (young - 40)).mean()
                      + s50 * np.exp(-c.leave_age_slope * (old - 40)).mean())
        self._leave0 = h_leave / (((1 - b) + b * c.leave_burnout_rr) * age_factor)
        self._burn_recover = 1.0 / c.burnout_weeks
        # Burnt-out staff leave at the mean age factor (1 at age 40 would bias prevalence).
        leave_b = self._leave0 * c.leave_burnout_rr * age_factor
        self._burn_onset0 = b * (self._burn_recover + leave_b) / max(1 - b, 1e-9)
        self._sick_recover = 1.0 / c.absence_weeks
        self._sick_onset0 = np.array([
            _solve_onset(a, self._sick_recover, b, c.burnout_absence_rr)
            for a in c.absence_rate])
        self._fte_mean = np.asarray(c.fte_per_head, float)
        pt = PART_TIME_LEVELS.mean()
        self._full_time_share = np.clip((self._fte_mean - pt) / (1 - pt), 0.0, 1.0)
        self._direct = np.asarray(c.direct_share, np.float32)
        self._hours_factor = np.float32(c.hours_per_fte) * self._direct  # h per present FTE

    # -- professionals: columns ----------------------------------------------------------

    def _col(self, name: str) -> np.ndarray:
        return self._cols[name][: self._n]

    staff_type = property(lambda self: self._col("staff_type"),
                          doc="Staff type index per professional (int8).")
    employer = property(lambda self: self._col("employer"),
                        doc="Employer id per professional (int32).")
    fte = property(lambda self: self._col("fte"), doc="Contract size in FTE (float32).")
    age = property(lambda self: self._col("age"), doc="Age in years (float32).")
    tenure_weeks = property(lambda self: self._col("tenure_weeks"),
                            doc="Weeks worked at the current employer (int32).")
    absent = property(lambda self: (self._refresh(), self._col("absent"))[1],
                      doc="Absent this week: sick or hit by the absence shock (bool).")
    burnout = property(lambda self: self._col("burnout"), doc="In burnout (bool).")
    active = property(lambda self: self._col("active"), doc="On the payroll (bool).")
    pending = property(lambda self: self._col("pending"),
                       doc="Hired, starts at ``start_week`` (bool).")
    start_week = property(lambda self: self._col("start_week"),
                          doc="First working week of a pending hire (int32).")
    sick = property(lambda self: self._col("sick"), doc="On sickness absence (bool).")
    retirement_age = property(lambda self: self._col("retirement_age"),
                              doc="Age at which the professional retires (float32).")
    side = property(lambda self: self._col("side"),
                    doc="Side-entrant (zij-instromer), trained on the job (bool).")

    @property
    def pool_stock(self) -> np.ndarray:
        """Candidates in the labour pool waiting for a post, by staff type."""
        return self._pool_stock

    @property
    def n(self) -> int:
        """Rows in use (active, pending and free rows of former staff)."""
        return self._n

    def _alloc(self, m: int) -> np.ndarray:
        """Return ``m`` free rows, reusing rows of leavers first and growing if needed."""
        if m <= 0:
            return np.zeros(0, np.int64)
        free = np.flatnonzero(~self.active & ~self.pending)[:m]
        extra = m - len(free)
        if extra > 0:
            start = self._n
            if start + extra > self._cap:
                cap = max(64, 2 * self._cap, start + extra)
                for name, arr in self._cols.items():
                    new = np.zeros(cap, arr.dtype)
                    new[: self._n] = arr[: self._n]
                    self._cols[name] = new
                self._cap = cap
            self._n = start + extra
            free = np.concatenate([free, np.arange(start, start + extra)])
        return free

    def _draw_fte(self, rng: np.random.Generator, t: int, m: int) -> np.ndarray:
        full = rng.random(m) < self._full_time_share[t]
        part = PART_TIME_LEVELS[rng.integers(0, len(PART_TIME_LEVELS), m)]
        return np.where(full, 1.0, part)

    def _draw_retirement(self, rng: np.random.Generator, m: int) -> np.ndarray:
        c = self.cfg
        return np.clip(rng.normal(c.retirement_age_mean, c.retirement_age_sd, m),
                       *RETIREMENT_AGE_RANGE)

    def _place(self, rows: np.ndarray, employer: int | np.ndarray, fte: np.ndarray,
               age: np.ndarray,
               retire: np.ndarray) -> None:
        """Write fresh professionals into ``rows`` (callers set the remaining state)."""
        c = self._cols
        c["staff_type"][rows] = self._emp_type[employer]
        c["employer"][rows] = employer
        c["fte"][rows] = fte
        c["age"][rows] = age
        c["retirement_age"][rows] = retire
        c["tenure_weeks"][rows] = 0
        for flag in ("absent", "burnout", "active", "pending", "sick", "side"):
            c[flag][rows] = False
        c["start_week"][rows] = -1
        c["shock_u"][rows] = 1.0

    # -- employers -----------------------------------------------------------------------

    def add_employer(self, name: str, staff_type: str | int, target_fte: float) -> int:
        """Register an employer and hire its initial staff; return its id (0, 1, 2, ...).

        Initial staff fill ``target_fte * (1 - initial_vacancy)`` with the part-time mix of
        the staff type, an ageing age structure (``initial_share_50plus`` aged 50 to their
        retirement age, the rest 20-50), a tenure up to their working life, and burnout and
        sickness at their stationary shares, so a run needs no burn-in. The employer's
        initial target also adds to its staff type's labour pool (later target changes do
        not: a funded extra target competes for the same candidates).

        Args:
            name: Label for output and the dashboard.
            staff_type: One of :data:`STAFF_TYPES` (or its index).
            target_fte: FTE the employer aims to employ.
        """
        t = staff_type_index(staff_type)
        if not np.isfinite(target_fte) or target_fte < 0:
            raise ValueError(f"target_fte must be a finite number >= 0, got {target_fte!r}")
        e = self._n_emp
        self._n_emp += 1
        self._emp_name.append(str(name))
        self._emp_type = np.append(self._emp_type, np.int8(t))
        self._emp_target = np.append(self._emp_target, float(target_fte))
        self._emp_workload = np.append(self._emp_workload, 1.0)
        self._emp_demand = np.append(self._emp_demand, np.nan)
        self._pool_base_fte[t] += float(target_fte)
        # Candidates already waiting: a full buffer for the new employer's share.
        self._pool_stock[t] = max(self._pool_stock[t] + self.cfg.labour_pool[t] / 1000.0
                                  * float(target_fte) / WEEKS_PER_YEAR
                                  * self.cfg.pool_buffer_weeks, 1.0)

        c, rng = self.cfg, self._rng_init
        fill = float(target_fte) * (1 - c.initial_vacancy[t])
        k = int(np.ceil(fill / PART_TIME_LEVELS.min())) + 2
        fte = self._draw_fte(rng, t, k)
        m = int(np.searchsorted(np.cumsum(fte) - fte / 2, fill, side="right"))
        fte = fte[:m]
        retire = self._draw_retirement(rng, m)
        old = rng.random(m) < c.initial_share_50plus
        u = rng.random(m)
        age = np.where(old, 50 + u * np.maximum(retire - 50, 0), 20 + 30 * u)
        rows = self._alloc(m)
        self._place(rows, e, fte, age, retire)
        cols = self._cols
        cols["active"][rows] = True
        cols["tenure_weeks"][rows] = (rng.random(m) * np.maximum(age - 19, 0)
                                      * WEEKS_PER_YEAR).astype(np.int32)
        b = c.burnout_prevalence
        burn = rng.random(m) < b
        p0 = self._sick_onset0[t]
        p1 = min(p0 * c.burnout_absence_rr, 1.0)
        r = self._sick_recover
        a = np.where(burn, p1 / (p1 + r), p0 / (p0 + r)) if p0 > 0 else np.zeros(m)
        cols["burnout"][rows] = burn
        cols["sick"][rows] = rng.random(m) < a
        cols["shock_u"][rows] = rng.random(m)
        self._cache = None
        return e

    def set_target(self, employer: int, target_fte: float) -> None:
        """Change an employer's target FTE (e.g. funded extra hiring, a new contingent).

        Vacancies open at once and are filled from the labour pool over the coming weeks;
        a lower target is reached by attrition (nobody is dismissed).
        """
        self._check_employer(employer)
        if not np.isfinite(target_fte) or target_fte < 0:
            raise ValueError(f"target_fte must be a finite number >= 0, got {target_fte!r}")
        self._emp_target[employer] = float(target_fte)

    def _check_employer(self, employer: int) -> None:
        if not 0 <= employer < self._n_emp:
            raise IndexError(f"unknown employer {employer}; ids are 0-{self._n_emp - 1}")

    # -- shocks --------------------------------------------------------------------------

    @property
    def absence_shock(self) -> float:
        """Extra share of staff absent, all employers (lever ``workforce.absence_shock``)."""
        return float(self.levers.value("workforce.absence_shock"))

    @absence_shock.setter
    def absence_shock(self, share: float) -> None:
        """Set an experiment's absence shock (source ``experiment`` of the lever)."""
        share = float(share)
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"absence_shock must be a share 0-1, got {share!r}")
        self.levers.set("workforce.absence_shock", "experiment", share or None)

    def set_absence_shock(self, share: float, staff_type: str | int | None = None) -> None:
        """Set the absence shock for all staff, or for one staff type on top of the global one.

        A professional who is not sick is absent with probability
        ``1 - (1 - absence_shock) * (1 - shock of their type)``, from one uniform draw per
        professional and week, so a larger shock removes a superset of staff.
        """
        share = float(share)
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"absence shock must be a share 0-1, got {share!r}")
        if staff_type is None:
            self.absence_shock = share
        else:
            self._shock_by_type[staff_type_index(staff_type)] = share

    @property
    def absence_shock_by_type(self) -> np.ndarray:
        """(4,) per-type absence shock (a copy; set it with :meth:`set_absence_shock`)."""
        return self._shock_by_type.copy()

    # -- weekly step ---------------------------------------------------------------------

    weekly_steps = (
        Step("capacity", "week_step", "staff absence, burnout, attrition and hiring; this "
             "week's hours per employer"),
    )

    def week_step(self, w: Week) -> None:
        """Plan step: the workforce's week."""
        self.step(w.week)

    def step(self, week: int) -> None:
        """Advance one week, before care is delivered (docs/design.md §12, phase 3 capacity).

        In order: pending hires whose start week has come join the payroll; everyone ages a
        week; attrition (retirement at one's retirement age, leaving with a hazard raised by
        burnout and last week's workload and falling with age); burnout onset (hazard rising
        with workload) and recovery; sickness onset (raised by burnout and workload) and
        recovery; hiring into vacancies (target - employed - pending FTE) by search, within
        the labour pool, with a start delay.
        Reads each employer's last reported workload; writes the professionals' columns and
        the week counters.
        """
        self.week = int(week)
        c = self.cfg
        cols = self._cols
        n = self._n
        k = len(STAFF_TYPES)
        self.leavers_week = np.zeros(k, np.int64)
        self.retirements_week = np.zeros(k, np.int64)
        self.hires_week = np.zeros(k, np.int64)
        self.offers_week = np.zeros(k, np.int64)
        self.side_hires_week = 0
        # One block of uniforms per week for every row: the draw of a row does not depend
        # on what happens to other rows (common random numbers between scenarios).
        u = self._rng_week.random((3, n), np.float32)
        shock_u = self._rng_shock.random(n, np.float32)
        if n:
            active, pending = cols["active"][:n], cols["pending"][:n]
            stype = cols["staff_type"][:n]
            # Start pending hires.
            start = pending & (cols["start_week"][:n] <= week)
            if start.any():
                active |= start
                pending &= ~start
                cols["tenure_weeks"][:n][start] = 0
                self.hires_week = np.bincount(stype[start], minlength=k)
            # Ageing and tenure.
            age = cols["age"][:n]
            age += np.float32(1 / WEEKS_PER_YEAR) * (active | pending)
            cols["tenure_weeks"][:n] += active
            burn, sick = cols["burnout"][:n], cols["sick"][:n]
            # Workload multipliers per employer (few), then gathered per professional.
            w = np.minimum(self._emp_workload[: self._n_emp], c.workload_max) - 1.0
            emp = cols["employer"][:n]
            f_leave = np.exp(c.leave_workload_slope * w).astype(np.float32)[emp]
            f_burn = np.exp(c.burnout_workload_slope * w).astype(np.float32)[emp]
            f_sick = np.exp(c.absence_workload_slope * w).astype(np.float32)[emp]
            # Attrition.
            retire = active & (age >= cols["retirement_age"][:n])
            h = (np.float32(self._leave0) * f_leave
                 * np.exp(np.float32(-c.leave_age_slope) * (age - np.float32(40.0)))
                 * np.where(burn, np.float32(c.leave_burnout_rr), np.float32(1.0)))
            leave_factor = self.levers.value("workforce.leave_factor")
            if (leave_factor != 1).any():
                h = h * leave_factor.astype(np.float32)[stype]
            leave = active & ~retire & (u[0] < -np.expm1(-h))
            gone = retire | leave
            if gone.any():
                self.retirements_week = np.bincount(stype[retire], minlength=k)
                self.leavers_week = np.bincount(stype[gone], minlength=k)
                active &= ~gone
                burn &= ~gone
                sick &= ~gone
            # Burnout onset and recovery (Markov, one uniform per row).
            h_b = np.float32(self._burn_onset0) * f_burn
            burnout_factor = self.levers.value("workforce.burnout_factor")
            if (burnout_factor != 1).any():
                h_b = h_b * burnout_factor.astype(np.float32)[stype]
            onset = ~burn & (u[1] < -np.expm1(-h_b))
            recover = burn & (u[1] < np.float32(self._burn_recover))
            burn |= onset
            burn &= ~recover
            burn &= active
            # Sickness onset and recovery.
            p = (self._sick_onset0.astype(np.float32)[stype]
                 * f_sick
                 * np.where(burn, np.float32(c.burnout_absence_rr), np.float32(1.0)))
            s_on = ~sick & (u[2] < np.minimum(p, np.float32(1.0)))
            s_off = sick & (u[2] < np.float32(self._sick_recover))
            sick |= s_on
            sick &= ~s_off
            sick &= active
            cols["shock_u"][:n] = shock_u
        self._hire(week)
        self._cache = None

    def _hire(self, week: int) -> None:
        """Fill open vacancies by search, within the labour pool; hires start after a delay.

        Each open vacancy (target - employed - pending FTE, counted in typical contracts)
        finds a candidate with probability ``1 / search_weeks`` a week, so hiring follows
        vacancies and a team that loses staff recruits faster. Every hire uses one candidate
        of the staff type's labour pool: ``labour_pool`` candidates per year per 1,000 FTE
        of initial target (times ``pool_factor``), of whom at most ``pool_buffer_weeks``
        weeks' worth wait for a post; the rest go to other sectors. When the pool is empty,
        vacancies stay open. A candidate is hired if at least half its contract fits the
        vacancy. Employers are served in random order, so scarce candidates are shared.
        """
        if self._n_emp == 0:
            return
        c, rng = self.cfg, self._rng_hire
        k, m_emp = len(STAFF_TYPES), self._n_emp
        factor = self.pool_factor
        if self.levers.is_set("workforce.labour_pool_factor"):
            factor = factor * self.levers.value("workforce.labour_pool_factor")
        inflow = (np.asarray(c.labour_pool) / 1000.0 * self._pool_base_fte * factor
                  / WEEKS_PER_YEAR)
        # At least one candidate can wait, or a small team could never hire.
        cap = np.maximum(inflow * c.pool_buffer_weeks, 1.0)
        self._pool_stock = np.minimum(self._pool_stock + inflow, cap)
        # Open vacancies per employer.
        n, cols = self._n, self._cols
        held = cols["active"][:n] | cols["pending"][:n]
        filled = np.bincount(cols["employer"][:n][held], weights=cols["fte"][:n][held],
                             minlength=m_emp)
        etype = self._emp_type[:m_emp]
        open_fte = self._emp_target[:m_emp] - filled
        search = np.asarray(c.search_weeks)[etype]
        lam = np.maximum(open_fte, 0) / self._fte_mean[etype] / search
        offers = rng.poisson(lam)
        order = rng.permutation(m_emp)
        total_m = int(offers.sum())
        if total_m == 0:
            return
        # Candidate draws for every offer, whether or not it turns into a hire.
        otype = np.repeat(etype, offers).astype(np.int64)
        oemp = np.repeat(np.arange(m_emp), offers)
        first = np.concatenate([[0], np.cumsum(offers)[:-1]])
        full = rng.random(total_m) < self._full_time_share[otype]
        fte = np.where(full, 1.0, PART_TIME_LEVELS[rng.integers(0, len(PART_TIME_LEVELS),
                                                                 total_m)])
        delay = 1 + rng.poisson(max(c.hiring_delay_weeks - 1, 0), total_m)
        age = np.clip(rng.normal(c.hire_age_mean, c.hire_age_sd, total_m), *HIRE_AGE_RANGE)
        retire = np.maximum(self._draw_retirement(rng, total_m), age + 1)
        stock = self._pool_stock.tolist()
        open_l = open_fte.tolist()
        fte_l = fte.tolist()
        hired: list[int] = []
        for e in order.tolist():  # tens of employers, a handful of offers: plain Python
            t = int(etype[e])
            for j in range(int(first[e]), int(first[e] + offers[e])):
                if stock[t] < 1.0:
                    break
                if open_l[e] < fte_l[j] / 2:
                    continue
                open_l[e] -= fte_l[j]
                stock[t] -= 1.0
                hired.append(j)
        self._pool_stock = np.asarray(stock)
        if not hired:
            return
        h = np.asarray(hired)
        rows = self._alloc(len(h))
        self._place(rows, oemp[h], fte[h], age[h], retire[h])
        self._cols["pending"][rows] = True
        self._cols["start_week"][rows] = week + delay[h]
        side_share = self.levers.value("workforce.side_entrant_share")
        if side_share > 0:
            side = self._rng_side.random(len(h)) < side_share
            self._cols["side"][rows] = side
            self.side_hires_week = int(side.sum())
        self.offers_week = np.bincount(otype[h], minlength=k)

    # -- this week's capacity ------------------------------------------------------------

    def _refresh(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per-employer (employed FTE, present FTE, available hours), cached per shock."""
        lv = self.levers
        shock = lv.value("workforce.absence_shock")
        key = (lv.version["workforce.absence_shock"], lv.version["workforce.pool_share"],
               lv.version["workforce.side_entrant_share"], *self._shock_by_type.tolist())
        if self._cache is not None and self._cache_key == key:
            return self._cache
        n, cols, c = self._n, self._cols, self.cfg
        active = cols["active"][:n]
        stype = cols["staff_type"][:n]
        keep = (1 - shock) * (1 - self._shock_by_type)
        shocked = cols["shock_u"][:n] >= keep.astype(np.float32)[stype]
        absent = active & (cols["sick"][:n] | shocked)
        cols["absent"][:n] = absent
        present = active & ~absent
        fte = cols["fte"][:n]
        emp = cols["employer"][:n]
        ramp = np.float32(1.0)
        tenure = cols["tenure_weeks"][:n]
        if c.ramp_weeks > 0:
            ramp = np.minimum(np.float32(c.ramp_start) + np.float32(1 - c.ramp_start)
                              * tenure / np.float32(c.ramp_weeks), np.float32(1.0))
        side = cols["side"][:n]
        if lv.value("workforce.side_entrant_share") > 0 or side.any():
            s0 = np.float32(lv.value("workforce.side_entrant_ramp_start"))
            sw = np.float32(max(lv.value("workforce.side_entrant_ramp_weeks"), 1e-9))
            ramp = np.where(side, np.minimum(s0 + (1 - s0) * tenure / sw, np.float32(1.0)),
                            ramp)
        prod = ramp * np.where(cols["burnout"][:n], np.float32(c.burnout_productivity),
                               np.float32(1.0))
        m = self._n_emp
        employed = np.bincount(emp, weights=fte * active, minlength=m)
        present_fte = np.bincount(emp, weights=fte * present, minlength=m)
        hours = np.bincount(emp, weights=fte * present * prod * self._hours_factor[stype],
                            minlength=m)
        self.pooled_hours = 0.0
        if lv.is_set("workforce.pool_share"):
            hours, present_fte = self._pool(hours, present_fte,
                                            lv.value("workforce.pool_share"))
        self._cache, self._cache_key = (employed, present_fte, hours), key
        return self._cache

    def set_pool(self, share: float, members: np.ndarray | list[int] | None = None, *,
                 source: str = "experiment") -> None:
        """Let up to ``share`` of each member employer's hours move to members short of staff.

        Multi-deployability: staff of an employer with hours to spare (available hours
        above last week's demand) work part of their time for a member employer whose
        demand exceeds its hours. ``members`` are employer indices (default: all);
        ``share`` 0 withdraws ``source``'s pool. This sets ``source``'s value of the lever
        ``workforce.pool_share`` (per employer; several sources: the largest share).
        """
        if not 0.0 <= float(share) <= 1.0:
            raise ValueError(f"pool share must be 0-1, got {share!r}")
        self.levers.set("workforce.pool_share", source,
                        pool_shares(share, self._n_emp, members) if share > 0 else None)

    def _pool(self, hours: np.ndarray, present: np.ndarray, shares: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
        """Move spare hours to short member employers; present FTE follows the hours."""
        share = np.zeros(len(hours))
        share[: len(shares)] = shares[: len(hours)]
        m = share > 0
        demand = self._emp_demand[: len(hours)]
        demand = np.where(np.isnan(demand), hours, demand)
        lend = np.minimum(np.maximum(hours - demand, 0), share * hours) * m
        short = np.maximum(demand - hours, 0) * m
        moved = min(float(lend.sum()), float(short.sum()))
        if moved <= 0:
            return hours, present
        delta = short * (moved / short.sum()) - lend * (moved / lend.sum())
        mean_ratio = float(present[m].sum() / max(hours[m].sum(), 1e-9))
        fte_per_hour = np.divide(present, hours, out=np.full_like(hours, mean_ratio),
                                 where=hours > 0)
        self.pooled_hours = moved
        return hours + delta, present + delta * fte_per_hour

    def available_hours(self, employer: int) -> float:
        """This week's direct-care hours of the employer's present (not absent) staff.

        ``sum(fte) * hours_per_fte * direct_share * productivity`` over present staff;
        productivity is below 1 for new hires (ramp) and staff in burnout. Never more than
        employed FTE x hours per FTE.
        """
        self._check_employer(employer)
        return float(self._refresh()[2][employer])

    def total_employed_fte(self) -> float:
        """FTE on all employers' payrolls this week."""
        return float(self._refresh()[0].sum())

    def present_fte(self, employer: int) -> float:
        """FTE present this week (not sick, not hit by the absence shock), for staffing norms."""
        self._check_employer(employer)
        return float(self._refresh()[1][employer])

    def employed_fte(self, employer: int) -> float:
        """FTE on the employer's payroll (absent staff included, pending hires not)."""
        self._check_employer(employer)
        return float(self._refresh()[0][employer])

    def vacancy_fte(self, employer: int) -> float:
        """Target minus employed FTE (0 if the employer is at or above target)."""
        self._check_employer(employer)
        return max(float(self._emp_target[employer] - self._refresh()[0][employer]), 0.0)

    def report_demand(self, employer: int, demand_hours: float) -> None:
        """Record the employer's demand for this week; workload = demand / available hours.

        Call after :meth:`step` (and after any change of the absence shock) in the same
        week. The workload drives next week's burnout, absence and leaving; without a new
        report an employer keeps its last workload (1.0 at the start). With no staff
        available, any positive demand counts as ``workload_max``.
        """
        self._check_employer(employer)
        demand = float(demand_hours)
        if not np.isfinite(demand) or demand < 0:
            raise ValueError(f"demand_hours must be a finite number >= 0, got {demand_hours!r}")
        avail = self._refresh()[2][employer]
        self._emp_demand[employer] = demand
        cap = self.cfg.workload_max
        no_staff = cap if demand > 0 else 0.0
        self._emp_workload[employer] = min(demand / avail, cap) if avail > 0 else no_staff

    # -- per-employer views --------------------------------------------------------------

    @property
    def target_fte(self) -> np.ndarray:
        """Target FTE per employer (a view)."""
        return self._emp_target[: self._n_emp]

    @property
    def workload(self) -> np.ndarray:
        """Last workload per employer (a view)."""
        return self._emp_workload[: self._n_emp]

    # -- output --------------------------------------------------------------------------

    def staff_figures(self) -> dict[str, np.ndarray]:
        """This week's figures per staff type, arrays of shape (4,) in STAFF_TYPES order.

        Keys: employed_fte, present_fte, target_fte, vacancy_fte (sum over employers of
        max(target - employed, 0)), pending_fte (hired, not started), workload (mean of the
        employers' workloads weighted by employed FTE), burnout and absent (counts of staff),
        headcount, leavers_week (retirements included), retirements_week, hires_week
        (started this week), offers_week (hired this week, starting later), available_hours.
        """
        k = len(STAFF_TYPES)
        employed, present, hours = self._refresh()
        et = self._emp_type[: self._n_emp]
        target = self._emp_target[: self._n_emp]
        n, cols = self._n, self._cols
        active = cols["active"][:n]
        pend = cols["pending"][:n]
        stype = cols["staff_type"][:n]

        def by_type(x: np.ndarray) -> np.ndarray:
            return np.bincount(et, weights=x, minlength=k).astype(float)

        emp_fte = by_type(employed)
        wl = by_type(self.workload * employed)
        return {
            "employed_fte": emp_fte,
            "present_fte": by_type(present),
            "target_fte": by_type(target),
            "vacancy_fte": by_type(np.maximum(target - employed, 0.0)),
            "pending_fte": np.bincount(stype[pend], weights=cols["fte"][:n][pend],
                                       minlength=k).astype(float),
            "available_hours": by_type(hours),
            "workload": np.divide(wl, emp_fte, out=np.zeros(k), where=emp_fte > 0),
            "burnout": np.bincount(stype[active & cols["burnout"][:n]], minlength=k)
            .astype(float),
            "absent": np.bincount(stype[active & cols["absent"][:n]], minlength=k)
            .astype(float),
            "headcount": np.bincount(stype[active], minlength=k).astype(float),
            "leavers_week": self.leavers_week.astype(float),
            "retirements_week": self.retirements_week.astype(float),
            "hires_week": self.hires_week.astype(float),
            "offers_week": self.offers_week.astype(float),
        }

    def view(self, i: int) -> ProfessionalView:
        """One professional's state (row ``i``)."""
        if not 0 <= i < self._n:
            raise IndexError(f"no professional {i}; rows are 0-{self._n - 1}")
        self._refresh()
        c = self._cols
        e = int(c["employer"][i])
        return ProfessionalView(
            id=i, staff_type=STAFF_TYPES[int(c["staff_type"][i])],
            employer=self._emp_name[e] if e < self._n_emp else "",
            fte=float(c["fte"][i]), age=float(c["age"][i]),
            tenure_weeks=int(c["tenure_weeks"][i]), absent=bool(c["absent"][i]),
            burnout=bool(c["burnout"][i]), active=bool(c["active"][i]),
            pending=bool(c["pending"][i]))
