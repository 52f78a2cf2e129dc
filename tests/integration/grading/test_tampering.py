"""Tampering submissions: wrong answers plus code that tries to make the tests pass anyway.

When test cells ran in the same kernel as the student's answers, an answer cell could change
what the tests rely on: ``math.isclose``, builtins, the names a test looks up, IPython's own
machinery (input transformers, traceback display, the kernel's message sending), or modules
the kernel imports later from its working directory. Against that grader 33 of these 40
techniques scored points and one stopped the run for every student (checked on the commit
before grading/judge/). Tests now run in a separate clean process (grading/README.md); every
tampering entry of ``tests/data/grading/tampering.json`` has only wrong answers, so anything
above zero points is a technique that beat the grader. The honest entries (everything right,
first part right) show the harness itself grades correctly: their expected points come from the
shipped source notebook's nbgrader metadata, never from numbers written here.

One real grading run per shipped assignment (English version), all of its entries in it:
real ``nbgrader generate_assignment`` and collect, real sandboxed kernels and test processes
(bubblewrap, per-slot accounts: run as root), small limits. Per assignment the honest scores are
checked before the tampering ones, so ``-x`` still shows whether the harness is sound. Entries
marked ``isolated`` once made the grader itself raise (which stopped the run for every student),
so each is graded in a small run of its own beside an honest submission.
"""

from __future__ import annotations

import datetime
import json
import os
import py_compile
import shutil
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from foundation.config.grading import GradingConfig
from grading import GradingRun, grade_assignment

pytestmark = pytest.mark.slow

PROJECT_ROOT = Path(__file__).resolve().parents[3]
TAMPERING_FILE = PROJECT_ROOT / "tests" / "data" / "grading" / "tampering.json"
LIMITS = dict(workers=2, cpu_time_s=10, wall_time_s=60, memory_mb=2048, max_processes=64,
              output_limit_bytes=256 * 1024)
"""Generous enough that no honest notebook comes near a limit: a tampering entry must lose
its points because its tests fail, not because its kernel was stopped."""
DUE_UTC = datetime.datetime(2026, 11, 1, 12, 0, 0)
"""Due date of every generated assignment (naive UTC, as nbgrader stores it); all entries are
handed in before it, so no late penalty is involved."""

DATA = json.loads(TAMPERING_FILE.read_text())
ASSIGNMENTS: dict[str, dict[str, str]] = DATA["assignments"]


@dataclass(frozen=True)
class GradedAssignment:
    """One grading run over every entry of one assignment, and what each entry must score."""

    key: str
    run: GradingRun
    entries: dict[str, dict]
    expected: dict[str, float]


def points_by_answer(nb: nbformat.NotebookNode) -> dict[str | None, float]:
    """Points of the autograded tests of each answer cell, by the answer's grade_id.

    Tests are the code cells with ``grade`` and not ``solution``; each belongs to the answer
    cell before it (the layout of every shipped assignment: answer, visible test, hidden test).
    """
    points: dict[str | None, float] = {}
    answer: str | None = None
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code":
            continue
        if meta.get("solution"):
            answer = meta["grade_id"]
            points.setdefault(answer, 0.0)
        elif meta.get("grade"):
            points[answer] = points.get(answer, 0.0) + float(meta.get("points", 0.0))
    return points


def expected_points(entry: dict, points: dict[str | None, float]) -> float:
    """What ``entry`` must score: 0 for tampering, else all points or the solved parts'."""
    expect = entry["expect"]
    if expect == "all":
        return sum(points.values())
    if isinstance(expect, dict):
        return sum(points[answer] for answer in expect["solved"])
    return float(expect)


def generate_course(course_dir: Path, course_id: str, assignment: str, source: Path,
                    generate) -> Path:
    """A fresh nbgrader course holding one shipped assignment, generated and due (``generate``
    is the grading conftest's ``generate_assignment``); returns the released notebook."""
    shutil.copytree(source, course_dir / "source" / assignment)
    (course_dir / "nbgrader_config.py").write_text(
        f"c = get_config()  # noqa: F821\nc.CourseDirectory.course_id = {course_id!r}\n")
    generate(course_dir, course_id, assignment, DUE_UTC)
    (released,) = (course_dir / "release" / assignment).glob("*.ipynb")
    return released


