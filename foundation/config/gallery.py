"""Settings of the public Voilà gallery (``dashboards/`` served by ``academy gallery``).

The gallery is open to anyone without a login, so most settings here are limits: how many
kernels visitors may hold, how fast one client may open new ones, how long an idle kernel lives,
and which sites may show a dashboard in an ``<iframe>``. Every trait can come from an
``ACADEMY_*`` environment variable, a traitlets config (``c.GalleryConfig.kernel_cap = 40``) or
the constructor; the environment is read when the object is built, never at import time.
"""

from __future__ import annotations

import re
from pathlib import Path

from traitlets import Int, List, Unicode, default, validate
from traitlets.config import Configurable

from foundation.config.environment import env_int, env_path, env_str
from foundation.errors import ConfigError
from foundation.paths import PROJECT_ROOT

DEFAULT_PORT = 8866
"""Voilà's own default port, also what deploy/kubernetes/gallery.yaml passes."""

_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^https?://\[[0-9A-Fa-f:]+\]"
                     r"(:[0-9]{1,5})?$")


def parse_origins(name: str, raw: str) -> list[str]:
    """Comma or space separated origins (``https://school.example.kz``), each checked.

    A path, a wildcard or a missing scheme is refused: ``frame-ancestors`` matches origins only,
    and a typo silently widening the list would let any site frame the gallery.
    """
    origins = [part.strip().rstrip("/") for part in re.split(r"[,\s]+", raw) if part.strip()]
    for origin in origins:
        if not _ORIGIN.match(origin):
            raise ConfigError(name, origin, "each embedding origin must be scheme://host[:port] "
                              "(http or https, no path, no wildcard), e.g. https://school.example")
    return origins


