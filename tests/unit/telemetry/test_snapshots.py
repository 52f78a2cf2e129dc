"""The shipped snapshots: unchanged bytes, provenance on every dataset."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from telemetry.snapshots import (
    load_manifest,
    load_snapshot_elements,
    load_snapshot_frames,
    snapshot_groups,
)


def test_files_are_byte_identical_to_the_recorded_copies() -> None:
    entries = load_manifest()
    assert set(entries) == {"stations", "cubesat", "active", "lightsail2", "cansat_3141"}
    for entry in entries.values():
        assert entry.sha256_matches(), entry.file


def test_element_sets_carry_credit_and_as_of() -> None:
    stations = load_snapshot_elements("stations")
    assert stations.provenance.label() == "CelesTrak, as of 2026-05-30"
    assert stations.provenance.status == "snapshot"
    assert stations.provenance.as_of == datetime(2026, 5, 30, 22, 50, 11, tzinfo=UTC)
    assert load_snapshot_frames("lightsail2").provenance.licence == "CC BY-SA 4.0"
    assert sorted(snapshot_groups()) == ["active", "cubesat", "stations"]


def test_unknown_dataset_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="stations"):
        load_snapshot_elements("weather")


def test_a_misspelt_manifest_key_names_the_dataset_and_the_nearest_key(tmp_path) -> None:
    from telemetry.errors import DataFileError
    from telemetry.snapshots import SNAPSHOT_DIR, load_manifest

    text = (SNAPSHOT_DIR / "manifest.toml").read_text(encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(text.replace("credit =", "credits =", 1))
    with pytest.raises(DataFileError, match=r"datasets\.stations\.credits.*did you mean "
                       r"'credit'"):
        load_manifest(tmp_path)