def build_notebook(released: Path, cells: dict[str, str]) -> str:
    """The released notebook with the entry's source in the cells it names (by grade_id)."""
    nb = nbformat.read(str(released), as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in cells:
            cell.source = cells[grade_id]
    return nbformat.writes(nb)


def unchecked_bytecode(source: str, name: str) -> bytes:
    """A .pyc of ``source`` that Python loads without checking it against any source file."""
    with tempfile.TemporaryDirectory() as scratch:
        source_path = Path(scratch) / "module.py"
        source_path.write_text(source)
        pyc = Path(scratch) / "module.pyc"
        py_compile.compile(str(source_path), cfile=str(pyc), dfile=name, doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
        return pyc.read_bytes()


def submit(exchange: Path, course_id: str, assignment: str, notebook_name: str,
           entry: dict) -> None:
    """Put ``entry`` in the exchange inbound, laid out as ``nbgrader submit`` does (as in the
    grading conftest's ``submit_to_exchange``), handed in five hours before the due date."""
    stamp = (DUE_UTC - datetime.timedelta(hours=5)).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    inbound = (exchange / course_id / "inbound"
               / f"{entry['student']}+{assignment}+{stamp}+x{os.getpid()}")
    inbound.mkdir(parents=True)
    (inbound / notebook_name).write_text(entry["notebook"])
    for name, content in entry.get("files", {}).items():
        (inbound / name).parent.mkdir(parents=True, exist_ok=True)
        (inbound / name).write_text(content)
    cache_tag = sys.implementation.cache_tag
    for name, source in entry.get("compiled", {}).items():
        target = inbound / name.replace("{cache_tag}", cache_tag)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(unchecked_bytecode(source, Path(name).stem.split(".")[0] + ".py"))
    (inbound / "timestamp.txt").write_text(stamp)
    (inbound / "submission_secret.txt").write_text(uuid.uuid4().hex)


def grade_entries(key: str, entries: list[dict], root: Path, generate) -> GradedAssignment:
    """A fresh course of assignment ``key`` under ``root``, ``entries`` submitted to its
    exchange and graded in one run."""
    spec = ASSIGNMENTS[key]
    course_dir = root / spec["course"]
    released = generate_course(course_dir, spec["course"], spec["assignment"],
                               PROJECT_ROOT / spec["source"], generate)
    (source,) = (course_dir / "source" / spec["assignment"]).glob("*.ipynb")
    points = points_by_answer(nbformat.read(str(source), as_version=4))
    by_student = {entry["student"]: entry for entry in entries}
    assert len(by_student) == len(entries), f"duplicate student ids in {TAMPERING_FILE.name}"
    exchange = root / "exchange"
    for entry in entries:
        submit(exchange, spec["course"], spec["assignment"], released.name,
               {**entry, "notebook": build_notebook(released, entry["cells"])})
    run = grade_assignment(course_dir, spec["assignment"], exchange=exchange, progress=False,
                           config=GradingConfig(**LIMITS))
    expected = {student: expected_points(entry, points) for student, entry in by_student.items()}
    return GradedAssignment(key=key, run=run, entries=by_student, expected=expected)


def entries_of(key: str, *, isolated: bool) -> list[dict]:
    """The entries of assignment ``key`` that are (or are not) graded in a run of their own."""
    return [entry for entry in DATA["submissions"]
            if entry["assignment"] == key and entry.get("isolated", False) == isolated]


@pytest.fixture(scope="module", params=sorted(ASSIGNMENTS))
def graded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           nbgrader_generate) -> GradedAssignment:
    """Every entry of one assignment (but the isolated ones) submitted and graded in one run."""
    key = request.param
    return grade_entries(key, entries_of(key, isolated=False),
                         tmp_path_factory.mktemp(f"tampering-{key}"), nbgrader_generate)


def test_every_entry_was_graded_against_the_full_notebook(graded: GradedAssignment) -> None:
    """Each entry was graded once, out of all the test points of the source notebook."""
    results = graded.run.by_student()
    assert sorted(results) == sorted(graded.entries)
    honest_full = [s for s, e in graded.entries.items() if e["expect"] == "all"]
    assert honest_full, f"{graded.key} has no honest full-marks entry"
    for student in results:
        assert results[student].max_auto_score == graded.expected[honest_full[0]], student


def test_honest_submissions_get_exactly_their_points(graded: GradedAssignment) -> None:
    """If these are wrong, the harness (not the grader's defences) is broken."""
    results = graded.run.by_student()
    wrong = {student: (results[student].auto_score, graded.expected[student],
                       results[student].reasons)
             for student, entry in graded.entries.items()
             if entry["kind"] == "honest"
             and results[student].auto_score != graded.expected[student]}
    assert not wrong, f"honest submissions of {graded.key}: (got, expected, reasons) {wrong}"


def test_no_tampering_submission_scores_any_point(graded: GradedAssignment) -> None:
    """Every tampering entry answers wrongly; any point it gets is the technique's doing."""
    results = graded.run.by_student()
    winners = sorted(
        (f"{student} [{entry['technique']}]: {results[student].auto_score:g}"
         f" of {results[student].max_auto_score:g}")
        for student, entry in graded.entries.items()
        if entry["kind"] == "tampering" and results[student].auto_score > 0)
    if winners:
        pytest.fail(f"{len(winners)} tampering techniques scored points on {graded.key}:\n"
                    + "\n".join(winners), pytrace=False)


ISOLATED = [entry for entry in DATA["submissions"] if entry.get("isolated")]


@pytest.mark.parametrize("entry", ISOLATED, ids=[entry["student"] for entry in ISOLATED])
def test_an_isolated_entry_neither_stops_the_run_nor_scores(
        entry: dict, tmp_path_factory: pytest.TempPathFactory, nbgrader_generate) -> None:
    """Entries that once made the grader itself raise, graded beside an honest submission:
    the run must finish, the entry score 0 and the honest one all its points."""
    key = entry["assignment"]
    honest = [e for e in entries_of(key, isolated=False) if e["expect"] == "all"]
    try:
        graded = grade_entries(key, [entry, *honest],
                               tmp_path_factory.mktemp(f"isolated-{entry['student']}"),
                               nbgrader_generate)
    except Exception as error:  # the point: nothing may escape the run
        pytest.fail(f"{entry['student']} [{entry['technique']}] stopped the whole grading run: "
                    f"{type(error).__name__}: {error}", pytrace=False)
    scores = {r.student: r.auto_score for r in graded.run.results}
    assert scores == graded.expected
