"""The academy's exception hierarchy.

One base, :class:`AcademyError`, so an operator command can catch every expected failure and
print it without a traceback. Each subclass also derives from the matching built-in so callers
that only know Python's exceptions still catch it. Messages name the offending input and where it
came from; the same facts are kept as attributes so callers need not parse text.
"""

from __future__ import annotations

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
