"""Named random streams: one independent generator per mechanism, all from one run seed.

Each stream is keyed by its *name*, not by the order in which it is created. Switching a
mechanism (or a policy) on or off therefore never shifts the draws of another mechanism,
which keeps paired scenario comparisons (common random numbers) tight.
"""

from __future__ import annotations

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

    def __getitem__(self, name: str) -> np.random.Generator:
        """Return the generator of stream ``name``, created on first use."""
        gen = self._cache.get(name)
        if gen is None:
            key = zlib.crc32(name.encode("utf-8"))
            seq = np.random.SeedSequence(entropy=self.seed, spawn_key=(key,))
            gen = np.random.Generator(np.random.PCG64(seq))
            self._cache[name] = gen
        return gen

    def names(self) -> list[str]:
        """Names of the streams used so far."""
        return sorted(self._cache)
