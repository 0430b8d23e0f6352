"""Policies: the levers an advisor switches on, each a plug-in on the weekly cycle.

A policy is one module in this package with one config section under ``policies.<name>``
(declared in :mod:`sim.policies.settings`). It subclasses :class:`Policy`, overrides the
hooks it needs and registers itself with :func:`register`. The engine calls each hook at a
named point of the weekly cycle for every switched-on policy that overrides it (the
hook points are the model's phases, ``sim.model.PHASES``); it never asks which policy is
running. A policy acts on the model
only through what the mechanisms declare on the lever board (:mod:`sim.engine.levers`):
it sets levers, asks for actions, reads views, and may book hours in the week's ledger.

Every policy has a start week and a ramp-up (``intensity`` rises linearly from 0 to 1 over
``ramp_weeks`` from ``start_week``), draws only from its own random stream
(``policy.<name>``), and reports its own public cost per week. A policy that is switched
on with neutral settings leaves every result unchanged.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from sim.engine.state import State
from sim.engine.streams import keyed_uniform

if TYPE_CHECKING:
    from sim.engine.ledger import CareWeek
    from sim.policies.settings import PolicyConfig

# The model a policy acts on (sim.model.CareModel; not imported: policies sit below the
# model). A policy uses its lever board, population, streams and number of buurten.
CareModel = Any

class Policy:
    """Base class of a policy plug-in.

    Args:
        cfg: The policy's config section (``policies.<name>``).
        model: The model it acts on.
        rng: The policy's own random stream.
    """

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""  # the Dutch name an advisor recognises
    # The one setting that says how much (the dashboard's slider beside the policy's switch;
    # empty: no switch there) and the words for both, (Dutch, English).
    main_setting: ClassVar[str] = ""
    switch_label: ClassVar[tuple[str, str]] = ("", "")
    setting_label: ClassVar[tuple[str, str]] = ("", "")

    def __init__(self, cfg: PolicyConfig, model: CareModel, *, rng: np.random.Generator) -> None:
        self.cfg, self.model, self.rng = cfg, model, rng
        self.levers = model.levers

    def register(self, *states: State) -> None:
        """Per-resident columns of the policy, registered with the model (grown with it)."""
        self.model.states.register(f"policies.{self.name}", self, *states)

    def set(self, lever: str, value: object) -> None:
        """Set this policy's value of a lever (``None`` withdraws it)."""
        self.levers.set(lever, self.name, value)

    def act(self, action: str, *args: object) -> object:
        """Ask a mechanism to carry out one of the actions it offers."""
        return self.levers.act(action, *args)

    def view(self, name: str) -> object:
        """A read-only figure a mechanism offers."""
        return self.levers.view(name)

    def key(self, purpose: str) -> np.uint64:
        """The policy's key for keyed draws of one purpose (``Streams.key``: draws nothing)."""
        return self.model.streams.key(f"policy.{self.name}.{purpose}")

    def uniform(self, purpose: str, week: int, ids: np.ndarray) -> np.ndarray:
        """One uniform per resident and week for a per-resident chance (``keyed_uniform``).

        Who is eligible changes with the scenario; keyed numbers keep each resident's draw
        the same whoever else is eligible, so paired runs stay aligned.
        """
        return keyed_uniform(self.key(purpose), week, ids)

    def intensity(self, week: int) -> float:
        """Share of the policy in force in ``week``: 0 before the start, 1 after the ramp."""
        if week < self.cfg.start_week:
            return 0.0
        if self.cfg.ramp_weeks <= 0:
            return 1.0
        return min((week - self.cfg.start_week + 1) / self.cfg.ramp_weeks, 1.0)

    def new_intensity(self, week: int) -> float | None:
        """This week's intensity if it differs from the last one applied, else None.

        For levers that are set, not accumulated: a policy re-sets them only while it
        ramps in, not every week.
        """
        level = self.intensity(week)
        if level == getattr(self, "_applied", None):
            return None
        self._applied = level
        return level

    def setup(self) -> None:
        """Once, after the model is built and before the first week."""

    def capacity(self, week: int) -> None:
        """Before the workforce step."""

    def needs(self, week: int) -> None:
        """Before need dynamics."""

    def demand(self, week: int, care: CareWeek) -> None:
        """After self-care and nursing-home residents are booked."""

    def informal(self, week: int, care: CareWeek) -> None:
        """Before informal care."""

    def allocation(self, week: int, care: CareWeek) -> None:
        """Before home care allocates its hours."""

    def consequences(self, week: int, care: CareWeek) -> None:
        """After crises, unmet-need spells and loneliness."""

    def yearly(self, week: int) -> None:
        """In the yearly event, after arrivals and departures."""

    def cost_week(self, week: int) -> float:
        """Public cost of running the policy this week (EUR), beyond the care it buys."""
        return 0.0


REGISTRY: dict[str, type[Policy]] = {}


def register(cls: type[Policy]) -> type[Policy]:
    """Class decorator: make a policy available under ``policies.<cls.name>``."""
    REGISTRY[cls.name] = cls
    return cls


class Policies:
    """The switched-on policies of a run and the hooks they override.

    Args:
        model: The model; reads ``model.cfg.policies`` and ``model.streams``.
    """

    def __init__(self, model: CareModel) -> None:
        _load_all()
        self.active: list[Policy] = []
        for name, cls in REGISTRY.items():
            cfg = getattr(model.cfg.policies, name, None)
            if cfg is None:
                raise TypeError(f"policy {name} ({cls.__module__}) has no settings section: "
                                f"add {name}: <its config class> to PoliciesConfig")
            if cfg.enabled:
                self.active.append(cls(cfg, model, rng=model.streams[f"policy.{name}"]))
        self._hooks: dict[str, list[Any]] = {
            hook: [getattr(p, hook) for p in self.active
                   if getattr(type(p), hook) is not getattr(Policy, hook)]
            for hook in (*model.hooks, "setup", "yearly")
        }
        self.cost_by_policy = {name: 0.0 for name in REGISTRY}

    def run(self, hook: str, *args: Any) -> None:
        """Call ``hook`` on every switched-on policy that overrides it."""
        for fn in self._hooks[hook]:
            fn(*args)

    def costs(self, week: int) -> float:
        """Public cost of all policies this week (EUR); per policy in ``cost_by_policy``."""
        total = 0.0
        for p in self.active:
            c = float(p.cost_week(week))
            self.cost_by_policy[p.name] = c
            total += c
        return total


def _load_all() -> None:
    """Import every module of this package so that each policy's ``@register`` has run.

    Modules are found on disk, so adding a policy is adding its module (and its settings):
    no list to keep up to date.
    """
    for info in pkgutil.iter_modules(__path__):
        if info.name != "settings":
            importlib.import_module(f"{__name__}.{info.name}")


def policy_registry() -> dict[str, type[Policy]]:
    """Every policy plug-in by name (all modules of this package loaded), sorted by name."""
    _load_all()
    return dict(sorted(REGISTRY.items()))
