"""Autograde one submission: sanitize in the parent, execute in the sandbox, record in the parent.

For each notebook of the assignment: read and sanitize it (trusted, in this process), run the
student's cells in a fresh sandboxed kernel and the tests in a fresh sandboxed test process on
the caller's worker slot, then score it into the gradebook and write the autograded copy. A
student's broken or hostile notebook never raises: it ends as a score with reasons. Only
failures of the grader itself (the sandbox cannot start) propagate.
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from grading.collect import Submission
from grading.course import Course
from grading.errors import SandboxError, SubmissionError
from grading.execute import execute_notebook
from grading.judge.process import judge_command as test_process_command
from grading.record import (
    cell_error_reasons,
    notebook_scores,
    prepare_autograded_dir,
    record_autogrades,
    record_unreadable,
    register_submission,
)
from grading.results import NotebookResult, SubmissionResult
from grading.runner.base import KernelRunner, Workspace
from grading.sanitize import notebook_resources, read_submitted_notebook, sanitize_notebook
from grading.workspace import create_workspace, remove_workspace

PREFLIGHT_MARK = "academy-sandbox-ok"


def preflight_notebook() -> nbformat.NotebookNode:
    """A student cell and a test cell: the kernel, the test process and the bridge between."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(f"mark = '{PREFLIGHT_MARK}'\nprint(mark)"),
        nbformat.v4.new_code_cell("assert mark == " + repr(PREFLIGHT_MARK))])
    nb.cells[1].metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True,
                                        "grade_id": "preflight", "points": 1}
    return nb


async def check_sandbox(runner: KernelRunner, run_dir: Path) -> None:
    """Run a two-cell notebook on slot 0 and raise :class:`SandboxError` if it fails.

    Once this passes, a kernel that fails to start later is the submission's doing (a file
    shadowing a module ipykernel imports) and is scored as such, not a reason to stop the run.
    When it fails, the runner names the path the sandbox cannot see, where it can tell.
    """
    nb = preflight_notebook()
    empty = Path(tempfile.mkdtemp(prefix="preflight-", dir=run_dir))
    kernel_space = create_workspace(run_dir, "preflight", empty, runner.workspace_owner(0))
    test_space = create_workspace(run_dir, "preflight-tests", empty, runner.workspace_owner(0))
    try:
        report = await execute_notebook(
            nb, runner.kernel_manager(0, kernel_space), runner.limits,
            cwd=runner.process_cwd(kernel_space),
            judge_command=judge_command(runner, 0, test_space),
            judge_cwd=runner.process_cwd(test_space))
    finally:
        await runner.release(0)
        remove_workspace(kernel_space)
        remove_workspace(test_space)
    printed = "".join(output.get("text", "") for output in nb.cells[0].get("outputs", []))
    failed = [output for output in nb.cells[1].get("outputs", [])
              if output.get("output_type") == "error"]
    if report.stop_reason is None and PREFLIGHT_MARK in printed and not failed:
        return
    problem = report.stop_reason or (f"the test process failed: {failed[0].get('evalue')}"
                                     if failed else printed or "no output")
    probe_space = create_workspace(run_dir, "diagnose", empty, runner.workspace_owner(0))
    try:
        diagnosis = await asyncio.to_thread(runner.diagnose, 0, probe_space)
    finally:
        await runner.release(0)
        remove_workspace(probe_space)
    raise SandboxError(f"the {type(runner).__name__} cannot run a trivial notebook: "
                       f"{diagnosis or problem}")


def judge_command(runner: KernelRunner, slot: int, workspace: Workspace) -> list[str]:
    """The test process of one notebook, in the runner's sandbox for ``slot``."""
    return [*runner.sandbox_prefix(slot, workspace), *test_process_command()]


@dataclass(frozen=True)
class AutogradeStep:
    """The course, the runner that starts kernels, and the run's private scratch directory."""

    course: Course
    runner: KernelRunner
    run_dir: Path

    async def grade(self, submission: Submission, slot: int) -> SubmissionResult:
        """Grade every notebook of ``submission`` on worker ``slot``."""
        register_submission(self.course, submission.student, submission.timestamp)
        autograded = prepare_autograded_dir(self.course, submission.student)
        results = [await self._grade_notebook(submission, notebook_id, autograded, slot)
                   for notebook_id in self.course.notebook_ids]
        return SubmissionResult(student=submission.student, notebooks=tuple(results))

    async def _grade_notebook(self, submission: Submission, notebook_id: str,
                              autograded: Path, slot: int) -> NotebookResult:
        student, assignment = submission.student, self.course.assignment
        source = submission.directory / f"{notebook_id}.ipynb"
        destination = autograded / f"{notebook_id}.ipynb"
        resources = notebook_resources(self.course.db_url, assignment, student, notebook_id)
        try:
            nb = read_submitted_notebook(source, student, assignment)
            nb = sanitize_notebook(nb, resources, student=student, assignment=assignment,
                                   path=source)
        except SubmissionError as error:
            reason = f"{source.name} {error.reason}; it scores zero"
            record_unreadable(self.course, student, notebook_id, reason, destination)
            return self._result(student, notebook_id, (reason,))

        owner = self.runner.workspace_owner(slot)
        kernel_space = create_workspace(self.run_dir, f"{student}-{notebook_id}", autograded,
                                        owner)
        # The tests start with the instructor's files only: a student's file beside the
        # notebook must not shadow a module or data file the tests read.
        test_space = create_workspace(self.run_dir, f"{student}-{notebook_id}-tests",
                                      self.course.source_dir, owner)
        try:
            km = self.runner.kernel_manager(slot, kernel_space)
            report = await execute_notebook(
                nb, km, self.runner.limits, cwd=self.runner.process_cwd(kernel_space),
                judge_command=judge_command(self.runner, slot, test_space),
                judge_cwd=self.runner.process_cwd(test_space))
        finally:
            await self.runner.release(slot)
            remove_workspace(kernel_space)
            remove_workspace(test_space)
        reasons = (([report.stop_reason] if report.stop_reason else []) + list(report.notes)
                   + cell_error_reasons(nb))
        record_autogrades(nb, resources, destination, reasons)
        return self._result(student, notebook_id, tuple(reasons))

    def _result(self, student: str, notebook_id: str, reasons: tuple[str, ...]
                ) -> NotebookResult:
        score, maximum = notebook_scores(self.course, student, notebook_id)
        return NotebookResult(student=student, notebook=notebook_id, auto_score=score,
                              max_auto_score=maximum, reasons=reasons)
