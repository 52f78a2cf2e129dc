"""A course's lessons and assignments, read from the ``[[lessons]]``/``[[assignments]]`` tables.

:mod:`curriculum.courses` validates who teaches and takes a course and keeps the tables it does not
interpret in ``Course.extra``; this module turns those tables into typed records, so the hub's
lesson index and the course tests agree on where every file of a lesson or assignment lives.

Schema (in ``course.toml``, after the fields of :mod:`curriculum.courses`)::

    [[lessons]]
    id = "01-kepler"                   # NN-slug: the two digits give the order
    languages = ["en", "tr"]           # each a language of the course; "en" required
    title.en = "Kepler and the two-body problem"
    title.tr = "Kepler ve iki cisim problemi"

    [[assignments]]
    id = "a1-orbital-speed"            # aN-slug
    languages = ["en", "tr"]
    points = 10                        # autograded + manually graded points of one notebook
    title.en = "Orbital speed and period"
    title.tr = "Yörünge hızı ve periyodu"

These are all the keys an entry may have: any other is an error naming it and the nearest valid
key (``lessons[0].titel: unknown key; did you mean 'title'?``), like every other level of
course.toml (see :mod:`curriculum.courses`). An entry's ``title`` keys must be exactly its
``languages``, so a misspelt language code there is caught too.

Files (see ``courses/README.md``):

* lesson ``<id>`` in language ``<lang>``: ``lessons/<id>.<lang>.md`` (jupytext MyST source) and
  ``lessons/<id>.<lang>.ipynb`` (generated from it, what students open);
* assignment ``<id>`` in ``<lang>``: nbgrader assignment ``<id>-<lang>`` with one source notebook
  ``source/<id>-<lang>/<id>.<lang>.ipynb``. One nbgrader assignment per language, because
  nbgrader scores a notebook missing from a submission as zero: two language notebooks in one
  assignment would halve every student's percentage.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from curriculum.courses import LANGUAGE_PATTERN, Course, check_known_keys, load_course
from foundation.errors import CourseConfigError

LESSON_ID_PATTERN = re.compile(r"^[0-9]{2}-[a-z0-9][a-z0-9-]{0,47}$")
ASSIGNMENT_ID_PATTERN = re.compile(r"^a[0-9]{1,2}-[a-z0-9][a-z0-9-]{0,47}$")
LESSON_KEYS = frozenset({"id", "languages", "title"})
ASSIGNMENT_KEYS = frozenset({"id", "languages", "points", "title"})


@dataclass(frozen=True)
class Lesson:
    """One lesson notebook, available in ``languages`` (titles per language)."""

    id: str
    languages: tuple[str, ...]
    title: dict[str, str]
    lessons_dir: Path

    def title_in(self, language: str) -> str:
        """The title in ``language``, falling back to English."""
        return self.title.get(language) or self.title["en"]

    def source_path(self, language: str) -> Path:
        """The jupytext MyST source (what authors edit)."""
        return self.lessons_dir / f"{self.id}.{language}.md"

    def notebook_path(self, language: str) -> Path:
        """The generated notebook (what students open)."""
        return self.lessons_dir / f"{self.id}.{language}.ipynb"


@dataclass(frozen=True)
class Assignment:
    """One graded assignment; each language is its own nbgrader assignment."""

    id: str
    languages: tuple[str, ...]
    title: dict[str, str]
    points: float
    source_dir: Path
    """``courses/<id>/source``: nbgrader's source folder of the course."""

    def title_in(self, language: str) -> str:
        return self.title.get(language) or self.title["en"]

    def nbgrader_id(self, language: str) -> str:
        """The nbgrader assignment name of one language version, e.g. ``a1-orbital-speed-tr``."""
        return f"{self.id}-{language}"

    def notebook_name(self, language: str) -> str:
        """The notebook's name without ``.ipynb``, e.g. ``a1-orbital-speed.tr``."""
        return f"{self.id}.{language}"

    def source_notebook(self, language: str) -> Path:
        """The nbgrader source notebook of one language version."""
        name = f"{self.notebook_name(language)}.ipynb"
        return self.source_dir / self.nbgrader_id(language) / name


@dataclass(frozen=True)
class CourseContent:
    """The lessons and assignments of one course, in file order."""

    course: Course
    lessons: tuple[Lesson, ...]
    assignments: tuple[Assignment, ...]

    def lessons_in(self, language: str) -> list[Lesson]:
        """Lessons available in ``language``, in order (for the hub's lesson index)."""
        return [lesson for lesson in self.lessons if language in lesson.languages]

    def assignments_in(self, language: str) -> list[Assignment]:
        return [item for item in self.assignments if language in item.languages]

    def student_notebooks(self, language: str) -> list[Path]:
        """The notebooks a student working in ``language`` should get, in order.

        Undeclared notebooks of ``lessons/`` (the welcome page) first, then each lesson in
        ``language`` or, where it has no such translation, in English. The MyST sources and the
        other languages stay out, so a home does not fill up with six copies of every lesson.
        (The platform's home population may use this instead of copying the whole folder.)
        """
        declared = {lesson.notebook_path(lang) for lesson in self.lessons
                    for lang in lesson.languages}
        extras = sorted(p for p in self.course.lessons_dir.glob("*.ipynb") if p not in declared)
        chosen = [lesson.notebook_path(language if language in lesson.languages else "en")
                  for lesson in self.lessons]
        return extras + chosen

    def missing_files(self) -> list[Path]:
        """Every declared lesson source/notebook or assignment notebook that does not exist."""
        expected: list[Path] = []
        for lesson in self.lessons:
            for language in lesson.languages:
                expected += [lesson.source_path(language), lesson.notebook_path(language)]
        for assignment in self.assignments:
            expected += [assignment.source_notebook(lang) for lang in assignment.languages]
        return [path for path in expected if not path.is_file()]


