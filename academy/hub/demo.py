"""Demo accounts: who they are and their passwords, kept stable across restarts.

Passwords are random per data directory (so two demos never share them), stored 0600 next to
the hub database, and printed by ``make demo``. They exist only when the hub is bound to
loopback: :class:`foundation.config.PlatformConfig` refuses ``ACADEMY_DEMO`` otherwise.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from curriculum.courses import Course

DEMO_STUDENTS: tuple[str, ...] = ("student1", "student2", "student3")
_WORDS = ("orbit", "apogee", "perigee", "kepler", "cubesat", "thrust", "sgp4", "hohmann",
          "nadir", "zenith", "ascent", "payload")


@dataclass(frozen=True)
class DemoAccount:
    """One seeded account and the role it is there to show."""

    username: str
    role: str
    password: str


def demo_roster(admins: list[str], courses: list[Course]) -> list[tuple[str, str]]:
    """(username, role) of every demo account: the admins, the courses' staff, three students."""
    roles: dict[str, list[str]] = {name: ["admin"] for name in admins}
    for course in courses:
        for name in course.instructors:
            roles.setdefault(name, []).append(f"instructor of {course.id}")
        for name in course.tas:
            roles.setdefault(name, []).append(f"TA of {course.id}")
    for name in DEMO_STUDENTS:
        roles.setdefault(name, []).append("student of every course")
    return [(name, ", ".join(parts)) for name, parts in roles.items()]


def _new_password() -> str:
    return f"{secrets.choice(_WORDS)}-{secrets.token_urlsafe(6)}-{secrets.randbelow(90) + 10}"


def load_demo_accounts(path: Path, roster: list[tuple[str, str]]) -> list[DemoAccount]:
    """The roster with passwords, creating (0600) or extending the password file as needed."""
    stored: dict[str, str] = {}
    if path.exists():
        stored = json.loads(path.read_text(encoding="utf-8"))
    accounts = []
    for username, role in roster:
        password = stored.get(username) or _new_password()
        stored[username] = password
        accounts.append(DemoAccount(username, role, password))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(stored, handle, indent=1, sort_keys=True)
    os.replace(tmp, path)
    return accounts


def format_demo_accounts(accounts: list[DemoAccount]) -> str:
    """A table for the terminal: user, role, password."""
    width = max(len(account.username) for account in accounts)
    lines = [f"  {'user'.ljust(width)}  {'password'.ljust(22)}  role"]
    for account in accounts:
        lines.append(f"  {account.username.ljust(width)}  {account.password.ljust(22)}  "
                     f"{account.role}")
    return "\n".join(lines)
