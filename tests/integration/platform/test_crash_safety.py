"""kill -9 of the hub during a class: user servers keep running, the hub comes back, reconnects
to them, and nothing is lost."""

from __future__ import annotations

import signal
import time

import psutil
import pytest
import requests

pytestmark = pytest.mark.slow


def hub_process(serve_pid: int) -> psutil.Process:
    for child in psutil.Process(serve_pid).children(recursive=True):
        if "academy.hub.app" in child.cmdline() and "-f" in child.cmdline():
            return child
    raise AssertionError("no JupyterHub (academy.hub.app) process under academy serve")


def test_kill_9_during_class(hub_factory, run_kernel):
    hub = hub_factory(ACADEMY_KEEP_SERVERS="1")
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

    started = time.monotonic()
    hub.start()
    assert time.monotonic() - started < 120
    model = hub.api("GET", "/users/student1").json()
    assert model["servers"][""]["ready"] is True
    assert hub.api("GET", "/users/student1?include_stopped_servers").json()[
        "servers"][""]["state"]["pid"] == server_pid
    assert "timur" in hub.api("GET", "/groups/students-orbits").json()["users"]
    contents = requests.get(f"{hub.url}/user/student1/api/contents/work.txt",
                            headers={"Authorization": f"token {hub.token}"}, timeout=30)
    assert contents.status_code == 200 and contents.json()["content"] == "orbit"
    hub.stop_server("student1")
