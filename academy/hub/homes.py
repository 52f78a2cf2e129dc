"""Putting a user's course files into their home, without ever overwriting their work.

Called by the spawners before each start, so a lesson added to a course after term began reaches
students at their next server start, while a student's edited copy of an existing lesson stays
theirs.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from curriculum.content import load_course_content
from curriculum.courses import Course

COURSE_FILES_SUBDIRS: dict[str, tuple[str, ...]] = {
    "students": ("lessons",),
    "tas": ("lessons",),
    "instructors": ("lessons", "source", "authoring"),
}
"""What each role gets copied from the course folder: instructors get the course's sources
(lessons in every language, nbgrader assignment sources and their MyST authoring files)."""


def courses_for_groups(courses: Iterable[Course], group_names: Iterable[str]
                       ) -> list[tuple[Course, str]]:
    """The (course, role) pairs a user with these hub groups has; teaching wins over taking."""
    groups = set(group_names)
    result: list[tuple[Course, str]] = []
    for course in courses:
        for role in ("instructors", "tas", "students"):
            if course.group_name(role) in groups:
                result.append((course, role))
                break
    return result


def copy_missing_files(source: Path, target: Path, *, uid: int | None = None,
                       gid: int | None = None) -> list[Path]:
    """Copy every file under ``source`` to ``target`` that is not there yet; return the new ones.

    Existing files are left alone (they may hold a student's edits). When ``uid``/``gid`` are
    given, new files and folders are handed to that account, so a per-user Unix account owns its
    copies.
    """
    created: list[Path] = []
    if not source.is_dir():
        return created
    for dirpath, dirnames, filenames in os.walk(source):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__pycache__")))
        relative = Path(dirpath).relative_to(source)
        target_dir = target / relative
        if not target_dir.exists():
            target_dir.mkdir(parents=True, exist_ok=True)
            created.append(target_dir)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            destination = target_dir / name
            if destination.exists():
                continue
            shutil.copy2(Path(dirpath) / name, destination)
            created.append(destination)
    if uid is not None:
        for path in created:
            os.chown(path, uid, gid if gid is not None else -1)
    return created


def copy_student_lessons(course: Course, language: str, target: Path, *, uid: int | None,
                         gid: int | None) -> list[Path]:
    """A student's lessons: each in their language (English where it has no translation), no
    MyST sources and no other languages, so a home holds one copy of each lesson."""
    created: list[Path] = []
    if not target.exists():
        target.mkdir(parents=True)
        created.append(target)
    for notebook in load_course_content(course).student_notebooks(language):
        destination = target / notebook.name
        if notebook.is_file() and not destination.exists():
            shutil.copy2(notebook, destination)
            created.append(destination)
    if uid is not None:
        for path in created:
            os.chown(path, uid, gid if gid is not None else -1)
    return created


def populate_home(home: Path, pairs: Iterable[tuple[Course, str]], *, uid: int | None = None,
                  gid: int | None = None, language: str = "en") -> list[Path]:
    """Place each course's files under ``home/courses/<id>/`` for the user's role in it.

    Students get their language's lesson notebooks; staff get the whole lessons folder (every
    language and the MyST sources), since they teach from and edit them."""
    created: list[Path] = []
    courses_root = home / "courses"
    if not courses_root.exists():
        courses_root.mkdir(parents=True)
        if uid is not None:
            os.chown(courses_root, uid, gid if gid is not None else -1)
    for course, role in pairs:
        course_home = courses_root / course.id
        if not course_home.exists():
            course_home.mkdir()
            if uid is not None:
                os.chown(course_home, uid, gid if gid is not None else -1)
        for subdir in COURSE_FILES_SUBDIRS[role]:
            if role == "students" and subdir == "lessons":
                created += copy_student_lessons(course, language, course_home / subdir,
                                                uid=uid, gid=gid)
            else:
                created += copy_missing_files(course.directory / subdir, course_home / subdir,
                                              uid=uid, gid=gid)
    return created
