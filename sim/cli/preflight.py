"""Preflight: a whole command line checked before Hydra creates a folder or starts a run.

``python -m sim`` hands its arguments to Hydra, which creates the run folder, sweeps and
launches workers. Hydra's own errors are many lines long and come after it has created
folders; so before Hydra starts, this module

1. parses the command line as Hydra would (flags anywhere, one line for an unknown flag);
2. checks every override against the typed schema (unknown keys, presets, types, ranges,
   sweeps that cannot be expanded, deletions of settings);
3. composes the configuration of every job of the sweep (one Hydra composition per
   combination of presets, then the sweep's values), so cross-field rules, Hydra's own
   settings and broken YAML files are caught;
4. checks that the results folders can be written, that a run folder holds nothing but an
   earlier run, and that the runs fit in memory (:mod:`sim.resources`);
5. for a sweep, finds which of its runs are already complete in the sweep folder.

Any problem is a :class:`~sim.schema.ConfigError`: one line with the key, the value and
what is allowed.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.config import (
    GROUPS,
    Config,
    ConfigError,
    check_value,
    config_hash,
    field_type,
    from_container,
    is_section,
    schema_field,
    section_keys,
)
from sim.engine.schema import as_float
from sim.tools.options import check_writable

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"
EXPERIMENTS_DIR = CONFIG_DIR.parent / "experiments"  # holds the group experiment/
# Hydra settings zorgsim always uses: Hydra writes nothing into a run folder (no .hydra/
# copy, no log file); the results and config.yaml are written by the run itself.
FORCED = ("hydra.output_subdir=null", "hydra/job_logging=stdout")
COMPLETED_ENV = "ZORGSIM_COMPLETED"  # file: run id -> folder of runs already complete
PASS_THROUGH = ("help", "hydra_help", "version", "shell_completion", "info")


def forced_overrides(overrides: list[str]) -> list[str]:
    """The settings of :data:`FORCED` that the command line does not set itself."""
    given = {o.lstrip("+~").split("=", 1)[0] for o in overrides}
    return [f for f in FORCED if f.split("=", 1)[0] not in given]


@dataclass
class CommandLine:
    """The command line split as Hydra reads it."""

    flags: list[str]
    overrides: list[str]
    options: argparse.Namespace

    @property
    def informational(self) -> bool:
        """Whether Hydra only prints something (help, version, info): nothing to check."""
        return any(getattr(self.options, k, None) for k in PASS_THROUGH)

    def argv(self, extra: list[str]) -> list[str]:
        """Arguments for Hydra: flags first (Hydra wants them before overrides), then ours."""
        return [*self.flags, *self.overrides, *extra]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse prints usage and exits: one line
        raise ConfigError.plain(f"command line: {message}; see python -m sim --help")


def parse_command_line(argv: list[str]) -> CommandLine:
    """Split ``argv`` into Hydra flags and overrides, wherever the flags stand."""
    from hydra._internal.utils import get_args_parser

    base = get_args_parser()
    parser = _Parser(add_help=False, prog=base.prog)
    parser._argv = argv  # type: ignore[attr-defined]
    for action in base._actions:  # the same flags as Hydra's parser
        parser._add_action(action)
    options = parser.parse_intermixed_args(argv)
    modes = [f for f, v in (("--run", options.run), ("--multirun", options.multirun),
                            ("--cfg", options.cfg), ("--info", options.info),
                            ("--shell-completion", options.shell_completion)) if v]
    if len(modes) > 1:
        raise ConfigError.plain(f"command line: {' and '.join(modes)} cannot go together; "
                                "give one of --run, --multirun (-m), --cfg, --info")
    overrides = list(options.overrides or [])
    # Everything else is a flag or a flag's value (--config-path DIR), kept in order.
    rest = list(overrides)
    flags = []
    for a in argv:
        if rest and a == rest[0]:
            rest.pop(0)
        else:
            flags.append(a)
    return CommandLine(flags=flags, overrides=overrides, options=options)


def group_options(group: str, extra_dirs: tuple[Path, ...] = ()) -> list[str]:
    """Preset names available in a config group folder (and in user config folders)."""
    roots = [EXPERIMENTS_DIR if group == "experiment" else CONFIG_DIR, *extra_dirs]
    return sorted({p.stem for root in roots for p in (root / group).glob("*.yaml")})


def _override_values(ov: Any) -> list[Any]:
    if not ov.is_sweep_override():
        return [ov.value()]
    try:
        return list(ov.sweep_iterator())
    except Exception as exc:  # range(0,3,0), interval(0,2): Hydra's basic sweeper can't
        raise ConfigError(ov.key_or_group, ov.input_line.split("=", 1)[-1],
                          "cannot be expanded into runs: "
                          + str(exc).strip().splitlines()[0]) from None


def _unknown_key(key: str, value: Any) -> ConfigError:
    section, _, leaf = key.rpartition(".")
    keys = section_keys(section)
    if not keys:
        return ConfigError(key, value, "unknown setting; top-level keys: "
                           + ", ".join(section_keys("")))
    close = difflib.get_close_matches(leaf, keys, n=1)
    hint = f" (did you mean {section + '.' if section else ''}{close[0]}?)" if close else ""
    where = f"under '{section}'" if section else "at the top level"
    return ConfigError(key, value, f"unknown setting{hint}; allowed {where}: " + ", ".join(keys))


def parse_overrides(overrides: list[str]) -> list[Any]:
    """Hydra's parse of the overrides, with a grammar error as one line."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    try:
        return OverridesParser.create().parse_overrides(overrides)
    except Exception as exc:  # Hydra's grammar errors are multi-line: keep the first line
        raise ConfigError.plain("could not parse the overrides " + " ".join(overrides) + ": "
                                + str(exc).strip().splitlines()[0]) from None


