"""Telemetry settings: where mission data is cached, which servers are asked and how politely.

Every trait can come from an ``ACADEMY_*`` environment variable, a traitlets config
(``c.TelemetryConfig.refresh_interval_s = 3600``) or the constructor. The environment is read when
the object is built, never at import time, so tests can set variables per case.

CelesTrak's usage policy asks clients to cache element sets (they change about every two hours)
and to stop asking when they get errors; the refresh interval therefore has a floor of 7200 s per
group and failures back off exponentially.
"""

from __future__ import annotations

from pathlib import Path

from traitlets import Float, Int, Unicode, default, validate
from traitlets.config import Configurable

from foundation.config.environment import env_int, env_path, env_str
from foundation.config.platform import PlatformConfig
from foundation.errors import ConfigError

MIN_REFRESH_INTERVAL_S = 7200
"""CelesTrak publishes new GP data about every 2 hours; asking more often only adds load."""


def _checked_url(name: str, value: str) -> str:
    """An http(s) URL without trailing slash (defaults are not run through @validate)."""
    if not value.startswith(("http://", "https://")):
        raise ConfigError(name, value, "must be an http:// or https:// URL")
    return value.rstrip("/")


class TelemetryConfig(Configurable):
    """Settings of the telemetry data sources and caches."""

    cache_dir = Unicode(help="Directory of the on-disk cache of live element sets shared by all "
                        "users of one hub (ACADEMY_TELEMETRY_CACHE_DIR, default "
                        "<data_dir>/cache/telemetry). Must be writable by whoever runs "
                        "'academy data refresh'.").tag(config=True)
    celestrak_url = Unicode(help="Base URL of CelesTrak's GP query (ACADEMY_CELESTRAK_URL). "
                            "Point it at a local server in tests or at a mirror.").tag(config=True)
    refresh_interval_s = Int(help="Seconds before a cached CelesTrak group may be fetched again "
                             "(ACADEMY_TELEMETRY_REFRESH_S), at least 7200 (CelesTrak updates "
                             "about every 2 h and asks clients not to poll faster)."
                             ).tag(config=True)
    backoff_initial_s = Int(help="Seconds to wait before retrying after a failed fetch "
                            "(ACADEMY_TELEMETRY_BACKOFF_S); doubled after each further failure."
                            ).tag(config=True)
    backoff_max_s = Int(86400, help="Upper bound in seconds of the failure back-off (one day by "
                        "default).").tag(config=True)
    satnogs_url = Unicode(help="Base URL of the SatNOGS DB API (ACADEMY_SATNOGS_URL), without "
                          "the trailing /telemetry/.").tag(config=True)
    satnogs_token_env = Unicode("ACADEMY_SATNOGS_TOKEN", help="Name of the environment variable "
                                "holding the SatNOGS DB API token. The token itself is never "
                                "stored in config files.").tag(config=True)
    satnogs_min_interval_s = Float(1.0, help="Seconds between two SatNOGS DB page requests "
                                   "(polite throttling; 0 disables it, for tests)."
                                   ).tag(config=True)
    satnogs_max_pages = Int(100, help="Most pages (25 frames each) fetched for one query, so a "
                            "mistyped time window cannot walk the whole archive.").tag(config=True)
    request_timeout_s = Float(help="Seconds to wait for a server before giving up on one request "
                              "(ACADEMY_TELEMETRY_TIMEOUT_S).").tag(config=True)
    numba_cache_dir = Unicode(help="Directory of numba's compiled-function cache, shared so "
                              "boinor compiles once per machine, not once per kernel "
                              "(ACADEMY_NUMBA_CACHE_DIR, default <data_dir>/cache/numba)."
                              ).tag(config=True)

    @property
    def _data_path(self) -> Path:
        return PlatformConfig(parent=self.parent).data_path

    @default("cache_dir")
    def _cache_dir_default(self) -> str:
        return str(env_path("ACADEMY_TELEMETRY_CACHE_DIR", self._data_path / "cache" / "telemetry"))

    @default("celestrak_url")
    def _celestrak_url_default(self) -> str:
        return _checked_url("ACADEMY_CELESTRAK_URL", env_str(
            "ACADEMY_CELESTRAK_URL", "https://celestrak.org/NORAD/elements/gp.php"))

    @default("refresh_interval_s")
    def _refresh_default(self) -> int:
        return env_int("ACADEMY_TELEMETRY_REFRESH_S", MIN_REFRESH_INTERVAL_S,
                       minimum=MIN_REFRESH_INTERVAL_S)

    @default("backoff_initial_s")
    def _backoff_default(self) -> int:
        return env_int("ACADEMY_TELEMETRY_BACKOFF_S", 600, minimum=1)

    @default("satnogs_url")
    def _satnogs_url_default(self) -> str:
        return _checked_url("ACADEMY_SATNOGS_URL",
                            env_str("ACADEMY_SATNOGS_URL", "https://db.satnogs.org/api"))

    @default("request_timeout_s")
    def _timeout_default(self) -> float:
        return float(env_int("ACADEMY_TELEMETRY_TIMEOUT_S", 30, minimum=1))

    @default("numba_cache_dir")
    def _numba_default(self) -> str:
        return str(env_path("ACADEMY_NUMBA_CACHE_DIR", self._data_path / "cache" / "numba"))

    @validate("refresh_interval_s")
    def _check_refresh(self, proposal: dict) -> int:
        value = proposal["value"]
        if value < MIN_REFRESH_INTERVAL_S:
            raise ConfigError("TelemetryConfig.refresh_interval_s", value,
                              f"must be at least {MIN_REFRESH_INTERVAL_S} s (CelesTrak usage "
                              "policy: data change about every 2 h)")
        return value

    @validate("backoff_initial_s", "backoff_max_s", "satnogs_max_pages")
    def _check_positive(self, proposal: dict) -> int:
        value = proposal["value"]
        if value < 1:
            raise ConfigError(f"TelemetryConfig.{proposal['trait'].name}", value,
                              "must be at least 1")
        return value

    @validate("request_timeout_s")
    def _check_timeout(self, proposal: dict) -> float:
        value = proposal["value"]
        if not value > 0:
            raise ConfigError("TelemetryConfig.request_timeout_s", value, "must be above 0 s")
        return value

    @validate("satnogs_min_interval_s")
    def _check_interval(self, proposal: dict) -> float:
        value = proposal["value"]
        if value < 0:
            raise ConfigError("TelemetryConfig.satnogs_min_interval_s", value,
                              "must be 0 or more seconds")
        return value

    @validate("celestrak_url", "satnogs_url")
    def _check_url(self, proposal: dict) -> str:
        return _checked_url(f"TelemetryConfig.{proposal['trait'].name}", proposal["value"])

    @property
    def cache_path(self) -> Path:
        return Path(self.cache_dir)

    @property
    def numba_cache_path(self) -> Path:
        return Path(self.numba_cache_dir)

    def satnogs_token(self) -> str | None:
        """The SatNOGS DB token from the environment, or None. Read on each call, never stored."""
        token = env_str(self.satnogs_token_env, "").strip()
        return token or None
