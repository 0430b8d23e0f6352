"""Per-resident state: every column registered once, grown in one place.

Each mechanism declares the per-resident columns it owns (:class:`State`: name, dtype,
fill value for newcomers, unit, meaning) and registers them with the model's
:class:`StateRegistry`, which creates them and keeps them as attributes of their owner.
When residents arrive (the yearly event) the registry grows every column at once; a
mechanism only initialises what newcomers need beyond the fill value (random draws), in its
``on_arrivals``. Columns with a *tail* hold rows beyond the residents (informal care's
virtual carers, children living outside the municipality): new residents are inserted
before the tail, so the tail keeps its rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class State:
    """A per-resident column of a mechanism.

    Attributes:
        name: Attribute name on the owner (``burden``, ``_cap``).
        dtype: numpy dtype.
        fill: Value of the column for a newcomer.
        doc: What it holds.
        unit: Unit of a value.
        tail: Whether the column holds rows beyond the residents, kept at its end.
        rows: For a 2-D column, its number of rows (one per kind); residents are columns.
    """

    name: str
    dtype: Any
    fill: Any = 0
    doc: str = ""
    unit: str = ""
    tail: bool = False
    rows: int = 0


class StateRegistry:
    """The per-resident columns of every mechanism, grown together.

    Args:
        n: Number of resident slots now (living and past residents).
    """

    def __init__(self, n: int) -> None:
        self.n = int(n)
        self._columns: list[tuple[str, Any, State]] = []

    def register(self, owner_name: str, owner: Any, *states: State) -> None:
        """Create ``states`` as attributes of ``owner``, one row per resident slot."""
        for st in states:
            if any(o is owner and s.name == st.name for _, o, s in self._columns):
                raise ValueError(f"state {owner_name}.{st.name} registered twice")
            shape = (st.rows, self.n) if st.rows else self.n
            setattr(owner, st.name, np.full(shape, st.fill, st.dtype))
            self._columns.append((owner_name, owner, st))

    def grow(self, n: int) -> None:
        """Extend every registered column to ``n`` resident slots with its fill value."""
        k = int(n) - self.n
        if k < 0:
            raise ValueError(f"cannot shrink the residents from {self.n} to {n}")
        if k:
            for _, owner, st in self._columns:
                old = getattr(owner, st.name)
                if st.rows:
                    grown = np.concatenate([old, np.full((st.rows, k), st.fill, st.dtype)],
                                           axis=1)
                elif st.tail:
                    grown = np.concatenate([old[: self.n], np.full(k, st.fill, st.dtype),
                                            old[self.n:]])
                else:
                    grown = np.concatenate([old, np.full(k, st.fill, st.dtype)])
                setattr(owner, st.name, grown)
        self.n = int(n)

    def columns(self) -> list[tuple[str, State]]:
        """(owner, state) of every registered column, in registration order (for the docs)."""
        return [(name, st) for name, _, st in self._columns]

    def registered(self, owner: Any) -> set[str]:
        """Names of the columns registered for one object (a module or a policy)."""
        return {st.name for _, o, st in self._columns if o is owner}

    def column(self, owner_name: str, name: str) -> np.ndarray:
        """A registered column by owner and name, one value per resident slot.

        The one public way in for code outside the owner, such as a test that puts a
        resident into a given state; the owner's methods use their attributes directly.
        """
        for o_name, owner, st in self._columns:
            if o_name == owner_name and st.name == name:
                return getattr(owner, name)[: self.n]
        raise KeyError(f"no column {name} registered by {owner_name}")
