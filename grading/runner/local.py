"""Kernels as plain child processes: resource limits, but NO isolation.

For developers grading their own, trusted notebooks where bubblewrap is not available. The
student's code can read and write everything the grader can, the gradebook included.
"""

from __future__ import annotations

from grading.runner.base import KernelRunner, Workspace


class LocalRunner(KernelRunner):
    """Runs each kernel under ``prlimit`` only."""

    def kernel_command_prefix(self, slot: int, workspace: Workspace) -> list[str]:
        return [*self.limits.prlimit_command(), *self.limits.nproc_command()]
