"""Bad configuration stops the academy with one clear line, before anything starts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PROJECT_ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def run(command: list[str], env_extra: dict[str, str], timeout: float = 60
        ) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(env_extra)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)


@pytest.fixture
def broken_courses(tmp_path) -> Path:
    courses = tmp_path / "courses"
    shutil.copytree(PROJECT_ROOT / "courses", courses)
    toml = courses / "orbits" / "course.toml"
    toml.write_text(toml.read_text().replace('instructors = ["prof-orbits"]',
                                             'instructors = "prof-orbits"'))
    return courses


def test_malformed_course_stops_make_demo_path(tmp_path, broken_courses):
    result = run([str(BIN / "academy"), "serve", "--demo"],
                 {"ACADEMY_DATA_DIR": str(tmp_path / "var"),
                  "ACADEMY_COURSES_DIR": str(broken_courses)})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert str(broken_courses / "orbits" / "course.toml") in result.stderr
    assert "field 'staff.instructors'" in result.stderr
    assert not (tmp_path / "var" / "hub" / "jupyterhub.sqlite").exists()


def test_malformed_course_stops_jupyterhub_directly(tmp_path, broken_courses):
    """`jupyterhub -f hub_config.py` (as a container would run it) refuses to start too."""
    result = run([str(BIN / "jupyterhub"), "-f", str(PROJECT_ROOT / "hub_config.py")],
                 {"ACADEMY_DATA_DIR": str(tmp_path / "var"),
                  "ACADEMY_COURSES_DIR": str(broken_courses)})
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "CourseConfigError" in output
    assert "field 'staff.instructors'" in output


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("ACADEMY_PORT", "eighty", "ACADEMY_PORT='eighty': must be a whole number"),
    ("ACADEMY_IP", "0.0.0.0", "only allowed when ACADEMY_IP is loopback"),
    ("ACADEMY_IDLE_TIMEOUT", "-1", "ACADEMY_IDLE_TIMEOUT='-1': must be at least 60"),
])
def test_invalid_academy_variables(tmp_path, variable, value, message):
    result = run([str(BIN / "academy"), "serve", "--demo"],
                 {"ACADEMY_DATA_DIR": str(tmp_path / "var"), variable: value})
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
