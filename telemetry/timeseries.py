"""Decoded frames -> time series with units and nominal/warning/critical limits.

Limits are data, one TOML file per satellite in ``telemetry/limits/`` (``<decoder>.toml``), each
stating where its numbers come from. A field's status is *nominal* inside ``nominal``, *warning*
outside it but inside ``warning``, *critical* beyond: the three colours a dashboard shows.

A limits file has ``[satellite]`` (``name``, ``norad_id``, ``decoder``) and one
``[fields.<name>]`` table per telemetry field (``unit``, ``nominal``, ``warning``). Unknown keys
are errors naming the dotted key and the nearest valid one, because a misspelt band (say
``warnng``) or table (``[field.x]``) that is ignored leaves a chart without the limits its
author meant to give it. Field names under ``[fields]`` are the decoder's field names, i.e. data;
they are not checked against the decoder here.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from foundation.errors import first_unknown_key
from telemetry.errors import LimitsError
from telemetry.frames import DecodedFrame
from telemetry.provenance import Provenance

LIMITS_DIR = Path(__file__).resolve().parent / "limits"
NOMINAL, WARNING, CRITICAL, UNKNOWN = "nominal", "warning", "critical", "unknown"
LIMITS_KEYS = frozenset({"satellite", "fields"})
SATELLITE_KEYS = frozenset({"name", "norad_id", "decoder"})
FIELD_KEYS = frozenset({"unit", "nominal", "warning"})


@dataclass(frozen=True)
class FieldLimits:
    """Unit and bands of one telemetry field (bands are closed intervals, low <= high)."""

    unit: str
    nominal: tuple[float, float]
    warning: tuple[float, float]

    def classify(self, value: float) -> str:
        """'nominal', 'warning' or 'critical' for one value ('unknown' for NaN)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return UNKNOWN
        if self.nominal[0] <= value <= self.nominal[1]:
            return NOMINAL
        if self.warning[0] <= value <= self.warning[1]:
            return WARNING
        return CRITICAL


@dataclass(frozen=True)
class SatelliteLimits:
    """All field limits of one satellite, as read from its TOML file."""

    name: str
    norad_id: int
    decoder: str
    fields: dict[str, FieldLimits]
    source: str


def _band(raw: object, *, source: str, field: str) -> tuple[float, float]:
    if (not isinstance(raw, list) or len(raw) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw)):
        raise LimitsError(source, field, f"must be a list of two numbers, got {raw!r}")
    low, high = float(raw[0]), float(raw[1])
    if low > high:
        raise LimitsError(source, field, f"low {low} is above high {high}")
    return low, high


def _check_known_keys(table: dict, valid: frozenset[str], source: str, prefix: str = "") -> None:
    """LimitsError for the first unknown key of ``table``, named by its dotted path."""
    unknown = first_unknown_key(table, valid)
    if unknown is not None:
        key, reason = unknown
        raise LimitsError(source, f"{prefix}{key}", reason)


