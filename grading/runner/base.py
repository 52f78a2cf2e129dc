"""The runner contract: where and how one submission's kernel process is started.

Grading steps never start processes themselves; they ask a runner for a kernel manager per
submission. A local child process or a bubblewrap sandbox is therefore a configuration choice
(``GradingConfig.runner``), and parallelism stays in the scheduler, not in the steps.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from jupyter_client.manager import AsyncKernelManager
from traitlets import Instance, Int, List, Unicode
from traitlets.config import LoggingConfigurable

from grading.runner.limits import ResourceLimits


@dataclass(frozen=True)
class Workspace:
    """Host directories of one sandboxed process (a kernel or a test process).

    ``scratch_dir`` holds copies of the files the process may use: a sandbox copies them onto
    its quota tmpfs, mounted on ``quota_dir`` inside the sandbox's own mount namespace (the host
    sees an empty directory); a local process works in ``scratch_dir`` itself. ``ipc_dir``
    holds the kernel's connection file, and for a local kernel its ZMQ socket files too.
    """

    scratch_dir: Path
    ipc_dir: Path
    quota_dir: Path

    @property
    def connection_file(self) -> Path:
        return self.ipc_dir / "kernel.json"


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel command is wrapped (prlimit, setpriv, bwrap ...).

    The wrapper ``exec``s into the real command, so the process jupyter_client tracks (and kills
    on timeout, with its whole process group) is the sandbox itself.
    """

    command_prefix = List(Unicode(), help="Arguments put in front of the kernel command.")
    sandbox_ip = Unicode("", help="ipc socket prefix inside the sandbox, or '' for a kernel "
                         "that shares the grader's file system.")
    owner_uid = Int(-1, help="Account that must be able to read the connection file, or -1.")
    owner_gid = Int(-1, help="Group of that account, or -1.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._exit_status: int | None = None

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        return [*self.command_prefix, *super().format_kernel_cmd(extra_arguments)]

    def write_connection_file(self, **kwargs: Any) -> None:
        """Write it as usual (mode 0600), then hand it to the sandbox account.

        The kernel runs as that account and must read its ports and HMAC key; nobody else
        should, since the key lets one run code in the kernel. A sandboxed kernel binds its
        sockets inside the sandbox (``sandbox_ip``), so that is the address the file gives it.
        """
        if self.sandbox_ip:
            self.ip = self.sandbox_ip
        super().write_connection_file(**kwargs)
        if self.owner_uid >= 0 and os.geteuid() == 0:
            os.chown(self.connection_file, self.owner_uid, self.owner_gid)

    async def _async_post_start_kernel(self, **kw: Any) -> None:
        """Point the grader's sockets at the sandbox's socket files, then connect as usual.

        The socket directory exists only in the sandbox's mount namespace (on its quota
        tmpfs); the grader reaches it through ``/proc/<pid>/root`` of a process inside. ZMQ
        retries until the kernel has bound, so connecting before that is fine.
        """
        if self.sandbox_ip:
            inside = await self._sandbox_process()
            if inside is not None:
                self.ip = f"/proc/{inside}/root{self.sandbox_ip}"
        await super()._async_post_start_kernel(**kw)

    async def _sandbox_process(self) -> int | None:
        """PID of the sandbox's init (bwrap's child), once it exists; None if it never does.

        The tracked process ``exec``s through the wrapper stages into bwrap; before that, its
        children are the quota stage's helpers (mount, cp), whose root is the host's.
        """
        process = getattr(self.provisioner, "process", None)
        for _ in range(500):
            if process is None or process.poll() is not None:
                return None
            with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                tracked = psutil.Process(process.pid)
                children = tracked.children()
                if tracked.name() == "bwrap" and children:
                    return children[0].pid
            await asyncio.sleep(0.01)
        return None

    def kill_now(self) -> None:
        """SIGKILL what runs inside the sandbox at once, from synchronous code.

        Used when a limit the parent enforces (output size) trips in the middle of message
        handling, where awaiting ``shutdown_kernel`` is not possible. The wrapper jupyter_client
        tracks is bwrap's outer process; killing its children (bwrap's init in the sandbox's
        PID namespace) takes down every process in that namespace, and the outer process then
        reaps them and exits. Killing the outer process first would orphan the init as a zombie
        that keeps counting against the account's process limit. Without a sandbox (local
        runner) the tracked process is the kernel itself, killed with its process group.
        """
        process = getattr(self.provisioner, "process", None)
        if process is None or process.poll() is not None:
            return
        try:
            children = psutil.Process(process.pid).children()
        except psutil.NoSuchProcess:
            return
        for child in children:
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()
        if not children:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

    async def _async_kill_kernel(self, restart: bool = False) -> None:
        """Kill the inside first, let bwrap exit on its own, then let jupyter_client finish.

        The status of a sandbox that had already ended is kept in :attr:`exit_status`, since
        it tells why the kernel died (SIGXCPU, os._exit ...).
        """
        process = getattr(self.provisioner, "process", None)
        if process is not None and self._exit_status is None:
            self._exit_status = process.poll()
        self.kill_now()
        for _ in range(40):
            if process is None or process.poll() is not None:
                break
            await asyncio.sleep(0.05)
        await super()._async_kill_kernel(restart=restart)

    _kill_kernel = _async_kill_kernel

    async def _async_interrupt_kernel(self) -> None:
        """Do nothing: grading never interrupts a kernel, it kills the sandbox.

        jupyter_client interrupts before every shutdown by sending SIGINT to the tracked
        process group, which for a sandbox is bwrap's outer process: SIGINT would kill it and
        orphan the sandbox's init as an unreaped zombie.
        """

    interrupt_kernel = _async_interrupt_kernel

    @property
    def exit_status(self) -> int | None:
        """How the sandbox ended on its own (negative: by that signal); None if it was alive
        when the grader killed it, or is still running."""
        process = getattr(self.provisioner, "process", None)
        if self._exit_status is None and process is not None:
            return process.poll()
        return self._exit_status


class KernelRunner(LoggingConfigurable):
    """Starts one kernel, and one test process, per submitted notebook, with resource limits.

    Subclasses fill in :meth:`sandbox_prefix` and, if processes run as another account,
    :meth:`workspace_owner`. Call :meth:`prepare` once per grading run before the first kernel.
    """

    limits = Instance(ResourceLimits, help="Limits applied to every kernel this runner starts.")

    def prepare(self, slots: int) -> None:
        """Set up whatever each of ``slots`` concurrent workers needs (accounts, checks)."""

    def workspace_owner(self, slot: int) -> tuple[int, int] | None:
        """(uid, gid) that must own the workspace of ``slot``, or None to keep the grader's."""
        return None

    async def release(self, slot: int) -> None:
        """Make sure nothing from the last kernel of ``slot`` still runs before it is reused."""

    def sandbox_prefix(self, slot: int, workspace: Workspace,
                       read_only_files: tuple[Path, ...] = ()) -> list[str]:
        """The wrapper to put in front of a command run for ``slot`` in ``workspace``;
        ``read_only_files`` are host files the command must read (a connection file)."""
        raise NotImplementedError

    def sandbox_ip(self, workspace: Workspace) -> str:
        """Where a kernel binds its ipc sockets, as the kernel sees its file system."""
        return ""

    def process_cwd(self, workspace: Workspace) -> Path | None:
        """Working directory to start a process in on the host (a sandbox sets its own)."""
        return None

    def diagnose(self, slot: int, workspace: Workspace) -> str | None:
        """Why a kernel cannot start in ``workspace``, if the runner can tell; else None."""
        return None

    def kernel_manager(self, slot: int, workspace: Workspace) -> SandboxedKernelManager:
        """A kernel manager for one submission, talking over ipc sockets in ``workspace``."""
        owner = self.workspace_owner(slot)
        connection_file = workspace.connection_file
        manager = SandboxedKernelManager(
            kernel_name="python3", transport="ipc",
            connection_file=str(connection_file),
            command_prefix=self.sandbox_prefix(slot, workspace, (connection_file,)),
            sandbox_ip=self.sandbox_ip(workspace),
            owner_uid=owner[0] if owner else -1, owner_gid=owner[1] if owner else -1,
            parent=self)
        return manager
