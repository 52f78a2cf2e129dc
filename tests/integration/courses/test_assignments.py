"""Every assignment of every course through real nbgrader: generate, then autograde three
submissions (the solution, the untouched release, and a partly correct one).

Each language version is its own nbgrader assignment (``<id>-<lang>``, see academy.course_content).
One ``nbgrader`` call per step handles all versions of a course (``"*"``), so the app starts once
per course rather than once per notebook, and two temporary course directories (solutions; release
and partial) run side by side. Plain ``nbgrader autograde`` (a local kernel), not the academy's
sandboxed grader.

What "right" means here:
* the solution gets every autograded point (its tests cite their references in the notebooks);
* the untouched release gets 0 autograded points (every answer cell raises NotImplementedError);
* "partial" answers only the first part: it gets exactly the points of that part's test cells
  (grade ids ``<first solution id>_*``), no more, no less;
* no line of a ``### BEGIN HIDDEN TESTS`` block survives into the release.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from academy.course_content import CourseContent, load_course_content_file

PROJECT_ROOT = Path(__file__).resolve().parents[3]
COURSES_DIR = PROJECT_ROOT / "courses"
COURSE_FILES = sorted(COURSES_DIR.glob("*/course.toml"))
CHECKED_IN_FULL = "en"
"""The language whose release and partial submissions are autograded too. Translations share the
code cells of the English notebook (only text, docstrings and messages differ), so for them the
solution run (which proves the tests and answers still agree) and the hidden-test check (no
kernel) are enough; this keeps the whole file near 2 minutes on two cores."""

pytestmark = pytest.mark.slow


def _nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    # nbgrader runs `alembic` (gradebook migrations) from PATH: put the venv's bin first.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--force"], cwd=root,
                            capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, f"nbgrader {args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _cells(notebook: nbformat.NotebookNode, **flags: bool) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells
            if all(cell.metadata.get("nbgrader", {}).get(k, False) == v for k, v in flags.items())]


def _hidden_lines(notebook: nbformat.NotebookNode) -> list[str]:
    lines: list[str] = []
    for cell in notebook.cells:
        inside = False
        for line in cell.source.splitlines():
            if "### BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "### END HIDDEN TESTS" in line:
                inside = False
            elif inside and len(line.strip()) >= 30 and not line.strip().startswith("#"):
                lines.append(line.strip())  # short continuation lines may match visible tests
    return lines


def _partial(source: nbformat.NotebookNode, release: nbformat.NotebookNode
             ) -> tuple[nbformat.NotebookNode, str]:
    """The release with only the first solution cell answered (taken from the source)."""
    first = _cells(source, solution=True, grade=False)[0]
    grade_id = first.metadata["nbgrader"]["grade_id"]
    partial = nbformat.from_dict(json.loads(json.dumps(release)))
    for cell in partial.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = first.source
    return partial, grade_id


def _versions(content: CourseContent):
    for assignment in content.assignments:
        for language in assignment.languages:
            yield assignment, language


def _course_root(base: Path, content: CourseContent) -> Path:
    """A temporary nbgrader course directory holding every source version of the course."""
    base.mkdir()
    (base / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(base)!r}\n"
        f"c.CourseDirectory.course_id = {content.course.id!r}\n"
        "c.ExecutePreprocessor.timeout = 60\n", encoding="utf-8")
    for assignment, language in _versions(content):
        target = base / "source" / assignment.nbgrader_id(language)
        shutil.copytree(assignment.source_notebook(language).parent, target)
    return base


def _grade(root: Path, content: CourseContent, students: tuple[str, ...],
           languages: set[str] | None) -> None:
    """generate_assignment, submit ``students``' notebooks, autograde: one root, in order."""
    _nbgrader(root, "generate_assignment", "*")
    for assignment, language in _versions(content):
        if languages is not None and language not in languages:
            continue
        name = assignment.notebook_name(language) + ".ipynb"
        nb_id = assignment.nbgrader_id(language)
        source = nbformat.read(root / "source" / nb_id / name, as_version=4)
        release = nbformat.read(root / "release" / nb_id / name, as_version=4)
        partial, _ = _partial(source, release)
        notebooks = {"solution": source, "blank": release, "partial": partial}
        for student in students:
            folder = root / "submitted" / student / nb_id
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebooks[student], folder / name)
    _nbgrader(root, "autograde", "*")


