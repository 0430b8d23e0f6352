"""Command line: ``python -m sim`` (or ``zorgsim``) runs one simulation, ``-m`` a sweep.

Overrides are Hydra's: ``python -m sim municipality=stedelijk_district years=5 seed=7``;
``python -m sim -m seed=0,1,2`` runs three. Before Hydra starts, every override is checked
against the typed schema, so a typo or an impossible value stops the run with one line
(key, value, what is allowed), exit code 2, and no output folder.
"""

from __future__ import annotations

import difflib
import logging
import signal
import sys
from pathlib import Path
from typing import Any

from sim.config import (
    GROUPS,
    ConfigError,
    _as_float,
    check_value,
    from_container,
    is_section,
    register_schema,
    schema_field,
    section_keys,
)

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"
EXPERIMENTS_DIR = CONFIG_DIR.parent / "experiments"  # holds the group experiment/
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130

# Hydra flags that take a value (the value is not an override).
_FLAGS_WITH_VALUE = {"--cfg", "-c", "--package", "-p", "--config-path", "-cp", "--config-name",
                     "-cn", "--config-dir", "-cd", "--experimental-rerun", "--info", "-i"}


def group_options(group: str) -> list[str]:
    """Preset names available in a config group folder."""
    root = EXPERIMENTS_DIR if group == "experiment" else CONFIG_DIR
    return sorted(p.stem for p in (root / group).glob("*.yaml"))


def _override_values(ov: Any) -> list[Any]:
    if ov.is_sweep_override():
        try:
            return list(ov.sweep_iterator())
        except Exception:  # interval sweeps etc.: leave to the per-run check
            return []
    return [ov.value()]


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


def check_overrides(args: list[str]) -> None:
    """Validate command-line overrides against the schema before Hydra runs.

    Raises:
        ConfigError: for an unknown key, an unknown preset, a wrong type or a value out
            of range.
    """
    from hydra.core.override_parser.overrides_parser import OverridesParser

    overrides, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif arg.startswith("-"):
            skip = arg in _FLAGS_WITH_VALUE
        else:
            overrides.append(arg)
    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
    except Exception as exc:  # Hydra's grammar errors are multi-line: keep the first line
        raise ConfigError(" ".join(overrides), "", "could not parse the override: "
                          + str(exc).strip().splitlines()[0]) from None
    for ov in parsed:
        key = ov.key_or_group
        if key.startswith("hydra") or ov.is_delete():
            continue
        values = _override_values(ov)
        if key in (*GROUPS, "experiment"):
            options = group_options(key)
            for v in values:
                if str(v) not in options:
                    raise ConfigError(key, v, "unknown preset; allowed: " + ", ".join(options))
            continue
        f = schema_field(key)
        if f is None or is_section(f):
            raise _unknown_key(key, values[0] if values else "")
        for v in values:
            check_value(key, _as_float(v) if "float" in str(f.type) else v, f)


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


def remove_empty_folders(folder: Path) -> None:
    """Remove ``folder`` and its empty parents below the working directory (Hydra made them)."""
    cwd = Path.cwd().resolve()
    folder = folder.resolve()
    while folder != cwd and cwd in folder.parents and folder.is_dir() and not any(
            folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main() -> None:
    """Entry point of ``python -m sim`` and the ``zorgsim`` script."""
    try:
        check_overrides(sys.argv[1:])
    except ConfigError as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    register_schema()
    if not any(a.startswith("hydra.searchpath") for a in sys.argv[1:]):
        sys.argv.append(f"hydra.searchpath=[file://{EXPERIMENTS_DIR}]")  # +experiment=...

    import hydra
    from omegaconf import DictConfig

    @hydra.main(version_base=None, config_path=str(CONFIG_DIR), config_name="config")
    def app(dcfg: DictConfig) -> float:
        return run_job(dcfg)

    try:
        app()
    except KeyboardInterrupt:
        _fail("interrupted: no results were written for the unfinished run", EXIT_INTERRUPTED)


def run_job(dcfg: Any) -> float:
    """Hydra task: validate, simulate, write, and print the summary."""
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    from sim.report import print_summary, run_line
    from sim.run import simulate

    logging.getLogger("MESA").setLevel(logging.WARNING)  # Mesa logs every step at INFO
    folder = Path(HydraConfig.get().runtime.output_dir)
    try:
        cfg = from_container(dcfg)
    except ConfigError as exc:
        remove_empty_folders(folder)
        _fail(str(exc), EXIT_BAD_INPUT)
    sweep = HydraConfig.get().mode == RunMode.MULTIRUN  # one line per run, no bars
    progress = cfg.output.progress and sys.stderr.isatty() and not sweep
    if sweep:  # a re-run sweep skips finished runs
        from sim.config import config_hash
        from sim.results import completed_hashes, run_hash

        chash = config_hash(cfg)
        # Re-running the same sweep finds the run in its own folder; only otherwise is the
        # whole sweep searched (one summary read per run, for every run of the sweep).
        done = folder if run_hash(folder) == chash else completed_hashes(folder.parent).get(chash)
        if done is not None:
            remove_empty_folders(folder)
            print(f"zorgsim: already complete, skipped: {done}/", flush=True)
            return float("nan")
    try:
        result = simulate(cfg, folder, progress=progress)
    except KeyboardInterrupt:
        remove_empty_folders(folder)
        raise
    except ConfigError as exc:  # a setting only the built model can check (buurt numbers)
        remove_empty_folders(folder)
        _fail(str(exc), EXIT_BAD_INPUT)
    if sweep:
        print(run_line(result), flush=True)
    else:
        print_summary(result)
    return float(result.summary["any_need_share_65plus"])


if __name__ == "__main__":
    main()
