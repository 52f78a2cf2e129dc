"""Orbit Mean-Elements Messages (CCSDS OMM, as CelesTrak serves them in JSON and CSV).

OMM carries the same SGP4 mean elements as a TLE, in named fields, with no five-digit limit on
the catalogue number: CelesTrak gives objects numbered above 69999 only in OMM, so this path is
the future one. Field names follow CCSDS 502.0-B-3 / CelesTrak's GP format
(https://celestrak.org/NORAD/documentation/gp-data-formats.php).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import UTC, datetime

from telemetry.elements import ElementSet, ParseResult, check_element_ranges
from telemetry.errors import ElementSetError

REQUIRED_FIELDS = (
    "NORAD_CAT_ID", "EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE",
    "ARG_OF_PERICENTER", "MEAN_ANOMALY", "BSTAR",
)


def _parse_epoch(text: str) -> datetime:
    """OMM epochs are ISO 8601 UTC, with or without fraction and trailing 'Z'."""
    text = text.strip().removesuffix("Z")
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _number(fields: Mapping[str, object], key: str, default: float | None = None) -> float:
    raw = fields.get(key)
    if raw is None or raw == "":
        if default is not None:
            return default
        raise ValueError(f"missing field {key}")
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise ValueError(f"field {key}={raw!r} is not a number")
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"field {key}={raw!r} is not a number") from None


def _integer(fields: Mapping[str, object], key: str, default: int | None = None) -> int:
    value = _number(fields, key, None if default is None else float(default))
    if value != int(value):
        raise ValueError(f"field {key}={fields.get(key)!r} is not a whole number")
    return int(value)


def element_set_from_omm(fields: Mapping[str, object], *, source: str = "<omm>",
                         line: int | None = None, index: int | None = None) -> ElementSet:
    """One OMM record (a mapping of CCSDS field names) to an :class:`ElementSet`."""
    text = json.dumps(dict(fields), default=str)[:200] if isinstance(fields, Mapping) else ""
    if not isinstance(fields, Mapping):
        raise ElementSetError(f"OMM record is a {type(fields).__name__}, not an object",
                              source=source, line=line, index=index, text=repr(fields))
    try:
        missing = [key for key in REQUIRED_FIELDS if fields.get(key) in (None, "")]
        if missing:
            raise ValueError(f"missing field(s) {', '.join(missing)}")
        epoch_raw = fields["EPOCH"]
        if not isinstance(epoch_raw, str):
            raise ValueError(f"field EPOCH={epoch_raw!r} is not a text date")
        try:
            epoch = _parse_epoch(epoch_raw)
        except ValueError:
            raise ValueError(f"field EPOCH={epoch_raw!r} is not an ISO 8601 date") from None
        record = ElementSet(
            name=str(fields.get("OBJECT_NAME") or "").strip() or str(fields["NORAD_CAT_ID"]),
            norad_id=_integer(fields, "NORAD_CAT_ID"),
            intl_designator=str(fields.get("OBJECT_ID") or ""),
            epoch=epoch,
            mean_motion_rev_per_day=_number(fields, "MEAN_MOTION"),
            eccentricity=_number(fields, "ECCENTRICITY"),
            inclination_deg=_number(fields, "INCLINATION"),
            raan_deg=_number(fields, "RA_OF_ASC_NODE"),
            arg_perigee_deg=_number(fields, "ARG_OF_PERICENTER"),
            mean_anomaly_deg=_number(fields, "MEAN_ANOMALY"),
            bstar_per_earth_radius=_number(fields, "BSTAR"),
            mean_motion_dot_rev_per_day2=_number(fields, "MEAN_MOTION_DOT", 0.0),
            mean_motion_ddot_rev_per_day3=_number(fields, "MEAN_MOTION_DDOT", 0.0),
            classification=str(fields.get("CLASSIFICATION_TYPE") or "U"),
            element_set_no=_integer(fields, "ELEMENT_SET_NO", 999),
            rev_at_epoch=_integer(fields, "REV_AT_EPOCH", 0),
            ephemeris_type=_integer(fields, "EPHEMERIS_TYPE", 0),
            source=source,
        )
    except (ValueError, OverflowError, TypeError) as exc:
        raise ElementSetError(str(exc), source=source, line=line, index=index,
                              text=text) from None
    check_element_ranges(record, source=source, line=line, index=index, text=text)
    return record


def parse_omm_json(text: str, source: str = "<string>") -> ParseResult:
    """CelesTrak's ``FORMAT=json``: a JSON array of OMM objects (a single object is accepted).

    Text that is not JSON at all (e.g. a truncated download) is one error for the whole source
    and no records; a bad object inside a good array is one error with its index.
    """
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        error = ElementSetError(f"not valid JSON ({exc})", source=source, text=text[:80])
        return ParseResult((), (error,), source)
    items = document if isinstance(document, list) else [document]
    records: list[ElementSet] = []
    errors: list[ElementSetError] = []
    for index, item in enumerate(items):
        try:
            records.append(element_set_from_omm(item, source=source, index=index))
        except ElementSetError as exc:
            errors.append(exc)
    return ParseResult(tuple(records), tuple(errors), source)


def parse_omm_csv(text: str, source: str = "<string>") -> ParseResult:
    """CelesTrak's ``FORMAT=csv``: a header row of OMM field names, one object per row.

    Errors carry the 1-based line number in the file (the header is line 1).
    """
    reader = csv.DictReader(io.StringIO(text, newline=""))
    records: list[ElementSet] = []
    errors: list[ElementSetError] = []
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        return ParseResult((), (ElementSetError(f"CSV header unreadable ({exc})", source=source,
                                                line=1, text=text[:80]),), source)
    if fieldnames is None:
        return ParseResult((), (ElementSetError("empty OMM CSV (no header row)",
                                                source=source, line=1),), source)
    index = 0
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                errors.append(ElementSetError("row has more columns than the header",
                                              source=source, line=line, index=index,
                                              text=",".join(map(str, row[None]))))
            else:
                try:
                    records.append(element_set_from_omm(row, source=source, line=line,
                                                        index=index))
                except ElementSetError as exc:
                    errors.append(exc)
            index += 1
    except csv.Error as exc:
        errors.append(ElementSetError(f"CSV syntax error ({exc})", source=source,
                                      line=reader.line_num, index=index))
    return ParseResult(tuple(records), tuple(errors), source)
