"""course.toml loading: the shipped courses are valid; each malformation names file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy import cli
from curriculum.courses import LATE_POLICY_KEYS, load_course, load_courses
from foundation.config.grading import GradingConfig
from foundation.errors import CourseConfigError, first_unknown_key, unknown_key_reason
from grading.latepolicy import LatePolicy

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
STUDENTS = 'students = ["s1", "s2"]\n'


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
    (VALID.replace('[staff]\ninstructors = ["prof"]\ntas = ["ta1"]\n', "")
     .replace('id = "orbits"', 'id = "orbits"\nstaff = 3'), "staff", "must be a table"),
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


# Issue 23: unknown keys are errors at every level, naming the dotted key and the nearest one.
@pytest.mark.parametrize(("old", "new", "field", "suggestion"), [
    ("languages = ", "langauges = ", "langauges", "languages"),
    ("[enrolment]", "[enrollment]", "enrollment", "enrolment"),
    ("[staff]", "[staf]", "staf", "staff"),
    ("[title]", "[titel]", "titel", "title"),
    ('tas = ["ta1"]', 'taas = ["ta1"]', "staff.taas", "tas"),
    ('instructors = ["prof"]', 'instuctors = ["prof"]', "staff.instuctors", "instructors"),
    ("open = false", "opne = false", "enrolment.opne", "open"),
    (STUDENTS, STUDENTS + "[late_policy]\npercent_per_dya = 5\n",
     "late_policy.percent_per_dya", "percent_per_day"),
    (STUDENTS, STUDENTS + "[late_policy]\ngrace_second = 60\n",
     "late_policy.grace_second", "grace_seconds"),
])
def test_typo_names_file_dotted_key_and_nearest_key(tmp_path, old, new, field, suggestion):
    path = write_course(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(CourseConfigError) as caught:
        load_course(path)
    assert caught.value.path == path
    assert caught.value.field == field
    assert caught.value.reason == f"unknown key; did you mean {suggestion!r}?"
    assert str(caught.value) == (f"{path}: field '{field}': unknown key; "
                                 f"did you mean {suggestion!r}?")


def test_shared_unknown_key_helpers():
    valid = {"open", "students"}
    assert unknown_key_reason("opne", valid) == "unknown key; did you mean 'open'?"
    assert unknown_key_reason("x", valid) == "unknown key; valid keys are 'open', 'students'"
    assert first_unknown_key({"open": 1, "b": 2, "a": 3}, valid) == (
        "b", "unknown key; valid keys are 'open', 'students'")  # first in file order
    assert first_unknown_key({"open": 1}, valid) is None


def test_unknown_key_far_from_every_valid_one_lists_the_valid_keys(tmp_path):
    path = write_course(tmp_path, VALID.replace('tas = ["ta1"]', 'tas = ["ta1"]\nzzz = 1'))
    with pytest.raises(CourseConfigError) as caught:
        load_course(path)
    assert caught.value.field == "staff.zzz"
    assert caught.value.reason == "unknown key; valid keys are 'instructors', 'tas'"


def test_typo_is_reported_before_the_missing_key_it_causes(tmp_path):
    """`instuctors` used to surface as "a course needs an instructor", hiding the typo."""
    path = write_course(tmp_path, VALID.replace("instructors =", "instuctors ="))
    with pytest.raises(CourseConfigError, match="did you mean 'instructors'"):
        load_course(path)


def test_title_and_description_accept_any_well_formed_language_code(tmp_path):
    """[title]/[description] keys are language codes (data): a title in an interface language
    the lessons are not translated into yet is shown on the home page, so it is allowed."""
    text = VALID.replace('tr = "Yörünge Mekaniği"', 'tr = "Yörünge Mekaniği"\nkk = "Орбита"')
    course = load_course(write_course(tmp_path, text + '[description]\nuz = "Orbita"\n'))
    assert course.title["kk"] == "Орбита" and course.description == {"uz": "Orbita"}
    assert "kk" not in course.languages


def test_title_rejects_a_malformed_language_code(tmp_path):
    path = write_course(tmp_path, VALID.replace('tr = "Yörünge Mekaniği"', 'english = "x"'))
    with pytest.raises(CourseConfigError) as caught:
        load_course(path)
    assert caught.value.field == "title.english" and "ISO 639" in caught.value.reason


def test_late_policy_keys_agree_with_grading():
    """academy may not import grading, so the key list is kept twice; this keeps them equal."""
    config = GradingConfig()
    LatePolicy.for_course(dict.fromkeys(LATE_POLICY_KEYS, 1), config, "course.toml")
    with pytest.raises(ValueError):
        LatePolicy.for_course({"late_policy_extra": 1}, config, "course.toml")


def test_shipped_late_policy_is_kept_for_grading():
    orbits, = [c for c in load_courses(PROJECT_ROOT / "courses") if c.id == "orbits"]
    assert set(orbits.extra["late_policy"]) == LATE_POLICY_KEYS


def _copy_course_files(target: Path) -> Path:
    """The shipped course.toml files (all `academy check` reads) under ``target``."""
    for source in sorted((PROJECT_ROOT / "courses").glob("*/course.toml")):
        copy = target / source.parent.name / "course.toml"
        copy.parent.mkdir(parents=True)
        copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def test_academy_check_reports_a_typo_in_one_line(tmp_path, monkeypatch, capsys):
    courses = _copy_course_files(tmp_path / "courses")
    path = courses / "orbits" / "course.toml"
    text = path.read_text(encoding="utf-8")
    assert 'tas = ["assistant"]' in text
    path.write_text(text.replace('tas = ["assistant"]', 'taas = ["assistant"]'), encoding="utf-8")
    monkeypatch.setenv("ACADEMY_COURSES_DIR", str(courses))
    assert cli.main(["check"]) == 2
    out, err = capsys.readouterr()
    assert "configuration OK" not in out
    assert err == (f"academy: error: {path}: field 'staff.taas': unknown key; "
                   "did you mean 'tas'?\n")


def test_academy_check_passes_on_the_shipped_courses(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ACADEMY_COURSES_DIR", str(_copy_course_files(tmp_path / "courses")))
    assert cli.main(["check"]) == 0
    out, err = capsys.readouterr()
    assert "configuration OK" in out and err == ""
    assert "course orbits: Orbital Mechanics (1 instructors, 1 TAs" in out
