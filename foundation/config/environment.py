"""Parsing ``ACADEMY_*`` environment variables in one place, with errors that quote the value."""

from __future__ import annotations

import os
from pathlib import Path

from foundation.errors import ConfigError

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    """The variable's value, or ``default`` when it is unset."""
    return os.environ.get(name, default)


def env_int(name: str, default: int, *, minimum: int | None = None,
            maximum: int | None = None) -> int:
    """An integer variable; rejects text and out-of-range values naming the variable."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(name, raw, "must be a whole number") from None
    if minimum is not None and value < minimum:
        raise ConfigError(name, raw, f"must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise ConfigError(name, raw, f"must be at most {maximum}")
    return value


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable: 1/true/yes/on or 0/false/no/off (any case)."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(name, raw, "must be one of 1/0, true/false, yes/no, on/off")


def env_path(name: str, default: Path) -> Path:
    """A directory variable, made absolute against the current directory."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    return Path(raw).expanduser().absolute()
