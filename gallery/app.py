"""The gallery launcher: Voilà serving ``dashboards/`` with the gallery's limits around it.

Why a subclass of Voilà's application rather than command-line flags: three things cannot be
set by flags. The index page and the admission check are tornado handlers placed in front of
Voilà's own; the kernel websocket needs our connection class and the CSP header our
``frame-ancestors``; and the kernel cap must read the live kernel manager. Everything that *is*
a Voilà or jupyter_server setting goes through a traitlets ``Config`` built by
:func:`voila_config`, which unit tests inspect without starting anything.
"""

from __future__ import annotations

import os
from pathlib import Path

from jupyter_server.utils import url_path_join
from traitlets.config import Config
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from foundation.config.gallery import DEFAULT_PORT, GalleryConfig
from foundation.config.telemetry import TelemetryConfig
from foundation.errors import ConfigError
from gallery import kernel_handout
from gallery.admission import Admission, ClientRateLimit, KernelCap
from gallery.catalogue import DASHBOARDS
from gallery.handlers import ADMISSION_SETTING, GalleryIndexHandler, GalleryRenderHandler
from gallery.plotly_bundle import BASE_URL_ENV as PLOTLY_BUNDLE_BASE_URL_ENV
from gallery.plotly_bundle import ROUTE as PLOTLY_BUNDLE_ROUTE
from gallery.plotly_bundle import PlotlyBundleHandler
from gallery.preheat import SerialPreheat
from gallery.websocket_guard import WidgetOnlyConnection
from widgets.anywidget_timeout import chunk_handlers

DENIED_LAB_EXTENSIONS = ["@jupyter/nbgrader", "jupyterlab-jupytext",
                         "@jupyter-notebook/lab-extension", "@voila-dashboards/jupyterlab-preview",
                         "jupyterlab-plotly"]
"""Lab extensions the gallery's pages do not load: the first four are installed for students
and throw console errors on a Voilà page; ``jupyterlab-plotly`` renders plotly *outputs*
(``fig.show()``), which no dashboard has (every figure is a ``FigureWidget``, whose front end
comes from :mod:`gallery.plotly_bundle`), and would cost every visitor a second 4.8 MB copy of
plotly.js to download and compile."""


def content_security_policy(gallery: GalleryConfig) -> str:
    """The CSP of every gallery response. Only ``frame-ancestors`` is restricted: the page's
    scripts and styles are Voilà's own bundle, and tightening ``script-src`` would break the
    inline scripts Voilà's template writes."""
    return f"frame-ancestors {gallery.frame_ancestors}"


def voila_config(gallery: GalleryConfig, *, port: int, base_url: str, ip: str) -> Config:
    """The Voilà and jupyter_server settings of the gallery."""
    if not base_url.startswith("/") or not base_url.endswith("/"):
        raise ConfigError("--base-url", base_url, "must start and end with '/', e.g. "
                          "/services/gallery/")
    c = Config()
    c.Voila.ip = ip
    c.Voila.port = port
    # A clash must fail loudly: a gallery on a surprise port is unreachable behind the proxy.
    c.Voila.port_retries = 0
    c.Voila.base_url = base_url
    c.Voila.open_browser = False
    c.Voila.kernel_websocket_connection_class = WidgetOnlyConnection
    c.Voila.tornado_settings = {"headers": {
        "Content-Security-Policy": content_security_policy(gallery)}}
    c.VoilaConfiguration.strip_sources = True
    c.VoilaConfiguration.show_tracebacks = False
    c.VoilaConfiguration.extension_denylist = DENIED_LAB_EXTENSIONS
    c.VoilaConfiguration.allow_template_override = "NO"
    c.VoilaConfiguration.allow_theme_override = "NO"
    preheat = gallery.pool_size > 0
    c.VoilaConfiguration.preheat_kernel = preheat
    c.VoilaConfiguration.default_pool_size = gallery.pool_size
    # Preheating renders each dashboard before anyone asks; it excludes progressive rendering.
    c.VoilaConfiguration.progressive_rendering = False
    c.MappingKernelManager.cull_idle_timeout = gallery.idle_cull_s
    c.MappingKernelManager.cull_interval = gallery.cull_interval_s
    # A visitor's tab left open must not pin a kernel forever (pooled kernels are never culled).
    c.MappingKernelManager.cull_connected = True
    return c


