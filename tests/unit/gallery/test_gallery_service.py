"""The gallery as a hub-managed service: command, environment, and a role with no scopes."""

from __future__ import annotations

import socket
import sys

from academy.hub.gallery_service import BASE_URL, gallery_service
from foundation.config import PlatformConfig


def test_service_runs_the_launcher_at_its_public_prefix(monkeypatch, tmp_path):
    monkeypatch.setenv("ACADEMY_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ACADEMY_GALLERY_PORT", "18866")
    monkeypatch.setenv("ACADEMY_EMBED_ORIGINS", "https://school.example.kz")
    service, role = gallery_service(PlatformConfig())
    assert service["name"] == "gallery" and BASE_URL == "/services/gallery/"
    assert service["url"] == "http://127.0.0.1:18866"
    assert service["command"][:3] == [sys.executable, "-m", "gallery"]
    assert "--port=18866" in service["command"]
    assert "--base-url=/services/gallery/" in service["command"]
    # Managed services do not inherit the hub's ACADEMY_* variables: they are passed on.
    assert service["environment"]["ACADEMY_EMBED_ORIGINS"] == "https://school.example.kz"
    assert service["environment"]["ACADEMY_NUMBA_CACHE_DIR"] == str(tmp_path / "cache" / "numba")
    assert "oauth_client_id" not in service  # public: no login
    assert role["services"] == ["gallery"] and role["scopes"] == []


def test_port_zero_picks_a_free_port(monkeypatch):
    monkeypatch.setenv("ACADEMY_GALLERY_PORT", "0")
    service, _role = gallery_service(PlatformConfig())
    port = int(service["url"].rsplit(":", 1)[1])
    assert port > 0 and f"--port={port}" in service["command"]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))  # nothing listens there
