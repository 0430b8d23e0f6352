"""The results dataset without zorgsim: identity columns, hive folders, a data dictionary,
the documented DuckDB and polars queries, the burn-in, and sweeps of the old layout."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sim.analysis.compare import compare, runs_from_sweep
from sim.analysis.compare import main as compare_main
from sim.outputs.results import (
    DICTIONARY_FILE,
    SUMMARY_FILE,
    complete_runs,
    config_key,
    is_config_column,
    load,
    read_units,
)
from tests.cli.test_cli import run_cli

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "researchers.md"
TABLE_FILES = ("summary", "timeseries", "timeseries_ses", "municipality", "residents",
               "events")
BURN_IN = 13
SCENARIOS = ("status_quo", "zorgzame_buurten")


@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> Path:
    """2 scenarios x 2 seeds, 1,500 residents, one year with a 13-week burn-in."""
    root = tmp_path_factory.mktemp("dataset")
    proc = run_cli("-m", f"scenario={','.join(SCENARIOS)}", "seed=0,1", "years=1",
                   f"output.burn_in_weeks={BURN_IN}", "municipality.population=1500",
                   "municipality.neighbourhoods=2", f"hydra.sweep.dir={root}/sweep", cwd=root)
    assert proc.returncode == 0, proc.stderr
    return root / "sweep"


def test_a_sweep_is_hive_style_and_every_table_names_its_run(sweep):
    runs = complete_runs(sweep)
    assert len(runs) == 4
    for folder in runs:
        rel = folder.relative_to(sweep).parts
        assert re.fullmatch(r"scenario=\w+", rel[0]) and re.fullmatch(r"seed=\d", rel[1])
        scenario, seed = rel[0].split("=")[1], int(rel[1].split("=")[1])
        ident = pq.read_table(folder / SUMMARY_FILE).select(
            ["run_id", "config_hash"]).to_pylist()[0]
        for name in TABLE_FILES:
            t = pq.read_table(folder / f"{name}.parquet")
            for col, value in (("scenario", scenario), ("seed", seed),
                               ("run_id", ident["run_id"]),
                               ("config_hash", ident["config_hash"])):
                assert set(t.column(col).to_pylist()) == {value}, (name, col)
        # the dictionary names every column of every table, with a unit or a description
        records = json.loads((folder / DICTIONARY_FILE).read_text())
        listed = {(r["table_name"], r["column_name"]) for r in records}
        for name in TABLE_FILES:
            names = pq.read_schema(folder / f"{name}.parquet").names
            assert {(name, c) for c in names} <= listed, name
        assert all(r["description"] for r in records)
    assert json.loads((sweep / DICTIONARY_FILE).read_text()) == records


def test_the_summary_is_small_typed_and_keeps_its_units(sweep):
    path = complete_runs(sweep)[0] / SUMMARY_FILE
    assert path.stat().st_size < 100_000  # was 326 KB with the Arrow schema blob
    meta = pq.ParquetFile(path).metadata.metadata
    assert b"ARROW:schema" not in meta and b"config_json" not in meta
    assert meta[b"run_id"] and meta[b"scenario"]
    schema = pq.read_schema(path)
    assert schema.field("started_at").type == pa.timestamp("ms", tz="UTC")
    assert schema.field("cfg__municipality__age_shares").type == pa.list_(pa.float64())
    assert schema.field("cfg__policies__zorgzame_buurten__buurten").type == pa.list_(
        pa.int64())
    assert not [n for n in schema.names if "." in n], "no dotted names: SQL needs no quotes"
    # typed by the schema, so all runs agree: no column of nulls, floats stay floats
    settings = [f for f in schema if is_config_column(f.name)]
    assert len(settings) > 300 and not [f for f in settings if pa.types.is_null(f.type)]
    assert schema.field("cfg__homecare__gezinszorg_contingent_factor").type == pa.float64()
    units = read_units(path)
    assert units["share_unmet"] == ("share", "Share of needed hours unmet")
    assert units["burn_in_weeks"][0] == "weeks"
    unit, desc = units["cfg__homecare__gezinszorg_contingent_factor"]
    assert unit == "x" and "source" in desc
    assert config_key("cfg__homecare__gezinszorg_contingent_factor") == \
        "homecare.gezinszorg_contingent_factor"


def test_summary_means_leave_out_the_burn_in_and_totals_do_not(sweep):
    """Recomputed from the weekly tables: means over the weeks after the burn-in, totals
    over every week; overload builds up from none, so its mean after the burn-in is
    higher than over the whole year."""
    summary = load(sweep, pandas=True)
    weekly = load(sweep, "timeseries", pandas=True)
    assert (summary["burn_in_weeks"] == BURN_IN).all()
    for run in summary.itertuples():
        w = weekly[weekly["run_id"] == run.run_id].groupby("week").sum(numeric_only=True)
        after = w[w.index > BURN_IN]
        assert run.share_unmet == pytest.approx(after["hours_unmet"].sum()
                                                / after["hours_needed"].sum())
        overloaded = after["carers_overloaded"].sum() / after["carers"].sum()
        whole = w["carers_overloaded"].sum() / w["carers"].sum()
        assert run.carers_overloaded_share == pytest.approx(overloaded)
        assert overloaded > whole
        assert run.admissions_total == w["admissions"].sum()  # a total: every week


def doc_blocks(marker: str = "<!-- tested: tests/outputs/test_dataset.py") -> list[str]:
    """The Python blocks of the researcher's guide that follow the test marker."""
    text = GUIDE.read_text()
    blocks = re.findall(re.escape(marker) + r"[^\n]*\n```python\n(.*?)```", text, re.S)
    assert len(blocks) == 2, "the guide's DuckDB and polars blocks"
    return blocks


