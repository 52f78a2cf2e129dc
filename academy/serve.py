"""Run the hub in the foreground for ``make demo``: print where it is, stop cleanly on Ctrl-C.

Why a wrapper instead of ``jupyterhub`` directly: the configuration is validated first so a bad
``ACADEMY_*`` value or ``course.toml`` is one clear line, not a traceback; the hub's output is
copied to ``<data dir>/logs/hub.log``; and Ctrl-C becomes one SIGTERM to the hub, which stops
user servers, services and the proxy, then anything left in the hub's session is killed so no
orphan outlives the command.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

from academy.hub.configure import prepare_data_dir
from academy.hub.demo import demo_roster, format_demo_accounts, load_demo_accounts
from curriculum.courses import load_courses
from foundation.config import PlatformConfig
from foundation.paths import PROJECT_ROOT

READY_MARKER = "JupyterHub is now running"
STOP_GRACE_S = 45
PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def banner(platform: PlatformConfig) -> str:
    """What ``make demo`` prints once the hub answers."""
    lines = ["", "=" * 72, f"  Space Academy is running at {platform.public_url}",
             f"  Data directory: {platform.data_dir}   Log: {platform.logs_dir / 'hub.log'}"]
    if platform.demo:
        courses = load_courses(Path(platform.courses_dir))
        accounts = load_demo_accounts(platform.hub_dir / "demo-accounts.json",
                                      demo_roster(platform.admin_users, courses))
        lines += ["", "  Demo accounts (loopback only):", format_demo_accounts(accounts)]
    lines += ["", "  Press Ctrl-C to stop everything.", "=" * 72, ""]
    return "\n".join(lines)


def _follow(log_path: Path, offset: int, done: threading.Event, on_ready) -> None:
    """Show the hub's log on the terminal as it grows (from ``offset``) until ``done``.

    The hub writes to its log file itself rather than through a pipe to this process: if
    ``academy serve`` is killed, a hub (and its proxy) writing into a pipe nobody reads would
    spin on broken-pipe errors; writing to a file they run on untroubled until the next
    ``academy serve`` stops them.
    """
    with open(log_path, encoding="utf-8", errors="replace") as log:
        log.seek(offset)
        pending = ""
        while True:
            chunk = log.read()
            if not chunk:
                if done.is_set():
                    break
                time.sleep(0.1)
                continue
            pending += chunk
            *lines, pending = pending.split("\n")
            for line in lines:
                sys.stdout.write(line + "\n")
                if READY_MARKER in line:
                    on_ready()
            sys.stdout.flush()


def warm_numba_cache(platform: PlatformConfig, env: dict[str, str]) -> None:
    """Compile boinor into the data directory's numba cache once (a fresh process must do it:
    the cache switch has to be in place before boinor is imported)."""
    cache = platform.warm_numba_cache_dir
    if cache.is_dir() and any(cache.rglob("*.nbi")):
        return
    print("Compiling boinor's numba functions once (cached for every student)...", flush=True)
    subprocess.run([str(Path(sys.executable).parent / "academy"), "data", "warm-numba"],
                   env={**env, "ACADEMY_NUMBA_CACHE_DIR": str(cache)}, check=True)


HUB_PID_FILE = "academy-hub.pid"
"""In the hub directory: the hub process of the running ``academy serve``."""


def stop_orphaned_hub(platform: PlatformConfig) -> None:
    """Stop the hub a killed ``academy serve`` left running (its own session survives it).

    Without this a restart after ``kill -9`` of ``academy serve`` finds the ports taken and
    fails. The old hub is asked to stop as on Ctrl-C (user servers stay when
    ``ACADEMY_KEEP_SERVERS``, and the new hub reconnects to them), killed if it does not.
    """
    pid_file = platform.hub_dir / HUB_PID_FILE
    try:
        pid = int(pid_file.read_text().strip())
        hub = psutil.Process(pid)
        is_ours = "academy.hub.app" in hub.cmdline()
    except (OSError, ValueError, psutil.NoSuchProcess, psutil.AccessDenied):
        return
    if not is_ours:
        return
    print(f"Stopping the hub left running by an earlier academy serve (pid {pid})...",
          flush=True)
    hub.terminate()
    try:
        hub.wait(timeout=STOP_GRACE_S)
    except psutil.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(psutil.NoSuchProcess):
            hub.wait(timeout=10)


def run_hub(platform: PlatformConfig) -> int:
    """Start JupyterHub with ``hub_config.py``; return its exit code after a clean stop."""
    load_courses(Path(platform.courses_dir))  # fail fast, before anything starts
    prepare_data_dir(platform)
    stop_orphaned_hub(platform)
    env = dict(os.environ)
    env["ACADEMY_DATA_DIR"] = platform.data_dir
    warm_numba_cache(platform, env)
    env["ACADEMY_DEMO"] = "1" if platform.demo else "0"
    # JupyterHub itself, as academy.hub.app.AcademyHub: patient with slow formgraders.
    command = [sys.executable, "-m", "academy.hub.app", "-f", str(PROJECT_ROOT / "hub_config.py")]
    log_path = platform.logs_dir / "hub.log"
    _become_subreaper()
    with open(log_path, "a", encoding="utf-8") as log:
        offset = log.tell()
        hub = subprocess.Popen(command, cwd=platform.hub_dir, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        (platform.hub_dir / HUB_PID_FILE).write_text(f"{hub.pid}\n")
        stopping = threading.Event()

        def on_ready() -> None:
            if not stopping.is_set():
                print(banner(platform), flush=True)

        hub_ended = threading.Event()
        pump = threading.Thread(target=_follow, args=(log_path, offset, hub_ended, on_ready),
                                daemon=True)
        pump.start()

        def request_stop(signum: int, _frame) -> None:
            if not stopping.is_set():
                stopping.set()
                print(f"\nStopping the academy ({signal.Signals(signum).name})...", flush=True)
                hub.send_signal(signal.SIGTERM)

        previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT,
                                                                       signal.SIGTERM)}
        try:
            while True:
                try:
                    code = hub.wait(timeout=STOP_GRACE_S if stopping.is_set() else None)
                    break
                except subprocess.TimeoutExpired:
                    print("The hub did not stop in time; killing it.", flush=True)
                    os.killpg(hub.pid, signal.SIGKILL)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            _stop_leftovers(keep_user_servers=platform.keep_servers)
            hub_ended.set()
            pump.join(timeout=5)
    print(f"The academy has stopped (hub exit code {code}).", flush=True)
    return 0 if stopping.is_set() else code


def _become_subreaper() -> None:
    """Adopt the hub's orphans (Linux PR_SET_CHILD_SUBREAPER), so that if the hub dies, its proxy
    and services become our children: we can then stop and reap them instead of leaving them to
    whatever PID 1 is (in containers, often nothing that reaps)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _stop_leftovers(*, keep_user_servers: bool) -> None:
    """Stop what the hub left behind: after a clean stop nothing; after a crash, its proxy and
    services. User servers stay when ``keep_user_servers`` (the restarted hub reconnects)."""
    leftovers = []
    for child in psutil.Process().children(recursive=True):
        try:
            # A formgrader is a jupyterhub-singleuser too, but a service: the hub restarts it.
            is_user_server = ("jupyterhub-singleuser" in " ".join(child.cmdline())
                              and "JUPYTERHUB_SERVICE_NAME" not in child.environ())
        except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
            continue
        if is_user_server and keep_user_servers:
            continue
        leftovers.append(child)
    for child in leftovers:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.terminate()
    _, alive = psutil.wait_procs(leftovers, timeout=5)
    for child in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
    psutil.wait_procs(alive, timeout=5)
    # Reap anything else that ended while adopted (e.g. a user server stopped earlier).
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
