"""The module contract: what every mechanism of the model declares and does.

A mechanism (mortality, need dynamics, informal care, home care...) is a :class:`Module`:

- its **parameters** are one settings dataclass built with :func:`~sim.engine.schema.param`
  (unit, source, allowed range), found under its ``section`` of the run's settings;
- its **per-resident state** is a tuple of :class:`~sim.engine.state.State` columns,
  registered with the model's state registry, which grows them when residents arrive;
- its **levers** (:class:`~sim.engine.levers.Lever`) are declared on the model's lever
  board, where policies set them;
- its **metrics** are declared in the metric registry (:mod:`sim.outputs.metrics`) under
  its name and computed from its own state;
- its **place in the weekly plan** is a tuple of :class:`Step` (``weekly_steps``): in
  which phase of the week it acts, with which method, what it reads from and writes to
  the week (:class:`Week`). The model orders the steps by phase (:data:`sim.model.PHASES`); the
  plan is data, printed in docs/ODD.md, and policy hooks run at the phases' hook points.

``Module.build(model)`` is the one way the model creates a module; the constructor itself
takes explicit arguments, so a module can be built on its own in a test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from sim.engine.state import State


@dataclass
class Week:
    """What one week's steps hand to each other.

    Steps pass results forward through these fields, never through each other's
    attributes; each :class:`Step` names the fields it reads and writes.
    """

    week: int
    dead: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    # ids who entered a terminal decline this week (demography.decline_*)
    decline_onset: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    need_up: np.ndarray | None = None  # ids whose need level rose this week
    need_down: np.ndarray | None = None  # ids whose need level fell
    acute: Any = None  # residents in a post-hospital nursing episode (population.acute)
    at_home: np.ndarray | None = None  # (n,) bool: living and not in a nursing home
    care: Any = None  # the week's care ledger (sim.engine.ledger.CareWeek)
    relief: np.ndarray | None = None  # (n,) respite hours a recipient got this week
    visited: np.ndarray | None = None  # (n,) bool: visited a local service centre
    signalled: np.ndarray | None = None  # (n,) bool: signalled to home care
    lost_carer: np.ndarray | None = None  # ids who lost their last carer this week
    crisis: np.ndarray | None = None  # ids in a crisis this week
    persistent: np.ndarray | None = None  # ids whose unmet need has persisted
    admitted: np.ndarray | None = None  # ids admitted to a nursing home this week


@dataclass
class Year:
    """What the steps of the yearly event hand to each other."""

    week: int  # the first week of the new year
    arrived: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    departed: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    born: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    # per arrival, a resident whose health she takes (stable regime), or -1: fresh draws
    donors: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    aged: bool = True  # ages moved on (the yearly event); False between yearly updates


@dataclass(frozen=True)
class Step:
    """One place of a module in the weekly plan.

    Attributes:
        phase: The phase of the week (``sim.model.PHASES``) it belongs to.
        method: Name of the module's method, called with the :class:`Week`.
        doc: What the step does, in a line.
        reads: Fields of :class:`Week` the step reads.
        writes: Fields of :class:`Week` the step sets.
    """

    phase: str
    method: str
    doc: str
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()


class Module:
    """Base class of a mechanism (see the module docstring for the contract)."""

    name: ClassVar[str] = ""
    section: ClassVar[str] = ""  # its settings: cfg.<section>
    states: ClassVar[tuple[State, ...]] = ()
    weekly_steps: ClassVar[tuple[Step, ...]] = ()
    # per-resident arrays that are not state but recomputed from it (say when, in the
    # module): they are rebuilt after arrivals rather than grown by the registry
    caches: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def build(cls, model: Any) -> Module:
        """Create the module for ``model`` (its settings, stream, population, board)."""
        raise NotImplementedError

    def register_states(self, registry: Any) -> None:
        """Create this module's per-resident columns in ``registry``."""
        registry.register(self.name, self, *self.states)

    def on_arrivals(self, first: int, n: int) -> None:
        """Initialise what residents ``first..n-1`` need beyond their columns' fill."""

    def on_exit(self, ids: np.ndarray) -> None:
        """Residents ``ids`` died or moved away."""
