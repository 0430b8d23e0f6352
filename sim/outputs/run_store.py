"""Output folders on disk: complete or absent, replaced whole, never mixed.

A run (or a comparison, or a sensitivity analysis) is written into a hidden staging folder
beside its final folder, ``.<name>.staging-<host>-<pid>``, every file synced to disk. Only
then does it take the final name:

- if the final folder does not exist or is empty (Hydra creates it before the run), by one
  ``rename``, which is atomic;
- if it holds an earlier output, by swapping the two folders in one atomic
  ``renameat2(RENAME_EXCHANGE)`` (Linux), after which the earlier output, now under the
  staging name, is deleted;
- where the file system cannot swap (``EINVAL``, some network file systems), by two
  renames: the earlier output moves to ``.<name>.old-<host>-<pid>``, the new one takes the
  name. A kill between the two leaves no folder under the final name, and the next attempt
  (or :func:`recover`) puts the earlier output back.

So whenever a process is killed, the final folder holds either the earlier complete output
or the new complete one. Hidden staging and old folders are never read as results
(:func:`is_hidden`), and the next attempt at the same folder removes those its dead
predecessors left. An existing folder is replaced only if everything in it is a file this
kind of output writes: pointing a run at a folder with other files stops with one line.

A run's identity is its settings (``config_hash``) and the model version, which includes a
fingerprint of the model's code (:func:`model_version`): a run made by other code is never
taken for this one.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import glob
import hashlib
import os
import shutil
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sim import __version__

STAGING_TAG = ".staging-"
OLD_TAG = ".old-"
# Test and diagnosis hooks (environment): stop at a named stage of writing, announce it on
# stderr and wait there to be killed; or pretend the file system cannot swap folders.
FAULT_ENV = "ZORGSIM_FAULT"
NO_EXCHANGE_ENV = "ZORGSIM_NO_RENAME_EXCHANGE"
FAULT_PREFIX = "zorgsim-fault: reached "
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class FolderInUseError(OSError):
    """The target folder holds files that are not this kind of output."""


def checkpoint(stage: str) -> None:
    """Test hook: with ``ZORGSIM_FAULT=<stage>`` announce the stage and wait to be killed.

    Kill tests use it to interrupt a run exactly at one stage of writing instead of after
    a guessed delay. A handled signal (SIGINT, SIGTERM) ends the wait as an interrupt.
    ``ZORGSIM_FAULT=<stage>:enospc`` instead fails there as a full disk would.
    """
    fault = os.environ.get(FAULT_ENV, "")
    if fault == f"{stage}:enospc":
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if fault != stage:
        return
    # One write() of the whole line: with PYTHONUNBUFFERED (Ray sets it in its process's
    # environment) print() writes the text and the newline separately, and two sweep
    # workers' announcements could interleave into one line.
    sys.stderr.flush()
    os.write(sys.stderr.fileno(), f"{FAULT_PREFIX}{stage}\n".encode())
    while True:
        signal.pause()


@functools.cache
def code_fingerprint() -> str:
    """Hash of the model's source files: any code change gives a new model version."""
    root = Path(__file__).resolve().parents[1]  # the sim package
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def model_version() -> str:
    """The release and the code fingerprint, as a PEP 440 local version (``0.1.0+3f2a...``)."""
    return f"{__version__}+{code_fingerprint()}"


def run_id(config_hash: str, version: str) -> str:
    """A run's identity: its settings (seed included) and the model version that made it."""
    return hashlib.sha256(f"{config_hash}:{version}".encode()).hexdigest()[:16]


def owner() -> str:
    """This process, as it appears in staging folder names."""
    return f"{socket.gethostname()}-{os.getpid()}"


def sibling(folder: Path, tag: str, who: str | None = None) -> Path:
    """The hidden folder beside ``folder`` for staging or for the earlier output."""
    return folder.parent / f".{folder.name}{tag}{who or owner()}"


