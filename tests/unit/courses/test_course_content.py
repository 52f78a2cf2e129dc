"""curriculum.content: the lesson/assignment tables of course.toml, and the shipped courses.

Fast and offline: parses TOML and notebooks, executes nothing (execution and nbgrader runs are in
tests/integration/courses/).
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import nbformat
import pytest

from curriculum.content import load_course_content, load_course_content_file
from curriculum.courses import load_course
from foundation.errors import CourseConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[3]
COURSES_DIR = PROJECT_ROOT / "courses"
COURSE_FILES = sorted(COURSES_DIR.glob("*/course.toml"))

HEADER = """id = "demo"
languages = ["en", "tr"]
[title]
en = "Demo"
[staff]
instructors = ["teacher"]
"""


def _write_course(tmp_path: Path, tables: str) -> Path:
    folder = tmp_path / "demo"
    folder.mkdir()
    path = folder / "course.toml"
    if tables.lstrip().startswith("[") or not tables.strip():
        text = HEADER + tables
    else:  # a top-level key must come before the first table
        text = tables + HEADER
    path.write_text(text, encoding="utf-8")
    return path


def _build_notebooks_module():
    spec = importlib.util.spec_from_file_location(
        "build_notebooks", COURSES_DIR / "tools" / "build_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_valid_tables_become_typed_records(tmp_path: Path) -> None:
    path = _write_course(tmp_path, """
[[lessons]]
id = "01-kepler"
languages = ["en", "tr"]
title.en = "Kepler"
title.tr = "Kepler"

