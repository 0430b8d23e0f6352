"""Named random streams: one independent generator per mechanism, all from one run seed.

Each stream is keyed by its *name*, not by the order in which it is created. Switching a
mechanism (or a policy) on or off therefore never shifts the draws of another mechanism,
which keeps paired scenario comparisons (common random numbers) tight.

Every stream also restarts each week at a state fixed by (seed, name, week)
(:meth:`Streams.restart`; the yearly event has a period of its own). Without that, one
extra draw anywhere (a policy saves one life, so next year's arrivals and every later
week's per-resident arrays are one longer) shifts all later draws of the stream for the
rest of the run, and two scenarios that share a seed drift apart within a few years. With
it, a difference in one week's draws stays in that week: over ten years the paired
differences of the policy comparison keep a small fraction of the unpaired variance
(docs/researchers.md).
"""

from __future__ import annotations

import hashlib
import zlib

import numpy as np


class Streams:
    """Factory and cache of named ``numpy.random.Generator`` objects.

    Args:
        seed: The run seed.
    """

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        self._cache: dict[str, np.random.Generator] = {}
        self._inc: dict[str, int] = {}
        self._period: int | str | None = None  # the last restart's period

    def __getitem__(self, name: str) -> np.random.Generator:
        """Return the generator of stream ``name``, created on first use."""
        gen = self._cache.get(name)
        if gen is None:
            key = zlib.crc32(name.encode("utf-8"))
            seq = np.random.SeedSequence(entropy=self.seed, spawn_key=(key,))
            gen = np.random.Generator(np.random.PCG64(seq))
            self._cache[name] = gen
            self._inc[name] = gen.bit_generator.state["state"]["inc"]
            if self._period is not None:  # created mid-run: start where a restart would
                self._set(name, gen, self._period)
        return gen

    def restart(self, period: int | str) -> None:
        """Restart every stream at a state fixed by (seed, name, period), e.g. the week.

        The generators are reset in place, so every component holding one sees the new
        state. PCG64 keeps the stream's own increment (its sequence); the 128-bit position
        comes from a BLAKE2b hash of (seed, name, period), so periods start at unrelated points
        of a cycle of 2**128.
        """
        self._period = period
        for name, gen in self._cache.items():
            self._set(name, gen, period)

    def _set(self, name: str, gen: np.random.Generator, period: int | str) -> None:
        digest = hashlib.blake2b(f"{self.seed}/{name}/{period}".encode(), digest_size=16).digest()
        gen.bit_generator.state = {
            "bit_generator": "PCG64",
            "state": {"state": int.from_bytes(digest, "little"), "inc": self._inc[name]},
            "has_uint32": 0, "uinteger": 0}

    def key(self, name: str) -> np.uint64:
        """A 64-bit key for :func:`keyed_uniform`, fixed by (seed, name) alone.

        Unlike :func:`stream_key` it draws nothing, so it can be taken at any time (a policy
        switched on mid-run) without depending on what was drawn before.
        """
        digest = hashlib.blake2b(f"{self.seed}/key/{name}".encode(), digest_size=8).digest()
        return np.uint64(int.from_bytes(digest, "little") >> 1)

    def names(self) -> list[str]:
        """Names of the streams used so far."""
        return sorted(self._cache)


_M1, _M2, _M3 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(
    0x94D049BB133111EB)


def stream_key(rng: np.random.Generator) -> np.uint64:
    """A 64-bit key drawn once from a stream, for :func:`keyed_uniform`."""
    return np.uint64(rng.integers(0, 2**63 - 1))


def keyed_uniform(key: np.uint64, week: int, ids: np.ndarray) -> np.ndarray:
    """One uniform in [0, 1) per resident (or other entity) and week, fixed by the key.

    Unlike a draw from a generator, a resident's number does not depend on how many others
    drew before her: when a policy changes who is at risk this week, everyone else keeps
    the same draw. This keeps paired scenario runs (common random numbers) aligned where a
    sequential stream would shift for the rest of the run. splitmix64, vectorised.
    """
    with np.errstate(over="ignore"):
        x = np.asarray(ids).astype(np.uint64) * _M1
        x ^= key + np.array(week, np.int64).astype(np.uint64) * _M3
    return _finish(x)


def pair_uniform(seed: np.uint64, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A fixed uniform draw in [0, 1) per (a, b) pair (splitmix64 hash, vectorised).

    Willingness is a property of a relationship: the same pair gives the same answer each
    time it is asked, and the answer does not depend on which other pairs were asked.
    """
    with np.errstate(over="ignore"):
        x = a.astype(np.uint64) * _M1
        x ^= b.astype(np.uint64) + seed
    return _finish(x)


def _finish(x: np.ndarray) -> np.ndarray:
    """splitmix64's mixing steps (in place), then the top 53 bits as a uniform in [0, 1)."""
    with np.errstate(over="ignore"):
        x ^= x >> np.uint64(30)
        x *= _M2
        x ^= x >> np.uint64(27)
        x *= _M3
        x ^= x >> np.uint64(31)
    return (x >> np.uint64(11)).astype(np.float64) * (1.0 / 2**53)