class GalleryConfig(Configurable):
    """Limits and addresses of the public dashboard gallery."""

    port = Int(help="TCP port the gallery listens on, on loopback behind the hub's proxy "
               f"(ACADEMY_GALLERY_PORT, default {DEFAULT_PORT}). 0 means: the hub picks a free "
               "port when it starts the service (useful when several academies share a machine)."
               ).tag(config=True)
    dashboards_dir = Unicode(help="Directory of the dashboard notebooks served "
                             "(ACADEMY_GALLERY_DIR, default dashboards/ in the checkout)."
                             ).tag(config=True)
    pool_size = Int(help="Preheated kernels kept ready per dashboard (ACADEMY_GALLERY_POOL_SIZE, "
                    "default 1). Each costs about 150-300 MB while it waits; 0 turns preheating "
                    "off, so every visitor waits for a kernel to start and the notebook to run."
                    ).tag(config=True)
    preheat_concurrency = Int(help="Pool kernels preheated at the same time when pools are "
                              "refilled after visitors took kernels "
                              "(ACADEMY_GALLERY_PREHEAT_CONCURRENCY, default 1, 1-16). Each "
                              "refill runs its dashboard up to the visitor wait, seconds of CPU; "
                              "refilling every pool at once starves the visitors being served. "
                              "Raise it on a machine with many cores.").tag(config=True)
    kernel_cap = Int(help="Most kernels visitors may hold at once, all dashboards together, not "
                     "counting the preheated pool (ACADEMY_GALLERY_KERNEL_CAP, default 20, at "
                     "least 1). Further visitors get a 'busy, retrying' page that reloads itself "
                     "instead of an error. Size it to memory: roughly 250 MB per kernel."
                     ).tag(config=True)
    idle_cull_s = Int(help="Seconds a visitor's kernel may stay idle before it is shut down "
                      "(ACADEMY_GALLERY_IDLE_CULL_S, default 600, at least 10). Kernels outlive "
                      "the browser tab, so this is what returns memory after visitors leave; "
                      "it applies even while a tab is still open.").tag(config=True)
    rate_limit_per_min = Int(help="New dashboard sessions one client (IP address) may open per "
                             "minute (ACADEMY_GALLERY_RATE_LIMIT, default 12); 0 switches the "
                             "limit off. A school behind one NAT address counts as one client, "
                             "so raise it for outreach events with many devices on one network."
                             ).tag(config=True)
    embed_origins = List(Unicode(), help="Sites allowed to show a dashboard in an <iframe>, as "
                         "origins (ACADEMY_EMBED_ORIGINS, comma separated, e.g. "
                         "'https://school.example.kz'). Sent as the CSP frame-ancestors "
                         "directive; the gallery's own origin is always allowed and is the "
                         "default.").tag(config=True)
    kiosk_idle_s = Int(help="Seconds without a touch, click or key after which a dashboard "
                       "opened with ?kiosk=1 goes back to its start (ACADEMY_GALLERY_KIOSK_IDLE_S, "
                       "default 180, at least 5).").tag(config=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        # Resolve every default now: a bad ACADEMY_* value fails when the gallery starts,
        # not at the first visitor who happens to need that setting.
        for name in self.trait_names(config=True):
            getattr(self, name)

    @default("port")
    def _port_default(self) -> int:
        return env_int("ACADEMY_GALLERY_PORT", DEFAULT_PORT, minimum=0, maximum=65535)

    @default("dashboards_dir")
    def _dashboards_dir_default(self) -> str:
        return str(env_path("ACADEMY_GALLERY_DIR", PROJECT_ROOT / "dashboards"))

    @default("pool_size")
    def _pool_default(self) -> int:
        return env_int("ACADEMY_GALLERY_POOL_SIZE", 1, minimum=0, maximum=16)

    @default("preheat_concurrency")
    def _preheat_concurrency_default(self) -> int:
        return env_int("ACADEMY_GALLERY_PREHEAT_CONCURRENCY", 1, minimum=1, maximum=16)

    @default("kernel_cap")
    def _cap_default(self) -> int:
        return env_int("ACADEMY_GALLERY_KERNEL_CAP", 20, minimum=1)

    @default("idle_cull_s")
    def _cull_default(self) -> int:
        return env_int("ACADEMY_GALLERY_IDLE_CULL_S", 600, minimum=10)

    @default("rate_limit_per_min")
    def _rate_default(self) -> int:
        return env_int("ACADEMY_GALLERY_RATE_LIMIT", 12, minimum=0)

    @default("embed_origins")
    def _origins_default(self) -> list[str]:
        return parse_origins("ACADEMY_EMBED_ORIGINS", env_str("ACADEMY_EMBED_ORIGINS", ""))

    @default("kiosk_idle_s")
    def _kiosk_default(self) -> int:
        return env_int("ACADEMY_GALLERY_KIOSK_IDLE_S", 180, minimum=5)

    @validate("port")
    def _check_port(self, proposal: dict) -> int:
        value = proposal["value"]
        if not 0 <= value <= 65535:
            raise ConfigError("GalleryConfig.port", value, "must be 0 (any free port) or 1-65535")
        return value

    @validate("pool_size")
    def _check_pool(self, proposal: dict) -> int:
        value = proposal["value"]
        if not 0 <= value <= 16:
            raise ConfigError("GalleryConfig.pool_size", value, "must be 0-16 kernels per "
                              "dashboard (each preheated kernel holds 150-300 MB)")
        return value

    @validate("preheat_concurrency")
    def _check_preheat_concurrency(self, proposal: dict) -> int:
        value = proposal["value"]
        if not 1 <= value <= 16:
            raise ConfigError("GalleryConfig.preheat_concurrency", value,
                              "must be 1-16 kernels preheated at once")
        return value

    @validate("kernel_cap")
    def _check_cap(self, proposal: dict) -> int:
        value = proposal["value"]
        if value < 1:
            raise ConfigError("GalleryConfig.kernel_cap", value, "must be at least 1 kernel")
        return value

    @validate("idle_cull_s")
    def _check_cull(self, proposal: dict) -> int:
        value = proposal["value"]
        if value < 10:
            raise ConfigError("GalleryConfig.idle_cull_s", value, "must be at least 10 s")
        return value

    @validate("rate_limit_per_min")
    def _check_rate(self, proposal: dict) -> int:
        value = proposal["value"]
        if value < 0:
            raise ConfigError("GalleryConfig.rate_limit_per_min", value,
                              "must be 0 (off) or a number of sessions per minute")
        return value

    @validate("kiosk_idle_s")
    def _check_kiosk(self, proposal: dict) -> int:
        value = proposal["value"]
        if value < 5:
            raise ConfigError("GalleryConfig.kiosk_idle_s", value, "must be at least 5 s")
        return value

    @validate("embed_origins")
    def _check_origins(self, proposal: dict) -> list[str]:
        return parse_origins("GalleryConfig.embed_origins", ",".join(proposal["value"]))

    @validate("dashboards_dir")
    def _check_dir(self, proposal: dict) -> str:
        value = proposal["value"]
        if not Path(value).is_dir():
            raise ConfigError("GalleryConfig.dashboards_dir", value, "is not a directory")
        return value

    @property
    def frame_ancestors(self) -> str:
        """The CSP ``frame-ancestors`` source list: this origin plus the allowed embedders."""
        return " ".join(["'self'", *self.embed_origins])

    @property
    def cull_interval_s(self) -> int:
        """How often idle kernels are looked for: a quarter of the timeout, 5-60 s, so a kernel
        never outlives its timeout by much and the check costs nothing noticeable."""
        return max(5, min(60, self.idle_cull_s // 4))