@pytest.fixture(scope="module", params=COURSE_FILES, ids=lambda p: p.parent.name)
def graded_course(request, tmp_path_factory) -> tuple[CourseContent, dict[str, Path], float]:
    """Generate and autograde every assignment version of one course.

    Two independent course roots run side by side (two cores): one grades the solution of every
    language version, the other the release and the partial submission of the English version.
    Returns the content, the root holding each student's grades, and the wall time.
    """
    content = load_course_content_file(request.param)
    base = tmp_path_factory.mktemp(content.course.id)
    solution_root = _course_root(base / "solutions", content)
    checks_root = _course_root(base / "checks", content)
    roots = {"solution": solution_root, "blank": checks_root, "partial": checks_root}
    started = time.perf_counter()
    if content.assignments:
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = [pool.submit(_grade, solution_root, content, ("solution",), None),
                    pool.submit(_grade, checks_root, content, ("blank", "partial"),
                                {CHECKED_IN_FULL})]
            for job in jobs:
                job.result()
    return content, roots, time.perf_counter() - started


def _autograded_score(root: Path, nb_id: str, notebook: str, student: str) -> float:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission_notebook(notebook, nb_id, student)
        return sum(grade.score for grade in submission.grades if grade.cell_type == "code")


def test_course_declares_assignments(graded_course) -> None:
    content, _, _ = graded_course
    minimum = {"orbits": 3, "cubesat-design": 2, "propulsion": 2, "cansat": 1}
    assert len(content.assignments) >= minimum.get(content.course.id, 0)
    for assignment in content.assignments:
        assert {"en", "tr"} <= set(assignment.languages), assignment.id


def test_solution_gets_full_marks_and_points_match_course_toml(graded_course) -> None:
    content, roots, seconds = graded_course
    root = roots["solution"]
    count = sum(1 for _ in _versions(content)) + 2 * len(content.assignments)
    print(f"\n{content.course.id}: generate + autograde {count} notebooks in {seconds:.1f} s")
    for assignment, language in _versions(content):
        nb_id, name = assignment.nbgrader_id(language), assignment.notebook_name(language)
        source = nbformat.read(root / "source" / nb_id / f"{name}.ipynb", as_version=4)
        tests = _cells(source, grade=True, solution=False)
        manual = _cells(source, grade=True, solution=True)
        auto_points = sum(c.metadata["nbgrader"]["points"] for c in tests)
        manual_points = sum(c.metadata["nbgrader"]["points"] for c in manual)
        assert len(tests) >= 3, f"{nb_id}: partial credit needs several graded test cells"
        assert manual and all(c.cell_type == "markdown" for c in manual), (
            f"{nb_id}: needs a manually graded written answer")
        assert auto_points + manual_points == pytest.approx(assignment.points), nb_id
        score = _autograded_score(root, nb_id, name, "solution")
        assert score == pytest.approx(auto_points), f"{nb_id}: solution scored {score}"


def test_untouched_release_scores_zero(graded_course) -> None:
    content, roots, _ = graded_course
    root = roots["blank"]
    for assignment in content.assignments:
        language = CHECKED_IN_FULL
        nb_id, name = assignment.nbgrader_id(language), assignment.notebook_name(language)
        assert _autograded_score(root, nb_id, name, "blank") == 0, nb_id


def test_partial_submission_gets_the_first_part_only(graded_course) -> None:
    content, roots, _ = graded_course
    root = roots["partial"]
    for assignment in content.assignments:
        language = CHECKED_IN_FULL
        nb_id, name = assignment.nbgrader_id(language), assignment.notebook_name(language)
        source = nbformat.read(root / "source" / nb_id / f"{name}.ipynb", as_version=4)
        first_id = _cells(source, solution=True, grade=False)[0].metadata["nbgrader"]["grade_id"]
        expected = sum(c.metadata["nbgrader"]["points"] for c in _cells(source, grade=True,
                                                                           solution=False)
                       if c.metadata["nbgrader"]["grade_id"].startswith(first_id + "_"))
        assert 0 < expected < assignment.points, nb_id
        assert _autograded_score(root, nb_id, name, "partial") == pytest.approx(expected), nb_id


def test_hidden_tests_are_absent_from_the_release(graded_course) -> None:
    content, roots, _ = graded_course
    root = roots["solution"]
    for assignment, language in _versions(content):
        nb_id, name = assignment.nbgrader_id(language), assignment.notebook_name(language)
        source = nbformat.read(root / "source" / nb_id / f"{name}.ipynb", as_version=4)
        released = (root / "release" / nb_id / f"{name}.ipynb").read_text(encoding="utf-8")
        hidden = _hidden_lines(source)
        assert hidden, f"{nb_id}: expected hidden tests"
        for line in hidden:
            assert line not in released, f"{nb_id}: hidden test leaked: {line}"
        assert "BEGIN SOLUTION" not in released and "HIDDEN TESTS" not in released
