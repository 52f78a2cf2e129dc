"""course.toml loading: the shipped courses are valid; each malformation names file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.courses import load_course, load_courses
from academy.errors import CourseConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[3]

VALID = """
id = "orbits"
languages = ["en", "tr"]
[title]
en = "Orbital Mechanics"
tr = "Yörünge Mekaniği"
[staff]
instructors = ["prof"]
tas = ["ta1"]
[enrolment]
open = false
students = ["s1", "s2"]
"""


def write_course(tmp_path: Path, text: str, folder: str = "orbits") -> Path:
    path = tmp_path / folder / "course.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_courses_load():
    courses = load_courses(PROJECT_ROOT / "courses")
    ids = [course.id for course in courses]
    assert ids == ["cansat", "cubesat-design", "orbits", "propulsion"]
    for course in courses:
        assert {"en", "tr"} <= set(course.title)
        assert course.instructors
        assert (course.lessons_dir).is_dir()


def test_valid_course(tmp_path):
    course = load_course(write_course(tmp_path, VALID))
    assert course.title_in("tr") == "Yörünge Mekaniği"
    assert course.title_in("kk") == "Orbital Mechanics"
    assert course.group_name("students") == "students-orbits"
    assert course.students == ("s1", "s2")
    assert course.staff == {"prof", "ta1"}


@pytest.mark.parametrize(("text", "field", "reason"), [
    ("id = ", "(syntax)", "not valid TOML"),
    (VALID.replace('id = "orbits"', 'id = "Orbits!"'), "id", "must be lowercase"),
    (VALID.replace('id = "orbits"', 'id = "propulsion"'), "id", "must equal the folder name"),
    (VALID.replace('en = "Orbital Mechanics"\n', ''), "title.en", "English text is required"),
    (VALID.replace('tr = "Yörünge Mekaniği"', 'tr = ""'), "title.tr", "non-empty text"),
    (VALID.replace('instructors = ["prof"]', 'instructors = []'), "staff.instructors",
     "needs an instructor"),
    (VALID.replace('instructors = ["prof"]', 'instructors = "prof"'), "staff.instructors",
     "must be a list"),
    (VALID.replace('tas = ["ta1"]', 'tas = ["Bad Name"]'), "staff.tas", "not a valid user name"),
    (VALID.replace("open = false", 'open = "yes"'), "enrolment.open", "true or false"),
    (VALID.replace('students = ["s1", "s2"]', 'students = ["s1", "prof"]'),
     "enrolment.students", "staff cannot be students"),
    (VALID.replace('languages = ["en", "tr"]', 'languages = []'), "languages",
     "non-empty list"),
    (VALID.replace("[staff]", "[other]").replace('id = "orbits"', 'id = "orbits"\nstaff = 3'),
     "staff", "must be a table"),
])
def test_malformed_course_names_file_and_field(tmp_path, text, field, reason):
    path = write_course(tmp_path, text)
    with pytest.raises(CourseConfigError) as caught:
        load_course(path)
    assert caught.value.path == path
    assert caught.value.field == field
    assert str(path) in str(caught.value) and f"field '{field}'" in str(caught.value)
    assert reason in str(caught.value)


def test_missing_courses_dir(tmp_path):
    with pytest.raises(CourseConfigError, match="does not exist"):
        load_courses(tmp_path / "nope")
