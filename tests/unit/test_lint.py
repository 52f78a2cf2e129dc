"""The whole repository is ruff-clean (rules in pyproject.toml; courses/ruff.toml for notebooks)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_ruff_clean():
    result = subprocess.run([str(Path(sys.executable).parent / "ruff"), "check", "."],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
