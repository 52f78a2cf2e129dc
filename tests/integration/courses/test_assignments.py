"""Every assignment of every course, in every language, through real nbgrader: generate, then
autograde three submissions (the solution, the untouched release, and a partly correct one).

Each language version is its own nbgrader assignment (``<id>-<lang>``, see curriculum.content).
The versions of a course are dealt round-robin to ``ROOTS`` temporary course directories that run
side by side (two cores); in each, one ``nbgrader`` call per step handles all its versions
(``"*"``), so the app starts twice per root rather than once per notebook. Plain
``nbgrader autograde`` (a local kernel), not the academy's sandboxed grader.

What "right" means here, for every language version of every assignment:
* the solution gets every autograded point (its tests cite their references in the notebooks);
* the untouched release gets 0 autograded points (every answer cell raises NotImplementedError);
* "partial" answers only the first part: it gets exactly the points of that part's test cells
  (grade ids ``<first solution id>_*``), no more, no less, and that expected score is the same in
  every language (translations change text only: same cells, grade ids and points);
* no line of a ``### BEGIN HIDDEN TESTS`` block survives into the release.
Checks collect every failing version before asserting, so one message lists all of them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from curriculum.content import Assignment, CourseContent, load_course_content_file

PROJECT_ROOT = Path(__file__).resolve().parents[3]
COURSES_DIR = PROJECT_ROOT / "courses"
COURSE_FILES = sorted(COURSES_DIR.glob("*/course.toml"))
STUDENTS = ("solution", "blank", "partial")
ROOTS = 2
"""Course directories graded in parallel per course (one per core)."""

pytestmark = pytest.mark.slow


def _nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    # nbgrader runs `alembic` (gradebook migrations) from PATH: put the venv's bin first.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    # Kernels over Unix sockets, as the academy's grading runner has them: two roots are graded
    # at once, and TCP ports picked by one nbgrader can be taken by the other's kernel before
    # it binds them ("ZMQError: Address already in use", seen once in CI).
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--force",
                             "--KernelManager.transport=ipc",
                             # absolute: the kernel runs in the notebook's directory, not root
                             f"--KernelManager.ip={root.resolve() / 'kernel-ipc'}"], cwd=root,
                            capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, f"nbgrader {args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _cells(notebook: nbformat.NotebookNode, **flags: bool) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells
            if all(cell.metadata.get("nbgrader", {}).get(k, False) == v for k, v in flags.items())]


def _hidden_lines(notebook: nbformat.NotebookNode) -> set[str]:
    """Every non-blank line inside a hidden-tests block that does not also appear, outside such a
    block, anywhere in the notebook (a line the release may legitimately show)."""
    hidden: set[str] = set()
    visible: set[str] = set()
    for cell in notebook.cells:
        inside = False
        for line in cell.source.splitlines():
            if "### BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "### END HIDDEN TESTS" in line:
                inside = False
            elif line.strip():
                (hidden if inside else visible).add(line.strip())
    return hidden - visible


def _partial(source: nbformat.NotebookNode, release: nbformat.NotebookNode
             ) -> nbformat.NotebookNode:
    """The release with only the first solution cell answered (taken from the source)."""
    first = _cells(source, solution=True, grade=False)[0]
    grade_id = first.metadata["nbgrader"]["grade_id"]
    partial = nbformat.from_dict(json.loads(json.dumps(release)))
    answered = 0
    for cell in partial.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = first.source
            answered += 1
    assert answered == 1, f"release has {answered} cells with grade id {grade_id!r}"
    return partial


def _versions(content: CourseContent):
    for assignment in content.assignments:
        for language in assignment.languages:
            yield assignment, language


Version = tuple[Assignment, str]


@dataclass
class GradedCourse:
    content: CourseContent
    roots: dict[str, Path]
    """nbgrader id -> the course directory that generated and graded that version."""
    seconds: float

    def notebook(self, assignment: Assignment, language: str, step: str
                 ) -> nbformat.NotebookNode:
        """The ``source`` or ``release`` notebook of one version."""
        nb_id = assignment.nbgrader_id(language)
        path = self.roots[nb_id] / step / nb_id / f"{assignment.notebook_name(language)}.ipynb"
        return nbformat.read(path, as_version=4)

    def score(self, assignment: Assignment, language: str, student: str) -> float:
        """Autograded (code cell) points of one student's submission of one version."""
        from nbgrader.api import Gradebook

        nb_id = assignment.nbgrader_id(language)
        with Gradebook(f"sqlite:///{self.roots[nb_id] / 'gradebook.db'}") as gradebook:
            submission = gradebook.find_submission_notebook(
                assignment.notebook_name(language), nb_id, student)
            return sum(grade.score for grade in submission.grades if grade.cell_type == "code")


