"""deploy/docker/jupyterhub_config.py: the academy's configuration with DockerSpawner on top."""

from __future__ import annotations

import runpy
from pathlib import Path

from traitlets.config import Config

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def test_docker_config_keeps_academy_settings_and_uses_dockerspawner(tmp_path, monkeypatch):
    monkeypatch.setenv("ACADEMY_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ACADEMY_SPAWNER", "simple")
    monkeypatch.delenv("ACADEMY_OPERATOR_TOKEN", raising=False)
    c = Config()
    runpy.run_path(str(PROJECT_ROOT / "deploy/docker/jupyterhub_config.py"),
                   init_globals={"get_config": lambda: c})
    assert c.JupyterHub.spawner_class == "dockerspawner.DockerSpawner"
    assert c.JupyterHub.authenticator_class == "academy.hub.authenticator.AcademyAuthenticator"
    assert "students-orbits" in c.JupyterHub.load_groups
    assert c.DockerSpawner.volumes["academy-exchange"] == "/srv/academy/exchange"
    assert c.DockerSpawner.environment["ACADEMY_EXCHANGE_DIR"] == "/srv/academy/exchange"
