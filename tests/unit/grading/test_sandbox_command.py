"""The sandbox command line: every isolation flag present, nothing private mounted."""

from __future__ import annotations

from pathlib import Path

from grading.runner.base import Workspace
from grading.runner.bubblewrap import SANDBOX_HOME, bwrap_command
from grading.runner.limits import ResourceLimits

WORKSPACE = Workspace(scratch_dir=Path("/run/g/s1/scratch"), ipc_dir=Path("/run/g/s1/ipc"))
PYTHON = [Path("/opt/venv")]


def mounts(args: list[str], kind: str) -> list[tuple[str, str]]:
    return [(args[i + 1], args[i + 2]) for i, arg in enumerate(args) if arg == kind]


def test_namespaces_session_and_capabilities() -> None:
    args = bwrap_command("/usr/bin/bwrap", WORKSPACE, PYTHON, 2**20)
    for flag in ("--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
                 "--clearenv"):
        assert flag in args
    assert args[args.index("--cap-drop") + 1] == "ALL"
    assert args[-1] == "--"


def test_only_scratch_and_ipc_are_writable() -> None:
    args = bwrap_command("/usr/bin/bwrap", WORKSPACE, PYTHON, 2**20)
    assert mounts(args, "--bind") == [(str(WORKSPACE.scratch_dir), SANDBOX_HOME),
                                      (str(WORKSPACE.ipc_dir), str(WORKSPACE.ipc_dir))]
    read_only = dict(mounts(args, "--ro-bind"))
    assert read_only["/usr"] == "/usr" and read_only["/opt/venv"] == "/opt/venv"
    assert args[args.index("--tmpfs") - 1] == str(2**20)  # --size of the private /tmp


def test_environment_is_rebuilt_not_inherited() -> None:
    args = bwrap_command("/usr/bin/bwrap", WORKSPACE, PYTHON, 2**20)
    env = {args[i + 1]: args[i + 2] for i, arg in enumerate(args) if arg == "--setenv"}
    assert env["HOME"] == SANDBOX_HOME
    assert env["PATH"].startswith("/opt/venv/bin:")
    assert not any(name.startswith(("ACADEMY_", "JPY_")) for name in env)


def test_prlimit_prefix_sets_every_limit() -> None:
    limits = ResourceLimits(cpu_time_s=60, wall_time_s=120, memory_bytes=2**30,
                            max_processes=64, file_size_bytes=2**26, output_limit_bytes=2**20)
    args = limits.prlimit_command()
    assert args[1:] == ["--cpu=60:61", f"--as={2**30}:{2**30}",
                        f"--fsize={2**26}:{2**26}", "--core=0:0", "--"]
    # RLIMIT_NPROC is set inside the sandbox's user namespace (see nproc_command).
    assert limits.nproc_command()[1:] == ["--nproc=64:64", "--"]
