"""Writing and reading run results: Parquet with units, written atomically.

A run's folder holds ``timeseries.parquet`` (week x buurt), ``residents.parquet`` (the
final snapshot), ``config.yaml`` and, written last, ``summary.parquet`` (one row). Every
file is first written under a hidden temporary name in the same folder and then renamed,
so an interrupted run never leaves a half-written Parquet file: either a file is complete
or it does not exist. A run is complete when ``summary.parquet`` exists.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sim import __version__
from sim.metrics import METRICS

TIMESERIES_FILE = "timeseries.parquet"
SES_FILE = "timeseries_ses.parquet"
SYSTEM_FILE = "municipality.parquet"
SUMMARY_FILE = "summary.parquet"
RESIDENTS_FILE = "residents.parquet"
CONFIG_FILE = "config.yaml"
TMP_PREFIX = ".tmp-"


def field_with_meta(name: str, arr: pa.Array, unit: str, description: str) -> pa.Field:
    """A Parquet field carrying its unit and description as field metadata."""
    return pa.field(name, arr.type, metadata={"unit": unit, "description": description})


def make_table(
    columns: dict[str, Any], meta: dict[str, tuple[str, str]], run_meta: dict[str, str]
) -> pa.Table:
    """Build a table whose every column has a unit and a description.

    Args:
        columns: Column name to values.
        meta: Column name to (unit, description); registry metrics may be left out.
        run_meta: File-level metadata (model version, config hash, seed...).
    """
    arrays, fields = [], []
    for name, values in columns.items():
        arr = values if isinstance(values, pa.Array) else pa.array(values)
        if name in meta:
            unit, desc = meta[name]
        elif name in METRICS:
            unit, desc = METRICS[name].unit, METRICS[name].description
        else:
            raise KeyError(f"column {name!r} has no unit and description")
        arrays.append(arr)
        fields.append(field_with_meta(name, arr, unit, desc))
    schema = pa.schema(fields, metadata={k: str(v) for k, v in run_meta.items()})
    return pa.Table.from_arrays(arrays, schema=schema)


def _tmp_path(path: Path) -> Path:
    return path.with_name(f"{TMP_PREFIX}{os.getpid()}-{path.name}")


def stage(path: Path, write: Any) -> Path:
    """Write a file under a hidden temporary name next to ``path``; return that name."""
    tmp = _tmp_path(path)
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def commit(staged: list[tuple[Path, Path]]) -> None:
    """Rename staged temporaries onto their final names, in order (summary last)."""
    for tmp, final in staged:
        os.replace(tmp, final)


def parquet_writer(table: pa.Table) -> Any:
    """A writer for :func:`stage` that writes ``table`` as zstd-compressed Parquet."""
    return lambda tmp: pq.write_table(table, tmp, compression="zstd")


def text_writer(text: str) -> Any:
    """A writer for :func:`stage` that writes UTF-8 text."""
    return lambda tmp: Path(tmp).write_text(text, encoding="utf-8")


def write_parquet(path: Path, table: pa.Table) -> None:
    """Atomically write one Parquet file."""
    commit([(stage(path, parquet_writer(table)), path)])


def remove_temporaries(folder: Path) -> None:
    """Delete temporary files this process left in a folder (after an interrupt)."""
    for p in folder.glob(f"{TMP_PREFIX}{os.getpid()}-*"):
        p.unlink(missing_ok=True)


RESULT_FILES = (TIMESERIES_FILE, SES_FILE, SYSTEM_FILE, RESIDENTS_FILE, CONFIG_FILE,
                SUMMARY_FILE)


def clear_leftovers(folder: Path) -> None:
    """Remove what an earlier attempt at this run left if it never finished.

    A run killed outright (SIGKILL, power cut) cannot clean up: it may leave temporaries,
    and if it died between renames, some result files without the summary. Re-running the
    run (a re-run sweep does) starts from an empty folder instead.
    """
    if is_complete(folder):
        return
    for p in folder.glob(f"{TMP_PREFIX}*"):
        p.unlink(missing_ok=True)
    _drop_results(folder)


def _drop_results(folder: Path) -> None:
    """Delete a run's result files (of a run that did not finish)."""
    for name in RESULT_FILES:
        (folder / name).unlink(missing_ok=True)


