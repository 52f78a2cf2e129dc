"""kill -9 of `academy grade` in the middle of a run: the re-run finishes the job with every
grade present exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import sqlalchemy

from foundation.config.grading import GradingConfig
from grading import grade_assignment

pytestmark = pytest.mark.slow
ASSIGNMENT = "a1"
GRADE_CELLS = 5  # per submission: speed_tests, speed_hidden, period_tests, period_hidden, explain


def graded_submissions(course_dir: Path) -> dict[str, float]:
    engine = sqlalchemy.create_engine(f"sqlite:///{course_dir / 'gradebook.db'}")
    with engine.connect() as connection:
        rows = connection.execute(sqlalchemy.text(
            "SELECT student.id, sum(coalesce(grade.manual_score, grade.auto_score, 0)) "
            "FROM grade JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id "
            "JOIN submitted_assignment ON submitted_notebook.assignment_id = "
            "submitted_assignment.id JOIN student ON submitted_assignment.student_id = student.id "
            "WHERE grade.auto_score IS NOT NULL GROUP BY student.id")).fetchall()
    engine.dispose()
    return {student: float(score) for student, score in rows}


def grade_rows(course_dir: Path) -> int:
    engine = sqlalchemy.create_engine(f"sqlite:///{course_dir / 'gradebook.db'}")
    with engine.connect() as connection:
        count = connection.execute(sqlalchemy.text("SELECT count(*) FROM grade")).scalar_one()
    engine.dispose()
    return count


def test_kill_9_mid_run_then_rerun(course_copy, submission_specs, submit_specs):
    # Eight students: two of each outcome, so the run is long enough to be caught mid-way.
    base = {name: submission_specs[name] for name in ("correct", "partial", "wrong", "late")}
    specs = {f"{name}{copy}": spec for name, spec in base.items() for copy in (1, 2)}
    exchange = course_copy.parent / "exchange"
    submit_specs(course_copy, exchange, specs, grader_pid=os.getpid())

    grader = subprocess.Popen(
        [str(Path(sys.executable).parent / "academy"), "grade", str(course_copy), ASSIGNMENT,
         "--exchange", str(exchange), "--workers", "1", "--no-progress"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and grader.poll() is None:
        if (course_copy / "gradebook.db").exists() and \
                1 <= len(graded_submissions(course_copy)) < len(specs):
            break
        time.sleep(0.2)
    assert grader.poll() is None, "the grader finished before it could be interrupted"
    partial = graded_submissions(course_copy)
    sandbox_processes = psutil.Process(grader.pid).children(recursive=True)
    grader.send_signal(signal.SIGKILL)
    grader.wait(timeout=30)
    psutil.wait_procs(sandbox_processes, timeout=15)  # bwrap --die-with-parent
    assert 1 <= len(partial) < len(specs)

    grade_assignment(course_copy, ASSIGNMENT, exchange=exchange, progress=False,
                     config=GradingConfig(workers=2))
    scores = graded_submissions(course_copy)
    expected = {student: float(spec["expect"]) for student, spec in specs.items()}
    assert scores == expected
    assert grade_rows(course_copy) == len(specs) * GRADE_CELLS
