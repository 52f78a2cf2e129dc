"""Kernels and test processes inside a bubblewrap sandbox, one per notebook, unprivileged.

What the student's code can see and do:

* no network: a new, empty network namespace (``--unshare-all``); the kernel talks to the grader
  over Unix socket files inside the sandbox, which the grader reaches through
  ``/proc/<pid>/root`` (jupyter_client ``transport="ipc"``);
* a read-only system: ``/usr`` and the Python environment, bound read-only wherever they are
  installed (under ``/tmp`` too: the private ``/tmp`` is mounted first, the environment over
  it); ``/etc`` is absent apart from the dynamic-linker cache and time zone;
* writable: its home (a copy of the submission's supporting files), ``/tmp``, ``/dev/shm`` and
  the socket directory, all on ONE tmpfs of the sandbox's own with a byte and an inode quota
  (:data:`QUOTA_INIT`): a flood stops with ENOSPC, nothing reaches the host's disk, and the
  whole tmpfs vanishes with the sandbox's mount namespace, however many files it holds;
* its own PID namespace and session, so it cannot see or signal the grader, and
  ``--die-with-parent`` plus the PID namespace take every process down when the sandbox is
  killed;
* an empty environment for every process in the sandbox, bwrap's own included (``env -i``
  before bwrap: the sandbox's PID 1 is a fork of bwrap and its ``/proc/1/environ`` is readable
  from inside), so no secret of the grader's environment (a hub API token) is there to read;
* limits from :mod:`grading.runner.limits` (CPU, address space, processes, file size), set
  before anything starts and inherited by everything inside.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import psutil
from traitlets import Unicode

from grading.errors import SandboxError
from grading.runner.accounts import SandboxAccount, ensure_sandbox_account
from grading.runner.base import KernelRunner, Workspace
from grading.runner.limits import ResourceLimits

SANDBOX_HOME = "/home/student"
SANDBOX_SOCKETS = "/run/academy"
"""Directory of the kernel's socket files inside the sandbox (on the quota tmpfs)."""
SANDBOX_IP = f"{SANDBOX_SOCKETS}/kernel"
"""jupyter_client's ``ip`` for the ipc transport inside the sandbox: sockets ``kernel-<n>``."""
_RELEASE_POLLS = 100
"""Times :meth:`BubblewrapRunner.release` looks for leftovers, 50 ms apart (5 s in all)."""
LOCK_DIR = Path("/run/academy-grading")
"""Where root grading processes lock the sandbox accounts they use."""
MAX_SANDBOX_ACCOUNTS = 64
_INODE_HEADROOM = 64
"""Inodes of the quota tmpfs taken by its own directories and bwrap's mount points."""

QUOTA_INIT = """set -e
mount -t tmpfs -o "size=$3,nr_inodes=$4,mode=0755" academy-quota "$1"
mkdir -m 0700 "$1/home" "$1/tmp" "$1/sockets" "$1/shm"
cp -R --preserve=mode,timestamps "$2/." "$1/home/"
shift 4
exec "$@"
"""
"""Run as root of a new user and mount namespace (``unshare --map-root-user``), which may mount
a tmpfs with ``nr_inodes`` (bwrap's ``--tmpfs`` takes a size only): $1 mount point, $2 the
files to copy in, $3 bytes, $4 inodes, then the bwrap command. Mounted in that namespace only,
the tmpfs is invisible to the host and gone when the sandbox ends."""


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
                  account: tuple[int, int], read_only_files: tuple[Path, ...] = (),
                  hostname: str = "grader") -> list[str]:
    """The bwrap arguments (up to and including ``--``) that sandbox one kernel or test process.

    Order matters: bwrap mounts in argument order, so ``/tmp`` comes before the Python
    environment and ``read_only_files`` (a venv or connection file under ``/tmp`` is mounted
    on top of the private ``/tmp`` instead of being hidden by it). Kept a pure function of its
    inputs so a unit test can check every isolation flag.
    """
    quota = workspace.quota_dir
    uid, gid = account
    args = [bwrap, "--unshare-all", "--unshare-user", "--uid", str(uid), "--gid", str(gid),
            "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--hostname", hostname]
    args += system_mount_args()
    args += ["--proc", "/proc", "--dev", "/dev",
             "--bind", str(quota / "tmp"), "/tmp",
             "--bind", str(quota / "shm"), "/dev/shm",
             "--remount-ro", "/dev"]
    for directory in python_dirs:
        args += ["--ro-bind", str(directory), str(directory)]
    for path in read_only_files:
        args += ["--ro-bind", str(path), str(path)]
    args += ["--bind", str(quota / "home"), SANDBOX_HOME,
             "--bind", str(quota / "sockets"), SANDBOX_SOCKETS,
             "--chdir", SANDBOX_HOME, "--clearenv"]
    path = ":".join([*(str(d / "bin") for d in python_dirs), "/usr/bin", "/bin"])
    env = {"HOME": SANDBOX_HOME, "USER": "student", "PATH": path, "LANG": "C.UTF-8",
           "MPLBACKEND": "agg", "MPLCONFIGDIR": "/tmp/matplotlib", "IPYTHONDIR": "/tmp/ipython",
           "PYTHONDONTWRITEBYTECODE": "1", "NBGRADER_EXECUTION": "autograde"}
    for name, value in env.items():
        args += ["--setenv", name, value]
    return [*args, "--"]


