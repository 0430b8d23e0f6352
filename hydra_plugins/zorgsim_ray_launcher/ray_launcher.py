"""Run a Hydra sweep (``python -m sim -m ...``) as Ray tasks, locally or on a Ray cluster.

    python -m sim -m hydra/launcher=ray scenario=status_quo,alles_samen seed='range(20)'
    python -m sim -m hydra/launcher=ray hydra.launcher.address=auto ...      # join a cluster

Why our own launcher: Hydra's ``hydra-ray-launcher`` (1.2.2, the last release) pins
``cloudpickle<3``, which conflicts with the joblib that the default local launcher needs,
and it drags in boto3 for its AWS mode. This one is the same idea in a page: every run is
one Ray task that calls Hydra's ``run_job`` in a worker, exactly as the joblib launcher does
in a local process. Results go to ``hydra.sweep.dir``, so on a cluster that folder must be
on a shared file system (or set ``hydra.sweep.dir`` to one).

Ray is imported only when a sweep is launched, because Hydra imports every plugin module at
start-up.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hydra.core.hydra_config import HydraConfig
from hydra.core.singleton import Singleton
from hydra.core.utils import JobReturn, configure_log, filter_overrides, run_job, setup_globals
from hydra.plugins.launcher import Launcher
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig, OmegaConf, open_dict

log = logging.getLogger(__name__)

# A local instance needs little shared memory: tasks return a small JobReturn each.
LOCAL_OBJECT_STORE_BYTES = 100 * 2**20
LOCAL_ONLY_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"
WORKER_NICENESS_ENV = "RAY_worker_niceness"  # read by the raylet Ray starts


def as_dict(cfg: Any) -> dict[str, Any]:
    """A launcher option given as a DictConfig, as a plain dict (``ray.init`` wants dicts)."""
    return OmegaConf.to_container(cfg, resolve=True) if isinstance(cfg, DictConfig) else cfg


class RunExitError(Exception):
    """A run stopped with ``sys.exit`` (zorgsim's one-line bad-input exit) inside a worker."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)
        self.code, self.message = code, message


def execute_job(hydra_context: HydraContext, sweep_config: DictConfig,
                task_function: TaskFunction, singleton_state: dict[Any, Any]) -> JobReturn:
    """One run of the sweep, inside a Ray worker (mirrors the joblib launcher)."""
    setup_globals()
    Singleton.set_state(singleton_state)
    HydraConfig.instance().set_config(sweep_config)
    try:
        return run_job(hydra_context=hydra_context, task_function=task_function,
                       config=sweep_config, job_dir_key="hydra.sweep.dir",
                       job_subdir_key="hydra.sweep.subdir")
    except SystemExit as exc:  # a dying worker would hide the reason: hand the code back
        code = exc.code if isinstance(exc.code, int) else 1
        raise RunExitError(code, getattr(exc, "message", str(exc.code))) from None


class RayLauncher(Launcher):
    """Hydra launcher that runs each job of a sweep as a Ray task.

    Args:
        address: ``None`` starts a private Ray instance on this machine for the sweep,
            listening on 127.0.0.1 only, and stops it afterwards; ``"auto"`` joins the
            cluster this machine belongs to; ``"host:port"`` or ``"ray://host:10001"``
            connects to a given head node.
        num_cpus_per_run: CPUs Ray reserves per run (a run uses one core).
        init: extra keyword arguments for ``ray.init`` (e.g. ``runtime_env``, ``num_cpus``).
        progress: show a progress bar of finished runs on a terminal.
    """

    def __init__(self, *, address: str | None = None, num_cpus_per_run: float = 1,
                 init: dict[str, Any] | None = None, progress: bool = True) -> None:
        self.address = address
        self.num_cpus_per_run = num_cpus_per_run
        self.init = dict(as_dict(init) or {})
        self.progress = progress
        self.config: DictConfig | None = None
        self.hydra_context: HydraContext | None = None
        self.task_function: TaskFunction | None = None

    def setup(self, *, hydra_context: HydraContext, task_function: TaskFunction,
              config: DictConfig) -> None:
        """Keep what ``launch`` needs (called by Hydra before the sweep)."""
        self.config = config
        self.hydra_context = hydra_context
        self.task_function = task_function

    def _start_ray(self) -> tuple[Any, bool]:
        # Before the import (Ray reads them then): no usage reporting, and every run's line
        # printed (Ray's log de-duplication merges lines that differ only in numbers).
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        os.environ.setdefault("RAY_DEDUP_LOGS", "0")
        if self.address is None:
            # A private instance serves this machine only: with this setting every Ray
            # server (GCS, raylet, workers) listens on 127.0.0.1 instead of all interfaces.
            # (Ray reads it when imported; the name refers to Windows and macOS, where a
            # local-only instance is Ray's default. Checked with Ray 2.60: `ss -ltnp`.)
            os.environ.setdefault(LOCAL_ONLY_ENV, "0")
            # Ray starts its workers at nice 15, so that they yield to everything else on a
            # cluster node. A private instance's workers are the user's own sweep: at nice
            # 15 beside one busy core, runs of 1 s took 30-47 s (2026-12-07).
            os.environ.setdefault(WORKER_NICENESS_ENV, "0")
        try:
            import ray
        except ImportError:
            print("zorgsim: hydra/launcher=ray needs Ray; install it with "
                  "pip install 'zorgsim[ray]' (or pip install ray)", file=sys.stderr)
            sys.exit(2)
        if ray.is_initialized():
            return ray, False
        kwargs = {"logging_level": logging.WARNING, **self.init}
        if self.address is None:  # a private local instance: keep it small and quiet
            kwargs.setdefault("include_dashboard", False)
            kwargs.setdefault("object_store_memory", LOCAL_OBJECT_STORE_BYTES)
        ray.init(address=self.address, **kwargs)
        return ray, True

    def launch(self, job_overrides: Sequence[Sequence[str]],
               initial_job_idx: int) -> Sequence[JobReturn]:
        """Submit every job as a Ray task and wait for all of them, in order."""
        assert self.config is not None and self.hydra_context is not None
        assert self.task_function is not None
        setup_globals()
        configure_log(self.config.hydra.hydra_logging, self.config.hydra.verbose)
        sweep_dir = Path(str(self.config.hydra.sweep.dir))
        sweep_dir.mkdir(parents=True, exist_ok=True)
        ray, started = self._start_ray()
        try:
            return self._run_all(ray, job_overrides, initial_job_idx, sweep_dir)
        finally:
            if started:
                ray.shutdown()

    def _run_all(self, ray: Any, job_overrides: Sequence[Sequence[str]], initial_job_idx: int,
                 sweep_dir: Path) -> list[JobReturn]:
        cpus = ray.cluster_resources().get("CPU", 0)
        log.info(f"Ray ({cpus:g} CPUs) is launching {len(job_overrides)} jobs into {sweep_dir}")
        remote = ray.remote(num_cpus=self.num_cpus_per_run, max_retries=0)(execute_job)
        state = ray.put(Singleton.get_state())
        context = ray.put(self.hydra_context)
        task = ray.put(self.task_function)
        refs = []
        for i, overrides in enumerate(job_overrides):
            idx = initial_job_idx + i
            log.info(f"\t#{idx} : {' '.join(filter_overrides(overrides))}")
            sweep_config = self.hydra_context.config_loader.load_sweep_config(
                self.config, list(overrides))
            with open_dict(sweep_config):
                sweep_config.hydra.job.id = f"{sweep_config.hydra.job.name}_{idx}"
                sweep_config.hydra.job.num = idx
            refs.append(remote.remote(context, sweep_config, task, state))
        self._wait(ray, refs)
        returns = []
        for i, ref in enumerate(refs):
            try:
                returns.append(ray.get(ref))
            except ray.exceptions.RayTaskError as exc:
                if not isinstance(exc.cause, RunExitError):
                    raise
                print(f"zorgsim: run #{initial_job_idx + i} stopped: {exc.cause.message}",
                      file=sys.stderr)
                sys.exit(exc.cause.code)
        return returns

    def _wait(self, ray: Any, refs: list[Any]) -> None:
        """Block until every task is done, with a progress bar on a terminal."""
        from tqdm import tqdm

        pending = list(refs)
        with tqdm(total=len(refs), desc="sweep", unit="run", file=sys.stderr,
                  disable=not (self.progress and sys.stderr.isatty())) as bar:
            while pending:
                done, pending = ray.wait(pending, num_returns=1)
                bar.update(len(done))

