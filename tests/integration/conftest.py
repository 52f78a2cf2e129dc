"""A real Space Academy for integration tests: JupyterHub + configurable-http-proxy on free
loopback ports, started through ``academy serve`` exactly as ``make demo`` does, in a temporary
data directory.
"""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from academy.hub.services import free_loopback_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ACADEMY = str(Path(sys.executable).parent / "academy")


_warm_numba_caches: list[Path] = []


class RunningHub:
    """One academy process tree; ``start``/``stop`` may be called repeatedly (restart tests)."""

    def __init__(self, data_dir: Path, extra_env: dict[str, str] | None = None,
                 courses_dir: Path | None = None) -> None:
        self.data_dir = data_dir
        self.port = free_loopback_port()
        self.token = secrets.token_hex(32)
        self.env = dict(os.environ)
        self.env.update({
            "ACADEMY_DATA_DIR": str(data_dir),
            "ACADEMY_PORT": str(self.port),
            "ACADEMY_HUB_PORT": str(free_loopback_port()),
            "ACADEMY_PROXY_API_PORT": str(free_loopback_port()),
            "ACADEMY_OPERATOR_TOKEN": self.token,
            "ACADEMY_IP": "127.0.0.1",
            # Unix accounts are machine-wide: each test academy gets its own, removed after.
            "ACADEMY_UNIX_USER_PREFIX": f"t{secrets.token_hex(3)}-",
            # The gallery service on a free port with no preheated kernels (five per test
            # academy would cost ~1 GB each); tests/integration/gallery/ checks the real thing.
            "ACADEMY_GALLERY_PORT": "0",
            "ACADEMY_GALLERY_POOL_SIZE": "0",
            # Formgraders (one Jupyter server per course) on free ports; only the grading
            # tests (tests/integration/grading/) ask for them, to keep other hubs light.
            "ACADEMY_FORMGRADER_BASE_PORT": "0",
            "ACADEMY_FORMGRADER_COURSES": "none",
            "ACADEMY_RELEASE_ASSIGNMENTS": "none",
        })
        if courses_dir is not None:
            self.env["ACADEMY_COURSES_DIR"] = str(courses_dir)
        self.env.update(extra_env or {})
        self.process: subprocess.Popen | None = None
        artifacts = Path(os.environ.get("ACADEMY_TEST_ARTIFACTS", PROJECT_ROOT / "test-artifacts"))
        artifacts.mkdir(parents=True, exist_ok=True)
        self.log_path = artifacts / f"hub-{data_dir.parent.name}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 240) -> None:
        # Compiling boinor into the warm numba cache takes ~15 s; one hub of the session does it
        # and the others start from a copy (what `academy serve` does is still exercised once).
        warm = self.data_dir / "cache" / "numba"
        if _warm_numba_caches and not warm.exists():
            shutil.copytree(_warm_numba_caches[0], warm)
        log = open(self.log_path, "a")
        self.log_offset = self.log_path.stat().st_size
        self.process = subprocess.Popen([ACADEMY, "serve", "--demo"], env=self.env,
                                        stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"academy serve exited {self.process.returncode}:\n"
                                   f"{self.log_path.read_text()[-3000:]}")
            try:
                # The hub routes requests before its services are up (academy.hub.app); a test
                # academy is ready when the services are too.
                if self.api("GET", "/info").status_code == 200 and self.services_up():
                    if not _warm_numba_caches and any(warm.rglob("*.nbi")):
                        # Kept outside this hub's data dir, which its test may delete.
                        keep = Path(tempfile.mkdtemp(prefix="academy-warm-numba-")) / "numba"
                        shutil.copytree(warm, keep)
                        _warm_numba_caches.append(keep)
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or busy starting on a loaded machine
            time.sleep(0.3)
        raise TimeoutError(f"hub not up after {timeout_s}s:\n{self.log_path.read_text()[-3000:]}")

    def services_up(self) -> bool:
        """True once this start's hub has said "JupyterHub is now running" (services up)."""
        with open(self.log_path, "rb") as log:
            log.seek(self.log_offset)
            return b"JupyterHub is now running" in log.read()

    @property
    def unix_prefix(self) -> str:
        return self.env["ACADEMY_UNIX_USER_PREFIX"]

    def remove_unix_accounts(self) -> None:
        """Delete the Unix accounts this academy made (their homes go with the data dir)."""
        for account in pwd.getpwall():
            if account.pw_name.startswith(self.unix_prefix):
                subprocess.run(["pkill", "-KILL", "-u", account.pw_name], check=False)
                subprocess.run(["userdel", account.pw_name], check=False, capture_output=True)

    def stop(self, sig: int = signal.SIGTERM, timeout_s: float = 180) -> int:
        """Stop the academy; the hub stops each user server in turn (up to ~10 s each)."""
        assert self.process is not None
        self.process.send_signal(sig)
        code = self.process.wait(timeout=timeout_s)
        self.process = None
        return code

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        headers.setdefault("Authorization", f"token {self.token}")
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers,
                                timeout=30, **kwargs)

    @property
    def passwords(self) -> dict[str, str]:
        return json.loads((self.data_dir / "hub" / "demo-accounts.json").read_text())

    def start_server(self, user: str, timeout_s: float = 120) -> dict:
        """Start ``user``'s server through the REST API and wait until the hub says ready."""
        response = self.api("POST", f"/users/{user}/server")
        assert response.status_code in (201, 202, 400), response.text
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            model = self.api("GET", f"/users/{user}").json()
            server = model["servers"].get("")
            if server and server["ready"]:
                return model
            time.sleep(0.5)
        raise TimeoutError(f"{user}'s server not ready after {timeout_s}s")

    def stop_server(self, user: str) -> None:
        self.api("DELETE", f"/users/{user}/server")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if not self.api("GET", f"/users/{user}").json()["servers"]:
                return
            time.sleep(0.5)
        raise TimeoutError(f"{user}'s server did not stop")


