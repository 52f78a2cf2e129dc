"""Pool refills queue: at most ``concurrency`` at once, each until its kernel waits for a
visitor (or its notebook ended, or a time limit passed)."""

from __future__ import annotations

import asyncio

import pytest

from foundation.config.gallery import GalleryConfig
from foundation.errors import ConfigError
from gallery.preheat import SerialPreheat


class FakeVoilaInitialize:
    """Stands in for Voilà's ``_initialize``: a kernel id and a render task per call; the
    kernel becomes 'ready' (waiting for its visitor) when the test says so."""

    def __init__(self) -> None:
        self.ready: set[str] = set()
        self.calls = 0
        self.renders: dict[str, asyncio.Future] = {}

    async def __call__(self, notebook_name: str, kernel_id: str | None = None,
                       **kwargs: object) -> dict[str, object]:
        self.calls += 1
        await asyncio.sleep(0.01)
        kid = f"k{self.calls}"
        task = self.renders[kid] = asyncio.get_running_loop().create_future()
        return {"kernel_id": kid, "task": task, "renderer": None}


def run(coro):
    return asyncio.run(coro)


def start_refills(concurrency: int, count: int):
    """``count`` refills through a SerialPreheat over a fake whose kernels are ready when the
    test adds their ids to ``voila.ready``."""
    voila = FakeVoilaInitialize()
    preheat = SerialPreheat(voila, concurrency, is_ready=voila.ready.__contains__, poll_s=0.01)
    refills = [asyncio.create_task(preheat.initialize("a.ipynb")) for _ in range(count)]
    return voila, preheat, refills


def test_refills_run_one_at_a_time_each_until_its_kernel_is_ready():
    async def scenario():
        voila, preheat, refills = start_refills(1, 3)
        await asyncio.sleep(0.1)
        # The first kernel started and is warming up; the other two wait their turn.
        assert (voila.calls, preheat.in_progress) == (1, 1)
        voila.ready.add("k1")
        await asyncio.sleep(0.1)
        assert refills[0].done() and voila.calls == 2 and preheat.in_progress == 1
        voila.ready.update({"k2", "k3"})
        results = await asyncio.gather(*refills)
        assert [r["kernel_id"] for r in results] == ["k1", "k2", "k3"]
        assert preheat.in_progress == 0
    run(scenario())


def test_concurrency_two_lets_two_warm_up_together():
    async def scenario():
        voila, preheat, refills = start_refills(2, 4)
        await asyncio.sleep(0.1)
        assert (voila.calls, preheat.in_progress) == (2, 2)
        voila.ready.update({"k1", "k2", "k3", "k4"})
        await asyncio.gather(*refills)
    run(scenario())


def test_a_notebook_that_ends_or_hangs_does_not_block_later_refills():
    async def scenario():
        voila = FakeVoilaInitialize()
        preheat = SerialPreheat(voila, 1, is_ready=lambda _kid: False, poll_s=0.01,
                                ready_timeout_s=0.3)
        ended = asyncio.create_task(preheat.initialize("a.ipynb"))
        await asyncio.sleep(0.05)
        hanging = asyncio.create_task(preheat.initialize("a.ipynb"))
        # The first notebook stops early (an error in its first cell): its place is freed.
        voila.renders["k1"].set_result(None)
        await asyncio.wait_for(ended, 0.2)
        # The second never reaches the visitor wait: given up on after 0.3 s.
        started = asyncio.get_running_loop().time()
        await asyncio.wait_for(hanging, 2)
        assert asyncio.get_running_loop().time() - started >= 0.2
        assert preheat.in_progress == 0
    run(scenario())


def test_rejects_zero_concurrency():
    with pytest.raises(ValueError, match="at least 1"):
        SerialPreheat(FakeVoilaInitialize(), 0)


def test_config_reads_and_checks_the_concurrency(monkeypatch):
    monkeypatch.setenv("ACADEMY_GALLERY_PREHEAT_CONCURRENCY", "3")
    assert GalleryConfig().preheat_concurrency == 3
    monkeypatch.setenv("ACADEMY_GALLERY_PREHEAT_CONCURRENCY", "0")
    with pytest.raises(ConfigError, match="ACADEMY_GALLERY_PREHEAT_CONCURRENCY"):
        GalleryConfig()
