"""One nbgrader formgrader per course, as a hub-managed service (nbgrader's multi-course setup).

Following nbgrader's documented JupyterHub pattern: each course has its own service
``formgrader-<course>`` running ``jupyterhub-singleuser`` in the course's grading directory
(``<data>/grading/<course>/``: sources, gradebook, submissions, feedback), as its own Unix
account when the hub runs as root, so students cannot read the gradebook or hidden tests.
Access is a scope, ``access:services!service=formgrader-<course>``, held by the course's
instructor and TA roles only: a TA of another course gets 403 from the hub.

At every hub start the course's ``nbgrader_config.py`` is written and the course's nbgrader
sources that the grading directory lacks are copied in (an instructor's edits are kept). The
service's server loads :mod:`grading.formgrader_extension`: the formgrader autogrades through the
academy's sandboxed pipeline, and :mod:`grading.release_on_start` releases the assignments
``ACADEMY_RELEASE_ASSIGNMENTS`` names.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from academy.hub.accounts import account_name, ensure_account
from academy.hub.homes import copy_missing_files
from academy.hub.services import free_loopback_port
from curriculum.courses import Course
from foundation.config import PlatformConfig
from foundation.config.grading import GradingConfig
from foundation.paths import JUPYTER_CONFIG_DIR

FORMGRADER_CONFIG_DIR = JUPYTER_CONFIG_DIR / "formgrader"
"""Server config of the formgrader services (our formgrader extension on, Lab off)."""
USER_CONFIG_DIR = JUPYTER_CONFIG_DIR

PASSED_THROUGH = ("ACADEMY_DEMO", "ACADEMY_GRADEBOOK_URL", "ACADEMY_LATE_PENALTY_PER_DAY",
                  "ACADEMY_LATE_PENALTY_CAP", "ACADEMY_LATE_GRACE_SECONDS")
"""Hub settings the grading code reads; managed services inherit almost none of the hub's
environment, so the ones set are passed on (``ACADEMY_GRADING_*`` too)."""


def service_name(course: Course) -> str:
    return f"formgrader-{course.id}"


def grading_root(platform: PlatformConfig, course: Course) -> Path:
    """The nbgrader course directory of ``course`` (``CourseDirectory.root``)."""
    return platform.data_path / "grading" / course.id


def grader_account_name(platform: PlatformConfig, course: Course) -> str:
    return account_name(platform.unix_user_prefix, f"grader-{course.id}")


COURSE_CONFIG_TEMPLATE = '''\
"""nbgrader settings of the course '{course_id}' (rewritten by the academy at each hub start)."""

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "{course_id}"
c.CourseDirectory.root = "{root}"
'''


def prepare_grading_root(platform: PlatformConfig, course: Course) -> str:
    """Create and fill the course's grading directory; return the service's Unix account.

    As root: the account ``<prefix>grader-<course>`` owns the directory (mode 0700, its home)
    and everything copied into it. Otherwise ('simple' spawner): the hub's own account ("").
    """
    root = grading_root(platform, course)
    root.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(root.parent, 0o755)
    uid = gid = None
    user = ""
    if platform.resolved_spawner == "unix":
        account = ensure_account(grader_account_name(platform, course), root,
                                 f"formgrader of course {course.id}")
        uid, gid, user = account.pw_uid, account.pw_gid, account.pw_name
    else:
        root.mkdir(exist_ok=True)
        os.chmod(root, 0o700)
    config = root / "nbgrader_config.py"
    config.write_text(COURSE_CONFIG_TEMPLATE.format(course_id=course.id, root=root))
    copy_missing_files(course.directory / "source", root / "source", uid=uid, gid=gid)
    if uid is not None:
        for path in (config, root / "source"):
            os.chown(path, uid, gid)
    return user


def formgrader_environment(platform: PlatformConfig, course: Course,
                           grading: GradingConfig) -> dict[str, str]:
    """What the service's process needs: where things are and the grading settings."""
    environment = {
        "ACADEMY_DATA_DIR": platform.data_dir,
        "ACADEMY_COURSES_DIR": platform.courses_dir,
        "ACADEMY_EXCHANGE_DIR": str(platform.exchange_dir),
        "ACADEMY_COURSE_ID": course.id,
        "ACADEMY_GRADING_ROOT": str(grading_root(platform, course)),
        "ACADEMY_RELEASE_ASSIGNMENTS": (
            ",".join(grading.release_patterns(platform.demo, course.id)) or "none"),
        "JUPYTER_CONFIG_PATH": f"{FORMGRADER_CONFIG_DIR}{os.pathsep}{USER_CONFIG_DIR}",
        "JUPYTERHUB_DEFAULT_URL": "/formgrader",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}/usr/sbin:/usr/bin:/sbin:/bin",
    }
    for name, value in os.environ.items():
        if name in PASSED_THROUGH or name.startswith("ACADEMY_GRADING_"):
            environment[name] = value
    return environment


def courses_with_formgrader(courses: list[Course],
                            grading: GradingConfig | None = None) -> list[Course]:
    """The courses (in ``courses`` order) that get a formgrader service.

    The services, the instructors' access scopes and the home page's "Grade" links all ask
    this one function, so a link never points at a service that was not started.
    """
    chosen = set((grading or GradingConfig()).formgrader_course_ids([c.id for c in courses]))
    return [course for course in courses if course.id in chosen]


def formgrader_services(platform: PlatformConfig, courses: list[Course],
                        grading: GradingConfig | None = None) -> tuple[list[dict], list[dict]]:
    """The formgrader services of the configured courses and their roles."""
    grading = grading or GradingConfig()
    services: list[dict] = []
    roles: list[dict] = []
    for index, course in enumerate(courses_with_formgrader(courses, grading)):
        port = (grading.formgrader_base_port + index if grading.formgrader_base_port
                else free_loopback_port())
        name = service_name(course)
        services.append({
            "name": name,
            "url": f"http://127.0.0.1:{port}",
            "command": [str(Path(sys.executable).parent / "jupyterhub-singleuser"),
                        f"--ServerApp.root_dir={grading_root(platform, course)}"],
            "user": prepare_grading_root(platform, course),
            "cwd": str(grading_root(platform, course)),
            "environment": formgrader_environment(platform, course, grading),
            "oauth_no_confirm": True,
            "display": False,
        })
        students = course.group_name("students")
        roles.append({
            "name": name,
            "description": f"Formgrader of {course.title_in('en')}: reads and manages the "
                           "course's student group (nbgrader's 'Manage students')",
            "scopes": [f"read:groups!group={students}", f"groups!group={students}",
                       f"read:users:name!group={students}", "list:users"],
            "services": [name],
        })
    return services, roles


def formgrader_access_scopes(course: Course, role: str) -> list[str]:
    """Scopes added to a course's instructor and TA roles: open that course's formgrader."""
    return [f"access:services!service=formgrader-{course.id}"]
