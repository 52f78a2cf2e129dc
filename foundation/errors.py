"""The academy's exception hierarchy.

One base, :class:`AcademyError`, so an operator command can catch every expected failure and
print it without a traceback. Each subclass also derives from the matching built-in so callers
that only know Python's exceptions still catch it. Messages name the offending input and where it
came from; the same facts are kept as attributes so callers need not parse text.

:func:`unknown_key_reason` and :func:`first_unknown_key` live here, not in a module of their own,
because every package that reads a hand-edited data file (``academy`` for course.toml,
``telemetry`` for its limits files) already imports this module, and ``telemetry`` may import
nothing else of ``academy`` but :mod:`foundation.config`.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from pathlib import Path


class AcademyError(Exception):
    """Base class for every error the academy raises on purpose."""


class ConfigError(AcademyError, ValueError):
    """A configuration value (an ``ACADEMY_*`` variable or a trait) is invalid.

    ``name`` is the variable or trait, ``value`` the rejected value, ``reason`` why.
    """

    def __init__(self, name: str, value: object, reason: str) -> None:
        self.name = name
        self.value = value
        self.reason = reason
        super().__init__(f"{name}={value!r}: {reason}")


class CourseConfigError(AcademyError, ValueError):
    """A ``course.toml`` is malformed; names the file and the field at fault."""

    def __init__(self, path: Path | str, field: str, reason: str) -> None:
        self.path = Path(path)
        self.field = field
        self.reason = reason
        super().__init__(f"{self.path}: field '{field}': {reason}")


def unknown_key_reason(key: str, valid: Collection[str]) -> str:
    """Why ``key`` is rejected: ``unknown key; did you mean 'tas'?``.

    A misspelt key in a data file that is silently ignored looks exactly like a setting left
    out (issue 23: ``taas = [...]`` gave a course no TAs and ``academy check`` said OK), so
    readers reject unknown keys, and naming the nearest valid key makes the error its own fix.
    When no valid key is close, all of them are listed instead, so the reader still need not
    open the schema.
    """
    choices = sorted(valid)
    close = difflib.get_close_matches(key, choices, n=1)
    if close:
        return f"unknown key; did you mean {close[0]!r}?"
    return "unknown key; valid keys are " + ", ".join(repr(choice) for choice in choices)


def first_unknown_key(table: Mapping[str, object],
                      valid: Collection[str]) -> tuple[str, str] | None:
    """The first key of ``table`` (in file order) not in ``valid``, with its reason; else None.

    Returns the pieces rather than raising, so each reader raises its own error type
    (:class:`CourseConfigError`, ``telemetry.errors.LimitsError``) with the key's dotted path.
    """
    for key in table:
        if key not in valid:
            return key, unknown_key_reason(key, valid)
    return None