def is_hidden(path: Path, root: Path) -> bool:
    """Whether ``path`` lies in a hidden folder (staging, old, ``.hydra``) below ``root``."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def stands_in(folder: Path, complete: Callable[[Path], bool]) -> Path | None:
    """The final folder a hidden ``.<name>.old-*`` folder stands in for, if it does.

    Between the two renames of the fallback protocol the earlier output sits under its
    old name and the final name is absent (or holds nothing complete): readers then take
    the old folder as the output, so at every moment exactly one output is visible.
    """
    name = folder.name
    if not name.startswith(".") or OLD_TAG not in name:
        return None
    final = folder.parent / name[1:name.rindex(OLD_TAG)]
    return final if complete(folder) and not complete(final) else None


def _alive(who: str) -> bool:
    """Whether the process named in a staging folder may still be running."""
    host, _, pid = who.rpartition("-")
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine's: cannot tell, leave it
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftovers(folder: Path) -> Iterator[tuple[Path, str, str]]:
    """Staging and old folders beside ``folder``: (path, tag, owner)."""
    if not folder.parent.is_dir():
        return
    for path in folder.parent.glob(f".{glob.escape(folder.name)}.*"):
        for tag in (STAGING_TAG, OLD_TAG):
            head = f".{folder.name}{tag}"
            if path.name.startswith(head):
                yield path, tag, path.name[len(head):]


def recover(folder: Path, complete: Callable[[Path], bool]) -> None:
    """Finish or undo what killed earlier attempts left beside ``folder``.

    An earlier output moved aside by the two-rename protocol is put back if the final
    name holds no complete output; every other leftover of a dead process is deleted.
    Staging folders of live processes are left alone.
    """
    for path, tag, who in sorted(_leftovers(folder)):
        if tag == STAGING_TAG and _alive(who):
            continue
        if tag == OLD_TAG and not complete(folder) and complete(path):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
            if not folder.exists():
                os.rename(path, folder)
                continue
        shutil.rmtree(path, ignore_errors=True)


def foreign_entries(folder: Path, owns: Callable[[str], bool]) -> list[str]:
    """Names in ``folder`` that this kind of output does not write (empty if none)."""
    if not folder.exists():
        return []
    if not folder.is_dir():
        return [folder.name]
    return sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()
                  if not owns(p.name))


def check_replaceable(folder: Path, owns: Callable[[str], bool]) -> None:
    """Raise :class:`FolderInUseError` unless ``folder`` may take (or be replaced by) an output.

    Never the working directory or a folder above it: replacing it whole would pull the
    ground from under the shell that started the run.
    """
    here = Path.cwd().resolve()
    target = folder.resolve()
    if target == here or target in here.parents:
        raise FolderInUseError(errno.EBUSY, "it is the working directory or a folder above "
                               "it; name a folder for the output", str(folder))
    other = foreign_entries(folder, owns)
    if other and not folder.is_dir():
        raise FolderInUseError(errno.ENOTDIR, "it is a file, not a folder", str(folder))
    if other:
        shown = ", ".join(other[:4]) + (", ..." if len(other) > 4 else "")
        raise FolderInUseError(errno.EEXIST, f"it holds other files ({shown}); choose a new or "
                          "empty folder", str(folder))


def _sync_tree(folder: Path) -> None:
    """Flush every file in ``folder`` and the folder itself to disk."""
    for path in folder.iterdir():
        if path.is_file():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
    _sync_dir(folder)


def _sync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2); False where that is not possible."""
    if os.environ.get(NO_EXCHANGE_ENV):
        return False
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(staging: Path, folder: Path) -> None:
    """Give the complete ``staging`` folder the name ``folder``, replacing what was there."""
    if not folder.exists() or (folder.is_dir() and not any(folder.iterdir())):
        os.replace(staging, folder)  # rename(2) replaces an empty folder atomically
    elif _exchange(staging, folder):
        checkpoint("exchanged")
        shutil.rmtree(staging)  # the earlier output, now under the staging name
    else:
        old = sibling(folder, OLD_TAG)
        os.rename(folder, old)
        checkpoint("moved-old")
        os.rename(staging, folder)
        checkpoint("moved-new")
        shutil.rmtree(old)
    _sync_dir(folder.parent)


@contextmanager
def staged_folder(folder: Path, *, owns: Callable[[str], bool],
                  complete: Callable[[Path], bool]) -> Iterator[Path]:
    """Yield an empty staging folder; when the block ends normally, swap it in as ``folder``.

    Args:
        folder: The final folder.
        owns: Whether a file name is one this kind of output writes; ``folder`` is
            replaced only if it holds nothing else.
        complete: Whether a folder holds a complete output of this kind.

    On any exception or interrupt the staging folder is deleted, an empty ``folder`` (as
    Hydra creates it) is removed, and an earlier output stays as it was.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    recover(folder, complete)
    check_replaceable(folder, owns)
    staging = sibling(folder, STAGING_TAG)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
        _sync_tree(staging)
        checkpoint("staged")
        swap_in(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        recover(folder, complete)
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        raise
