"""What a sandboxed kernel can see and do, checked from inside one real bubblewrap sandbox.

One notebook probes every isolation property and prints a JSON report; the test reads it back.
The hostile-submission run shows the consequences on grades; this shows the mechanism: the
unprivileged account, rlimits that bind, the read-only system, the private /tmp, the empty
network namespace and the PID namespace.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import nbformat
import pytest

from grading.execute import execute_notebook
from grading.runner import BubblewrapRunner, ResourceLimits
from grading.workspace import create_workspace, run_directory

PROBE = r"""
import json, os, resource, socket, subprocess
report = {"uid": os.getuid(), "euid": os.geteuid(), "cwd": os.getcwd(),
          "root_entries": sorted(os.listdir("/")),
          "pids_visible": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
          "nproc": resource.getrlimit(resource.RLIMIT_NPROC),
          "address_space": resource.getrlimit(resource.RLIMIT_AS),
          "cpu": resource.getrlimit(resource.RLIMIT_CPU),
          "fsize": resource.getrlimit(resource.RLIMIT_FSIZE),
          "interfaces": sorted(name for _, name in socket.if_nameindex()),
          "scratch_files": sorted(os.listdir("."))}
def attempt(action):
    try:
        action()
    except (OSError, ValueError) as error:
        return type(error).__name__
    return "allowed"
report["write_usr"] = attempt(lambda: open("/usr/lib/grader-was-here", "w"))
report["write_venv"] = attempt(lambda: open(os.path.join(os.path.dirname(os.__file__),
                                                         "x.py"), "w"))
report["raise_nproc"] = attempt(lambda: resource.setrlimit(resource.RLIMIT_NPROC,
                                                           (10**6, 10**6)))
report["write_scratch"] = attempt(lambda: open("mine.txt", "w").write("ok"))
report["write_big_file"] = attempt(lambda: open("big.bin", "wb").write(b"x" * 3 * 2**20))
report["connect_loopback"] = attempt(lambda: socket.create_connection(("127.0.0.1", 8000), 2))
report["etc_passwd"] = attempt(lambda: open("/etc/passwd").read())
print("REPORT" + json.dumps(report))
"""


@pytest.fixture(scope="module")
def probe_report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    files = tmp_path_factory.mktemp("files")
    (files / "data.csv").write_text("a,b\n")
    limits = ResourceLimits(cpu_time_s=7, wall_time_s=30, memory_bytes=768 * 2**20,
                            max_processes=40, file_size_bytes=2 * 2**20,
                            output_limit_bytes=2**20)
    runner = BubblewrapRunner(limits=limits)
    runner.prepare(1)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE)])

    async def run() -> None:
        with run_directory() as run_dir:
            workspace = create_workspace(run_dir, "probe", files, runner.workspace_owner(0))
            report = await execute_notebook(nb, runner.kernel_manager(0, workspace), limits)
            assert report.stop_reason is None
            await runner.release(0)

    asyncio.run(run())
    text = "".join(output.get("text", "") for output in nb.cells[0].outputs)
    assert "REPORT" in text, nb.cells[0].outputs
    return json.loads(text.split("REPORT", 1)[1])


def test_kernel_runs_as_an_unprivileged_account_in_its_scratch_copy(probe_report) -> None:
    assert probe_report["uid"] != 0 and probe_report["euid"] != 0
    assert probe_report["cwd"] == "/home/student"
    assert probe_report["scratch_files"] == ["data.csv"]


def test_only_system_python_scratch_and_private_tmp_are_mounted(probe_report) -> None:
    visible = set(probe_report["root_entries"])
    assert visible <= {"bin", "dev", "etc", "home", "lib", "lib32", "lib64", "proc", "run", "sbin",
                       "tmp", "usr", Path(sys.prefix).parts[1]}
    assert probe_report["etc_passwd"] == "FileNotFoundError"


def test_system_and_python_environment_are_read_only(probe_report) -> None:
    assert probe_report["write_usr"] in ("OSError", "PermissionError")
    assert probe_report["write_venv"] in ("OSError", "PermissionError")
    assert probe_report["write_scratch"] == "allowed"


def test_limits_are_set_and_cannot_be_raised(probe_report) -> None:
    assert probe_report["nproc"] == [40, 40]
    assert probe_report["address_space"] == [768 * 2**20, 768 * 2**20]
    assert probe_report["cpu"] == [7, 8]
    assert probe_report["fsize"] == [2 * 2**20, 2 * 2**20]
    assert probe_report["raise_nproc"] in ("ValueError", "PermissionError", "OSError")
    assert probe_report["write_big_file"] == "OSError"  # EFBIG from RLIMIT_FSIZE


def test_no_network_and_no_view_of_other_processes(probe_report) -> None:
    assert probe_report["interfaces"] == ["lo"]
    assert probe_report["connect_loopback"] in ("ConnectionRefusedError", "OSError")
    assert len(probe_report["pids_visible"]) <= 3  # bwrap's init, the kernel, maybe a child
    assert os.getpid() not in probe_report["pids_visible"] or os.getpid() <= 3
