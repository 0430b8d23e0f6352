"""The building blocks of the typed configuration: :func:`param` and :class:`ConfigError`.

Kept apart from :mod:`sim.config` so that modules which declare their own settings (the
policies) can use them without importing the whole schema.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import field
from typing import Any

# Names that become part of a run's folder: no path separators, no leading dot.
NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}"
NAME_DOC = "1-64 letters, digits, '_', '-' or '.', starting with a letter or digit (it names "\
    "the run's folder)"


class ConfigError(ValueError):
    """A configuration value the model cannot run with; ``str()`` is one line for the user."""

    def __init__(self, key: str, value: Any, allowed: str, *, message: str = "") -> None:
        self.key, self.value, self.allowed = key, value, allowed
        super().__init__(message or f"invalid setting {key}={value!r}: {allowed}")

    @classmethod
    def plain(cls, message: str, key: str = "") -> ConfigError:
        """An error that is not about one setting's value (a flag, a file): the message."""
        return cls(key, "", message, message=message)


def param(
    default: Any,
    *,
    lo: float | None = None,
    hi: float | None = None,
    unit: str = "",
    source: str = "assumption",
    doc: str = "",
    length: int | None = None,
    pattern: str | None = None,
    pattern_doc: str = "",
    null_doc: str = "",
    choices: tuple[str, ...] | None = None,
) -> Any:
    """Declare a parameter with its default, allowed range, unit and source.

    Args:
        default: Default value (lists are copied per instance).
        lo: Smallest allowed value (inclusive), for numbers and list elements.
        hi: Largest allowed value (inclusive).
        unit: Unit of the value ("residents", "h/week", "share", ...).
        source: Where the default comes from; "assumption (range a-b)" if nowhere.
        doc: One-line description for docs and error messages.
        length: Required list length, for list parameters.
        pattern: Regular expression a text value must match in full.
        pattern_doc: The pattern in words, for the error message.
        null_doc: For a setting that may be null: what null means.
        choices: For a text setting that takes one of a few values: those values.
    """
    meta = {"lo": lo, "hi": hi, "unit": unit, "source": source, "doc": doc, "length": length,
            "pattern": pattern, "pattern_doc": pattern_doc, "null_doc": null_doc,
            "choices": choices}
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta)
    return field(default=default, metadata=meta)


# -- validation of a settings tree -----------------------------------------------------


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:,.0f}" if float(x).is_integer() and abs(x) >= 1000 else f"{x:g}"


def _allowed(meta: dict[str, Any], kind: str) -> str:
    lo, hi, unit = meta.get("lo"), meta.get("hi"), meta.get("unit", "")
    if lo is not None and hi is not None:
        rng = f"{_fmt(lo)} to {_fmt(hi)}"
    elif lo is not None:
        rng = f">= {_fmt(lo)}"
    elif hi is not None:
        rng = f"<= {_fmt(hi)}"
    else:
        rng = "any value"
    unit_txt = f" {unit}" if unit and unit != "-" else ""
    null = f" (or null: {meta.get('null_doc') or 'none'})" if meta.get("nullable") else ""
    return f"allowed: {kind} {rng}{unit_txt}{null}"


def field_type(f: dataclasses.Field) -> tuple[str, bool]:
    """A schema field's type name (``int``, ``list[float]``...) and whether it may be null."""
    tp = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    optional = tp.endswith("| None")
    return tp.removesuffix("| None").strip(), optional


def check_value(key: str, value: Any, f: dataclasses.Field) -> None:
    """Check one value against its field's type and range; raise ConfigError if it is off."""
    meta = dict(f.metadata)
    tp, optional = field_type(f)
    if optional and value is None:
        return
    meta["nullable"] = optional
    if meta.get("choices"):
        if value not in meta["choices"]:
            raise ConfigError(key, value, "allowed: one of " + ", ".join(meta["choices"]))
        return
    if tp == "bool":
        if not isinstance(value, bool):
            raise ConfigError(key, value, "allowed: true or false")
        return
    if tp == "str":
        if not isinstance(value, str):
            raise ConfigError(key, value, "allowed: a text value")
        if meta.get("pattern") and not re.fullmatch(meta["pattern"], value):
            raise ConfigError(key, value, "allowed: " + meta.get("pattern_doc", meta["pattern"]))
        return
    if tp.startswith("list"):
        elem = "whole numbers" if "int" in tp else "numbers"
        if not isinstance(value, list | tuple):
            raise ConfigError(key, value, f"allowed: a list of {elem}")
        if meta.get("length") is not None and len(value) != meta["length"]:
            raise ConfigError(key, value, f"allowed: a list of exactly {meta['length']} {elem}")
        for v in value:
            _check_number(key, v, meta, "float", whole=f"list of {elem} each")
        return
    _check_number(key, value, meta, tp)


def _check_number(key: str, value: Any, meta: dict[str, Any], tp: str, whole: str = "") -> None:
    kind = whole or ("a whole number" if tp == "int" else "a number")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(key, value, _allowed(meta, kind))
    if tp == "int" and not isinstance(value, int):  # 2000.0: Hydra would refuse it later
        raise ConfigError(key, value, _allowed(meta, kind) + " (without a decimal point)")
    if not math.isfinite(value):
        raise ConfigError(key, value, _allowed(meta, kind))
    lo, hi = meta.get("lo"), meta.get("hi")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ConfigError(key, value, _allowed(meta, kind))


def is_section(f: dataclasses.Field) -> bool:
    """Whether a schema field is a section (a nested dataclass) rather than a value."""
    return f.default_factory is not dataclasses.MISSING and dataclasses.is_dataclass(
        f.default_factory())


def walk_settings(obj: Any, data: dict[str, Any], prefix: str) -> None:
    """Check ``data`` against the settings dataclass ``obj`` and set its values, recursively.

    Raises:
        ConfigError: for an unknown key, a section given a value, or a bad value.
    """
    known = {f.name: f for f in dataclasses.fields(obj)}
    for key in data:
        if key not in known:
            full = f"{prefix}{key}"
            allowed = ", ".join(known)
            raise ConfigError(full, data[key], f"unknown key; allowed keys here: {allowed}")
    for name, f in known.items():
        full = f"{prefix}{name}"
        sub = getattr(obj, name)
        if dataclasses.is_dataclass(sub):
            value = data.get(name, {})
            if not isinstance(value, dict):
                raise ConfigError(full, value, "allowed: a section of settings")
            walk_settings(sub, value, full + ".")
        elif name in data:
            value = data[name]
            if f.type in ("float", "list[float]"):
                value = as_float(value)
            check_value(full, value, f)
            setattr(obj, name, value)


def as_float(value: Any) -> Any:
    """Whole numbers (and lists of them) as floats, for settings typed ``float``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, list):
        return [as_float(v) for v in value]
    return value


def check_anchor_ages(key: str, ages: list[float], values: list[float]) -> None:
    """A curve by age: at least two anchors, as many ages as values, strictly increasing."""
    if len(ages) != len(values) or len(ages) < 2:
        raise ConfigError(f"{key}_ages", ages, "allowed: at least two anchor ages, as many "
                          "as values")
    if any(b <= a for a, b in zip(ages, ages[1:], strict=False)):
        raise ConfigError(f"{key}_ages", ages, "allowed: strictly increasing ages")
