"""Worker processes that die with the process that started them.

Sweeps (Hydra's joblib launcher) and sensitivity analyses (joblib) run their simulations in
loky worker processes. When the main process is killed outright (SIGKILL, a closed
terminal, a cluster's time limit), loky's workers live on: they finish the run at hand,
start another and stay for minutes. A worker therefore watches its parent: once it is
gone, the worker interrupts itself like Ctrl-C (its unfinished run leaves nothing behind,
:mod:`sim.run_store`) and exits for good shortly after.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from typing import Any

MAIN_PID_ENV = "ZORGSIM_MAIN_PID"  # set by the main process before it starts workers
POLL_S = 0.5
GRACE_S = 10.0
EXIT_INTERRUPTED = 130
_watching: list[int] = []


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def mark_main_process() -> None:
    """Record this process as the main one: workers it starts inherit the mark."""
    os.environ[MAIN_PID_ENV] = str(os.getpid())


def stop_with_parent() -> None:
    """In a worker process (not the one marked main): stop when the parent dies.

    Safe to call for every task: the watch starts once per process.
    """
    main_pid = os.environ.get(MAIN_PID_ENV)
    if not main_pid or int(main_pid) == os.getpid() or _watching:
        return
    parent = os.getppid()
    _watching.append(parent)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL_S)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(GRACE_S)
        os._exit(EXIT_INTERRUPTED)

    threading.Thread(target=watch, name="zorgsim-parent-watch", daemon=True).start()
    # (outside the main thread, as under some launchers, the watch still ends the worker)
    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGTERM, _raise_interrupt)
