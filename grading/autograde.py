"""Autograde one submission: sanitize in the parent, execute in the sandbox, record in the parent.

For each notebook of the assignment: read and sanitize it (trusted, in this process), run it in a
fresh sandboxed kernel on the caller's worker slot, then score it into the gradebook and write the
autograded copy. A student's broken or hostile notebook never raises: it ends as a score with
reasons. Only failures of the grader itself (the sandbox cannot start) propagate.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from grading.collect import Submission
from grading.course import Course
from grading.errors import SandboxError, SubmissionError
from grading.execute import execute_notebook
from grading.record import (
    cell_error_reasons,
    notebook_scores,
    prepare_autograded_dir,
    record_autogrades,
    record_unreadable,
    register_submission,
)
from grading.results import NotebookResult, SubmissionResult
from grading.runner.base import KernelRunner
from grading.sanitize import notebook_resources, read_submitted_notebook, sanitize_notebook
from grading.workspace import create_workspace, remove_workspace

PREFLIGHT_MARK = "academy-sandbox-ok"


async def check_sandbox(runner: KernelRunner, run_dir: Path) -> None:
    """Run a one-line notebook on slot 0 and raise :class:`SandboxError` if it fails.

    Once this passes, a kernel that fails to start later is the submission's doing (a file
    shadowing a module ipykernel imports) and is scored as such, not a reason to stop the run.
    """
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"print('{PREFLIGHT_MARK}')")])
    empty = Path(tempfile.mkdtemp(prefix="preflight-", dir=run_dir))
    workspace = create_workspace(run_dir, "preflight", empty, runner.workspace_owner(0))
    try:
        report = await execute_notebook(nb, runner.kernel_manager(0, workspace), runner.limits,
                                        cwd=workspace.scratch_dir)
    finally:
        await runner.release(0)
        remove_workspace(workspace)
    printed = "".join(output.get("text", "") for output in nb.cells[0].get("outputs", []))
    if report.stop_reason is not None or PREFLIGHT_MARK not in printed:
        raise SandboxError(f"the {type(runner).__name__} cannot run a trivial notebook: "
                           f"{report.stop_reason or printed or 'no output'}")


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

        workspace = create_workspace(self.run_dir, f"{student}-{notebook_id}", autograded,
                                     self.runner.workspace_owner(slot))
        try:
            km = self.runner.kernel_manager(slot, workspace)
            report = await execute_notebook(nb, km, self.runner.limits,
                                            cwd=workspace.scratch_dir)
        finally:
            await self.runner.release(slot)
            remove_workspace(workspace)
        reasons = ([report.stop_reason] if report.stop_reason else []) + cell_error_reasons(nb)
        record_autogrades(nb, resources, destination, reasons)
        return self._result(student, notebook_id, tuple(reasons))

    def _result(self, student: str, notebook_id: str, reasons: tuple[str, ...]
                ) -> NotebookResult:
        score, maximum = notebook_scores(self.course, student, notebook_id)
        return NotebookResult(student=student, notebook=notebook_id, auto_score=score,
                              max_auto_score=maximum, reasons=reasons)
