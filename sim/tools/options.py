"""Options of zorgsim's tools: checked like settings, one line when one is wrong.

``python -m sim.compare``, ``sim.calibrate`` and ``sim.sensitivity`` take command-line
options; they are checked against the same schema as the settings (a ``--years`` is a
``years``), and output folders are checked before any work: writable, and holding nothing
but an earlier output of the same kind.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from sim.config import ConfigError, check_value, schema_field


class ToolParser(argparse.ArgumentParser):
    """The argument parser of zorgsim's tools: a bad option is one line and exit code 2."""

    def error(self, message: str) -> None:
        """Print the problem in one line (argparse would add its usage) and exit with 2."""
        print(f"{self.prog}: {message}; see {self.prog} --help", file=sys.stderr, flush=True)
        raise SystemExit(2)


def check_writable(folder: Path, key: str) -> None:
    """Raise unless ``folder`` (or the nearest folder above it that exists) can be written."""
    probe = folder
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise ConfigError(key, str(folder), f"{probe} is a file, not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise ConfigError(key, str(folder), f"cannot write in {probe} (permission denied or "
                          "read-only file system)")
    try:
        with tempfile.NamedTemporaryFile(dir=probe, prefix=".zorgsim-probe-"):
            pass
    except OSError as exc:
        raise ConfigError(key, str(folder), f"cannot write in {probe} ({exc.strerror})") from None


def check_option(flag: str, key: str, value: Any) -> None:
    """A tool's option checked as the setting ``key`` is, and named as the option.

    Raises:
        ConfigError: e.g. ``invalid setting --years=0: allowed: a whole number 1 to 100``.
    """
    f = schema_field(key)
    assert f is not None, key
    try:
        check_value(key, value, f)
    except ConfigError as exc:
        raise ConfigError(flag, value, exc.allowed) from None


def check_count(flag: str, value: Any, lo: int, hi: int) -> None:
    """A whole-number option within [lo, hi]."""
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ConfigError(flag, value, f"allowed: a whole number {lo:,} to {hi:,}")


def check_output(flag: str, folder: Path, owns: Any) -> None:
    """An output folder must be writable and hold nothing but an earlier output of its kind.

    Raises:
        ConfigError: naming the option and the problem.
    """
    from sim.outputs.run_store import FolderInUseError, check_replaceable

    check_writable(folder, flag)
    try:
        check_replaceable(folder, owns)
    except FolderInUseError as exc:
        raise ConfigError(flag, str(folder), exc.strerror) from None
