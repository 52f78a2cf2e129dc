"""The 'local' runner (trusted notebooks, no sandbox) still applies the rlimits and works in
the scratch copy."""

from __future__ import annotations

import asyncio
import resource

import nbformat

from grading.execute import execute_notebook
from grading.runner import LocalRunner, ResourceLimits
from grading.workspace import create_workspace, run_directory

LIMITS = ResourceLimits(cpu_time_s=9, wall_time_s=30, memory_bytes=1536 * 2**20,
                        max_processes=500, file_size_bytes=2**20, output_limit_bytes=2**20)


def test_local_kernel_has_limits_and_works_in_its_scratch_copy(tmp_path) -> None:
    (tmp_path / "data.csv").write_text("a,b\n")
    runner = LocalRunner(limits=LIMITS)
    runner.prepare(1)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os, resource\n"
        "print(sorted(os.listdir('.')), resource.getrlimit(resource.RLIMIT_AS),"
        " resource.getrlimit(resource.RLIMIT_CPU))")])

    async def run() -> tuple[str | None, str]:
        with run_directory() as run_dir:
            workspace = create_workspace(run_dir, "local", tmp_path, None)
            report = await execute_notebook(nb, runner.kernel_manager(0, workspace), LIMITS,
                                            cwd=workspace.scratch_dir)
            return report.stop_reason, str(workspace.scratch_dir)

    reason, _ = asyncio.run(run())
    assert reason is None
    printed = nb.cells[0].outputs[0]["text"]
    assert printed.strip() == f"['data.csv'] {(1536 * 2**20,) * 2} (9, 10)"
    assert resource.getrlimit(resource.RLIMIT_CPU)[0] != 9  # the grader itself is unlimited
