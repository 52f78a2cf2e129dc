"""User-server spawners: one Unix account per student when we can, a loud warning when not.

Both spawners share :class:`CourseHomeMixin`, which before every start (1) enrols the user in
open courses, (2) copies the lessons of their courses into their home and (3) points Jupyter at
the academy's own config directory so nbgrader records the hub user name as the student id.
"""

from __future__ import annotations

import grp
import os
import pwd
import sys
from pathlib import Path

from jupyterhub import orm
from jupyterhub.spawner import LocalProcessSpawner, SimpleLocalProcessSpawner
from traitlets import Unicode, default

from academy.hub.accounts import ensure_account
from academy.hub.homes import copy_missing_files, courses_for_groups, populate_home
from academy.hub.language import server_environment, user_language
from curriculum.courses import load_courses
from foundation.config import PlatformConfig
from foundation.paths import JUPYTER_CONFIG_DIR

"""Config read by every user server and kernel (nbgrader exchange and student id, Lab defaults)."""

NUMBA_CACHE_IN_HOME = Path(".cache") / "numba"


class CourseHomeMixin:
    """Shared start-up work of the academy's spawners (see module docstring)."""

    platform: PlatformConfig

    def _academy_platform(self) -> PlatformConfig:
        return PlatformConfig(parent=self)

    def _enrol_in_open_courses(self, courses: list) -> None:
        """Add the user to ``students-<id>`` of every open course they do not teach."""
        user_groups = {group.name for group in self.user.groups}
        db = self.user.db
        changed = False
        for course in courses:
            if not course.open_enrolment:
                continue
            teaching = {course.group_name("instructors"), course.group_name("tas")}
            students = course.group_name("students")
            if user_groups & teaching or students in user_groups:
                continue
            group = orm.Group.find(db, students)
            if group is not None:
                self.user.orm_user.groups.append(group)
                changed = True
        if changed:
            db.commit()

    def _prepare_home(self, home: Path, uid: int | None, gid: int | None) -> None:
        platform = self._academy_platform()
        courses = load_courses(Path(platform.courses_dir))
        self._enrol_in_open_courses(courses)
        pairs = courses_for_groups(courses, (group.name for group in self.user.groups))
        language = user_language(platform.hub_dir, self.user.name)
        created = populate_home(home, pairs, uid=uid, gid=gid, language=language)
        # The warm numba cache (compiled by the hub's start-up): a student's first orbit loads
        # compiled code. Only missing files are copied; the student's own cache stays theirs.
        cache_home = home / NUMBA_CACHE_IN_HOME
        for folder in (home / ".cache", cache_home):
            if not folder.exists():
                folder.mkdir()
                if uid is not None:
                    os.chown(folder, uid, gid if gid is not None else -1)
        copy_missing_files(platform.warm_numba_cache_dir, cache_home, uid=uid, gid=gid)
        self.log.info("Prepared %s for %s: courses %s, %d new files", home, self.user.name,
                      [course.id for course, _ in pairs], len(created))

    def _academy_env(self, env: dict) -> dict:
        platform = self._academy_platform()
        env["JUPYTER_CONFIG_PATH"] = str(JUPYTER_CONFIG_DIR)
        env["ACADEMY_DATA_DIR"] = platform.data_dir
        env["ACADEMY_COURSES_DIR"] = platform.courses_dir
        env["ACADEMY_EXCHANGE_DIR"] = str(platform.exchange_dir)
        # Per user, never shared: a writable shared cache would let one student plant compiled
        # code that another student's kernel loads. It starts as a copy of the hub's warm cache.
        env["ACADEMY_NUMBA_CACHE_DIR"] = str(Path(env["HOME"]) / NUMBA_CACHE_IN_HOME)
        # The venv's bin first, so terminals and `!pip` in a notebook use the academy's Python.
        env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '/usr/bin:/bin')}"
        # --- i18n (academy/hub/language.py): the language the user chose in the hub's picker.
        # ACADEMY_LANGUAGE for widgets and lessons; the matching Lab language pack as the
        # default of Lab's language setting (their own choice in Lab's Settings menu wins).
        language = user_language(platform.hub_dir, self.user.name)
        env.update(server_environment(language, env["JUPYTER_CONFIG_PATH"]))
        # --- end i18n
        return env


class AcademyUnixSpawner(CourseHomeMixin, LocalProcessSpawner):
    """Runs each user's server as their own Unix account, ``<prefix><hub name>``, home 0700.

    The prefix keeps a hub user called ``root`` or ``daemon`` from ever becoming that system
    account; an existing account that the academy did not create is refused, never reused.
    """

    unix_name = Unicode(help="The Unix account of this hub user.")

    @default("unix_name")
    def _unix_name_default(self) -> str:
        return f"{self._academy_platform().unix_user_prefix}{self.user.name}"

    def ensure_unix_account(self) -> pwd.struct_passwd:
        """Create the account on first spawn; check an existing one is ours."""
        platform = self._academy_platform()
        platform.homes_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(platform.homes_dir, 0o755)
        return ensure_account(self.unix_name, platform.homes_dir / self.user.name,
                              f"user {self.user.name}")

    def make_preexec_fn(self, name: str):
        return super().make_preexec_fn(self.unix_name)

    def user_env(self, env: dict) -> dict:
        account = pwd.getpwnam(self.unix_name)
        env["USER"] = account.pw_name
        env["LOGNAME"] = account.pw_name
        env["HOME"] = account.pw_dir
        env["SHELL"] = account.pw_shell or "/bin/bash"
        return env

    def get_env(self) -> dict:
        return self._academy_env(super().get_env())

    async def start(self):
        account = self.ensure_unix_account()
        self._prepare_home(Path(account.pw_dir), account.pw_uid,
                           grp.getgrgid(account.pw_gid).gr_gid)
        return await super().start()


class AcademySimpleSpawner(CourseHomeMixin, SimpleLocalProcessSpawner):
    """All servers run as the hub's own user: for development without root only.

    Files are NOT isolated between students; the hub logs a warning at every start.
    """

    @default("home_dir_template")
    def _home_template_default(self) -> str:
        return str(self._academy_platform().homes_dir / "{username}")

    def get_env(self) -> dict:
        return self._academy_env(super().get_env())

    async def start(self):
        self.log.warning("ACADEMY_SPAWNER=simple: %s's server runs as the hub's Unix user; "
                         "students can read each other's files. Run the hub as root for "
                         "per-student accounts.", self.user.name)
        home = Path(self.home_dir)
        home.mkdir(parents=True, exist_ok=True)
        self._prepare_home(home, None, None)
        return await super().start()
