"""Per-process resource limits of a sandboxed kernel, as a ``prlimit`` command prefix.

The limits are set by ``prlimit`` (util-linux) on itself and inherited through ``exec`` by the
sandbox and every process the student starts, so they are in place before any student code runs.
Setting them with ``preexec_fn`` would do the same but is unsafe in a threaded parent (the ZMQ
and asyncio machinery of the grader), and a command prefix can be logged and unit-tested.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from foundation.config.grading import GradingConfig
from grading.errors import SandboxError

_MIB = 1024 * 1024


@dataclass(frozen=True)
class ResourceLimits:
    """What ONE sandboxed notebook may use.

    ``cpu_time_s`` and ``memory_bytes`` (address space) apply to each process; ``max_processes``
    counts processes and threads of the sandbox's user, which is why each worker slot has its own
    user; ``file_size_bytes`` caps every file written, ``disk_quota_bytes`` and ``inode_quota``
    everything written together (the sandbox's quota tmpfs); ``wall_time_s`` and
    ``output_limit_bytes``
    are enforced by the parent, which kills the whole sandbox.
    """

    cpu_time_s: int
    wall_time_s: int
    memory_bytes: int
    max_processes: int
    file_size_bytes: int
    output_limit_bytes: int
    disk_quota_bytes: int = 256 * _MIB
    inode_quota: int = 10_000

    @classmethod
    def from_config(cls, config: GradingConfig) -> ResourceLimits:
        """The limits configured in ``config`` (units converted to bytes)."""
        return cls(cpu_time_s=config.cpu_time_s, wall_time_s=config.wall_time_s,
                   memory_bytes=config.memory_mb * _MIB, max_processes=config.max_processes,
                   file_size_bytes=config.file_size_mb * _MIB,
                   output_limit_bytes=config.output_limit_bytes,
                   disk_quota_bytes=config.disk_quota_mb * _MIB,
                   inode_quota=config.inode_quota)

    def prlimit_command(self) -> list[str]:
        """``prlimit --cpu=... --`` to put in front of the sandbox command.

        Soft and hard limits are equal (student code cannot raise them), except for CPU time:
        one second of headroom makes the kernel get SIGXCPU, which names the cause, before the
        SIGKILL of the hard limit. Core dumps are off: a crashing kernel must not write its
        memory image into the scratch directory.
        """
        prlimit = _prlimit()
        return [prlimit,
                f"--cpu={self.cpu_time_s}:{self.cpu_time_s + 1}",
                f"--as={self.memory_bytes}:{self.memory_bytes}",
                f"--fsize={self.file_size_bytes}:{self.file_size_bytes}",
                "--core=0:0",
                "--"]

    def nproc_command(self) -> list[str]:
        """``prlimit --nproc=N:N --``, to run INSIDE the sandbox's user namespace.

        Linux counts RLIMIT_NPROC per user namespace and, for each level above, checks the
        total against the limit its creator had. Set outside, the limit would count every
        process of the Unix account (the formgrader's own threads, the other sandboxes), so one
        fork bomb would keep the other submissions' kernels from starting. Set inside, after
        bwrap made the namespace, it counts only that sandbox's processes.
        """
        prlimit = _prlimit()
        return [prlimit, f"--nproc={self.max_processes}:{self.max_processes}", "--"]


def _prlimit() -> str:
    """Path of util-linux's ``prlimit``, which sets every sandbox limit."""
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        raise SandboxError("prlimit (util-linux) is not on PATH; it sets the sandbox limits")
    return prlimit
