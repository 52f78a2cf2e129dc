"""The unprivileged accounts sandboxed kernels run as, created idempotently.

Kernels never run as root: RLIMIT_NPROC does not bind root, and root could undo the sandbox.
Each worker slot gets its own account (``academy-grader-0``, ``-1``, ...) because RLIMIT_NPROC
counts every process and thread of a *user*: with one shared account, a fork bomb in one
sandbox would starve the kernels of the others.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass

from grading.errors import SandboxError


@dataclass(frozen=True)
class SandboxAccount:
    """A Unix account: its name and numeric ids."""

    name: str
    uid: int
    gid: int


def ensure_sandbox_account(name: str) -> SandboxAccount:
    """The account ``name``, created as a system user without home or shell if missing.

    Running it twice is harmless. When the grader is not root it cannot create or switch
    accounts, so its own account is returned: bwrap still isolates, and the limits still bind
    because that account is not root.
    """
    if os.geteuid() != 0:
        entry = pwd.getpwuid(os.geteuid())
        return SandboxAccount(entry.pw_name, entry.pw_uid, entry.pw_gid)
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        entry = _create_account(name)
    if entry.pw_uid == 0:
        raise SandboxError(f"sandbox account '{name}' has uid 0; refusing to run kernels as root")
    return SandboxAccount(entry.pw_name, entry.pw_uid, entry.pw_gid)


def _create_account(name: str) -> pwd.struct_passwd:
    """``useradd --system`` the account; tolerate another grader having just created it."""
    useradd = shutil.which("useradd")
    if useradd is None:
        raise SandboxError(f"cannot create sandbox account '{name}': useradd not found")
    result = subprocess.run(
        [useradd, "--system", "--user-group", "--no-create-home",
         "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name],
        capture_output=True, text=True, check=False)
    # 9: the name appeared meanwhile (another grader created it): fine, look it up.
    if result.returncode not in (0, 9):
        raise SandboxError(f"useradd {name} failed ({result.returncode}): "
                           f"{result.stderr.strip()}")
    return pwd.getpwnam(name)
