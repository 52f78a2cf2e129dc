"""plotly's widget front end: served as one cacheable file, referenced by every figure."""

from __future__ import annotations

import asyncio
import re

import plotly.graph_objects as go
from plotly.basewidget import BaseFigureWidget
from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from tornado.web import Application

from academy.hub.services import free_loopback_port
from gallery.plotly_bundle import (
    BASE_URL_ENV,
    BUNDLE_DIR,
    BUNDLE_FILE,
    ROUTE,
    PlotlyBundleHandler,
    bundle_path,
    preload_link,
    serve_bundle_to_figures,
    shim_esm,
)


def test_shim_reexports_what_the_bundle_exports():
    bundle = (BUNDLE_DIR / BUNDLE_FILE).read_text(encoding="utf-8")
    exported = re.findall(r"export\s*\{([^}]*)\}", bundle)[-1]
    names = {part.split(" as ")[-1].strip() for part in exported.split(",")}
    shim = shim_esm("/services/gallery/")
    assert names == {"FigureModel", "FigureView", "default"}
    assert "export const FigureModel" in shim and "export const FigureView" in shim
    assert "export default m.default" in shim
    # Resolved against the page, so the proxy's host and scheme are kept.
    assert f'"{bundle_path("/services/gallery/")}", document.baseURI' in shim


def test_bundle_path_is_under_the_base_url_and_versioned():
    path = bundle_path("/services/gallery/")
    assert path.startswith(f"/services/gallery/{ROUTE}{BUNDLE_FILE}?v=")
    assert bundle_path("/").startswith(f"/{ROUTE}")
    # Fetch only: compiling it early blocks the page while widgets are restored.
    assert preload_link("/") == (f'<link rel="preload" as="script" crossorigin '
                                 f'href="{bundle_path("/")}">')


def test_figures_keep_the_inline_bundle_outside_the_gallery(monkeypatch):
    monkeypatch.setattr(BaseFigureWidget, "_esm", BaseFigureWidget._esm)
    assert serve_bundle_to_figures({}) is False
    # A plain `voila` sets its own base URL but serves no bundle: figures stay as they are.
    assert serve_bundle_to_figures({"VOILA_BASE_URL": "/"}) is False
    assert len(go.FigureWidget()._esm) > 1_000_000


def test_figures_in_a_gallery_kernel_import_the_served_bundle(monkeypatch):
    monkeypatch.setattr(BaseFigureWidget, "_esm", BaseFigureWidget._esm)
    assert serve_bundle_to_figures({BASE_URL_ENV: "/services/gallery/"}) is True
    assert serve_bundle_to_figures({BASE_URL_ENV: "/services/gallery/"}) is True
    figure = go.FigureWidget()
    assert figure._esm == shim_esm("/services/gallery/")
    assert len(figure.get_state()["_esm"]) < 1_000


def test_handler_serves_the_bundle_only_and_lets_browsers_keep_it():
    async def fetch_both() -> tuple[object, int]:
        port = free_loopback_port()
        app = Application([(f"/{ROUTE}(.*)", PlotlyBundleHandler)])
        server = app.listen(port, address="127.0.0.1")
        client = AsyncHTTPClient()
        try:
            bundle = await client.fetch(f"http://127.0.0.1:{port}{bundle_path('/')}")
            try:
                await client.fetch(f"http://127.0.0.1:{port}/{ROUTE}plotly.min.js")
                other = 200
            except HTTPClientError as error:
                other = error.code
            return bundle, other
        finally:
            server.stop()

    bundle, other = asyncio.run(fetch_both())
    assert bundle.code == 200
    assert "javascript" in bundle.headers["Content-Type"]
    assert "immutable" in bundle.headers["Cache-Control"]
    assert len(bundle.body) == (BUNDLE_DIR / BUNDLE_FILE).stat().st_size
    assert other == 404
