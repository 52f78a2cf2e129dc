"""`academy backup` while the hub runs, `academy restore` into an empty data directory: every
user, group, account and grade comes back exactly, homes and grading directories go back to
their Unix accounts (created again when the machine lacks them) with their modes, and the
restored academy starts with no manual step, its formgrader and students' servers included."""

from __future__ import annotations

import os
import pwd
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import sqlalchemy
from nbgrader.api import Gradebook

pytestmark = pytest.mark.slow
ACADEMY = str(Path(sys.executable).parent / "academy")


def make_gradebook(path: Path) -> None:
    """A real nbgrader gradebook with a student's autograded and hand-graded scores."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with Gradebook(f"sqlite:///{path}") as gradebook:
        gradebook.add_assignment("a1-orbital-speed")
        gradebook.add_student("student1", first_name="Aigerim", last_name="Nurlanova")
        gradebook.add_notebook("orbital-speed", "a1-orbital-speed")
        gradebook.add_grade_cell("speed", "orbital-speed", "a1-orbital-speed", max_score=3,
                                 cell_type="code")
        gradebook.add_grade_cell("essay", "orbital-speed", "a1-orbital-speed", max_score=2,
                                 cell_type="markdown")
        gradebook.add_submission("a1-orbital-speed", "student1")
        for cell, auto, manual in (("speed", 2.0, None), ("essay", None, 1.5)):
            grade = gradebook.find_grade(cell, "orbital-speed", "a1-orbital-speed", "student1")
            grade.auto_score = auto
            grade.manual_score = manual
        gradebook.db.commit()


def grades(path: Path) -> list[tuple]:
    with Gradebook(f"sqlite:///{path}") as gradebook:
        submission = gradebook.find_submission("a1-orbital-speed", "student1")
        return sorted((grade.name, grade.auto_score, grade.manual_score, grade.score)
                      for notebook in submission.notebooks for grade in notebook.grades)


def hub_state(hub) -> dict:
    users = {user["name"]: (user["admin"], sorted(user["groups"]))
             for user in hub.api("GET", "/users").json()}
    groups = {group["name"]: sorted(group["users"]) for group in hub.api("GET", "/groups").json()}
    return {"users": users, "groups": groups}


def native_accounts(db_url: str) -> list[tuple]:
    engine = sqlalchemy.create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(sqlalchemy.text(
            "SELECT username, password, is_authorized FROM users_info")).fetchall()
    engine.dispose()
    return sorted((name, bytes(password), bool(authorized)) for name, password, authorized in rows)


def hub_db_url(hub) -> str:
    return hub.env.get("ACADEMY_DB_URL") or \
        f"sqlite:///{hub.data_dir / 'hub' / 'jupyterhub.sqlite'}"


def run_academy(data_dir: Path, *args: str, env_extra: dict[str, str] | None = None
                ) -> subprocess.CompletedProcess:
    env = {**os.environ, "ACADEMY_DATA_DIR": str(data_dir), **(env_extra or {})}
    return subprocess.run([ACADEMY, *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_backup_while_running_then_restore_reproduces_everything(hub_factory, database_env,
                                                                 database):
    original = hub_factory(**database_env(database, "term_original"),
                           ACADEMY_FORMGRADER_COURSES="orbits")
    original.start()
    # Two students with servers (so with Unix accounts and homes); student1 keeps a private file.
    original.api("POST", "/groups/students-orbits/users", json={"users": ["student1",
                                                                         "student2"]})
    for user in ("student1", "student2"):
        original.start_server(user)
    home1 = original.data_dir / "home" / "student1"
    private = home1 / "private-notes.txt"
    private.write_text("my answers")
    owner1 = home1.stat()
    os.chown(private, owner1.st_uid, owner1.st_gid)
    private.chmod(0o600)
    account1 = pwd.getpwuid(owner1.st_uid).pw_name
    account2 = pwd.getpwuid((original.data_dir / "home" / "student2").stat().st_uid).pw_name
    assert original.api("POST", "/users", json={"usernames": ["kanat", "leyla"]}).status_code \
        == 201
    original.api("POST", "/groups/students-cansat/users", json={"users": ["kanat", "leyla"]})
    session = requests.Session()
    page = session.get(f"{original.url}/hub/signup", timeout=30)
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
    session.post(f"{original.url}/hub/signup", timeout=30,
                 data={"username": "zarina", "signup_password": "Baikonur-1955-pad",
                       "signup_password_confirmation": "Baikonur-1955-pad", "_xsrf": xsrf})
    gradebook = original.data_dir / "grading" / "orbits" / "gradebook.db"
    make_gradebook(gradebook)
    before = hub_state(original)
    accounts_before = native_accounts(hub_db_url(original))
    assert any(name == "zarina" and not authorized for name, _, authorized in accounts_before)

    archive = original.data_dir.parent / "term.tar.gz"
    backup = run_academy(original.data_dir, "backup", "--homes", "--output", str(archive),
                         env_extra={k: v for k, v in original.env.items()
                                    if k == "ACADEMY_DB_URL"})
    assert backup.returncode == 0, backup.stderr
    assert "databases (online snapshots)" in backup.stdout
    original.stop()
    # The new machine lacks student1's account: restore must create it before giving back
    # the home.
    subprocess.run(["pkill", "-KILL", "-u", account1], check=False)
    assert subprocess.run(["userdel", account1], capture_output=True).returncode == 0

    # A new, empty data directory (and, for PostgreSQL, a new empty database), same academy.
    restored = hub_factory(**database_env(database, "term_restored"),
                           ACADEMY_FORMGRADER_COURSES="orbits",
                           ACADEMY_UNIX_USER_PREFIX=original.unix_prefix)
    assert not restored.data_dir.exists()
    result = run_academy(restored.data_dir, "restore", str(archive),
                         env_extra={k: v for k, v in restored.env.items()
                                    if k == "ACADEMY_DB_URL"})
    assert result.returncode == 0, result.stderr
    assert (restored.data_dir / "hub" / "jupyterhub_cookie_secret").stat().st_mode & 0o777 \
        == 0o600
    assert (restored.data_dir / "exchange").stat().st_mode & 0o7777 == 0o1777
    assert grades(restored.data_dir / "grading" / "orbits" / "gradebook.db") == \
        [("essay", None, 1.5, 1.5), ("speed", 2.0, None, 2.0)]
    assert native_accounts(hub_db_url(restored)) == accounts_before
    # Owners and modes as they were, not root's 0755.
    restored_home = restored.data_dir / "home" / "student1"
    assert pwd.getpwuid(restored_home.stat().st_uid).pw_name == account1
    assert stat.S_IMODE(restored_home.stat().st_mode) == 0o700
    assert pwd.getpwuid((restored_home / "private-notes.txt").stat().st_uid).pw_name == account1
    grading_root = restored.data_dir / "grading" / "orbits"
    assert stat.S_IMODE(grading_root.stat().st_mode) == 0o700
    assert pwd.getpwuid(grading_root.stat().st_uid).pw_name.endswith("grader-orbits")
    # Another student cannot read it, before the hub has touched anything.
    peek = subprocess.run(["runuser", "-u", account2, "--", "cat",
                           str(restored_home / "private-notes.txt")],
                          capture_output=True, text=True)
    assert peek.returncode != 0 and "my answers" not in peek.stdout

    restored.start()  # no chown by hand: the formgrader starts on its restored directory
    assert hub_state(restored) == before
    restored.start_server("student1")
    assert (restored_home / "private-notes.txt").read_text() == "my answers"
    # A restored account still logs in with its password.
    login = requests.Session()
    page = login.get(f"{restored.url}/hub/login", timeout=30)
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
    response = login.post(f"{restored.url}/hub/login", allow_redirects=False, timeout=30,
                          data={"username": "prof-orbits", "_xsrf": xsrf,
                                "password": restored.passwords["prof-orbits"]})
    assert response.status_code == 302


def test_restore_refuses_a_non_empty_data_dir_and_a_corrupt_archive(tmp_path):
    occupied = tmp_path / "var"
    (occupied / "hub").mkdir(parents=True)
    (occupied / "hub" / "jupyterhub.sqlite").write_bytes(b"")
    archive = tmp_path / "x.tar.gz"
    archive.write_bytes(b"not an archive")
    refused = run_academy(occupied, "restore", str(archive))
    assert refused.returncode == 2 and "is not empty" in refused.stderr
    corrupt = run_academy(tmp_path / "empty", "restore", str(archive))
    assert corrupt.returncode == 2 and "not a readable backup archive" in corrupt.stderr
