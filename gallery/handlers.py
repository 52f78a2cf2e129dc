"""Tornado handlers the gallery puts in front of Voilà's: the index page and an admission check
before a dashboard is rendered (which is when Voilà hands out a kernel)."""

from __future__ import annotations

import re

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import ensure_async
from voila.tornado.handler import TornadoVoilaHandler

from foundation.i18n import negotiate_language
from gallery import kernel_handout
from gallery.admission import Admission, Refusal, client_address
from gallery.catalogue import DASHBOARDS
from gallery.pages import BUSY_RETRY_S, render_busy, render_index
from gallery.plotly_bundle import preload_link
from gallery.visitor import visitor_options
from gallery.widget_model_wait import PATCH_SCRIPT

_CDN_FONTAWESOME = re.compile(
    r'<link rel="stylesheet" href="https://cdn\.jsdelivr\.net/npm/@fortawesome/[^"]*"[^>]*>')
"""Voilà's lab template links FontAwesome from a CDN although its own bundle already ships
FontAwesome 5.15.4: offline (or on a school network blocking the CDN) that is a console error
on every page and a wait for a timeout, so the gallery drops the two links."""

ADMISSION_SETTING = "academy_gallery_admission"
"""Key of the :class:`gallery.admission.Admission` in the tornado application settings."""


def page_language(handler: JupyterHandler) -> str:
    """``?lang=`` when given, else the browser's preferred academy language."""
    if handler.get_query_argument("lang", None):
        return visitor_options(handler.request.query).language
    return negotiate_language(handler.request.headers.get("Accept-Language"))


class GalleryIndexHandler(JupyterHandler):
    """The front page at the gallery's base URL (replaces Voilà's directory listing)."""

    def initialize(self, **_voila_kwargs: object) -> None:
        """Voilà's route passes its configuration; the index needs none of it."""

    def get(self, path: str | None = None) -> None:
        host = f"{self.request.protocol}://{self.request.host}"
        public_base = host + self.base_url
        self.set_header("Cache-Control", "no-cache")
        self.finish(render_index(page_language(self), public_base, DASHBOARDS))


class GalleryRenderHandler(TornadoVoilaHandler):
    """Voilà's notebook handler, after asking :class:`Admission` whether to start a session."""

    _counted = False
    _head_seen = False

    async def prepare(self, *args: object, **kwargs: object) -> None:
        await ensure_async(super().prepare(*args, **kwargs))
        if self._finished:
            return
        admission: Admission = self.settings[ADMISSION_SETTING]
        client = client_address(self.request.remote_ip or "",
                                self.request.headers.get("X-Forwarded-For"))
        refusal = admission.decide(client)
        if refusal is None:
            self._counted = True
            # From the moment this render has its kernel, the kernel is what the cap counts.
            kernel_handout.on_kernel_for_this_render(self._render_done)
            # Voilà's page ends its kernel on unload with a POST that jupyter_server checks
            # against the _xsrf cookie, which nothing in Voilà's render path sets: without
            # this every closed tab's kernel would wait for the culler (403 in the console).
            _ = self.xsrf_token
            return
        retry_s = (BUSY_RETRY_S if refusal is Refusal.BUSY
                   else min(BUSY_RETRY_S * 3, admission.rate.retry_after_s(client)))
        self.log.warning("Gallery: %s for %s (%s)", refusal.name, client, self.request.path)
        self.set_status(refusal.value)
        self.set_header("Retry-After", str(retry_s))
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(render_busy(page_language(self), refusal, retry_s))

    def on_finish(self) -> None:
        self._render_done()

    def on_connection_close(self) -> None:
        self._render_done()
        super().on_connection_close()

    def _render_done(self) -> None:
        """The render no longer counts against the cap (its kernel, if any, does). Once: it
        runs when the kernel is obtained and again when the page ends."""
        if self._counted:
            self._counted = False
            self.settings[ADMISSION_SETTING].cap.finished()

    def write(self, chunk: str | bytes | dict) -> None:
        if isinstance(chunk, str):
            if "cdn.jsdelivr.net" in chunk:
                chunk = _CDN_FONTAWESOME.sub("", chunk)
            if not self._head_seen and "<head>" in chunk:
                # The browser downloads plotly's 5 MB front end while Voilà's own scripts
                # load, instead of after the widget state has arrived (see preload_link);
                # and ipywidgets takes a last look before "model not found".
                self._head_seen = True
                chunk = chunk.replace(
                    "<head>", "<head>" + preload_link(self.base_url) + PATCH_SCRIPT, 1)
        super().write(chunk)
