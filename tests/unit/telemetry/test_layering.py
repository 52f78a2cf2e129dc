"""Imports point down: telemetry never imports widgets/ipywidgets, and importing anything
but telemetry.kepler (or the numba-cache helper's warm-up) leaves boinor unimported, so the
numba cache can still be enabled afterwards. Each module is imported alone in a fresh process,
which also catches import cycles (as Skyfield's design/test_import_loops.py does)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import telemetry

MODULES = sorted(p.stem for p in Path(telemetry.__file__).parent.glob("*.py")
                 if p.stem != "__init__")

SCRIPT = """
import importlib, json, sys
report = {}
for name in sys.argv[1:]:
    before = set(sys.modules)
    importlib.import_module("telemetry." + name)
    report[name] = sorted(m.split(".")[0] for m in set(sys.modules) - before)
print(json.dumps(report))
"""


def test_each_module_imports_alone_without_forbidden_packages() -> None:
    report = {}
    for name in MODULES:
        done = subprocess.run([sys.executable, "-c", SCRIPT, name], capture_output=True,
                              text=True, timeout=120, check=True)
        report.update(json.loads(done.stdout))
    assert set(report) == set(MODULES)
    for name, loaded in report.items():
        assert "ipywidgets" not in loaded and "widgets" not in loaded, name
        assert "IPython" not in loaded, name
        if name != "kepler":
            assert "boinor" not in loaded, name
