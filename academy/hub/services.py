"""Hub-managed services: processes the hub starts, stops and routes to."""

from __future__ import annotations

import socket
import sys

from foundation.config import PlatformConfig


def idle_culler_service(platform: PlatformConfig) -> tuple[dict, dict]:
    """The idle culler (jupyterhub-idle-culler) as a managed service, and its role.

    It stops user servers idle for ``platform.idle_timeout_s`` seconds; the check interval is a
    tenth of that (at least a minute) so a server never outlives its timeout by much.
    """
    interval = max(60, platform.idle_timeout_s // 10)
    service = {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={platform.idle_timeout_s}", f"--cull-every={interval}"],
    }
    role = {
        "name": "idle-culler",
        "description": "Stop idle user servers",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
    return service, role


def free_loopback_port() -> int:
    """A loopback port nothing listens on now (port setting 0: several academies on one
    machine, e.g. integration tests)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
