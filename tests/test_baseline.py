"""Frozen baseline: a few small, short runs must reproduce their stored output bit for bit.

Refactoring must not change results. Each case is composed exactly as the command line
composes it (Hydra presets and overrides), simulated, and every output table (weekly per
buurt, per SES quintile, municipality, resident snapshot, events, summary) is compared with the
reference files in ``tests/baseline/<case>/`` column by column, value by value. Only what
cannot be the same from run to run is left out: wall time and speed, the start time, and the
model version and run id (the code fingerprint changes with every commit).

A deliberate change of results regenerates the references in a commit of its own whose
message says why::

    .venv/bin/python -m pytest -k baseline --regenerate-baseline

The references were made with numpy and the CPU recorded in ``tests/baseline/ENVIRONMENT``;
a stochastic model amplifies a last-bit difference in ``exp`` or a sum into different
draws, so on another numpy or CPU family a mismatch names that first.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sim.outputs.results import (
    EVENTS_FILE,
    RESIDENTS_FILE,
    SES_FILE,
    SUMMARY_FILE,
    SYSTEM_FILE,
    TIMESERIES_FILE,
)
from sim.outputs.run import simulate

BASELINE = Path(__file__).resolve().parent / "baseline"
CONFIG_DIR = Path(__file__).resolve().parents[1] / "configs"
TABLES = (TIMESERIES_FILE, SES_FILE, SYSTEM_FILE, RESIDENTS_FILE, EVENTS_FILE, SUMMARY_FILE)
VOLATILE = {"wall_time_s", "resident_weeks_per_s", "started_at", "zorgsim_version", "run_id"}

CASES = {
    "default_town": ["municipality.population=4000", "years=3", "seed=1"],
    "alles_samen": ["scenario=alles_samen", "municipality.population=4000", "years=3",
                    "seed=2"],
    "staff_crisis": ["scenario=personeelscrisis", "municipality.population=4000", "years=2",
                     "seed=3"],
    "projection": ["municipality=platteland", "demography.regime=projection",
                   "municipality.population=3000", "years=3", "seed=4"],
    "ageing_city": ["municipality=stedelijk_district", "scenario=vergrijzing_2035",
                    "municipality.population=5000", "years=2", "seed=5"],
}


def compose(overrides: list[str]):
    """The validated configuration the command line would run for ``overrides``."""
    from hydra import compose as hydra_compose
    from hydra import initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    from sim.config import from_container, register_schema

    register_schema()
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base=None):
        cfg = hydra_compose(config_name="config", overrides=overrides)
    GlobalHydra.instance().clear()
    return from_container(cfg)


def environment() -> dict[str, str]:
    """What the references depend on beyond the code."""
    flags = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        line = next((ln for ln in cpuinfo.read_text().splitlines() if ln.startswith("flags")),
                    "")
        wide = [f for f in ("avx2", "avx512f", "fma") if f in line.split()]
        flags = " ".join(wide)
    return {"numpy": np.__version__, "machine": platform.machine(), "simd": flags}


def comparable(table: pa.Table) -> pa.Table:
    """The table without run-to-run columns and without file metadata, columns by name.

    Columns are compared by name, not position: the order of a table's columns follows the
    order in which modules declare their metrics, which a refactoring may change without
    changing a single value.
    """
    keep = sorted(c for c in table.column_names if c not in VOLATILE)
    table = table.select(keep)
    return table.cast(pa.schema([pa.field(f.name, f.type) for f in table.schema]))


def first_difference(got: pa.Table, ref: pa.Table) -> str:
    """Where two tables first differ, in words."""
    if got.column_names != ref.column_names:
        extra = sorted(set(got.column_names) - set(ref.column_names))
        missing = sorted(set(ref.column_names) - set(got.column_names))
        return f"columns differ: new {extra}, missing {missing}"
    if got.num_rows != ref.num_rows:
        return f"{got.num_rows} rows, reference {ref.num_rows}"
    for name in got.column_names:
        a, b = got.column(name), ref.column(name)
        if not a.equals(b):
            x, y = a.to_numpy(zero_copy_only=False), b.to_numpy(zero_copy_only=False)
            same = (x == y) | (pa.compute.is_nan(a).to_numpy(zero_copy_only=False)
                               & pa.compute.is_nan(b).to_numpy(zero_copy_only=False)) \
                if pa.types.is_floating(a.type) else x == y
            row = int(np.flatnonzero(~np.asarray(same))[0]) if (~np.asarray(same)).any() else -1
            return (f"column {name}: {int((~np.asarray(same)).sum())} values differ, first at "
                    f"row {row}: {x[row]!r} (reference {y[row]!r})")
    return "schemas differ: " + str(got.schema) + " vs " + str(ref.schema)


@pytest.fixture(scope="module")
def regenerate(request) -> bool:
    return bool(request.config.getoption("--regenerate-baseline"))


@pytest.mark.parametrize("case", list(CASES))
def test_baseline_outputs_are_unchanged(case, tmp_path, regenerate):
    cfg = compose(CASES[case])
    out = tmp_path / case
    simulate(cfg, out)
    ref_dir = BASELINE / case
    env_file = BASELINE / "ENVIRONMENT"
    if regenerate:
        ref_dir.mkdir(parents=True, exist_ok=True)
        for name in TABLES:  # only the tables whose values changed, so the diff shows them
            got = comparable(pq.read_table(out / name))
            if not (ref_dir / name).exists() or not got.equals(
                    comparable(pq.read_table(ref_dir / name))):
                pq.write_table(got, ref_dir / name, compression="zstd")
        env_file.write_text(json.dumps(environment(), indent=1) + "\n")
        pytest.skip("references regenerated")
    recorded = json.loads(env_file.read_text())
    for name in TABLES:
        if not (ref_dir / name).exists():
            pytest.fail(f"{case}/{name} has no frozen reference: a new output table; "
                        "regenerate the baseline (--regenerate-baseline) in a commit of its own")
        got = comparable(pq.read_table(out / name))
        ref = comparable(pq.read_table(ref_dir / name))
        if not got.equals(ref):
            where = "" if recorded == environment() else (
                f" (references made with {recorded}, this machine {environment()})")
            pytest.fail(f"{case}/{name} differs from the frozen baseline: "
                        f"{first_difference(got, ref)}{where}")
