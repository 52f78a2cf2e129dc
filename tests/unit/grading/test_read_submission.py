"""Submitted files that are not notebooks are refused with a reason naming the file."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from grading.errors import SubmissionError
from grading.sanitize import read_submitted_notebook


def refused(path: Path) -> SubmissionError:
    with pytest.raises(SubmissionError) as raised:
        read_submitted_notebook(path, "ada", "a1")
    assert raised.value.student == "ada" and raised.value.assignment == "a1"
    assert path.name in str(raised.value)
    return raised.value


@pytest.mark.parametrize(("content", "reason"), [
    ("", "is an empty file"),
    ('{"cells": [oops', "is not valid JSON (Expecting value at line 1, column 12)"),
    ("[1, 2]", "is JSON but not a Jupyter notebook (no 'cells')"),
])
def test_broken_files(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(content)
    assert refused(path).reason == reason


def test_missing_file(tmp_path: Path) -> None:
    assert refused(tmp_path / "nb.ipynb").reason == "was not submitted"


def test_symlink_is_never_followed(tmp_path: Path) -> None:
    secret = tmp_path / "gradebook.db"
    secret.write_text("SQLite format 3 secret")
    link = tmp_path / "nb.ipynb"
    link.symlink_to(secret)
    error = refused(link)
    assert error.reason == "is a symbolic link, not a notebook file"
    assert "secret" not in str(error)


def test_valid_notebook_is_read(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]),
                   str(path))
    assert read_submitted_notebook(path, "ada", "a1").cells[0].source == "1 + 1"
