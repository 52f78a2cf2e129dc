"""Kernels inside a bubblewrap sandbox, one per submission, as an unprivileged account.

What the student's code can see and do:

* no network: a new, empty network namespace (``--unshare-all``); the kernel talks to the grader
  over Unix socket files in a bind-mounted directory (jupyter_client ``transport="ipc"``);
* a read-only system: ``/usr`` and the Python environment, bound read-only; ``/etc`` is absent
  apart from the dynamic-linker cache and time zone;
* one writable directory, its own scratch copy (``/home/student``), plus a small private tmpfs
  ``/tmp``; the course, the gradebook, the hidden tests and other submissions are simply not
  mounted, and the account could not read them anyway;
* its own PID namespace (``--unshare-pid``) and session, so it cannot signal the grader, and
  ``--die-with-parent`` plus the PID namespace take every process down when the sandbox is
  killed;
* limits from :mod:`grading.runner.limits` (CPU, address space, processes, file size), set
  before bwrap starts and inherited by everything inside.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import sys
from pathlib import Path

import psutil
from traitlets import Int, Unicode

from grading.errors import SandboxError
from grading.runner.accounts import SandboxAccount, ensure_sandbox_account
from grading.runner.base import KernelRunner, Workspace

SANDBOX_HOME = "/home/student"
_RELEASE_POLLS = 100
"""Times :meth:`BubblewrapRunner.release` looks for leftovers, 50 ms apart (5 s in all)."""


def python_mounts() -> list[Path]:
    """Directories the kernel's Python needs: the environment and the interpreter's prefix."""
    paths = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    return sorted(p for p in paths if p != Path("/usr") and not p.is_relative_to("/usr"))


def system_mount_args() -> list[str]:
    """Read-only /usr plus /bin, /lib... as the host has them (symlinks into /usr on Debian)."""
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib64", "/lib32"):
        path = Path(top)
        if path.is_symlink():
            args += ["--symlink", str(path.readlink()), top]
        elif path.exists():
            args += ["--ro-bind", top, top]
    for etc_file in ("/etc/ld.so.cache", "/etc/localtime"):
        args += ["--ro-bind-try", etc_file, etc_file]
    return args


def bwrap_command(bwrap: str, workspace: Workspace, python_dirs: list[Path],
                  tmp_size_bytes: int, hostname: str = "grader") -> list[str]:
    """The bwrap arguments (up to and including ``--``) that sandbox one kernel.

    Kept a pure function of its inputs so a unit test can check every isolation flag.
    """
    args = [bwrap, "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
            "--cap-drop", "ALL", "--hostname", hostname]
    args += system_mount_args()
    for directory in python_dirs:
        args += ["--ro-bind", str(directory), str(directory)]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(tmp_size_bytes), "--tmpfs", "/tmp",
             "--bind", str(workspace.scratch_dir), SANDBOX_HOME,
             "--bind", str(workspace.ipc_dir), str(workspace.ipc_dir),
             "--chdir", SANDBOX_HOME, "--clearenv"]
    path = ":".join([*(str(d / "bin") for d in python_dirs), "/usr/bin", "/bin"])
    env = {"HOME": SANDBOX_HOME, "USER": "student", "PATH": path, "LANG": "C.UTF-8",
           "MPLBACKEND": "agg", "MPLCONFIGDIR": "/tmp/matplotlib", "IPYTHONDIR": "/tmp/ipython",
           "PYTHONDONTWRITEBYTECODE": "1", "NBGRADER_EXECUTION": "autograde"}
    for name, value in env.items():
        args += ["--setenv", name, value]
    return [*args, "--"]


class BubblewrapRunner(KernelRunner):
    """Each kernel in its own bubblewrap sandbox, as the account of its worker slot."""

    account_prefix = Unicode("academy-grader-", help="Prefix of the per-slot sandbox accounts."
                             ).tag(config=True)
    tmp_size_mb = Int(64, help="Size of the sandbox's private /tmp in MiB.").tag(config=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._accounts: dict[int, SandboxAccount] = {}

    def prepare(self, slots: int) -> None:
        if shutil.which("bwrap") is None:
            raise SandboxError("bubblewrap (bwrap) is not installed; install it or set "
                               "ACADEMY_GRADING_RUNNER=local for trusted notebooks only")
        for slot in range(slots):
            if slot not in self._accounts:
                self._accounts[slot] = ensure_sandbox_account(f"{self.account_prefix}{slot}")

    def workspace_owner(self, slot: int) -> tuple[int, int] | None:
        account = self._accounts[slot]
        return account.uid, account.gid

    async def release(self, slot: int) -> None:
        """Kill whatever still runs as the slot's account, and wait until it is gone.

        Killing the sandbox tears down its PID namespace, but the kernel reaps those processes
        asynchronously; a fork bomb's children may still count against RLIMIT_NPROC for a moment
        and make the slot's next kernel fail to start. The account is used by this slot only,
        so every process it owns is a leftover.
        """
        uid = self._accounts[slot].uid
        if uid == os.geteuid():
            return
        for _ in range(_RELEASE_POLLS):
            # Zombies use nothing but a process-table slot; they are their parent's to reap.
            leftovers = [proc for proc in psutil.process_iter(["uids", "status"])
                         if proc.info["uids"] is not None and proc.info["uids"].real == uid
                         and proc.info["status"] != psutil.STATUS_ZOMBIE]
            if not leftovers:
                return
            for proc in leftovers:
                with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                    proc.send_signal(signal.SIGKILL)
            await asyncio.sleep(0.05)
        raise SandboxError(f"processes of sandbox account {self._accounts[slot].name} "
                           f"(uid {uid}) survive SIGKILL; refusing to reuse the slot")

    def kernel_command_prefix(self, slot: int, workspace: Workspace) -> list[str]:
        account = self._accounts[slot]
        switch_user: list[str] = []
        setpriv = shutil.which("setpriv")
        if account.uid != os.geteuid():
            if setpriv is None:
                raise SandboxError("setpriv (util-linux) is needed to drop root for the sandbox")
            switch_user = [setpriv, f"--reuid={account.uid}", f"--regid={account.gid}",
                           "--clear-groups", "--no-new-privs", "--"]
        bwrap = shutil.which("bwrap") or "bwrap"
        return [*self.limits.prlimit_command(), *switch_user,
                *bwrap_command(bwrap, workspace, python_mounts(),
                               self.tmp_size_mb * 1024 * 1024),
                *self.limits.nproc_command()]

