"""Shared fixtures of the telemetry unit tests: real shipped data and a local HTTP server.

Nothing here reaches the internet. The HTTP server binds 127.0.0.1 on a random port and replays
responses a test scripts per path, so live clients are exercised for real (sockets, status codes,
headers, timeouts) without a network.
"""

from __future__ import annotations

import http.server
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from telemetry.numba_cache import enable_numba_cache

# boinor must see numba's njit defaulting to cache=True before any test module imports it
# (collection imports test modules after this conftest). A per-machine temporary directory keeps
# the compiled code between test runs without writing into the checkout.
enable_numba_cache(cache_dir=Path(tempfile.gettempdir()) / "academy-test-numba-cache")

from telemetry.elements import ParseResult  # noqa: E402
from telemetry.snapshots import load_snapshot_elements, load_snapshot_frames  # noqa: E402


@pytest.fixture(scope="session")
def stations() -> ParseResult:
    """CelesTrak 'stations' snapshot (25 objects, 2026-05-30)."""
    return load_snapshot_elements("stations")


@pytest.fixture(scope="session")
def cubesats() -> ParseResult:
    """CelesTrak 'cubesat' snapshot (93 objects, 2025-11-06)."""
    return load_snapshot_elements("cubesat")


@pytest.fixture(scope="session")
def iss(stations: ParseResult):
    return stations.by_norad_id(25544)


@pytest.fixture(scope="session")
def lightsail_frames():
    """The recorded SatNOGS export of LightSail-2 (4,425 frames)."""
    return load_snapshot_frames("lightsail2")


@dataclass
class Reply:
    """One scripted HTTP answer."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    content_length: int | None = None  # lie about the length to simulate a cut connection


@dataclass
class ReplayServer:
    """A scripted server: ``script(path_prefix, [Reply, ...])``; the last reply repeats."""

    base_url: str
    Reply = Reply  # test modules cannot import conftest under --import-mode=importlib
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    routes: dict[str, list[Reply]] = field(default_factory=dict)

    def script(self, path_prefix: str, replies: list[Reply]) -> None:
        self.routes[path_prefix] = list(replies)

    def hits(self, path_prefix: str) -> int:
        return sum(1 for path, _ in self.requests if path.startswith(path_prefix))


def _handler_for(server: ReplayServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep pytest output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            server.requests.append((self.path, dict(self.headers)))
            for prefix, replies in server.routes.items():
                if self.path.startswith(prefix):
                    reply = replies.pop(0) if len(replies) > 1 else replies[0]
                    break
            else:
                reply = Reply(404, b"no route")
            if reply.delay_s:
                time.sleep(reply.delay_s)
            self.send_response(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            length = reply.content_length if reply.content_length is not None else len(reply.body)
            self.send_header("Content-Length", str(length))
            self.end_headers()
            try:
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass
            if reply.content_length is not None:
                self.close_connection = True

    return Handler


@pytest.fixture
def replay_server() -> Iterator[ReplayServer]:
    """A threaded HTTP server on 127.0.0.1, random port, stopped after the test."""
    holder = ReplayServer("")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(holder))
    httpd.daemon_threads = True
    holder.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)