def test_the_guides_duckdb_and_polars_queries_run_as_written_and_agree_with_compare(sweep):
    rows = compare(runs_from_sweep(sweep), "status_quo", ("unmet_need_share_65plus_home",))
    expected = {r.scenario: r.mean for r in rows}
    assert sorted(expected) == list(SCENARIOS)
    ts = load(sweep, "timeseries", pandas=True)
    ts["scenario"] = ts["scenario"].astype(str)
    by = ts.groupby(["scenario", "seed", "week"])[["hours_unmet", "hours_needed"]].sum()
    share = (by["hours_unmet"] / by["hours_needed"]).sort_index()
    duck, polars = doc_blocks()
    assert "import duckdb" in duck and "import polars" in polars
    scopes: dict[str, dict] = {"duckdb": {}, "polars": {}}
    for block, scope in zip((duck, polars), scopes.values(), strict=True):
        exec(block.replace('"results/sweeps/mine"', repr(str(sweep))), scope)  # noqa: S102
        means, weekly = scope["means"], scope["weekly"]
        if not isinstance(means, pd.DataFrame):  # polars
            means, weekly = means.to_pandas(), weekly.to_pandas()
        assert list(means["scenario"].astype(str)) == list(SCENARIOS)
        assert list(means["runs"]) == [2, 2]
        for scenario, mean in zip(means["scenario"].astype(str), means["mean"], strict=True):
            assert mean == pytest.approx(expected[scenario], rel=1e-12)
        assert len(weekly) == len(SCENARIOS) * 2 * 52
        got = weekly.assign(scenario=weekly["scenario"].astype(str)).set_index(
            ["scenario", "seed", "week"])["share_unmet"].sort_index()
        np.testing.assert_allclose(got.to_numpy(), share.to_numpy(), rtol=1e-9)
    units = scopes["duckdb"]["units"]  # the DuckDB block also reads the data dictionary
    assert list(units["unit"]) == ["share"] and list(units["period"]) == [
        "weeks after the burn-in"]


# -- sweeps written before the self-describing dataset ------------------------------------


