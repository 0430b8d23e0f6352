"""Sensitivity analysis: which assumptions drive the headline results (SALib).

    python -m sim.sensitivity              # Morris screening (experiments/sensitivity/morris.yaml)
    python -m sim.sensitivity sobol        # Sobol indices for four factors (sobol.yaml)
    python -m sim.sensitivity my_design.yaml --trajectories 20 --jobs 8

An experiment file names the method, the scenario, the town, the outcomes and the factors,
each with its range. The shipped ones vary the policies' effect assumptions (there are no
published effect sizes) and the main behavioural assumptions of the model over their
documented ranges, with every policy of the ``alles_samen`` scenario switched on. Morris
elementary effects (``mu_star``, the mean absolute effect, with its bootstrap interval;
``sigma``, a sign of interactions or non-linearity) rank many factors cheaply; Sobol indices
(first order and total) quantify a few. Runs go in parallel on all local cores. Writes
``runs.parquet`` (every sample and its outcomes), ``ranking.csv``, ``ranking.md`` (which
starts with the drivers of each outcome in words) and one ``<outcome>.png`` bar chart per
outcome into the experiment's ``out`` folder. Nothing is written unless every run finished.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from omegaconf import OmegaConf

from sim.config import Config, ConfigError, field_type, from_container, schema_field, to_dict
from sim.engine.units import WEEKS_PER_YEAR
from sim.outputs.metrics import METRICS
from sim.outputs.results import parquet_writer, text_writer
from sim.outputs.run_store import checkpoint
from sim.tools.options import ToolParser

ROOT = Path(__file__).resolve().parents[2]
EXPERIMENTS = ROOT / "experiments" / "sensitivity"
SCENARIOS = ROOT / "configs" / "scenario"
METHODS = ("morris", "sobol")
OUT_ROOT = "results/sensitivity"
DESIGN_FILE = "design.json"  # which design wrote a results folder (design_of)


@dataclass(frozen=True)
class Experiment:
    """A sensitivity design: what to vary, over which ranges, and what to look at."""

    method: str
    factors: dict[str, tuple[float, float]]
    outcomes: tuple[str, ...]
    scenario: str = "alles_samen"
    population: int = 10_000
    years: int = 5
    burn_in_weeks: int = 52  # output.burn_in_weeks: outcomes are means after it
    seed: int = 0
    trajectories: int = 10
    levels: int = 4
    sobol_n: int = 32
    out: str = ""  # default: results/sensitivity/<design file name> (load_experiment)


def _positive_int(key: str, value: Any, lo: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < lo:
        raise ConfigError(key, value, f"allowed: a whole number from {lo}")
    return value


def check_factor(name: str, bounds: Any) -> tuple[float, float]:
    """A factor must be a numeric setting, its range inside the setting's allowed range."""
    f = schema_field(name)
    tp = field_type(f)[0] if f is not None else ""
    if f is None or tp not in ("float", "int"):
        raise ConfigError(name, bounds, "not a numeric setting of the model (see docs/ODD.md)")
    if (not isinstance(bounds, list | tuple) or len(bounds) != 2
            or not all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds)
            or not bounds[0] < bounds[1]):
        raise ConfigError(name, bounds, "allowed: a range [low, high] with low < high")
    lo, hi = f.metadata.get("lo"), f.metadata.get("hi")
    if (lo is not None and bounds[0] < lo) or (hi is not None and bounds[1] > hi):
        raise ConfigError(name, list(bounds), f"allowed: a range within {lo} to {hi}")
    return float(bounds[0]), float(bounds[1])


def design_path(spec: str) -> Path:
    """The design file of ``spec``: a name in ``experiments/sensitivity/`` or a YAML path."""
    return Path(spec) if spec.endswith((".yaml", ".yml")) else EXPERIMENTS / f"{spec}.yaml"


def default_out(path: Path) -> str:
    """Where a design without ``out:`` writes: a folder named after its file."""
    return f"{OUT_ROOT}/{path.stem}"


