"""The slot scheduler: never more than `workers` jobs at once, each with its own slot."""

from __future__ import annotations

import asyncio

import pytest

from grading.scheduler import run_on_slots


def test_concurrency_is_bounded_and_slots_are_exclusive() -> None:
    running: set[int] = set()
    peak = 0

    async def job(item: int, slot: int) -> tuple[int, int]:
        nonlocal peak
        assert slot not in running, f"slot {slot} handed out twice"
        running.add(slot)
        peak = max(peak, len(running))
        await asyncio.sleep(0.01 * (item % 3))
        running.discard(slot)
        return item, slot

    results = asyncio.run(run_on_slots(list(range(12)), 3, job, progress=False))
    assert [item for item, _ in results] == list(range(12))  # input order kept
    assert {slot for _, slot in results} == {0, 1, 2}
    assert peak == 3


def test_a_failing_job_cancels_the_rest_and_raises() -> None:
    finished: list[int] = []

    async def job(item: int, slot: int) -> int:
        if item == 1:
            raise RuntimeError("sandbox broke")
        await asyncio.sleep(0.5)
        finished.append(item)
        return item

    with pytest.raises(RuntimeError, match="sandbox broke"):
        asyncio.run(run_on_slots([0, 1, 2, 3], 2, job, progress=False))
    assert finished == []
