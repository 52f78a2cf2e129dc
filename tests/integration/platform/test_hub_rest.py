"""The real hub over REST, on SQLite and on PostgreSQL: users and groups as configured; a
student server spawns and serves Lab."""

from __future__ import annotations

import stat

import pytest
import requests

from widgets.anywidget_timeout import LOAD_TIMEOUT_MS, patched_chunks

pytestmark = pytest.mark.slow


def test_groups_exist_as_configured(any_hub):
    hub = any_hub
    groups = {group["name"]: group for group in hub.api("GET", "/groups").json()}
    for course in ("orbits", "cubesat-design", "propulsion", "cansat"):
        for role in ("instructors", "tas", "students"):
            assert f"{role}-{course}" in groups
    assert groups["instructors-orbits"]["users"] == ["prof-orbits"]
    assert sorted(groups["tas-orbits"]["users"]) == ["assistant"]
    # Demo students are enrolled everywhere (other tests may enrol more people).
    assert {"student1", "student2", "student3"} <= set(groups["students-orbits"]["users"])
    assert groups["students-orbits"]["properties"] == {"course": "orbits"}


def test_users_and_roles(any_hub):
    hub = any_hub
    users = {user["name"]: user for user in hub.api("GET", "/users").json()}
    assert users["admin"]["admin"] is True
    assert users["student1"]["admin"] is False
    group = hub.api("GET", "/groups/instructors-orbits").json()
    assert group["roles"] == ["instructors-orbits"]
    assert hub.api("GET", "/groups/students-orbits").json()["roles"] == []


def test_cookie_secret_is_private(any_hub):
    hub = any_hub
    secret = hub.data_dir / "hub" / "jupyterhub_cookie_secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600


def test_student_server_spawns_and_serves_lab(any_hub):
    hub = any_hub
    model = hub.start_server("student2")
    assert model["servers"][""]["ready"] is True
    # The server's own API, through the proxy, with a token of the operator's service.
    response = requests.get(f"{hub.url}/user/student2/api/contents/courses/orbits/lessons",
                            headers={"Authorization": f"token {hub.token}"}, timeout=30)
    assert response.status_code == 200, response.text
    names = [entry["name"] for entry in response.json()["content"]]
    assert "00-welcome.ipynb" in names
    lab = requests.get(f"{hub.url}/user/student2/lab",
                       headers={"Authorization": f"token {hub.token}"}, timeout=30)
    assert lab.status_code == 200
    assert "JupyterLab" in lab.text or "jupyter-config-data" in lab.text
    # Lab's anywidget front end waits 60 s, not 2 s, for a figure's module (slow links).
    for name in patched_chunks():
        chunk = requests.get(f"{hub.url}/user/student2/lab/extensions/anywidget/static/{name}",
                             headers={"Authorization": f"token {hub.token}"}, timeout=30)
        assert chunk.status_code == 200
        assert f"AbortSignal.timeout({LOAD_TIMEOUT_MS})" in chunk.text


def test_instructor_sees_only_their_course_students(any_hub):
    hub = any_hub
    """An instructor's token reads students of their course, not of another course."""
    token = hub.api("POST", "/users/prof-cansat/tokens",
                    json={"note": "test", "expires_in": 600}).json()["token"]
    own = requests.get(f"{hub.url}/hub/api/groups/students-cansat",
                       headers={"Authorization": f"token {token}"}, timeout=30)
    other = requests.get(f"{hub.url}/hub/api/groups/students-orbits",
                         headers={"Authorization": f"token {token}"}, timeout=30)
    assert own.status_code == 200 and other.status_code == 200
    assert {"student1", "student2", "student3"} <= set(own.json()["users"])
    # list:groups shows that another course exists, never who takes it.
    assert "users" not in other.json()
    assert "properties" not in other.json()
