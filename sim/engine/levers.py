"""Levers: the settings of a mechanism that policies may move while the model runs.

A mechanism declares each lever it reads (:class:`Lever`: its neutral value, unit, shape
and how the values of several policies combine) and reads the combined value from the
model's :class:`LeverBoard`; a policy sets its own value of a lever, under its own name,
and never touches the mechanism's state. So the engine never names a policy, several
policies can pull the same lever (their values combine by the lever's one rule), and a
policy switched off leaves every lever at its neutral value.

Besides values, a mechanism may declare **actions** (:class:`Action`): operations a policy
may ask for (add ties to the network, refer residents to home care, book volunteer hours),
carried out by the mechanism itself; and **views**, read-only figures a policy may read
(carers' burden, empty nursing-home places). Both are registered on the board by the
mechanism, under declared names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

COMBINE = ("multiply", "add", "max", "min", "all", "any")


@dataclass(frozen=True)
class Lever:
    """A setting a mechanism reads and policies may move.

    Attributes:
        name: ``<mechanism>.<lever>``, e.g. ``informal.capacity_factor``.
        neutral: The value with no policy (a number, a bool, or an array for shaped levers).
        unit: Unit of the value.
        combine: How the values of several policies combine: ``multiply``, ``add``,
            ``max``, ``min``, ``all`` (and) or ``any`` (or). With one policy its value is
            used as set, so a lever moved by one policy gives that policy's value exactly.
        doc: What the lever does, for the documentation.
        shape: ``scalar`` or what an array value is indexed by (``staff type``, ``buurt``,
            ``buurt x tie kind``, ``resident``, ``employer``, ``home-care kind``).
    """

    name: str
    neutral: Any
    unit: str
    combine: str
    doc: str
    shape: str = "scalar"

    def __post_init__(self) -> None:
        if self.combine not in COMBINE:
            raise ValueError(f"lever {self.name}: combine must be one of {COMBINE}")


@dataclass(frozen=True)
class Filter:
    """A point where a mechanism lets policies take residents out of a decision.

    The mechanism passes the ids it is about to act on (``filter``); each policy that
    intercepts the point returns those the decision still applies to, in turn.
    """

    name: str
    doc: str


@dataclass(frozen=True)
class Action:
    """An operation a mechanism carries out when a policy asks for it."""

    name: str
    doc: str


def _combine(rule: str, values: list[Any]) -> Any:
    if len(values) == 1:
        return values[0]
    out = values[0]
    for v in values[1:]:
        if rule == "multiply":
            out = out * v
        elif rule == "add":
            out = out + v
        elif rule == "max":
            out = np.maximum(out, v)
        elif rule == "min":
            out = np.minimum(out, v)
        elif rule == "all":
            out = np.logical_and(out, v)
        else:
            out = np.logical_or(out, v)
    return out


class LeverBoard:
    """The levers, actions and views of a model's mechanisms, and what policies set.

    Mechanisms :meth:`declare` their levers and :meth:`provide` their actions and views
    when they are built; policies :meth:`set` values, :meth:`act` and :meth:`view`.
    """

    def __init__(self) -> None:
        self.levers: dict[str, Lever] = {}
        self.filters: dict[str, Filter] = {}
        self._filters: dict[str, list[Callable[..., Any]]] = {}
        self._watch: dict[str, Callable[[Any, Any], None]] = {}
        self.actions: dict[str, tuple[Action, Callable[..., Any]]] = {}
        self.views: dict[str, tuple[str, Callable[[], Any]]] = {}
        self._set: dict[str, dict[str, Any]] = {}
        self._value: dict[str, Any] = {}
        self.version: dict[str, int] = {}

    # -- mechanisms -----------------------------------------------------------------------

    def declare(self, *levers: Lever | Filter) -> None:
        """Declare levers and filters (once each); a lever is neutral until a policy sets it."""
        for lever in levers:
            if lever.name in self.levers or lever.name in self.filters:
                raise ValueError(f"lever {lever.name} declared twice")
            if isinstance(lever, Filter):
                self.filters[lever.name] = lever
                self._filters[lever.name] = []
                continue
            self.levers[lever.name] = lever
            self._set[lever.name] = {}
            self._value[lever.name] = lever.neutral
            self.version[lever.name] = 0

    def watch(self, name: str, fn: Callable[[Any, Any], None]) -> None:
        """Call ``fn(old, new)`` whenever the combined value of lever ``name`` changes.

        For levers whose change must take effect at once (respite closing sends its users
        home in the week it closes).
        """
        self._watch[name] = fn

    def filter(self, name: str, ids: np.ndarray, *args: Any) -> np.ndarray:
        """The ids a decision still applies to after every policy at filter ``name``."""
        for fn in self._filters[name]:
            ids = fn(ids, *args)
        return ids

    def provide(self, action: Action, fn: Callable[..., Any]) -> None:
        """Offer an action to policies, carried out by ``fn``."""
        self.actions[action.name] = (action, fn)

    def provide_view(self, name: str, doc: str, fn: Callable[[], Any]) -> None:
        """Offer a read-only figure to policies (``fn()`` computes it when asked)."""
        self.views[name] = (doc, fn)

    def value(self, name: str) -> Any:
        """The combined value of a lever (its neutral value when no policy set one)."""
        return self._value[name]

    def is_set(self, name: str) -> bool:
        """Whether any policy has set the lever."""
        return bool(self._set[name])

    # -- policies -------------------------------------------------------------------------

    def set(self, name: str, source: str, value: Any) -> None:
        """Set ``source``'s value of a lever; ``None`` withdraws it."""
        if name not in self.levers:
            raise KeyError(f"no lever {name!r}; declared: {', '.join(sorted(self.levers))}")
        mine = self._set[name]
        if value is None:
            mine.pop(source, None)
        else:
            mine[source] = value
        lever = self.levers[name]
        old = self._value[name]
        self._value[name] = _combine(lever.combine, list(mine.values())) if mine \
            else lever.neutral
        self.version[name] += 1
        if name in self._watch:
            self._watch[name](old, self._value[name])

    def intercept(self, name: str, fn: Callable[..., np.ndarray]) -> None:
        """Take part in filter ``name``: ``fn(ids, *args)`` returns the ids still in."""
        if name not in self._filters:
            raise KeyError(f"no filter {name!r}; declared: {', '.join(sorted(self._filters))}")
        self._filters[name].append(fn)

    def act(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Ask the mechanism that offers the action ``name`` to carry it out."""
        if name not in self.actions:
            raise KeyError(f"no action {name!r}; offered: {', '.join(sorted(self.actions))}")
        return self.actions[name][1](*args, **kwargs)

    def view(self, name: str) -> Any:
        """A read-only figure offered by a mechanism."""
        if name not in self.views:
            raise KeyError(f"no view {name!r}; offered: {', '.join(sorted(self.views))}")
        return self.views[name][1]()
