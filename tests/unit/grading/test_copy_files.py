"""Copying a submission's files never follows a link the student planted."""

from __future__ import annotations

from pathlib import Path

from grading.record import copy_regular_files


def test_links_are_skipped_and_regular_files_copied(tmp_path: Path) -> None:
    secret_dir = tmp_path / "course"
    secret_dir.mkdir()
    (secret_dir / "gradebook.db").write_text("secret")
    submitted = tmp_path / "submitted"
    (submitted / "data").mkdir(parents=True)
    (submitted / "data" / "orbits.csv").write_text("ISS,400\n")
    (submitted / "notes.ipynb").write_text("{}")
    (submitted / "timestamp.txt").write_text("2026-11-01")
    (submitted / "gradebook.db").symlink_to(secret_dir / "gradebook.db")
    (submitted / "course").symlink_to(secret_dir)
    destination = tmp_path / "scratch"
    copy_regular_files(submitted, destination, skip_notebooks=True,
                       skip_names=frozenset({"timestamp.txt"}))
    copied = sorted(str(p.relative_to(destination)) for p in destination.rglob("*"))
    assert copied == ["data", "data/orbits.csv"]
    assert (destination / "data" / "orbits.csv").read_text() == "ISS,400\n"
