"""Collect submissions: from nbgrader's filesystem exchange, or as already in ``submitted/``.

Collecting is nbgrader's own step (``nbgrader collect``), run in-process through ``NbGraderAPI``
so the exchange backend stays an nbgrader configuration choice. What this module adds is the list
of submissions the rest of the pipeline works on.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from nbgrader.apps import NbGraderAPI

from grading.course import Course
from grading.errors import GradingError


@dataclass(frozen=True)
class Submission:
    """One student's submitted assignment directory and when it was handed in (UTC)."""

    student: str
    directory: Path
    timestamp: datetime.datetime | None


def remove_planted_links(exchange_dir: Path, course_id: str, assignment: str) -> list[Path]:
    """Delete every symbolic link in the exchange's inbound submissions of ``assignment``.

    The inbound directory is writable by all students, and nbgrader's collect copies with
    ``shutil.copytree``, which follows links with the grader's rights: a link named like the
    notebook and pointing at the instructor's source would be collected as the student's work,
    one pointing at the gradebook would be copied next to it. Only the links are removed, never
    what they point to. Returns the removed links, so the caller can report them.
    """
    inbound = exchange_dir / course_id / "inbound"
    removed: list[Path] = []
    for entry in sorted(inbound.glob(f"*+{assignment}+*")):
        if entry.is_symlink():
            entry.unlink()
            removed.append(entry)
            continue
        for directory, dirnames, filenames in os.walk(entry):
            for name in [*dirnames, *filenames]:
                path = Path(directory) / name
                if path.is_symlink():
                    path.unlink()
                    removed.append(path)
    return removed


def collect_from_exchange(course: Course, exchange_dir: Path) -> list[Path]:
    """Copy the newest submission of every student from the exchange into ``submitted/``.

    Symbolic links planted in the exchange are removed first (:func:`remove_planted_links`);
    they are returned. nbgrader's collect replaces a student's earlier collected copy only when
    the exchange has a newer one, so running it again is harmless.
    """
    removed = remove_planted_links(exchange_dir, course.course_id, course.assignment)
    api = NbGraderAPI(coursedir=course.coursedir(exchange_dir), config=course.config(exchange_dir))
    result = api.collect(course.assignment, update=True)
    if not result["success"]:
        raise GradingError(f"nbgrader collect of '{course.assignment}' from {exchange_dir} "
                           f"failed: {result.get('error') or result.get('log')}")
    return removed


def find_submissions(course: Course, students: list[str] | None = None) -> list[Submission]:
    """Every ``submitted/<student>/<assignment>/`` of the course, sorted by student id.

    ``students`` restricts the list (re-grading a few); naming a student with no submission is
    an error rather than a silent zero.
    """
    coursedir = course.coursedir()
    submitted_root = course.root / "submitted"
    found = sorted(path.parent.name for path in submitted_root.glob(f"*/{course.assignment}")
                   if path.is_dir() and not path.is_symlink())
    if students is not None:
        missing = sorted(set(students) - set(found))
        if missing:
            raise GradingError(f"no submission of '{course.assignment}' in {submitted_root} "
                               f"for: {', '.join(missing)}")
        found = [student for student in found if student in set(students)]
    return [Submission(student=student, directory=course.submitted_dir(student),
                       timestamp=coursedir.get_existing_timestamp(
                           str(course.submitted_dir(student))))
            for student in found]