[[assignments]]
id = "a1-orbital-speed"
languages = ["en"]
points = 10
title.en = "Orbital speed"
""")
    content = load_course_content_file(path)
    lesson, = content.lessons
    assert lesson.languages == ("en", "tr")
    assert lesson.notebook_path("tr") == path.parent / "lessons" / "01-kepler.tr.ipynb"
    assert lesson.source_path("en").name == "01-kepler.en.md"
    assignment, = content.assignments
    assert assignment.points == 10.0
    assert assignment.nbgrader_id("en") == "a1-orbital-speed-en"
    assert assignment.source_notebook("en") == (
        path.parent / "source" / "a1-orbital-speed-en" / "a1-orbital-speed.en.ipynb")
    assert [x.id for x in content.lessons_in("tr")] == ["01-kepler"]
    assert content.assignments_in("tr") == []
    assert len(content.missing_files()) == 5  # nothing written yet


def test_a_course_without_tables_has_no_content(tmp_path: Path) -> None:
    content = load_course_content(load_course(_write_course(tmp_path, "")))
    assert content.lessons == () and content.assignments == ()


@pytest.mark.parametrize("tables,field,words", [
    ('[[lessons]]\nid = "kepler"\nlanguages = ["en"]\ntitle.en = "K"\n', "lessons[0].id",
     "01-kepler"),
    ('[[lessons]]\nid = "01-k"\nlanguages = ["en", "kk"]\ntitle.en = "K"\ntitle.kk = "K"\n',
     "lessons[0].languages", "not languages of the course"),
    ('[[lessons]]\nid = "01-k"\nlanguages = ["tr"]\ntitle.tr = "K"\n', "lessons[0].languages",
     "English"),
    ('[[lessons]]\nid = "01-k"\nlanguages = ["en", "tr"]\ntitle.en = "K"\n',
     "lessons[0].title.tr", "required"),
    ('[[lessons]]\nid = "01-k"\nlanguages = ["en"]\ntitle.en = "K"\ntitle.tr = "K"\n',
     "lessons[0].title", "not listed"),
    ('[[lessons]]\nid = "02-b"\nlanguages = ["en"]\ntitle.en = "B"\n'
     '[[lessons]]\nid = "01-a"\nlanguages = ["en"]\ntitle.en = "A"\n', "lessons", "order"),
    ('[[lessons]]\nid = "01-a"\nlanguages = ["en"]\ntitle.en = "A"\n'
     '[[lessons]]\nid = "01-a"\nlanguages = ["en"]\ntitle.en = "A"\n', "lessons", "twice"),
    ('[[assignments]]\nid = "a1-x"\nlanguages = ["en"]\npoints = 0\ntitle.en = "X"\n',
     "assignments[0].points", "positive"),
    ('[[assignments]]\nid = "a1-x"\nlanguages = ["en"]\npoints = true\ntitle.en = "X"\n',
     "assignments[0].points", "positive"),
    ('[[assignments]]\nid = "hw1"\nlanguages = ["en"]\npoints = 5\ntitle.en = "X"\n',
     "assignments[0].id", "a1-orbital-speed"),
    ('lessons = "01-kepler"\n', "lessons", "array of tables"),
])
def test_bad_tables_name_the_field(tmp_path: Path, tables: str, field: str, words: str) -> None:
    path = _write_course(tmp_path, tables)
    with pytest.raises(CourseConfigError) as caught:
        load_course_content_file(path)
    assert caught.value.field == field
    assert words in caught.value.reason
    assert caught.value.path == path


LESSON = '[[lessons]]\nid = "01-k"\nlanguages = ["en"]\ntitle.en = "K"\n'
ASSIGNMENT = '[[assignments]]\nid = "a1-x"\nlanguages = ["en"]\npoints = 5\ntitle.en = "X"\n'


# Issue 23: an unknown key in an entry is an error naming the entry, the key and the nearest one.
@pytest.mark.parametrize("tables,field,suggestion", [
    (LESSON.replace("title.en", "titel.en"), "lessons[0].titel", "title"),
    (LESSON.replace("languages =", "langauges ="), "lessons[0].langauges", "languages"),
    (LESSON + LESSON.replace("01-k", "02-k").replace('"K"\n', '"K"\npoints = 3\n'),
     "lessons[1].points", "'id', 'languages', 'title'"),
    (ASSIGNMENT.replace("points =", "pionts ="), "assignments[0].pionts", "points"),
    (ASSIGNMENT.replace("id =", "idd ="), "assignments[0].idd", "id"),
    (LESSON.replace("[[lessons]]", "[[lesson]]"), "lesson", "lessons"),
    (ASSIGNMENT.replace("[[assignments]]", "[[assignment]]"), "assignment", "assignments"),
])
def test_unknown_entry_key_names_it_and_the_nearest_key(tmp_path: Path, tables: str, field: str,
                                                         suggestion: str) -> None:
    path = _write_course(tmp_path, tables)
    with pytest.raises(CourseConfigError) as caught:
        load_course_content_file(path)
    assert caught.value.path == path and caught.value.field == field
    if suggestion.startswith("'"):  # nothing close: the valid keys are listed
        assert caught.value.reason == f"unknown key; valid keys are {suggestion}"
    else:
        assert caught.value.reason == f"unknown key; did you mean {suggestion!r}?"
    assert str(path) in str(caught.value) and f"field '{field}'" in str(caught.value)


def test_a_misspelt_language_in_an_entry_title_is_caught(tmp_path: Path) -> None:
    path = _write_course(tmp_path, LESSON + 'title.tt = "K"\n')
    with pytest.raises(CourseConfigError) as caught:
        load_course_content_file(path)
    assert caught.value.field == "lessons[0].title" and "['tt']" in caught.value.reason


@pytest.mark.parametrize("course_file", COURSE_FILES, ids=lambda p: p.parent.name)
def test_shipped_course_declares_existing_files(course_file: Path) -> None:
    content = load_course_content_file(course_file)
    assert content.missing_files() == []
    assert {"en", "tr"} <= set(content.course.languages)
    for item in (*content.lessons, *content.assignments):
        assert {"en", "tr"} <= set(item.languages), item.id
    # no stray lesson files that course.toml does not declare (they would reach students)
    declared = {lesson.notebook_path(lang).name for lesson in content.lessons
                for lang in lesson.languages}
    on_disk = {p.name for p in content.course.lessons_dir.glob("*.ipynb")} - {"00-welcome.ipynb"}
    assert on_disk == declared


def test_student_notebooks_pick_one_language_with_english_fallback() -> None:
    content = load_course_content_file(COURSES_DIR / "cansat" / "course.toml")
    kazakh = content.student_notebooks("kk")  # cansat has no Kazakh lessons yet
    assert [p.name for p in kazakh] == ["00-welcome.ipynb", "01-descent-parachute.en.ipynb",
                                        "02-telemetry-ground-station.en.ipynb"]
    orbits = load_course_content_file(COURSES_DIR / "orbits" / "course.toml")
    assert [p.name for p in orbits.student_notebooks("kk")][1:3] == [
        "01-kepler.kk.ipynb", "02-orbital-elements.kk.ipynb"]
    assert all(p.is_file() for p in orbits.student_notebooks("tr"))


def test_minimum_course_content() -> None:
    expected = {"orbits": (5, 3), "cubesat-design": (4, 2), "propulsion": (4, 2), "cansat": (2, 1)}
    for course_id, (lessons, assignments) in expected.items():
        content = load_course_content_file(COURSES_DIR / course_id / "course.toml")
        assert len(content.lessons) >= lessons and len(content.assignments) >= assignments


def test_generated_notebooks_are_in_sync_with_their_myst_sources() -> None:
    build = _build_notebooks_module()
    stale = build.out_of_sync(COURSES_DIR)
    assert stale == [], ("run `python courses/tools/build_notebooks.py` and commit: "
                         f"{[str(p.relative_to(PROJECT_ROOT)) for p in stale]}")


def test_sync_check_notices_an_edited_source(tmp_path: Path) -> None:
    build = _build_notebooks_module()
    lessons = tmp_path / "demo" / "lessons"
    lessons.mkdir(parents=True)
    source = lessons / "01-a.en.md"
    source.write_text("---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n# A\n"
                      "\n```{code-cell} ipython3\nx = 1\n```\n", encoding="utf-8")
    assert build.out_of_sync(tmp_path) == [lessons / "01-a.en.ipynb"]
    (lessons / "01-a.en.ipynb").write_text(build.render(source, nbgrader=False), encoding="utf-8")
    assert build.out_of_sync(tmp_path) == []
    source.write_text(source.read_text(encoding="utf-8").replace("x = 1", "x = 2"),
                      encoding="utf-8")
    assert build.out_of_sync(tmp_path) == [lessons / "01-a.en.ipynb"]


def _lesson_notebooks():
    for course_file in COURSE_FILES:
        content = load_course_content_file(course_file)
        for lesson in content.lessons:
            for language in lesson.languages:
                yield lesson.notebook_path(language)


@pytest.mark.parametrize("path", list(_lesson_notebooks()),
                         ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_lesson_notebook_is_clean_and_credits_its_data(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    assert "jupytext" not in notebook.metadata  # students must not get paired files
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")
    if "load_snapshot" in code:  # real data are shown with their credit and "as of" date
        assert "provenance.label()" in code, path.name
    assert notebook.cells[0].source.startswith("# "), "a lesson starts with its title"


def _assignment_notebooks():
    for course_file in COURSE_FILES:
        content = load_course_content_file(course_file)
        for assignment in content.assignments:
            for language in assignment.languages:
                yield assignment, assignment.source_notebook(language)


@pytest.mark.parametrize("assignment,path", list(_assignment_notebooks()),
                         ids=lambda x: x.stem if isinstance(x, Path) else "")
def test_assignment_source_is_a_valid_nbgrader_notebook(assignment, path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    flags = [c.metadata.get("nbgrader") for c in notebook.cells]
    graded = [f for f in flags if f]
    grade_ids = [f["grade_id"] for f in graded]
    assert len(grade_ids) == len(set(grade_ids)), "grade ids must be unique"
    solutions = [c for c in notebook.cells
                 if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"]
    tests = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")
             and not c.metadata["nbgrader"]["solution"]]
    manual = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")
              and c.metadata["nbgrader"]["solution"]]
    assert solutions and all("### BEGIN SOLUTION" in c.source for c in solutions)
    assert len(tests) >= 3 and all("assert" in c.source for c in tests)
    # every graded test says where its expected number comes from (a comment: source, tolerance)
    assert all(any(line.lstrip().startswith("#") and "BEGIN" not in line and "END" not in line
                   for line in c.source.splitlines()) for c in tests)
    assert any("### BEGIN HIDDEN TESTS" in c.source for c in tests)
    assert manual and all(c.cell_type == "markdown" for c in manual)
    total = sum(c.metadata["nbgrader"]["points"] for c in (*tests, *manual))
    assert total == pytest.approx(assignment.points)
    # exact float comparisons are not allowed in graded tests: tolerances only
    for cell in tests:
        assert "isclose" in cell.source or "< " in cell.source or "==" not in cell.source


class _NoStrings(ast.NodeTransformer):
    """Replaces every string (docstrings, messages, f-strings) by one placeholder."""

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.Constant("") if isinstance(node.value, str) else node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        return ast.Constant("")


def _code_shape(source: str) -> str:
    """A code cell without its comments and text: what a translation must not change."""
    return ast.dump(_NoStrings().visit(ast.parse(source)))


def _assignments():
    for course_file in COURSE_FILES:
        yield from load_course_content_file(course_file).assignments


@pytest.mark.parametrize("assignment", list(_assignments()), ids=lambda a: a.id)
def test_assignment_translations_differ_from_english_in_text_only(assignment) -> None:
    """Every language version has English's cells, nbgrader metadata and code; only Markdown,
    comments and strings are translated. So one partial submission (the first part answered)
    earns the same points in every language (tests/integration/courses/test_assignments.py)."""
    english = nbformat.read(assignment.source_notebook("en"), as_version=4)
    for language in assignment.languages:
        notebook = nbformat.read(assignment.source_notebook(language), as_version=4)
        where = assignment.nbgrader_id(language)
        assert [(c.cell_type, c.id, c.metadata.get("nbgrader")) for c in notebook.cells] == [
            (c.cell_type, c.id, c.metadata.get("nbgrader")) for c in english.cells], where
        for cell, original in zip(notebook.cells, english.cells, strict=True):
            if cell.cell_type == "code":
                assert _code_shape(cell.source) == _code_shape(original.source), (
                    f"{where} {cell.id}: code differs from English beyond comments and text")
