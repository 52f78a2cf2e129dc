"""A gallery started through its launcher (``python -m gallery``, what ``academy gallery`` and
the hub's service run), plus small helpers shared by the gallery's browser tests.

Starting the launcher directly rather than a whole academy keeps these tests fast; one test
(test_through_hub.py) goes through a real hub.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from academy.hub.services import free_loopback_port
from gallery.catalogue import DASHBOARDS
from gallery.page_messages import read_message

RENDER_TIMEOUT_MS = 120_000


class RunningGallery:
    """One ``python -m gallery`` process on a free loopback port."""

    def __init__(self, log_path: Path, env: dict[str, str]) -> None:
        self.port = free_loopback_port()
        self.log_path = log_path
        self.env = {**os.environ, **env}
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait_for_pools: int = 0, timeout_s: float = 180) -> None:
        """Start and wait until the index answers and ``wait_for_pools`` pools are full."""
        log = self.log_path.open("w")
        self.process = subprocess.Popen([sys.executable, "-m", "gallery", f"--port={self.port}"],
                                        env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gallery exited {self.process.returncode}:\n"
                                   f"{self.log_path.read_text()[-3000:]}")
            try:
                up = requests.get(self.url, timeout=5).status_code == 200
            except (requests.ConnectionError, requests.Timeout):
                up = False  # not listening yet, or too busy starting its kernels to answer
            if up and self.log_path.read_text().count("is filled with") >= wait_for_pools:
                return
            time.sleep(0.3)
        raise TimeoutError(f"gallery not ready after {timeout_s}s:\n"
                           f"{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


@pytest.fixture(scope="session")
def embedding_sites() -> Iterator[dict[str, str]]:
    """Two loopback sites on other ports (other origins) that can show a page in an iframe:
    ``allowed`` is in the gallery's ACADEMY_EMBED_ORIGINS, ``refused`` is not."""
    sites: dict[str, str] = {}
    servers = []
    root = Path(os.environ.get("TMPDIR", "/tmp")) / f"gallery-embed-{os.getpid()}"
    root.mkdir(parents=True, exist_ok=True)
    for name in ("allowed", "refused"):
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        sites[name] = f"http://127.0.0.1:{server.server_address[1]}"
    sites["root"] = str(root)
    yield sites
    for server in servers:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def gallery(artifacts_dir: Path, embedding_sites: dict[str, str]) -> Iterator[RunningGallery]:
    """The gallery most tests share: preheated pools, a short kiosk idle time, one allowed
    embedding origin, no rate limit (every test runs from 127.0.0.1)."""
    running = RunningGallery(artifacts_dir / "gallery.log", {
        "ACADEMY_GALLERY_POOL_SIZE": "1",
        "ACADEMY_GALLERY_KERNEL_CAP": "12",
        "ACADEMY_GALLERY_RATE_LIMIT": "0",
        "ACADEMY_GALLERY_KIOSK_IDLE_S": "6",
        "ACADEMY_GALLERY_IDLE_CULL_S": "120",
        "ACADEMY_EMBED_ORIGINS": embedding_sites["allowed"],
    })
    running.start(wait_for_pools=len(DASHBOARDS))
    yield running
    running.stop()


class ConsoleRecorder:
    """Console errors and uncaught exceptions of one page (and its frames), plus, for a
    failure's report, every console message and a trace of the kernel websocket's messages."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.messages: list[str] = []
        self.kernel_trace: list[str] = []
        self._start = time.monotonic()
        page.on("console", self._on_console)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("websocket", self._on_websocket)

    def _on_websocket(self, websocket) -> None:
        if "/api/kernels/" not in websocket.url:
            return
        websocket.on("framesent", lambda payload: self._trace("page>", payload))
        websocket.on("framereceived", lambda payload: self._trace("page<", payload))
        websocket.on("close", lambda _: self._trace("closed", b""))

    def _trace(self, direction: str, payload: str | bytes) -> None:
        elapsed = time.monotonic() - self._start
        self.kernel_trace.append(f"{elapsed:7.2f}s {direction} {_kernel_message_summary(payload)}")

    def _on_console(self, message) -> None:
        self.messages.append(f"{message.type}: {message.text}")
        if message.type == "error":
            self.errors.append(message.text)


WIDGET_MANAGER_JS = """(views) => {
    const manager = window.jupyterapp && window.jupyterapp._widgetManager;
    if (!manager) return 'no widget manager';
    const known = Object.keys(manager._models || {});
    return {restored: manager.restoredStatus, models: known.length,
            views_missing: views.filter(id => !known.includes(id))};
}"""
"""The page's widget manager against the views its outputs show, for a failure's report."""


def _kernel_message_summary(payload: str | bytes) -> str:
    """``channel msg_type [comm method/target]`` of one kernel websocket frame."""
    if not payload:
        return ""
    try:
        if isinstance(payload, bytes):
            message = read_message(payload)
            channel, header, content = message["channel"], message["header"], message["content"]
        else:
            message = json.loads(payload)
            channel, header, content = message.get("channel"), message["header"], message["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        return f"unreadable {len(payload)} bytes"
    detail = content.get("execution_state") or content.get("target_name") or ""
    data = content.get("data")
    if isinstance(data, dict):
        detail += f" {data.get('method', '')}"
        if isinstance(data.get("states"), dict):
            detail += f" {len(data['states'])} models"
    if "text" in content:
        detail += f" {content['text'][:300]!r}"
    comm = str(content.get("comm_id", ""))[:8]
    return f"{channel} {header.get('msg_type')} {detail} {comm}".rstrip()


def _render_failure_report(page, url: str, response, recorder: ConsoleRecorder) -> str:
    """What the page, its widget manager, its console and its kernel websocket say."""
    views = re.findall(r"model_id.{0,6}?([0-9a-f]{32})", response.text()) if response else []
    console = [m for m in recorder.messages
               if "Unsatisfied version" not in m and "No satisfying version" not in m]
    return (f"{url}: no figure after {RENDER_TIMEOUT_MS / 1000:.0f} s.\n"
            f"Page text: {page.inner_text('body')[:500]!r}\n"
            f"Views in the page: {views}; widget manager: "
            f"{page.evaluate(WIDGET_MANAGER_JS, views)}\n"
            "Console:\n" + "\n".join(console[-40:]) + "\n"
            "Kernel websocket:\n" + "\n".join(recorder.kernel_trace[-80:]))


def _open_dashboard(page, url: str) -> ConsoleRecorder:
    recorder = ConsoleRecorder(page)
    response = page.goto(url, timeout=RENDER_TIMEOUT_MS)
    try:
        page.wait_for_selector(".academy-component .js-plotly-plot", timeout=RENDER_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        raise AssertionError(_render_failure_report(page, url, response, recorder)) from None
    page.wait_for_timeout(300)  # plotly's first draw
    return recorder


@pytest.fixture
def open_dashboard():
    """``open_dashboard(page, url) -> ConsoleRecorder`` once the dashboard has drawn."""
    return _open_dashboard


@pytest.fixture
def gallery_factory(artifacts_dir: Path) -> Iterator:
    """``gallery_factory(name, **env)``: a gallery of a test's own, stopped after it."""
    started: list[RunningGallery] = []

    def make(name: str, **env: str) -> RunningGallery:
        running = RunningGallery(artifacts_dir / f"gallery-{name}.log", env)
        started.append(running)
        running.start()
        return running

    yield make
    for running in started:
        running.stop()
