"""Make boinor's numba functions compile once per machine, not once per kernel.

boinor (like poliastro) decorates its core with ``from numba import njit as jit`` and no
``cache=True``. numba only writes a function to its on-disk cache when ``cache=True``, so
``NUMBA_CACHE_DIR`` alone changes nothing and every new kernel spends ~6 s compiling the same
functions. :func:`enable_numba_cache` therefore, *before boinor is imported*:

1. points ``NUMBA_CACHE_DIR`` at a shared directory (``TelemetryConfig.numba_cache_dir``), and
2. wraps ``numba.njit`` / ``numba.jit`` so they default to ``cache=True``.

Because boinor binds ``njit`` at import time, importing boinor first makes step 2 useless; the
function says so with a ``RuntimeError`` instead of pretending. numba validates cached code
against the source file's timestamp, so upgrading boinor recompiles automatically.
:func:`warm_boinor_cache` then compiles the paths lessons use (for ``make`` and kernel start-up).
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numba
import numba.core.config

from foundation.config.telemetry import TelemetryConfig

_PATCHED_FLAG = "_academy_cache_default"


def _with_cache_default(decorator: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(decorator)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cache", True)
        return decorator(*args, **kwargs)

    setattr(wrapper, _PATCHED_FLAG, True)
    return wrapper


def enable_numba_cache(config: TelemetryConfig | None = None,
                       cache_dir: Path | str | None = None) -> Path:
    """Set the shared numba cache directory and make njit default to cache=True.

    Must run before ``boinor`` is imported. Returns the cache directory used. Safe to call
    twice. The environment variable must be set before numba reads its config, so we also
    update ``numba.config`` when numba is already imported.
    """
    if "boinor" in sys.modules and not getattr(numba.njit, _PATCHED_FLAG, False):
        raise RuntimeError("boinor is already imported, so its numba functions were decorated "
                           "without cache=True; call enable_numba_cache() before importing "
                           "boinor or telemetry.kepler")
    if cache_dir is None:
        cache_dir = (config or TelemetryConfig()).numba_cache_path
    path = Path(cache_dir)
    path.mkdir(parents=True, exist_ok=True)
    os.environ["NUMBA_CACHE_DIR"] = str(path)
    numba.core.config.CACHE_DIR = str(path)
    if not getattr(numba.njit, _PATCHED_FLAG, False):
        numba.njit = _with_cache_default(numba.njit)
        numba.jit = _with_cache_default(numba.jit)
    return path


def warm_boinor_cache(config: TelemetryConfig | None = None) -> float:
    """Compile the boinor paths lessons use (propagation, anomalies, Hohmann); returns seconds.

    Run it once after installing (``make``) so the first lesson of the day is fast.
    """
    enable_numba_cache(config)
    started = time.perf_counter()
    # Imported here on purpose, not to dodge a cycle: boinor must be imported only after the
    # njit default above is in place, and importing this module must not import boinor.
    from telemetry import kepler

    orbit = kepler.circular_orbit(400.0, 51.6)
    kepler.propagate_two_body(orbit, 1800.0)
    elliptic = kepler.orbit_from_apsides(6858.0, 7178.0)
    kepler.propagate_two_body(elliptic, 1800.0)
    kepler.hohmann(orbit, 42164.0)
    kepler.bielliptic(orbit, 100000.0, 42164.0)
    return time.perf_counter() - started


def main() -> None:
    """``python -m telemetry.numba_cache``: warm the cache and print the time it took."""
    seconds = warm_boinor_cache()
    print(f"boinor numba cache warm in {os.environ['NUMBA_CACHE_DIR']} ({seconds:.1f} s)")


if __name__ == "__main__":
    main()
