"""Imports only point down: spacecraft never pulls in views; widgets never pull in the hub."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize(("module", "forbidden"), [
    ("spacecraft.budgets", ("ipywidgets", "plotly", "widgets")),
    ("spacecraft.sky", ("ipywidgets", "plotly", "widgets")),
    ("spacecraft.thrusters", ("ipywidgets", "plotly", "widgets")),
    ("widgets.orbit_explorer", ("jupyterhub", "grading", "nbgrader")),
])
def test_module_imports_alone_without_upper_layers(module, forbidden):
    code = (f"import sys, {module}; bad = [m for m in {forbidden!r} if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