def _course_root(base: Path, content: CourseContent, versions: list[Version]) -> Path:
    """A temporary nbgrader course directory holding the source of ``versions``."""
    base.mkdir()
    (base / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(base)!r}\n"
        f"c.CourseDirectory.course_id = {content.course.id!r}\n"
        "c.ExecutePreprocessor.timeout = 60\n", encoding="utf-8")
    for assignment, language in versions:
        target = base / "source" / assignment.nbgrader_id(language)
        shutil.copytree(assignment.source_notebook(language).parent, target)
    return base


def _grade(root: Path, versions: list[Version]) -> None:
    """generate_assignment, submit every student's notebook of each version, autograde."""
    _nbgrader(root, "generate_assignment", "*")
    for assignment, language in versions:
        name = assignment.notebook_name(language) + ".ipynb"
        nb_id = assignment.nbgrader_id(language)
        source = nbformat.read(root / "source" / nb_id / name, as_version=4)
        release = nbformat.read(root / "release" / nb_id / name, as_version=4)
        notebooks = {"solution": source, "blank": release, "partial": _partial(source, release)}
        for student in STUDENTS:
            folder = root / "submitted" / student / nb_id
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebooks[student], folder / name)
    _nbgrader(root, "autograde", "*")


@pytest.fixture(scope="module", params=COURSE_FILES, ids=lambda p: p.parent.name)
def graded_course(request, tmp_path_factory) -> GradedCourse:
    """Generate and autograde every language version of every assignment of one course.

    The versions are dealt round-robin to ``ROOTS`` course directories graded side by side
    (en/tr courses: English in one, Turkish in the other; orbits: three languages in each).
    """
    content = load_course_content_file(request.param)
    base = tmp_path_factory.mktemp(content.course.id)
    versions = list(_versions(content))
    shares = [versions[i::ROOTS] for i in range(ROOTS) if versions[i::ROOTS]]
    roots = [_course_root(base / f"root{i}", content, share) for i, share in enumerate(shares)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=ROOTS) as pool:
        for job in [pool.submit(_grade, root, share) for root, share in zip(roots, shares,
                                                                            strict=True)]:
            job.result()
    owner = {assignment.nbgrader_id(language): root
             for root, share in zip(roots, shares, strict=True) for assignment, language in share}
    return GradedCourse(content, owner, time.perf_counter() - started)


def _code_points(cells: list[nbformat.NotebookNode]) -> float:
    return sum(c.metadata["nbgrader"]["points"] for c in cells)


def test_course_declares_assignments(graded_course) -> None:
    content = graded_course.content
    minimum = {"orbits": 3, "cubesat-design": 2, "propulsion": 2, "cansat": 1}
    assert len(content.assignments) >= minimum.get(content.course.id, 0)
    for assignment in content.assignments:
        assert {"en", "tr"} <= set(assignment.languages), assignment.id
        if content.course.id == "orbits":
            assert set(assignment.languages) == {"en", "tr", "kk", "uz", "az", "ky"}