def downgrade(sweep: Path, old: Path) -> None:
    """Rewrite a sweep as zorgsim wrote it before: flat run folders, no identity columns
    in the weekly tables, ``cfg.<key>`` columns with lists as JSON text, ``started_at``
    as text, no burn-in column, no data dictionary, file metadata with the config JSON."""
    for folder in complete_runs(sweep):
        dst = old / folder.name
        dst.mkdir(parents=True)
        shutil.copy(folder / "config.yaml", dst / "config.yaml")
        summary = pq.read_table(folder / SUMMARY_FILE)
        meta = {**(summary.schema.metadata or {}), b"config_json": b"{}"}
        for path in folder.glob("*.parquet"):
            t = pq.read_table(path)
            if path.name == SUMMARY_FILE:
                cols = {}
                for name in t.column_names:
                    col = t.column(name)
                    if name == "burn_in_weeks" or name == "cfg__output__burn_in_weeks":
                        continue
                    if is_config_column(name):
                        name = "cfg." + config_key(name)
                        if pa.types.is_list(col.type):
                            col = pa.array([json.dumps(v) for v in col.to_pylist()])
                    elif name == "started_at":
                        col = pa.array([v.isoformat(timespec="seconds")
                                        for v in col.to_pylist()])
                    cols[name] = col
                t = pa.table(cols)
            else:
                t = t.drop_columns(["run_id", "scenario", "seed", "config_hash"])
            pq.write_table(t.replace_schema_metadata(meta), dst / path.name)


def test_a_sweep_of_the_old_layout_still_loads_and_compares(sweep, tmp_path):
    old = tmp_path / "old"
    downgrade(sweep, old)
    assert not list(old.rglob(DICTIONARY_FILE)) and "cfg.years" in pq.read_schema(
        next(old.rglob(SUMMARY_FILE))).names
    new, was = load(sweep, pandas=True), load(old, pandas=True)
    assert set(new.columns) == set(was.columns)
    assert (was["burn_in_weeks"] == 0).all()  # such runs averaged over every week
    was = was.set_index("run_id").loc[new["run_id"]]
    assert list(was["share_unmet"]) == list(new["share_unmet"])
    assert [list(v) for v in was["cfg__needs__hours_per_level"]] == [
        list(v) for v in new["cfg__needs__hours_per_level"]]
    assert str(was["started_at"].dtype).startswith("datetime64") and \
        str(was["started_at"].dtype).endswith("UTC]")
    weekly = load(old, "timeseries")
    assert {"run_id", "scenario", "seed", "config_hash"} <= set(weekly.column_names)
    assert set(weekly.column("scenario").to_pylist()) == set(SCENARIOS)
    assert compare_main([str(old), "--no-figures", "--out", str(tmp_path / "cmp")]) == 0
    assert "Caring neighbourhoods" in (tmp_path / "cmp" / "comparison.md").read_text()


def test_the_guides_run_folder_pattern_leaves_out_a_staging_folder(sweep, tmp_path):
    """A killed run's hidden staging folder: ``**`` counts it, the guide's pattern not."""
    import duckdb
    import polars as pl

    s = tmp_path / "s"
    shutil.copytree(sweep, s)
    run = complete_runs(s)[0]
    staging = run.parent / f".{run.name}.staging-host-1"
    staging.mkdir()
    shutil.copy(run / "timeseries.parquet", staging / "timeseries.parquet")
    rows = len(load(s, "timeseries"))
    every, runs = f"{s}/**/timeseries.parquet", f"{s}/scenario=*/seed=*/[!.]*/timeseries.parquet"
    assert "'{sweep}/scenario=*/seed=*/[!.]*/timeseries.parquet'" in GUIDE.read_text()
    count = "select count(*) from read_parquet('{}', hive_partitioning = true)"
    assert duckdb.sql(count.format(runs)).fetchall()[0][0] == rows
    assert duckdb.sql(count.format(every)).fetchall()[0][0] > rows
    assert pl.scan_parquet(runs, hive_partitioning=True).collect().height == rows


def test_settings_are_typed_by_their_declaration_not_by_the_value():
    """A sweep whose runs give 1 and 0.5 for a float, or leave an int unset, still has one
    column type per setting: readers that scan many files need that."""
    from sim.outputs.results import config_column, setting_type

    assert setting_type("homecare.gezinszorg_contingent_factor") == pa.float64()
    assert pa.array([1], setting_type("homecare.gezinszorg_contingent_factor")).type == \
        pa.float64()
    assert pa.array([None], setting_type("municipality.neighbourhoods")).type == pa.int64()
    assert setting_type("needs.hours_per_level") == pa.list_(pa.float64())
    assert setting_type("policies.zorgzame_buurten.buurten") == pa.list_(pa.int64())
    assert setting_type("no.such.key") is None
    assert config_column("homecare.gezinszorg_contingent_factor") == \
        "cfg__homecare__gezinszorg_contingent_factor"
