"""Build the notebooks of every course from their jupytext MyST sources, or check they are in sync.

Authors edit Markdown (``.md``, jupytext MyST format): it diffs line by line and reviews like
prose. Students open notebooks, so the ``.ipynb`` files are generated from the sources and
committed next to them. Two kinds of source:

* ``courses/<id>/lessons/<lesson>.<lang>.md`` -> ``lessons/<lesson>.<lang>.ipynb`` (no outputs;
  students run the cells themselves);
* ``courses/<id>/authoring/<assignment>.<lang>.md`` -> the nbgrader *source* notebook
  ``courses/<id>/source/<assignment>-<lang>/<assignment>.<lang>.ipynb``. Authoring files stay
  outside ``source/`` because nbgrader releases every file of a source folder, and the MyST
  file contains the solutions.

In an assignment source a cell is marked for nbgrader with one short option, turned into
nbgrader's cell metadata (schema version 3) here::

    ```{code-cell} ipython3
    :nb: solution circular_speed            <- answer cell (BEGIN/END SOLUTION inside)
    ```
    ```{code-cell} ipython3
    :nb: test circular_speed_test 2         <- autograded test cell worth 2 points
    ```
    +++ {"nb": "manual why_faster 2"}        <- written answer, graded by hand, 2 points
    +++ {"nb": "readonly intro"}             <- locked instructions

Usage::

    python courses/tools/build_notebooks.py           # (re)write every notebook
    python courses/tools/build_notebooks.py --check   # exit 1 listing notebooks out of sync
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat

COURSES_DIR = Path(__file__).resolve().parent.parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _nbgrader_metadata(spec: str, source: str) -> dict:
    """``"test speed_test 2"`` -> nbgrader cell metadata; ValueError naming the bad spec."""
    parts = spec.split()
    kind, grade_id = (parts + ["", ""])[:2]
    points = float(parts[2]) if len(parts) > 2 else 0.0
    base = {"grade_id": grade_id, "schema_version": 3, "task": False}
    if not grade_id:
        raise ValueError(f"nbgrader spec {spec!r} needs a grade id")
    if kind == "solution":
        return {**base, "grade": False, "solution": True, "locked": False}
    if kind in ("test", "manual"):
        if points <= 0:
            raise ValueError(f"nbgrader spec {spec!r} needs positive points")
        return {**base, "grade": True, "solution": kind == "manual", "locked": kind == "test",
                "points": points}
    if kind == "readonly":
        return {**base, "grade": False, "solution": False, "locked": True}
    raise ValueError(f"unknown nbgrader cell kind {kind!r} in {spec!r} (cell: {source[:40]!r})")


def _clean(notebook: nbformat.NotebookNode, *, nbgrader: bool) -> nbformat.NotebookNode:
    """Drop jupytext's pairing metadata (students must not get paired files) and outputs."""
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = {"name": "python"}
    for index, cell in enumerate(notebook.cells):
        spec = cell.metadata.pop("nb", None)
        if nbgrader and spec:
            cell.metadata["nbgrader"] = _nbgrader_metadata(str(spec), cell.source)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell["id"] = f"cell-{index:02d}"
    return notebook


def render(source: Path, *, nbgrader: bool) -> str:
    """The notebook text generated from one MyST source."""
    notebook = jupytext.reads(source.read_text(encoding="utf-8"), fmt="md:myst")
    notebook = _clean(notebook, nbgrader=nbgrader)
    return nbformat.writes(notebook) + "\n"


def targets(courses_dir: Path = COURSES_DIR) -> list[tuple[Path, Path, bool]]:
    """(source, notebook, is_nbgrader) for every MyST source of every course."""
    pairs = []
    for source in sorted(courses_dir.glob("*/lessons/*.md")):
        pairs.append((source, source.with_suffix(".ipynb"), False))
    for source in sorted(courses_dir.glob("*/authoring/*.md")):
        assignment, language = source.stem.rsplit(".", 1)
        notebook = source.parent.parent / "source" / f"{assignment}-{language}" / (
            f"{source.stem}.ipynb")
        pairs.append((source, notebook, True))
    return pairs


def out_of_sync(courses_dir: Path = COURSES_DIR) -> list[Path]:
    """Notebooks that are missing or differ from what their source generates."""
    stale = []
    for source, notebook, nbgrader in targets(courses_dir):
        if not notebook.is_file() or notebook.read_text(encoding="utf-8") != render(
                source, nbgrader=nbgrader):
            stale.append(notebook)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only report stale notebooks")
    args = parser.parse_args(argv)
    if args.check:
        stale = out_of_sync()
        for path in stale:
            print(f"out of sync: {path.relative_to(COURSES_DIR.parent)}")
        return 1 if stale else 0
    for source, notebook, nbgrader in targets():
        notebook.parent.mkdir(parents=True, exist_ok=True)
        notebook.write_text(render(source, nbgrader=nbgrader), encoding="utf-8")
        print(f"wrote {notebook.relative_to(COURSES_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
