"""Tell a page render the moment its kernel exists, so the kernel cap counts a visitor once.

Why: the cap (:class:`gallery.admission.KernelCap`) counts visitor kernels plus renders in
flight, because a burst of requests arrives before any of their kernels exists. But a render
that has its kernel (taken from a pool, or started for it) is then counted twice, as a
kernel and as a render, until its page has finished streaming. In the 30-visitor benchmark
(cap 40) that answered five visitors "busy" while only 30 kernels were in use.

How: Voilà's render obtains its kernel through one of two kernel-manager calls,
``get_rendered_notebook`` (a preheated kernel) or ``start_kernel`` (a new one). Both are wrapped
once, on the gallery's kernel manager; after either returns, the callback the current render
registered (:func:`on_kernel_for_this_render`, a context variable, so each request task sees
its own) runs. The callback must be idempotent: the render calls it again when its page ends
(and a preheated hand-out may notify more than once). Pool refills do not notify: Voilà's
``_initialize`` starts their kernels through the class's ``start_kernel``, not the wrapper.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from jupyter_server.utils import ensure_async

_callback: contextvars.ContextVar[Callable[[], None] | None] = contextvars.ContextVar(
    "academy_gallery_kernel_for_render", default=None)

WRAPPED_METHODS = ("get_rendered_notebook", "start_kernel")


def on_kernel_for_this_render(callback: Callable[[], None]) -> None:
    """Run ``callback`` when the current request's render has obtained its kernel."""
    _callback.set(callback)


def install(kernel_manager: Any) -> None:
    """Wrap the manager's kernel-obtaining methods (those it has) in place. Idempotent."""
    for name in WRAPPED_METHODS:
        original = getattr(kernel_manager, name, None)
        if original is None or getattr(original, "_academy_kernel_handout", False):
            continue
        setattr(kernel_manager, name, _notifying(original))


def _notifying(original: Callable[..., Any]) -> Callable[..., Any]:
    async def obtain_kernel(*args: Any, **kwargs: Any) -> Any:
        result = await ensure_async(original(*args, **kwargs))
        callback = _callback.get()
        if callback is not None:
            callback()
        return result

    obtain_kernel._academy_kernel_handout = True  # type: ignore[attr-defined]
    return obtain_kernel
