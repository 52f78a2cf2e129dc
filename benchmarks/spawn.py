"""How fast a class gets going: N students log in and start servers at once.

Runs, in the same process and on the same machine, (1) the Space Academy as ``make demo`` starts
it (NativeAuthenticator, per-student Unix accounts as root, course files copied into homes) and
(2) a bare JupyterHub with default settings except what cannot run here without system users:
DummyAuthenticator and SimpleLocalProcessSpawner. Each student is a real HTTP client doing what a
browser does: POST /hub/login, follow to /hub/spawn, poll until its JupyterLab page answers 200.

Prints: wall time until all N are ready, per-student p50/p95, RSS per single-user server, the
academy/bare ratios, then login-to-JupyterLab-rendered in Chromium for a new and an existing
student on both hubs. Absolute times drift on shared machines; read the ratios.

    .venv/bin/python benchmarks/spawn.py [--students 20]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import requests
from percentiles import nearest_rank  # benchmarks/: the script's own directory

from academy.hub.services import free_loopback_port

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PASSWORD = "Benchmark-Orbit-2026"
PROXY = PROJECT_ROOT / "node_modules" / ".bin" / "configurable-http-proxy"


class Hub:
    """A hub process tree started by ``command``; ``url`` is its public address."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], port: int,
                 token: str, hub_port: int, workdir: Path) -> None:
        self.name, self.port, self.token, self.hub_port = name, port, token, hub_port
        self.workdir = workdir
        self.log = open(workdir / f"{name}.log", "w")
        self.process = subprocess.Popen(command, env=env, cwd=workdir, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if self.api("GET", "/info").status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.3)
        raise TimeoutError(f"{name} did not start; see {self.log.name}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, f"{self.url}/hub/api{path}", timeout=60,
                                headers={"Authorization": f"token {self.token}"}, **kwargs)

    def server_rss_mb(self) -> list[float]:
        """RSS of each single-user server of this hub (process and children), in MB."""
        sizes = []
        for process in psutil.process_iter(["cmdline"]):
            try:
                if "jupyterhub-singleuser" not in " ".join(process.info["cmdline"] or []):
                    continue
                if f":{self.hub_port}/" not in process.environ().get("JUPYTERHUB_API_URL", ""):
                    continue
                tree = [process, *process.children(recursive=True)]
                sizes.append(sum(p.memory_info().rss for p in tree) / 2**20)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        return sizes

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


def form_post(session: requests.Session, url: str, data: dict) -> requests.Response:
    page = session.get(url, timeout=60)
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
    return session.post(url, data={**data, "_xsrf": xsrf.group(1) if xsrf else ""},
                        timeout=120)


def start_academy(workdir: Path) -> Hub:
    data_dir = workdir / "academy-var"
    token, port, hub_port = secrets.token_hex(32), free_loopback_port(), free_loopback_port()
    env = dict(os.environ, ACADEMY_DATA_DIR=str(data_dir), ACADEMY_PORT=str(port),
               ACADEMY_HUB_PORT=str(hub_port), ACADEMY_PROXY_API_PORT=str(free_loopback_port()),
               ACADEMY_OPERATOR_TOKEN=token)
    return Hub("academy", [str(BIN / "academy"), "serve", "--demo"], env, port, token,
               hub_port, workdir)


def start_bare(workdir: Path) -> Hub:
    token, port, hub_port = secrets.token_hex(32), free_loopback_port(), free_loopback_port()
    config = workdir / "bare_config.py"
    config.write_text(textwrap.dedent(f"""
        c = get_config()
        c.JupyterHub.bind_url = "http://127.0.0.1:{port}/"
        c.JupyterHub.hub_port = {hub_port}
        c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_loopback_port()}"
        c.ConfigurableHTTPProxy.command = ["{PROXY}"]
        c.Spawner.default_url = "/lab"  # the same landing page as the academy's
        # Defaults (60 s / 30 s) fail under a 20-student burst on 2 cores; give the bare hub the
        # academy's timeouts so the comparison is of speed, not of patience.
        c.Spawner.start_timeout = 120
        c.Spawner.http_timeout = 90
        c.JupyterHub.authenticator_class = "dummy"
        c.Authenticator.allow_all = True
        c.JupyterHub.spawner_class = "simple"
        c.SimpleLocalProcessSpawner.home_dir_template = "{workdir}/bare-home/{{username}}"
        c.Spawner.cmd = ["{BIN}/jupyterhub-singleuser"]
        c.Spawner.args = ["--allow-root"] if {os.geteuid() == 0} else []
        c.JupyterHub.services = [{{"name": "bench", "api_token": "{token}", "admin": True}}]
        c.JupyterHub.load_roles = [{{"name": "bench", "scopes": ["admin:users", "admin:servers"],
                                    "services": ["bench"]}}]
        c.JupyterHub.db_url = "sqlite:///{workdir}/bare.sqlite"
        c.JupyterHub.cookie_secret_file = "{workdir}/bare_cookie_secret"
    """))
    return Hub("bare", [str(BIN / "jupyterhub"), "-f", str(config)], dict(os.environ), port,
               token, hub_port, workdir)


