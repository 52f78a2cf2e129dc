"""The numba cache makes a second fresh process load boinor's compiled code instead of
compiling it. Checked through numba's own dispatcher statistics in real subprocesses (no
timing asserts; the speed-up is measured in benchmarks/propagation.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SCRIPT = """
import json, sys
from telemetry.numba_cache import enable_numba_cache
enable_numba_cache(cache_dir=sys.argv[1])
import numba
from telemetry import kepler
orbit = kepler.circular_orbit(400.0, 51.6)
kepler.propagate_two_body(orbit, 1800.0)
from numba.core.registry import CPUDispatcher
dispatchers = {id(obj): obj for name, module in list(sys.modules.items())
               if name.startswith("boinor.core") for obj in vars(module).values()
               if isinstance(obj, CPUDispatcher)}.values()
print(json.dumps({"hits": sum(sum(d.stats.cache_hits.values()) for d in dispatchers),
                  "misses": sum(sum(d.stats.cache_misses.values()) for d in dispatchers),
                  "njit_patched": getattr(numba.njit, "_academy_cache_default", False)}))
"""


def _run(cache_dir: str) -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT, cache_dir], capture_output=True,
                          text=True, timeout=240, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_second_process_loads_from_cache(tmp_path) -> None:
    first = _run(str(tmp_path))
    assert first["njit_patched"] and first["misses"] >= 1 and first["hits"] == 0
    assert list(tmp_path.rglob("*.nbi")), "numba wrote no index files"
    second = _run(str(tmp_path))
    assert second["hits"] >= 1 and second["misses"] == 0


def test_refuses_after_boinor_import() -> None:
    script = ("import boinor.core.propagation\n"
              "from telemetry.numba_cache import enable_numba_cache\n"
              "enable_numba_cache(cache_dir='/tmp/unused-academy-numba')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode != 0 and "before importing boinor" in done.stderr
