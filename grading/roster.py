"""The course roster in the gradebook follows the hub: every member of ``students-<course>``.

nbgrader only knows a student once they submit, so an export would silently leave out whoever
never handed anything in. Before grading from the formgrader, every member of the course's hub
group is added to the gradebook (existing rows are untouched), so a missing submission is a zero
in the exports, not an absent row. The formgrader's service token may read that one group
(``academy.hub.formgraders``).
"""

from __future__ import annotations

import os

from nbgrader.api import Gradebook
from nbgrader.auth.jupyterhub import _query_jupyterhub_api


def course_group_members(course_id: str) -> list[str]:
    """Members of ``students-<course_id>``, read with the service's own hub token."""
    group = _query_jupyterhub_api("GET", f"/groups/students-{course_id}")
    return sorted(group.get("users", []))


def add_students(db_url: str, course_id: str, student_ids: list[str]) -> list[str]:
    """Add each student the gradebook lacks; return the ones added."""
    added = []
    with Gradebook(db_url, course_id) as gradebook:
        known = {student.id for student in gradebook.students}
        for student_id in student_ids:
            if student_id not in known:
                gradebook.update_or_create_student(student_id)
                added.append(student_id)
    return added


def sync_roster_from_hub(db_url: str, course_id: str) -> list[str]:
    """Add the course group's members to the gradebook; [] outside a hub."""
    if not os.environ.get("JUPYTERHUB_API_TOKEN"):
        return []
    return add_students(db_url, course_id, course_group_members(course_id))
