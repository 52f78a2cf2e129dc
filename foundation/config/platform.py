"""Platform settings: where the hub listens, where state lives, who may log in and how.

Every setting can come from an ``ACADEMY_*`` environment variable (documented in README.md), from a
traitlets config (``c.PlatformConfig.port = 8000``) or from the constructor. The environment is read
when the object is built, never at import time.
"""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path

from traitlets import Bool, Enum, Int, List, Unicode, default, validate
from traitlets.config import Configurable

from foundation.config.environment import env_bool, env_int, env_path, env_str
from foundation.errors import ConfigError
from foundation.paths import PROJECT_ROOT


class PlatformConfig(Configurable):
    """Settings of the hub and its data directory."""

    ip = Unicode(help="Address the public proxy binds to (ACADEMY_IP). Loopback by default; "
                 "demo accounts are only allowed on loopback.").tag(config=True)
    port = Int(help="Public port of the academy (ACADEMY_PORT), 1-65535.").tag(config=True)
    hub_port = Int(help="Port of the hub's own API and pages behind the proxy (ACADEMY_HUB_PORT). "
                   "Change it when two academies share a machine.").tag(config=True)
    proxy_api_port = Int(help="Port of configurable-http-proxy's REST API "
                         "(ACADEMY_PROXY_API_PORT).").tag(config=True)
    data_dir = Unicode(help="Directory holding all state (ACADEMY_DATA_DIR, default var/ in the "
                       "checkout): hub database, cookie secret, homes, exchange, logs."
                       ).tag(config=True)
    courses_dir = Unicode(help="Directory of course folders, each with a course.toml "
                          "(ACADEMY_COURSES_DIR, default courses/ in the checkout)."
                          ).tag(config=True)
    demo = Bool(help="Seed demo accounts (ACADEMY_DEMO). Refused unless bound to loopback, "
                "because their passwords are printed.").tag(config=True)
    spawner = Enum(["auto", "unix", "simple"],
                   help="How user servers run (ACADEMY_SPAWNER). 'unix': one Unix account per "
                   "hub user, homes 0700 (needs root). 'simple': all servers as the hub's own "
                   "user, files NOT isolated. 'auto': 'unix' when running as root."
                   ).tag(config=True)
    idle_timeout_s = Int(help="Seconds of inactivity before the idle culler stops a user server "
                         "(ACADEMY_IDLE_TIMEOUT, at least 60).").tag(config=True)
    admin_users = List(Unicode(), help="Hub admins (ACADEMY_ADMINS, comma separated). They "
                       "approve sign-ups and manage users.").tag(config=True)
    login_attempts = Int(help="Failed logins before an account is locked "
                         "(ACADEMY_LOGIN_ATTEMPTS, at least 1).").tag(config=True)
    min_password_length = Int(help="Shortest password accepted at sign-up "
                              "(ACADEMY_MIN_PASSWORD_LENGTH, at least 8).").tag(config=True)
    lockout_s = Int(help="Seconds an account stays locked after too many failed logins "
                    "(ACADEMY_LOCKOUT_SECONDS).").tag(config=True)
    db_url = Unicode(help="Hub database URL (ACADEMY_DB_URL). Default: SQLite in the data "
                     "directory.").tag(config=True)
    keep_servers = Bool(help="Keep user servers running when the hub stops "
                        "(ACADEMY_KEEP_SERVERS), so a hub restart or crash does not interrupt a "
                        "class. Off for the interactive demo, where Ctrl-C should stop "
                        "everything.").tag(config=True)
    unix_user_prefix = Unicode(help="Prefix of the Unix account made for each hub user in "
                               "'unix' mode (ACADEMY_UNIX_USER_PREFIX, default 'academy-'), so a "
                               "hub user named 'root' or 'daemon' never maps onto a system "
                               "account. Give each academy on one machine its own prefix."
                               ).tag(config=True)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # traitlets does not pass computed defaults through @validate: compute and check every
        # setting now, so a bad ACADEMY_* value fails when the object is built, not mid-request.
        for name in self.trait_names(config=True):
            value = getattr(self, name)
            checker = getattr(self, f"_check_{name}_value", None)
            if checker is not None:
                checker(value)

    @default("ip")
    def _ip_default(self) -> str:
        return env_str("ACADEMY_IP", "127.0.0.1")

    @default("port")
    def _port_default(self) -> int:
        return env_int("ACADEMY_PORT", 8000, minimum=1, maximum=65535)

    @default("hub_port")
    def _hub_port_default(self) -> int:
        return env_int("ACADEMY_HUB_PORT", 8081, minimum=1, maximum=65535)

    @default("proxy_api_port")
    def _proxy_api_port_default(self) -> int:
        return env_int("ACADEMY_PROXY_API_PORT", 8001, minimum=1, maximum=65535)

    @default("data_dir")
    def _data_dir_default(self) -> str:
        return str(env_path("ACADEMY_DATA_DIR", PROJECT_ROOT / "var"))

    @default("courses_dir")
    def _courses_dir_default(self) -> str:
        return str(env_path("ACADEMY_COURSES_DIR", PROJECT_ROOT / "courses"))

    @default("demo")
    def _demo_default(self) -> bool:
        return env_bool("ACADEMY_DEMO", False)

    @default("keep_servers")
    def _keep_servers_default(self) -> bool:
        return env_bool("ACADEMY_KEEP_SERVERS", False)

    @default("unix_user_prefix")
    def _unix_user_prefix_default(self) -> str:
        value = env_str("ACADEMY_UNIX_USER_PREFIX", "academy-")
        if not re.fullmatch(r"[a-z][a-z0-9-]{0,11}", value):
            raise ConfigError("ACADEMY_UNIX_USER_PREFIX", value, "must be 1-12 characters: a "
                              "lowercase letter, then lowercase letters, digits or '-'")
        return value

    @default("spawner")
    def _spawner_default(self) -> str:
        value = env_str("ACADEMY_SPAWNER", "auto")
        if value not in ("auto", "unix", "simple"):
            raise ConfigError("ACADEMY_SPAWNER", value, "must be one of auto, unix, simple")
        return value

    @default("idle_timeout_s")
    def _idle_timeout_default(self) -> int:
        return env_int("ACADEMY_IDLE_TIMEOUT", 3600, minimum=60)

    @default("admin_users")
    def _admin_users_default(self) -> list[str]:
        raw = env_str("ACADEMY_ADMINS", "admin")
        return [name.strip() for name in raw.split(",") if name.strip()]

    @default("login_attempts")
    def _login_attempts_default(self) -> int:
        return env_int("ACADEMY_LOGIN_ATTEMPTS", 5, minimum=1)

    @default("min_password_length")
    def _min_password_length_default(self) -> int:
        return env_int("ACADEMY_MIN_PASSWORD_LENGTH", 10, minimum=8)

    @default("lockout_s")
    def _lockout_default(self) -> int:
        return env_int("ACADEMY_LOCKOUT_SECONDS", 600, minimum=1)

    @default("db_url")
    def _db_url_default(self) -> str:
        return env_str("ACADEMY_DB_URL", f"sqlite:///{self.hub_dir / 'jupyterhub.sqlite'}")

    @validate("ip")
    def _check_ip(self, proposal: dict) -> str:
        return self._check_ip_value(proposal["value"])

    def _check_ip_value(self, value: str) -> str:
        try:
            ipaddress.ip_address(value)
        except ValueError:
            raise ConfigError("ACADEMY_IP", value, "must be an IP address such as "
                              "127.0.0.1 or 0.0.0.0") from None
        return value

    @validate("port", "hub_port", "proxy_api_port")
    def _check_port(self, proposal: dict) -> int:
        value = proposal["value"]
        if not 1 <= value <= 65535:
            raise ConfigError(f"PlatformConfig.{proposal['trait'].name}", value,
                              "must be a port number 1-65535")
        return value

    @validate("demo")
    def _check_demo(self, proposal: dict) -> bool:
        return self._check_demo_value(proposal["value"])

    def _check_demo_value(self, value: bool) -> bool:
        if value and not self.is_loopback:
            raise ConfigError("ACADEMY_DEMO", "1", f"demo accounts print their passwords, so they "
                              f"are only allowed when ACADEMY_IP is loopback (it is {self.ip})")
        return value

    @validate("admin_users")
    def _check_admins(self, proposal: dict) -> list[str]:
        return self._check_admin_users_value(proposal["value"])

    def _check_admin_users_value(self, value: list[str]) -> list[str]:
        if not value:
            raise ConfigError("ACADEMY_ADMINS", "", "at least one admin is needed to approve "
                              "sign-ups")
        return value

    @property
    def is_loopback(self) -> bool:
        """True when the public address is reachable from this machine only."""
        return ipaddress.ip_address(self.ip).is_loopback

    @property
    def resolved_spawner(self) -> str:
        """'unix' or 'simple': what 'auto' means on this machine."""
        if self.spawner != "auto":
            return self.spawner
        return "unix" if os.geteuid() == 0 else "simple"

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir)

    @property
    def hub_dir(self) -> Path:
        """The hub's own state: database, cookie secret, proxy token."""
        return self.data_path / "hub"

    @property
    def homes_dir(self) -> Path:
        return self.data_path / "home"

    @property
    def exchange_dir(self) -> Path:
        return self.data_path / "exchange"

    @property
    def logs_dir(self) -> Path:
        return self.data_path / "logs"

    @property
    def warm_numba_cache_dir(self) -> Path:
        """numba's cache of boinor, compiled by the hub's start-up and copied into homes."""
        return self.data_path / "cache" / "numba"

    @property
    def cookie_secret_file(self) -> Path:
        return self.hub_dir / "jupyterhub_cookie_secret"

    @property
    def public_url(self) -> str:
        host = "127.0.0.1" if self.ip in ("0.0.0.0", "::") else self.ip
        return f"http://{host}:{self.port}/"
