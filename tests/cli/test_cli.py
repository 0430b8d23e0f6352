"""Command line: a run end to end, bad input, and a failed write leaves no Parquet file.

Kills at every stage of writing are in test_kills.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sim.outputs import results
from sim.outputs.run import simulate
from tests.conftest import make_config

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_cli_runs_and_prints_where_files_are(tmp_path):
    out = tmp_path / "run"
    proc = run_cli("years=1", "output.burn_in_weeks=13", "municipality=platteland", "seed=3",
                   f"hydra.run.dir={out}",
                   cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"Results in {out}" in proc.stdout
    for name in ("timeseries.parquet", "summary.parquet", "residents.parquet", "config.yaml"):
        assert (out / name).exists(), name
    summary = pq.read_table(out / "summary.parquet").to_pylist()[0]
    assert summary["municipality"] == "platteland" and summary["population_start"] == 8000


def test_cli_multirun_runs_each_seed(tmp_path):
    proc = run_cli("-m", "seed=0,1", "years=1", "output.burn_in_weeks=13",
                   "municipality.population=1500",
                   "municipality.neighbourhoods=2", f"hydra.sweep.dir={tmp_path}/sweep",
                   cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summaries = sorted((tmp_path / "sweep").glob("scenario=status_quo/seed=*/*/summary.parquet"))
    assert len(summaries) == 2
    seeds = {pq.read_table(p).column("seed")[0].as_py() for p in summaries}
    assert seeds == {0, 1}


@pytest.mark.parametrize(("override", "words"), [
    ("municipality.population=-5", ["municipality.population", "-5", "100 to 5,000,000"]),
    ("years=0", ["years", "0", "1 to 100"]),
    ("years=1", ["output.burn_in_weeks", "52", "0 to 51", "lower output.burn_in_weeks"]),
    ("output.burn_in_weeks=-1", ["output.burn_in_weeks", "-1"]),
    ("network.child_in_municipality=1.5", ["network.child_in_municipality", "1.5", "0 to 1"]),
    ("years=abc", ["years", "abc", "whole number"]),
    ("popluation=5", ["popluation", "unknown setting"]),
    ("municipality.popluation=5", ["did you mean municipality.population"]),
    ("municipality=atlantis", ["municipality", "atlantis", "platteland"]),
    ("demography.regime=boom", ["demography.regime", "stable, projection"]),
    ("seed=1,2,-3", ["seed", "-3"]),
    ("scenario=utopia", ["scenario", "utopia", "zorgzame_buurten"]),
    ("policies.zorgzame_buurten.targeting=richest", ["targeting", "oldest, poorest, random"]),
    ("policies.crisis.staff_absent_share=2", ["policies.crisis.staff_absent_share", "0 to 0.9"]),
    ("policies.zorgzame_buurten.buurten=[1,99]", ["policies.zorgzame_buurten.buurten",
                                                 "buurt numbers 1 to 12"]),
    ("informal.employment_ages=[18,21,25,30,40,50,55,60,64,70,66]",
     ["informal.employment_ages", "strictly increasing"]),
    ("informal.women_ratio_ages=[27,42]", ["informal.women_ratio_ages", "as many as values"]),
])
def test_bad_input_is_one_clear_line_and_writes_nothing(tmp_path, override, words):
    out = tmp_path / "run"
    proc = run_cli(override, f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for w in words:
        assert w in lines[0]
    assert not out.exists()
    assert not list(tmp_path.rglob("*.parquet"))


def test_scenario_preset_runs_and_can_be_overridden_key_by_key(tmp_path):
    out = tmp_path / "run"
    proc = run_cli("scenario=zorgzame_buurten", "policies.zorgzame_buurten.coverage=0.5",
                   "years=1", "output.burn_in_weeks=13", "municipality.population=2000",
                   "municipality.neighbourhoods=4", f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "zorgzame_buurten" in proc.stdout.splitlines()[0]
    row = pq.read_table(out / "summary.parquet").to_pylist()[0]
    assert row["scenario"] == "zorgzame_buurten"
    assert row["cfg__policies__zorgzame_buurten__enabled"] is True
    assert row["cfg__policies__zorgzame_buurten__coverage"] == 0.5
    assert row["policy_cost_per_year"] > 0


def test_cross_field_error_after_composition_writes_nothing(tmp_path):
    out = tmp_path / "run"
    proc = run_cli("municipality.population=200", "municipality.neighbourhoods=300",
                   f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "neighbourhoods" in proc.stderr
    assert not out.exists()


def test_failure_while_writing_leaves_no_partial_file(tmp_path, monkeypatch):
    calls = {"n": 0}
    real = results.pq.write_table

    def flaky(table, where, **kw):
        calls["n"] += 1
        real(table, where, **kw)
        if calls["n"] == 2:  # the second file: partly written, then the disk "fails"
            raise OSError("disk full")

    monkeypatch.setattr(results.pq, "write_table", flaky)
    cfg = make_config(years=1, **{"output.burn_in_weeks": 13, "municipality.population": 1000,
                                  "municipality.neighbourhoods": 2})
    with pytest.raises(OSError):
        simulate(cfg, tmp_path / "run")
    assert not list(tmp_path.rglob("*.parquet")), "no partial or orphan Parquet file"
    assert not list(tmp_path.iterdir()), "no staging folder, no empty run folder"
    assert not results.is_complete(tmp_path / "run")
