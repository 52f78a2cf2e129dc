"""A real Space Academy for integration tests: JupyterHub + configurable-http-proxy on free
loopback ports, started through ``academy serve`` exactly as ``make demo`` does, in a temporary
data directory.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ACADEMY = str(Path(sys.executable).parent / "academy")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RunningHub:
    """One academy process tree; ``start``/``stop`` may be called repeatedly (restart tests)."""

    def __init__(self, data_dir: Path, extra_env: dict[str, str] | None = None,
                 courses_dir: Path | None = None) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.token = secrets.token_hex(32)
        self.env = dict(os.environ)
        self.env.update({
            "ACADEMY_DATA_DIR": str(data_dir),
            "ACADEMY_PORT": str(self.port),
            "ACADEMY_HUB_PORT": str(free_port()),
            "ACADEMY_PROXY_API_PORT": str(free_port()),
            "ACADEMY_OPERATOR_TOKEN": self.token,
            "ACADEMY_IP": "127.0.0.1",
        })
        if courses_dir is not None:
            self.env["ACADEMY_COURSES_DIR"] = str(courses_dir)
        self.env.update(extra_env or {})
        self.process: subprocess.Popen | None = None
        artifacts = Path(os.environ.get("ACADEMY_TEST_ARTIFACTS", PROJECT_ROOT / "test-artifacts"))
        artifacts.mkdir(parents=True, exist_ok=True)
        self.log_path = artifacts / f"hub-{data_dir.parent.name}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 60) -> None:
        log = open(self.log_path, "a")
        self.process = subprocess.Popen([ACADEMY, "serve", "--demo"], env=self.env,
                                        stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"academy serve exited {self.process.returncode}:\n"
                                   f"{self.log_path.read_text()[-3000:]}")
            try:
                if self.api("GET", "/info").status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.3)
        raise TimeoutError(f"hub not up after {timeout_s}s:\n{self.log_path.read_text()[-3000:]}")

    def stop(self, sig: int = signal.SIGTERM, timeout_s: float = 60) -> int:
        assert self.process is not None
        self.process.send_signal(sig)
        code = self.process.wait(timeout=timeout_s)
        self.process = None
        return code

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        headers.setdefault("Authorization", f"token {self.token}")
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers,
                                timeout=30, **kwargs)

    @property
    def passwords(self) -> dict[str, str]:
        return json.loads((self.data_dir / "hub" / "demo-accounts.json").read_text())

    def start_server(self, user: str, timeout_s: float = 120) -> dict:
        """Start ``user``'s server through the REST API and wait until the hub says ready."""
        response = self.api("POST", f"/users/{user}/server")
        assert response.status_code in (201, 202, 400), response.text
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            model = self.api("GET", f"/users/{user}").json()
            server = model["servers"].get("")
            if server and server["ready"]:
                return model
            time.sleep(0.5)
        raise TimeoutError(f"{user}'s server not ready after {timeout_s}s")

    def stop_server(self, user: str) -> None:
        self.api("DELETE", f"/users/{user}/server")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if not self.api("GET", f"/users/{user}").json()["servers"]:
                return
            time.sleep(0.5)
        raise TimeoutError(f"{user}'s server did not stop")


def traversable_tmp_dir(prefix: str) -> Path:
    """A temporary folder per-student Unix accounts can traverse (pytest's tmp_path is 0700)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


@pytest.fixture(scope="session")
def hub() -> Iterator[RunningHub]:
    """The shared academy for integration tests (demo accounts, repository courses)."""
    root = traversable_tmp_dir("academy-hub-")
    running = RunningHub(root / "var")
    running.start()
    yield running
    if running.process is not None:
        running.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def hub_factory() -> Iterator:
    """Make academies of a test's own (``hub_factory(ACADEMY_X="1")``); all stopped after it."""
    root = traversable_tmp_dir("academy-own-")
    hubs: list[RunningHub] = []

    def make(**env: str) -> RunningHub:
        running = RunningHub(root / f"var{len(hubs)}", extra_env=env)
        hubs.append(running)
        return running

    yield make
    for running in hubs:
        if running.process is not None:
            running.stop()
    shutil.rmtree(root, ignore_errors=True)