def load_experiment(spec: str) -> Experiment:
    """Read and check an experiment: a name in ``experiments/sensitivity/`` or a YAML path.

    A design without ``out:`` writes to ``results/sensitivity/<file name>/``.

    Raises:
        ConfigError: for an unknown experiment, key, method, scenario, outcome or factor,
            or a range outside what the setting allows.
    """
    path = design_path(spec)
    if not path.is_file():
        names = ", ".join(sorted(p.stem for p in EXPERIMENTS.glob("*.yaml")))
        raise ConfigError("experiment", spec, f"no such file; shipped experiments: {names}")
    try:
        raw = OmegaConf.to_container(OmegaConf.load(path))
    except Exception as exc:  # YAML syntax: the first line and where
        text = str(exc).strip().splitlines()
        mark = next((ln.strip() for ln in text if "line" in ln), "")
        raise ConfigError.plain(f"cannot read {path}: {text[0] if text else exc}"
                                + (f" ({mark})" if mark and mark != text[0] else "")) from None
    if not isinstance(raw, dict):
        raise ConfigError.plain(f"{path}: an experiment is a mapping of settings "
                                "(method:, factors:, outcomes: ...), not a list or a value")
    known = set(Experiment.__dataclass_fields__)
    for key in raw:
        if key not in known:
            raise ConfigError(key, raw[key], "unknown key; allowed: " + ", ".join(sorted(known)))
    if raw.get("method") not in METHODS:
        raise ConfigError("method", raw.get("method"), "allowed: " + ", ".join(METHODS))
    if not isinstance(raw.get("factors"), dict) or not raw["factors"]:
        raise ConfigError("factors", raw.get("factors"), "allowed: setting: [low, high] lines")
    factors = {name: check_factor(name, b) for name, b in raw["factors"].items()}
    outcomes = tuple(raw.get("outcomes") or ())
    for o in outcomes or ("",):
        if o not in METRICS:
            raise ConfigError("outcomes", o, "allowed: metric names from docs/ODD.md section 7")
    scenario = raw.get("scenario", "alles_samen")
    names = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))
    if scenario not in names:
        raise ConfigError("scenario", scenario, "allowed: " + ", ".join(names))
    exp = Experiment(**{**raw, "factors": factors, "outcomes": outcomes,
                        "out": raw.get("out", default_out(path))})
    return checked_sizes(exp)


def checked_sizes(exp: Experiment) -> Experiment:
    """Check the run-size settings (also after command-line overrides)."""
    from sim.tools.options import check_option

    check_option("population", "municipality.population", exp.population)
    check_option("years", "years", exp.years)
    weeks = exp.years * WEEKS_PER_YEAR
    if isinstance(exp.burn_in_weeks, bool) or not isinstance(exp.burn_in_weeks, int) or \
            not 0 <= exp.burn_in_weeks < weeks:
        raise ConfigError("burn_in_weeks", exp.burn_in_weeks, f"allowed: 0 to {weeks - 1} "
                          f"(less than the {exp.years}-year horizon); lower --burn-in-weeks "
                          "or raise --years")
    check_option("seed", "seed", exp.seed)
    if not isinstance(exp.out, str) or not exp.out:
        raise ConfigError("out", exp.out, "allowed: a folder name")
    _positive_int("trajectories", exp.trajectories, 2)
    _positive_int("levels", exp.levels, 2)
    _positive_int("sobol_n", exp.sobol_n, 2)
    return exp


def base_config(exp: Experiment) -> dict[str, Any]:
    """The experiment's scenario as a plain dict, at its size and horizon."""
    scenario = OmegaConf.load(SCENARIOS / f"{exp.scenario}.yaml")
    data = OmegaConf.to_container(OmegaConf.merge(to_dict(Config()), scenario))
    data["municipality"]["population"] = exp.population
    data["municipality"]["neighbourhoods"] = None  # from the population (buurt_size)
    data["years"] = exp.years
    data["output"]["burn_in_weeks"] = exp.burn_in_weeks
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
        whole = field_type(schema_field(key))[0] == "int"
        node[leaf] = int(round(value)) if whole else float(value)
    return from_container(d)


def run_one(data: dict[str, Any], values: dict[str, float], seed: int,
            outcomes: tuple[str, ...]) -> dict[str, float]:
    """Simulate one sample and return its outcomes."""
    import logging

    from sim.model import CareModel
    from sim.outputs.run import care_summary
    from sim.tools.processes import stop_with_parent

    stop_with_parent()
    logging.getLogger("MESA").setLevel(logging.WARNING)
    model = CareModel(_with(data, values, seed))
    model.run(min(1, model.n_weeks))
    checkpoint("simulating")
    model.run()
    s = care_summary(model, model.cfg.output.burn_in_weeks)  # as the run summary has them
    return {k: float(s[k]) for k in outcomes}


