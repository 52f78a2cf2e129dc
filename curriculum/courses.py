"""Courses as data: each ``courses/<id>/course.toml`` declares one course.

The hub builds its groups and roles from these files, the spawner puts each course's lessons in
its students' homes, and the home page lists them. A file is checked field by field when it is
loaded, and a malformed one stops the hub with a :class:`CourseConfigError` naming the file and
the field, because a silently half-loaded course would hide students' work from their teachers.

Unknown keys are errors at every level (issue 23): a misspelt ``[enrollment]`` or ``taas`` used to
be ignored, so the course loaded without its students or TAs and ``academy check`` said OK. The
error names the dotted key and the nearest valid one (``field 'staff.taas': unknown key; did you
mean 'tas'?``). The keys of ``[title]`` and ``[description]`` are language codes, i.e. data, not
schema: any well-formed code is accepted there, also one not in ``languages``, because the home
page shows a course's title and description in the reader's interface language even when the
lessons are not translated into it yet; a malformed code is still rejected.

Schema (``course.toml``)::

    id = "orbits"                      # must equal the folder name; [a-z][a-z0-9-]*
    languages = ["en", "tr"]           # languages the lessons exist in (first = default)
    [title]                            # per language; "en" required
    en = "Orbital Mechanics"
    [description]                      # per language; optional
    en = "..."
    [staff]
    instructors = ["teacher"]          # hub user names
    tas = ["assistant"]
    [enrolment]
    open = false                       # true: every approved non-staff user is a student
    students = ["student1"]            # enrolled at start; admins add more in the hub's admin page
    [late_policy]                      # optional; values checked by grading/latepolicy.py
    percent_per_day = 10
    cap_percent = 50
    grace_seconds = 0
    [[lessons]] and [[assignments]]    # optional; schema in curriculum/content.py
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from foundation.errors import CourseConfigError, first_unknown_key

COURSE_ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,23}$")
"""Hub user names: lowercase, Unix-safe, short enough for a prefixed Unix account (32 chars)."""

LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}$")
ROLE_GROUP_PREFIXES: dict[str, str] = {
    "instructors": "instructors-",
    "tas": "tas-",
    "students": "students-",
}

COURSE_KEYS = frozenset({"id", "languages", "title", "description", "staff", "enrolment",
                         "late_policy", "lessons", "assignments"})
"""Top-level keys of course.toml; those in ``INTERPRETED_LATER`` are read by later layers."""
STAFF_KEYS = frozenset({"instructors", "tas"})
ENROLMENT_KEYS = frozenset({"open", "students"})
LATE_POLICY_KEYS = frozenset({"percent_per_day", "cap_percent", "grace_seconds"})
"""Keys of ``[late_policy]``. ``grading.latepolicy.LatePolicy.for_course`` checks the values
(academy may not import grading); tests/unit/platform/test_courses.py keeps the two in step."""
INTERPRETED_LATER = ("late_policy", "lessons", "assignments")


@dataclass(frozen=True)
class Course:
    """One course: who teaches it, who takes it, and where its files are."""

    id: str
    title: dict[str, str]
    description: dict[str, str]
    languages: tuple[str, ...]
    instructors: tuple[str, ...]
    tas: tuple[str, ...]
    students: tuple[str, ...]
    open_enrolment: bool
    directory: Path
    extra: dict = field(default_factory=dict, compare=False, repr=False)
    """Tables this module does not interpret (late_policy, lessons, assignments): read by later
    layers. Only their presence and, for late_policy, its keys are checked here."""

    def group_name(self, role: str) -> str:
        """The hub group for ``role`` ('instructors', 'tas' or 'students') of this course."""
        return f"{ROLE_GROUP_PREFIXES[role]}{self.id}"

    def title_in(self, language: str) -> str:
        """The title in ``language``, falling back to English."""
        return self.title.get(language) or self.title["en"]

    @property
    def lessons_dir(self) -> Path:
        return self.directory / "lessons"

    @property
    def staff(self) -> frozenset[str]:
        return frozenset(self.instructors) | frozenset(self.tas)


def check_known_keys(table: dict, valid: Collection[str], path: Path, prefix: str = "") -> None:
    """Raise :class:`CourseConfigError` for the first key of ``table`` not in ``valid``.

    ``prefix`` is the table's dotted path with a trailing dot (``"staff."``,
    ``"lessons[0]."``), so the error names the full key, e.g. ``staff.taas``. Called before a
    table's values are read, so a misspelt required key is reported as the typo it is rather
    than as a missing key.
    """
    unknown = first_unknown_key(table, valid)
    if unknown is not None:
        key, reason = unknown
        raise CourseConfigError(path, f"{prefix}{key}", reason)


def _require_table(data: dict, key: str, path: Path, *, required: bool = True) -> dict:
    value = data.get(key, None)
    if value is None:
        if required:
            raise CourseConfigError(path, key, "is missing")
        return {}
    if not isinstance(value, dict):
        raise CourseConfigError(path, key, f"must be a table, got {type(value).__name__}")
    return value


def _language_map(table: dict, key: str, path: Path, *, require_english: bool) -> dict[str, str]:
    if require_english and "en" not in table:
        raise CourseConfigError(path, f"{key}.en", "an English text is required")
    result: dict[str, str] = {}
    for language, text in table.items():
        if not LANGUAGE_PATTERN.match(language):
            raise CourseConfigError(path, f"{key}.{language}",
                                    "language codes are ISO 639-1/3 like 'en', 'tr', 'kk'")
        if not isinstance(text, str) or not text.strip():
            raise CourseConfigError(path, f"{key}.{language}", f"must be non-empty text, "
                                    f"got {text!r}")
        result[language] = text.strip()
    return result


def _user_list(table: dict, key: str, path: Path, field_name: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list):
        raise CourseConfigError(path, field_name, f"must be a list of user names, got {value!r}")
    for name in value:
        if not isinstance(name, str) or not USERNAME_PATTERN.match(name):
            raise CourseConfigError(path, field_name, f"{name!r} is not a valid user name "
                                    f"(lowercase letter first, then a-z 0-9 _ -, at most 24)")
    if len(set(value)) != len(value):
        raise CourseConfigError(path, field_name, f"lists a user twice: {value!r}")
    return tuple(value)


def load_course(path: Path) -> Course:
    """Read and validate one ``course.toml``.

    Raises :class:`CourseConfigError` naming the file and the first bad field.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CourseConfigError(path, "(syntax)", f"not valid TOML: {error}") from None
    except UnicodeDecodeError as error:
        raise CourseConfigError(path, "(encoding)", f"not UTF-8: {error}") from None
    check_known_keys(data, COURSE_KEYS, path)

    course_id = data.get("id")
    if not isinstance(course_id, str) or not COURSE_ID_PATTERN.match(course_id):
        raise CourseConfigError(path, "id", f"{course_id!r} must be lowercase letters, digits "
                                "and '-', starting with a letter")
    if course_id != path.parent.name:
        raise CourseConfigError(path, "id", f"{course_id!r} must equal the folder name "
                                f"{path.parent.name!r}")

    title = _language_map(_require_table(data, "title", path), "title", path,
                          require_english=True)
    description = _language_map(_require_table(data, "description", path, required=False),
                                "description", path, require_english=False)

    languages = data.get("languages", ["en"])
    if (not isinstance(languages, list) or not languages
            or not all(isinstance(x, str) and LANGUAGE_PATTERN.match(x) for x in languages)):
        raise CourseConfigError(path, "languages", f"must be a non-empty list of language "
                                f"codes, got {languages!r}")

    staff = _require_table(data, "staff", path)
    check_known_keys(staff, STAFF_KEYS, path, "staff.")
    instructors = _user_list(staff, "instructors", path, "staff.instructors")
    if not instructors:
        raise CourseConfigError(path, "staff.instructors", "a course needs an instructor")
    tas = _user_list(staff, "tas", path, "staff.tas")

    enrolment = _require_table(data, "enrolment", path, required=False)
    check_known_keys(enrolment, ENROLMENT_KEYS, path, "enrolment.")
    open_enrolment = enrolment.get("open", False)
    if not isinstance(open_enrolment, bool):
        raise CourseConfigError(path, "enrolment.open", f"must be true or false, got "
                                f"{open_enrolment!r}")
    students = _user_list(enrolment, "students", path, "enrolment.students")
    overlap = set(students) & (set(instructors) | set(tas))
    if overlap:
        raise CourseConfigError(path, "enrolment.students", f"{sorted(overlap)} also teach "
                                "this course; staff cannot be students of it")

    late_policy = _require_table(data, "late_policy", path, required=False)
    check_known_keys(late_policy, LATE_POLICY_KEYS, path, "late_policy.")

    extra = {key: data[key] for key in INTERPRETED_LATER if key in data}
    return Course(id=course_id, title=title, description=description,
                  languages=tuple(languages), instructors=instructors, tas=tas,
                  students=students, open_enrolment=open_enrolment,
                  directory=path.parent, extra=extra)


def load_courses(courses_dir: Path) -> list[Course]:
    """Every course under ``courses_dir``, sorted by id; a folder without course.toml is skipped.

    Raises :class:`CourseConfigError` for the first malformed file, and when the directory
    itself is missing (a typo in ACADEMY_COURSES_DIR should not start an empty academy).
    """
    courses_dir = Path(courses_dir)
    if not courses_dir.is_dir():
        raise CourseConfigError(courses_dir, "(directory)", "courses directory does not exist")
    return [load_course(path) for path in sorted(courses_dir.glob("*/course.toml"))]