@contextmanager
def run_folder(folder: Path) -> Iterator[Path]:
    """Yield the run folder; on any failure leave no partial result behind.

    On an exception or interrupt, our temporaries go, and so do result files of this run
    if its summary (the completion mark, renamed last) is missing. An empty folder is
    removed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    clear_leftovers(folder)
    try:
        yield folder
    except BaseException:
        remove_temporaries(folder)
        if not is_complete(folder):
            _drop_results(folder)
        if folder.exists() and not any(folder.iterdir()):
            folder.rmdir()
        raise


def run_metadata(config_hash: str, seed: int, config: dict[str, Any]) -> dict[str, str]:
    """File-level metadata shared by every table of a run."""
    return {
        "zorgsim_version": __version__,
        "config_hash": config_hash,
        "seed": str(seed),
        "config_json": json.dumps(config, sort_keys=True),
    }


def is_complete(folder: Path) -> bool:
    """A run is complete once its summary (written last) exists."""
    return (Path(folder) / SUMMARY_FILE).exists()


def read_units(path: Path) -> dict[str, tuple[str, str]]:
    """Column name to (unit, description) from a Parquet file's schema."""
    schema = pq.read_schema(path)
    out = {}
    for f in schema:
        md = f.metadata or {}
        out[f.name] = (md.get(b"unit", b"").decode(), md.get(b"description", b"").decode())
    return out


# -- sweeps: many runs as one dataset ---------------------------------------------------------

TABLES = {"summary": SUMMARY_FILE, "timeseries": TIMESERIES_FILE, "ses": SES_FILE,
          "municipality": SYSTEM_FILE, "residents": RESIDENTS_FILE}


def complete_runs(root: Path | str) -> list[Path]:
    """Folders of complete runs under ``root`` (any depth), in name order."""
    root = Path(root)
    return sorted(p.parent for p in root.rglob(SUMMARY_FILE) if not p.name.startswith("."))


def completed_hashes(root: Path | str) -> dict[str, Path]:
    """Config hash to folder of every complete run under ``root``."""
    out: dict[str, Path] = {}
    for folder in complete_runs(root):
        chash = run_hash(folder)
        if chash:
            out.setdefault(chash, folder)
    return out


def run_hash(folder: Path | str) -> str | None:
    """Config hash of the complete run in ``folder`` (None if it is not complete)."""
    path = Path(folder) / SUMMARY_FILE
    if not path.exists():
        return None
    meta = pq.read_schema(path).metadata or {}
    return meta.get(b"config_hash", b"").decode() or None


def load(path: Path | str, table: str = "summary", *, pandas: bool = False) -> Any:
    """Every complete run under ``path`` as one table (a sweep folder loads as a dataset).

    Args:
        path: A run folder or a folder of runs (a sweep), searched at any depth.
        table: Which file: ``summary`` (one row per run, headline metrics and the flattened
            config), ``timeseries`` (week x buurt), ``ses`` (week x SES quintile),
            ``municipality`` (one row per week) or ``residents`` (final snapshot).
        pandas: Return a pandas DataFrame instead of a pyarrow Table.

    Rows of the weekly and resident tables carry ``config_hash``, ``seed`` and ``scenario``
    of their run, so runs can be told apart. Incomplete runs (no summary) are left out.
    The same files load as they are with ``pyarrow.dataset``, DuckDB or polars, e.g.
    ``duckdb.sql("select * from 'results/sweeps/x/**/summary.parquet'")``.
    """
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; allowed: {', '.join(TABLES)}")
    parts = []
    for folder in complete_runs(path):
        f = folder / TABLES[table]
        if not f.exists():
            continue
        t = pq.read_table(f)
        if table != "summary":
            s = pq.read_table(folder / SUMMARY_FILE,
                              columns=["config_hash", "seed", "scenario"]).to_pylist()[0]
            for name, value in s.items():
                if name not in t.column_names:
                    t = t.append_column(name, pa.array([value] * t.num_rows))
        parts.append(t)
    if not parts:
        raise FileNotFoundError(f"no complete run under {path}")
    out = pa.concat_tables(parts, promote_options="default")
    return out.to_pandas() if pandas else out