def analyse(exp: Experiment, samples: np.ndarray, outputs: dict[str, np.ndarray]
            ) -> list[dict[str, Any]]:
    """Per outcome and factor: Morris mu*, its interval and sigma, or Sobol S1 and ST."""
    method, names, seed = exp.method, list(exp.factors), exp.seed
    rows = []
    for outcome, y in outputs.items():
        if method == "morris":
            from SALib.analyze import morris

            r = morris.analyze(problem(exp), samples, y, num_levels=exp.levels, seed=seed)
            for i, name in enumerate(names):
                rows.append({"outcome": outcome, "factor": name, "mu_star": r["mu_star"][i],
                             "mu_star_conf": r["mu_star_conf"][i], "sigma": r["sigma"][i]})
        else:
            from SALib.analyze import sobol

            with np.errstate(divide="ignore", invalid="ignore"):  # constant outcome: nan
                r = sobol.analyze(problem(exp), y, seed=seed)
            for i, name in enumerate(names):
                rows.append({"outcome": outcome, "factor": name, "S1": r["S1"][i],
                             "S1_conf": r["S1_conf"][i], "ST": r["ST"][i],
                             "ST_conf": r["ST_conf"][i]})
    return rows


def _score(method: str) -> tuple[str, str]:
    return ("mu_star", "mu_star_conf") if method == "morris" else ("ST", "ST_conf")


def drivers(rows: list[dict[str, Any]], method: str, share: float = 0.8) -> list[str]:
    """Per outcome, in words: the factors that together make up most of the effect.

    A factor is named if it is among the largest that together reach ``share`` of the summed
    scores, and its interval does not include zero (Morris) or its total index is above 0.05
    (Sobol); the rest is called negligible.
    """
    score, conf = _score(method)
    lines = []
    for outcome in dict.fromkeys(r["outcome"] for r in rows):
        part = sorted((r for r in rows if r["outcome"] == outcome), key=lambda r: -r[score])
        total = sum(max(r[score], 0.0) for r in part) or 1.0
        named, acc = [], 0.0
        for r in part:
            clear = r[score] > r[conf] if method == "morris" else r[score] > 0.05
            if acc >= share * total or not clear:
                break
            named.append(f"{r['factor']} ({100 * r[score] / total:.0f}%)")
            acc += r[score]
        what = ", then ".join(named) if named else "none of the factors clearly"
        lines.append(f"- **{METRICS[outcome].description}** is driven most by {what}.")
    return lines


def _markdown(rows: list[dict[str, Any]], exp: Experiment) -> str:
    score, _ = _score(exp.method)
    kind = "Morris screening" if exp.method == "morris" else "Sobol indices"
    out = [f"# Sensitivity: {kind}, {len(exp.factors)} factors, scenario {exp.scenario}, "
           f"{exp.population:,} residents x {exp.years} years", "",
           "Shares in brackets: the factor's part of the summed "
           f"{'mu_star' if exp.method == 'morris' else 'total indices'} for that outcome.", "",
           *drivers(rows, exp.method), ""]
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

    score, conf = _score(method)
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


