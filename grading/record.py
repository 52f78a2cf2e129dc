"""Record scores in the gradebook and write the autograded notebooks: parent process only.

Everything here runs in the grader's event-loop thread, one call at a time, so gradebook writes
are serialized without locks and no sandbox ever holds a handle on the database.
"""

from __future__ import annotations

import datetime
import shutil
import warnings
from pathlib import Path

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.preprocessors import LimitOutput, SaveAutoGrades
from sqlalchemy.exc import SAWarning

from grading.course import Course
from grading.execute import NOT_EXECUTED

NOTES_METADATA_KEY = "academy_grading_notes"
"""Metadata flag of the markdown cell that carries the grader's notes into the feedback."""

_MAX_REASON_CHARS = 300


def register_submission(course: Course, student: str,
                        timestamp: datetime.datetime | None) -> None:
    """Create or update the student and the submission (with its timestamp) in the gradebook.

    ``update_or_create`` makes re-running the pipeline update rows instead of adding any.
    """
    with Gradebook(course.db_url, course.course_id) as gradebook, warnings.catch_warnings():
        # nbgrader's own update_or_create_submission trips SQLAlchemy's autoflush warning.
        warnings.simplefilter("ignore", SAWarning)
        gradebook.update_or_create_student(student)
        if timestamp is not None:
            gradebook.update_or_create_submission(course.assignment, student,
                                                  timestamp=timestamp)
        else:
            gradebook.update_or_create_submission(course.assignment, student)


def copy_regular_files(source: Path, destination: Path, *, skip_notebooks: bool,
                       skip_names: frozenset[str] = frozenset()) -> None:
    """Copy the regular files under ``source`` into ``destination``, keeping the layout.

    Symbolic links and special files are skipped, never followed: a student could otherwise
    submit a link to the gradebook and have the (privileged) grader copy it into the sandbox.
    """
    for path in sorted(source.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        if any((source / part).is_symlink() for part in path.relative_to(source).parents
               if part != Path(".")):
            continue
        if (skip_notebooks and path.suffix == ".ipynb") or path.name in skip_names:
            continue
        target = destination / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def prepare_autograded_dir(course: Course, student: str) -> Path:
    """A fresh ``autograded/<student>/<assignment>/`` with the student's and the instructor's
    supporting files (instructor's win), as nbgrader's autograde lays it out."""
    destination = course.autograded_dir(student)
    if destination.exists():
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    copy_regular_files(course.submitted_dir(student), destination, skip_notebooks=True)
    copy_regular_files(course.source_dir, destination, skip_notebooks=True)
    return destination


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _MAX_REASON_CHARS else text[:_MAX_REASON_CHARS] + "..."


def cell_error_reasons(nb: NotebookNode) -> list[str]:
    """One reason per cell that ended in an error, naming the cell ("test 'speed_tests'")."""
    reasons = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") != "error" or output.get("ename") == NOT_EXECUTED:
                continue
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade"):
                where = f"test '{meta.get('grade_id')}'"
            elif meta.get("solution"):
                where = f"your cell '{meta.get('grade_id')}'"
            else:
                where = f"cell {index + 1}"
            reasons.append(_short(f"{where}: {output.get('ename')}: {output.get('evalue')}"))
    return reasons


def add_notes_cell(nb: NotebookNode, reasons: list[str]) -> None:
    """Put the grader's notes first in the notebook, where the feedback shows them."""
    if not reasons:
        return
    lines = "\n".join(f"- {reason}" for reason in reasons)
    cell = nbformat.v4.new_markdown_cell(f"**Autograder notes**\n\n{lines}")
    cell.metadata[NOTES_METADATA_KEY] = True
    nb.cells.insert(0, cell)


def record_autogrades(nb: NotebookNode, resources: ResourcesDict, destination: Path,
                      reasons: list[str]) -> None:
    """Score the executed notebook into the gradebook and write it to ``destination``.

    ``LimitOutput`` trims long outputs first, as nbgrader's autograde does; ``SaveAutoGrades``
    never overwrites a manual score already given.
    """
    nb, resources = LimitOutput().preprocess(nb, resources)
    nb, resources = SaveAutoGrades().preprocess(nb, resources)
    add_notes_cell(nb, reasons)
    nbformat.write(nb, str(destination))


def record_unreadable(course: Course, student: str, notebook_id: str, reason: str,
                      destination: Path) -> None:
    """Score zero for every cell of a notebook that could not be graded, and leave a notebook
    saying why, so the feedback step has something to show the student."""
    with Gradebook(course.db_url, course.course_id) as gradebook:
        submission = gradebook.find_submission_notebook(notebook_id, course.assignment, student)
        for grade in submission.grades:
            grade.auto_score = 0
            grade.needs_manual_grade = False
        gradebook.db.commit()
    nb = nbformat.v4.new_notebook()
    add_notes_cell(nb, [reason])
    nbformat.write(nb, str(destination))


def notebook_scores(course: Course, student: str, notebook_id: str) -> tuple[float, float]:
    """(auto score, max auto score) of one notebook, as the gradebook now holds them."""
    with Gradebook(course.db_url, course.course_id) as gradebook:
        submission = gradebook.find_submission_notebook(notebook_id, course.assignment, student)
        auto = sum(grade.auto_score or 0.0 for grade in submission.grades
                   if grade.cell.cell_type == "code")
        maximum = sum(grade.max_score for grade in submission.grades
                      if grade.cell.cell_type == "code")
    return float(auto), float(maximum)
