"""The sandbox command line: every isolation flag present, nothing private mounted, and mounts
in the order that keeps an environment under /tmp visible."""

from __future__ import annotations

from pathlib import Path

from grading.runner.base import Workspace
from grading.runner.bubblewrap import (
    QUOTA_INIT,
    SANDBOX_HOME,
    SANDBOX_SOCKETS,
    bwrap_command,
    quota_command,
)
from grading.runner.limits import ResourceLimits

WORKSPACE = Workspace(scratch_dir=Path("/run/g/s1/scratch"), ipc_dir=Path("/run/g/s1/ipc"),
                      quota_dir=Path("/run/g/s1/quota"))
PYTHON = [Path("/opt/venv")]
ACCOUNT = (998, 997)
LIMITS = ResourceLimits(cpu_time_s=60, wall_time_s=120, memory_bytes=2**30, max_processes=64,
                        file_size_bytes=2**26, output_limit_bytes=2**20,
                        disk_quota_bytes=2**27, inode_quota=5000)


def mounts(args: list[str], kind: str) -> list[tuple[str, str]]:
    return [(args[i + 1], args[i + 2]) for i, arg in enumerate(args) if arg == kind]


def test_namespaces_session_and_capabilities() -> None:
    args = bwrap_command("/usr/bin/bwrap", WORKSPACE, PYTHON, ACCOUNT)
    for flag in ("--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
                 "--clearenv"):
        assert flag in args
    assert args[args.index("--cap-drop") + 1] == "ALL"
    assert args[args.index("--uid") + 1] == "998" and args[args.index("--gid") + 1] == "997"
    assert args[-1] == "--"


def test_everything_writable_is_on_the_quota_tmpfs() -> None:
    args = bwrap_command("/usr/bin/bwrap", WORKSPACE, PYTHON, ACCOUNT)
    quota = str(WORKSPACE.quota_dir)
    assert mounts(args, "--bind") == [(f"{quota}/tmp", "/tmp"), (f"{quota}/shm", "/dev/shm"),
                                      (f"{quota}/home", SANDBOX_HOME),
                                      (f"{quota}/sockets", SANDBOX_SOCKETS)]
    assert args[args.index("--remount-ro") + 1] == "/dev"
    read_only = dict(mounts(args, "--ro-bind"))
    assert read_only["/usr"] == "/usr" and read_only["/opt/venv"] == "/opt/venv"
    assert "--tmpfs" not in args


def test_a_venv_and_connection_file_under_tmp_are_mounted_after_tmp() -> None:
    """The bug a checkout under /tmp hit: the private /tmp mounted over the venv."""
    venv = Path("/tmp/clone/.venv")
    connection = Path("/tmp/academy-grading-x/k/ipc/kernel.json")
    args = bwrap_command("/usr/bin/bwrap", WORKSPACE, [venv], ACCOUNT, (connection,))
    tmp_at = args.index("/tmp")
    assert args.index(str(venv)) > tmp_at
    assert args.index(str(connection)) > tmp_at
    assert (str(connection), str(connection)) in mounts(args, "--ro-bind")


def test_environment_is_rebuilt_not_inherited() -> None:
    args = bwrap_command("/usr/bin/bwrap", WORKSPACE, PYTHON, ACCOUNT)
    env = {args[i + 1]: args[i + 2] for i, arg in enumerate(args) if arg == "--setenv"}
    assert env["HOME"] == SANDBOX_HOME
    assert env["PATH"].startswith("/opt/venv/bin:")
    assert not any(name.startswith(("ACADEMY_", "JPY_", "JUPYTERHUB_")) for name in env)


def test_quota_stage_mounts_size_and_inodes_with_an_empty_environment() -> None:
    args = quota_command(WORKSPACE, LIMITS)
    assert args[:2] == ["/usr/bin/env", "-i"]
    assert "--map-root-user" in args and "--mount" in args
    assert args[args.index(QUOTA_INIT) + 2:] == [
        str(WORKSPACE.quota_dir), str(WORKSPACE.scratch_dir), str(2**27), str(5000 + 64)]
    assert "nr_inodes=$4" in QUOTA_INIT and "size=$3" in QUOTA_INIT


def test_prlimit_prefix_sets_every_limit() -> None:
    args = LIMITS.prlimit_command()
    assert args[1:] == ["--cpu=60:61", f"--as={2**30}:{2**30}",
                        f"--fsize={2**26}:{2**26}", "--core=0:0", "--"]
    # RLIMIT_NPROC is set inside the sandbox's user namespace (see nproc_command).
    assert LIMITS.nproc_command()[1:] == ["--nproc=64:64", "--"]