def parser() -> argparse.ArgumentParser:
    """The command line of ``python -m sim.sensitivity``, every option described."""
    ap = ToolParser(
        prog="python -m sim.sensitivity", description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
               "  python -m sim.sensitivity                  Morris screening (morris.yaml)\n"
               "  python -m sim.sensitivity sobol            Sobol indices (sobol.yaml)\n"
               "  python -m sim.sensitivity my_design.yaml --trajectories 20 --jobs 8\n"
               "Options override the design file's values for this run. Results go to the "
               "design's\nout: folder, by default results/sensitivity/<design file name>/. "
               "Guide: docs/researchers.md")
    ap.add_argument("experiment", nargs="?", default="morris",
                    help="a design: a name in experiments/sensitivity/ or a YAML file "
                         "(default: morris)")
    ap.add_argument("--factors", default="",
                    help="comma-separated subset of the design's factors to vary (default: "
                         "all; the others keep the scenario's values)")
    ap.add_argument("--trajectories", type=int, help="Morris trajectories "
                    "(runs = trajectories x (factors + 1); default: the design's)")
    ap.add_argument("--sobol-n", type=int, help="Sobol base sample "
                    "(runs = n x (2 x factors + 2); default: the design's)")
    ap.add_argument("--population", type=int,
                    help="residents of the town of every run (default: the design's)")
    ap.add_argument("--years", type=int, help="horizon of each run in years (default: the "
                    "design's)")
    ap.add_argument("--burn-in-weeks", type=int, help="weeks at the start left out of the "
                    "outcomes (output.burn_in_weeks; default: the design's, else 52)")
    ap.add_argument("--seed", type=int, help="seed of the town and the sampling, the same "
                    "for every sample (default: the design's, else 0)")
    ap.add_argument("--jobs", type=int, default=-1, help="parallel workers (default -1: all "
                    "cores; -2 all but one)")
    ap.add_argument("--out", help="output folder (default: the design's out:, else "
                    "results/sensitivity/<design name>)")
    return ap


def _parse(argv: list[str] | None) -> argparse.Namespace:
    return parser().parse_args(argv)


def _experiment(args: argparse.Namespace) -> Experiment:
    """The experiment file with the command line's overrides applied, checked."""
    exp = load_experiment(args.experiment)
    names = [f for f in args.factors.split(",") if f]
    for name in names:
        if name not in exp.factors:
            raise ConfigError("--factors", name, "allowed: " + ", ".join(exp.factors))
    over = {k: v for k, v in (("trajectories", args.trajectories), ("sobol_n", args.sobol_n),
                              ("population", args.population), ("years", args.years),
                              ("burn_in_weeks", args.burn_in_weeks),
                              ("seed", args.seed), ("out", args.out)) if v is not None}
    if names:
        over["factors"] = {n: exp.factors[n] for n in names}
    return checked_sizes(replace(exp, **over))


def problem(exp: Experiment) -> dict[str, Any]:
    """The experiment's factors as a SALib problem."""
    return {"num_vars": len(exp.factors), "names": list(exp.factors),
            "bounds": list(exp.factors.values())}


def sample(exp: Experiment) -> np.ndarray:
    """The SALib design: one row of factor values per run."""
    if exp.method == "morris":
        from SALib.sample import morris

        return morris.sample(problem(exp), exp.trajectories, num_levels=exp.levels,
                             seed=exp.seed)
    from SALib.sample import sobol

    return sobol.sample(problem(exp), exp.sobol_n, seed=exp.seed)


def check_samples(exp: Experiment, x: np.ndarray, data: dict[str, Any]) -> None:
    """Every sample's configuration must be valid (cross-field rules included).

    Raises:
        ConfigError: naming the sample's factor values and the rule it breaks.
    """
    for i, row in enumerate(x):
        values = dict(zip(exp.factors, row, strict=True))
        try:
            _with(data, values, exp.seed)
        except ConfigError as exc:
            shown = ", ".join(f"{k}={v:.4g}" for k, v in values.items())
            raise ConfigError(exc.key, exc.value, f"{exc.allowed} (sample {i + 1} of "
                              f"{len(x)}: {shown}; narrow the factor ranges)") from None


def n_jobs(jobs: int, runs: int) -> int:
    """Workers at once: ``jobs`` as joblib reads it (-1 all cores), at most one per run."""
    cores = os.cpu_count() or 1
    return max(1, min(runs, cores + 1 + jobs if jobs < 0 else jobs))


def _check_run(exp: Experiment, args: argparse.Namespace) -> tuple[np.ndarray, dict]:
    """Everything a run can be refused for, checked before the first run starts."""
    from sim.tools.options import check_output
    from sim.tools.resources import check_memory

    if args.jobs == 0 or args.jobs < -(os.cpu_count() or 1):
        raise ConfigError("--jobs", args.jobs, "allowed: a number of workers from 1, or -1 "
                          "for all cores (-2 all but one, ...)")
    check_output("--out", Path(exp.out), owned_by_analysis)
    check_same_design(Path(exp.out), design_path(args.experiment))
    x = sample(exp)
    data = base_config(exp)
    check_samples(exp, x, data)
    check_memory([from_container(data)], parallel=n_jobs(args.jobs, len(x)),
                 key="population", fewer="--jobs")
    return x, data


