"""Errors raised by the grading pipeline.

Each names the student, assignment and file at fault and keeps them as attributes, so the CLI can
print one line and the formgrader can show the same facts without parsing text. A student's broken
or hostile work is *not* an error of the pipeline: it is contained and recorded as a reason in that
student's feedback. These exceptions are for what stops the pipeline or one submission outright.
"""

from __future__ import annotations

from pathlib import Path

from foundation.errors import AcademyError


class GradingError(AcademyError, RuntimeError):
    """The pipeline cannot go on: a course, assignment or gradebook is missing or broken."""


class CourseNotFoundError(GradingError, FileNotFoundError):
    """The course directory or one of its assignments does not exist."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class SubmissionError(AcademyError, ValueError):
    """One submitted notebook cannot be graded as given (not JSON, empty, not a notebook)."""

    def __init__(self, student: str, assignment: str, path: Path | str, reason: str) -> None:
        self.student = student
        self.assignment = assignment
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"student '{student}', assignment '{assignment}', "
                         f"file {self.path.name}: {reason}")


class SandboxError(AcademyError, RuntimeError):
    """The sandbox itself cannot be set up (bwrap missing, user namespaces disabled)."""

