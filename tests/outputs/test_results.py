"""Result tables: units and descriptions on every column, identical for the same seed."""

from __future__ import annotations

import pyarrow.parquet as pq

from sim.outputs.run import simulate
from tests.conftest import make_config


def test_results_files_have_units_and_identical_tables_for_same_seed(tmp_path):
    cfg = make_config(seed=5, years=1, **{"municipality.population": 3000,
                                          "municipality.neighbourhoods": 3})
    r1 = simulate(cfg, tmp_path / "a")
    r2 = simulate(cfg, tmp_path / "b")
    for name in ("timeseries.parquet", "residents.parquet"):
        t1, t2 = pq.read_table(r1.folder / name), pq.read_table(r2.folder / name)
        assert t1.equals(t2)
        for field in t1.schema:
            assert field.metadata and field.metadata[b"unit"] and field.metadata[b"description"]
    ts = pq.read_table(r1.folder / "timeseries.parquet")
    assert ts.num_rows == 52 * 3
    meta = ts.schema.metadata
    assert meta[b"seed"] == b"5" and len(meta[b"config_hash"]) == 16
    summary = pq.read_table(r1.folder / "summary.parquet").to_pylist()[0]
    assert summary["cfg.municipality.population"] == 3000 and summary["seed"] == 5
    assert summary["population_start"] == 3000
    assert (r1.folder / "config.yaml").exists()

