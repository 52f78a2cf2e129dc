"""Generate feedback from the autograded notebooks and release it through the exchange.

Both are nbgrader's own steps, run in-process once for the whole batch (one start-up, not one per
student). The grader's notes (limits hit, errors) are already a cell of each autograded notebook,
so they appear in the HTML feedback.
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.apps import NbGraderAPI

from grading.course import Course
from grading.errors import GradingError


def generate_feedback(course: Course, students: list[str] | None = None) -> None:
    """Write ``feedback/<student>/<assignment>/*.html`` for every (or each named) student."""
    api = NbGraderAPI(coursedir=course.coursedir(), config=course.config())
    targets: list[str | None] = list(students) if students is not None else [None]
    for student in targets:
        result = api.generate_feedback(course.assignment, student_id=student, force=True)
        if not result["success"]:
            raise GradingError(f"nbgrader generate_feedback of '{course.assignment}' "
                               f"({student or 'all students'}) failed: "
                               f"{result.get('error') or result.get('log')}")


def release_feedback(course: Course, exchange_dir: Path, students: list[str] | None = None
                     ) -> None:
    """Copy the generated feedback to the exchange, where students fetch it."""
    api = NbGraderAPI(coursedir=course.coursedir(exchange_dir),
                      config=course.config(exchange_dir))
    targets: list[str | None] = list(students) if students is not None else [None]
    for student in targets:
        result = api.release_feedback(course.assignment, student_id=student)
        if not result["success"]:
            raise GradingError(f"nbgrader release_feedback of '{course.assignment}' to "
                               f"{exchange_dir} failed: {result.get('error') or result.get('log')}")
