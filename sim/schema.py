"""The building blocks of the typed configuration: :func:`param` and :class:`ConfigError`.

Kept apart from :mod:`sim.config` so that modules which declare their own settings (the
policies) can use them without importing the whole schema.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any


class ConfigError(ValueError):
    """A configuration value the model cannot run with; ``str()`` is one line for the user."""

    def __init__(self, key: str, value: Any, allowed: str) -> None:
        self.key, self.value, self.allowed = key, value, allowed
        super().__init__(f"invalid setting {key}={value!r}: {allowed}")


def param(
    default: Any,
    *,
    lo: float | None = None,
    hi: float | None = None,
    unit: str = "",
    source: str = "assumption",
    doc: str = "",
    length: int | None = None,
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
    """
    meta = {"lo": lo, "hi": hi, "unit": unit, "source": source, "doc": doc, "length": length}
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta)
    return field(default=default, metadata=meta)