def check_overrides(args: list[str], extra_dirs: tuple[Path, ...] = ()) -> None:
    """Validate command-line overrides against the schema before Hydra runs.

    ``args`` may hold flags too (they are skipped).

    Raises:
        ConfigError: for an unknown key, an unknown preset, a wrong type, a value out of
            range, a sweep that cannot be expanded or a deleted setting.
    """
    overrides = parse_command_line(args).overrides if any(a.startswith("-") for a in args) \
        else list(args)
    for ov in parse_overrides(overrides):
        key = ov.key_or_group
        if key.startswith("hydra"):
            continue
        values = _override_values(ov)
        if key in (*GROUPS, "experiment"):
            options = group_options(key, extra_dirs)
            for v in values:
                if str(v) not in options:
                    raise ConfigError(key, v, "unknown preset; allowed: " + ", ".join(options))
            continue
        f = schema_field(key)
        if f is None or is_section(f):
            raise _unknown_key(key, values[0] if values else "")
        if ov.is_delete():
            raise ConfigError(f"~{key}", "", "a setting cannot be removed; set it to a value "
                              "instead (its default is in python -m sim --cfg job)")
        tp, _ = field_type(f)
        for v in values:
            check_value(key, as_float(v) if "float" in tp else v, f)


# -- composing every job ---------------------------------------------------------------------


@dataclass
class Job:
    """One run of the command line: its overrides and validated configuration."""

    overrides: list[str]
    cfg: Config
    run_id: str = ""


@dataclass
class Plan:
    """What the command line will run, checked."""

    multirun: bool
    jobs: list[Job]
    hydra: dict[str, Any] = field(default_factory=dict)  # the composed hydra settings
    run_dir: Path | None = None  # single run
    sweep_dir: Path | None = None  # sweep
    parallel: int = 1  # runs at the same time on this machine
    completed: dict[str, str] = field(default_factory=dict)  # run id -> folder (sweep)


def _hydra_error(exc: BaseException) -> ConfigError:
    """One line for an error Hydra or OmegaConf raised while composing."""
    from omegaconf.errors import ConfigKeyError

    cause: BaseException | None = exc
    while cause is not None and not getattr(cause, "full_key", None):
        cause = cause.__cause__ or cause.__context__
    cause = cause or exc
    text = str(cause).strip().splitlines()
    first = text[0] if text else type(cause).__name__
    key = getattr(cause, "full_key", None)
    mark = next((ln.strip() for ln in str(exc).splitlines() if ln.strip().startswith('in "')),
                "")
    if key and isinstance(cause, ConfigKeyError) and not str(key).startswith("hydra"):
        return _unknown_key(str(key), "")
    if key:
        return ConfigError(str(key), getattr(cause, "value", "") or "", first)
    return ConfigError.plain("could not compose the configuration: " + first
                             + (f" ({mark})" if mark else ""))


def search_dirs(cl: CommandLine) -> list[Path]:
    """Folders Hydra searches for presets besides the primary config folder.

    The experiments always; ``--config-dir``; and, when ``--config-path`` replaces the
    primary folder, zorgsim's own presets, so a user's config can pick them.
    """
    dirs = [EXPERIMENTS_DIR]
    if cl.options.config_dir:
        dirs.append(Path(cl.options.config_dir).resolve())
    if cl.options.config_path:
        dirs.append(CONFIG_DIR)
    return dirs


