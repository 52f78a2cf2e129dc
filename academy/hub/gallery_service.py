"""The public dashboard gallery as a hub-managed service at ``/services/gallery/``.

The hub starts ``academy gallery`` with its own process and routes ``/services/gallery/`` to it
through the proxy. The gallery serves visitors without a login (no OAuth), so its role grants
no scopes: it never calls the hub's API, and a leaked service token would open nothing.

Managed services inherit only a few of the hub's environment variables (JupyterHub's
``Spawner.env_keep``), so the settings the gallery and its kernels read are passed explicitly.
"""

from __future__ import annotations

import sys

from academy.hub.services import free_loopback_port
from foundation.config import PlatformConfig
from foundation.config.gallery import GalleryConfig
from foundation.config.telemetry import TelemetryConfig

SERVICE_NAME = "gallery"
BASE_URL = f"/services/{SERVICE_NAME}/"


def gallery_service(platform: PlatformConfig) -> tuple[dict, dict]:
    """The gallery's service definition and its (scope-less) role."""
    gallery = GalleryConfig()
    telemetry = TelemetryConfig()
    port = gallery.port or free_loopback_port()
    environment = {
        "ACADEMY_DATA_DIR": platform.data_dir,
        "ACADEMY_GALLERY_DIR": gallery.dashboards_dir,
        "ACADEMY_GALLERY_POOL_SIZE": str(gallery.pool_size),
        "ACADEMY_GALLERY_PREHEAT_CONCURRENCY": str(gallery.preheat_concurrency),
        "ACADEMY_GALLERY_KERNEL_CAP": str(gallery.kernel_cap),
        "ACADEMY_GALLERY_IDLE_CULL_S": str(gallery.idle_cull_s),
        "ACADEMY_GALLERY_RATE_LIMIT": str(gallery.rate_limit_per_min),
        "ACADEMY_GALLERY_KIOSK_IDLE_S": str(gallery.kiosk_idle_s),
        "ACADEMY_EMBED_ORIGINS": ",".join(gallery.embed_origins),
        # The cache `academy serve` warmed: preheated kernels load compiled code.
        "ACADEMY_NUMBA_CACHE_DIR": str(telemetry.numba_cache_path),
    }
    service = {
        "name": SERVICE_NAME,
        "url": f"http://127.0.0.1:{port}",
        # `python -m gallery` is `academy gallery` without depending on the CLI's wiring.
        "command": [sys.executable, "-m", "gallery", f"--port={port}", f"--base-url={BASE_URL}",
                    "--ip=127.0.0.1"],
        "environment": environment,
        "display": True,
    }
    role = {
        "name": SERVICE_NAME,
        "description": "Public dashboard gallery: needs no access to the hub's API",
        "scopes": [],
        "services": [SERVICE_NAME],
    }
    return service, role
