"""Hub groups and RBAC roles derived from the courses.

Each course gets three groups, ``instructors-<id>``, ``tas-<id>`` and ``students-<id>``, and
one role per staff group whose scopes are filtered to that course's groups. Later layers
(formgraders, dashboards) add their per-course scopes through :func:`course_roles`'s
``extra_scopes`` so course access is always granted by group, never by listing users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from curriculum.courses import Course


def course_groups(courses: Iterable[Course], extra_students: Iterable[str] = ()
                  ) -> dict[str, dict]:
    """``load_groups`` for JupyterHub: every course's three groups with their members."""
    extra = list(extra_students)
    groups: dict[str, dict] = {}
    for course in courses:
        groups[course.group_name("instructors")] = {
            "users": list(course.instructors), "properties": {"course": course.id}}
        groups[course.group_name("tas")] = {
            "users": list(course.tas), "properties": {"course": course.id}}
        students = list(course.students) + [name for name in extra
                                            if name not in course.students
                                            and name not in course.staff]
        groups[course.group_name("students")] = {
            "users": students, "properties": {"course": course.id}}
    return groups


def _staff_scopes(course: Course) -> list[str]:
    students = course.group_name("students")
    tas = course.group_name("tas")
    return [
        # See who takes the course and whether their servers run (to help in class).
        f"read:users!group={students}",
        f"read:users:activity!group={students}",
        f"read:servers!group={students}",
        f"read:groups!group={students}",
        f"read:groups!group={tas}",
        f"read:users!group={tas}",
        "list:users",
        "list:groups",
    ]


def course_roles(courses: Iterable[Course],
                 extra_scopes: Callable[[Course, str], list[str]] | None = None) -> list[dict]:
    """``load_roles`` for JupyterHub: an instructor and a TA role per course.

    ``extra_scopes(course, role)`` lets other layers add scopes (role is 'instructors'/'tas').
    """
    roles: list[dict] = []
    for course in courses:
        for role, title in (("instructors", "Instructors"), ("tas", "Teaching assistants")):
            scopes = _staff_scopes(course)
            if extra_scopes is not None:
                scopes += extra_scopes(course, role)
            roles.append({
                "name": f"{role}-{course.id}",
                "description": f"{title} of {course.title_in('en')}",
                "scopes": scopes,
                "groups": [course.group_name(role)],
            })
    return roles
