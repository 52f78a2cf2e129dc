"""kill -9 of the hub during a class, then of ``academy serve`` itself: user servers keep
running, the academy comes back, reconnects to them, nothing is lost, and the students' routes
are back before the slow services (a formgrader) are up."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import requests

pytestmark = pytest.mark.slow
ACADEMY = str(Path(sys.executable).parent / "academy")


def hub_process(serve_pid: int) -> psutil.Process:
    for child in psutil.Process(serve_pid).children(recursive=True):
        if "academy.hub.app" in child.cmdline() and "-f" in child.cmdline():
            return child
    raise AssertionError("no JupyterHub (academy.hub.app) process under academy serve")


def route_back_before_services(hub, user: str, timeout_s: float = 240) -> bool:
    """Restart ``academy serve``; poll the user's server through the proxy until it answers.
    True if it answered before the hub said its services were up."""
    hub.log_offset = hub.log_path.stat().st_size
    hub.process = subprocess.Popen([ACADEMY, "serve", "--demo"], env=hub.env,
                                   stdout=open(hub.log_path, "a"), stderr=subprocess.STDOUT,
                                   start_new_session=True)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            answer = requests.get(f"{hub.url}/user/{user}/api/status", timeout=5,
                                  headers={"Authorization": f"token {hub.token}"})
            if answer.status_code == 200:
                return not hub.services_up()
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{user}'s server did not answer through the proxy in {timeout_s}s")


def wait_until_up(hub, timeout_s: float = 240) -> None:
    deadline = time.monotonic() + timeout_s
    while not hub.services_up():
        assert time.monotonic() < deadline, hub.log_path.read_text()[-3000:]
        time.sleep(0.3)


def test_kill_9_during_class(hub_factory, run_kernel):
    # A formgrader makes the services slow to start, as in a real academy.
    hub = hub_factory(ACADEMY_KEEP_SERVERS="1", ACADEMY_FORMGRADER_COURSES="orbits")
    hub.start()
    hub.api("POST", "/users", json={"usernames": ["timur"]})
    hub.api("POST", "/groups/students-orbits/users", json={"users": ["timur"]})
    hub.start_server("student1")
    model = hub.api("GET", "/users/student1?include_stopped_servers").json()
    server_pid = model["servers"][""]["state"]["pid"]
    # The student has work in progress in a running kernel's server.
    assert "42" in run_kernel(hub, "student1", "open('work.txt', 'w').write('orbit'); print(42)")

    hub_process(hub.process.pid).send_signal(signal.SIGKILL)
    hub.process.wait(timeout=60)
    hub.process = None
    assert psutil.pid_exists(server_pid), "a hub crash must not take students' servers down"

    # The student's server answers through the proxy before the formgrader is up.
    assert route_back_before_services(hub, "student1")
    wait_until_up(hub)
    model = hub.api("GET", "/users/student1").json()
    assert model["servers"][""]["ready"] is True
    assert hub.api("GET", "/users/student1?include_stopped_servers").json()[
        "servers"][""]["state"]["pid"] == server_pid
    assert "timur" in hub.api("GET", "/groups/students-orbits").json()["users"]
    contents = requests.get(f"{hub.url}/user/student1/api/contents/work.txt",
                            headers={"Authorization": f"token {hub.token}"}, timeout=30)
    assert contents.status_code == 200 and contents.json()["content"] == "orbit"

    # kill -9 of academy serve itself: its hub lives on in its own session; the next
    # academy serve stops that hub (keeping the servers) and starts again.
    old_hub = hub_process(hub.process.pid)
    hub.process.send_signal(signal.SIGKILL)
    hub.process.wait(timeout=60)
    assert old_hub.is_running() and psutil.pid_exists(server_pid)
    hub.log_offset = hub.log_path.stat().st_size
    hub.process = subprocess.Popen([ACADEMY, "serve", "--demo"], env=hub.env,
                                   stdout=open(hub.log_path, "a"), stderr=subprocess.STDOUT,
                                   start_new_session=True)
    wait_until_up(hub)
    assert not old_hub.is_running()
    assert psutil.pid_exists(server_pid)
    contents = requests.get(f"{hub.url}/user/student1/api/contents/work.txt",
                            headers={"Authorization": f"token {hub.token}"}, timeout=30)
    assert contents.status_code == 200 and contents.json()["content"] == "orbit"
    hub.stop_server("student1")