def traversable_tmp_dir(prefix: str) -> Path:
    """A temporary folder per-student Unix accounts can traverse (pytest's tmp_path is 0700)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


def retire(hubs: list[RunningHub], root: Path) -> None:
    """Stop each academy, delete the Unix accounts it made, then its folder."""
    for running in hubs:
        if running.process is not None:
            running.stop()
        running.remove_unix_accounts()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def hub() -> Iterator[RunningHub]:
    """The shared academy for integration tests (demo accounts, repository courses)."""
    root = traversable_tmp_dir("academy-hub-")
    running = RunningHub(root / "var")
    running.start()
    yield running
    retire([running], root)


@pytest.fixture
def hub_factory() -> Iterator:
    """Make academies of a test's own (``hub_factory(ACADEMY_X="1")``); all stopped after it."""
    root = traversable_tmp_dir("academy-own-")
    hubs: list[RunningHub] = []

    def make(**env: str) -> RunningHub:
        running = RunningHub(root / f"var{len(hubs)}", extra_env=env)
        hubs.append(running)
        return running

    yield make
    retire(hubs, root)


@pytest.fixture(scope="module")
def hub_factory_module() -> Iterator:
    """``hub_factory`` for a whole module: ``make(courses_dir=..., ACADEMY_X="1")``."""
    root = traversable_tmp_dir("academy-mod-")
    hubs: list[RunningHub] = []

    def make(courses_dir: Path | None = None, **env: str) -> RunningHub:
        running = RunningHub(root / f"var{len(hubs)}", extra_env=env, courses_dir=courses_dir)
        hubs.append(running)
        return running

    yield make
    retire(hubs, root)


FORMGRADER_RELEASES = "orbits/a1-orbital-speed-en,cansat/a1-descent-en"
"""What the formgrader academy releases at start: one orbits assignment and CanSat's."""


@pytest.fixture(scope="module")
def formgrader_hub() -> Iterator[RunningHub]:
    """An academy with every course's formgrader service (grading tests, the semester)."""
    root = traversable_tmp_dir("academy-fg-")
    running = RunningHub(root / "var", extra_env={
        "ACADEMY_FORMGRADER_COURSES": "*",
        "ACADEMY_RELEASE_ASSIGNMENTS": FORMGRADER_RELEASES,
        # A fork bomb is stopped by the wall-time limit: keep the test's wait short.
        "ACADEMY_GRADING_WALL_TIME": "45",
    })
    running.start()
    yield running
    retire([running], root)


