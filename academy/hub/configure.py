"""Apply the academy to a JupyterHub config object, one ``update_<area>`` function per area.

TLJH's pattern: each function only *sets* values (never appends to something it did not
create), so applying twice gives the same config, and each is unit-testable on a fresh
``Config`` without starting a hub. ``hub_config.py`` calls :func:`configure_hub` and nothing else.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import nativeauthenticator
from traitlets.config import Config

from academy.hub.demo import DEMO_STUDENTS, demo_roster, load_demo_accounts
from academy.hub.formgraders import (
    courses_with_formgrader,
    formgrader_access_scopes,
    formgrader_services,
    service_name,
)
from academy.hub.gallery_service import gallery_service
from academy.hub.language import hub_default_language, language_handlers, template_functions
from academy.hub.rbac import course_groups, course_roles
from academy.hub.services import idle_culler_service
from curriculum.content import load_course_content
from curriculum.courses import Course, load_courses
from foundation.config import PlatformConfig
from foundation.config.environment import env_str
from foundation.errors import ConfigError
from foundation.paths import PROJECT_ROOT, TEMPLATES_DIR

DATA_DIR_MODES: dict[str, int] = {
    "": 0o755,         # traversable: homes and the exchange live below it
    "hub": 0o700,      # database, cookie secret, demo passwords: the hub's eyes only
    "home": 0o755,     # each home inside is 0700 and owned by its student
    "exchange": 0o1777,  # nbgrader's documented mode: everyone writes, sticky bit
    "grading": 0o755,  # each course's grading directory inside is 0700, its grader's
    "logs": 0o750,
    "cache": 0o755,
}


def prepare_data_dir(platform: PlatformConfig) -> None:
    """Create the data directory tree with the modes above (idempotent)."""
    for name, mode in DATA_DIR_MODES.items():
        path = platform.data_path / name if name else platform.data_path
        path.mkdir(parents=True, exist_ok=True)
        os.chmod(path, mode)


def update_network(c: Config, platform: PlatformConfig) -> None:
    """Public address, hub port, and the pinned configurable-http-proxy from node_modules."""
    c.JupyterHub.bind_url = f"http://{platform.ip}:{platform.port}/"
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = platform.hub_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{platform.proxy_api_port}"
    chp = PROJECT_ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
    c.ConfigurableHTTPProxy.command = [str(chp)]
    c.ConfigurableHTTPProxy.pid_file = str(platform.hub_dir / "proxy.pid")


def update_storage(c: Config, platform: PlatformConfig) -> None:
    """Everything the hub keeps goes under the data directory."""
    c.JupyterHub.db_url = platform.db_url
    c.JupyterHub.cookie_secret_file = str(platform.cookie_secret_file)
    c.JupyterHub.pid_file = str(platform.hub_dir / "jupyterhub.pid")
    c.JupyterHub.data_files_path = str(Path(sys.prefix) / "share" / "jupyterhub")
    # Production keeps servers through a hub restart; the interactive demo stops them on Ctrl-C.
    c.JupyterHub.cleanup_servers = not platform.keep_servers
    c.JupyterHub.cleanup_proxy = True


def update_auth(c: Config, platform: PlatformConfig, courses: list[Course]) -> None:
    """NativeAuthenticator: sign-up, admin approval, strong passwords, lock-out."""
    c.JupyterHub.authenticator_class = "academy.hub.authenticator.AcademyAuthenticator"
    c.Authenticator.admin_users = set(platform.admin_users)
    # NativeAuthenticator only lets approved users through, so every user it returns is allowed.
    c.Authenticator.allow_all = True
    c.NativeAuthenticator.open_signup = False
    c.NativeAuthenticator.minimum_password_length = platform.min_password_length
    c.NativeAuthenticator.check_common_password = True
    c.NativeAuthenticator.allowed_failed_logins = platform.login_attempts
    c.NativeAuthenticator.seconds_before_next_try = platform.lockout_s
    c.NativeAuthenticator.ask_email_on_signup = False
    if platform.demo:
        accounts = load_demo_accounts(platform.hub_dir / "demo-accounts.json",
                                      demo_roster(platform.admin_users, courses))
        c.AcademyAuthenticator.demo_passwords = {a.username: a.password for a in accounts}
    else:
        c.AcademyAuthenticator.demo_passwords = {}


def is_first_start(platform: PlatformConfig) -> bool:
    """True until the hub has made its SQLite database (always True for other databases)."""
    prefix = "sqlite:///"
    if not platform.db_url.startswith(prefix):
        return True
    return not Path(platform.db_url[len(prefix):]).exists()


def update_courses(c: Config, platform: PlatformConfig, courses: list[Course]) -> None:
    """Groups per course (their roles come with the services' in one assignment).

    JupyterHub adds ``load_groups`` members at every start. The demo students are seeded on the
    first start only: an admin who takes them out of a course (a new term) must not see them
    come back at the next restart. (With a non-SQLite database the first start cannot be told
    from a file, so they are added at every start there.)
    """
    extra_students = DEMO_STUDENTS if platform.demo and is_first_start(platform) else ()
    c.JupyterHub.load_groups = course_groups(courses, extra_students)


def first_closed_ancestor(path: Path) -> Path | None:
    """The first folder from / down to ``path`` that other Unix users cannot traverse."""
    for folder in [*reversed(path.parents), path]:
        if folder.exists() and not folder.stat().st_mode & 0o001:
            return folder
    return None


def check_reachable_by_students(platform: PlatformConfig) -> None:
    """Per-student accounts must reach their homes and run the venv's Python: say so early."""
    for variable, path in (("ACADEMY_DATA_DIR", platform.homes_dir),
                           ("the Python environment", Path(sys.executable).parent)):
        closed = first_closed_ancestor(path)
        if closed is not None:
            raise ConfigError(variable, str(path), f"{closed} is not traversable by other users "
                              f"(mode {oct(closed.stat().st_mode & 0o777)}), so per-student "
                              "accounts cannot use it; choose a path outside it or chmod o+x it")


def update_spawner(c: Config, platform: PlatformConfig) -> None:
    """Per-student Unix accounts as root, otherwise the simple spawner (with a warning)."""
    kind = platform.resolved_spawner
    if kind == "unix":
        if os.geteuid() != 0:
            raise ConfigError("ACADEMY_SPAWNER", "unix", "per-student Unix accounts need the "
                              "hub to run as root; use 'simple' (no isolation) or run as root")
        check_reachable_by_students(platform)
    c.JupyterHub.spawner_class = {
        "unix": "academy.hub.spawners.AcademyUnixSpawner",
        "simple": "academy.hub.spawners.AcademySimpleSpawner",
    }[kind]
    c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
    c.Spawner.default_url = "/lab"
    c.Spawner.notebook_dir = "~"
    # The server's own token may also read the user's groups: nbgrader's Assignments tab asks
    # the hub which courses the student takes (grading.hub_auth).
    c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server",
                                     "read:users:name!user", "read:users:groups!user"]
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 90
    if os.geteuid() == 0 and kind == "simple":
        c.Spawner.args = ["--allow-root"]
    c.JupyterHub.default_url = "/hub/spawn"


