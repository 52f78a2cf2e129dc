"""Inside a student's real kernel: the project's packages, the hub identity for nbgrader, and
boinor loading compiled code from the warm numba cache instead of compiling."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.slow

NUMBA_PROBE = r"""
import json, os, pwd, sys
import academy, telemetry, ipywidgets, plotly, nbgrader
from telemetry import kepler  # imports boinor: the kernel's start-up hook turns the cache on
orbit = kepler.circular_orbit(400.0, 51.6)
kepler.propagate_two_body(orbit, 1800.0)
from numba.core.registry import CPUDispatcher
dispatchers = {id(obj): obj for name, module in list(sys.modules.items())
               if name.startswith("boinor.core") for obj in vars(module).values()
               if isinstance(obj, CPUDispatcher)}.values()
from traitlets.config.loader import PyFileConfigLoader
from nbgrader.coursedir import CourseDirectory
config = PyFileConfigLoader("nbgrader_config.py",
                            path=os.environ["JUPYTER_CONFIG_PATH"]).load_config()
print(json.dumps({
    "unix_user": pwd.getpwuid(os.getuid()).pw_name,
    "hub_user": os.environ["JUPYTERHUB_USER"],
    "python": sys.executable,
    "nbgrader_student_id": CourseDirectory(config=config).student_id,
    "exchange": str(config.Exchange.root),
    "numba_cache": os.environ.get("NUMBA_CACHE_DIR"),
    "hits": sum(sum(d.stats.cache_hits.values()) for d in dispatchers),
    "misses": sum(sum(d.stats.cache_misses.values()) for d in dispatchers),
}))
"""


def test_student_kernel_has_project_packages_identity_and_warm_numba(hub, run_kernel):
    hub.start_server("student3")
    try:
        facts = json.loads(run_kernel(hub, "student3", NUMBA_PROBE).strip().splitlines()[-1])
    finally:
        hub.stop_server("student3")
    assert facts["hub_user"] == "student3"
    assert facts["nbgrader_student_id"] == "student3"
    assert facts["exchange"] == str(hub.data_dir / "exchange")
    assert facts["numba_cache"] == str(hub.data_dir / "home" / "student3" / ".cache" / "numba")
    assert facts["hits"] >= 1 and facts["misses"] == 0, facts
    if facts["unix_user"] != "root":
        assert facts["unix_user"] == f"{hub.unix_prefix}student3"
