"""The same sandboxed grading with the gradebook on PostgreSQL (ACADEMY_GRADEBOOK_URL): scores
land in the real engine, and a re-run updates rows instead of duplicating them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import sqlalchemy
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config

from foundation.config.grading import GradingConfig
from grading import grade_assignment

pytestmark = pytest.mark.slow
ASSIGNMENT, COURSE_ID = "a1", "orbits"


def regenerate_on(course_dir: Path, db_url: str) -> None:
    """nbgrader generate_assignment with the gradebook at ``db_url`` (creates its schema)."""
    config = Config()
    config.CourseDirectory.root = str(course_dir)
    config.CourseDirectory.course_id = COURSE_ID
    config.CourseDirectory.db_url = db_url
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    result = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config) \
        .generate_assignment(ASSIGNMENT, force=True)
    assert result["success"], result.get("error") or result.get("log")


def count_grade_rows(db_url: str) -> int:
    engine = sqlalchemy.create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(sqlalchemy.text("SELECT count(*) FROM grade")).scalar_one()
    engine.dispose()
    return rows


def test_grading_with_a_postgresql_gradebook(course_copy, submission_specs, submit_specs,
                                             postgres):
    db_url = postgres.create_database("gradebook_orbits")
    regenerate_on(course_copy, db_url)
    specs = {name: submission_specs[name] for name in ("correct", "partial", "wrong")}
    exchange = course_copy.parent / "exchange"
    submit_specs(course_copy, exchange, specs, grader_pid=os.getpid())
    config = GradingConfig(gradebook_url=db_url, workers=2)

    grade_assignment(course_copy, ASSIGNMENT, exchange=exchange, progress=False, config=config)
    with Gradebook(db_url, COURSE_ID) as gradebook:
        scores = {name: gradebook.find_submission(ASSIGNMENT, name).score for name in specs}
    assert scores == {name: float(spec["expect"]) for name, spec in specs.items()}
    rows = count_grade_rows(db_url)
    assert rows > 0

    grade_assignment(course_copy, ASSIGNMENT, exchange=exchange, progress=False, config=config)
    assert count_grade_rows(db_url) == rows
    # Nothing went to the course's SQLite gradebook.
    with Gradebook(f"sqlite:///{course_copy / 'gradebook.db'}", COURSE_ID) as local:
        with pytest.raises(MissingEntry):
            local.find_submission(ASSIGNMENT, "correct")