def kernel_environment(telemetry: TelemetryConfig, gallery: GalleryConfig) -> dict[str, str]:
    """Variables every dashboard kernel inherits: the shared, pre-warmed numba cache (compiled
    code is loaded, not compiled, in a preheated kernel) and the kiosk idle time."""
    cache = str(telemetry.numba_cache_path)
    return {"ACADEMY_NUMBA_CACHE_DIR": cache, "NUMBA_CACHE_DIR": cache,
            "ACADEMY_GALLERY_KIOSK_IDLE_S": str(gallery.kiosk_idle_s)}


class GalleryVoila(Voila):
    """Voilà with the gallery's handlers in front and admission control around rendering."""

    gallery_config: GalleryConfig
    preheat: SerialPreheat | None = None

    def init_settings(self) -> dict:
        settings = super().init_settings()  # builds the kernel manager (and its first fills)
        if self.gallery_config.pool_size > 0:
            self.preheat = SerialPreheat.install(self.kernel_manager,
                                                 self.gallery_config.preheat_concurrency)
        kernel_handout.install(self.kernel_manager)
        settings[ADMISSION_SETTING] = Admission(
            cap=KernelCap(self.gallery_config.kernel_cap, self.visitor_kernel_count),
            rate=ClientRateLimit(self.gallery_config.rate_limit_per_min))
        return settings

    def init_handlers(self) -> list:
        """Voilà's handlers with two classes swapped (the index replaces the directory listing,
        and rendering goes through the admission check), plotly's widget bundle added, and
        anywidget's front end with a model-loading wait that suits slow links
        (:mod:`widgets.anywidget_timeout`)."""
        swapped = {TornadoVoilaHandler: GalleryRenderHandler,
                   TornadoVoilaTreeHandler: GalleryIndexHandler}
        # First: Voilà's last route catches every path, and its labextension route would
        # serve anywidget's own chunk.
        handlers: list = [(url_path_join(self.server_url, PLOTLY_BUNDLE_ROUTE, "(.*)"),
                           PlotlyBundleHandler),
                          *chunk_handlers(url_path_join(self.server_url, "voila/labextensions/"))]
        for pattern, handler, *rest in super().init_handlers():
            handlers.append((pattern, swapped.get(handler, handler), *rest))
        return handlers

    def visitor_kernel_count(self) -> int:
        """Live kernels minus the pools' kernels, waiting or still being refilled.

        Voilà 0.5's preheating manager keeps each pool as a list of start-up tasks in
        ``_pools``; a finished task is a kernel waiting for a visitor. A refill in progress
        (:attr:`SerialPreheat.in_progress`) may already have a live kernel that is not a
        visitor's either. Without preheating every kernel belongs to a visitor.
        """
        manager = self.kernel_manager
        pooled: set[str] = set()
        for pool in getattr(manager, "_pools", {}).values():
            pooled.update(task.result()["kernel_id"] for task in pool
                          if task.done() and not task.cancelled() and task.exception() is None)
        visitors = set(manager.list_kernel_ids()) - pooled
        refilling = self.preheat.in_progress if self.preheat is not None else 0
        return max(0, len(visitors) - refilling)


def build_gallery(gallery: GalleryConfig, *, port: int | None = None,
                  base_url: str = "/", ip: str = "127.0.0.1") -> GalleryVoila:
    """An initialised (not yet started) gallery application."""
    directory = Path(gallery.dashboards_dir)
    missing = [d.notebook for d in DASHBOARDS if not (directory / d.notebook).is_file()]
    if missing:
        raise ConfigError("GalleryConfig.dashboards_dir", str(directory),
                          f"lacks the dashboards {', '.join(missing)}")
    chosen_port = port if port is not None else (gallery.port or DEFAULT_PORT)
    app = GalleryVoila(config=voila_config(gallery, port=chosen_port, base_url=base_url, ip=ip))
    app.gallery_config = gallery
    app.initialize([str(directory)])
    return app


def run_gallery(gallery: GalleryConfig, *, port: int | None = None, base_url: str = "/",
                ip: str = "127.0.0.1") -> int:
    """Serve the gallery in the foreground until SIGTERM/SIGINT; the exit status."""
    os.environ.update(kernel_environment(TelemetryConfig(), gallery))
    os.environ[PLOTLY_BUNDLE_BASE_URL_ENV] = base_url
    app = build_gallery(gallery, port=port, base_url=base_url, ip=ip)
    app.log.info("Gallery: dashboards %s at %s (pool %d per dashboard, cap %d kernels)",
                 ", ".join(d.slug for d in DASHBOARDS),
                 url_path_join(f"http://{ip}:{app.port}", base_url), gallery.pool_size,
                 gallery.kernel_cap)
    app.start()
    return 0