def _entries(course: Course, key: str, path: Path) -> list[dict]:
    raw = course.extra.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise CourseConfigError(path, key, f"must be an array of tables ([[{key}]]), "
                                f"got {type(raw).__name__}")
    return raw


def _languages(entry: dict, field: str, course: Course, path: Path) -> tuple[str, ...]:
    value = entry.get("languages")
    if (not isinstance(value, list) or not value
            or not all(isinstance(x, str) and LANGUAGE_PATTERN.match(x) for x in value)):
        raise CourseConfigError(path, f"{field}.languages", f"must be a non-empty list of "
                                f"language codes, got {value!r}")
    if "en" not in value:
        raise CourseConfigError(path, f"{field}.languages", "English ('en') is required")
    unknown = [x for x in value if x not in course.languages]
    if unknown:
        raise CourseConfigError(path, f"{field}.languages", f"{unknown} are not languages of "
                                f"the course {list(course.languages)}")
    if len(set(value)) != len(value):
        raise CourseConfigError(path, f"{field}.languages", f"lists a language twice: {value!r}")
    return tuple(value)


def _titles(entry: dict, field: str, languages: tuple[str, ...], path: Path) -> dict[str, str]:
    table = entry.get("title")
    if not isinstance(table, dict):
        raise CourseConfigError(path, f"{field}.title", "must be a table of titles per language")
    titles: dict[str, str] = {}
    for language in languages:
        text = table.get(language)
        if not isinstance(text, str) or not text.strip():
            raise CourseConfigError(path, f"{field}.title.{language}",
                                    f"a title is required for every listed language, got {text!r}")
        titles[language] = text.strip()
    extra = sorted(set(table) - set(languages))
    if extra:
        raise CourseConfigError(path, f"{field}.title", f"titles for {extra} but those "
                                "languages are not listed in 'languages'")
    return titles


def _id(entry: dict, field: str, pattern: re.Pattern[str], example: str, path: Path) -> str:
    value = entry.get("id")
    if not isinstance(value, str) or not pattern.match(value):
        raise CourseConfigError(path, f"{field}.id", f"{value!r} must look like {example!r}")
    return value


def load_course_content(course: Course) -> CourseContent:
    """Validate and type the lesson and assignment tables of a loaded course.

    Raises :class:`CourseConfigError` naming ``course.toml`` and the first bad field (e.g.
    ``lessons[2].title.tr``). Files are not checked here: :meth:`CourseContent.missing_files`
    does that, so a hub can start while an author is still writing a translation.
    """
    path = course.directory / "course.toml"
    lessons: list[Lesson] = []
    for index, entry in enumerate(_entries(course, "lessons", path)):
        field = f"lessons[{index}]"
        check_known_keys(entry, LESSON_KEYS, path, f"{field}.")
        lesson_id = _id(entry, field, LESSON_ID_PATTERN, "01-kepler", path)
        languages = _languages(entry, field, course, path)
        lessons.append(Lesson(lesson_id, languages, _titles(entry, field, languages, path),
                              course.lessons_dir))
    assignments: list[Assignment] = []
    for index, entry in enumerate(_entries(course, "assignments", path)):
        field = f"assignments[{index}]"
        check_known_keys(entry, ASSIGNMENT_KEYS, path, f"{field}.")
        assignment_id = _id(entry, field, ASSIGNMENT_ID_PATTERN, "a1-orbital-speed", path)
        languages = _languages(entry, field, course, path)
        points = entry.get("points")
        if (isinstance(points, bool) or not isinstance(points, int | float)
                or not math.isfinite(points) or points <= 0):
            raise CourseConfigError(path, f"{field}.points", f"must be a positive number, "
                                    f"got {points!r}")
        assignments.append(Assignment(assignment_id, languages,
                                      _titles(entry, field, languages, path), float(points),
                                      course.directory / "source"))
    for kind, items in (("lessons", lessons), ("assignments", assignments)):
        ids = [item.id for item in items]
        duplicates = sorted({x for x in ids if ids.count(x) > 1})
        if duplicates:
            raise CourseConfigError(path, kind, f"ids used twice: {duplicates}")
    if [lesson.id for lesson in lessons] != sorted(lesson.id for lesson in lessons):
        raise CourseConfigError(path, "lessons", "list lessons in the order of their numbers")
    return CourseContent(course, tuple(lessons), tuple(assignments))


def load_course_content_file(path: Path) -> CourseContent:
    """:func:`curriculum.courses.load_course` then :func:`load_course_content` on one file."""
    return load_course_content(load_course(Path(path)))
