"""Replay recorded frames as if they arrived live, at N x speed.

Lessons and dashboards want "live" telemetry even when no satellite is overhead: this yields the
recorded frames in time order, waiting between them ``gap / speed`` seconds. The clock is
injectable, so tests run a day of frames in microseconds and check the waits exactly; the real
clock is ``time.monotonic``/``time.sleep`` (or ``asyncio.sleep`` for the async version).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar


class Timestamped(Protocol):
    """Anything with a UTC ``timestamp`` (RawFrame, DecodedFrame)."""

    @property
    def timestamp(self) -> datetime: ...


T = TypeVar("T", bound=Timestamped)


@dataclass
class Clock:
    """Where replay reads time and how it waits (seconds)."""

    now: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


def _ordered(frames: Iterable[T]) -> list[T]:
    # SatNOGS exports are newest first; a replay runs forwards in time.
    return sorted(frames, key=lambda f: f.timestamp)


def _check_speed(speed: float) -> None:
    if not speed > 0:
        raise ValueError(f"speed={speed!r} must be above 0 (1 = real time, 60 = a minute per s)")



def _offsets(ordered: list[T], max_gap_s: float | None) -> Iterator[tuple[T, float]]:
    """Each frame with its recorded-time offset from the first (gaps capped at max_gap_s):
    the one schedule both the blocking and the async replay follow."""
    offset_s = 0.0
    previous = ordered[0].timestamp
    for frame in ordered:
        gap_s = (frame.timestamp - previous).total_seconds()
        if max_gap_s is not None:
            gap_s = min(gap_s, max_gap_s)
        offset_s += gap_s
        previous = frame.timestamp
        yield frame, offset_s

def replay(frames: Iterable[T], speed: float = 1.0, clock: Clock | None = None,
           max_gap_s: float | None = None) -> Iterator[T]:
    """Yield frames in time order, each when its (scaled) time has come.

    ``max_gap_s`` caps a single wait in recorded seconds: a satellite is silent for hours between
    passes, and a lesson should not wait for it.
    """
    _check_speed(speed)
    clock = clock or Clock()
    ordered = _ordered(frames)
    if not ordered:
        return
    start_wall = clock.now()
    for frame, offset_s in _offsets(ordered, max_gap_s):
        wait_s = start_wall + offset_s / speed - clock.now()
        if wait_s > 0:
            clock.sleep(wait_s)
        yield frame


async def replay_async(frames: Iterable[T], speed: float = 1.0,
                       now: Callable[[], float] = time.monotonic,
                       sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                       max_gap_s: float | None = None) -> AsyncIterator[T]:
    """The same replay as an async generator, for a kernel's event loop (widgets stay live)."""
    _check_speed(speed)
    ordered = _ordered(frames)
    if not ordered:
        return
    start_wall = now()
    for frame, offset_s in _offsets(ordered, max_gap_s):
        wait_s = start_wall + offset_s / speed - now()
        if wait_s > 0:
            await sleep(wait_s)
        yield frame
