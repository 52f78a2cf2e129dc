"""Shared set-up of the grading integration tests: a generated copy of the test course and
submissions built from ``tests/data/grading/submissions.json``.

``benchmarks/autograde.py`` loads this file by path to build the same submissions, so the
helpers below are plain functions; the fixtures only wire them to pytest's temporary directories.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sys
import uuid
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "grading"
COURSE_FIXTURE = DATA_DIR / "orbits"
SUBMISSIONS_FILE = DATA_DIR / "submissions.json"
COURSE_ID = "orbits"
ASSIGNMENT = "a1"
NOTEBOOK = "circular_orbits"
DUE_UTC = datetime.datetime(2026, 11, 1, 12, 0, 0)
"""Due date of a1 in the generated course (naive UTC, as nbgrader stores it)."""


def load_submission_specs() -> dict[str, dict]:
    """Student id -> how to build that student's notebook and what score it must get."""
    return json.loads(SUBMISSIONS_FILE.read_text())


def generate_assignment(course_dir: Path, course_id: str, assignment: str,
                        due: datetime.datetime = DUE_UTC) -> None:
    """``nbgrader generate_assignment`` in ``course_dir`` (its sources in place), then the due
    date (naive UTC) in the gradebook."""
    config = Config()
    config.CourseDirectory.root = str(course_dir)
    config.CourseDirectory.course_id = course_id
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    # A new gradebook runs the `alembic` command, found on PATH: the venv's, unactivated.
    path = os.environ.get("PATH", "")
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{path}"
    try:
        result = api.generate_assignment(assignment)
    finally:
        os.environ["PATH"] = path
    assert result["success"], result.get("error") or result.get("log")
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}", course_id) as gradebook:
        gradebook.update_or_create_assignment(assignment, duedate=due)


def generate_course(destination: Path) -> Path:
    """Copy the test course to ``destination`` and run ``nbgrader generate_assignment a1``."""
    shutil.copytree(COURSE_FIXTURE, destination)
    generate_assignment(destination, COURSE_ID, ASSIGNMENT)
    return destination


def fill_placeholders(text: str, placeholders: dict[str, str]) -> str:
    """``text`` with ``{name}`` replaced by the real path or pid a hostile submission targets."""
    for name, value in placeholders.items():
        text = text.replace("{" + name + "}", value)
    return text


def build_notebook_text(release_notebook: Path, spec: dict, placeholders: dict[str, str]) -> str:
    """The submitted file for ``spec``: the released notebook with the student's cells."""
    if "raw" in spec:
        return spec["raw"]
    nb = nbformat.read(str(release_notebook), as_version=4)
    kept = []
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in spec.get("delete", []):
            continue
        if grade_id in spec.get("cells", {}):
            cell.source = fill_placeholders(spec["cells"][grade_id], placeholders)
        if grade_id in spec.get("replace", {}):
            cell.source = spec["replace"][grade_id]
        kept.append(cell)
    nb.cells = kept
    return nbformat.writes(nb)


def submit_to_exchange(exchange: Path, student: str, text: str | None,
                       timestamp: datetime.datetime, files: dict[str, str] | None = None,
                       links: dict[str, str] | None = None) -> None:
    """Put a submission in the exchange inbound, laid out as ``nbgrader submit`` does.

    ``text`` None leaves the notebook out; ``links`` are symbolic links planted beside it, as a
    student with write access to the world-writable inbound could.
    """
    stamp = timestamp.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    inbound = exchange / COURSE_ID / "inbound" / f"{student}+{ASSIGNMENT}+{stamp}+x{os.getpid()}"
    inbound.mkdir(parents=True)
    if text is not None:
        (inbound / f"{NOTEBOOK}.ipynb").write_text(text)
    for name, content in (files or {}).items():
        (inbound / name).write_text(content)
    for name, target in (links or {}).items():
        (inbound / name).symlink_to(target)
    (inbound / "timestamp.txt").write_text(stamp)
    # nbgrader submit writes a random secret; release_feedback names the feedback file with it.
    (inbound / "submission_secret.txt").write_text(uuid.uuid4().hex)


def submit_all(course_dir: Path, exchange: Path, specs: dict[str, dict],
               grader_pid: int) -> None:
    """Submit every spec to the exchange; hostile ones get the real paths they go after."""
    placeholders = {
        "other_submission": str(course_dir / "submitted" / "correct" / ASSIGNMENT
                                / f"{NOTEBOOK}.ipynb"),
        "gradebook": str(course_dir / "gradebook.db"),
        "source_notebook": str(course_dir / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"),
        "grader_pid": str(grader_pid),
    }
    release = course_dir / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    for student, spec in specs.items():
        days_late = spec.get("days_late")
        when = (DUE_UTC + datetime.timedelta(days=days_late) if days_late
                else DUE_UTC - datetime.timedelta(hours=5))
        links = {name: fill_placeholders(target, placeholders)
                 for name, target in spec.get("raw_links", {}).items()}
        text = (build_notebook_text(release, spec, placeholders)
                if "raw_links" not in spec else None)
        submit_to_exchange(exchange, student, text, when, spec.get("files"), links)


@pytest.fixture(scope="session")
def generated_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pristine generated course; tests that change it copy it first."""
    return generate_course(tmp_path_factory.mktemp("course") / COURSE_ID)


@pytest.fixture(scope="module")
def course_copy(generated_course: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the generated course for one test module."""
    destination = tmp_path_factory.mktemp("graded") / COURSE_ID
    shutil.copytree(generated_course, destination)
    return destination


@pytest.fixture(scope="session")
def submission_specs() -> dict[str, dict]:
    """The specs of ``tests/data/grading/submissions.json``."""
    return load_submission_specs()


@pytest.fixture(scope="session")
def nbgrader_generate():
    """:func:`generate_assignment`, for test modules (which cannot import this conftest)."""
    return generate_assignment


@pytest.fixture(scope="session")
def submit_specs():
    """:func:`submit_all`, for test modules (which cannot import this conftest)."""
    return submit_all
