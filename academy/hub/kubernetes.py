"""The academy on Kubernetes (Zero to JupyterHub): what changes when KubeSpawner runs servers.

The chart's own ``jupyterhub_config.py`` turns ``deploy/kubernetes/values.yaml`` into the
network, database, image, resource and volume settings; ``hub.extraConfig`` then calls
:func:`configure_kubernetes`, which applies the same authentication, course groups, roles and
templates as a single machine, plus one KubeSpawner profile per course the user belongs to.
Resource numbers live in values.yaml only; courses live in course.toml only.
"""

from __future__ import annotations

from pathlib import Path

from traitlets.config import Config

from academy.hub.configure import update_auth, update_courses, update_templates
from academy.hub.homes import courses_for_groups
from academy.hub.rbac import course_roles
from curriculum.courses import Course, load_courses
from foundation.config import PlatformConfig

EXCHANGE_MOUNT = "/srv/academy/exchange"
"""Where the ReadWriteMany exchange volume is mounted in every user pod (values.yaml)."""


def course_profiles(courses: list[Course], group_names: list[str]) -> list[dict]:
    """KubeSpawner profiles: one per course the user takes or teaches (first is the default)."""
    profiles = []
    for course, role in courses_for_groups(courses, group_names):
        profiles.append({
            "display_name": course.title_in("en"),
            "slug": course.id,
            "description": f"{course.description.get('en', '')} ({role})".strip(),
            "kubespawner_override": {"environment": {"ACADEMY_COURSE": course.id,
                                                     "ACADEMY_COURSE_ROLE": role}},
        })
    if profiles:
        profiles[0]["default"] = True
    return profiles


def configure_kubernetes(c: Config, platform: PlatformConfig | None = None) -> PlatformConfig:
    """Apply the academy to the chart's hub config ``c`` (called from hub.extraConfig)."""
    platform = platform or PlatformConfig(spawner="simple")
    courses = load_courses(Path(platform.courses_dir))
    update_auth(c, platform, courses)
    update_courses(c, platform, courses)
    # The chart runs the idle culler itself (values: cull), so only the course roles are ours.
    c.JupyterHub.load_roles = course_roles(courses)
    update_templates(c, platform, courses)
    c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"

    def profiles_for(spawner) -> list[dict]:
        return course_profiles(courses, [group.name for group in spawner.user.groups])

    c.KubeSpawner.profile_list = profiles_for
    c.KubeSpawner.environment = {
        "JUPYTER_CONFIG_PATH": str(Path(__file__).resolve().parent.parent / "jupyter_config"),
        "ACADEMY_EXCHANGE_DIR": EXCHANGE_MOUNT,
        "ACADEMY_NUMBA_CACHE_DIR": "/home/jovyan/.cache/numba",
    }
    c.KubeSpawner.default_url = "/lab"
    return platform
