"""Every lesson notebook, in every language, runs top to bottom without error.

Each notebook runs in a fresh ``python3`` kernel with the lessons folder as working directory, as
a student's server would run it. Three notebooks run at a time (one process each) to keep the file
short on two cores; each notebook's wall time, kernel start included, is written to
``test-artifacts/lesson-times.csv`` and printed as a table at the end of the module. A lesson is
meant to stay under ~10 s on an idle machine; the hard limit per cell is ``CELL_TIMEOUT_S``.
"""

from __future__ import annotations

import csv
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from curriculum.content import load_course_content_file

PROJECT_ROOT = Path(__file__).resolve().parents[3]
COURSE_FILES = sorted((PROJECT_ROOT / "courses").glob("*/course.toml"))
CELL_TIMEOUT_S = 60
WORKERS = 3

pytestmark = pytest.mark.slow


def _lesson_notebooks() -> list[tuple[str, str, str, Path]]:
    notebooks = []
    for course_file in COURSE_FILES:
        content = load_course_content_file(course_file)
        for lesson in content.lessons:
            for language in lesson.languages:
                notebooks.append((content.course.id, lesson.id, language,
                                  lesson.notebook_path(language)))
    return notebooks


NOTEBOOKS = _lesson_notebooks()


def _execute(path: Path) -> tuple[float, str]:
    """Run one notebook; (seconds, '' or the error). Runs in a worker process."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    try:
        NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    except Exception as error:  # the test reports it with the notebook's name
        return time.perf_counter() - started, f"{type(error).__name__}: {error}"[-3000:]
    return time.perf_counter() - started, ""


@pytest.fixture(scope="module")
def executed(request, artifacts_dir: Path) -> dict[Path, tuple[float, str]]:
    # Kernels run in the lessons folder: make sure they import this checkout's packages.
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), saved]))
    try:
        with ProcessPoolExecutor(max_workers=WORKERS) as pool:
            results = dict(zip([n[3] for n in NOTEBOOKS],
                               pool.map(_execute, [n[3] for n in NOTEBOOKS]), strict=True))
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved
    rows = [(course, lesson, language, f"{results[path][0]:.1f}",
             "ok" if not results[path][1] else "error")
            for course, lesson, language, path in NOTEBOOKS]
    with (artifacts_dir / "lesson-times.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["course", "lesson", "language", "seconds", "status"])
        writer.writerows(rows)
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # show the table even without -s
            reporter.write_line("")
            reporter.write_line(f"lesson execution times ({WORKERS} in parallel, kernel start "
                                "included; also in test-artifacts/lesson-times.csv):")
            for row in rows:
                reporter.write_line(f"  {row[0]:15s} {row[1]:28s} {row[2]:3s} {row[3]:>6s} s  "
                                    f"{row[4]}")
    return results


def test_every_course_has_lessons_in_english_and_turkish() -> None:
    minimum = {"orbits": 5, "cubesat-design": 4, "propulsion": 4, "cansat": 2}
    for course_id, count in minimum.items():
        english = {n[1] for n in NOTEBOOKS if n[0] == course_id and n[2] == "en"}
        turkish = {n[1] for n in NOTEBOOKS if n[0] == course_id and n[2] == "tr"}
        assert len(english) >= count and english == turkish, course_id


@pytest.mark.parametrize("course,lesson,language,path", NOTEBOOKS,
                         ids=[f"{n[0]}/{n[1]}.{n[2]}" for n in NOTEBOOKS])
def test_lesson_runs_top_to_bottom(executed, course, lesson, language, path) -> None:
    seconds, error = executed[path]
    assert not error, f"{path.relative_to(PROJECT_ROOT)} failed after {seconds:.1f} s:\n{error}"
    assert seconds < 30 * CELL_TIMEOUT_S