def searchpath_override(dirs: list[Path], overrides: list[str]) -> list[str]:
    """The ``hydra.searchpath`` override for ``dirs`` (none if the user sets their own)."""
    if any(o.lstrip("+").startswith("hydra.searchpath") for o in overrides):
        return []
    return ["hydra.searchpath=[" + ",".join(f"file://{p}" for p in dirs) + "]"]


class _Composer:
    """Hydra compositions of the configuration, one per distinct set of preset overrides."""

    def __init__(self, cl: CommandLine) -> None:
        self.config_dir = Path(cl.options.config_path or CONFIG_DIR).resolve()
        if cl.options.config_dir and not Path(cl.options.config_dir).is_dir():
            raise ConfigError("--config-dir", cl.options.config_dir, "no such folder")
        self.config_name = cl.options.config_name or "config"
        self.search = search_dirs(cl)
        self.cache: dict[tuple[str, ...], Any] = {}

    def searchpath_override(self, overrides: list[str]) -> list[str]:
        """Our experiments folder (and ``--config-dir``) on Hydra's search path."""
        return searchpath_override(self.search, overrides)

    def compose(self, overrides: tuple[str, ...]) -> Any:
        """The composed configuration (hydra settings included) for preset overrides."""
        if overrides not in self.cache:
            from hydra import compose, initialize_config_dir
            from hydra.core.global_hydra import GlobalHydra

            if not self.config_dir.is_dir():
                raise ConfigError("--config-path", str(self.config_dir), "no such folder")
            GlobalHydra.instance().clear()
            try:
                with initialize_config_dir(config_dir=str(self.config_dir), version_base=None):
                    self.cache[overrides] = compose(
                        config_name=self.config_name, return_hydra_config=True,
                        overrides=[*overrides, *forced_overrides(list(overrides)),
                                   *self.searchpath_override(list(overrides))])
            except ConfigError:
                raise
            except Exception as exc:
                raise _hydra_error(exc) from None
            finally:
                GlobalHydra.instance().clear()
        return self.cache[overrides]


def _is_preset(ov: Any) -> bool:
    key = ov.key_or_group
    return key in (*GROUPS, "experiment") or key.startswith("hydra") or "/" in key


def _set(data: dict[str, Any], key: str, value: Any) -> None:
    *path, leaf = key.split(".")
    for part in path:
        data = data.setdefault(part, {})
    data[leaf] = value


def _job_overrides(cl: CommandLine, composed: Any, multirun: bool) -> list[list[str]]:
    """The override lists of every job, expanded as Hydra's basic sweeper does."""
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper

    overrides = list(cl.overrides)
    if multirun:
        params = (composed.hydra.get("sweeper") or {}).get("params") or {}
        overrides = [f"{k}={v}" for k, v in params.items()] + overrides
    parsed = parse_overrides(overrides)
    if not multirun:
        sweeps = [o.input_line for o in parsed if o.is_sweep_override()]
        if sweeps:
            raise ConfigError(sweeps[0].split("=", 1)[0], sweeps[0].split("=", 1)[1],
                              "a sweep needs -m: python -m sim -m " + " ".join(sweeps))
        return [overrides]
    return BasicSweeper.split_arguments(parsed, None)[0]


def _container(composed: Any) -> dict[str, Any]:
    from omegaconf import OmegaConf

    data = OmegaConf.to_container(composed, resolve=False)
    data.pop("hydra", None)
    try:
        return json.loads(json.dumps(OmegaConf.to_container(OmegaConf.create(data),
                                                            resolve=True)))
    except Exception as exc:
        raise _hydra_error(exc) from None


def compose_jobs(cl: CommandLine) -> Plan:
    """Compose and validate the configuration of every job of the command line."""
    composer = _Composer(cl)
    first = parse_overrides(cl.overrides)
    presets = tuple(o.input_line for o in first if _is_preset(o) and not o.is_sweep_override())
    base = composer.compose(presets)
    multirun = bool(cl.options.multirun) or str(base.hydra.mode) == "RunMode.MULTIRUN"
    jobs = []
    for job in _job_overrides(cl, base, multirun):
        parsed = parse_overrides(job)
        composed = composer.compose(tuple(o.input_line for o in parsed if _is_preset(o)))
        data = _container(composed)
        for ov in parsed:
            if not _is_preset(ov):
                _set(data, ov.key_or_group, ov.value())
        jobs.append(Job(overrides=job, cfg=from_container(data)))
    hydra = _hydra_settings(composer, jobs[0].overrides if jobs else [])
    return Plan(multirun=multirun, jobs=jobs, hydra=hydra)


