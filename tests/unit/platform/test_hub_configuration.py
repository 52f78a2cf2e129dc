"""configure_hub on a fresh traitlets Config, no hub started (TLJH's unit-test pattern)."""

from __future__ import annotations

import shutil
import stat
import tempfile
from pathlib import Path

import pytest
from traitlets.config import Config

from academy.hub.configure import configure_hub
from foundation.config import PlatformConfig
from foundation.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def platform(tmp_path, monkeypatch) -> PlatformConfig:
    monkeypatch.delenv("ACADEMY_OPERATOR_TOKEN", raising=False)
    return PlatformConfig(data_dir=str(tmp_path / "var"), courses_dir=str(PROJECT_ROOT / "courses"),
                          spawner="simple", demo=True)


def test_groups_and_roles_per_course(platform):
    c = Config()
    configure_hub(c, platform)
    groups = c.JupyterHub.load_groups
    assert groups["instructors-orbits"]["users"] == ["prof-orbits"]
    assert groups["tas-orbits"]["users"] == ["assistant"]
    # Demo students are enrolled everywhere; course.toml lists nobody.
    assert groups["students-propulsion"]["users"] == ["student1", "student2", "student3"]
    assert len(groups) == 4 * 3
    roles = {role["name"]: role for role in c.JupyterHub.load_roles}
    orbits = roles["instructors-orbits"]
    assert orbits["groups"] == ["instructors-orbits"]
    assert "read:users!group=students-orbits" in orbits["scopes"]
    # No scope of one course's role reaches another course's groups.
    assert not any("cansat" in scope for scope in orbits["scopes"])
    assert roles["tas-cubesat-design"]["groups"] == ["tas-cubesat-design"]
    assert "idle-culler" in roles


def test_applying_twice_is_the_same(platform):
    first, second = Config(), Config()
    configure_hub(first, platform)
    configure_hub(second, platform)
    configure_hub(second, platform)
    assert first.JupyterHub.load_roles == second.JupyterHub.load_roles
    assert first.JupyterHub.services == second.JupyterHub.services
    assert first.JupyterHub.load_groups == second.JupyterHub.load_groups


def test_data_dir_layout_and_modes(platform):
    configure_hub(Config(), platform)
    data = platform.data_path
    assert stat.S_IMODE((data / "hub").stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "exchange").stat().st_mode) == 0o1777
    demo_file = data / "hub" / "demo-accounts.json"
    assert stat.S_IMODE(demo_file.stat().st_mode) == 0o600


def test_demo_passwords_stable_across_restarts(platform):
    first, second = Config(), Config()
    configure_hub(first, platform)
    configure_hub(second, platform)
    passwords = first.AcademyAuthenticator.demo_passwords
    assert passwords == second.AcademyAuthenticator.demo_passwords
    assert set(passwords) >= {"admin", "prof-orbits", "assistant", "student1"}
    assert all(len(password) >= 10 for password in passwords.values())


def test_no_demo_accounts_without_demo(platform):
    platform.demo = False
    c = Config()
    configure_hub(c, platform)
    assert c.AcademyAuthenticator.demo_passwords == {}
    assert c.JupyterHub.load_groups["students-orbits"]["users"] == []


def test_operator_token_must_be_long(platform, monkeypatch):
    monkeypatch.setenv("ACADEMY_OPERATOR_TOKEN", "short")
    with pytest.raises(ConfigError, match="ACADEMY_OPERATOR_TOKEN"):
        configure_hub(Config(), platform)


def test_spawner_choice(platform):
    c = Config()
    configure_hub(c, platform)
    assert c.JupyterHub.spawner_class == "academy.hub.spawners.AcademySimpleSpawner"
    assert c.Spawner.default_url == "/lab"


def test_unix_mode_refuses_homes_students_cannot_reach(monkeypatch):
    """A data directory under a 0700 folder would give every student a broken server."""
    monkeypatch.delenv("ACADEMY_OPERATOR_TOKEN", raising=False)
    monkeypatch.setattr("os.geteuid", lambda: 0)
    root = Path(tempfile.mkdtemp())  # pytest's tmp_path is itself under a 0700 folder
    root.chmod(0o755)
    closed = root / "private"
    closed.mkdir(mode=0o700)
    platform = PlatformConfig(data_dir=str(closed / "var"), spawner="unix",
                              courses_dir=str(PROJECT_ROOT / "courses"))
    with pytest.raises(ConfigError, match=f"{closed} is not traversable by other users"):
        configure_hub(Config(), platform)
    shutil.rmtree(root)


def test_demo_students_are_seeded_on_the_first_start_only(platform):
    """Found by the semester journey: an admin removed last term's demo students from a course
    and a hub restart put them back."""
    first = Config()
    configure_hub(first, platform)
    assert first.JupyterHub.load_groups["students-orbits"]["users"] == [
        "student1", "student2", "student3"]
    (platform.hub_dir / "jupyterhub.sqlite").write_bytes(b"")  # the hub has started once
    later = Config()
    configure_hub(later, platform)
    assert later.JupyterHub.load_groups["students-orbits"]["users"] == []
    assert later.JupyterHub.load_groups["instructors-orbits"]["users"] == ["prof-orbits"]
