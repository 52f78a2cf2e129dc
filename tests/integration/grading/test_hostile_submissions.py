"""One real grading run over correct, partial, wrong, hostile and broken submissions.

Real nbgrader (generate_assignment, collect, feedback), real kernels, real bubblewrap, as root
with per-slot sandbox accounts. Every submission of ``tests/data/grading/submissions.json`` goes
through ONE run (the expensive part, shared by the module's tests); each test then checks one
consequence: scores, reasons, the gradebook, feedback, exports, a re-run.
"""

from __future__ import annotations

import csv
import os
import sqlite3
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from foundation.config.grading import GradingConfig
from grading import GradingRun, grade_assignment
from grading.export import export_course
from grading.latepolicy import LatePolicy

LIMITS = dict(workers=2, cpu_time_s=3, wall_time_s=15, memory_mb=1024, max_processes=64,
              output_limit_bytes=256 * 1024)
"""Small limits keep the run short; the hostile notebooks hit each of them."""
GRADE_CELLS = 5  # speed_tests, speed_hidden, period_tests, period_hidden, explain
ASSIGNMENT = "a1"
NOTEBOOK = "circular_orbits"


@pytest.fixture(scope="module")
def graded(course_copy: Path, submission_specs: dict, submit_specs
           ) -> tuple[Path, Path, GradingRun, dict]:
    """The one grading run: every spec submitted to the exchange, then graded."""
    course_dir = course_copy
    exchange = course_dir.parent / "exchange"
    specs = submission_specs
    submit_specs(course_dir, exchange, specs, grader_pid=os.getpid())
    run = grade_assignment(course_dir, ASSIGNMENT, exchange=exchange, progress=False,
                           config=GradingConfig(**LIMITS))
    return course_dir, exchange, run, specs


def test_every_submission_gets_its_expected_autograded_score(graded) -> None:
    _, _, run, specs = graded
    scores = {result.student: result.auto_score for result in run.results}
    expected = {student: float(spec["expect"]) for student, spec in specs.items()}
    assert scores == expected


def test_each_lost_point_or_stopped_run_has_a_reason_naming_the_cause(graded) -> None:
    _, _, run, specs = graded
    results = run.by_student()
    for student, spec in specs.items():
        reasons = " | ".join(results[student].reasons)
        for expected in spec.get("reasons", []):
            assert expected in reasons, f"{student}: '{expected}' not in {reasons!r}"
        if spec["expect"] == 4:
            assert reasons == "", f"{student} got full marks but reasons {reasons!r}"


def test_sandboxed_code_saw_no_hidden_tests_and_could_not_reach_the_grader(graded) -> None:
    course_dir, _, _, specs = graded
    for student in ("hidden", "killparent"):
        autograded = course_dir / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
        nb = nbformat.read(str(autograded), as_version=4)
        printed = "".join(output.get("text", "") for cell in nb.cells
                          for output in cell.get("outputs", []))
        assert specs[student]["output"] in printed
        assert "HIDDEN TESTS FOUND" not in printed


def test_gradebook_is_intact_and_has_one_row_per_grade_cell(graded) -> None:
    course_dir, _, _, specs = graded
    database = course_dir / "gradebook.db"
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM grade WHERE manual_score = 99").fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM grade").fetchone() == (GRADE_CELLS * len(specs),)
        assert db.execute("SELECT COUNT(*) FROM submitted_assignment").fetchone() == (len(specs),)


def test_feedback_shows_the_reason_and_is_released_to_the_exchange(graded) -> None:
    course_dir, exchange, _, specs = graded
    feedback = course_dir / "feedback" / "loop" / ASSIGNMENT / f"{NOTEBOOK}.html"
    assert "CPU time limit of 3 s exceeded" in feedback.read_text()
    broken = course_dir / "feedback" / "notjson" / ASSIGNMENT / f"{NOTEBOOK}.html"
    assert "is not valid JSON" in broken.read_text()
    released = list((exchange / "orbits" / "feedback").glob("*.html"))
    assert len(released) == len(specs)


def test_a_deleted_scratch_file_is_only_the_submission_copy(graded) -> None:
    course_dir, _, _, _ = graded
    assert (course_dir / "autograded" / "rmfiles" / ASSIGNMENT / "orbits.csv").is_file()
    assert (course_dir / "source" / ASSIGNMENT / "orbits.csv").is_file()


def test_export_applies_the_late_penalty_per_started_day(graded, tmp_path: Path) -> None:
    course_dir, _, run, _ = graded
    policy = LatePolicy(percent_per_day=10.0, cap_percent=50.0)
    export_course(run.course.db_url, run.course.course_id, tmp_path, policy)
    with (tmp_path / "canvas-a1.csv").open() as handle:
        rows = {row[2]: row for row in csv.reader(handle)}
    # 'late' handed in 2.04 days late: 3 started days, 30 % of 4 points off.
    assert rows["late"][5] == "2.8"
    assert rows["correct"][5] == "4"
    with (tmp_path / "nbgrader-grades.csv").open() as handle:
        raw = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert float(raw["late"]["raw_score"]) == 4.0


def test_regrading_some_students_updates_rows_without_duplicates(graded) -> None:
    course_dir, exchange, run, specs = graded
    with Gradebook(run.course.db_url, run.course.course_id) as gradebook:
        grade = gradebook.find_grade("explain", NOTEBOOK, ASSIGNMENT, "correct")
        grade.manual_score = 1.0
        gradebook.db.commit()
    again = grade_assignment(course_dir, ASSIGNMENT, exchange=exchange, progress=False,
                             students=["correct", "partial"], config=GradingConfig(**LIMITS))
    assert {r.student: r.auto_score for r in again.results} == {"correct": 4.0, "partial": 2.0}
    with sqlite3.connect(course_dir / "gradebook.db") as db:
        assert db.execute("SELECT COUNT(*) FROM grade").fetchone() == (GRADE_CELLS * len(specs),)
    with Gradebook(run.course.db_url, run.course.course_id) as gradebook:
        assert gradebook.find_submission(ASSIGNMENT, "correct").score == 5.0