def _hydra_settings(composer: _Composer, overrides: list[str]) -> dict[str, Any]:
    """The hydra section of the first job, resolved where it can be (run dir, launcher)."""
    from omegaconf import OmegaConf

    parsed = parse_overrides(overrides)
    composed = composer.compose(tuple(o.input_line for o in parsed if _is_preset(o)))
    out: dict[str, Any] = {}
    for key in ("run.dir", "sweep.dir", "launcher"):
        try:
            out[key] = OmegaConf.to_container(OmegaConf.select(composed.hydra, key),
                                              resolve=True) if key == "launcher" else \
                str(OmegaConf.select(composed, f"hydra.{key}"))
        except Exception:  # interpolations of the job's own values: checked per run
            out[key] = None
    return out


# -- folders and resources -------------------------------------------------------------------


def check_folders(plan: Plan) -> None:
    """Results folders must be writable; a run folder must hold nothing but a run."""
    from sim.outputs.results import owned_by_run
    from sim.outputs.run_store import FolderInUseError, check_replaceable

    if plan.multirun:
        if plan.hydra.get("sweep.dir") is not None:
            plan.sweep_dir = Path(plan.hydra["sweep.dir"])
            check_writable(plan.sweep_dir, "hydra.sweep.dir")
        return
    if plan.hydra.get("run.dir") is not None:
        plan.run_dir = Path(plan.hydra["run.dir"])
        check_writable(plan.run_dir, "hydra.run.dir")
        try:
            check_replaceable(plan.run_dir, owned_by_run)
        except FolderInUseError as exc:
            raise ConfigError("hydra.run.dir", str(plan.run_dir), exc.strerror) from None


def parallel_runs(plan: Plan) -> int:
    """How many runs of the plan go at once on this machine (for the memory check)."""
    if not plan.multirun:
        return 1
    launcher = plan.hydra.get("launcher") or {}
    target = str(launcher.get("_target_", ""))
    cores = os.cpu_count() or 1
    if "joblib" in target.lower():
        n = launcher.get("n_jobs", -1)
        n = cores + 1 + n if isinstance(n, int) and n < 0 else n
    elif "ray" in target.lower() and launcher.get("address") is None:
        n = cores
    elif "basic" in target.lower() or not target:
        n = 1
    else:  # a cluster: each run on its own node
        return 1
    return max(1, min(int(n) if isinstance(n, int) else 1, len(plan.jobs)))


def find_completed(plan: Plan) -> None:
    """Run ids of the plan's runs already complete in the sweep folder (one scan)."""
    from sim.outputs.results import completed_runs
    from sim.outputs.run_store import model_version, run_id

    version = model_version()
    for job in plan.jobs:
        job.run_id = run_id(config_hash(job.cfg), version)
    if plan.sweep_dir is None or not plan.sweep_dir.is_dir():
        return
    done = completed_runs(plan.sweep_dir)
    plan.completed = {j.run_id: str(done[j.run_id]) for j in plan.jobs if j.run_id in done}


def publish_completed(plan: Plan) -> None:
    """Hand the completed runs to the sweep's local workers through a file (env var)."""
    if not plan.multirun:
        return
    fd, path = tempfile.mkstemp(prefix="zorgsim-completed-", suffix=".json")
    with os.fdopen(fd, "w") as fh:
        json.dump({"sweep_dir": str(plan.sweep_dir or ""), "runs": plan.completed}, fh)
    os.environ[COMPLETED_ENV] = path


def completed_elsewhere(run: str, sweep_dir: Path) -> str | None:
    """The folder of a complete run with this id in the sweep (from preflight or a scan)."""
    from sim.outputs.results import completed_runs

    path = os.environ.get(COMPLETED_ENV)
    if path and Path(path).is_file():
        data = json.loads(Path(path).read_text())
        if Path(data.get("sweep_dir", "")) == sweep_dir:
            return data["runs"].get(run)
    found = completed_runs(sweep_dir).get(run) if sweep_dir.is_dir() else None
    return str(found) if found else None


def preflight(argv: list[str]) -> tuple[CommandLine, Plan | None]:
    """Check the whole command line; return it split, and the plan of what it runs.

    Raises:
        ConfigError: with one line for the first problem found.
    """
    from sim.tools.resources import check_memory

    cl = parse_command_line(argv)
    extra = tuple(Path(p) for p in (cl.options.config_path, cl.options.config_dir) if p)
    check_overrides(cl.overrides, extra)
    if cl.informational:
        return cl, None
    plan = compose_jobs(cl)
    check_folders(plan)
    plan.parallel = parallel_runs(plan)
    check_memory([j.cfg for j in plan.jobs], parallel=plan.parallel)
    find_completed(plan)
    return cl, plan


__all__ = ["CommandLine", "Job", "Plan", "check_overrides", "compose_jobs", "preflight"]
