"""Links a student plants in the world-writable exchange inbound are removed before collect."""

from __future__ import annotations

from pathlib import Path

from grading.collect import remove_planted_links


def test_links_are_removed_and_their_targets_kept(tmp_path: Path) -> None:
    source = tmp_path / "course" / "source" / "a1"
    source.mkdir(parents=True)
    (source / "circular_orbits.ipynb").write_text("instructor solution")
    inbound = tmp_path / "exchange" / "orbits" / "inbound"
    honest = inbound / "ada+a1+2026-11-01 10:00:00.000000 UTC+r1"
    honest.mkdir(parents=True)
    (honest / "circular_orbits.ipynb").write_text("{}")
    sneaky = inbound / "eve+a1+2026-11-01 10:00:00.000000 UTC+r2"
    (sneaky / "sub").mkdir(parents=True)
    (sneaky / "circular_orbits.ipynb").symlink_to(source / "circular_orbits.ipynb")
    (sneaky / "sub" / "gradebook.db").symlink_to(tmp_path / "course" / "gradebook.db")
    whole = inbound / "mal+a1+2026-11-01 10:00:00.000000 UTC+r3"
    whole.symlink_to(source, target_is_directory=True)
    other_assignment = inbound / "eve+a2+2026-11-01 10:00:00.000000 UTC+r4"
    other_assignment.symlink_to(source, target_is_directory=True)

    removed = remove_planted_links(tmp_path / "exchange", "orbits", "a1")

    assert sorted(p.name for p in removed) == ["circular_orbits.ipynb", "gradebook.db",
                                               whole.name]
    assert (source / "circular_orbits.ipynb").read_text() == "instructor solution"
    assert (honest / "circular_orbits.ipynb").is_file()
    assert not whole.exists() and other_assignment.is_symlink()
