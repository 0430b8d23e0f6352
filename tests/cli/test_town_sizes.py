"""Towns of every allowed size run: a million residents within 4 GB, tiny and odd towns, and
the Ray launcher's private instance on loopback only.

(Split from test_reliability.py so that the two test workers share the load.)
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sim.outputs.results import load
from tests.cli.test_reliability import TINY, finish, start, wait_for_stage

# -- towns of every allowed size ----------------------------------------------------------------


@pytest.mark.slow
def test_a_million_residents_as_typed_fit_in_4_gb(tmp_path):
    """The command from the issue, as typed (the number of buurten follows the population;
    a one-year run needs a burn-in shorter than the default year)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run([sys.executable, "-m", "sim", "municipality.population=1000000",
                           "years=1", "output.burn_in_weeks=13",
                           f"hydra.run.dir={tmp_path}/run"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert max(peak_kb, before) < 4 * 1024**2
    row = load(tmp_path / "run").to_pylist()[0]
    assert row["population_start"] == 1_000_000
    assert row["cfg__municipality__neighbourhoods"] == 588  # 1,000,000 / 1,700


def listening(exclude: set[str] | None = None) -> set[str]:
    """Addresses of the listening TCP sockets on this machine (from /proc/net/tcp*)."""
    out = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "0A":
                out.add(local)
    return out - (exclude or set())


def is_loopback(local: str) -> bool:
    host = local.split(":")[0]
    return host in ("0100007F", "00000000000000000000000001000000",
                    "0000000000000000FFFF00000100007F")


def test_the_ray_launchers_private_instance_listens_on_loopback_only(tmp_path):
    pytest.importorskip("ray")
    before = listening()
    proc = start("-m", "hydra/launcher=ray", "seed=0,1", *TINY,
                 f"hydra.sweep.dir={tmp_path}/sweep", cwd=tmp_path, fault="simulating")
    try:
        wait_for_stage(proc, "simulating", count=1)
        new = listening(before)
        assert new, "Ray's servers are up"
        assert all(is_loopback(a) for a in new), sorted(new)
        # The sweep's workers run at normal priority, not at Ray's nice 15 (which made a
        # sweep crawl beside any other busy process).
        workers = ray_job_niceness()
        assert workers and set(workers) == {0}, workers
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        finish(proc)


def ray_job_niceness() -> list[int]:
    """Niceness of every process running a Ray task of a sweep (``ray::execute_job``)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            cmdline = (stat.parent / "cmdline").read_bytes()
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if b"execute_job" in cmdline:
            out.append(int(fields[16]))  # field 19 of stat: nice (after pid and comm)
    return out


NOBODY_OLD = [6.0] * 13 + [0.0] * 8  # every age band from 65 empty
ONLY_OLD = [0.0] * 16 + [20.0] * 5


@pytest.mark.parametrize(("over", "years"), [
    ({"municipality.population": 100}, 100),
    ({"municipality.population": 100, "municipality.neighbourhoods": 100}, 3),
    ({"municipality.population": 137, "municipality.neighbourhoods": 137,
      "municipality.age_shares": ONLY_OLD}, 5),
    ({"municipality.population": 500, "municipality.age_shares": NOBODY_OLD}, 5),
    ({"municipality.population": 300, "municipality.neighbourhoods": 1}, 5),
], ids=["100_residents_100_years", "one_resident_per_buurt", "only_old", "nobody_old",
        "one_buurt"])
def test_tiny_and_odd_towns_run(over, years):
    """Every allowed town runs: these crashed (empty arrays in household formation and in
    the nursing homes' staff demand)."""
    from sim.config import from_container, to_dict
    from sim.model import CareModel
    from sim.outputs.run import summarise
    from tests.conftest import make_config

    cfg = from_container(to_dict(make_config(years=years, **over)))
    model = CareModel(cfg)
    model.run()
    s = summarise(model, 1.0)
    assert s["population_start"] == over["municipality.population"]
    assert model.recorder.weeks_done == 52 * years
