"""The building blocks of the typed configuration: :func:`param` and :class:`ConfigError`.

Kept apart from :mod:`sim.config` so that modules which declare their own settings (the
policies) can use them without importing the whole schema.
"""

from __future__ import annotations

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
