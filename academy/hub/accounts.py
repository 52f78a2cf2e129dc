"""Unix accounts the academy makes: one per hub user, one per course's formgrader.

Every account is created with a comment starting ``Space Academy`` so the academy can tell its
own accounts from the system's: an existing account without it is refused, never reused (a hub
user called ``daemon`` must not become the system's daemon).
"""

from __future__ import annotations

import hashlib
import os
import pwd
import subprocess
from pathlib import Path

from foundation.errors import AcademyError

ACCOUNT_COMMENT = "Space Academy"
MAX_NAME_LENGTH = 32
"""useradd's limit on Linux account names."""


class UnixAccountError(AcademyError, PermissionError):
    """A Unix account cannot be made, or would clash with an account the academy did not make."""


def account_name(prefix: str, name: str) -> str:
    """``prefix + name``, shortened with a hash when it would pass useradd's 32 characters."""
    full = f"{prefix}{name}"
    if len(full) <= MAX_NAME_LENGTH:
        return full
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    return f"{full[:MAX_NAME_LENGTH - 9]}-{digest}"


def ensure_account(name: str, home: Path, description: str, *,
                   make_home: bool = True) -> pwd.struct_passwd:
    """The academy's account ``name`` with home ``home`` (mode 0700), created when missing.

    ``description`` ends up in the account's comment after ``Space Academy``. An account whose
    home points elsewhere (left over from an earlier data directory) is moved to ``home``.
    ``make_home=False`` leaves the home directory alone (a restore brings it, all at once).
    """
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        if make_home:
            home.parent.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            ["useradd", "--home-dir", str(home),
             "--create-home" if make_home else "--no-create-home", "--shell", "/bin/bash",
             "--comment", f"{ACCOUNT_COMMENT} {description}", "--user-group", name],
            capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise UnixAccountError(f"useradd {name} failed for {description}: "
                                   f"{result.stderr.strip()}") from None
        account = pwd.getpwnam(name)
    if not account.pw_gecos.startswith(ACCOUNT_COMMENT):
        raise UnixAccountError(f"Unix account {name!r} exists but was not made by the academy "
                               f"(comment {account.pw_gecos!r}); refusing to use it for "
                               f"{description}")
    if Path(account.pw_dir) != home:
        moved = subprocess.run(["usermod", "--home", str(home), name],
                               capture_output=True, text=True, check=False)
        if moved.returncode != 0:
            raise UnixAccountError(
                f"Unix account {name!r} belongs to another data directory ({account.pw_dir}) "
                f"and cannot move to {home}: {moved.stderr.strip()}. Is another academy on this "
                "machine using the same ACADEMY_UNIX_USER_PREFIX?")
        account = pwd.getpwnam(name)
    if make_home:
        home.mkdir(parents=True, exist_ok=True)
        os.chown(home, account.pw_uid, account.pw_gid)
        os.chmod(home, 0o700)
    return account
