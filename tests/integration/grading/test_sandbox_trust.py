"""What an instructor must be able to trust of a grading run, checked with real sandboxes:

* no secret of the grader's environment reaches anything a student can see;
* disk and inode floods stop at the sandbox's quota, the other submissions are graded and the
  host's disk is not filled;
* grading works from a checkout and virtual environment under /tmp (where people try things).

Real nbgrader, real kernels and test processes, real bubblewrap, as root with sandbox accounts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from foundation.config.grading import GradingConfig
from grading import grade_assignment

ASSIGNMENT = "a1"
NOTEBOOK = "circular_orbits"
PROJECT = Path(__file__).resolve().parents[3]
CANARIES = {"ACADEMY_CANARY_SECRET": "canary-7f3a9c51e2",
            "JUPYTERHUB_API_TOKEN": "canary-token-0b8d44e6a1",
            "AWS_SECRET_ACCESS_KEY": "canary-aws-5c2e9d10f7",
            "PGPASSWORD": "canary-pg-93e1b7a4c2"}
"""Planted in the grader's environment; no student-visible file may contain the values."""

SNOOP = r'''import glob, os
for path in glob.glob('/proc/*/environ') + glob.glob('/proc/*/cmdline'):
    try:
        print(path, open(path, 'rb').read().decode(errors='replace'))
    except OSError as error:
        print(path, type(error).__name__)
seen = dict(os.environ)
for root, _, files in os.walk('/'):
    if root.startswith(('/proc', '/sys', '/usr', '/dev')):
        continue
    for name in files:
        try:
            path = os.path.join(root, name)
            seen[path] = open(path, errors='replace').read(4096)
        except OSError:
            pass
print(repr(seen))
def circular_speed_km_s(altitude_km):
    return math.sqrt(MU_EARTH_KM3_S2 / (R_EARTH_KM + altitude_km))'''

FLOODS = {
    "bytes": "for i in range(40):\n    open(f'big{i}.bin', 'wb').write(b'x' * 60 * 2**20)",
    "inodes": "import os\nos.makedirs('many', exist_ok=True)\n"
              "for i in range(1_200_000):\n    open(f'many/{i}', 'w').close()",
    "tmp": "for where in ('/tmp', '/dev/shm'):\n"
           "    for i in range(20):\n"
           "        open(f'{where}/f{i}.bin', 'wb').write(b'y' * 30 * 2**20)",
}


def flood_cell(code: str) -> str:
    """The flood, its error swallowed (a student who hides it), then a right answer."""
    return (f"try:\n{_indent(code)}\nexcept OSError as error:\n    print('stopped:', error)\n"
            "def circular_speed_km_s(altitude_km):\n"
            "    return math.sqrt(MU_EARTH_KM3_S2 / (R_EARTH_KM + altitude_km))")


def _indent(code: str) -> str:
    return "\n".join("    " + line for line in code.splitlines())


def specs_with(extra: dict[str, dict], submission_specs: dict) -> dict[str, dict]:
    honest = {name: submission_specs[name] for name in ("correct", "wrong", "partial")}
    return {**honest, **extra}


@pytest.fixture(scope="module")
def canary_run(course_copy: Path, submission_specs: dict, submit_specs) -> tuple[Path, Path]:
    specs = specs_with({"snoop": {"cells": {**submission_specs["correct"]["cells"],
                                            "speed": SNOOP}}}, submission_specs)
    exchange = course_copy.parent / "exchange"
    submit_specs(course_copy, exchange, specs, grader_pid=os.getpid())
    saved = {name: os.environ.get(name) for name in CANARIES}
    os.environ.update(CANARIES)
    try:
        run = grade_assignment(course_copy, ASSIGNMENT, exchange=exchange, progress=False,
                               config=GradingConfig(workers=2, wall_time_s=60, cpu_time_s=20))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    scores = {result.student: result.auto_score for result in run.results}
    assert scores["correct"] == 4.0 and scores["snoop"] == 4.0, scores
    return course_copy, exchange


