"""CanSat Competition flight CSV (AAS/NASA, 2025 mission format) -> typed packets.

The ground station writes one row per 1 Hz telemetry packet; the header names the fields (the
competition's "Flight_<TEAM_ID>.csv" format: PACKET_COUNT, TEAM_ID, MISSION_TIME, MODE, STATE,
ALTITUDE (m), TEMPERATURE (C), PRESSURE (kPa), VOLTAGE (V), GYRO_* (deg/s), ACCEL_* (deg/s^2),
MAG_* (gauss), AUTO_GYRO_ROTATION_RATE (deg/s), GPS_*, CMD_ECHO). A radio link drops and garbles
rows, so each malformed row becomes a :class:`CanSatRowError` with its row number, and the good
rows are kept.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from telemetry.errors import CanSatRowError
from telemetry.provenance import Provenance

REQUIRED_COLUMNS = (
    "PACKET_COUNT", "TEAM_ID", "MISSION_TIME", "MODE", "STATE", "ALTITUDE", "TEMPERATURE",
    "PRESSURE", "VOLTAGE", "GYRO_R", "GYRO_P", "GYRO_Y", "ACCEL_R", "ACCEL_P", "ACCEL_Y",
    "MAG_R", "MAG_P", "MAG_Y", "AUTO_GYRO_ROTATION_RATE", "GPS_TIME", "GPS_ALTITUDE",
    "GPS_LATITUDE", "GPS_LONGITUDE", "GPS_SATS", "CMD_ECHO",
)
MODES = {"F": "flight", "S": "simulation"}
STATES = ("LAUNCH_PAD", "ASCENDING", "APOGEE", "DESCENDING", "PROBE_RELEASE", "LANDED")


@dataclass(frozen=True)
class CanSatPacket:
    """One telemetry packet, units in the names."""

    row: int
    packet_count: int
    team_id: int
    mission_time: time
    mode: str
    state: str
    altitude_m: float
    temperature_c: float
    pressure_kpa: float
    voltage_v: float
    gyro_deg_s: tuple[float, float, float]
    accel_deg_s2: tuple[float, float, float]
    mag_gauss: tuple[float, float, float]
    auto_gyro_rotation_rate_deg_s: float
    gps_time: time
    gps_altitude_m: float
    gps_latitude_deg: float
    gps_longitude_deg: float
    gps_sats: int
    cmd_echo: str
    extras: dict[str, str]


@dataclass(frozen=True)
class CanSatFlight:
    """Good packets in file order, one error per bad row, and the file they came from."""

    packets: tuple[CanSatPacket, ...]
    errors: tuple[CanSatRowError, ...]
    source: str
    provenance: Provenance | None = None

    @property
    def max_altitude_m(self) -> float:
        return max(p.altitude_m for p in self.packets)


def _clock_time(text: str) -> time:
    parts = text.strip().split(":")
    if len(parts) != 3:
        raise ValueError("expected hh:mm:ss")
    hours, minutes = int(parts[0]), int(parts[1])
    seconds = float(parts[2])
    return time(hours, minutes, int(seconds), int(round((seconds % 1) * 1e6)) % 1_000_000)


def _packet(row: dict[str, str], row_no: int, source: str) -> CanSatPacket:
    column = ""

    def number(name: str) -> float:
        nonlocal column
        column = name
        value = float(row[name])
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")
        return value

    def whole(name: str) -> int:
        nonlocal column
        column = name
        return int(row[name].strip())

    try:
        packet_count = whole("PACKET_COUNT")
        team_id = whole("TEAM_ID")
        column = "MISSION_TIME"
        mission_time = _clock_time(row["MISSION_TIME"])
        column = "MODE"
        mode = row["MODE"].strip()
        if mode not in MODES:
            raise ValueError(f"must be one of {', '.join(MODES)}")
        column = "STATE"
        state = row["STATE"].strip()
        if state not in STATES:
            raise ValueError(f"must be one of {', '.join(STATES)}")
        column = "GPS_TIME"
        gps_time = _clock_time(row["GPS_TIME"])
        packet = CanSatPacket(
            row=row_no, packet_count=packet_count, team_id=team_id, mission_time=mission_time,
            mode=mode, state=state, altitude_m=number("ALTITUDE"),
            temperature_c=number("TEMPERATURE"), pressure_kpa=number("PRESSURE"),
            voltage_v=number("VOLTAGE"),
            gyro_deg_s=(number("GYRO_R"), number("GYRO_P"), number("GYRO_Y")),
            accel_deg_s2=(number("ACCEL_R"), number("ACCEL_P"), number("ACCEL_Y")),
            mag_gauss=(number("MAG_R"), number("MAG_P"), number("MAG_Y")),
            auto_gyro_rotation_rate_deg_s=number("AUTO_GYRO_ROTATION_RATE"),
            gps_time=gps_time,
            gps_altitude_m=number("GPS_ALTITUDE"), gps_latitude_deg=number("GPS_LATITUDE"),
            gps_longitude_deg=number("GPS_LONGITUDE"), gps_sats=whole("GPS_SATS"),
            cmd_echo=row["CMD_ECHO"].strip(),
            extras={k: v for k, v in row.items() if k not in REQUIRED_COLUMNS and k is not None},
        )
    except (ValueError, TypeError, AttributeError) as exc:
        value = row.get(column) if column else None
        raise CanSatRowError(f"{exc}", source=source, row=row_no, column=column,
                             text=str(value)) from None
    if not -90.0 <= packet.gps_latitude_deg <= 90.0:
        raise CanSatRowError("GPS latitude outside -90..90 deg", source=source, row=row_no,
                             column="GPS_LATITUDE", text=row["GPS_LATITUDE"])
    if not -180.0 <= packet.gps_longitude_deg <= 180.0:
        raise CanSatRowError("GPS longitude outside -180..180 deg", source=source, row=row_no,
                             column="GPS_LONGITUDE", text=row["GPS_LONGITUDE"])
    return packet


def _cells(line: str, source: str, row_no: int) -> list[str]:
    """One file line's cells. Each line is read on its own: a garbled quote character then
    costs only its own row (read as a file, the CSV reader would run the quoted field on into
    every following row), and a stray carriage return is a row error, not a crash."""
    try:
        return next(csv.reader([line]), [])
    except csv.Error as exc:
        raise CanSatRowError(f"unreadable CSV ({exc})", source=source, row=row_no,
                             text=line) from None


def parse_cansat_csv(text: str, source: str = "<string>") -> CanSatFlight:
    """Parse flight CSV text. Row numbers are file lines (the header is row 1)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if not text.strip():
        raise CanSatRowError("file is empty (no header row)", source=source, row=1)
    header = [h.strip() for h in _cells(lines[0], source, 1)]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise CanSatRowError(f"header lacks column(s) {', '.join(missing)}", source=source,
                             row=1, text=",".join(header))
    packets: list[CanSatPacket] = []
    errors: list[CanSatRowError] = []
    last_count: int | None = None
    for row_no, line in enumerate(lines[1:], start=2):
        try:
            cells = _cells(line, source, row_no)
        except CanSatRowError as exc:
            errors.append(exc)
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            errors.append(CanSatRowError(f"has {len(cells)} columns, header has {len(header)}",
                                         source=source, row=row_no, text=",".join(cells)))
            continue
        try:
            packet = _packet(dict(zip(header, cells, strict=True)), row_no, source)
        except CanSatRowError as exc:
            errors.append(exc)
            continue
        if last_count is not None and packet.packet_count <= last_count:
            errors.append(CanSatRowError(f"PACKET_COUNT {packet.packet_count} does not increase "
                                         f"(previous {last_count})", source=source, row=row_no,
                                         column="PACKET_COUNT", text=cells[0]))
            continue
        last_count = packet.packet_count
        packets.append(packet)
    return CanSatFlight(tuple(packets), tuple(errors), source)


def read_cansat_csv(path: Path | str) -> CanSatFlight:
    """Read a flight CSV file (UTF-8, BOM tolerated)."""
    path = Path(path)
    return parse_cansat_csv(path.read_text(encoding="utf-8-sig"), path.name)
