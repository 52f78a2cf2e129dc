"""Course files reach a home without overwriting what a student changed."""

from __future__ import annotations

from pathlib import Path

from academy.courses import load_courses
from academy.hub.homes import copy_missing_files, courses_for_groups, populate_home

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def test_copy_keeps_student_edits_and_adds_new_files(tmp_path):
    source, target = tmp_path / "course", tmp_path / "home"
    source.mkdir()
    (source / "01.ipynb").write_text("original")
    created = copy_missing_files(source, target)
    assert [p.name for p in created if p.is_file()] == ["01.ipynb"]
    assert target in created  # the folder is new too, so a Unix account gets to own it
    (target / "01.ipynb").write_text("student's answer")
    (source / "02.ipynb").write_text("new lesson")
    (source / ".hidden").write_text("x")
    created = copy_missing_files(source, target)
    assert [p.name for p in created] == ["02.ipynb"]
    assert (target / "01.ipynb").read_text() == "student's answer"
    assert not (target / ".hidden").exists()


def test_roles_from_groups_teaching_wins():
    courses = load_courses(PROJECT_ROOT / "courses")
    pairs = courses_for_groups(courses, ["students-orbits", "tas-orbits", "students-cansat"])
    assert [(course.id, role) for course, role in pairs] == [("cansat", "students"),
                                                             ("orbits", "tas")]


def test_populate_home(tmp_path):
    courses = load_courses(PROJECT_ROOT / "courses")
    pairs = courses_for_groups(courses, ["students-orbits"])
    populate_home(tmp_path, pairs)
    assert (tmp_path / "courses" / "orbits" / "lessons" / "00-welcome.ipynb").is_file()
    assert not (tmp_path / "courses" / "cansat").exists()