def test_solution_gets_full_marks_and_points_match_course_toml(graded_course) -> None:
    content = graded_course.content
    count = len(graded_course.roots) * len(STUDENTS)
    print(f"\n{content.course.id}: generate + autograde {count} notebooks "
          f"({len(graded_course.roots)} versions x {len(STUDENTS)} submissions) "
          f"in {graded_course.seconds:.1f} s")
    failures = []
    for assignment, language in _versions(content):
        nb_id = assignment.nbgrader_id(language)
        source = graded_course.notebook(assignment, language, "source")
        tests = _cells(source, grade=True, solution=False)
        manual = _cells(source, grade=True, solution=True)
        auto_points = _code_points(tests)
        if len(tests) < 3:
            failures.append(f"{nb_id}: partial credit needs several graded test cells")
        if not manual or any(c.cell_type != "markdown" for c in manual):
            failures.append(f"{nb_id}: needs a manually graded written answer")
        if auto_points + _code_points(manual) != pytest.approx(assignment.points):
            failures.append(f"{nb_id}: points add up to {auto_points + _code_points(manual)}, "
                            f"course.toml says {assignment.points}")
        score = graded_course.score(assignment, language, "solution")
        if score != pytest.approx(auto_points):
            failures.append(f"{nb_id}: solution scored {score} of {auto_points}")
    assert not failures, "\n".join(failures)


def test_untouched_release_scores_zero(graded_course) -> None:
    failures = []
    for assignment, language in _versions(graded_course.content):
        score = graded_course.score(assignment, language, "blank")
        if score != 0:
            failures.append(f"{assignment.nbgrader_id(language)}: untouched release scored "
                            f"{score}")
    assert not failures, "\n".join(failures)


def test_partial_submission_gets_the_first_part_only(graded_course) -> None:
    failures = []
    reference: dict[str, tuple[str, str, list[tuple[str, float]]]] = {}
    for assignment, language in _versions(graded_course.content):
        nb_id = assignment.nbgrader_id(language)
        source = graded_course.notebook(assignment, language, "source")
        first_id = _cells(source, solution=True, grade=False)[0].metadata["nbgrader"]["grade_id"]
        tests = _cells(source, grade=True, solution=False)
        first_part = [c for c in tests
                      if c.metadata["nbgrader"]["grade_id"].startswith(first_id + "_")]
        expected = _code_points(first_part)
        # the same part, test cells and points in every language (only text is translated)
        shape = (first_id, [(c.metadata["nbgrader"]["grade_id"],
                             c.metadata["nbgrader"]["points"]) for c in tests])
        first_language, *first_shape = reference.setdefault(assignment.id, (language, *shape))
        if list(shape) != first_shape:
            failures.append(f"{nb_id}: first part / test cells {shape} differ from "
                            f"{first_language}'s {tuple(first_shape)}")
        if not 0 < expected < _code_points(tests):
            failures.append(f"{nb_id}: the first part is worth {expected} of "
                            f"{_code_points(tests)} autograded points")
        score = graded_course.score(assignment, language, "partial")
        if score != pytest.approx(expected):
            part_ids = [c.metadata["nbgrader"]["grade_id"] for c in first_part]
            failures.append(f"{nb_id}: partial submission scored {score}, expected {expected} "
                            f"(test cells {part_ids})")
    assert not failures, "\n".join(failures)


def test_hidden_tests_are_absent_from_the_release(graded_course) -> None:
    failures = []
    for assignment, language in _versions(graded_course.content):
        nb_id = assignment.nbgrader_id(language)
        source = graded_course.notebook(assignment, language, "source")
        release = graded_course.notebook(assignment, language, "release")
        released = {line.strip() for cell in release.cells for line in cell.source.splitlines()}
        hidden = _hidden_lines(source)
        if not hidden:
            failures.append(f"{nb_id}: expected hidden tests")
        failures += [f"{nb_id}: hidden test leaked: {line}" for line in sorted(hidden & released)]
        text = "\n".join(cell.source for cell in release.cells)
        if "BEGIN SOLUTION" in text or "HIDDEN TESTS" in text:
            failures.append(f"{nb_id}: solution or hidden-test markers in the release")
        if [c.metadata["nbgrader"]["grade_id"] for c in _cells(release, grade=True)] != [
                c.metadata["nbgrader"]["grade_id"] for c in _cells(source, grade=True)]:
            failures.append(f"{nb_id}: the release lost or reordered graded cells")
    assert not failures, "\n".join(failures)
