"""The per-course formgrader services as configuration: services, RBAC, release selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from traitlets.config import Config

from academy.hub.configure import configure_hub
from foundation.config import PlatformConfig
from foundation.config.grading import GradingConfig
from foundation.errors import ConfigError
from grading.hub_auth import courses_of_groups
from grading.release_on_start import assignments_to_release, course_assignment_ids

PROJECT_ROOT = Path(__file__).resolve().parents[3]
COURSES = PROJECT_ROOT / "courses"


@pytest.fixture
def configured(tmp_path, monkeypatch) -> tuple[Config, PlatformConfig]:
    for name in ("ACADEMY_OPERATOR_TOKEN", "ACADEMY_FORMGRADER_COURSES",
                 "ACADEMY_RELEASE_ASSIGNMENTS", "ACADEMY_FORMGRADER_BASE_PORT"):
        monkeypatch.delenv(name, raising=False)
    platform = PlatformConfig(data_dir=str(tmp_path / "var"), courses_dir=str(COURSES),
                              spawner="simple", demo=True)
    c = Config()
    configure_hub(c, platform)
    return c, platform


def test_a_formgrader_service_per_course_in_its_grading_directory(configured):
    c, platform = configured
    services = {s["name"]: s for s in c.JupyterHub.services}
    for course in ("orbits", "cubesat-design", "propulsion", "cansat"):
        service = services[f"formgrader-{course}"]
        root = platform.data_path / "grading" / course
        assert service["cwd"] == str(root)
        assert service["command"][0].endswith("jupyterhub-singleuser")
        assert service["environment"]["ACADEMY_COURSE_ID"] == course
        # The demo releases everything; the formgrader's own config comes first on the path.
        assert service["environment"]["ACADEMY_RELEASE_ASSIGNMENTS"] == "*/*"
        assert "formgrader" in service["environment"]["JUPYTER_CONFIG_PATH"].split(":")[0]
        assert f'"{course}"' in (root / "nbgrader_config.py").read_text()
        assert any((root / "source").iterdir())
    ports = [s["url"] for s in c.JupyterHub.services if s["name"].startswith("formgrader-")]
    assert len(set(ports)) == 4


def test_only_that_courses_staff_may_open_its_formgrader(configured):
    c, _ = configured
    roles = {role["name"]: role for role in c.JupyterHub.load_roles}
    access = {name: [s for s in role["scopes"] if s.startswith("access:services")]
              for name, role in roles.items()}
    assert access["instructors-orbits"] == ["access:services!service=formgrader-orbits"]
    assert access["tas-orbits"] == ["access:services!service=formgrader-orbits"]
    assert access["tas-propulsion"] == ["access:services!service=formgrader-propulsion"]
    # Nobody else holds any access to a formgrader.
    holders = {name for name, scopes in access.items() if scopes}
    assert holders == {f"{role}-{course}" for role in ("instructors", "tas")
                       for course in ("orbits", "cubesat-design", "propulsion", "cansat")}
    # A formgrader manages its own course's student group and no other.
    fg = roles["formgrader-orbits"]
    assert "groups!group=students-orbits" in fg["scopes"]
    assert not any("propulsion" in scope for scope in fg["scopes"])


def test_formgrader_selection_and_no_formgrader(tmp_path, monkeypatch):
    monkeypatch.delenv("ACADEMY_OPERATOR_TOKEN", raising=False)
    monkeypatch.setenv("ACADEMY_FORMGRADER_COURSES", "orbits")
    platform = PlatformConfig(data_dir=str(tmp_path / "var"), courses_dir=str(COURSES),
                              spawner="simple", demo=False)
    c = Config()
    configure_hub(c, platform)
    names = {s["name"] for s in c.JupyterHub.services}
    assert "formgrader-orbits" in names and "formgrader-cansat" not in names
    roles = {role["name"]: role for role in c.JupyterHub.load_roles}
    assert not any(s.startswith("access:services") for s in roles["tas-cansat"]["scopes"])
    service = next(s for s in c.JupyterHub.services if s["name"] == "formgrader-orbits")
    assert service["environment"]["ACADEMY_RELEASE_ASSIGNMENTS"] == "none"  # not the demo


@pytest.mark.parametrize("raw", ["orbits; rm -rf /", "$(id)", "a|b"])
def test_bad_patterns_are_refused_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("ACADEMY_RELEASE_ASSIGNMENTS", raw)
    with pytest.raises(ConfigError, match="ACADEMY_RELEASE_ASSIGNMENTS"):
        GradingConfig()


def test_release_patterns_select_assignments():
    ids = course_assignment_ids(COURSES, "orbits")
    assert "a1-orbital-speed-en" in ids and "a3-hohmann-ky" in ids and len(ids) == 18
    assert assignments_to_release("orbits", ids, ["orbits/a1-*-en"]) == ["a1-orbital-speed-en"]
    assert assignments_to_release("orbits", ids, ["cansat/*"]) == []
    assert len(assignments_to_release("orbits", ids, ["*/*"])) == 18
    assert GradingConfig(release_on_start="none").release_patterns(demo=True) == []
    assert GradingConfig(release_on_start="").release_patterns(demo=True) == ["*/*"]
    assert GradingConfig(release_on_start="").release_patterns(demo=False) == []


def test_a_formgrader_gets_only_the_release_patterns_naming_its_course():
    grading = GradingConfig(release_on_start="orbits/a1-*,cans?t/*,*-en")
    assert grading.release_patterns(demo=False, course_id="orbits") == ["orbits/a1-*", "*-en"]
    assert grading.release_patterns(demo=False, course_id="cansat") == ["cans?t/*", "*-en"]
    assert grading.release_patterns(demo=False, course_id="propulsion") == ["*-en"]
    assert GradingConfig(release_on_start="orbits/*").release_patterns(
        demo=False, course_id="propulsion") == []  # -> "none": no release process
    assert GradingConfig(release_on_start="").release_patterns(
        demo=True, course_id="propulsion") == ["*/*"]


def test_course_membership_from_the_academys_groups():
    groups = ["students-orbits", "tas-cansat", "instructors-orbits", "students-", "admins",
              "nbgrader-other"]
    assert courses_of_groups(groups) == ["cansat", "orbits"]
    assert courses_of_groups([]) == []