def quota_command(workspace: Workspace, limits: ResourceLimits) -> list[str]:
    """``env -i unshare ... sh -c QUOTA_INIT ...``: the stage that mounts the quota tmpfs,
    to put in front of ``env -i`` + :func:`bwrap_command`."""
    for tool in ("unshare", "mount"):
        if shutil.which(tool) is None:
            raise SandboxError(f"{tool} (util-linux) is needed for the sandbox's disk quota")
    return ["/usr/bin/env", "-i", shutil.which("unshare") or "unshare", "--user",
            "--map-root-user", "--mount", "--", "/bin/sh", "-c", QUOTA_INIT, "academy-quota",
            str(workspace.quota_dir), str(workspace.scratch_dir),
            str(limits.disk_quota_bytes), str(limits.inode_quota + _INODE_HEADROOM)]


class BubblewrapRunner(KernelRunner):
    """Each kernel and test process in its own bubblewrap sandbox, as its worker slot's account."""

    account_prefix = Unicode("academy-grader-", help="Prefix of the per-slot sandbox accounts."
                             ).tag(config=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._accounts: dict[int, SandboxAccount] = {}
        self._locks: list = []

    def prepare(self, slots: int) -> None:
        if shutil.which("bwrap") is None:
            raise SandboxError("bubblewrap (bwrap) is not installed; install it or set "
                               "ACADEMY_GRADING_RUNNER=local for trusted notebooks only")
        for slot in range(slots):
            if slot not in self._accounts:
                self._accounts[slot] = self._claim_account()

    def _claim_account(self) -> SandboxAccount:
        """The first sandbox account no other grading process holds, locked for this one.

        :meth:`release` kills every process of a slot's account; two graders sharing an
        account (two ``academy grade`` runs, a test beside a formgrader) would kill each
        other's kernels. A held ``flock`` per account keeps them apart; it is released when
        this process exits, however it exits.
        """
        if os.geteuid() != 0:
            return ensure_sandbox_account(self.account_prefix)
        LOCK_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        claimed = {account.name for account in self._accounts.values()}
        for number in range(MAX_SANDBOX_ACCOUNTS):
            name = f"{self.account_prefix}{number}"
            if name in claimed:
                continue
            handle = open(LOCK_DIR / f"{name}.lock", "a")  # noqa: SIM115 (held until exit)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            self._locks.append(handle)
            return ensure_sandbox_account(name)
        raise SandboxError(f"all {MAX_SANDBOX_ACCOUNTS} sandbox accounts are in use by other "
                           "grading processes")

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

    def sandbox_prefix(self, slot: int, workspace: Workspace,
                       read_only_files: tuple[Path, ...] = ()) -> list[str]:
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
                *quota_command(workspace, self.limits), "/usr/bin/env", "-i",
                *bwrap_command(bwrap, workspace, python_mounts(), (account.uid, account.gid),
                               read_only_files),
                *self.limits.nproc_command()]

    def sandbox_ip(self, workspace: Workspace) -> str:
        return SANDBOX_IP

    def diagnose(self, slot: int, workspace: Workspace) -> str | None:
        """Which path the kernel needs is hidden inside the sandbox, or why the sandbox itself
        does not start; None if neither (the failure lies elsewhere)."""
        needed = {Path(sys.executable): "the kernel's Python",
                  Path(sys.prefix): "the Python environment",
                  Path(psutil.__file__).parent.parent: "the environment's site-packages"}
        script = 'for p; do [ -e "$p" ] || echo "$p"; done; echo academy-probe-done'
        command = [*self.sandbox_prefix(slot, workspace), "/bin/sh", "-c", script, "probe",
                   *map(str, needed)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60,
                                check=False, env={})
        if "academy-probe-done" not in result.stdout:
            detail = " ".join(result.stderr.split())[:300] or f"exit status {result.returncode}"
            return f"the sandbox itself did not start ({detail})"
        hidden = [line for line in result.stdout.splitlines() if line.startswith("/")]
        if hidden:
            what = needed.get(Path(hidden[0]), "a path the kernel needs")
            return (f"the sandbox cannot see {hidden[0]} ({what}); check that it is readable "
                    "by the sandbox accounts and not under a path the sandbox replaces")
        return None
