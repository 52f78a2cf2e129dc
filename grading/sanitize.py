"""Read a submitted notebook and restore the instructor's cells, in the trusted parent.

nbgrader's sanitizing preprocessors run here, never in the sandbox: ``OverwriteCells`` puts back
the test cells (hidden tests included) from the gradebook, so edited or deleted tests are undone
(``add_missing_cells``), and the result only ever exists in this process's memory until it has
been executed and graded.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode
from nbgrader.nbgraderformat import ValidationError as MetadataError
from nbgrader.nbgraderformat.common import SchemaMismatchError
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    OverwriteCells,
    OverwriteKernelspec,
)
from traitlets.config import Config

from grading.errors import SubmissionError

MAX_NOTEBOOK_BYTES = 32 * 1024 * 1024
"""Larger submitted notebooks are refused before parsing (the parent must not be DoS'd)."""


def read_submitted_notebook(path: Path, student: str, assignment: str) -> NotebookNode:
    """The notebook at ``path``, or :class:`SubmissionError` saying what is wrong with it.

    Symlinks are refused: the grader runs with more rights than the student and must not be
    tricked into reading (and echoing in an error) a file the link points to.
    """
    def refuse(reason: str) -> SubmissionError:
        return SubmissionError(student, assignment, path, reason)

    if path.is_symlink():
        raise refuse("is a symbolic link, not a notebook file")
    if not path.exists():
        raise refuse("was not submitted")
    if not path.is_file():
        raise refuse("is not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise refuse("is an empty file")
    if size > MAX_NOTEBOOK_BYTES:
        raise refuse(f"is {size} bytes, more than the {MAX_NOTEBOOK_BYTES} allowed")
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise refuse(f"is not valid JSON ({error.msg} at line {error.lineno}, column "
                     f"{error.colno})") from None
    if not isinstance(raw, dict) or "cells" not in raw:
        raise refuse("is JSON but not a Jupyter notebook (no 'cells')")
    try:
        return nbformat.reads(text, as_version=4)
    except (nbformat.reader.NotJSONError, nbformat.ValidationError, KeyError,
            TypeError, AttributeError) as error:
        raise refuse(f"is not a valid Jupyter notebook: {error}") from None


def notebook_resources(course_db_url: str, assignment: str, student: str,
                       notebook_id: str) -> ResourcesDict:
    """The ``resources['nbgrader']`` block nbgrader's preprocessors look things up in."""
    resources = ResourcesDict()
    resources["unique_key"] = notebook_id
    resources["nbgrader"] = {"student": student, "assignment": assignment,
                             "notebook": notebook_id, "db_url": course_db_url}
    return resources


def sanitize_notebook(nb: NotebookNode, resources: ResourcesDict, *, student: str,
                      assignment: str, path: Path) -> NotebookNode:
    """``nb`` with outputs cleared and the instructor's cells restored from the gradebook.

    Raises :class:`SubmissionError` when nbgrader rejects the cell metadata (a student who
    hand-edited it into an unknown schema).
    """
    config = Config()
    config.OverwriteCells.add_missing_cells = True
    steps = [ClearOutput(config=config), DeduplicateIds(config=config),
             OverwriteKernelspec(config=config), OverwriteCells(config=config),
             CheckCellMetadata(config=config)]
    try:
        for step in steps:
            nb, resources = step.preprocess(nb, resources)
    except (SchemaMismatchError, MetadataError, KeyError, ValueError) as error:
        raise SubmissionError(student, assignment, path,
                              f"nbgrader cell metadata is broken: {error!r}") from None
    return nb
