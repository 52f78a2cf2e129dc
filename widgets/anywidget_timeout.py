"""anywidget's front end with a model-loading wait that suits slow links and slow devices.

Why: anywidget 0.11's front end gives each widget model 2 s (``AbortSignal.timeout(2000)``) to
load its ES module. After that it rejects the model's ``ready`` promise for good, and every
later comm message to the model waits on that rejected promise and is dropped. A plotly
``FigureWidget``'s module is plotly's 5 MB front end: over event Wi-Fi, on a slow kiosk or on a
busy 2-core server it can take longer than 2 s. The figure then draws once its module has
loaded and never changes again. Measured in Chromium against the gallery, the thruster
dashboard with the plotly bundle's response held back 4 s: after "Fire!" the result text says
SHORT but the figure's "Reached" bar stays at 0; with this patch it rises to 439 km. (One CI
run also hit it with no delay at all: "[anywidget] Failed to initialize model.")

How: the chunk of anywidget's labextension that holds the timer is served rewritten, with
:data:`LOAD_TIMEOUT_MS`, in place of the file on disk: by the gallery (Voilà's
``/voila/labextensions/``) and by the students' JupyterLab (``/lab/extensions/``, through the
server extension below). The timer still ends a wait that would never finish. If a future
anywidget has no such chunk, nothing is replaced and a warning says so.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path

from jupyter_core.paths import jupyter_path
from tornado import web

log = logging.getLogger(__name__)

LOAD_TIMEOUT_MS = 60_000
"""How long a widget model may take to load its module: a 5 MB bundle at 1 Mbit/s fits."""

_TIMER = re.compile(
    r"AbortSignal\.timeout\(2000\)"
    r"(?=\.addEventListener\(\"abort\",\s*function\(\)\s*\{\s*"
    r"resolvers\.reject\(new Error\(\"\[anywidget\] Failed to initialize model\.\"\)\))")

STATIC_PREFIX = "anywidget/static/"
"""Where anywidget's chunks are, below a server's labextensions URL."""


def patch_chunk(source: str) -> str | None:
    """``source`` with anywidget's model-loading timer lengthened; None if it has none."""
    patched, count = _TIMER.subn(f"AbortSignal.timeout({LOAD_TIMEOUT_MS})", source)
    return patched if count else None


def anywidget_static_dir() -> Path | None:
    """anywidget's installed labextension files (the first on Jupyter's data path)."""
    for root in jupyter_path("labextensions"):
        candidate = Path(root) / STATIC_PREFIX
        if candidate.is_dir():
            return candidate
    return None


@cache
def patched_chunks(static_dir: Path | None = None) -> dict[str, bytes]:
    """File name -> rewritten content, for every chunk of anywidget's front end with the timer.

    Read once per process: the chunks are ~100 KB and their names carry a content hash.
    """
    static_dir = static_dir or anywidget_static_dir()
    if static_dir is None:
        log.warning("anywidget's labextension is not installed; its model-loading timer is "
                    "not lengthened")
        return {}
    chunks = {}
    for path in sorted(static_dir.glob("*.js")):
        patched = patch_chunk(path.read_text(encoding="utf-8"))
        if patched is not None:
            chunks[path.name] = patched.encode("utf-8")
    if not chunks:
        log.warning("no chunk of anywidget's front end in %s has the 2 s model-loading timer "
                    "this code knows; figures on slow links may stop updating", static_dir)
    return chunks


class PatchedChunkHandler(web.RequestHandler):
    """Serves one rewritten anywidget chunk, revalidated by ETag like the files it replaces."""

    def initialize(self, chunks: dict[str, bytes]) -> None:
        self.chunks = chunks

    def get(self, name: str) -> None:
        if name not in self.chunks:
            raise web.HTTPError(404)
        self.set_header("Content-Type", "text/javascript; charset=UTF-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish(self.chunks[name])


def chunk_handlers(labextensions_url: str) -> list[tuple]:
    """Routes for the rewritten chunks below ``labextensions_url`` (ending in '/')."""
    chunks = patched_chunks()
    if not chunks:
        return []
    names = "|".join(re.escape(name) for name in chunks)
    return [(f"{labextensions_url}{STATIC_PREFIX}({names})", PatchedChunkHandler,
             {"chunks": chunks})]


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "widgets.anywidget_timeout"}]


def _load_jupyter_server_extension(serverapp) -> None:
    """In a students' server: serve the rewritten chunks ahead of JupyterLab's own files."""
    from academy.tornado_routes import add_handlers_first

    add_handlers_first(serverapp.web_app, chunk_handlers("/lab/extensions/"))
