"""Login rules enforced by the real hub: lock-out after repeated failures, sign-up rules."""

from __future__ import annotations

import re

import pytest
import requests

pytestmark = pytest.mark.slow


def post_form(session: requests.Session, url: str, data: dict) -> requests.Response:
    """Submit a hub form the way a browser does (the _xsrf token from the page)."""
    page = session.get(url, timeout=30)
    match = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
    assert match, f"no _xsrf field on {url}"
    return session.post(url, data={**data, "_xsrf": match.group(1)}, timeout=30,
                        allow_redirects=False)


def test_account_locks_after_repeated_failures(hub):
    """ACADEMY_LOGIN_ATTEMPTS (default 5) wrong passwords lock even the right one out."""
    user, password = "prof-propulsion", hub.passwords["prof-propulsion"]
    session = requests.Session()
    for _ in range(5):
        response = post_form(session, f"{hub.url}/hub/login",
                             {"username": user, "password": "wrong-password-123"})
        assert response.status_code != 302
        assert "Invalid username or password" in response.text
    locked = post_form(session, f"{hub.url}/hub/login", {"username": user, "password": password})
    assert locked.status_code != 302, "the account should be locked"
    # Another account is not affected.
    other = post_form(requests.Session(), f"{hub.url}/hub/login",
                      {"username": "prof-cansat", "password": hub.passwords["prof-cansat"]})
    assert other.status_code == 302


@pytest.mark.parametrize(("username", "password", "expected"), [
    ("weakling", "short", "at least 10 characters"),
    ("weakling", "password123", "not too common"),
    ("Root User", "Sputnik-1957-beep", "does not contain spaces"),
    ("a" * 30, "Sputnik-1957-beep", "Something went wrong"),
])
def test_signup_rules(hub, username, password, expected):
    response = post_form(requests.Session(), f"{hub.url}/hub/signup",
                         {"username": username, "signup_password": password,
                          "signup_password_confirmation": password})
    assert expected in response.text
    assert "sent to the admin" not in response.text
    assert "academy-signup-rules" in response.text


def test_user_server_has_lab_notebook_nbgrader_widgets_voila(hub):
    hub.start_server("student1")
    headers = {"Authorization": f"token {hub.token}"}
    lab = requests.get(f"{hub.url}/user/student1/lab", headers=headers, timeout=30)
    assert lab.status_code == 200
    for extension in ("@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/jupyterlab-preview",
                      "nbgrader"):
        assert extension in lab.text, f"{extension} missing from Lab's page config"
    tree = requests.get(f"{hub.url}/user/student1/tree", headers=headers, timeout=30)
    assert tree.status_code == 200 and "Notebook" in tree.text
    hub.stop_server("student1")
