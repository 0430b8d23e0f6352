"""Experiments: sweeps as one dataset, re-runs that skip finished runs, scenario comparison."""

from __future__ import annotations

import math
import os
import signal
from types import SimpleNamespace

import numpy as np
import pytest
from scipy import stats

from sim.analysis.compare import compare, main, mean_ci
from sim.analysis.report import mean_cell
from sim.outputs.metrics import METRICS
from sim.outputs.results import load
from tests.cli.test_cli import run_cli

TINY = ("years=1", "output.burn_in_weeks=13", "municipality.population=1500",
        "municipality.neighbourhoods=2")


def test_mean_ci_matches_the_t_interval():
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    m, lo, hi = mean_ci(x)
    half = stats.t.ppf(0.975, 4) * np.std(x, ddof=1) / math.sqrt(5)
    assert m == 3.0 and lo == pytest.approx(3 - half) and hi == pytest.approx(3 + half)
    assert math.isnan(mean_ci(np.array([2.0]))[1])


def test_intervals_cover_the_true_mean_95_percent_of_the_time():
    rng = np.random.default_rng(0)
    hits = 0
    for _ in range(4000):
        _, lo, hi = mean_ci(rng.normal(10.0, 3.0, 8))
        hits += lo <= 10.0 <= hi
    assert 0.94 < hits / 4000 < 0.96


def test_paired_differences_use_the_seed_pairs():
    # Scenario B = A + 2 with the same seed noise: paired difference exactly 2, no spread.
    a = {s: {"share_unmet": v} for s, v in enumerate([0.3, 0.1, 0.5, 0.2])}
    b = {s: {"share_unmet": v["share_unmet"] + 2} for s, v in a.items()}
    c = {s: {"share_unmet": 0.3 + d} for s, d in enumerate([0.1, -0.1, 0.2, -0.2])}
    rows = compare({"status_quo": a, "b": b, "c": c}, "status_quo", ("share_unmet",))
    by = {r.scenario: r for r in rows}
    assert by["status_quo"].mean == pytest.approx(0.275)
    assert by["b"].diff == pytest.approx(2) and by["b"].diff_hi - by["b"].diff_lo < 1e-9
    assert by["b"].variance_ratio == pytest.approx(0.0)
    d = np.array([0.4, 0.2, 0.5, 0.1]) - np.array([0.3, 0.1, 0.5, 0.2])
    m, lo, hi = mean_ci(d)
    assert (by["c"].diff, by["c"].diff_lo, by["c"].diff_hi) == pytest.approx((m, lo, hi))
    assert by["c"].pairs == 4
    flat = compare({"status_quo": {s: {"policy_cost": 0.0} for s in range(3)},
                    "p": {s: {"policy_cost": 5.0 + s} for s in range(3)}},
                   "status_quo", ("policy_cost",))
    assert math.isnan(flat[1].variance_ratio)  # nothing to pair away: no ratio
    with pytest.raises(ValueError, match="baseline"):
        compare({"b": b}, "status_quo", ("share_unmet",))


