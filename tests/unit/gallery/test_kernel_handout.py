"""A render is told when its kernel exists, so the kernel cap stops counting it as a render.

The manager here is a stand-in with the two async methods Voilà's render calls; the real
gallery (tests/integration/gallery) exercises the wrapped Voilà manager and the cap.
"""

from __future__ import annotations

import asyncio

from gallery import kernel_handout
from gallery.admission import KernelCap


class Manager:
    def __init__(self) -> None:
        self.kernels: list[str] = []

    async def start_kernel(self, **_kwargs: object) -> str:
        await asyncio.sleep(0.01)
        self.kernels.append(f"k{len(self.kernels)}")
        return self.kernels[-1]

    async def get_rendered_notebook(self, notebook_name: str) -> tuple[None, list, str]:
        return None, [], await self.start_kernel()


def test_each_render_hears_of_its_own_kernel_only():
    manager = Manager()
    kernel_handout.install(manager)
    kernel_handout.install(manager)  # idempotent: one notification per kernel, not two
    heard: list[str] = []

    async def render(name: str, pooled: bool) -> None:
        kernel_handout.on_kernel_for_this_render(lambda: heard.append(name))
        if pooled:
            await manager.get_rendered_notebook("x.ipynb")
        else:
            await manager.start_kernel()

    async def main() -> None:
        await asyncio.gather(render("a", True), render("b", False))
        await manager.start_kernel()  # outside any render (a first pool fill): nobody told

    asyncio.run(main())
    # "a": its pooled kernel's inner start_kernel and the hand-out itself both notify
    assert sorted(heard) == ["a", "a", "b"]


def test_a_burst_below_the_cap_is_admitted_whole():
    """The defect: 30 visitors against a cap of 40 got 'busy' pages, each counted twice."""
    manager = Manager()
    kernel_handout.install(manager)
    cap = KernelCap(cap=40, visitor_kernels=lambda: len(manager.kernels))
    admitted: list[bool] = []

    async def visitor() -> None:
        if not cap.admit():
            admitted.append(False)
            return
        cap.started()
        done = False

        def render_done() -> None:
            nonlocal done
            if not done:
                done = True
                cap.finished()

        kernel_handout.on_kernel_for_this_render(render_done)
        admitted.append(True)
        await manager.start_kernel()
        await asyncio.sleep(0.05)  # the page still streams; its kernel is what counts now
        render_done()

    async def crowd() -> None:
        first = [asyncio.create_task(visitor()) for _ in range(20)]
        await asyncio.sleep(0.03)  # their kernels exist, their pages still stream
        await asyncio.gather(*first, *(visitor() for _ in range(10)))

    asyncio.run(crowd())
    assert admitted == [True] * 30
    assert cap.rendering == 0 and len(manager.kernels) == 30
