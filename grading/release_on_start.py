"""Generate and release a course's assignments when its formgrader starts (run beside it).

``python -m grading.release_on_start`` in the course's grading directory, started by
:mod:`grading.formgrader_service` with the same environment. Which assignments:
``ACADEMY_RELEASE_ASSIGNMENTS``, shell patterns over ``<course>/<assignment>`` (every one in the
demo). An assignment already in the exchange is left alone, so restarts change nothing and an
instructor's "unrelease" in the formgrader is not undone until the next term's fresh exchange.
"""

from __future__ import annotations

import fnmatch
import logging
import os
from pathlib import Path

from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config

from curriculum.content import load_course_content
from curriculum.courses import load_courses
from foundation.config.grading import split_patterns
from grading.errors import GradingError

LOG = logging.getLogger("academy.formgrader.release")


def nbgrader_config(root: Path, course_id: str, exchange: Path) -> Config:
    config = Config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.course_id = course_id
    config.Exchange.root = str(exchange)
    config.Exchange.path_includes_course = True
    return config


def is_released(exchange: Path, course_id: str, assignment_id: str) -> bool:
    return (exchange / course_id / "outbound" / assignment_id).is_dir()


def assignments_to_release(course_id: str, assignment_ids: list[str],
                           patterns: list[str]) -> list[str]:
    """The ids whose '<course>/<assignment>' matches one of the shell ``patterns``."""
    return [aid for aid in assignment_ids
            if any(fnmatch.fnmatchcase(f"{course_id}/{aid}", pattern) for pattern in patterns)]


def release_assignments(root: Path, course_id: str, exchange: Path,
                        assignment_ids: list[str]) -> list[str]:
    """Generate and release each assignment not yet in the exchange; return those released.

    A failure names the assignment and nbgrader's log, and the others still go out: one broken
    notebook must not keep a whole course from its assignments.
    """
    config = nbgrader_config(root, course_id, exchange)
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    released: list[str] = []
    failures: list[str] = []
    for number, assignment_id in enumerate(assignment_ids, start=1):
        if is_released(exchange, course_id, assignment_id):
            continue
        LOG.info("[%d/%d] releasing %s/%s", number, len(assignment_ids), course_id,
                 assignment_id)
        for step in (api.generate_assignment, api.release_assignment):
            result = step(assignment_id)
            if not result["success"]:
                failures.append(f"{assignment_id}: {step.__name__} failed: "
                                f"{result.get('error') or result.get('log')}")
                break
        else:
            released.append(assignment_id)
    for failure in failures:
        LOG.error("%s", failure)
    return released


def course_assignment_ids(courses_dir: Path, course_id: str) -> list[str]:
    """Every nbgrader assignment id of the course (one per assignment and language)."""
    courses = {course.id: course for course in load_courses(courses_dir)}
    if course_id not in courses:
        raise GradingError(f"course '{course_id}' is not in {courses_dir}")
    content = load_course_content(courses[course_id])
    return [assignment.nbgrader_id(language) for assignment in content.assignments
            for language in assignment.languages]


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="[release %(asctime)s] %(message)s")
    course_id = os.environ["ACADEMY_COURSE_ID"]
    ids = course_assignment_ids(Path(os.environ["ACADEMY_COURSES_DIR"]), course_id)
    chosen = assignments_to_release(
        course_id, ids, split_patterns(os.environ.get("ACADEMY_RELEASE_ASSIGNMENTS", "")))
    released = release_assignments(Path(os.environ["ACADEMY_GRADING_ROOT"]), course_id,
                                   Path(os.environ["ACADEMY_EXCHANGE_DIR"]), chosen)
    LOG.info("course %s: released %s", course_id, released or "nothing new")


if __name__ == "__main__":
    main()
