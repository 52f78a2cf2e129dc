"""Starting, restarting and stopping the academy: state survives a restart, Ctrl-C leaves
nothing behind."""

from __future__ import annotations

import signal
import time

import psutil
import pytest
import requests

pytestmark = pytest.mark.slow


def academy_processes(hub) -> list[psutil.Process]:
    """Every process that belongs to this academy: hub, proxy, services, user servers."""
    hub_api = f":{hub.env['ACADEMY_HUB_PORT']}/"
    found = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        try:
            environ = process.environ()
            cmdline = " ".join(process.info["cmdline"] or [])
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
        if (environ.get("ACADEMY_DATA_DIR") == str(hub.data_dir)
                or hub_api in environ.get("JUPYTERHUB_API_URL", "")
                or f"--api-port {hub.env['ACADEMY_PROXY_API_PORT']}" in cmdline):
            found.append(process)
    return found


def server_pid(hub, user: str) -> int:
    return hub.api("GET", f"/users/{user}?include_stopped_servers").json()[
        "servers"][""]["state"]["pid"]


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_restart_keeps_users_groups_and_running_servers(hub_factory, database_env, database):
    hub = hub_factory(ACADEMY_KEEP_SERVERS="1", **database_env(database, "restart"))
    hub.start()
    assert hub.api("POST", "/users/dilnoza").status_code == 201
    assert hub.api("POST", "/groups/students-cansat/users",
                   json={"users": ["dilnoza"]}).status_code == 200
    hub.start_server("student2")
    pid = server_pid(hub, "student2")

    assert hub.stop() == 0
    assert psutil.pid_exists(pid), "the student's server died with the hub"

    hub.start()
    users = {user["name"] for user in hub.api("GET", "/users").json()}
    assert {"dilnoza", "student2", "admin"} <= users
    group = hub.api("GET", "/groups/students-cansat").json()
    assert "dilnoza" in group["users"]
    model = hub.api("GET", "/users/student2").json()
    assert model["servers"][""]["ready"] is True
    assert server_pid(hub, "student2") == pid
    # ...and it is routed again through the new proxy.
    status = requests.get(f"{hub.url}/user/student2/api/status",
                          headers={"Authorization": f"token {hub.token}"}, timeout=30)
    assert status.status_code == 200
    hub.stop_server("student2")


def test_ctrl_c_stops_everything(hub_factory):
    hub = hub_factory()
    hub.start()
    hub.start_server("student3")
    running = academy_processes(hub)
    names = " ".join(" ".join(p.cmdline()) for p in running)
    assert "jupyterhub-singleuser" in names and "configurable-http-proxy" in names
    assert "jupyterhub_idle_culler" in names

    assert hub.stop(signal.SIGINT) == 0  # what the terminal sends on Ctrl-C
    deadline = time.monotonic() + 10
    while academy_processes(hub) and time.monotonic() < deadline:
        time.sleep(0.2)
    leftovers = [" ".join(p.cmdline()) for p in academy_processes(hub)]
    assert leftovers == []
