"""Kills at every stage of writing leave no corrupt, mixed or half result; killing a sweep or a
sensitivity analysis stops its workers.

Kills are deterministic: the run is told (``ZORGSIM_FAULT``) to stop at a named stage and
say so on stderr; the test waits for that line, then sends the signal. Nothing sleeps.
(Split from test_reliability.py so that the two test workers share the load.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sim.outputs.results import complete_runs, load
from sim.outputs.run_store import FAULT_ENV, NO_EXCHANGE_ENV
from tests.cli.test_cli import run_cli
from tests.cli.test_reliability import TINY, finish, start, visible_parquet, wait_for_stage

# -- kills --------------------------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_a_killed_run_leaves_no_result(tmp_path, sig):
    out = tmp_path / "run"
    proc = start(*TINY, f"hydra.run.dir={out}", cwd=tmp_path, fault="simulating")
    wait_for_stage(proc, "simulating")
    os.kill(proc.pid, sig)
    _, err = finish(proc)
    assert proc.returncode != 0
    assert not list(tmp_path.rglob("*.parquet"))
    if sig != signal.SIGKILL:
        assert proc.returncode == 130 and "interrupted" in err
        assert len(err.strip().splitlines()) == 1, err
        assert not out.exists(), "an interrupted run removes the folder Hydra made"
    again = run_cli(*TINY, f"hydra.run.dir={out}", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert len(load(out)) == 1


STAGES = [("staging", {}), ("staged", {}), ("exchanged", {}),
          ("moved-old", {NO_EXCHANGE_ENV: "1"}), ("moved-new", {NO_EXCHANGE_ENV: "1"})]


@pytest.mark.parametrize(("stage", "env"), STAGES, ids=[s for s, _ in STAGES])
def test_a_kill_while_replacing_a_run_leaves_exactly_one_run(tmp_path, stage, env):
    """Over an existing complete run (seed 1), a new run (seed 2) is killed at each stage of
    writing: the folder loads as one run, old or new, with labels that agree everywhere."""
    out = tmp_path / "run"
    first = run_cli(*TINY, "seed=1", f"hydra.run.dir={out}", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    proc = start(*TINY, "seed=2", f"hydra.run.dir={out}", cwd=tmp_path, fault=stage, **env)
    wait_for_stage(proc, stage)
    os.killpg(proc.pid, signal.SIGKILL)
    finish(proc)
    summary = load(out)
    assert len(summary) == 1
    seed = summary.column("seed")[0].as_py()
    expected = 2 if stage in ("exchanged", "moved-new") else 1
    assert seed == expected
    for table in ("timeseries", "ses", "municipality", "residents", "events"):
        assert set(load(out, table).column("seed").to_pylist()) == {seed}
    (folder,) = complete_runs(out)  # out itself, or the earlier run between two renames
    for f in folder.glob("*.parquet"):
        assert pq.read_schema(f).metadata[b"seed"] == str(seed).encode(), f.name
    assert f"seed: {seed}" in (folder / "config.yaml").read_text()
    # the next run into the folder cleans up and replaces it whole
    again = run_cli(*TINY, "seed=3", f"hydra.run.dir={out}", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert load(out).column("seed").to_pylist() == [3]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"], "no leftovers"


def test_a_run_never_replaces_a_folder_with_other_files(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    proc = run_cli(*TINY, f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "notes.txt" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_killing_a_sweep_stops_its_workers(tmp_path):
    """SIGKILL to the sweep's main process only: its joblib workers notice and exit."""
    proc = start("-m", "seed=0,1", *TINY, "hydra.launcher.n_jobs=2",
                 f"hydra.sweep.dir={tmp_path}/sweep", cwd=tmp_path, fault="simulating")
    wait_for_stage(proc, "simulating", count=2)
    workers = children(proc.pid)
    assert workers, "the runs go in worker processes"
    os.kill(proc.pid, signal.SIGKILL)
    finish(proc)
    for pid in workers:
        assert wait_gone(pid), f"worker {pid} outlived the sweep"
    assert not visible_parquet(tmp_path)


def test_killing_a_sensitivity_analysis_stops_its_workers(tmp_path):
    out = tmp_path / "morris"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim.sensitivity", "--trajectories", "2", "--factors",
         "consequences.lonely_base,informal.sustainable_share", "--population", "1500",
         "--years", "1", "--burn-in-weeks", "13", "--jobs", "2", "--out", str(out)],
        cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, FAULT_ENV: "simulating"}, start_new_session=True)
    wait_for_stage(proc, "simulating", count=2)
    workers = children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    finish(proc)
    assert workers
    for pid in workers:
        assert wait_gone(pid), f"worker {pid} outlived the analysis"
    assert not out.exists()


def children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (from /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def wait_gone(pid: int, timeout: float = 120.0) -> bool:
    """Wait for a process to end (polling /proc; generous bound for a busy machine)."""
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":  # exited, not yet reaped by its (dead) parent's successor
            return True
        time.sleep(0.1)
    return False
