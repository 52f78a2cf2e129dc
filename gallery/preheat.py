"""Refill the preheated pools a few kernels at a time, not all at once.

When a visitor takes a pool kernel, Voilà 0.5 starts its replacement right away
(``fill_if_needed``), and every replacement runs its dashboard notebook up to the visitor wait:
imports of plotly, numpy and ipywidgets, data loading and the view, seconds of CPU each. A
crowd of ten visitors therefore starts ten such refills at the moment those ten pages need the
same two cores to be served, and in the crowd benchmark none of them became interactive. The
pool only needs to be full again for the *next* crowd, so refills queue here: at most
``concurrency`` run at once, each holding its place until its kernel has reached the visitor
wait (``open_dashboard``'s ``get_query_string``) or its notebook ended.

:attr:`SerialPreheat.in_progress` also tells the kernel cap how many live kernels are pool
kernels still warming up, so a refill is not mistaken for a visitor's kernel (which made the
gallery answer "busy" below its cap during a burst).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from voila.request_info_handler import RequestInfoSocketHandler

Initialize = Callable[..., Awaitable[dict[str, Any]]]

READY_TIMEOUT_S = 180.0
"""Longest a refill holds its place while its notebook runs; a notebook that never reaches
the visitor wait (an error in its first cell) must not stop every later refill."""

log = logging.getLogger(__name__)


def waiting_for_visitor(kernel_id: str) -> bool:
    """Whether the kernel's notebook is parked in ``get_query_string``: it has opened Voilà's
    request-info websocket, which Voilà keys by kernel id."""
    return kernel_id in RequestInfoSocketHandler._waiters


class SerialPreheat:
    """Wraps a preheating kernel manager's ``_initialize`` (start a kernel, run its notebook in
    the background) so that at most ``concurrency`` run at once, each until its kernel is ready.
    """

    def __init__(self, initialize: Initialize, concurrency: int = 1, *,
                 is_ready: Callable[[str], bool] = waiting_for_visitor,
                 ready_timeout_s: float = READY_TIMEOUT_S, poll_s: float = 0.2) -> None:
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, not {concurrency}")
        self._initialize = initialize
        self._slots = asyncio.Semaphore(concurrency)
        self._is_ready = is_ready
        self._ready_timeout_s = ready_timeout_s
        self._poll_s = poll_s
        self.in_progress = 0
        """Refills that hold a place now (their kernel may already be live)."""

    @classmethod
    def install(cls, kernel_manager: Any, concurrency: int) -> SerialPreheat:
        """Wrap ``kernel_manager._initialize`` (Voilà's preheating manager) in place. Refills
        are created after this and go through it; the first fills, created when the manager
        was built, still start together, when no visitor is waiting for the CPU."""
        preheat = cls(kernel_manager._initialize, concurrency)
        kernel_manager._initialize = preheat.initialize
        return preheat

    async def initialize(self, notebook_name: str, kernel_id: str | None = None,
                         **kwargs: Any) -> dict[str, Any]:
        """Voilà's ``_initialize``, in turn: returns once the kernel waits for its visitor."""
        async with self._slots:
            self.in_progress += 1
            try:
                content = await self._initialize(notebook_name, kernel_id, **kwargs)
                await self._until_ready(content)
                return content
            finally:
                self.in_progress -= 1

    async def _until_ready(self, content: dict[str, Any]) -> None:
        kernel_id = content.get("kernel_id", "")
        render: asyncio.Future | None = content.get("task")
        deadline = time.monotonic() + self._ready_timeout_s
        while not self._is_ready(kernel_id):
            if render is not None and render.done():
                return  # the notebook ended (or failed) without waiting for a visitor
            if time.monotonic() > deadline:
                log.warning("Gallery: kernel %s not waiting for a visitor after %.0f s; "
                            "starting the next refill anyway", kernel_id, self._ready_timeout_s)
                return
            await asyncio.sleep(self._poll_s)
