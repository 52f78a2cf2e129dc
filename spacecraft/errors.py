"""Typed errors of the spacecraft package.

Every error derives from :class:`foundation.errors.AcademyError` and :class:`ValueError`, quotes the
offending input in its message and keeps it as attributes, so a widget can show
"dry mass must be > 0 kg, got -3" inline without parsing text.
"""

from __future__ import annotations

from foundation.errors import AcademyError


class SpacecraftInputError(AcademyError, ValueError):
    """A physical input is out of its valid range (``name`` = ``value``: ``reason``)."""

    def __init__(self, name: str, value: object, reason: str) -> None:
        self.name = name
        self.value = value
        self.reason = reason
        shown = round(value, 6) if isinstance(value, float) else value  # no 0.1+0.2 noise
        super().__init__(f"{name}={shown!r}: {reason}")


class CatalogueError(AcademyError, ValueError):
    """A data catalogue (e.g. ``data/thrusters.toml``) is malformed or lacks a key."""

    def __init__(self, source: str, key: str, reason: str) -> None:
        self.source = source
        self.key = key
        self.reason = reason
        super().__init__(f"{source}: {key!r}: {reason}")


def require_positive(name: str, value: float) -> float:
    """``value`` if it is a finite number > 0, else a SpacecraftInputError naming it."""
    if not value > 0 or value != value or value == float("inf"):
        raise SpacecraftInputError(name, value, "must be a finite number > 0")
    return float(value)


def require_fraction(name: str, value: float, *, allow_zero: bool = True) -> float:
    """``value`` if it lies in [0, 1] (or (0, 1] without ``allow_zero``)."""
    low_ok = value >= 0 if allow_zero else value > 0
    if not (low_ok and value <= 1):
        bounds = "[0, 1]" if allow_zero else "(0, 1]"
        raise SpacecraftInputError(name, value, f"must lie in {bounds}")
    return float(value)
