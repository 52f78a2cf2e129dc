"""How fast an operator gets a term back: recovery after kill -9, backup and restore, check.

1. **Recovery.** The academy as ``make demo`` runs it (formgraders and gallery included,
   ``ACADEMY_KEEP_SERVERS=1``) and a bare JupyterHub (spawn.py's), each with one student's
   server running. The hub process is killed with SIGKILL and its command started again; the
   time from that restart until the student's server answers through the proxy is measured,
   and for the academy also until its services are up ("JupyterHub is now running").
2. **Backup and restore** of a 30-student class with homes (30 Unix accounts, each home holding
   the course lessons and some work), ``academy backup --homes`` then ``academy restore`` into an
   empty directory, against plain ``tar czf`` / ``tar xzf`` of the same folder.
3. ``academy check`` wall time (median of 5), the operator's first command.

Needs root (accounts). Absolute times drift on shared machines; read the ratios.

    .venv/bin/python benchmarks/recovery.py [--only recovery|backup|check]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import requests
from spawn import BIN, Hub, start_academy, start_bare  # benchmarks/: the script's own directory

PROJECT_ROOT = Path(__file__).resolve().parent.parent
READY_MARKER = b"JupyterHub is now running"


def hub_pid(hub: Hub) -> int:
    """The JupyterHub process: the academy's ``academy.hub.app`` child, or the bare hub itself."""
    for child in psutil.Process(hub.process.pid).children(recursive=True):
        if "academy.hub.app" in " ".join(child.cmdline()):
            return child.pid
    return hub.process.pid


def wait_for_route(hub: Hub, user: str, since: float, log: Path | None) -> tuple[float, float]:
    """Seconds from ``since`` until ``user``'s server answers through the proxy, and until the
    hub's log (read from its current end) says the services are up (``nan`` without a log)."""
    offset = log.stat().st_size if log else 0
    route = services = float("nan")
    deadline = since + 300
    while time.monotonic() < deadline and (route != route or (log and services != services)):
        now = time.monotonic() - since
        if route != route:
            try:
                answer = requests.get(f"{hub.url}/user/{user}/api/status", timeout=5,
                                      headers={"Authorization": f"token {hub.token}"})
                if answer.status_code == 200:
                    route = now
            except requests.RequestException:
                pass
        if log and services != services:
            with open(log, "rb") as handle:
                handle.seek(offset)
                if READY_MARKER in handle.read():
                    services = now
        time.sleep(0.05)
    return route, services


def recover(hub: Hub, user: str, restart) -> tuple[float, float, Hub]:
    """kill -9 the hub, restart it with ``restart()``, and time the way back."""
    os.kill(hub_pid(hub), signal.SIGKILL)
    hub.process.wait(timeout=120)
    log = Path(hub.log.name) if hub.name == "academy" else None
    started = time.monotonic()
    restarted = restart()
    return wait_for_route(restarted, user, started, log) + (restarted,)


