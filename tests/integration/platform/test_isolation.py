"""As root: each student is a Unix account whose home other students cannot read."""

from __future__ import annotations

import os
import pwd
import stat
import subprocess

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.root]


@pytest.fixture(scope="module")
def two_students(hub):
    if os.geteuid() != 0:
        pytest.fail("isolation tests need root (CI runs as root); run `sudo make test`")
    for user in ("student1", "student3"):
        hub.start_server(user)
    yield "student1", "student3"
    for user in ("student1", "student3"):
        hub.stop_server(user)


def run_as(account: str, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", account, "--", *command], capture_output=True,
                          text=True, timeout=30, check=False)


def test_each_student_has_own_account_and_private_home(hub, two_students):
    for user in two_students:
        account = pwd.getpwnam(f"{hub.unix_prefix}{user}")
        home = hub.data_dir / "home" / user
        info = home.stat()
        assert account.pw_dir == str(home)
        assert info.st_uid == account.pw_uid
        assert stat.S_IMODE(info.st_mode) == 0o700


def test_student_cannot_read_another_home(hub, two_students):
    own, other = two_students
    secret = hub.data_dir / "home" / other / "courses" / "orbits" / "lessons" / "00-welcome.ipynb"
    assert secret.is_file()
    listing = run_as(f"{hub.unix_prefix}{own}", "ls", str(hub.data_dir / "home" / other))
    assert listing.returncode != 0 and "Permission denied" in listing.stderr
    reading = run_as(f"{hub.unix_prefix}{own}", "cat", str(secret))
    assert reading.returncode != 0 and "Permission denied" in reading.stderr
    # ...while their own files are theirs.
    mine = hub.data_dir / "home" / own / "courses" / "orbits" / "lessons" / "00-welcome.ipynb"
    assert run_as(f"{hub.unix_prefix}{own}", "cat", str(mine)).returncode == 0


def test_student_server_process_runs_as_student(hub, two_students):
    own, _ = two_students
    uid = pwd.getpwnam(f"{hub.unix_prefix}{own}").pw_uid
    processes = subprocess.run(["pgrep", "-u", str(uid), "-f", "jupyterhub-singleuser"],
                               capture_output=True, text=True, check=False)
    assert processes.stdout.strip(), "no single-user server runs as the student's account"


def test_hub_state_is_not_readable_by_students(hub, two_students):
    own, _ = two_students
    database = hub.data_dir / "hub" / "jupyterhub.sqlite"
    result = run_as(f"{hub.unix_prefix}{own}", "cat", str(database))
    assert result.returncode != 0 and "Permission denied" in result.stderr