def parse_limits(text: str, source: str = "<string>") -> SatelliteLimits:
    """Parse and validate a limits TOML document."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LimitsError(source, "<document>", f"not valid TOML: {exc}") from None
    _check_known_keys(document, LIMITS_KEYS, source)
    satellite = document.get("satellite")
    if not isinstance(satellite, dict):
        raise LimitsError(source, "satellite", "missing [satellite] table")
    _check_known_keys(satellite, SATELLITE_KEYS, source, "satellite.")
    for key, kind in (("name", str), ("norad_id", int), ("decoder", str)):
        if not isinstance(satellite.get(key), kind):
            raise LimitsError(source, f"satellite.{key}", f"must be a {kind.__name__}, got "
                              f"{satellite.get(key)!r}")
    raw_fields = document.get("fields", {})
    if not isinstance(raw_fields, dict):
        raise LimitsError(source, "fields", "must be a table of [fields.<name>] tables")
    fields: dict[str, FieldLimits] = {}
    for name, table in raw_fields.items():
        if not isinstance(table, dict):
            raise LimitsError(source, f"fields.{name}", "must be a table")
        _check_known_keys(table, FIELD_KEYS, source, f"fields.{name}.")
        unit = table.get("unit")
        if not isinstance(unit, str) or not unit:
            raise LimitsError(source, f"fields.{name}.unit", f"must be a unit name, got {unit!r}")
        nominal = _band(table.get("nominal"), source=source, field=f"fields.{name}.nominal")
        warning = _band(table.get("warning"), source=source, field=f"fields.{name}.warning")
        if not (warning[0] <= nominal[0] and nominal[1] <= warning[1]):
            raise LimitsError(source, f"fields.{name}", f"nominal band {nominal} must lie "
                              f"inside the warning band {warning}")
        fields[name] = FieldLimits(unit, nominal, warning)
    return SatelliteLimits(satellite["name"], satellite["norad_id"], satellite["decoder"],
                           fields, source)


def load_limits(decoder: str, directory: Path = LIMITS_DIR) -> SatelliteLimits:
    """The limits file of a decoder, e.g. ``load_limits("lightsail2")``."""
    path = directory / f"{decoder}.toml"
    if not path.is_file():
        raise LimitsError(str(path), "<file>", f"no limits file for decoder {decoder!r}")
    return parse_limits(path.read_text(encoding="utf-8"), str(path))


def derive_teaching_limits(values: Sequence[float], unit: str) -> FieldLimits:
    """Teaching limits from an observed distribution: nominal 5-95 %, warning 1-99 %.

    This is how ``limits/lightsail2.toml`` was made; the file says so.
    """
    data = np.asarray(values, dtype=float)
    data = data[np.isfinite(data)]
    if data.size == 0:
        raise ValueError("no finite values to derive limits from")
    p1, p5, p95, p99 = np.percentile(data, [1, 5, 95, 99])
    return FieldLimits(unit, (float(p5), float(p95)), (float(p1), float(p99)))


class TelemetrySeries:
    """Numeric fields of decoded frames as a time-indexed table, with units and limits."""

    def __init__(self, frames: Iterable[DecodedFrame], limits: SatelliteLimits | None = None,
                 provenance: Provenance | None = None) -> None:
        rows = []
        for frame in frames:
            numeric = {k: v for k, v in frame.fields.items()
                       if isinstance(v, int | float) and not isinstance(v, bool)}
            numeric["timestamp"] = frame.timestamp
            rows.append(numeric)
        table = pd.DataFrame(rows)
        if not table.empty:
            table = table.set_index("timestamp").sort_index()
        self.table: pd.DataFrame = table
        self.limits = limits
        self.provenance = provenance  # the credit line a chart of this series must show

    def __len__(self) -> int:
        return len(self.table)

    def unit(self, field: str) -> str:
        """Unit of a field from the limits file ('' when no limits cover it)."""
        if self.limits and field in self.limits.fields:
            return self.limits.fields[field].unit
        return ""

    def series(self, field: str) -> pd.Series:
        """One field over time; KeyError naming the field and what exists."""
        if field not in self.table.columns:
            raise KeyError(f"no field {field!r}; fields are {', '.join(self.table.columns[:20])}"
                           "…")
        return self.table[field]

    def status(self, field: str) -> pd.Series:
        """nominal/warning/critical for each sample of a field (needs limits for it)."""
        if not self.limits or field not in self.limits.fields:
            raise KeyError(f"no limits for field {field!r}")
        limits = self.limits.fields[field]
        return self.series(field).map(limits.classify)

    def to_csv(self, path: Path | str, fields: Sequence[str] | None = None) -> Path:
        """Write the series as CSV: ISO UTC timestamp column, then one column per field with
        its unit in brackets, e.g. ``bat0_volt [count]``."""
        columns = list(fields) if fields is not None else list(self.table.columns)
        out = self.table[columns].copy()
        out.columns = [f"{c} [{self.unit(c)}]" if self.unit(c) else c for c in columns]
        out.index = out.index.map(lambda t: t.isoformat())
        out.index.name = "timestamp_utc"
        path = Path(path)
        out.to_csv(path)
        return path
