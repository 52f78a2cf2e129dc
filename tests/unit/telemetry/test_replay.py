"""Replay of recorded frames at N x speed with an injected clock (no real waiting)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from telemetry.frames import RawFrame
from telemetry.replay import Clock, replay, replay_async


class FakeClock:
    """A clock whose sleep only advances time, recording every wait."""

    def __init__(self) -> None:
        self.time_s = 1000.0
        self.waits: list[float] = []

    def now(self) -> float:
        return self.time_s

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.time_s += seconds

    async def sleep_async(self, seconds: float) -> None:
        self.sleep(seconds)


def _frames(offsets_s: list[float]) -> list[RawFrame]:
    start = datetime(2021, 3, 31, 23, 0, tzinfo=UTC)
    # Newest first, as SatNOGS exports are.
    return [RawFrame(start + timedelta(seconds=s), b"", "t", i)
            for i, s in sorted(enumerate(offsets_s), key=lambda p: -p[1])]


def test_replay_orders_and_scales_waits() -> None:
    clock = FakeClock()
    out = list(replay(_frames([0, 10, 30, 90]), speed=10, clock=Clock(clock.now, clock.sleep)))
    assert [f.timestamp.second for f in out] == [0, 10, 30, 30]  # 90 s = 23:01:30
    assert clock.waits == pytest.approx([1.0, 2.0, 6.0])


def test_max_gap_skips_silence_between_passes() -> None:
    clock = FakeClock()
    list(replay(_frames([0, 5, 5 + 6000]), speed=1, clock=Clock(clock.now, clock.sleep),
                max_gap_s=20))
    assert clock.waits == pytest.approx([5.0, 20.0])


def test_slow_consumer_gets_frames_without_extra_waits() -> None:
    clock = FakeClock()
    stream = replay(_frames([0, 1, 2]), speed=1, clock=Clock(clock.now, clock.sleep))
    next(stream)
    clock.time_s += 5  # the consumer took 5 s: the next frames are already due
    list(stream)
    assert clock.waits == []


def test_async_replay() -> None:
    clock = FakeClock()

    async def collect() -> list[RawFrame]:
        return [f async for f in replay_async(_frames([0, 60, 120]), speed=60, now=clock.now,
                                              sleep=clock.sleep_async)]

    # A thread of its own: the session's Playwright browser keeps an event loop running here.
    with ThreadPoolExecutor(1) as pool:
        frames = pool.submit(asyncio.run, collect()).result()
    assert len(frames) == 3
    assert clock.waits == pytest.approx([1.0, 1.0])


def test_speed_must_be_positive() -> None:
    with pytest.raises(ValueError, match="speed=0"):
        list(replay(_frames([0]), speed=0))
