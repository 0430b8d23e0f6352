"""Engine benchmark: resident-weeks per second and peak memory at several population sizes.

Each size runs in its own subprocess (so peak memory is that run's alone) on one core,
for the given number of years, and reports set-up time, simulation time, resident-weeks
per second and peak resident memory. Usage::

    python benchmarks/engine.py                      # 10k, 100k, 1M residents, 10 years
    python benchmarks/engine.py --sizes 100000 --years 10 --json out.json
    python benchmarks/engine.py --sizes 100000 --scenario status_quo alles_samen

With several scenarios each size runs once per scenario (a preset of ``configs/scenario``),
and the last column gives the speed relative to the first scenario.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

CHILD = r"""
import json, os, resource, sys, time
from omegaconf import OmegaConf
from sim.config import Config, from_container, to_dict
from sim.model import CareModel
n, years, seed, preset = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
data = to_dict(Config(seed=seed, years=years))
if preset:
    data = OmegaConf.to_container(OmegaConf.merge(data, OmegaConf.load(preset)))
cfg = from_container(data)
cfg.municipality.population = n
cfg.municipality.neighbourhoods = max(12, n // 1700)
t0 = time.perf_counter()
model = CareModel(cfg)
t1 = time.perf_counter()
model.run()
t2 = time.perf_counter()
rec = model.recorder
rw = sum(float(rec.total(g).sum()) for g in ("pop_0_17", "pop_18_64", "pop_65_79", "pop_80plus"))
print(json.dumps({"residents": n, "years": years, "setup_s": t1 - t0, "run_s": t2 - t1,
                  "resident_weeks": rw, "resident_weeks_per_s": rw / (t2 - t1),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


SCENARIOS = Path(__file__).resolve().parent.parent / "configs" / "scenario"


def run_size(n: int, years: int, seed: int, scenario: str = "") -> dict:
    """Run one size (and scenario) in a fresh single-threaded subprocess; return measurements."""
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    preset = str(SCENARIOS / f"{scenario}.yaml") if scenario else ""
    cmd = [sys.executable, "-c", CHILD, str(n), str(years), str(seed), preset]
    if sys.platform.startswith("linux"):
        cmd = ["taskset", "-c", "0", *cmd]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Parse arguments, run each size, print a table (and optionally write JSON)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--scenario", nargs="+", default=[""],
                    help="scenario presets to time (default: the base configuration)")
    ap.add_argument("--json", help="also write the results to this JSON file")
    args = ap.parse_args()
    for s in args.scenario:
        if s and not (SCENARIOS / f"{s}.yaml").exists():
            options = ", ".join(sorted(p.stem for p in SCENARIOS.glob("*.yaml")))
            sys.exit(f"engine.py: unknown scenario {s!r}; allowed: {options}")
    rows = []
    print(f"{'residents':>10} {'scenario':>14} {'setup s':>8} {'run s':>8} {'M res-weeks/s':>14} "
          f"{'peak MB':>8} {'relative':>8}")
    for n in args.sizes:
        first = None
        for s in args.scenario:
            t = time.perf_counter()
            r = run_size(n, args.years, args.seed, s)
            r["wall_s"] = time.perf_counter() - t
            r["scenario"] = s or "base"
            first = first or r["resident_weeks_per_s"]
            r["relative_speed"] = r["resident_weeks_per_s"] / first
            rows.append(r)
            print(f"{n:>10,} {r['scenario']:>14} {r['setup_s']:>8.1f} {r['run_s']:>8.1f} "
                  f"{r['resident_weeks_per_s'] / 1e6:>14.2f} {r['peak_rss_mb']:>8.0f} "
                  f"{r['relative_speed']:>8.2f}", flush=True)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=2)


if __name__ == "__main__":
    main()
