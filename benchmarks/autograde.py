"""Benchmark: sandboxed parallel grading versus plain ``nbgrader autograde``, same run.

1. 60 submissions of the test course's assignment a1 (correct, partial, wrong and
   visible-tests-only, in turn), graded by plain ``nbgrader autograde`` (one process, one kernel
   at a time, no sandbox) and by ``grading`` (bubblewrap sandbox per notebook, one kernel per
   worker), each on its own copy of the course. Prints wall time, peak memory (PSS) of the whole
   process tree (psutil, sampled every 50 ms, sandboxed kernels included) and the ratios, and
   checks both gave every student the same score.
2. The same 60 plus the hostile and broken set of ``tests/data/grading/submissions.json``
   through ``grading`` only (hostile code never goes through plain nbgrader).
3. The same 60 plus two disk floods (40 files of 60 MiB; 1.2 million empty files) through
   ``grading``: what a flood stopped at the sandbox's quota costs the run.

Run: ``.venv/bin/python benchmarks/autograde.py [--submissions 60] [--workers N] [--repeat R]``.
Needs root (sandbox accounts) and bwrap. Absolute times drift on shared machines; compare the
ratios.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import nbgrader
import psutil
from nbgrader.api import Gradebook

from foundation.config.grading import GradingConfig

ROOT = Path(__file__).resolve().parents[1]
CONFTEST = ROOT / "tests" / "integration" / "grading" / "conftest.py"
BENIGN = ("correct", "partial", "wrong", "hardcoded")
FLOODS = {
    "flood-bytes": "for i in range(40):\n    open(f'big{i}.bin', 'wb').write(b'x' * 60 * 2**20)",
    "flood-inodes": "import os\nos.makedirs('many')\nfor i in range(1_200_000):\n"
                    "    open(f'many/{i}', 'w').close()",
}
"""Floods from issue 15's review; each swallows its OSError and then answers correctly."""
LIMITS_ENV = {"ACADEMY_GRADING_CPU_TIME": "5", "ACADEMY_GRADING_WALL_TIME": "30",
              "ACADEMY_GRADING_OUTPUT_LIMIT": "256K", "ACADEMY_GRADING_MEMORY_MB": "1024"}


def load_course_helpers():
    """The integration tests' course and submission builders (one definition for both)."""
    spec = importlib.util.spec_from_file_location("grading_course_helpers", CONFTEST)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Measurement:
    label: str
    submissions: int
    wall_s: float
    cpu_s: float
    peak_pss_mib: float


def measure(label: str, command: list[str], cwd: Path, env: dict[str, str],
            submissions: int) -> Measurement:
    """Run ``command``; sample memory (PSS) and CPU time of its whole process tree until it exits.

    CPU is summed from per-process samples rather than taken from ``RUSAGE_CHILDREN``: a
    sandbox's init is reaped by the host's init (bwrap's outer process learns the exit status
    through a pipe), so sandboxed kernels' CPU never reaches the grader's rusage. Processes that
    live less than one 50 ms sample interval are missed by both sides alike.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    peak = 0
    cpu_by_process: dict[tuple[int, float], float] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(process.pid)
        while not stop.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            for proc in tree:
                try:
                    # PSS: shared pages split between their users, so a fork bomb's
                    # copy-on-write children are not counted once per child as RSS would.
                    total += proc.memory_full_info().pss
                    times = proc.cpu_times()
                    cpu_by_process[(proc.pid, proc.create_time())] = times.user + times.system
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
            peak = max(peak, total)
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{label} failed ({process.returncode}):\n{stderr[-3000:]}")
    return Measurement(label, submissions, wall, sum(cpu_by_process.values()), peak / 2**20)


def best(runs: list[Measurement]) -> Measurement:
    """The fastest of repeated runs: other load on a shared machine only ever adds time."""
    return min(runs, key=lambda m: m.wall_s)


def place_submissions(helpers, course_dir: Path, students: dict[str, dict]) -> None:
    """Write each student's notebook straight into submitted/ (both graders read it there)."""
    release = course_dir / "release" / "a1" / f"{helpers.NOTEBOOK}.ipynb"
    placeholders = {"other_submission": str(course_dir / "submitted" / "s00" / "a1"
                                            / f"{helpers.NOTEBOOK}.ipynb"),
                    "gradebook": str(course_dir / "gradebook.db"),
                    "source_notebook": str(course_dir / "source" / "a1"
                                           / f"{helpers.NOTEBOOK}.ipynb"),
                    "grader_pid": "1"}
    stamp = (helpers.DUE_UTC - datetime.timedelta(hours=1)).strftime(
        "%Y-%m-%d %H:%M:%S.%f UTC")
    for student, spec in students.items():
        directory = course_dir / "submitted" / student / "a1"
        directory.mkdir(parents=True)
        text = helpers.build_notebook_text(release, spec, placeholders)
        (directory / f"{helpers.NOTEBOOK}.ipynb").write_text(text)
        (directory / "timestamp.txt").write_text(stamp)


