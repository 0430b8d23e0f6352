"""Will it fit? A memory estimate for a run, checked against what the machine allows.

A run that cannot fit should be refused before it starts, with one line that names the
setting, rather than grow for minutes and be killed by the kernel without a word (or die
with a ``MemoryError`` traceback under ``ulimit -v``). The estimate is linear in the
residents who ever live in the town (arrays grow with births and arrivals; the social
network costs a fixed number of ties per resident), fitted to measured peaks (see
:data:`BASE_BYTES`); the limit is the smallest of the memory the system has available,
a cgroup limit (containers, SLURM) and the address-space limit (``ulimit -v``).
"""

from __future__ import annotations

import os
import resource
from pathlib import Path

from sim.config import Config
from sim.engine.schema import ConfigError

# Fitted to peak resident memory measured on 2 December 2026 (Python 3.12, numpy 2.5; GB):
# 20,000 residents 0.21 (1 year), 0.22 (10), 0.37 (100); 100,000: 0.27, 0.33, 0.48 (40);
# 300,000: 0.42 (1); 1,000,000: 0.80 (1), 1.20 (10). The fit overestimates every one of
# them (by 0-15%); MARGIN adds room for other numpy, BLAS and pyarrow builds.
BASE_BYTES = 220e6  # interpreter, numpy, scipy, pyarrow, Mesa, Hydra
BYTES_PER_RESIDENT = 540.0  # arrays, ties, ledger and snapshot of everyone who ever lived
ARRIVALS_PER_YEAR = 0.03  # residents added per resident and year (births, arrivals)
BYTES_PER_BUURT_WEEK = 1_500.0  # the weekly per-buurt record and its output table
MARGIN = 1.15
ADDRESS_SPACE_MARGIN = 0.6e9  # virtual memory beyond the resident set (threads, mappings)
SAFETY = 0.9  # use at most this share of the memory that is free


def estimate_bytes(cfg: Config) -> float:
    """Peak memory of one run of ``cfg`` (bytes, estimated)."""
    from sim.engine.units import WEEKS_PER_YEAR

    ever = cfg.municipality.population * (1.0 + ARRIVALS_PER_YEAR * cfg.years)
    weeks = cfg.years * WEEKS_PER_YEAR * cfg.municipality.n_buurten
    return MARGIN * (BASE_BYTES + BYTES_PER_RESIDENT * ever + BYTES_PER_BUURT_WEEK * weeks)


def _meminfo_available() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return float(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _cgroup_available() -> float | None:
    """Room left under a cgroup v2 (or v1) memory limit, if there is one."""
    for limit_file, usage_file in (("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                                   ("/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                    "/sys/fs/cgroup/memory/memory.usage_in_bytes")):
        try:
            limit = Path(limit_file).read_text().strip()
            usage = float(Path(usage_file).read_text().strip())
        except OSError:
            continue
        if limit == "max" or float(limit) >= 2**60:
            return None
        return float(limit) - usage
    return None


def _address_space_available() -> float | None:
    """Room left under ``ulimit -v`` (RLIMIT_AS), if there is one."""
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return None
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                used = float(line.split()[1]) * 1024
                return soft - used - ADDRESS_SPACE_MARGIN
    except OSError:
        pass
    return float(soft) - ADDRESS_SPACE_MARGIN


def available_bytes() -> tuple[float, str]:
    """The memory a new run may use (bytes), and where that limit comes from."""
    found = [(v, what) for v, what in ((_meminfo_available(), "available on this machine"),
                                       (_cgroup_available(), "left under the memory limit"),
                                       (_address_space_available(), "left under ulimit -v"))
             if v is not None]
    if not found:
        return float("inf"), "unknown"
    return min(found)


def _largest_population(cfg: Config, room: float) -> int:
    """The largest population (in thousands) whose run of ``cfg``'s horizon fits ``room``."""
    import dataclasses

    lo, hi = 0, cfg.municipality.population
    while hi - lo > 1000:
        mid = (lo + hi) // 2
        trial = dataclasses.replace(cfg, municipality=dataclasses.replace(
            cfg.municipality, population=mid, neighbourhoods=None))
        lo, hi = (mid, hi) if estimate_bytes(trial) <= room else (lo, mid)
    return lo // 1000 * 1000


def _gb(x: float) -> str:
    return f"{x / 1e9:.1f} GB"


def check_memory(cfgs: list[Config], *, parallel: int = 1, key: str = "municipality.population",
                 fewer: str = "hydra.launcher.n_jobs") -> None:
    """Refuse runs that cannot fit in memory, ``parallel`` of them at a time.

    Raises:
        ConfigError: naming the population setting, the estimate and the limit.
    """
    if not cfgs or os.environ.get("ZORGSIM_SKIP_MEMORY_CHECK"):
        return
    big = max(cfgs, key=estimate_bytes)
    need = estimate_bytes(big) * parallel
    room, what = available_bytes()
    if need <= SAFETY * room:
        return
    fit = _largest_population(big, SAFETY * room / parallel)
    who = f"{parallel} runs at a time of this size need" if parallel > 1 else \
        "a run of this size needs"
    hint = f" (or run fewer at a time: {fewer})" if parallel > 1 else ""
    raise ConfigError(key, big.municipality.population,
                      f"{who} about {_gb(need)} of memory and "
                      f"{_gb(room)} is {what}; allowed here: up to about {fit:,} residents "
                      f"for {big.years} years{hint}")
