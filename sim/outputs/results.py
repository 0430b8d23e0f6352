"""Writing and reading run results: Parquet with units, a run written as a whole.

A run's folder holds ``timeseries.parquet`` (week x buurt), ``timeseries_ses.parquet``,
``municipality.parquet``, ``residents.parquet`` (the final snapshot), ``events.parquet``
(one row per event), ``config.yaml`` and ``summary.parquet`` (one row). The run is
written into a hidden staging folder and then takes its final name in one step
(:mod:`sim.run_store`), so a folder holds either a whole run or none, and replacing a run
never mixes the files of two. A run is complete when ``summary.parquet`` exists. Loading a
sweep reads every complete run and names the file in one line when one cannot be read.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sim.outputs.metrics import METRICS
from sim.outputs.run_store import (
    OLD_TAG,
    checkpoint,
    is_hidden,
    model_version,
    run_id,
    staged_folder,
    stands_in,
)

TIMESERIES_FILE = "timeseries.parquet"
SES_FILE = "timeseries_ses.parquet"
SYSTEM_FILE = "municipality.parquet"
SUMMARY_FILE = "summary.parquet"
RESIDENTS_FILE = "residents.parquet"
EVENTS_FILE = "events.parquet"
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


def parquet_writer(table: pa.Table) -> Callable[[Path], None]:
    """A writer that writes ``table`` as zstd-compressed Parquet to the path it is given."""
    return lambda path: pq.write_table(table, path, compression="zstd")


def text_writer(text: str) -> Callable[[Path], None]:
    """A writer that writes UTF-8 text to the path it is given."""
    return lambda path: Path(path).write_text(text, encoding="utf-8")


RESULT_FILES = (TIMESERIES_FILE, SES_FILE, SYSTEM_FILE, RESIDENTS_FILE, EVENTS_FILE,
                CONFIG_FILE, SUMMARY_FILE)


def owned_by_run(name: str) -> bool:
    """Whether a name in a run folder is one a run writes (or an older zorgsim, or Hydra)."""
    return name in RESULT_FILES or name.startswith(TMP_PREFIX) or name == ".hydra" or \
        name.endswith(".log")


def is_complete(folder: Path | str) -> bool:
    """A run folder is complete when it holds a summary (runs appear whole or not at all)."""
    return (Path(folder) / SUMMARY_FILE).is_file()


def write_run(folder: Path, files: dict[str, Callable[[Path], None]]) -> None:
    """Write a run's files into ``folder`` as a whole (see :mod:`sim.run_store`).

    Args:
        folder: The run folder; an earlier complete run there is replaced in one step.
        files: File name to writer, written in order (the summary last).
    """
    with staged_folder(folder, owns=owned_by_run, complete=is_complete) as staging:
        for i, (name, write) in enumerate(files.items()):
            write(staging / name)
            if i == 0:
                checkpoint("staging")


def run_metadata(config_hash: str, seed: int, config: dict[str, Any]) -> dict[str, str]:
    """File-level metadata shared by every table of a run: its identity and settings."""
    version = model_version()
    return {
        "zorgsim_version": version,
        "config_hash": config_hash,
        "run_id": run_id(config_hash, version),
        "seed": str(seed),
        "config_json": json.dumps(config, sort_keys=True),
    }


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
          "municipality": SYSTEM_FILE, "residents": RESIDENTS_FILE, "events": EVENTS_FILE}
IDENTITY = ("run_id", "config_hash", "zorgsim_version", "seed", "scenario")


class ResultsError(ValueError):
    """A results folder that cannot be read as it is; ``str()`` is one line for the user."""


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def complete_runs(root: Path | str) -> list[Path]:
    """Folders of complete runs under ``root`` (any depth), in name order.

    Hidden folders (a run being written, an earlier run being replaced) are skipped.

    Raises:
        ResultsError: if ``root`` does not exist or a summary there is not a file.
    """
    root = Path(root)
    if not root.is_dir():
        moved = [p for p in root.parent.glob(f".{glob.escape(root.name)}{OLD_TAG}*")
                 if stands_in(p, is_complete)] if root.parent.is_dir() else []
        if moved:  # caught between the two renames of a replacement: the earlier run
            return moved[:1]
        raise ResultsError(f"{root}: no such folder")
    found = []
    for path in root.rglob(SUMMARY_FILE):
        hidden = is_hidden(path.parent, root)
        if hidden and not (is_hidden(path.parent.parent, root) is False
                           and stands_in(path.parent, is_complete)):
            continue
        if not path.is_file():
            raise ResultsError(f"{path}: not a file; a run's summary must be a Parquet file")
        found.append(path.parent)
    return sorted(found)


def run_identity(folder: Path | str) -> dict[str, str] | None:
    """The identity of the complete run in ``folder``, None if none or unreadable.

    The identity is ``run_id``, ``config_hash`` and ``zorgsim_version``.

    Runs written before run ids existed get an empty ``run_id``: they match no new run.
    """
    path = Path(folder) / SUMMARY_FILE
    if not path.is_file():
        return None
    try:
        meta = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowException):
        return None
    return {k: meta.get(k.encode(), b"").decode() for k in ("run_id", "config_hash",
                                                              "zorgsim_version")}


def completed_runs(root: Path | str) -> dict[str, Path]:
    """Run id to folder of every readable complete run under ``root``."""
    out: dict[str, Path] = {}
    for folder in complete_runs(root):
        ident = run_identity(folder)
        if ident and ident["run_id"]:
            out.setdefault(ident["run_id"], folder)
    return out


def read_table(path: Path, columns: list[str] | None = None) -> pa.Table:
    """Read one Parquet file of a run.

    Raises:
        ResultsError: naming the file, if it is missing, unreadable or lacks ``columns``.
    """
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        raise ResultsError(f"cannot read {path}: {_first_line(exc)}") from None
    missing = [c for c in columns or () if c not in table.column_names]
    if missing:
        raise ResultsError(f"{path} has no column {', '.join(missing)}: not a zorgsim run "
                           "file, or one from a much older version")
    return table


def _with_identity(summary: pa.Table) -> pa.Table:
    """A summary with ``run_id`` and ``zorgsim_version``, derived for runs from before them."""
    names = summary.column_names
    if "zorgsim_version" not in names:
        summary = summary.append_column("zorgsim_version", pa.array(["unknown"]))
    if "run_id" not in names:
        ident = run_id(summary.column("config_hash")[0].as_py(),
                       summary.column("zorgsim_version")[0].as_py())
        summary = summary.append_column("run_id", pa.array([ident]))
    return summary


def load(path: Path | str, table: str = "summary", *, pandas: bool = False,
         folders: bool = False) -> Any:
    """Every complete run under ``path`` as one table (a sweep folder loads as a dataset).

    Args:
        path: A run folder or a folder of runs (a sweep), searched at any depth.
        table: Which file: ``summary`` (one row per run, headline metrics and the flattened
            config), ``timeseries`` (week x buurt), ``ses`` (week x SES quintile),
            ``municipality`` (one row per week), ``residents`` (final snapshot) or
            ``events`` (one row per event: registrations, admissions, home-care and
            care-link starts and stops, deaths; docs/ODD.md, section 7).
        pandas: Return a pandas DataFrame instead of a pyarrow Table.
        folders: Add a ``run_folder`` column (each run's folder).

    Rows of the weekly and resident tables carry ``run_id``, ``config_hash``,
    ``zorgsim_version``, ``seed`` and ``scenario`` of their run, so runs can be told apart.
    Incomplete runs (no summary) are left out. The same files load as they are with
    ``pyarrow.dataset``, DuckDB or polars, e.g.
    ``duckdb.sql("select * from 'results/sweeps/x/**/summary.parquet'")``.

    Raises:
        ResultsError: for a missing folder, no complete run, or a file that cannot be read
            (one line naming the file).
    """
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; allowed: {', '.join(TABLES)}")
    parts = []
    for folder in complete_runs(path):
        summary = _with_identity(read_table(folder / SUMMARY_FILE,
                                            ["config_hash", "seed", "scenario"]))
        if table == "summary":
            t = summary
        else:
            f = folder / TABLES[table]
            if not f.exists():  # the resident snapshot and the events are optional
                continue
            t = read_table(f)
            ident = summary.select(list(IDENTITY)).to_pylist()[0]
            for name in IDENTITY:
                if name not in t.column_names:
                    t = t.append_column(name, pa.array([ident[name]] * t.num_rows))
        if folders:
            t = t.append_column("run_folder", pa.array([str(folder)] * t.num_rows))
        parts.append(t)
    if not parts:
        raise ResultsError(f"{path}: no complete run there")
    try:
        out = pa.concat_tables(parts, promote_options="default")
    except pa.ArrowException as exc:
        raise ResultsError(f"the runs under {path} have incompatible columns: "
                           f"{_first_line(exc)}") from None
    return out.to_pandas() if pandas else out