def register_students(hub: Hub, names: list[str]) -> None:
    """Academy: each student signs up and the admin approves (as in the real flow)."""
    admin = requests.Session()
    passwords = json.loads((hub.workdir / "academy-var" / "hub" / "demo-accounts.json")
                           .read_text())
    form_post(admin, f"{hub.url}/hub/login", {"username": "admin", "password": passwords["admin"]})
    for name in names:
        form_post(requests.Session(), f"{hub.url}/hub/signup",
                  {"username": name, "signup_password": PASSWORD,
                   "signup_password_confirmation": PASSWORD})
        admin.get(f"{hub.url}/hub/authorize/{name}", timeout=60)
    hub.api("POST", "/users", json={"usernames": names})
    hub.api("POST", "/groups/students-orbits/users", json={"users": names})


def login_and_wait_for_lab(hub: Hub, name: str) -> tuple[float, int]:
    """One student: log in, let the hub spawn, poll Lab.

    Returns seconds until Lab answered 200 and how many times the spawn failed and the student
    had to press Start again (what a real student does when the hub reports a failed start).
    """
    started = time.perf_counter()
    session = requests.Session()
    form_post(session, f"{hub.url}/hub/login", {"username": name, "password": PASSWORD})
    retries = 0
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        response = session.get(f"{hub.url}/user/{name}/lab", timeout=120)
        if response.status_code == 200 and "jupyter-config-data" in response.text:
            return time.perf_counter() - started, retries
        model = hub.api("GET", f"/users/{name}").json()
        if not model["servers"] and not model.get("pending"):
            retries += 1
            hub.api("POST", f"/users/{name}/server")
        time.sleep(0.5)
    raise TimeoutError(f"{hub.name}: {name}'s Lab not ready after 600 s")


def class_start(hub: Hub, names: list[str]) -> dict:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        outcomes = list(pool.map(lambda n: login_and_wait_for_lab(hub, n), names))
    wall = time.perf_counter() - started
    per_student = [seconds for seconds, _ in outcomes]
    rss = hub.server_rss_mb()
    return {"wall_s": wall, "p50_s": statistics.median(per_student),
            "p95_s": nearest_rank(per_student, 0.95),
            "servers": len(rss), "rss_mb_median": statistics.median(rss) if rss else 0.0,
            "failed_starts": sum(retries for _, retries in outcomes)}


def browser_login_to_lab(hub: Hub, name: str) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        page = browser.new_page()
        started = time.perf_counter()
        page.goto(f"{hub.url}/hub/login")
        page.fill("#username_input", name)
        page.fill("#password_input", PASSWORD)
        page.click("#login_submit")
        page.wait_for_selector(".jp-DirListing-content .jp-DirListing-item, .jp-Launcher",
                               timeout=180_000)
        elapsed = time.perf_counter() - started
        browser.close()
    return elapsed


def stop_all_servers(hub: Hub, names: list[str]) -> None:
    for name in names:
        hub.api("DELETE", f"/users/{name}/server")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20)
    args = parser.parse_args()
    names = [f"bench{i:02d}" for i in range(args.students)]
    workdir = Path(tempfile.mkdtemp(prefix="academy-bench-"))
    workdir.chmod(0o755)
    results: dict[str, dict] = {}
    try:
        for label, starter in (("bare", start_bare), ("academy", start_academy)):
            hub = starter(workdir)
            try:
                if label == "academy":
                    register_students(hub, names)
                results[label] = class_start(hub, names)
                results[label]["browser_existing_s"] = browser_login_to_lab(hub, names[0])
                newcomer = f"new{label[:3]}"
                if label == "academy":
                    register_students(hub, [newcomer])
                results[label]["browser_new_s"] = browser_login_to_lab(hub, newcomer)
                stop_all_servers(hub, [*names, newcomer])
            finally:
                hub.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\nspawn benchmark: {args.students} students, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    header = f"{'':28}{'bare':>10}{'academy':>10}{'ratio':>8}"
    print(header)
    for key, label in (("wall_s", "all ready (s)"), ("p50_s", "per student p50 (s)"),
                       ("p95_s", "per student p95 (s)"), ("rss_mb_median", "RSS/server (MB)"),
                       ("browser_existing_s", "browser, running server (s)"),
                       ("browser_new_s", "browser, new student (s)")):
        bare, ours = results["bare"][key], results["academy"][key]
        print(f"{label:28}{bare:10.2f}{ours:10.2f}{ours / bare:8.2f}")
    print(f"servers measured: bare {results['bare']['servers']}, "
          f"academy {results['academy']['servers']}; failed starts (student pressed Start "
          f"again): bare {results['bare']['failed_starts']}, "
          f"academy {results['academy']['failed_starts']}; load average at end "
          f"{os.getloadavg()[0]:.1f}")
    out = PROJECT_ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "spawn.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
