"""Typed errors of the telemetry package.

Each error derives from :class:`foundation.errors.AcademyError` (so ``academy`` commands print it
without a traceback) and from the matching built-in (so code that only knows ``ValueError`` or
``OSError`` still catches it). The facts in the message are also kept as attributes, so a widget
can show "line 2 of stations.tle" without parsing text.
"""

from __future__ import annotations

from foundation.errors import AcademyError


def _excerpt(text: str, limit: int = 72) -> str:
    """The start of a bad input, short enough to quote in a one-line message."""
    text = text.rstrip("\r\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


class TelemetryError(AcademyError):
    """Base of every error raised on purpose by the telemetry package."""


class ElementSetError(TelemetryError, ValueError):
    """One orbital element record (TLE or OMM) is malformed.

    ``source`` names the file or URL, ``line`` is the 1-based line number (TLE, OMM CSV) or
    ``None``, ``index`` the 0-based record index within the source, ``text`` the offending input.
    """

    def __init__(self, reason: str, *, source: str, line: int | None = None,
                 index: int | None = None, text: str = "") -> None:
        self.reason = reason
        self.source = source
        self.line = line
        self.index = index
        self.text = text
        where = source
        if line is not None:
            where = f"line {line} of {source}"
        elif index is not None:
            where = f"record {index} of {source}"
        quoted = f": {_excerpt(text)!r}" if text else ""
        super().__init__(f"{reason} in {where}{quoted}")


class FrameDecodeError(TelemetryError, ValueError):
    """One telemetry frame could not be decoded.

    ``decoder`` is the satnogs-decoders name, ``index`` the frame's position in its stream,
    ``source`` where it came from, ``frame_hex`` the start of the raw frame.
    """

    def __init__(self, reason: str, *, decoder: str, source: str = "",
                 index: int | None = None, frame_hex: str = "") -> None:
        self.reason = reason
        self.decoder = decoder
        self.source = source
        self.index = index
        self.frame_hex = frame_hex
        where = f"frame {index}" if index is not None else "frame"
        if source:
            where += f" of {source}"
        quoted = f": {_excerpt(frame_hex, 40)!r}" if frame_hex else ""
        super().__init__(f"decoder {decoder!r} cannot decode {where}: {reason}{quoted}")


class UnknownDecoderError(FrameDecodeError):
    """The decoder name is not one satnogs-decoders provides."""


class SourceUnavailable(TelemetryError, ConnectionError):
    """A live source (CelesTrak, SatNOGS DB) could not be reached or answered with an error.

    ``url`` is the request, ``status`` the HTTP status or ``None`` for a network failure.
    """

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        self.url = url
        self.reason = reason
        self.status = status
        code = f"HTTP {status}" if status is not None else "no response"
        super().__init__(f"{url}: {code}: {reason}")


class StationError(TelemetryError, ValueError):
    """A ground station's coordinates are out of range; names the station and the value."""

    def __init__(self, station: str, field: str, value: object, reason: str) -> None:
        self.station = station
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"station {station!r}: {field}={value!r}: {reason}")


class CanSatRowError(TelemetryError, ValueError):
    """One row of a CanSat flight CSV is malformed; names the file, row and column."""

    def __init__(self, reason: str, *, source: str, row: int, column: str = "",
                 text: str = "") -> None:
        self.reason = reason
        self.source = source
        self.row = row
        self.column = column
        self.text = text
        col = f", column {column}" if column else ""
        quoted = f": {_excerpt(text)!r}" if text else ""
        super().__init__(f"row {row} of {source}{col}: {reason}{quoted}")


class DataFileError(TelemetryError, ValueError):
    """A data file shipped with or added to the telemetry package (the snapshot manifest, a
    limits file) is malformed; names the file and the field."""

    def __init__(self, source: str, field: str, reason: str) -> None:
        self.source = source
        self.field = field
        self.reason = reason
        super().__init__(f"{source}: field {field!r}: {reason}")


class LimitsError(DataFileError):
    """A telemetry limits file is malformed; names the file and the field."""
