"""``academy grade`` and ``academy export-grades``: the operator's commands for the pipeline.

:func:`add_commands` registers the sub-commands on the academy CLI's argparse sub-parsers; each
sets ``func`` to a handler taking the parsed arguments and returning an exit status. Expected
failures raise :class:`foundation.errors.AcademyError` subclasses, which the academy CLI prints
without a traceback.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from curriculum.courses import load_courses
from foundation.config.grading import GradingConfig
from foundation.config.platform import PlatformConfig
from grading.errors import CourseNotFoundError
from grading.latepolicy import LatePolicy

if TYPE_CHECKING:
    from grading.pipeline import GradingRun


def resolve_course_dir(course: str) -> Path:
    """``course`` as a directory path, else as a name under the platform's courses directory."""
    path = Path(course)
    if path.is_dir():
        return path.absolute()
    candidate = Path(PlatformConfig().courses_dir) / course
    if candidate.is_dir():
        return candidate
    raise CourseNotFoundError(candidate, f"course '{course}' is neither a directory nor a course "
                              "in ACADEMY_COURSES_DIR")


def format_summary(run: GradingRun) -> str:
    """One line per student: autograded score and the first reasons, for the terminal."""
    lines = [f"{'student':<20} {'score':>9}  notes"]
    for result in run.results:
        score = f"{result.auto_score:g}/{result.max_auto_score:g}"
        notes = "; ".join(result.reasons[:2]) + (" ..." if len(result.reasons) > 2 else "")
        lines.append(f"{result.student:<20} {score:>9}  {notes}")
    return "\n".join(lines)


def run_grade(args: argparse.Namespace) -> int:
    """Handler of ``academy grade``."""
    from grading.pipeline import grade_assignment  # nbgrader and jupyter_client: seconds

    run = grade_assignment(resolve_course_dir(args.course), args.assignment,
                           exchange=args.exchange, workers=args.workers,
                           progress=not args.no_progress, students=args.student or None,
                           feedback=not args.no_feedback)
    print(format_summary(run))
    return 0


def course_late_policy(course_id: str, config: GradingConfig) -> LatePolicy:
    """The course's ``[late_policy]`` from its course.toml, else the platform's."""
    courses_dir = Path(PlatformConfig().courses_dir)
    for course in load_courses(courses_dir):
        if course.id == course_id:
            return LatePolicy.for_course(course.extra.get("late_policy"), config,
                                         str(course.directory / "course.toml"))
    return LatePolicy.from_config(config)


def run_export(args: argparse.Namespace) -> int:
    """Handler of ``academy export-grades``."""
    from grading.course import load_course
    from grading.export import export_course

    config = GradingConfig()
    course_dir = resolve_course_dir(args.course)
    course = load_course(course_dir, args.assignment, config)
    out_dir = Path(args.output) if args.output else course_dir / "exports"
    for path in export_course(course.db_url, course.course_id, out_dir,
                              course_late_policy(course.course_id, config)):
        print(path)
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``grade`` and ``export-grades`` on the academy CLI."""
    grade = subparsers.add_parser(
        "grade", help="collect, autograde (sandboxed, in parallel) and release feedback",
        description="Collect the submissions of an assignment from the exchange (or take those "
                    "already in submitted/), autograde each in its own sandbox, then generate "
                    "and release feedback. Safe to run again.")
    grade.add_argument("course", help="course directory, or a course name in "
                       "ACADEMY_COURSES_DIR")
    grade.add_argument("assignment", help="assignment id, e.g. a1")
    grade.add_argument("--exchange", type=Path, default=None,
                       help="nbgrader exchange directory (default: <ACADEMY_DATA_DIR>/exchange)")
    grade.add_argument("--workers", type=int, default=None,
                       help="submissions graded at once (default: ACADEMY_GRADING_WORKERS, "
                       "else the number of CPU cores)")
    grade.add_argument("--student", action="append", metavar="ID",
                       help="grade only this student (repeat for several)")
    grade.add_argument("--no-feedback", action="store_true",
                       help="autograde only; skip generating and releasing feedback")
    grade.add_argument("--no-progress", action="store_true", help="no progress bar")
    grade.set_defaults(func=run_grade)

    export = subparsers.add_parser(
        "export-grades", help="write nbgrader, Moodle and Canvas grade CSVs with late penalties")
    export.add_argument("course", help="course directory, or a course name")
    export.add_argument("assignment", help="any assignment of the course (checks the gradebook)")
    export.add_argument("--output", help="directory for the CSV files (default: "
                        "<course>/exports)")
    export.set_defaults(func=run_export)
