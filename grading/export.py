"""Export grades: nbgrader's CSV, and gradebook CSVs that Moodle and Canvas import.

Layouts (as documented by each LMS for grade import):

* Moodle ("Import grades - CSV file"): one row per student; a column to identify the user
  (we give ``Username``, ``ID number`` and ``Email address``; choose one under "Identify user by")
  and one column per grade item, mapped at import. Item headers follow Moodle's own export,
  ``<name> (Real)``.
* Canvas ("Import grades in the Gradebook"): ``Student`` (``Last, First``), ``ID``,
  ``SIS User ID``, ``SIS Login ID``, ``Section``, then one column per assignment; a second row
  ``Points Possible`` gives each assignment's maximum. A column Canvas does not know becomes a new
  assignment, so the Canvas files hold assignments only; course totals go to ``totals.csv``.

Scores are after the course's late penalty (:mod:`grading.latepolicy`); nbgrader's CSV keeps
the raw scores. Functions that build tables are pure, so they are tested against hand-computed
tables; only :func:`read_score_rows` and :func:`export_course` touch the gradebook and disk.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import CsvExportPlugin

from grading.latepolicy import LatePolicy

Table = list[list[str]]


@dataclass(frozen=True)
class ScoreRow:
    """One student's raw result for one assignment, as the gradebook holds it."""

    student_id: str
    first_name: str
    last_name: str
    email: str
    assignment: str
    raw_score: float
    max_score: float
    submitted: datetime.datetime | None
    due: datetime.datetime | None


@dataclass(frozen=True)
class FinalScore:
    """A :class:`ScoreRow` after the late policy."""

    row: ScoreRow
    days_late: int
    penalty: float

    @property
    def score(self) -> float:
        return round(max(0.0, self.row.raw_score - self.penalty), 2)


def _number(value: float) -> str:
    """Scores as LMS importers read them: no trailing zeros, dot decimal ("3.6", "4")."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def apply_late_policy(rows: Sequence[ScoreRow], policy: LatePolicy) -> list[FinalScore]:
    """Each row with its days late and penalty under ``policy``."""
    return [FinalScore(row=row, days_late=policy.days_late(row.submitted, row.due),
                       penalty=policy.penalty_points(row.raw_score, row.submitted, row.due))
            for row in rows]


def _students(scores: Sequence[FinalScore]) -> list[ScoreRow]:
    first_rows: dict[str, ScoreRow] = {}
    for score in scores:
        first_rows.setdefault(score.row.student_id, score.row)
    return [first_rows[student] for student in sorted(first_rows)]


def _assignments(scores: Sequence[FinalScore]) -> list[str]:
    return sorted({score.row.assignment for score in scores})


def _lookup(scores: Sequence[FinalScore]) -> dict[tuple[str, str], FinalScore]:
    return {(score.row.student_id, score.row.assignment): score for score in scores}


def moodle_table(scores: Sequence[FinalScore], assignments: Sequence[str] | None = None) -> Table:
    """Moodle grade-import rows for ``assignments`` (default: all in ``scores``)."""
    names = list(assignments) if assignments is not None else _assignments(scores)
    by_key = _lookup(scores)
    table = [["Username", "ID number", "First name", "Last name", "Email address",
              *(f"{name} (Real)" for name in names)]]
    for student in _students(scores):
        table.append([student.student_id, student.student_id, student.first_name,
                      student.last_name, student.email,
                      *(_number(by_key[(student.student_id, name)].score) for name in names)])
    return table


def canvas_table(scores: Sequence[FinalScore], assignments: Sequence[str] | None = None) -> Table:
    """Canvas gradebook-import rows, with the ``Points Possible`` row Canvas reads maxima from."""
    names = list(assignments) if assignments is not None else _assignments(scores)
    by_key = _lookup(scores)
    maxima = {name: next(s.row.max_score for s in scores if s.row.assignment == name)
              for name in names}
    table = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *names],
             ["    Points Possible", "", "", "", "", *(_number(maxima[n]) for n in names)]]
    for student in _students(scores):
        display = (f"{student.last_name}, {student.first_name}"
                   if student.last_name or student.first_name else student.student_id)
        table.append([display, "", student.student_id, student.student_id, "",
                      *(_number(by_key[(student.student_id, name)].score) for name in names)])
    return table


def totals_table(scores: Sequence[FinalScore]) -> Table:
    """Course totals per student: each assignment after penalty, total, maximum, percent."""
    names = _assignments(scores)
    by_key = _lookup(scores)
    course_max = sum(next(s.row.max_score for s in scores if s.row.assignment == name)
                     for name in names)
    table = [["student_id", *names, "total", "max_total", "percent"]]
    for student in _students(scores):
        finals = [by_key[(student.student_id, name)].score for name in names]
        total = round(sum(finals), 2)
        percent = round(100.0 * total / course_max, 2) if course_max else 0.0
        table.append([student.student_id, *(_number(f) for f in finals), _number(total),
                      _number(course_max), _number(percent)])
    return table


def write_csv(path: Path, table: Table) -> Path:
    """Write ``table`` as UTF-8 CSV (quoted as needed), creating the directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(table)
    return path


def read_score_rows(db_url: str, course_id: str) -> list[ScoreRow]:
    """Every (student, assignment) of the gradebook; no submission scores zero."""
    rows = []
    with Gradebook(db_url, course_id) as gradebook:
        for assignment in gradebook.assignments:
            for student in gradebook.students:
                try:
                    submission = gradebook.find_submission(assignment.name, student.id)
                except MissingEntry:
                    raw, submitted = 0.0, None
                else:
                    raw, submitted = float(submission.score), submission.timestamp
                rows.append(ScoreRow(
                    student_id=student.id, first_name=student.first_name or "",
                    last_name=student.last_name or "", email=student.email or "",
                    assignment=assignment.name, raw_score=raw,
                    max_score=float(assignment.max_score), submitted=submitted,
                    due=assignment.duedate))
    return rows


def export_course(db_url: str, course_id: str, out_dir: Path, policy: LatePolicy) -> list[Path]:
    """Write every export of the course to ``out_dir``; returns the files written.

    ``nbgrader-grades.csv`` (nbgrader's own format, raw scores), ``moodle-<assignment>.csv`` and
    ``canvas-<assignment>.csv`` per assignment, ``moodle-course.csv`` and ``canvas-course.csv``
    with every assignment, and ``totals.csv``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    nbgrader_csv = out_dir / "nbgrader-grades.csv"
    with Gradebook(db_url, course_id) as gradebook:
        CsvExportPlugin(to=str(nbgrader_csv)).export(gradebook)
    scores = apply_late_policy(read_score_rows(db_url, course_id), policy)
    written = [nbgrader_csv]
    for name in _assignments(scores):
        written.append(write_csv(out_dir / f"moodle-{name}.csv", moodle_table(scores, [name])))
        written.append(write_csv(out_dir / f"canvas-{name}.csv", canvas_table(scores, [name])))
    written.append(write_csv(out_dir / "moodle-course.csv", moodle_table(scores)))
    written.append(write_csv(out_dir / "canvas-course.csv", canvas_table(scores)))
    written.append(write_csv(out_dir / "totals.csv", totals_table(scores)))
    return written
