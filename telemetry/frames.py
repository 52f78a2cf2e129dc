"""Raw CubeSat frames -> decoded fields, one typed result per frame.

Decoding uses satnogs-decoders (Kaitai Struct descriptions maintained by Libre Space Foundation),
selected by decoder name (``lightsail2``, ``grbbeta``...). A frame can fail for many reasons:
the hex is not hex, the frame is a packet type the decoder does not describe (LightSail-2's
173-byte frames raise ``UnicodeDecodeError`` inside the decoder), or the frame is cut short
(``EOFError``). Each becomes a :class:`FrameDecodeError` naming the frame; a stream of frames
never stops because one of them is bad.
"""

from __future__ import annotations

import binascii
import functools
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kaitaistruct import KaitaiStruct, KaitaiStructError
from satnogsdecoders import decoder as satnogs_decoder

from telemetry.errors import FrameDecodeError, UnknownDecoderError

# What a Kaitai decoder raises on a frame it cannot read. Listed, not "except Exception", so a
# bug in our own code still surfaces as a crash in the tests.
_DECODER_FAILURES = (KaitaiStructError, EOFError, UnicodeDecodeError, ValueError, struct.error,
                     IndexError, KeyError, TypeError, AttributeError, ZeroDivisionError,
                     OverflowError)


@dataclass(frozen=True)
class RawFrame:
    """One received frame: when, the bytes, and where it came from (file:line or URL)."""

    timestamp: datetime
    payload: bytes
    origin: str = ""
    index: int = 0


@dataclass(frozen=True)
class DecodedFrame:
    """The fields a decoder extracted from one frame (names as satnogs-decoders gives them)."""

    timestamp: datetime
    decoder: str
    fields: dict[str, object] = field(hash=False)
    origin: str = ""
    index: int = 0


def available_decoders() -> list[str]:
    """Decoder names satnogs-decoders provides: its decoder module names (``lightsail2``...)."""
    package_dir = Path(satnogs_decoder.__file__).parent
    return sorted(p.stem for p in package_dir.glob("*.py") if not p.stem.startswith("__"))


def _decoder_class(name: str) -> type[KaitaiStruct]:
    """The Kaitai class of a decoder, named the way satnogs-decoders names it."""
    if not isinstance(name, str) or name not in _decoder_names():
        raise UnknownDecoderError("no such decoder in satnogs-decoders", decoder=str(name))
    cls = getattr(satnogs_decoder, name.capitalize().replace("_", ""), None)
    if not (isinstance(cls, type) and issubclass(cls, KaitaiStruct)):
        raise UnknownDecoderError("satnogs-decoders has the module but no decoder class",
                                  decoder=name)
    return cls


def hex_to_bytes(frame_hex: str, *, decoder: str = "", source: str = "",
                 index: int | None = None) -> bytes:
    """Hex text to bytes; :class:`FrameDecodeError` quoting the text if it is not hex."""
    text = frame_hex.strip()
    if not text:
        raise FrameDecodeError("empty frame", decoder=decoder, source=source, index=index)
    try:
        return binascii.unhexlify(text)
    except (binascii.Error, ValueError) as exc:
        raise FrameDecodeError(f"not hexadecimal ({exc})", decoder=decoder, source=source,
                               index=index, frame_hex=text) from None


def decode_frame(decoder: str, frame: RawFrame | bytes) -> DecodedFrame:
    """Decode one frame or raise :class:`FrameDecodeError` (never another exception type)."""
    raw = frame if isinstance(frame, RawFrame) else RawFrame(datetime.now(UTC), frame)
    cls = _decoder_class(decoder)
    try:
        parsed = cls.from_bytes(raw.payload)
        fields = satnogs_decoder.get_fields(parsed, empty=False)
    except _DECODER_FAILURES as exc:
        reason = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, EOFError):
            reason = f"frame truncated ({len(raw.payload)} bytes): {exc}"
        raise FrameDecodeError(reason, decoder=decoder, source=raw.origin, index=raw.index,
                               frame_hex=raw.payload[:20].hex()) from None
    if not fields:
        raise FrameDecodeError("decoder returned no fields (unknown packet type)",
                               decoder=decoder, source=raw.origin, index=raw.index,
                               frame_hex=raw.payload[:20].hex())
    return DecodedFrame(raw.timestamp, decoder, dict(fields), raw.origin, raw.index)


@functools.cache
def _decoder_names() -> frozenset[str]:
    return frozenset(available_decoders())


def decode_stream(decoder: str, frames: Iterable[RawFrame]
                  ) -> Iterator[DecodedFrame | FrameDecodeError]:
    """Decode frames one by one, yielding a result or an error for each; never raises for a
    bad frame. An unknown decoder is reported once, before any frame is read."""
    _decoder_class(decoder)
    for frame in frames:
        try:
            yield decode_frame(decoder, frame)
        except FrameDecodeError as exc:
            yield exc


def parse_satnogs_export_line(line: str, *, source: str, index: int) -> RawFrame:
    """One ``YYYY-MM-DD HH:MM:SS|HEX`` line of a SatNOGS DB export to a :class:`RawFrame`."""
    stamp, sep, frame_hex = line.strip().partition("|")
    if not sep:
        raise FrameDecodeError("line has no '|' between time and frame", decoder="",
                               source=source, index=index, frame_hex=line.strip())
    try:
        timestamp = datetime.strptime(stamp.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        raise FrameDecodeError(f"bad time {stamp.strip()!r}", decoder="", source=source,
                               index=index, frame_hex=frame_hex) from None
    payload = hex_to_bytes(frame_hex, source=source, index=index)
    return RawFrame(timestamp, payload, f"{source}:{index + 1}", index)


def read_satnogs_export(path: Path | str) -> tuple[list[RawFrame], list[FrameDecodeError]]:
    """Read a SatNOGS DB frame export (file order kept); bad lines become errors, not crashes.

    ``index`` is the 0-based line number, so ``origin`` reads ``file.csv:<line>``.
    """
    path = Path(path)
    frames: list[RawFrame] = []
    errors: list[FrameDecodeError] = []
    with path.open(encoding="ascii", errors="replace") as handle:
        for index, line in enumerate(handle):
            if not line.strip():
                continue
            try:
                frames.append(parse_satnogs_export_line(line, source=path.name, index=index))
            except FrameDecodeError as exc:
                errors.append(exc)
    return frames, errors
