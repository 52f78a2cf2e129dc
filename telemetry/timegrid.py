"""UTC instants to the split Julian dates SGP4 and the Earth-rotation formulas want.

SGP4 takes time as a whole Julian date plus a fraction (``jd``, ``fr``) so that one-microsecond
resolution survives in float64; we keep that split all the way through. We treat UTC as UT1: the
difference is under 0.9 s, which moves a ground point by under 420 m at the equator. Functions that
need the rotation exactly accept an explicit ``ut1_minus_utc_s``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

import numpy as np

UNIX_EPOCH_JD = 2440587.5
_US_PER_DAY = 86_400_000_000


def as_datetime64(times: Iterable[datetime] | np.ndarray | datetime) -> np.ndarray:
    """Any of: a datetime, a sequence of datetimes, a datetime64 array -> datetime64[us] (UTC).

    Naive datetimes are taken as UTC, the convention of every data source we read.
    """
    if isinstance(times, np.ndarray) and np.issubdtype(times.dtype, np.datetime64):
        return times.astype("datetime64[us]")
    if isinstance(times, datetime):
        times = [times]
    out = []
    for value in times:
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        out.append(np.datetime64(value, "us"))
    return np.array(out, dtype="datetime64[us]")


def julian_date_split(times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """datetime64 array -> (whole-day Julian date ending in .5, day fraction), exact to 1 us."""
    microseconds = as_datetime64(times).astype(np.int64)
    days, rest = np.divmod(microseconds, _US_PER_DAY)
    return UNIX_EPOCH_JD + days.astype(np.float64), rest.astype(np.float64) / _US_PER_DAY


def time_grid(start: datetime, duration_s: float, step_s: float) -> np.ndarray:
    """Evenly spaced UTC instants ``start, start+step, ...`` up to ``start+duration`` inclusive."""
    if step_s <= 0:
        raise ValueError(f"step_s={step_s!r} must be above 0")
    count = int(np.floor(duration_s / step_s + 1e-9)) + 1
    begin = as_datetime64(start)[0]
    offsets_us = np.round(np.arange(count) * step_s * 1e6).astype("timedelta64[us]")
    return begin + offsets_us


def to_datetime(value: np.datetime64) -> datetime:
    """One datetime64 -> timezone-aware UTC datetime."""
    microseconds = int(np.datetime64(value, "us").astype(np.int64))
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=microseconds)


def to_datetimes(values: Sequence[np.datetime64] | np.ndarray) -> list[datetime]:
    return [to_datetime(v) for v in values]