def restart_hub(hub: Hub, command: list[str], env: dict[str, str]) -> Hub:
    """The same hub's command again, without Hub's own wait for /info."""
    hub.log = open(hub.log.name, "a")
    hub.process = subprocess.Popen(command, env=env, cwd=hub.workdir, stdout=hub.log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    return hub


def measure_recovery(workdir: Path) -> None:
    # Free ports for the services too: another academy on this machine must not collide.
    os.environ.update(ACADEMY_KEEP_SERVERS="1", ACADEMY_FORMGRADER_BASE_PORT="0",
                      ACADEMY_GALLERY_PORT="0")
    academy = start_academy(workdir)
    academy_env = {**os.environ, **academy_env_of(academy)}
    assert academy.api("POST", "/users/student1/server").status_code in (201, 202)
    wait_ready(academy, "student1")
    route_a, services_a, academy = recover(
        academy, "student1",
        lambda: restart_hub(academy, [str(BIN / "academy"), "serve", "--demo"], academy_env))
    wait_ready(academy, "student1")
    bare = start_bare(workdir)
    bare.api("POST", "/users/bench-student")
    assert bare.api("POST", "/users/bench-student/server").status_code in (201, 202)
    wait_ready(bare, "bench-student")
    route_b, _, bare = recover(
        bare, "bench-student",
        lambda: restart_hub(bare, [str(BIN / "jupyterhub"), "-f",
                                   str(workdir / "bare_config.py")], dict(os.environ)))
    for hub, user in ((academy, "student1"), (bare, "bench-student")):
        hub.api("DELETE", f"/users/{user}/server")
        hub.stop()
    print(f"recovery after kill -9 of the hub, restart -> the student's server answers through "
          f"the proxy: academy {route_a:.1f} s (its services up after {services_a:.1f} s), "
          f"bare JupyterHub {route_b:.1f} s; ratio academy/bare {route_a / route_b:.2f}")


def academy_env_of(hub: Hub) -> dict[str, str]:
    """The environment ``start_academy`` gave ``academy serve`` (read back from the process)."""
    return {k: v for k, v in psutil.Process(hub.process.pid).environ().items()
            if k.startswith("ACADEMY_")}


def wait_ready(hub: Hub, user: str) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        model = hub.api("GET", f"/users/{user}").json()
        if model.get("servers", {}).get("", {}).get("ready"):
            return
        time.sleep(0.5)
    raise TimeoutError(f"{user}'s server did not become ready on {hub.name}")


def make_class(data: Path, students: int) -> list[str]:
    """A data directory with ``students`` homes, each owned by its own new Unix account."""
    accounts = []
    lessons = sorted((PROJECT_ROOT / "courses").rglob("*.ipynb"))
    for number in range(students):
        name = f"bkbench-{number:02d}"
        subprocess.run(["useradd", "--no-create-home", "--comment", "Space Academy bench",
                        "--user-group", name], check=True, capture_output=True)
        accounts.append(name)
        home = data / "home" / f"student{number:02d}"
        (home / "work").mkdir(parents=True)
        for lesson in lessons:
            shutil.copy(lesson, home / lesson.name)
        (home / "work" / "notes.txt").write_text("orbit " * 2000)
        for path in (home, *home.rglob("*")):
            shutil.chown(path, name, name)
        home.chmod(0o700)
    (data / "hub").mkdir()
    (data / "exchange").mkdir(mode=0o1777)
    return accounts


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.monotonic() - started


def measure_backup(workdir: Path, students: int) -> None:
    data = workdir / "var"
    accounts = make_class(data, students)
    try:
        size = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
        env = {**os.environ, "ACADEMY_DATA_DIR": str(data)}
        archive = workdir / "term.tar.gz"
        ours_backup = timed([str(BIN / "academy"), "backup", "--homes", "--output",
                             str(archive)], env)
        restored = workdir / "restored"
        ours_restore = timed([str(BIN / "academy"), "restore", str(archive)],
                             {**env, "ACADEMY_DATA_DIR": str(restored)})
        plain = workdir / "plain.tar.gz"
        tar_backup = timed(["tar", "czf", str(plain), "-C", str(workdir), "var"])
        untar = workdir / "untar"
        untar.mkdir()
        tar_restore = timed(["tar", "xzf", str(plain), "-C", str(untar)])
    finally:
        for name in accounts:
            subprocess.run(["userdel", name], check=False, capture_output=True)
    print(f"backup of {students} students with homes ({size / 2**20:.1f} MiB): academy "
          f"{ours_backup:.2f} s vs tar czf {tar_backup:.2f} s (ratio "
          f"{ours_backup / tar_backup:.2f}); restore: academy {ours_restore:.2f} s vs tar xzf "
          f"{tar_restore:.2f} s (ratio {ours_restore / tar_restore:.2f}); archive "
          f"{archive.stat().st_size / 2**20:.1f} MiB vs {plain.stat().st_size / 2**20:.1f} MiB")


def measure_check() -> None:
    runs = [timed([str(BIN / "academy"), "check"]) for _ in range(5)]
    print(f"academy check: median {statistics.median(runs):.2f} s of 5 "
          f"(min {min(runs):.2f}, max {max(runs):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["recovery", "backup", "check"])
    parser.add_argument("--students", type=int, default=30)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores; Python "
          f"{platform.python_version()}; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="academy-recovery-bench-") as tmp:
        workdir = Path(tmp)
        os.chmod(workdir, 0o755)
        if args.only in (None, "check"):
            measure_check()
        if args.only in (None, "backup"):
            (workdir / "backup").mkdir()
            measure_backup(workdir / "backup", args.students)
        if args.only in (None, "recovery"):
            (workdir / "recovery").mkdir()
            measure_recovery(workdir / "recovery")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
