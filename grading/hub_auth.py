"""nbgrader's JupyterHub auth plugin, for the academy's course groups.

nbgrader's own :class:`~nbgrader.auth.jupyterhub.JupyterHubAuthPlugin` finds a student's courses
from hub groups named ``nbgrader-<course>``; the academy's groups are ``students-<course>``,
``tas-<course>`` and ``instructors-<course>`` (``academy.hub.rbac``). With this plugin a
student's Assignments tab lists, fetches and submits only their own courses' assignments, and a
formgrader's "Manage students" adds and removes members of ``students-<course>``.

The user server's token may read the user's own groups (``read:users:groups!user``, granted in
``academy.hub.configure.update_spawner``); a formgrader's token may manage its course's student
group (``academy.hub.formgraders``).
"""

from __future__ import annotations

import os

from nbgrader.auth.jupyterhub import JupyterHubAuthPlugin, _query_jupyterhub_api

COURSE_GROUP_PREFIXES = ("students-", "tas-", "instructors-")


def courses_of_groups(groups: list[str]) -> list[str]:
    """Course ids from the academy's group names, sorted, each once."""
    courses = set()
    for group in groups:
        for prefix in COURSE_GROUP_PREFIXES:
            if group.startswith(prefix) and len(group) > len(prefix):
                courses.add(group[len(prefix):])
    return sorted(courses)


class AcademyHubAuthPlugin(JupyterHubAuthPlugin):
    """Course membership from the academy's ``students-/tas-/instructors-<course>`` groups."""

    def get_student_courses(self, student_id: str) -> list[str] | None:
        if os.environ.get("JUPYTERHUB_SERVICE_NAME"):
            # A formgrader is not a student: its own course directory says which course it is
            # (None is nbgrader's "no restriction").
            return None
        if student_id == "*":
            student_id = "{authenticated_user}"
        user = _query_jupyterhub_api("GET", f"/users/{student_id}")
        return courses_of_groups(user.get("groups", []))

    def add_student_to_course(self, student_id: str, course_id: str) -> None:
        if not course_id:
            self.log.error("Cannot add %s to a course: no course id configured", student_id)
            return
        _query_jupyterhub_api("POST", f"/groups/students-{course_id}/users",
                              {"users": [student_id]})

    def remove_student_from_course(self, student_id: str, course_id: str) -> None:
        if not course_id:
            self.log.error("Cannot remove %s from a course: no course id configured", student_id)
            return
        _query_jupyterhub_api("DELETE", f"/groups/students-{course_id}/users",
                              {"users": [student_id]})
