"""CanSat flight CSV reader on the real UCI team 3141 file, and malformed rows.

Reference: /work/shared/data/PROVENANCE.md: 31 packets at 1 Hz, 20 s on LAUNCH_PAD, motor
ignition (gyro saturates, packets 21-24), then ASCENDING to a peak of 441.6 m; telemetry ends
during ascent; GPS 38.2 N, -79.4 E.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from telemetry.cansat import parse_cansat_csv
from telemetry.errors import CanSatRowError
from telemetry.snapshots import SNAPSHOT_DIR, load_snapshot_cansat

TEXT = (SNAPSHOT_DIR / "aas_cansat2025_team3141_uci_Flight_3141.csv").read_text("utf-8")


def test_real_flight() -> None:
    flight = load_snapshot_cansat()
    assert len(flight.packets) == 31 and flight.errors == ()
    assert [p.packet_count for p in flight.packets] == list(range(1, 32))
    # 20 s quiet on the pad, then ignition while the state still reads LAUNCH_PAD: the gyro
    # saturates at 250.1 deg/s in packets 21-24; ASCENDING from packet 25.
    assert sum(p.state == "LAUNCH_PAD" for p in flight.packets) == 24
    assert all(max(map(abs, p.gyro_deg_s)) < 50 for p in flight.packets[:20])
    assert any(250.1 in map(abs, p.gyro_deg_s) for p in flight.packets[20:24])
    assert flight.packets[-1].state == "ASCENDING"
    assert flight.max_altitude_m == pytest.approx(441.6)
    assert flight.packets[0].gps_latitude_deg == 38.2
    assert flight.packets[0].gps_longitude_deg == -79.4
    assert flight.packets[0].extras["PAYLOAD_RELEASED"] == "FALSE"
    assert flight.provenance.label().startswith("UCI CanSat team 3141")


def test_malformed_rows_reported_with_row_numbers() -> None:
    lines = TEXT.splitlines()
    lines[3] = lines[3].replace(",F,", ",Q,", 1)           # row 4: unknown MODE
    lines[5] = ",".join(lines[5].split(",")[:10])            # row 6: cut short
    cells = lines[7].split(",")
    cells[5] = "high"                                        # row 8: ALTITUDE not a number
    lines[7] = ",".join(cells)
    lines[9] = lines[2]                                      # row 10: PACKET_COUNT repeats
    flight = parse_cansat_csv("\n".join(lines), "flight.csv")
    assert len(flight.packets) == 27
    assert [(e.row, e.column) for e in flight.errors] == [
        (4, "MODE"), (6, ""), (8, "ALTITUDE"), (10, "PACKET_COUNT")]
    assert "'high'" in str(flight.errors[2]) and "flight.csv" in str(flight.errors[2])


def test_a_stray_carriage_return_or_quote_costs_only_its_own_row() -> None:
    """Both were found by the fuzz test below: a carriage return inside a row crashed the
    reader (csv.Error), and a quote opening a field swallowed every following row."""
    lines = TEXT.splitlines()
    lines[4] = lines[4][:20] + "\r" + lines[4][21:]          # row 5
    cells = lines[10].split(",")
    cells[3] = '"' + cells[3]                                 # row 11: a field opens a quote
    lines[10] = ",".join(cells)
    flight = parse_cansat_csv("\n".join(lines), "flight.csv")
    assert [e.row for e in flight.errors] == [5, 11]
    assert "unreadable CSV" in str(flight.errors[0])
    assert len(flight.packets) == 29  # of 31


def test_windows_line_endings_read_like_unix_ones() -> None:
    unix = parse_cansat_csv(TEXT, "f.csv")
    windows = parse_cansat_csv(TEXT.replace("\n", "\r\n"), "f.csv")
    assert windows.packets == unix.packets and not windows.errors


def test_missing_columns_and_empty_file() -> None:
    with pytest.raises(CanSatRowError, match="ALTITUDE"):
        parse_cansat_csv(TEXT.replace("ALTITUDE,", "HEIGHT,", 1), "f.csv")
    with pytest.raises(CanSatRowError, match="empty"):
        parse_cansat_csv("", "f.csv")


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=31), st.integers(min_value=0, max_value=200),
       st.characters(codec="utf-8", exclude_categories=("Cs",)))
def test_one_garbled_character_costs_at_most_two_rows(row: int, column: int, char: str) -> None:
    """Radio garbling of one character never crashes the reader and loses at most the row it
    hits (and the next one, if the packet counter itself was garbled upwards)."""
    lines = TEXT.splitlines()
    line = lines[row]
    if column < len(line):
        lines[row] = line[:column] + char + line[column + 1:]
    flight = parse_cansat_csv("\n".join(lines), "garbled.csv")
    assert len(flight.packets) >= 29
    assert all(isinstance(e, CanSatRowError) for e in flight.errors)
