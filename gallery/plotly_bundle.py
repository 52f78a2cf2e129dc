"""plotly's widget front end as a cached file instead of 5 MB of widget state per figure.

Why: plotly 6's ``FigureWidget`` is an anywidget whose ``_esm`` trait *is* plotly's whole front
end (``plotly/package_data/widgetbundle.js``, about 5 MB). Every figure sends it as widget state:
the kernel serialises it, the websocket carries it, the page parses the JSON and compiles it
from a ``blob:`` URL, once per figure and again on every visit (nothing can cache a blob). On
the 2-core benchmark machine that was most of a preheated dashboard's time to interactive.

In the gallery each figure's ``_esm`` is instead a few lines that import the bundle from the
gallery's own server (:class:`PlotlyBundleHandler`): one download per page whatever the number
of figures, compiled once, cached by the browser for a year (the URL carries plotly's version),
and no CDN, so it works offline. The import path is built from the gallery's base URL
(:data:`BASE_URL_ENV`) and resolved against the page's address, so it works behind the hub's
proxy at any prefix and over http or https alike. Outside the gallery (plain ``voila``,
tests, nbclient) nothing changes.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import plotly
from tornado.web import HTTPError, StaticFileHandler

BUNDLE_FILE = "widgetbundle.js"
BUNDLE_DIR = Path(plotly.__file__).parent / "package_data"
ROUTE = "gallery-static/plotly/"
"""Where the bundle is served, under the gallery's base URL."""

CACHE_SECONDS = 365 * 24 * 3600

BASE_URL_ENV = "ACADEMY_GALLERY_BASE_URL"
"""Set by the gallery for its kernels: its base URL, where :class:`PlotlyBundleHandler` is.
Not Voilà's own ``VOILA_BASE_URL``: a plain ``voila`` serving these notebooks sets that too but
has no such route."""


def bundle_path(base_url: str) -> str:
    """The bundle's URL path (with plotly's version, so a new plotly is a new URL)."""
    return f"{base_url.rstrip('/')}/{ROUTE}{BUNDLE_FILE}?v={plotly.__version__}"


def shim_esm(base_url: str) -> str:
    """A figure's ``_esm``: re-export the bundle (``FigureModel``, ``FigureView``, default)."""
    path = json.dumps(bundle_path(base_url))
    return (f"const m = await import(new URL({path}, document.baseURI).href);\n"
            "export const FigureModel = m.FigureModel;\n"
            "export const FigureView = m.FigureView;\n"
            "export default m.default;\n")


def preload_link(base_url: str) -> str:
    """A ``<link rel="preload">`` for the page's ``<head>``: the bundle's download starts with
    the page, not when the first figure's state arrives.

    Why ``preload`` (fetch only) and not ``modulepreload`` (fetch and compile): compiling 5 MB
    of JavaScript holds the page's main thread for seconds on a loaded 2-core machine, and if
    that happens while the widget manager is restoring the kernel's widgets, ipywidgets gives
    up on a view whose model it has waited 2 s for and shows "Error displaying widget: model not
    found" for good (half the gallery test runs failed that way). Compiled at the first figure's
    ``import()``, after the models exist, it only delays that figure. ``crossorigin`` makes the
    preload's request the same as the module import's, so the import reuses it.
    """
    return (f'<link rel="preload" as="script" crossorigin '
            f'href="{html.escape(bundle_path(base_url))}">')


def serve_bundle_to_figures(environ: os._Environ[str] | dict[str, str] | None = None) -> bool:
    """In a gallery kernel, make every ``FigureWidget`` built from now on load the served bundle.

    Returns whether it did (False outside the gallery: no :data:`BASE_URL_ENV`). Idempotent.
    """
    base_url = (os.environ if environ is None else environ).get(BASE_URL_ENV)
    if not base_url:
        return False
    from plotly.basewidget import BaseFigureWidget

    # anywidget reads the class attribute when each figure is built (a str or a FileContents).
    BaseFigureWidget._esm = shim_esm(base_url)
    return True


class PlotlyBundleHandler(StaticFileHandler):
    """Serves only plotly's widget bundle, cacheable for a year (the URL is versioned)."""

    def initialize(self, path: str = str(BUNDLE_DIR), default_filename: str | None = None) -> None:
        super().initialize(path=path, default_filename=default_filename)

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        if Path(absolute_path).name != BUNDLE_FILE:
            raise HTTPError(404)
        return super().validate_absolute_path(root, absolute_path)

    def get_cache_time(self, path: str, modified: object, mime_type: str) -> int:
        return CACHE_SECONDS

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", f"public, max-age={CACHE_SECONDS}, immutable")
