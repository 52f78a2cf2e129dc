"""Kernels as plain child processes: resource limits, but NO isolation.

For developers grading their own, trusted notebooks where bubblewrap is not available. The
student's code can read and write everything the grader can, the gradebook included, and it has
no disk quota. Its tests still run in a separate process, so scores hold against tampering done
inside the kernel.
"""

from __future__ import annotations

from pathlib import Path

from grading.runner.base import KernelRunner, Workspace


class LocalRunner(KernelRunner):
    """Runs each kernel and test process under ``prlimit`` only, in its scratch directory."""

    def sandbox_prefix(self, slot: int, workspace: Workspace,
                       read_only_files: tuple[Path, ...] = ()) -> list[str]:
        return [*self.limits.prlimit_command(), *self.limits.nproc_command()]

    def process_cwd(self, workspace: Workspace) -> Path | None:
        return workspace.scratch_dir