def service_definitions(platform: PlatformConfig, courses: list[Course]
                        ) -> tuple[list[dict], list[dict]]:
    """Managed services (idle culler, gallery, formgraders, the operator's API token when set)
    and their roles."""
    culler, culler_role = idle_culler_service(platform)
    gallery, gallery_role = gallery_service(platform)
    formgraders, formgrader_roles = formgrader_services(platform, courses)
    services = [culler, gallery, *formgraders]
    roles = [culler_role, gallery_role, *formgrader_roles]
    token = env_str("ACADEMY_OPERATOR_TOKEN", "")
    if token:
        if len(token) < 32:
            raise ConfigError("ACADEMY_OPERATOR_TOKEN", "<hidden>", "must be at least 32 "
                              "characters (e.g. `openssl rand -hex 32`)")
        services.append({"name": "academy-operator", "api_token": token})
        roles.append({"name": "academy-operator", "description": "Operator commands and tests",
                      "scopes": ["admin:users", "admin:groups", "admin:servers", "read:hub",
                                 "read:roles", "tokens", "access:servers", "list:services",
                                 "read:services"],
                      "services": ["academy-operator"]})
    return services, roles


def update_services_and_roles(c: Config, platform: PlatformConfig,
                              courses: list[Course]) -> None:
    """Every service and every role in one assignment each, so re-applying is harmless."""
    services, service_roles = service_definitions(platform, courses)
    c.JupyterHub.services = services
    with_formgrader = {course.id for course in courses_with_formgrader(courses)}

    def formgrader_access(course: Course, role: str) -> list[str]:
        return (formgrader_access_scopes(course, role)
                if course.id in with_formgrader else [])

    c.JupyterHub.load_roles = course_roles(courses, formgrader_access) + service_roles


