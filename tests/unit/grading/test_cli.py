"""`academy grade` / `academy export-grades` argument parsing and course lookup."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from grading.cli import add_commands, resolve_course_dir, run_export, run_grade
from grading.errors import CourseNotFoundError


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="academy")
    add_commands(root.add_subparsers(dest="command", required=True))
    return root


def test_grade_command_options() -> None:
    args = parser().parse_args(["grade", "orbits", "a1", "--workers", "3", "--student", "ada",
                                "--student", "bob", "--no-feedback", "--no-progress"])
    assert (args.course, args.assignment, args.workers) == ("orbits", "a1", 3)
    assert args.student == ["ada", "bob"] and args.no_feedback and args.no_progress
    assert args.exchange is None and args.func is run_grade


def test_export_command() -> None:
    args = parser().parse_args(["export-grades", "orbits", "a1", "--output", "/tmp/x"])
    assert args.func is run_export and args.output == "/tmp/x"


def test_course_is_a_directory_or_a_name_in_the_courses_dir(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    (tmp_path / "orbits").mkdir()
    monkeypatch.setenv("ACADEMY_COURSES_DIR", str(tmp_path))
    assert resolve_course_dir("orbits") == tmp_path / "orbits"
    assert resolve_course_dir(str(tmp_path / "orbits")) == tmp_path / "orbits"
    with pytest.raises(CourseNotFoundError, match="'propulsion'"):
        resolve_course_dir("propulsion")