def run_in_user_kernel(hub: RunningHub, user: str, code: str, timeout_s: float = 180) -> str:
    """Run ``code`` in a new kernel of ``user``'s running server (REST + the kernel websocket,
    through the proxy, as Lab does) and return its stdout. Fails on an error reply."""
    headers = {"Authorization": f"token {hub.token}"}
    base = f"{hub.url}/user/{user}/api/kernels"
    kernel = requests.post(base, headers=headers, json={"name": "python3"}, timeout=60)
    assert kernel.status_code == 201, kernel.text
    kernel_id = kernel.json()["id"]

    async def execute() -> str:
        url = f"{base.replace('http://', 'ws://')}/{kernel_id}/channels"
        connection = await websocket_connect(HTTPRequest(url, headers=headers))
        msg_id = uuid.uuid4().hex
        await connection.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": user,
                       "session": uuid.uuid4().hex, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False}}))
        output: list[str] = []
        reply = None
        idle = False
        while reply is None or not idle:
            raw = await asyncio.wait_for(connection.read_message(), timeout_s)
            assert raw is not None, "kernel websocket closed"
            message = json.loads(raw)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = message["header"]["msg_type"]
            if kind == "stream":
                output.append(message["content"]["text"])
            elif kind == "error":
                output.append("\n".join(message["content"]["traceback"]))
            elif kind == "execute_reply":
                reply = message["content"]
            elif kind == "status" and message["content"]["execution_state"] == "idle":
                idle = True
        connection.close()
        assert reply["status"] == "ok", "".join(output)
        return "".join(output)

    try:
        # A thread of its own: the session's Playwright browser keeps an event loop running here.
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, execute()).result()
    finally:
        requests.delete(f"{base}/{kernel_id}", headers=headers, timeout=60)


@pytest.fixture
def run_kernel():
    """``run_kernel(hub, user, code) -> stdout`` in the user's running server."""
    return run_in_user_kernel


PG_BIN = Path(os.environ.get("ACADEMY_PG_BIN", "/usr/lib/postgresql/15/bin"))


class PostgresServer:
    """A throw-away PostgreSQL cluster on loopback, run as the `postgres` account (Debian's
    packages; `make test` installs them)."""

    def __init__(self) -> None:
        self.root = traversable_tmp_dir("academy-pg-")
        self.data = self.root / "data"
        self.port = free_loopback_port()
        self.password = secrets.token_hex(12)
        shutil.chown(self.root, "postgres", "postgres")

    def _as_postgres(self, *command: str) -> subprocess.CompletedProcess:
        return subprocess.run(["runuser", "-u", "postgres", "--", *command], capture_output=True,
                              text=True, timeout=120, check=True)

    def start(self) -> None:
        pwfile = self.root / "pw"
        pwfile.write_text(self.password)
        shutil.chown(pwfile, "postgres", "postgres")
        self._as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "scram-sha-256",
                          "-U", "postgres", f"--pwfile={pwfile}")
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-l",
                          str(self.root / "postgres.log"), "-o",
                          f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root}",
                          "start")

    def create_database(self, name: str) -> str:
        """An empty database; returns its SQLAlchemy URL."""
        env = {**os.environ, "PGPASSWORD": self.password}
        subprocess.run([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                        "-U", "postgres", name], env=env, check=True, capture_output=True)
        return f"postgresql://postgres:{self.password}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D",
                        str(self.data), "-m", "fast", "stop"], capture_output=True, check=False)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the session (the hub and gradebooks on a real engine)."""
    if not (PG_BIN / "initdb").exists():
        pytest.fail(f"{PG_BIN}/initdb missing: `make test` installs Debian's postgresql as root")
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def any_hub(request, hub) -> Iterator[RunningHub]:
    """The session's SQLite academy, then an academy whose hub database is PostgreSQL."""
    if request.param == "sqlite":
        yield hub
        return
    server = request.getfixturevalue("postgres")
    root = traversable_tmp_dir("academy-hub-pg-")
    running = RunningHub(root / "var",
                         extra_env={"ACADEMY_DB_URL": server.create_database("academy_hub")})
    running.start()
    yield running
    retire([running], root)


@pytest.fixture
def database_env(request):
    """``database_env("sqlite" | "postgresql", name)``: the environment that puts a hub's
    database on that engine (a fresh PostgreSQL database per call; SQLite is the default)."""

    def make(database: str, name: str) -> dict[str, str]:
        if database == "sqlite":
            return {}
        return {"ACADEMY_DB_URL": request.getfixturevalue("postgres").create_database(name)}

    return make
