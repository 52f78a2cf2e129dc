"""The one record every orbital-element format turns into: :class:`ElementSet`.

TLE text and OMM (JSON or CSV) describe the same thing, a set of SGP4 *mean* elements at an
epoch, so both parsers produce the same frozen record and everything downstream (propagation,
passes, widgets) never asks which format a satellite came from. A parse returns a
:class:`ParseResult`: the good records *and* one typed error per bad record, because one corrupt
entry in a 12,000-object catalogue must not hide the other 11,999.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from math import pi

from sgp4.api import WGS72, Satrec

from telemetry.errors import ElementSetError
from telemetry.provenance import Provenance

__all__ = ["ElementSet", "ParseResult", "Provenance", "check_element_ranges", "newest_epoch"]

_SGP4_EPOCH0 = datetime(1949, 12, 31, tzinfo=UTC)
_DEG_TO_RAD = pi / 180.0
_MINUTES_PER_DAY = 1440.0
_REV_PER_DAY_TO_RAD_PER_MIN = 2.0 * pi / _MINUTES_PER_DAY
_MAX_ALPHA5_SATNUM = 339_999
"""sgp4 stores catalogue numbers in Alpha-5 (five characters); larger OMM-only numbers are kept
on the :class:`ElementSet` and passed to sgp4 as 0, which does not affect propagation."""


@dataclass(frozen=True)
class ElementSet:
    """SGP4 mean elements of one object at one epoch (units in the names).

    These are *not* osculating Keplerian elements: see :mod:`telemetry.kepler` for why the
    difference matters. ``mean_motion_dot_rev_per_day2`` and ``mean_motion_ddot_rev_per_day3``
    are the values exactly as TLE/OMM carry them (the first is half the derivative, by
    convention); SGP4 ignores both. ``line1``/``line2`` keep the original TLE text when there is
    one, so propagation uses sgp4's own TLE reader bit for bit; they, like ``source``, take no part
    in equality, so the same satellite read from TLE or OMM compares equal.
    """

    name: str
    norad_id: int
    intl_designator: str
    epoch: datetime
    mean_motion_rev_per_day: float
    eccentricity: float
    inclination_deg: float
    raan_deg: float
    arg_perigee_deg: float
    mean_anomaly_deg: float
    bstar_per_earth_radius: float
    mean_motion_dot_rev_per_day2: float = 0.0
    mean_motion_ddot_rev_per_day3: float = 0.0
    classification: str = "U"
    element_set_no: int = 999
    rev_at_epoch: int = 0
    ephemeris_type: int = 0
    source: str = field(default="", compare=False)
    line1: str = field(default="", compare=False, repr=False)
    line2: str = field(default="", compare=False, repr=False)

    @property
    def period_min(self) -> float:
        """Orbital period in minutes, from the mean motion."""
        return _MINUTES_PER_DAY / self.mean_motion_rev_per_day

    def to_satrec(self) -> Satrec:
        """An initialised ``sgp4`` satellite record (WGS72, improved mode, as CelesTrak uses).

        With TLE text we let sgp4 read the lines itself, so results match Vallado's reference
        implementation exactly; otherwise we call ``sgp4init`` as ``sgp4.omm`` does.
        """
        if self.line1 and self.line2:
            return Satrec.twoline2rv(self.line1[:69], self.line2[:69], WGS72)
        sat = Satrec()
        epoch_days = (self.epoch - _SGP4_EPOCH0).total_seconds() / 86400.0
        satnum = self.norad_id if self.norad_id <= _MAX_ALPHA5_SATNUM else 0
        sat.sgp4init(
            WGS72, "i", satnum, epoch_days, self.bstar_per_earth_radius,
            # rev/day^2 -> rad/min^2 and rev/day^3 -> rad/min^3, as sgp4.omm does.
            self.mean_motion_dot_rev_per_day2 * _REV_PER_DAY_TO_RAD_PER_MIN / _MINUTES_PER_DAY,
            self.mean_motion_ddot_rev_per_day3 * _REV_PER_DAY_TO_RAD_PER_MIN
            / _MINUTES_PER_DAY**2,
            self.eccentricity, self.arg_perigee_deg * _DEG_TO_RAD,
            self.inclination_deg * _DEG_TO_RAD, self.mean_anomaly_deg * _DEG_TO_RAD,
            self.mean_motion_rev_per_day * _REV_PER_DAY_TO_RAD_PER_MIN,
            self.raan_deg * _DEG_TO_RAD,
        )
        return sat


def check_element_ranges(record: ElementSet, *, source: str, line: int | None,
                         index: int | None, text: str) -> None:
    """Reject values SGP4 cannot use, naming the field, so the error is not a silent NaN later."""
    checks = (
        ("eccentricity", 0.0 <= record.eccentricity < 1.0, "must be in [0, 1)"),
        ("inclination_deg", 0.0 <= record.inclination_deg <= 180.0, "must be in [0, 180]"),
        ("mean_motion_rev_per_day", 0.0 < record.mean_motion_rev_per_day < 20.0,
         "must be in (0, 20) rev/day"),
        ("raan_deg", 0.0 <= record.raan_deg <= 360.0, "must be in [0, 360]"),
        ("arg_perigee_deg", 0.0 <= record.arg_perigee_deg <= 360.0, "must be in [0, 360]"),
        ("mean_anomaly_deg", 0.0 <= record.mean_anomaly_deg <= 360.0, "must be in [0, 360]"),
        ("norad_id", 0 <= record.norad_id <= 999_999_999, "must be a catalogue number >= 0"),
    )
    for name, ok, reason in checks:
        if not ok:
            value = getattr(record, name)
            raise ElementSetError(f"{name}={value!r} {reason}", source=source, line=line,
                                  index=index, text=text)


@dataclass(frozen=True)
class ParseResult:
    """The outcome of parsing one source: good records, one error per bad record, provenance."""

    records: tuple[ElementSet, ...]
    errors: tuple[ElementSetError, ...]
    source: str
    provenance: Provenance | None = None

    def __iter__(self) -> Iterator[ElementSet]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def by_norad_id(self, norad_id: int) -> ElementSet:
        """The record of one catalogue number; KeyError naming the number and source if absent."""
        for record in self.records:
            if record.norad_id == norad_id:
                return record
        raise KeyError(f"NORAD {norad_id} is not in {self.source}")

    def by_name(self, name: str) -> ElementSet:
        """The first record whose name matches (case-insensitive, surrounding spaces ignored)."""
        wanted = name.strip().upper()
        for record in self.records:
            if record.name.strip().upper() == wanted:
                return record
        raise KeyError(f"{name!r} is not in {self.source}")

    def with_provenance(self, provenance: Provenance) -> ParseResult:
        return ParseResult(self.records, self.errors, self.source, provenance)


def newest_epoch(records: Sequence[ElementSet]) -> datetime | None:
    """The latest epoch of a set of records (the honest "as of" of a catalogue)."""
    return max((r.epoch for r in records), default=None)
