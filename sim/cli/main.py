"""Command line: ``python -m sim`` (or ``zorgsim``) runs one simulation, ``-m`` a sweep.

Overrides are Hydra's: ``python -m sim municipality=stedelijk_district years=5 seed=7``;
``python -m sim -m seed=0,1,2`` runs three. ``--help`` prints zorgsim's own short page
(:mod:`sim.cli.help`), ``--help-all`` Hydra's full help. Before Hydra starts, the whole
command line is checked (:mod:`sim.preflight`): a typo, an impossible value, a broken
config file, a folder that cannot be written or a run too big for memory stops with one
line (key, value, what is allowed), exit code 2, and no output folder.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import warnings
from pathlib import Path
from typing import Any

from sim.cli.preflight import check_overrides, forced_overrides, group_options, preflight
from sim.config import ConfigError, from_container, register_schema
from sim.tools.processes import mark_main_process, stop_with_parent

__all__ = ["check_overrides", "group_options", "main", "run_job"]

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130
_created: list[Path] = []  # the topmost folder a single run's Hydra will create


class Stop(SystemExit):
    """Exit with a one-line message; keeps the message for launchers that run us remotely."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(code)
        self.message = message

    def __reduce__(self) -> tuple[type, tuple[str, int]]:  # travels back from pool workers
        return Stop, (self.message, self.code)


def _fail(message: str, code: int) -> None:
    print(f"zorgsim: {message}", file=sys.stderr, flush=True)
    raise Stop(message, code)


def _first_missing(folder: Path) -> Path | None:
    """The topmost folder on the way to ``folder`` that does not exist yet."""
    folder = folder.resolve()
    missing = None
    while not folder.exists():
        missing, folder = folder, folder.parent
    return missing


def remove_empty_folders(folder: Path, stop: Path | None = None) -> None:
    """Remove ``folder`` and the empty folders above it that this command created.

    Up to ``stop`` (a sweep's folder, kept) or, for a single run, up to the topmost folder
    that did not exist before Hydra started; else up to the working directory.
    """
    folder = folder.resolve()
    top = _created[0] if _created else None
    limit = (stop or Path.cwd()).resolve()
    while folder.is_dir() and not any(folder.iterdir()) and folder != limit:
        inside = top is not None and (folder == top or top in folder.parents)
        if not inside and limit not in folder.parents:
            break
        folder.rmdir()
        if folder == top:
            break
        folder = folder.parent


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main() -> None:
    """Entry point of ``python -m sim`` and the ``zorgsim`` script."""
    # Hydra's advice on writing config files (a missing _self_) is not for our users' eyes
    # on every run; errors are reported by the preflight in one line.
    warnings.filterwarnings("ignore", category=UserWarning, module=r"hydra\.")
    from sim.cli import help as help_page

    if help_page.wants_help(sys.argv[1:]):
        print(help_page.page(), end="")
        return
    sys.argv[1:] = help_page.hydra_argv(sys.argv[1:])
    register_schema()
    try:
        cl, plan = preflight(sys.argv[1:])
    except ConfigError as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    mark_main_process()
    extra: list[str] = []
    if plan is not None:
        from sim.cli.preflight import publish_completed, search_dirs, searchpath_override

        extra += searchpath_override(search_dirs(cl), cl.overrides)  # +experiment=...
        extra += forced_overrides(cl.overrides)
        if plan.run_dir is not None:
            _created[:] = [p for p in [_first_missing(plan.run_dir)] if p is not None]
        publish_completed(plan)
    sys.argv[1:] = cl.argv(extra)

    import hydra
    from omegaconf import DictConfig

    from sim.cli.preflight import CONFIG_DIR

    @hydra.main(version_base=None, config_path=str(CONFIG_DIR), config_name="config")
    def app(dcfg: DictConfig) -> float:
        return run_job(dcfg)

    try:
        app()
    except KeyboardInterrupt:
        _fail("interrupted: nothing was written for the unfinished run (an earlier run in "
              "its folder is unchanged)", EXIT_INTERRUPTED)
    finally:
        path = os.environ.pop("ZORGSIM_COMPLETED", None)
        if path:
            Path(path).unlink(missing_ok=True)


