"""Turn on numba's on-disk cache the moment boinor is first imported, at no cost otherwise.

Kernels run this at start-up (``academy/jupyter_config/ipython_kernel_config.py``). Importing
:mod:`telemetry.numba_cache` directly costs about a second (it imports numba), which every kernel
would pay even when the notebook never touches boinor; this module imports nothing heavy and
defers that work to the first ``import boinor`` (directly, or through ``telemetry.kepler``).
"""

from __future__ import annotations

import importlib.abc
import sys


class EnableCacheBeforeBoinor(importlib.abc.MetaPathFinder):
    """A finder that never finds anything: it only runs the cache set-up before boinor loads."""

    def find_spec(self, fullname, path, target=None):  # noqa: ANN001 (importlib's signature)
        if fullname == "boinor":
            sys.meta_path.remove(self)
            from telemetry.numba_cache import enable_numba_cache

            enable_numba_cache()
        return None


def install() -> None:
    """Register the finder once (idempotent); a no-op when boinor is already imported."""
    if "boinor" in sys.modules:
        return
    if not any(isinstance(finder, EnableCacheBeforeBoinor) for finder in sys.meta_path):
        sys.meta_path.insert(0, EnableCacheBeforeBoinor())