def test_sweep_reruns_skip_finished_runs_and_load_as_one_dataset(tmp_path):
    sweep = tmp_path / "sweep"
    first = run_cli("-m", "seed=0,1", *TINY, f"hydra.sweep.dir={sweep}", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    again = run_cli("-m", "seed=0,1,2", *TINY, f"hydra.sweep.dir={sweep}", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("already complete, skipped") == 2
    table = load(sweep)
    assert sorted(table.column("seed").to_pylist()) == [0, 1, 2]  # no duplicate rows
    weekly = load(sweep, "timeseries")
    assert set(weekly.column("seed").to_pylist()) == {0, 1, 2}
    assert weekly.num_rows == 3 * 52 * 2  # weeks x buurten per run


def test_a_killed_sweep_is_completed_by_running_it_again(tmp_path):
    """SIGKILL to the whole sweep (main process and workers: no clean-up at all) while two
    runs are half done and two are complete; the same command then runs only what is
    missing. The kill is timed by the runs themselves (they stop at a named stage)."""
    from tests.cli.test_reliability import finish, start, wait_for_stage

    sweep = tmp_path / "sweep"
    common = ("years=1", "output.burn_in_weeks=13", "municipality.population=1500",
              f"hydra.sweep.dir={sweep}")
    assert run_cli("-m", "seed=0,1", *common, cwd=tmp_path).returncode == 0
    args = ("-m", "seed=range(6)", *common)
    proc = start(*args, "hydra.launcher.n_jobs=2", cwd=tmp_path, fault="simulating")
    wait_for_stage(proc, "simulating", count=2)
    os.killpg(proc.pid, signal.SIGKILL)
    finish(proc)
    assert len(visible_summaries(sweep)) == 2
    again = run_cli(*args, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("already complete, skipped") == 2
    assert again.stdout.count("zorgsim: done") == 4
    assert sorted(load(sweep).column("seed").to_pylist()) == list(range(6))
    assert not [p for p in sweep.rglob(".*") if p.name != ".hydra"], "no leftovers"
    assert (sweep / "data_dictionary.json").is_file()  # the sweep's, beside its runs


def visible_summaries(sweep):
    """Summaries of complete runs (not of runs still being staged in hidden folders)."""
    return [p for p in sweep.rglob("summary.parquet")
            if not any(part.startswith(".") for part in p.relative_to(sweep).parts)]


def test_compare_command_writes_csv_and_markdown(tmp_path):
    sweep = tmp_path / "sweep"
    proc = run_cli("-m", "scenario=status_quo,zorgzame_buurten", "seed=0,1", *TINY,
                   f"hydra.sweep.dir={sweep}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert main([str(sweep), "--baseline", "status_quo"]) == 0
    csv_text = (sweep / "comparison" / "comparison.csv").read_text()
    assert csv_text.count("zorgzame_buurten") >= 10
    md = (sweep / "comparison" / "comparison.md").read_text()
    assert "Care hours needed but not given" in md and "Caring neighbourhoods" in md
    assert "variance" not in md, "no jargon line"
    for name in ("timeseries.png", "differences.png"):
        assert (sweep / "comparison" / name).read_bytes()[:4] == b"\x89PNG"
    report = (sweep / "comparison" / "report.html").read_text()
    assert report.count("data:image/png;base64,") == 2 and '<table class="comparison"' in report
    assert ".tmp" not in report, "no temporary file names (alt texts)"
    assert not list((sweep / "comparison").glob(".tmp-*"))
    assert main([str(sweep), "--lang", "nl", "--out", str(tmp_path / "nl")]) == 0
    nl = (tmp_path / "nl" / "report.html").read_text()
    assert '<html lang="nl">' in nl and "Kort samengevat" in nl and "Zorgzame buurten" in nl
    assert main([str(sweep), "--baseline", "nothing"]) == 2
    assert main([str(sweep), "--metrics", "no_such_metric"]) == 2


def test_experiment_preset_runs_into_its_fixed_folder_and_compares_by_a_setting(tmp_path,
                                                                                capsys):
    proc = run_cli("+experiment=contingent_dose_response", "seed=0,1",
                   "homecare.gezinszorg_contingent_factor=0.5,1.0", *TINY,
                   f"hydra.sweep.dir={tmp_path}/dose", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("zorgsim: done") == 4
    by = "homecare.gezinszorg_contingent_factor"
    assert main([str(tmp_path / "dose"), "--by", by, "--baseline", "1.0"]) == 0
    md = (tmp_path / "dose" / "comparison" / "comparison.md").read_text()
    assert f"| {by} |" in md and "| 0.5 |" in md
    capsys.readouterr()
    assert main([str(tmp_path / "dose"), "--where", f"{by}=1.0", "--no-figures",
                 "--out", str(tmp_path / "kept")]) == 0
    err = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(err) == 1 and f"--by {by} --baseline 1.0" in err[0], err
    assert main([str(tmp_path / "dose"), "--no-figures", "--out", str(tmp_path / "x")]) == 2
    assert f"--by {by} --baseline 1.0" in capsys.readouterr().err
    bad = run_cli("+experiment=nothing", cwd=tmp_path)
    assert bad.returncode == 2 and "policy_comparison" in bad.stderr


def test_morris_screening_ranks_the_factor_that_drives_an_outcome(tmp_path):
    from sim.analysis.sensitivity import main as sensitivity

    out = tmp_path / "morris"
    factors = "consequences.lonely_base,informal.sustainable_share"
    assert sensitivity(["--trajectories", "3", "--factors", factors, "--population", "1500",
                        "--years", "1", "--burn-in-weeks", "0", "--jobs", "1",
                        "--out", str(out)]) == 0
    ranking = load_csv(out / "ranking.csv")
    lonely = {r["factor"]: float(r["mu_star"]) for r in ranking if r["outcome"] == "lonely_share"}
    assert lonely["consequences.lonely_base"] > lonely["informal.sustainable_share"]
    assert (out / "lonely_share.png").exists() and (out / "runs.parquet").exists()
    md = (out / "ranking.md").read_text()
    assert "is driven most by consequences.lonely_base" in md
    from sim.analysis.sensitivity import EXPERIMENTS, design_of

    assert design_of(out) == str(EXPERIMENTS / "morris.yaml")
    assert sensitivity(["--factors", "no.such.factor", "--out", str(out)]) == 2


@pytest.mark.parametrize(("text", "words"), [
    ("method: morris\nfactors: {informal.sustainable_share: [0.1, 1.5]}\noutcomes: [share_unmet]",
     ["informal.sustainable_share", "within 0"]),
    ("method: morris\nfactors: {informal.no_such: [0, 1]}\noutcomes: [share_unmet]",
     ["informal.no_such", "not a numeric setting"]),
    ("method: morris\nfactors: {informal.sustainable_share: [0.4, 0.1]}\noutcomes: [x]",
     ["low < high"]),
    ("method: anova\nfactors: {informal.sustainable_share: [0.1, 0.4]}", ["morris, sobol"]),
    ("method: morris\nfactors: {informal.sustainable_share: [0.1, 0.4]}\noutcomes: [nope]",
     ["outcomes", "nope"]),
    ("method: morris\ntrajectory: 3\nfactors: {informal.sustainable_share: [0.1, 0.4]}",
     ["trajectory", "unknown key"]),
    ("method: morris\nscenario: utopia\nfactors: {informal.sustainable_share: [0.1, 0.4]}\n"
     "outcomes: [share_unmet]", ["utopia", "status_quo"]),
    ("method: morris\nyears: 1\nfactors: {informal.sustainable_share: [0.1, 0.4]}\n"
     "outcomes: [share_unmet]", ["burn_in_weeks", "52", "0 to 51", "--burn-in-weeks"]),
])
def test_a_bad_sensitivity_experiment_gets_one_line_and_no_output(tmp_path, capsys, text,
                                                                  words):
    from sim.analysis.sensitivity import main as sensitivity

    design = tmp_path / "design.yaml"
    design.write_text(text)
    out = tmp_path / "out"
    assert sensitivity([str(design), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and all(w in err for w in words), err
    assert not out.exists()


def test_sobol_indices_name_the_factor_that_drives_an_outcome(tmp_path):
    from sim.analysis.sensitivity import main as sensitivity

    out = tmp_path / "sobol"
    factors = "consequences.lonely_base,informal.sustainable_share"
    assert sensitivity(["sobol", "--sobol-n", "8", "--factors", factors, "--population", "600",
                        "--years", "1", "--burn-in-weeks", "0", "--jobs", "1",
                        "--out", str(out)]) == 0
    ranking = load_csv(out / "ranking.csv")
    total = {r["factor"]: float(r["ST"]) for r in ranking if r["outcome"] == "lonely_share"}
    assert total["consequences.lonely_base"] > 0.5 > total["informal.sustainable_share"]
    assert "lonely** is driven most by consequences.lonely_base" in (out / "ranking.md").read_text()


def test_shipped_sensitivity_experiments_load():
    from sim.analysis.sensitivity import load_experiment, sample

    for name in ("morris", "sobol"):
        exp = load_experiment(name)
        x = sample(exp)
        assert x.shape[1] == len(exp.factors)
        lows, highs = np.array(list(exp.factors.values())).T
        assert (x >= lows - 1e-12).all() and (x <= highs + 1e-12).all()


def test_drivers_name_the_factors_that_carry_most_of_the_effect():
    from sim.analysis.sensitivity import drivers

    rows = [{"outcome": "share_unmet", "factor": f, "mu_star": m, "mu_star_conf": c}
            for f, m, c in (("a", 0.6, 0.1), ("b", 0.3, 0.1), ("c", 0.1, 0.05),
                            ("d", 0.05, 0.2))]
    line = drivers(rows, "morris")[0]
    assert "by a (57%), then b (29%)" in line and " c " not in line
    unclear = [dict(r, mu_star_conf=1.0) for r in rows]
    assert "none of the factors clearly" in drivers(unclear, "morris")[0]


def load_csv(path):
    import csv

    with open(path) as fh:
        return list(csv.DictReader(fh))


def test_comparison_numbers_match_a_recomputation_from_the_dataset(tmp_path):
    """Sweep -> compare -> report, then recompute every mean and paired difference."""
    sweep = tmp_path / "sweep"
    proc = run_cli("-m", "scenario=status_quo,zorgzame_buurten,extra_contingent",
                   "seed=0,1,2", *TINY, f"hydra.sweep.dir={sweep}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert main([str(sweep), "--baseline", "status_quo"]) == 0
    table = load(sweep).to_pylist()
    value = {(r["scenario"], r["seed"]): r for r in table}
    rows = load_csv(sweep / "comparison" / "comparison.csv")
    assert len(rows) >= 3 * 12
    for r in rows:
        m, sc = r["metric"], r["scenario"]
        xs = np.array([value[(sc, s)][m] for s in (0, 1, 2)], float)
        assert float(r["mean"]) == pytest.approx(xs.mean(), rel=1e-9, abs=1e-12)
        if sc != "status_quo":
            base = np.array([value[("status_quo", s)][m] for s in (0, 1, 2)], float)
            d, lo, hi = mean_ci(xs - base)
            assert float(r["diff_vs_baseline"]) == pytest.approx(d, rel=1e-9, abs=1e-12)
            if not math.isnan(lo):
                assert float(r["diff_ci_low"]) == pytest.approx(lo, rel=1e-9, abs=1e-12)
    for r in rows:  # intervals inside what the metric can be
        quantity = METRICS[r["metric"]].quantity
        if quantity in ("share", "count", "money", "hours", "ratio") and r["ci_low"]:
            assert float(r["ci_low"]) >= 0, r
        if quantity == "share" and r["ci_high"]:
            assert float(r["ci_high"]) <= 1, r
    report = (sweep / "comparison" / "report.html").read_text()
    for r in rows:  # the report prints the recomputed means, rounded for people
        if r["scenario"] == "zorgzame_buurten":
            cell = mean_cell(SimpleNamespace(
                metric=r["metric"], mean=float(r["mean"]), lo=float(r["ci_low"] or "nan"),
                hi=float(r["ci_high"] or "nan"), same_every_run=r["same_every_run"] == "True"),
                "en")
            assert f"{cell.text}<span" in report or f"{cell.text}</td>" in report, cell


def test_submitit_launcher_runs_the_sweep_as_separate_jobs(tmp_path):
    """The SLURM path (submitit), run locally: each run a job of its own."""
    sweep = tmp_path / "sweep"
    proc = run_cli("-m", "hydra/launcher=submitit_local", "hydra.launcher.timeout_min=5",
                   "seed=0,1", *TINY, f"hydra.sweep.dir={sweep}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(load(sweep).column("seed").to_pylist()) == [0, 1]


def test_ray_launcher_runs_the_sweep_on_a_local_ray_instance(tmp_path):
    """hydra/launcher=ray against a Ray instance this test starts (and stops)."""
    import logging

    import ray

    sweep, serial = tmp_path / "ray", tmp_path / "serial"
    # Ray sets variables in this process's environment (PYTHONUNBUFFERED among them) that
    # later tests of the same worker would pass on to their subprocesses: put it back.
    environ = dict(os.environ)
    # Ray starts workers at nice 15; beside a busy core this test then took 5 minutes
    # instead of 20 s (the launcher's private instances run theirs at 0 likewise).
    os.environ["RAY_worker_niceness"] = "0"  # noqa: SIM112 (Ray's own spelling)
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=100 * 2**20,
             logging_level=logging.WARNING)
    try:
        address = ray.get_runtime_context().gcs_address
        args = ("-m", "hydra/launcher=ray", f"hydra.launcher.address='{address}'",
                "scenario=status_quo,zorgzame_buurten", "seed=0,1", *TINY,
                f"hydra.sweep.dir={sweep}")
        proc = run_cli(*args, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert "Ray (2 CPUs) is launching 4 jobs" in proc.stdout + proc.stderr
        # Ray forwards the workers' printed lines asynchronously (the last may be lost when
        # the command ends), so "skipped" is checked on the files: none is written again.
        written = {p: p.stat().st_mtime_ns for p in sweep.rglob("summary.parquet")}
        again = run_cli(*args, cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert {p: p.stat().st_mtime_ns for p in sweep.rglob("summary.parquet")} == written
    finally:
        ray.shutdown()
        os.environ.clear()
        os.environ.update(environ)
    rows = load(sweep).to_pylist()
    assert sorted((r["scenario"], r["seed"]) for r in rows) == [
        ("status_quo", 0), ("status_quo", 1), ("zorgzame_buurten", 0), ("zorgzame_buurten", 1)]
    # the launcher does not change results: the same run one by one gives the same numbers
    proc = run_cli("-m", "hydra/launcher=basic", "seed=1", *TINY,
                   f"hydra.sweep.dir={serial}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    one = load(serial).to_pylist()[0]
    twin = next(r for r in rows if r["scenario"] == "status_quo" and r["seed"] == 1)
    for key in ("share_unmet", "lonely_share", "deaths_total", "cost_public_per_year"):
        assert twin[key] == one[key], key


def test_a_copied_design_writes_to_its_own_folder_and_never_over_another_designs(
        tmp_path, capsys, monkeypatch):
    """A copy of morris.yaml writes to results/sensitivity/<copy>/; a design whose out:
    points at another design's results is refused before any run."""
    import json

    from sim.analysis.sensitivity import (
        DESIGN_FILE,
        EXPERIMENTS,
        check_same_design,
        design_of,
        load_experiment,
    )
    from sim.analysis.sensitivity import main as sensitivity

    monkeypatch.chdir(tmp_path)
    copy = tmp_path / "my_design.yaml"
    copy.write_text((EXPERIMENTS / "morris.yaml").read_text())
    assert load_experiment(str(copy)).out == "results/sensitivity/my_design"
    assert load_experiment("morris").out == "results/sensitivity/morris"
    theirs = tmp_path / "results" / "sensitivity" / "morris"
    theirs.mkdir(parents=True)
    (theirs / "ranking.csv").write_text("outcome,factor\n")
    (theirs / DESIGN_FILE).write_text(json.dumps({"design": str(EXPERIMENTS / "morris.yaml")}))
    assert design_of(theirs) == str(EXPERIMENTS / "morris.yaml")
    old = tmp_path / "old_copy.yaml"  # a copy made when the designs still named their out:
    old.write_text(copy.read_text() + "out: results/sensitivity/morris\n")
    assert sensitivity([str(old), "--trajectories", "2"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "another design" in err \
        and "results/sensitivity/old_copy" in err, err
    assert (theirs / "ranking.csv").read_text() == "outcome,factor\n"
    check_same_design(theirs, EXPERIMENTS / "morris.yaml")  # the same design may re-run
