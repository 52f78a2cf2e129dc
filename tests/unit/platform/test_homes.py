"""Course files reach a home without overwriting what a student changed."""

from __future__ import annotations

from pathlib import Path

from academy.hub.homes import copy_missing_files, courses_for_groups, populate_home
from curriculum.courses import load_courses

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


def test_students_get_their_language_only_staff_get_everything(tmp_path):
    courses = {course.id: course for course in load_courses(PROJECT_ROOT / "courses")}
    orbits = courses["orbits"]
    student_home, teacher_home = tmp_path / "student", tmp_path / "teacher"
    populate_home(student_home, [(orbits, "students")], language="tr")
    lessons = sorted(p.name for p in (student_home / "courses/orbits/lessons").iterdir())
    assert "00-welcome.ipynb" in lessons
    assert "01-kepler.tr.ipynb" in lessons
    assert not [name for name in lessons if name.endswith(".md") or ".en." in name]
    # cubesat-design has no Kazakh lessons: a Kazakh student gets the English ones.
    populate_home(student_home, [(courses["cubesat-design"], "students")], language="kk")
    cubesat = [p.name for p in (student_home / "courses/cubesat-design/lessons").iterdir()]
    assert any(name.endswith(".en.ipynb") for name in cubesat)
    populate_home(teacher_home, [(orbits, "instructors")], language="tr")
    taught = [p.name for p in (teacher_home / "courses/orbits/lessons").iterdir()]
    assert "01-kepler.en.md" in taught and "01-kepler.kk.ipynb" in taught
    assert (teacher_home / "courses/orbits/source").is_dir()
    assert not (student_home / "courses/orbits/source").exists()  # solutions stay with staff