def update_templates(c: Config, platform: PlatformConfig, courses: list[Course]) -> None:
    """Academy branding first, then NativeAuthenticator's pages; the values templates show.

    Pages are translated per request (``academy.hub.language``): templates call ``_()``, the
    navbar's picker posts to ``/hub/academy/language``, registered here as an extra handler.
    ``ACADEMY_DEFAULT_LANGUAGE`` (default ``en``) is the language of visitors who chose none.
    """
    default_language = hub_default_language()
    with_formgrader = {course.id for course in courses_with_formgrader(courses)}
    native = Path(nativeauthenticator.__file__).parent / "templates"
    c.JupyterHub.template_paths = [str(TEMPLATES_DIR), str(native)]
    c.JupyterHub.extra_handlers = language_handlers(platform.hub_dir)
    c.JupyterHub.template_vars = {
        **template_functions(platform.hub_dir, default_language),
        "academy_min_password_length": platform.min_password_length,
        "academy_courses": [
            {
                "id": course.id,
                "title": course.title_in("en"),
                "description": course.description.get("en", ""),
                # Per language, as course.toml gives them; templates fall back to English.
                "titles": dict(course.title),
                "descriptions": dict(course.description),
                "open": course.open_enrolment,
                "instructors_group": course.group_name("instructors"),
                "tas_group": course.group_name("tas"),
                "students_group": course.group_name("students"),
                "lesson_index": lesson_index(course),
                "formgrader_url": (f"/services/{service_name(course)}/formgrader"
                                   if course.id in with_formgrader else ""),
            }
            for course in courses
        ],
    }


def lesson_index(course: Course) -> dict[str, list[str]]:
    """Lesson titles grouped by language, in course order: the home page's lesson index."""
    content = load_course_content(course)
    return {language: [lesson.title_in(language) for lesson in content.lessons_in(language)]
            for language in course.languages if content.lessons_in(language)}


def configure_hub(c: Config, platform: PlatformConfig | None = None) -> PlatformConfig:
    """Apply every area to ``c``; raises :class:`foundation.errors.AcademyError` on bad input."""
    platform = platform or PlatformConfig()
    courses = load_courses(Path(platform.courses_dir))
    prepare_data_dir(platform)
    update_network(c, platform)
    update_storage(c, platform)
    update_auth(c, platform, courses)
    update_courses(c, platform, courses)
    update_spawner(c, platform)
    update_services_and_roles(c, platform, courses)
    update_templates(c, platform, courses)
    c.PlatformConfig.data_dir = platform.data_dir
    c.PlatformConfig.courses_dir = platform.courses_dir
    return platform


def new_operator_token() -> str:
    """A token suitable for ACADEMY_OPERATOR_TOKEN."""
    return secrets.token_hex(32)