def owned_by_analysis(name: str) -> bool:
    """The files a sensitivity analysis writes into its folder."""
    return name in ("runs.parquet", "ranking.csv", "ranking.md", DESIGN_FILE) \
        or name.endswith(".png")


def design_of(out: Path) -> str | None:
    """The design file whose results ``out`` holds.

    None when ``out`` holds no results, or results written before they named their design.
    """
    import json

    try:
        return str(json.loads((out / DESIGN_FILE).read_text(encoding="utf-8"))["design"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check_same_design(out: Path, design: Path) -> None:
    """Refuse to replace another design's results (a copied design that kept ``out:``).

    Re-running the same design file, with any options, replaces its own results.

    Raises:
        ConfigError: naming both designs and how to write elsewhere.
    """
    earlier = design_of(out)
    if earlier is not None and earlier != str(design.resolve()):
        raise ConfigError("--out", str(out), f"holds the results of another design "
                          f"({earlier}); give this design ({design}) its own folder: "
                          f"--out {default_out(design)}, or out: in its file")


def main(argv: list[str] | None = None) -> int:
    """Command line: sample, run in parallel, analyse, write tables and figures."""
    args = _parse(argv)
    try:
        exp = _experiment(args)
        x, data = _check_run(exp, args)
    except ConfigError as exc:
        print(f"zorgsim sensitivity: {exc}", file=sys.stderr)
        return 2
    names = list(exp.factors)
    from joblib import Parallel, delayed

    from sim.tools.processes import mark_main_process

    mark_main_process()

    print(f"{len(x)} runs of {exp.population:,} residents for {exp.years} years "
          f"({exp.method}, {len(names)} factors, scenario {exp.scenario})", flush=True)
    from tqdm import tqdm

    runs = Parallel(n_jobs=args.jobs, return_as="generator")(
        delayed(run_one)(data, dict(zip(names, row, strict=True)), exp.seed, exp.outcomes)
        for row in x)
    results = list(tqdm(runs, total=len(x), unit="run", desc="sensitivity",
                        disable=not sys.stderr.isatty()))
    outputs = {k: np.array([r[k] for r in results]) for k in exp.outcomes}
    rows = analyse(exp, x, outputs)
    out = Path(exp.out)
    try:
        write(out, exp, x, outputs, rows, design=design_path(args.experiment))
    except OSError as exc:
        print(f"zorgsim sensitivity: could not write {out}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    print(_markdown(rows, exp))
    print(f"Written: {out}/")
    return 0


def write(out: Path, exp: Experiment, x: np.ndarray, outputs: dict[str, np.ndarray],
          rows: list[dict[str, Any]], *, design: Path | None = None) -> None:
    """Write runs, ranking tables and charts into ``out``, as a whole.

    Args:
        out: The output folder (replaced as a whole).
        exp: The design as run.
        x: The samples, one row per run.
        outputs: Each outcome's value per run.
        rows: The ranking rows.
        design: The design file, recorded in ``design.json`` (:func:`check_same_design`).
    """
    import json

    import pyarrow.csv as pacsv

    from sim.outputs.run_store import staged_folder

    runs = pa.table({**{n: x[:, i] for i, n in enumerate(exp.factors)}, **outputs})
    table = pa.Table.from_pylist(rows)
    with staged_folder(out, owns=owned_by_analysis,
                       complete=lambda f: (f / "ranking.csv").is_file()) as staging:
        parquet_writer(runs)(staging / "runs.parquet")
        pacsv.write_csv(table, staging / "ranking.csv")
        text_writer(_markdown(rows, exp))(staging / "ranking.md")
        if design is not None:
            record = {"design": str(design.resolve()), "method": exp.method,
                      "factors": {k: list(v) for k, v in exp.factors.items()},
                      "outcomes": list(exp.outcomes), "scenario": exp.scenario,
                      "population": exp.population, "years": exp.years, "seed": exp.seed}
            text_writer(json.dumps(record, indent=1) + "\n")(staging / DESIGN_FILE)
        for outcome in exp.outcomes:
            _bar(rows, outcome, exp.method, staging / f"{outcome}.png")


if __name__ == "__main__":
    sys.exit(main())
