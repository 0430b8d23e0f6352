"""The page's controls, generated from the typed schema: ranges, units, defaults, help.

Each control names a dotted config key; its widget (switch, slider, number field), range,
step, unit, default and help text come from the key's :func:`~sim.engine.schema.param`
declaration, so the page can offer nothing the command line would refuse, and a typed-in
value outside the range gets the command line's message (:func:`sim.dashboard.live.check_setting`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from sim.config import Config, field_type, schema_field
from sim.policies import policy_registry

__all__ = ["LEVERS", "TOWN", "Control", "control"]

# The main lever of each policy that declares one: its switch and the one setting that sets
# how much (declared by the policy itself, so the page names no policy).
LEVERS: tuple[tuple[str, str], ...] = tuple(
    (f"policies.{name}.enabled", f"policies.{name}.{cls.main_setting}")
    for name, cls in policy_registry().items() if cls.main_setting)
# Typed in (their ranges are too wide for a slider).
TOWN = ("municipality.population", "seed", "years")


@dataclass(frozen=True)
class Control:
    """One control: what the schema says about its key."""

    key: str
    kind: str  # "switch", "slider" or "number"
    default: Any
    lo: float | None
    hi: float | None
    step: float
    unit: str
    doc: str


def _default(key: str) -> Any:
    obj: Any = Config()
    for part in key.split("."):
        obj = getattr(obj, part)
    return obj


def control(key: str, *, kind: str | None = None) -> Control:
    """The control of a dotted config key, from its schema declaration."""
    f = schema_field(key)
    if f is None or not isinstance(f, dataclasses.Field):
        raise KeyError(key)
    meta = f.metadata
    tp, _ = field_type(f)
    lo, hi = meta.get("lo"), meta.get("hi")
    if kind is None:
        kind = "switch" if tp == "bool" else "slider" if lo is not None and hi is not None \
            else "number"
    if tp == "int":
        step = 1.0
    elif lo is not None and hi is not None:
        step = 0.01 if hi - lo <= 1.0 else 0.05 if hi - lo <= 5.0 else 1.0
    else:
        step = 0.01
    return Control(key=key, kind=kind, default=_default(key), lo=lo, hi=hi, step=step,
                   unit=meta.get("unit", ""), doc=meta.get("doc", ""))
