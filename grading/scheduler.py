"""Run jobs concurrently on a fixed number of worker slots, with a progress bar.

This is the only place with parallelism. A slot is a number from 0 to ``workers - 1``; a job
holds one for its whole run, so the runner can tie per-slot resources (the sandbox account whose
process limit the job lives under) to it. Concurrency is asyncio in one thread: kernels are
separate processes, and the parent's own work per notebook (sanitizing, recording grades) is
short and runs serialized, which is what keeps gradebook writes in one place.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from tqdm import tqdm

Item = TypeVar("Item")
Result = TypeVar("Result")


async def run_on_slots(items: Sequence[Item], workers: int,
                       job: Callable[[Item, int], Awaitable[Result]], *,
                       progress: bool = True, description: str = "grading") -> list[Result]:
    """``job(item, slot)`` for every item, at most ``workers`` at a time; results in item order.

    The first exception cancels the jobs still running and is re-raised: a job raises only for
    failures of the grader itself, never for a student's code.
    """
    free_slots: asyncio.Queue[int] = asyncio.Queue()
    for slot in range(max(1, min(workers, len(items)))):
        free_slots.put_nowait(slot)
    bar = tqdm(total=len(items), unit="submission", desc=description, disable=not progress)

    async def run_one(item: Item) -> Result:
        slot = await free_slots.get()
        try:
            return await job(item, slot)
        finally:
            free_slots.put_nowait(slot)
            bar.update(1)

    tasks = [asyncio.ensure_future(run_one(item)) for item in items]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    finally:
        bar.close()
