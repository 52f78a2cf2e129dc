"""The grading pipeline: load course -> collect -> autograde in sandboxes -> feedback.

:func:`grade_assignment` is what the operator's ``academy grade`` command and the formgrader
action call. Every step is a function of the previous step's result; parallelism is the
scheduler's business, sandboxing the runner's.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

from foundation.config.grading import GradingConfig
from foundation.config.platform import PlatformConfig
from grading.autograde import AutogradeStep, check_sandbox
from grading.collect import collect_from_exchange, find_submissions
from grading.course import Course, load_course
from grading.feedback import generate_feedback, release_feedback
from grading.results import SubmissionResult
from grading.runner import RUNNER_CLASSES, ResourceLimits
from grading.scheduler import run_on_slots
from grading.workspace import run_directory

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class GradingRun:
    """What one run of the pipeline graded."""

    course: Course
    results: tuple[SubmissionResult, ...]

    def by_student(self) -> dict[str, SubmissionResult]:
        return {result.student: result for result in self.results}


def exchange_has_course(exchange_dir: Path | None, course_id: str) -> bool:
    """True when the exchange holds an inbound directory for the course (there is something
    to collect); otherwise the pipeline grades what is already in ``submitted/``."""
    return exchange_dir is not None and (Path(exchange_dir) / course_id / "inbound").is_dir()


async def grade_assignment_async(course_dir: Path | str, assignment: str, *,
                                 exchange: Path | str | None = None, workers: int | None = None,
                                 progress: bool = True, students: list[str] | None = None,
                                 feedback: bool = True,
                                 config: GradingConfig | None = None) -> GradingRun:
    """:func:`grade_assignment` for callers that already run an event loop (the hub)."""
    config = config or GradingConfig()
    if workers is not None:
        config.workers = workers
    course = load_course(course_dir, assignment, config)
    exchange_dir = Path(exchange) if exchange is not None else PlatformConfig().exchange_dir
    if exchange_has_course(exchange_dir, course.course_id):
        for link in collect_from_exchange(course, exchange_dir):
            LOG.warning("removed symbolic link %s planted in the exchange", link)
    submissions = find_submissions(course, students)
    runner = RUNNER_CLASSES[config.runner](limits=ResourceLimits.from_config(config))
    runner.prepare(max(1, min(config.workers, len(submissions))))
    with run_directory() as run_dir:
        if submissions:
            await check_sandbox(runner, run_dir)
        step = AutogradeStep(course=course, runner=runner, run_dir=run_dir)
        results = await run_on_slots(submissions, config.workers, step.grade, progress=progress,
                                     description=f"autograding {assignment}")
    if feedback and submissions:
        graded = [s.student for s in submissions] if students is not None else None
        generate_feedback(course, graded)
        if exchange_has_course(exchange_dir, course.course_id):
            release_feedback(course, exchange_dir, graded)
    return GradingRun(course=course, results=tuple(results))


def grade_assignment(course_dir: Path | str, assignment: str, *,
                     exchange: Path | str | None = None, workers: int | None = None,
                     progress: bool = True, students: list[str] | None = None,
                     feedback: bool = True, config: GradingConfig | None = None) -> GradingRun:
    """Collect, autograde (sandboxed, ``workers`` at a time) and give feedback for an assignment.

    ``exchange`` defaults to the platform's exchange directory; when it holds nothing for the
    course, the submissions already in ``submitted/`` are graded. ``students`` limits the run to
    some students. Running it again re-grades: rows in the gradebook are updated, never
    duplicated, and manual scores are kept.
    """
    return asyncio.run(grade_assignment_async(
        course_dir, assignment, exchange=exchange, workers=workers, progress=progress,
        students=students, feedback=feedback, config=config))