def scores(course_dir: Path) -> dict[str, float]:
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}", "orbits") as gradebook:
        return {s.student.id: float(s.score) for s in gradebook.assignment_submissions("a1")}


def ours_command(course_dir: Path, workers: int) -> list[str]:
    code = ("import sys; from grading import grade_assignment; "
            f"grade_assignment({str(course_dir)!r}, 'a1', exchange={str(course_dir / 'none')!r}, "
            f"workers={workers}, progress=False, feedback=False)")
    return [sys.executable, "-c", code]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=60)
    parser.add_argument("--workers", type=int, default=GradingConfig().workers,
                        help="grading's workers (default: its own default, cores + 1)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="alternate plain and sandboxed runs this many times, keep the best")
    args = parser.parse_args()
    helpers = load_course_helpers()
    specs = helpers.load_submission_specs()
    benign = {f"s{i:02d}": specs[BENIGN[i % len(BENIGN)]] for i in range(args.submissions)}
    # "linker" attacks the exchange, which this benchmark bypasses (it fills submitted/).
    hostile = {name: spec for name, spec in specs.items()
               if name not in (*BENIGN, "late") and "raw_links" not in spec}
    env = {**os.environ, **LIMITS_ENV,
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(ROOT)}

    with tempfile.TemporaryDirectory(prefix="academy-grading-bench-") as tmp:
        base = Path(tmp)
        pristine = helpers.generate_course(base / "pristine" / "orbits")

        def fresh_course(name: str, students: dict[str, dict]) -> Path:
            course_dir = base / name / "orbits"
            shutil.copytree(pristine, course_dir)
            place_submissions(helpers, course_dir, students)
            return course_dir

        plain_runs, ours_runs = [], []
        same = True
        for attempt in range(args.repeat):
            plain_dir = fresh_course(f"nbgrader{attempt}", benign)
            plain_runs.append(measure(
                "nbgrader autograde (plain)",
                [str(Path(sys.executable).parent / "nbgrader"), "autograde", "a1", "--force",
                 "--log-level=ERROR"], plain_dir, env, len(benign)))
            ours_dir = fresh_course(f"ours{attempt}", benign)
            ours_runs.append(measure(f"grading, bwrap sandbox, {args.workers} workers",
                                     ours_command(ours_dir, args.workers), ROOT, env,
                                     len(benign)))
            same = same and scores(plain_dir) == scores(ours_dir)
        hostile_dir = fresh_course("hostile", {**benign, **hostile})
        mixed = measure(f"grading, + {len(hostile)} hostile, {args.workers} workers",
                        ours_command(hostile_dir, args.workers), ROOT, env,
                        len(benign) + len(hostile))
        correct = specs["correct"]["cells"]
        floods = {name: {"cells": {**correct, "speed": (
            "try:\n" + "\n".join("    " + line for line in code.splitlines())
            + "\nexcept OSError:\n    pass\n" + correct["speed"])}}
            for name, code in FLOODS.items()}
        flood_dir = fresh_course("flood", {**benign, **floods})
        flooded = measure(f"grading, + {len(floods)} quota floods, {args.workers} workers",
                          ours_command(flood_dir, args.workers), ROOT, env,
                          len(benign) + len(floods))
        flood_scores = {name: score for name, score in scores(flood_dir).items()
                        if name in floods}
        plain, ours = best(plain_runs), best(ours_runs)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / 2**30:.0f} GiB; Python {platform.python_version()}, "
          f"nbgrader {nbgrader.__version__}; limits {LIMITS_ENV}")
    print(f"best of {args.repeat} alternating run(s); load average now "
          f"{os.getloadavg()[0]:.1f}")
    print(f"{'run':<42} {'subs':>5} {'wall s':>7} {'s/sub':>6} {'CPU s':>7} "
          f"{'peak PSS MiB':>12}")
    for m in (plain, ours, mixed, flooded):
        print(f"{m.label:<42} {m.submissions:>5} {m.wall_s:>7.1f} "
              f"{m.wall_s / m.submissions:>6.2f} {m.cpu_s:>7.1f} {m.peak_pss_mib:>12.0f}")
    print(f"speed-up over plain nbgrader (wall): {plain.wall_s / ours.wall_s:.2f}x; "
          f"CPU ours/plain: {ours.cpu_s / plain.cpu_s:.2f}; "
          f"peak memory ours/plain: {ours.peak_pss_mib / plain.peak_pss_mib:.2f}")
    print(f"identical scores for the {len(benign)} submissions: {'yes' if same else 'NO'}")
    print(f"the floods cost the run {flooded.wall_s - ours.wall_s:+.1f} s against the best "
          f"benign run; their scores (right answers after the flood): {flood_scores}")


if __name__ == "__main__":
    main()