def test_no_canary_secret_reaches_what_a_student_can_see(canary_run) -> None:
    course_dir, exchange = canary_run
    snoop = course_dir / "autograded" / "snoop" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    assert "/proc/1/environ" in snoop.read_text(), "the snooping cell did not run"
    leaks = []
    for root in (course_dir / "autograded", course_dir / "feedback", exchange):
        for path in root.rglob("*"):
            if path.is_file():
                text = path.read_text(errors="replace")
                leaks += [f"{path}: {name}" for name, value in CANARIES.items() if value in text]
    assert not leaks


@pytest.fixture(scope="module")
def flood_run(generated_course: Path, submission_specs: dict, submit_specs,
              tmp_path_factory: pytest.TempPathFactory) -> dict:
    course_dir = tmp_path_factory.mktemp("flood") / "orbits"
    shutil.copytree(generated_course, course_dir)
    floods = {f"flood-{name}": {"cells": {**submission_specs["correct"]["cells"],
                                          "speed": flood_cell(code)}}
              for name, code in FLOODS.items()}
    specs = specs_with(floods, submission_specs)
    exchange = course_dir.parent / "exchange"
    submit_specs(course_dir, exchange, specs, grader_pid=os.getpid())
    disk = DiskWatch()
    started = time.perf_counter()
    with disk:
        run = grade_assignment(course_dir, ASSIGNMENT, exchange=exchange, progress=False,
                               config=GradingConfig(workers=2, wall_time_s=90, cpu_time_s=60,
                                                    file_size_mb=64, disk_quota_mb=64,
                                                    inode_quota=2000))
    return {"run": run, "seconds": time.perf_counter() - started, "disk": disk}


class DiskWatch:
    """Largest growth of the host's used disk space while the block runs (sampled)."""

    def __init__(self) -> None:
        self.peak_growth = 0
        self._stop = threading.Event()

    def __enter__(self) -> DiskWatch:
        self._start = shutil.disk_usage("/").used
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            self.peak_growth = max(self.peak_growth, shutil.disk_usage("/").used - self._start)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def test_floods_stop_at_the_quota_with_a_reason_and_the_rest_is_graded(flood_run) -> None:
    results = flood_run["run"].by_student()
    assert {s: results[s].auto_score for s in ("correct", "wrong", "partial")} == {
        "correct": 4.0, "wrong": 0.0, "partial": 2.0}
    for name in FLOODS:
        result = results[f"flood-{name}"]
        reasons = " | ".join(result.reasons)
        assert "quota" in reasons, f"flood-{name}: {reasons}"
        # The flood was contained, not fatal: the right answer after it still scores.
        assert result.auto_score == 4.0, f"flood-{name}: {result.auto_score} ({reasons})"


def test_floods_leave_the_host_disk_untouched(flood_run) -> None:
    # The floods try to write 2.4 GB, 1.2 M files and 1.2 GB; the quota is 64 MiB in memory.
    assert flood_run["disk"].peak_growth < 200 * 2**20, flood_run["disk"].peak_growth
    leftovers = list(Path("/tmp").glob("academy-grading-*"))
    assert not [path for path in leftovers if (path / "flood").exists()]
    print(f"\nflood run: {flood_run['seconds']:.1f} s for {len(flood_run['run'].results)} "
          "submissions")


GRADE_SCRIPT = r'''
import importlib.util, json, os, sys
from pathlib import Path
from foundation.config.grading import GradingConfig
from grading import grade_assignment
spec = importlib.util.spec_from_file_location("helpers", sys.argv[1])
helpers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(helpers)
course = helpers.generate_course(Path(sys.argv[2]) / "orbits")
specs = {name: helpers.load_submission_specs()[name] for name in ("correct", "partial")}
helpers.submit_all(course, course.parent / "exchange", specs, grader_pid=os.getpid())
run = grade_assignment(course, "a1", exchange=course.parent / "exchange", progress=False,
                       config=GradingConfig(workers=2))
print("SCORES" + json.dumps({r.student: r.auto_score for r in run.results}))
print("GRADING_FILE" + __import__("grading").__file__)
'''


