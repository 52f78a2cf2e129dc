"""Runners start one kernel per submission: a plain process or a bubblewrap sandbox."""

from grading.runner.base import KernelRunner, SandboxedKernelManager, Workspace
from grading.runner.bubblewrap import BubblewrapRunner
from grading.runner.limits import ResourceLimits
from grading.runner.local import LocalRunner

RUNNER_CLASSES: dict[str, type[KernelRunner]] = {
    "bubblewrap": BubblewrapRunner,
    "local": LocalRunner,
}

__all__ = ["RUNNER_CLASSES", "BubblewrapRunner", "KernelRunner", "LocalRunner",
           "ResourceLimits", "SandboxedKernelManager", "Workspace"]
