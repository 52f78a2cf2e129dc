"""ACADEMY_* variables: good values are taken, bad ones rejected naming variable and value."""

from __future__ import annotations

import pytest

from foundation.config import PlatformConfig
from foundation.errors import ConfigError


def test_defaults_are_loopback_port_8000(monkeypatch, tmp_path):
    for name in ("ACADEMY_IP", "ACADEMY_PORT", "ACADEMY_DEMO"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ACADEMY_DATA_DIR", str(tmp_path))
    config = PlatformConfig()
    assert (config.ip, config.port, config.demo) == ("127.0.0.1", 8000, False)
    assert config.public_url == "http://127.0.0.1:8000/"
    assert config.db_url == f"sqlite:///{tmp_path / 'hub' / 'jupyterhub.sqlite'}"


def test_environment_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("ACADEMY_PORT", "8123")
    monkeypatch.setenv("ACADEMY_DATA_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("ACADEMY_ADMINS", "aigerim, mehmet")
    monkeypatch.setenv("ACADEMY_IDLE_TIMEOUT", "120")
    config = PlatformConfig()
    assert config.port == 8123
    assert config.data_path == tmp_path / "state"
    assert config.admin_users == ["aigerim", "mehmet"]
    assert config.idle_timeout_s == 120


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("ACADEMY_PORT", "abc", "ACADEMY_PORT='abc': must be a whole number"),
    ("ACADEMY_PORT", "70000", "ACADEMY_PORT='70000': must be at most 65535"),
    ("ACADEMY_IP", "localhost:80", "ACADEMY_IP='localhost:80': must be an IP address"),
    ("ACADEMY_IDLE_TIMEOUT", "5", "ACADEMY_IDLE_TIMEOUT='5': must be at least 60"),
    ("ACADEMY_DEMO", "maybe", "ACADEMY_DEMO='maybe': must be one of"),
    ("ACADEMY_SPAWNER", "docker", "ACADEMY_SPAWNER='docker': must be one of auto, unix, simple"),
    ("ACADEMY_ADMINS", " , ", "ACADEMY_ADMINS='': at least one admin"),
])
def test_bad_values_name_the_variable_and_value(monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        config = PlatformConfig()
        # Traits are computed lazily: touch them all.
        for name in ("ip", "port", "demo", "spawner", "idle_timeout_s", "admin_users"):
            getattr(config, name)
    assert message in str(caught.value)
    assert caught.value.name == variable


def test_demo_refused_off_loopback(monkeypatch):
    monkeypatch.setenv("ACADEMY_IP", "0.0.0.0")
    monkeypatch.setenv("ACADEMY_DEMO", "1")
    with pytest.raises(ConfigError, match="only allowed when ACADEMY_IP is loopback"):
        PlatformConfig().demo  # noqa: B018


def test_demo_allowed_on_loopback(monkeypatch):
    monkeypatch.setenv("ACADEMY_IP", "127.0.0.1")
    monkeypatch.setenv("ACADEMY_DEMO", "yes")
    assert PlatformConfig().demo is True