@pytest.fixture(scope="module")
def checkout_under_tmp() -> Iterator[Path]:
    """A copy of this checkout under /tmp with its own venv (hard links: fast, no download).

    The venv's editable-install path file is rewritten (a new file, not the linked one) to
    point at the copy, so the copy's code is the code that runs.
    """
    base = Path("/tmp") / f"academy-copy-{os.getpid()}"
    shutil.rmtree(base, ignore_errors=True)
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=PROJECT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        target = base / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (PROJECT / name).is_file():
            shutil.copy2(PROJECT / name, target)
    venv = Path(sys.prefix)
    subprocess.run(["cp", "-al", str(venv), str(base / ".venv")], check=True)
    # Files naming the original checkout or venv are replaced (new files, not the linked ones):
    # the editable-install path file, and the console scripts' #! lines (`academy serve` must
    # run the copy's interpreter and code).
    retarget = [*(base / ".venv").glob("lib/python*/site-packages/__editable__*.pth"),
                *(p for p in (base / ".venv" / "bin").iterdir()
                  if p.is_file() and not p.is_symlink() and p.read_bytes()[:2] == b"#!")]
    for path in retarget:
        text = path.read_text(errors="surrogateescape")
        if str(PROJECT) not in text:
            continue
        mode = path.stat().st_mode
        path.unlink()
        path.write_text(text.replace(str(PROJECT), str(base)), errors="surrogateescape")
        path.chmod(mode)
    (base / "node_modules").symlink_to(PROJECT / "node_modules")  # the proxy, unchanged
    yield base
    shutil.rmtree(base, ignore_errors=True)


def test_grading_from_a_checkout_under_tmp(checkout_under_tmp: Path, tmp_path: Path) -> None:
    base = checkout_under_tmp
    script = tmp_path / "grade.py"
    script.write_text(GRADE_SCRIPT)
    env = {**os.environ, "PATH": f"{base / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        [str(base / ".venv" / "bin" / "python"), str(script),
         str(base / "tests" / "integration" / "grading" / "conftest.py"), str(tmp_path)],
        cwd=base, capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    scores = json.loads(result.stdout.split("SCORES", 1)[1].splitlines()[0])
    assert scores == {"correct": 4.0, "partial": 2.0}
    assert result.stdout.split("GRADING_FILE", 1)[1].startswith(str(base))


def test_formgrader_grade_all_in_the_browser_from_a_checkout_under_tmp(
        checkout_under_tmp: Path) -> None:
    """The instructor's journey that failed from /tmp ("kernel died"), run by the copy's own
    interpreter and code: a hub, a formgrader, Chromium pressing *Collect, autograde all and
    release feedback*."""
    base = checkout_under_tmp
    test = "tests/integration/grading/test_formgraders.py"
    env = {**os.environ, "PATH": f"{base / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        [str(base / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"{test}::test_fetch_edit_submit_grade_feedback_in_the_browser"],
        cwd=base, capture_output=True, text=True, timeout=900, env=env)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "1 passed" in result.stdout


def test_a_sandbox_that_cannot_see_the_environment_names_the_path(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The start-up self-check: instead of "kernel died", the path the sandbox hides."""
    import asyncio

    from grading.autograde import check_sandbox
    from grading.errors import SandboxError
    from grading.runner import BubblewrapRunner, ResourceLimits, bubblewrap
    from grading.workspace import run_directory

    # As if the environment lived under a path the sandbox replaces (the /tmp bug): not mounted.
    monkeypatch.setattr(bubblewrap, "python_mounts", lambda: [])
    limits = ResourceLimits(cpu_time_s=10, wall_time_s=20, memory_bytes=2**31,
                            max_processes=64, file_size_bytes=2**26, output_limit_bytes=2**20)
    runner = BubblewrapRunner(limits=limits)
    runner.prepare(1)

    async def preflight() -> None:
        with run_directory() as run_dir:
            await check_sandbox(runner, run_dir)

    with pytest.raises(SandboxError) as caught:
        asyncio.run(preflight())
    message = str(caught.value)
    if Path(sys.prefix).resolve().is_relative_to("/usr"):
        pytest.fail("the test needs a virtual environment outside /usr")
    assert "the sandbox cannot see" in message and str(Path(sys.prefix)) in message, message
