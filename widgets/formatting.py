"""Locale-aware numbers for labels and tables.

Babel's CLDR data covers every academy language (tr, kk, uz, az, ky, hu, tk all have decimal
symbols), so "7,66" in Turkish and "7.66" in English come from one call; an unknown locale falls
back to English rather than breaking a lesson.
"""

from __future__ import annotations

import math
from datetime import datetime

from babel.core import UnknownLocaleError
from babel.numbers import format_decimal


def format_number(value: float, language: str, decimals: int = 1) -> str:
    """``value`` with exactly ``decimals`` decimals and the locale's separators ('–' for NaN)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    try:
        return format_decimal(value, format=pattern, locale=language)
    except (UnknownLocaleError, ValueError):
        return format_decimal(value, format=pattern, locale="en")


def format_utc(when: datetime) -> str:
    """ISO-like UTC time for tables (language-neutral on purpose: times are compared)."""
    return when.strftime("%Y-%m-%d %H:%M:%S UTC")


def format_duration_s(seconds: float, language: str) -> str:
    """'1 h 32 min' / '5 min 10 s' style durations, numbers localised."""
    seconds = max(0.0, float(seconds))
    hours, rest = divmod(int(round(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{format_number(hours, language, 0)} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s"
