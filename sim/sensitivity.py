"""Sensitivity analysis: which assumptions drive the headline results (SALib).

    python -m sim.sensitivity                               # Morris screening, all factors
    python -m sim.sensitivity --method sobol \
        --factors informal.sustainable_share,policies.carer_support.coaching_factor

The factors are the policies' effect assumptions (there are no published effect sizes) and
the main behavioural assumptions of the model, each varied over its documented range with
every policy of the ``alles_samen`` scenario switched on. Morris elementary effects
(``mu_star``, the mean absolute effect, with its bootstrap interval; ``sigma``, a sign of
interactions or non-linearity) rank many factors cheaply; Sobol indices (first order and
total) quantify a few. Runs go in parallel on all local cores. Writes ``runs.parquet``
(every sample and its outcomes), ``ranking.csv``, ``ranking.md`` and one ``<outcome>.png``
bar chart per outcome into ``--out``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from omegaconf import OmegaConf

from sim.config import Config, ConfigError, from_container, schema_field, to_dict
from sim.metrics import METRICS
from sim.results import commit, parquet_writer, stage, text_writer

SCENARIO = Path(__file__).resolve().parent.parent / "configs" / "scenario" / "alles_samen.yaml"

# Factor (config key below ``policies.`` for policy assumptions) and its range, from the
# documented assumption ranges (docs/ODD.md 8.7-8.15).
FACTORS: dict[str, tuple[float, float]] = {
    "policies.zorgzame_buurten.neighbour_willingness_factor": (1.0, 4.0),
    "policies.zorgzame_buurten.volunteer_hours": (0.0, 60.0),
    "policies.zorgzame_buurten.outreach_prob": (0.0, 0.2),
    "policies.zorgzame_buurten.lonely_odds": (0.7, 1.0),
    "policies.carer_support.coaching_factor": (0.5, 0.9),
    "policies.carer_support.care_leave_share": (0.2, 0.7),
    "policies.carer_support.allowance_willingness_factor": (1.0, 1.3),
    "policies.prevention.frailty_shift_per_year": (0.05, 0.3),
    "policies.flexible_norms.pool_share": (0.0, 0.2),
    "policies.flexible_norms.workable_work_burnout_factor": (0.6, 1.0),
    "policies.extra_contingent.pool_response": (0.0, 2.0),
    "informal.sustainable_share": (0.1, 0.4),
    "informal.care_share_of_free": (0.3, 0.8),
    "homecare.weight_no_informal": (0.0, 1.0),
    "residential.referral_prob": (0.004, 0.016),
    "consequences.lonely_base": (0.3, 0.5),
}
OUTCOMES = ("share_unmet", "carers_overloaded_share", "lonely_share", "wzc_waiting_mean",
            "cost_public_per_year")


def base_config(population: int, years: int) -> dict[str, Any]:
    """The alles_samen scenario as a plain dict, at the given size and horizon."""
    data = OmegaConf.to_container(OmegaConf.merge(to_dict(Config()), OmegaConf.load(SCENARIO)))
    data["municipality"]["population"] = population
    data["municipality"]["neighbourhoods"] = max(2, population // 1700)
    data["years"] = years
    return data


def _with(data: dict[str, Any], values: dict[str, float], seed: int) -> Config:
    import copy

    d = copy.deepcopy(data)
    d["seed"] = seed
    for key, value in values.items():
        node = d
        *path, leaf = key.split(".")
        for part in path:
            node = node[part]
        node[leaf] = int(round(value)) if isinstance(node[leaf], int) else float(value)
    return from_container(d)


def run_one(data: dict[str, Any], values: dict[str, float], seed: int) -> dict[str, float]:
    """Simulate one sample and return its headline outcomes."""
    import logging

    from sim.model import CareModel
    from sim.run import care_summary

    logging.getLogger("MESA").setLevel(logging.WARNING)
    model = CareModel(_with(data, values, seed))
    model.run()
    s = care_summary(model)
    return {k: float(s[k]) for k in OUTCOMES}


def check_factors(names: list[str]) -> None:
    """Every factor must be a numeric setting of the schema with a known range."""
    for name in names:
        f = schema_field(name)
        if name not in FACTORS or f is None:
            raise ConfigError(name, "", "allowed factors: " + ", ".join(FACTORS))


def analyse(method: str, names: list[str], samples: np.ndarray, outputs: dict[str, np.ndarray],
            problem: dict[str, Any], seed: int) -> list[dict[str, Any]]:
    """Per outcome and factor: Morris mu*, its interval and sigma, or Sobol S1 and ST."""
    rows = []
    for outcome, y in outputs.items():
        if method == "morris":
            from SALib.analyze import morris

            r = morris.analyze(problem, samples, y, num_levels=4, seed=seed)
            for i, name in enumerate(names):
                rows.append({"outcome": outcome, "factor": name, "mu_star": r["mu_star"][i],
                             "mu_star_conf": r["mu_star_conf"][i], "sigma": r["sigma"][i]})
        else:
            from SALib.analyze import sobol

            r = sobol.analyze(problem, y, seed=seed)
            for i, name in enumerate(names):
                rows.append({"outcome": outcome, "factor": name, "S1": r["S1"][i],
                             "S1_conf": r["S1_conf"][i], "ST": r["ST"][i],
                             "ST_conf": r["ST_conf"][i]})
    return rows


def _markdown(rows: list[dict[str, Any]], method: str) -> str:
    score = "mu_star" if method == "morris" else "ST"
    out = []
    for outcome in dict.fromkeys(r["outcome"] for r in rows):
        m = METRICS[outcome]
        part = sorted((r for r in rows if r["outcome"] == outcome), key=lambda r: -r[score])
        out += [f"### {m.description} ({m.unit})", "",
                "| factor | " + " | ".join(k for k in part[0] if k not in ("outcome", "factor"))
                + " |", "|---|" + "---|" * (len(part[0]) - 2)]
        out += ["| " + r["factor"] + " | " + " | ".join(f"{r[k]:.4g}" for k in r
                                                      if k not in ("outcome", "factor")) + " |"
                for r in part]
        out += [""]
    return "\n".join(out)


def _bar(rows: list[dict[str, Any]], outcome: str, method: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    score, conf = ("mu_star", "mu_star_conf") if method == "morris" else ("ST", "ST_conf")
    part = sorted((r for r in rows if r["outcome"] == outcome), key=lambda r: r[score])
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(part) + 1.2))
    ax.barh([r["factor"] for r in part], [r[score] for r in part],
            xerr=[r[conf] for r in part], color="C0", alpha=0.8)
    what = "mean absolute elementary effect" if method == "morris" else "total Sobol index"
    ax.set_xlabel(f"{score} ({what})")
    ax.set_title(METRICS[outcome].description, fontsize=9, loc="left")
    ax.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    """Command line: sample, run in parallel, analyse, write tables and figures."""
    ap = argparse.ArgumentParser(prog="python -m sim.sensitivity",
                                 description=__doc__.splitlines()[0])
    ap.add_argument("--method", choices=("morris", "sobol"), default="morris")
    ap.add_argument("--factors", default="", help="comma-separated factors (default: all)")
    ap.add_argument("--trajectories", type=int, default=10,
                    help="Morris trajectories (runs = trajectories x (factors + 1))")
    ap.add_argument("--sobol-n", type=int, default=32,
                    help="Sobol base sample (runs = n x (2 x factors + 2))")
    ap.add_argument("--population", type=int, default=10_000)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0, help="the same town for every sample")
    ap.add_argument("--jobs", type=int, default=-1, help="parallel workers (default: all)")
    ap.add_argument("--out", default="results/sensitivity")
    args = ap.parse_args(argv)
    names = [f for f in args.factors.split(",") if f] or list(FACTORS)
    try:
        check_factors(names)
    except ConfigError as exc:
        print(f"zorgsim sensitivity: {exc}", file=sys.stderr)
        return 2
    problem = {"num_vars": len(names), "names": names, "bounds": [FACTORS[n] for n in names]}
    if args.method == "morris":
        from SALib.sample import morris as sample

        x = sample.sample(problem, args.trajectories, num_levels=4, seed=args.seed)
    else:
        from SALib.sample import sobol as sample

        x = sample.sample(problem, args.sobol_n, seed=args.seed)
    from joblib import Parallel, delayed

    data = base_config(args.population, args.years)
    print(f"{len(x)} runs of {args.population:,} residents for {args.years} years "
          f"({args.method}, {len(names)} factors)", flush=True)
    results = Parallel(n_jobs=args.jobs, verbose=5)(
        delayed(run_one)(data, dict(zip(names, row, strict=True)), args.seed) for row in x)
    outputs = {k: np.array([r[k] for r in results]) for k in OUTCOMES}
    rows = analyse(args.method, names, x, outputs, problem, args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    runs = pa.table({**{n: x[:, i] for i, n in enumerate(names)}, **outputs})
    staged = [(stage(out / "runs.parquet", parquet_writer(runs)), out / "runs.parquet")]
    table = pa.Table.from_pylist(rows)
    import pyarrow.csv as pacsv

    staged.append((stage(out / "ranking.csv", lambda t: pacsv.write_csv(table, t)),
                   out / "ranking.csv"))
    md = _markdown(rows, args.method)
    staged.append((stage(out / "ranking.md", text_writer(md)), out / "ranking.md"))
    for outcome in OUTCOMES:
        png = out / f"{outcome}.png"
        staged.append((stage(png, lambda t, o=outcome: _bar(rows, o, args.method, Path(t))),
                       png))
    commit(staged)
    print(md)
    print(f"Written: {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())

