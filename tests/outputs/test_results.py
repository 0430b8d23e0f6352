"""Result tables: units and descriptions on every column, identical for the same seed."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from sim.outputs.run import simulate
from tests.conftest import make_config


def test_results_files_have_units_and_identical_tables_for_same_seed(tmp_path):
    cfg = make_config(seed=5, years=1, **{"municipality.population": 3000,
                                          "municipality.neighbourhoods": 3,
                                          "output.burn_in_weeks": 13})
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
    assert summary["cfg__municipality__population"] == 3000 and summary["seed"] == 5
    assert summary["population_start"] == 3000
    assert (r1.folder / "config.yaml").exists()


def test_the_resident_snapshot_carries_each_residents_care_network(tmp_path):
    """Care-network figures can be computed from the snapshot alone, and they agree with
    the weekly table: the informal hours residents received in the last week are the
    week's informal hours; carers per receiver and the main carer's tie are consistent."""
    import numpy as np

    cfg = make_config(seed=3, years=1, **{"municipality.population": 3000,
                                          "municipality.neighbourhoods": 3,
                                          "output.burn_in_weeks": 13})
    run = simulate(cfg, tmp_path / "run")
    res = pq.read_table(run.folder / "residents.parquet").to_pydict()
    ts = pq.read_table(run.folder / "timeseries.parquet").to_pydict()
    last = max(ts["week"])
    week_informal = sum(h for w, h in zip(ts["week"], ts["hours_informal"], strict=True)
                        if w == last)
    received = np.array(res["care_hours_received"])
    assert received.sum() == pytest.approx(week_informal, rel=1e-4)
    carers, main = np.array(res["carers"]), np.array(res["main_carer_tie"])
    assert (main[carers == 0] == "none").all()
    assert set(main) <= {"partner", "household", "child", "nonresident_child", "kin",
                         "neighbour", "friend", "none"}
    assert (main != "none").sum() > 0 and (carers >= 2).sum() > 0
    given = np.array(res["care_hours_given"])
    assert (np.array(res["carer"]) == (given > 0)).all()
    assert given.sum() <= received.sum() + 1e-3  # the rest comes from non-resident children


def test_the_terminal_summary_accounts_for_every_needed_hour(tmp_path):
    """The "hours covered" lines name every ledger source and add up to 100%."""
    import re

    from sim.outputs.report import summary_lines
    from sim.outputs.run import simulate
    from tests.conftest import make_config

    result = simulate(make_config(**{"municipality.population": 2_000, "years": 1,
                                     "output.burn_in_weeks": 13}),
                      tmp_path / "run")
    lines = [x for x in summary_lines(result) if x.strip().startswith("hours covered")]
    shares = [float(v) for x in lines for v in re.findall(r"([\d.]+)%", x)]
    assert len(shares) == 6  # self, informal, formal, vouchers, facilities, unmet
    assert sum(shares) == pytest.approx(100.0, abs=0.35)  # six values rounded to 0.1
