"""Writing and reading run results: Parquet with units, a run written as a whole.

A run's folder holds ``timeseries.parquet`` (week x buurt), ``timeseries_ses.parquet``,
``municipality.parquet``, ``residents.parquet`` (the final snapshot), ``events.parquet``
(one row per event), ``config.yaml``, ``data_dictionary.json`` (table, column, type, unit
and description of every column, for readers that do not show Parquet field metadata)
and ``summary.parquet`` (one row). Every table carries the run's identity columns
(``run_id``, ``scenario``, ``seed``, ``config_hash``), so files read by DuckDB or polars
without this package can be told apart; a sweep's runs lie in hive-style folders
(``scenario=<name>/seed=<n>/...``, ``configs/config.yaml``). The run is
written into a hidden staging folder and then takes its final name in one step
(:mod:`sim.run_store`), so a folder holds either a whole run or none, and replacing a run
never mixes the files of two. A run is complete when ``summary.parquet`` exists. Loading a
sweep reads every complete run and names the file in one line when one cannot be read.
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute
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
DICTIONARY_FILE = "data_dictionary.json"
TMP_PREFIX = ".tmp-"
# Settings appear in the summary as one column each, ``cfg__<section>__<key>``: names that
# SQL (DuckDB) and polars take without quoting; runs written before used ``cfg.<key>``.
CONFIG_PREFIX = "cfg__"
OLD_CONFIG_PREFIX = "cfg."
IDENTITY_COLUMNS = {
    "run_id": ("id", "Identity of the run: its settings and the model version"),
    "scenario": ("-", "Scenario preset name"),
    "seed": ("-", "Run seed"),
    "config_hash": ("hash", "Hash of every setting that shapes the results, seed included"),
}


def config_column(key: str) -> str:
    """The summary column of a dotted config key: ``homecare.x`` -> ``cfg__homecare__x``."""
    return CONFIG_PREFIX + key.replace(".", "__")


def config_key(column: str) -> str:
    """The dotted config key of a summary column (``cfg__homecare__x`` -> ``homecare.x``)."""
    return column.removeprefix(CONFIG_PREFIX).replace("__", ".")


def is_config_column(name: str) -> bool:
    """Whether a summary column holds a setting (``cfg__...``)."""
    return name.startswith(CONFIG_PREFIX)


def identity_columns(meta: dict[str, str], rows: int) -> dict[str, pa.Array]:
    """The run's identity as columns of ``rows`` rows: strings dictionary-encoded.

    One dictionary entry per file, so the columns cost a few bytes however long the table.
    """
    return {"run_id": constant(meta["run_id"], rows),
            "scenario": constant(meta["scenario"], rows),
            "seed": constant(int(meta["seed"]), rows),
            "config_hash": constant(meta["config_hash"], rows)}


def constant(value: str | int, rows: int) -> pa.Array:
    """A column of one value: dictionary-encoded for text, int64 for a number."""
    if isinstance(value, str):
        return pa.DictionaryArray.from_arrays(pa.array(np.zeros(rows, np.int32)),
                                              pa.array([value]))
    return pa.array(np.full(rows, value, np.int64))


def field_with_meta(name: str, arr: pa.Array, unit: str, description: str) -> pa.Field:
    """A Parquet field carrying its unit and description as field metadata."""
    return pa.field(name, arr.type, metadata={"unit": unit, "description": description})


def make_table(
    columns: dict[str, Any], meta: dict[str, tuple[str, str]], run_meta: dict[str, str]
) -> pa.Table:
    """Build a table whose every column has a unit and a description.

    The run's identity columns (:data:`IDENTITY_COLUMNS`) come first, taken from
    ``run_meta`` where ``columns`` does not have them, so every table of a run carries them.

    Args:
        columns: Column name to values.
        meta: Column name to (unit, description); registry metrics may be left out.
        run_meta: File-level metadata (model version, config hash, seed, scenario...).
    """
    if columns and "run_id" in run_meta:
        rows = len(next(iter(columns.values())))
        ident = {k: v for k, v in identity_columns(run_meta, rows).items() if k not in columns}
        columns = {**ident, **columns}
    arrays, fields = [], []
    for name, values in columns.items():
        arr = values if isinstance(values, pa.Array) else pa.array(values)
        if name in meta:
            unit, desc = meta[name]
        elif name in IDENTITY_COLUMNS:
            unit, desc = IDENTITY_COLUMNS[name]
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


SMALL_METADATA = ("zorgsim_version", "config_hash", "run_id", "seed", "scenario", "table")


def one_row_writer(table: pa.Table) -> Callable[[Path], None]:
    """A writer for a one-row table of hundreds of columns (the summary), kept small.

    Without the Arrow schema blob (which repeats every column's unit and description, 150
    KB and more: they are in the data dictionary), statistics (a single value's min and
    max) or dictionary pages; the identity keys of the file metadata are kept, the
    ``config_json`` text is not (the ``cfg__*`` columns and ``config.yaml`` hold it).
    """
    def write(path: Path) -> None:
        meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
        with pq.ParquetWriter(path, table.schema, store_schema=False, compression="none",
                              write_statistics=False, use_dictionary=False) as writer:
            writer.write_table(table)
            writer.add_key_value_metadata({k: meta[k] for k in SMALL_METADATA if k in meta})

    return write


def _type_name(t: pa.DataType) -> str:
    """The type a reader sees (dictionary-encoded strings are strings)."""
    return str(t.value_type) if pa.types.is_dictionary(t) else str(t)


def data_dictionary(tables: dict[str, pa.Table]) -> list[dict[str, str]]:
    """One record per column of each table (file name -> table): the data dictionary.

    Its field names are no SQL keywords (``table`` and ``column`` are), so DuckDB queries
    it unquoted: ``select column_name, unit from 'data_dictionary.json'``.

    Fields: ``table_name`` (the file name without ``.parquet``), ``column_name``, ``type``,
    ``unit``, ``description`` and ``period`` (for summary figures: which weeks they cover, see
    :data:`sim.outputs.metrics.SUMMARY_PERIOD`; empty otherwise).
    """
    from sim.outputs.metrics import SUMMARY_PERIOD

    out = []
    for file, table in tables.items():
        name = file.removesuffix(".parquet")
        for f in table.schema:
            md = f.metadata or {}
            out.append({"table_name": name, "column_name": f.name, "type": _type_name(f.type),
                        "unit": md.get(b"unit", b"").decode(),
                        "description": md.get(b"description", b"").decode(),
                        "period": SUMMARY_PERIOD.get(f.name, "") if name == "summary" else ""})
    return out


def dictionary_writer(tables: dict[str, pa.Table]) -> Callable[[Path], None]:
    """A writer of the data dictionary of ``tables`` as JSON (a list of records)."""
    rows = [json.dumps(r, ensure_ascii=False) for r in data_dictionary(tables)]
    return text_writer("[\n" + ",\n".join(rows) + "\n]\n")  # one column per line


def publish_dictionary(run_folder: Path, root: Path) -> None:
    """Copy a run's data dictionary to ``root`` (a sweep folder), replacing it in one step.

    Every run of a sweep writes the same dictionary (same model version), so the last
    writer wins harmlessly; the rename keeps a reader from seeing half a file.
    """
    src = Path(run_folder) / DICTIONARY_FILE
    if not src.is_file():
        return
    tmp = Path(root) / f"{TMP_PREFIX}{os.getpid()}-{DICTIONARY_FILE}"
    tmp.write_bytes(src.read_bytes())
    os.replace(tmp, Path(root) / DICTIONARY_FILE)


def text_writer(text: str) -> Callable[[Path], None]:
    """A writer that writes UTF-8 text to the path it is given."""
    return lambda path: Path(path).write_text(text, encoding="utf-8")


RESULT_FILES = (TIMESERIES_FILE, SES_FILE, SYSTEM_FILE, RESIDENTS_FILE, EVENTS_FILE,
                CONFIG_FILE, DICTIONARY_FILE, SUMMARY_FILE)


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
        "scenario": str(config.get("scenario", {}).get("name", "")),
        "config_json": json.dumps(config, sort_keys=True),
    }


def read_units(path: Path | str) -> dict[str, tuple[str, str]]:
    """Column name to (unit, description) of a run's Parquet file.

    From the Parquet field metadata where the file has it, else from the run folder's
    ``data_dictionary.json`` (the summary carries no Arrow schema, so no field metadata).
    """
    path = Path(path)
    out = {}
    for f in pq.read_schema(path):
        md = f.metadata or {}
        out[f.name] = (md.get(b"unit", b"").decode(), md.get(b"description", b"").decode())
    dictionary = path.parent / DICTIONARY_FILE
    if dictionary.is_file() and not all(unit or desc for unit, desc in out.values()):
        table = path.name.removesuffix(".parquet")
        for rec in json.loads(dictionary.read_text(encoding="utf-8")):
            if rec["table_name"] == table and rec["column_name"] in out:
                out[rec["column_name"]] = (rec["unit"], rec["description"])
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
    keys = ("run_id", "config_hash", "zorgsim_version")
    try:
        schema = pq.read_schema(path)
        if all(k in schema.names for k in keys):
            row = pq.read_table(path, columns=list(keys)).to_pylist()[0]
            return {k: str(row[k]) for k in keys}
        meta = schema.metadata or {}
    except (OSError, pa.ArrowException, IndexError):
        return None
    return {k: meta.get(k.encode(), b"").decode() for k in keys}


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
    return _upgrade_summary(summary)


_SETTING_TYPES = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
                  "str": pa.string()}


def setting_type(key: str) -> pa.DataType | None:
    """The Arrow type of a setting's summary column, from its declared type (None: unknown).

    ``list[float]`` settings are list columns of float64, ``int | None`` int64 columns
    that may hold nulls, and so on.
    """
    from sim.config import field_type, schema_field

    f = schema_field(key)
    tp = field_type(f)[0].replace(" ", "") if f is not None else ""
    if tp.startswith("list[") and tp.endswith("]"):
        item = _SETTING_TYPES.get(tp[5:-1])
        return pa.list_(item) if item is not None else None
    return _SETTING_TYPES.get(tp)


def _upgrade_summary(summary: pa.Table) -> pa.Table:
    """A summary written before the self-describing dataset, in today's columns.

    Settings ``cfg.<key>`` become ``cfg__<key with __>``, list settings (JSON text then)
    Arrow lists, ``started_at`` (ISO text then) a UTC timestamp; such runs had no burn-in,
    so ``burn_in_weeks`` is 0. A current summary is returned as it is.
    """
    names = summary.column_names
    if not any(n.startswith(OLD_CONFIG_PREFIX) for n in names) and "burn_in_weeks" in names:
        return summary
    cols, fields = [], []
    for f, col in zip(summary.schema, summary.columns, strict=True):
        name = f.name
        if name.startswith(OLD_CONFIG_PREFIX):
            key = name.removeprefix(OLD_CONFIG_PREFIX)
            name = config_column(key)
            kind = setting_type(key)
            if kind is not None and pa.types.is_list(kind) and pa.types.is_string(col.type):
                col = pa.chunked_array([pa.array(
                    [None if v is None else json.loads(v) for v in col.to_pylist()], kind)])
        elif name == "started_at" and pa.types.is_string(col.type):
            col = pa.compute.cast(pa.compute.strptime(
                pa.compute.utf8_slice_codeunits(col, 0, 19), "%Y-%m-%dT%H:%M:%S", "ms"),
                pa.timestamp("ms", tz="UTC"))
        cols.append(col)
        fields.append(pa.field(name, col.type, metadata=f.metadata))
    out = pa.Table.from_arrays(cols, schema=pa.schema(fields, metadata=summary.schema.metadata))
    if "burn_in_weeks" not in names:  # before the burn-in: means over every week
        out = out.append_column("burn_in_weeks", pa.array([0] * out.num_rows, pa.int64()))
        out = out.append_column(config_column("output.burn_in_weeks"),
                                pa.array([0] * out.num_rows, pa.int64()))
    return out


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

    Rows of every table carry ``run_id``, ``config_hash``, ``zorgsim_version``, ``seed``
    and ``scenario`` of their run, so runs can be told apart. Incomplete runs (no summary)
    are left out. Runs written before the self-describing dataset load too: their
    summaries are given today's columns (``cfg__*`` settings, lists, a timestamp,
    ``burn_in_weeks`` 0) and their weekly tables the identity columns. The same files
    load without this package (docs/researchers.md has tested examples): DuckDB
    ``read_parquet('<sweep>/**/summary.parquet', hive_partitioning=true)``, polars
    ``pl.scan_parquet('<sweep>/**/summary.parquet', hive_partitioning=True)``, or
    ``pyarrow.dataset.dataset(files)`` with ``files`` the list of one table's files (a
    folder given alone would be read whole, ``config.yaml`` included, as Parquet).

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
            for name in IDENTITY:  # in the files since the self-describing dataset
                if name not in t.column_names:
                    t = t.append_column(name, constant(ident[name], t.num_rows))
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
