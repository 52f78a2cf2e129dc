"""TLE parsing: the shipped CelesTrak snapshots, layout and checksum errors, mixed files."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from telemetry.errors import ElementSetError
from telemetry.snapshots import SNAPSHOT_DIR
from telemetry.tle import parse_tle_record, parse_tle_text, tle_checksum

# ISS (ZARYA): the first record of celestrak_stations_20260530T2250Z.tle (real data, CRLF).
ISS_NAME, ISS_1, ISS_2 = (SNAPSHOT_DIR / "celestrak_stations_20260530T2250Z.tle").read_text(
    "ascii").splitlines()[:3]


def test_snapshot_counts_match_provenance() -> None:
    """PROVENANCE.md: 25 stations, 93 cubesats, 12,806 active objects, no bad checksums."""
    for name, count in (("celestrak_stations_20260530T2250Z.tle", 25),
                        ("celestrak_cubesat_20251106.tle", 93),
                        ("celestrak_active_20250927T1819Z.tle", 12806)):
        result = parse_tle_text((SNAPSHOT_DIR / name).read_text(encoding="ascii"), name)
        assert len(result.records) == count
        assert result.errors == ()


def test_iss_fields_from_real_record() -> None:
    record = parse_tle_record(ISS_NAME, ISS_1, ISS_2, source="stations")
    assert record.name == "ISS (ZARYA)"
    assert record.norad_id == 25544
    assert record.intl_designator == "1998-067A"
    assert record.inclination_deg == 51.6337
    assert record.eccentricity == pytest.approx(0.0007245)
    assert record.bstar_per_earth_radius == pytest.approx(0.21767e-3)
    assert record.mean_motion_rev_per_day == 15.49496548
    # Day 150.51748228 of 2026 = 30 May, 12:25:10.469 UTC (1 us rounding).
    expected = datetime(2026, 5, 30, 12, 25, 10, 468992, tzinfo=UTC)
    assert abs((record.epoch - expected).total_seconds()) < 2e-6
    assert record.period_min == pytest.approx(92.93, abs=0.01)


def test_checksum_of_real_lines() -> None:
    assert tle_checksum(ISS_1) == int(ISS_1[68])
    assert tle_checksum(ISS_2) == int(ISS_2[68])


def test_bad_checksum_names_line_and_source() -> None:
    bad = ISS_2[:68] + str((int(ISS_2[68]) + 1) % 10)
    text = "\n".join([ISS_NAME, ISS_1, bad])
    result = parse_tle_text(text, "stations.txt")
    assert result.records == ()
    (error,) = result.errors
    assert isinstance(error, ValueError)
    assert error.line == 3 and error.source == "stations.txt" and error.index == 0
    assert "checksum" in str(error) and "stations.txt" in str(error)
    assert "2 25544" in str(error)


def test_two_line_and_three_line_forms_agree() -> None:
    three = parse_tle_text("\r\n".join([ISS_NAME, ISS_1, ISS_2]) + "\r\n")
    two = parse_tle_text("\n".join([ISS_1, ISS_2]))
    assert two.records[0].name == "25544"  # no name line: the catalogue number stands in
    assert replace(two.records[0], name="ISS (ZARYA)") == three.records[0]


def test_good_records_survive_bad_neighbours() -> None:
    """A record whose line 1 was cut short, and a stray line 2, between two good records."""
    text = "\n".join([
        ISS_NAME, ISS_1, ISS_2,
        "BROKEN", ISS_1[:40],
        ISS_2,
        ISS_2,
        "0 ISS AGAIN", ISS_1, ISS_2,
    ])
    result = parse_tle_text(text, "mixed.tle")
    assert [r.name for r in result.records] == ["ISS (ZARYA)", "ISS AGAIN"]
    assert [e.line for e in result.errors] == [5, 7]
    assert "40 characters" in str(result.errors[0])
    assert "without a line 1" in str(result.errors[1])


def test_column_error_reports_the_field() -> None:
    # Letters in the inclination columns (9-16), checksum recomputed so only the field is bad.
    body = ISS_2[:8] + "  5X.633" + ISS_2[16:68]
    line2 = body + str(tle_checksum(body))
    with pytest.raises(ElementSetError, match="inclination") as info:
        parse_tle_record("X", ISS_1, line2, source="f.tle", line_no=7)
    assert info.value.line == 8


def test_satellite_number_mismatch() -> None:
    body = ISS_2[:2] + "25545" + ISS_2[7:68]
    with pytest.raises(ElementSetError, match="catalogue numbers differ"):
        parse_tle_record("X", ISS_1, body + str(tle_checksum(body)))


def test_alpha5_catalogue_number() -> None:
    """Alpha-5 ('T0000' = 270000), the TLE form of six-digit numbers."""
    b1 = ISS_1[:2] + "T0000" + ISS_1[7:68]
    b2 = ISS_2[:2] + "T0000" + ISS_2[7:68]
    record = parse_tle_record("", b1 + str(tle_checksum(b1)), b2 + str(tle_checksum(b2)))
    assert record.norad_id == 270000