def run_job(dcfg: Any) -> float:
    """Hydra task: validate, simulate, write, and print the summary."""
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    from sim.outputs.report import print_summary, run_line
    from sim.outputs.run import simulate

    logging.getLogger("MESA").setLevel(logging.WARNING)  # Mesa logs every step at INFO
    hc = HydraConfig.get()
    folder = Path(hc.runtime.output_dir)
    sweep = hc.mode == RunMode.MULTIRUN  # one line per run, no bars
    sweep_dir = Path(hc.sweep.dir) if sweep else None
    try:
        cfg = from_container(dcfg)
    except ConfigError as exc:
        remove_empty_folders(folder, sweep_dir)
        _fail(str(exc), EXIT_BAD_INPUT)
    if sweep:
        stop_with_parent()
    if sweep_dir is not None:
        folder = _sweep_folder(cfg, folder, sweep_dir)
        if folder is None:
            return float("nan")
    progress = cfg.output.progress and sys.stderr.isatty() and not sweep
    try:
        result = simulate(cfg, folder, progress=progress)
    except KeyboardInterrupt:
        remove_empty_folders(folder, sweep_dir)
        raise
    except ConfigError as exc:  # a setting only the built model can check
        remove_empty_folders(folder, sweep_dir)
        _fail(str(exc), EXIT_BAD_INPUT)
    except MemoryError:
        remove_empty_folders(folder, sweep_dir)
        _fail(f"out of memory while simulating {cfg.municipality.population:,} residents: "
              "nothing was written; run a smaller town (municipality.population) or fewer "
              "runs at a time", EXIT_FAILED)
    except OSError as exc:
        remove_empty_folders(folder, sweep_dir)
        _fail(f"could not write the results to {folder}: {exc.strerror or exc}; nothing was "
              "written (an earlier run there is unchanged)", EXIT_FAILED)
    if sweep:
        _publish_dictionary(result.folder, sweep_dir)
        print(run_line(result), flush=True)
    else:
        print_summary(result)
    return float(result.summary["any_need_share_65plus"])


def _publish_dictionary(run_folder: Path, sweep_dir: Path | None) -> None:
    """Put the run's data dictionary at the sweep's root too (a missing one is no failure)."""
    from sim.outputs.results import publish_dictionary

    if sweep_dir is None:
        return
    try:
        publish_dictionary(run_folder, sweep_dir)
    except OSError as exc:
        print(f"zorgsim: could not copy the data dictionary to {sweep_dir}: "
              f"{exc.strerror or exc} (each run folder has its own)", flush=True)


def _sweep_folder(cfg: Any, folder: Path, sweep_dir: Path) -> Path | None:
    """Where a sweep's run goes: None if it is complete already, else a folder of its own.

    A run whose identity (settings and model version) is complete anywhere in the sweep
    folder is skipped. A folder that holds a complete run of another identity (the sweep
    folder was reused with other values, or by another version) is kept: this run goes to
    a folder named after its identity instead.
    """
    from sim.cli.preflight import completed_elsewhere
    from sim.config import config_hash
    from sim.outputs.results import owned_by_run, run_identity
    from sim.outputs.run_store import foreign_entries, model_version, run_id

    if sweep_dir.resolve() not in folder.resolve().parents:
        _fail(f"hydra.sweep.subdir: the run folder {folder} lies outside the sweep folder "
              f"{sweep_dir}", EXIT_BAD_INPUT)
    ident = run_id(config_hash(cfg), model_version())
    here = run_identity(folder)
    done = folder if here and here["run_id"] == ident else completed_elsewhere(ident, sweep_dir)
    if done is not None:
        remove_empty_folders(folder, sweep_dir)
        print(f"zorgsim: already complete, skipped: {done}/", flush=True)
        return None
    if here is not None or foreign_entries(folder, owned_by_run):
        own = folder.with_name(f"{folder.name}-{ident[:8]}")
        what = "another model version" if here and here["config_hash"] == config_hash(cfg) \
            else "other settings"
        print(f"zorgsim: {folder.name} holds a run with {what}; kept, and this run goes to "
              f"{own.name}", flush=True)
        return own
    return folder


if __name__ == "__main__":
    main()
