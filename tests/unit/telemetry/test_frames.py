"""Frame decoding of the real LightSail-2 export: known counts, known fields, typed errors.

Reference: /work/shared/data/PROVENANCE.md: with satnogs-decoders 1.131.0 decoder 'lightsail2',
3,291 of 4,425 frames decode; the rest raise inside the decoder (other packet types). The
callsigns are LightSail-2's published AX.25 addresses (N6CP destination, KK6HIT source).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from telemetry.errors import FrameDecodeError, UnknownDecoderError
from telemetry.frames import (
    DecodedFrame,
    RawFrame,
    available_decoders,
    decode_frame,
    decode_stream,
    hex_to_bytes,
    parse_satnogs_export_line,
)


@pytest.fixture(scope="module")
def decoded(lightsail_frames) -> list:
    return list(decode_stream("lightsail2", lightsail_frames.frames))


def test_export_reads_every_line(lightsail_frames) -> None:
    assert len(lightsail_frames.frames) == 4425
    assert lightsail_frames.errors == ()
    assert lightsail_frames.frames[-1].timestamp == datetime(2019, 11, 5, 5, 58, 32, tzinfo=UTC)


def test_decoded_counts_match_provenance(decoded) -> None:
    good = [d for d in decoded if isinstance(d, DecodedFrame)]
    bad = [d for d in decoded if isinstance(d, FrameDecodeError)]
    assert len(good) == 3291 and len(bad) == 1134
    assert sum(len(d.fields) == 165 for d in good) == 3277  # the 272-byte beacons
    assert all(isinstance(e, ValueError) for e in bad)
    assert bad[0].index == 0 and "UnicodeDecodeError" in bad[0].reason
    assert "satnogs_44420" in str(bad[0])


def test_known_fields_of_a_beacon(decoded) -> None:
    beacon = next(d for d in decoded if isinstance(d, DecodedFrame) and len(d.fields) == 165)
    assert beacon.fields["dest_callsign"].strip() == "N6CP"
    assert beacon.fields["src_callsign"].strip() == "KK6HIT"
    # The beacon carries the spacecraft clock (Unix seconds): within a day of reception.
    assert abs(beacon.fields["time"] - beacon.timestamp.timestamp()) < 86400


def test_truncated_frame_is_a_typed_error(lightsail_frames, decoded) -> None:
    good = next(d for d in decoded if isinstance(d, DecodedFrame) and len(d.fields) == 165)
    raw = lightsail_frames.frames[good.index]
    cut = RawFrame(raw.timestamp, raw.payload[:100], "cut", 7)
    with pytest.raises(FrameDecodeError, match="truncated") as info:
        decode_frame("lightsail2", cut)
    assert info.value.index == 7 and info.value.decoder == "lightsail2"


def test_unknown_decoder() -> None:
    assert "lightsail2" in available_decoders()
    with pytest.raises(UnknownDecoderError, match="'no_such_sat'"):
        decode_frame("no_such_sat", b"\x00" * 10)
    with pytest.raises(UnknownDecoderError):
        list(decode_stream("__init__", []))


def test_non_hex_frames_quote_the_input() -> None:
    with pytest.raises(FrameDecodeError, match="not hexadecimal") as info:
        hex_to_bytes("A0Z3", source="upload.csv", index=3)
    assert "A0Z3" in str(info.value)
    with pytest.raises(FrameDecodeError, match="bad time"):
        parse_satnogs_export_line("yesterday|A0B1", source="f.csv", index=0)
    with pytest.raises(FrameDecodeError, match="no '\\|'"):
        parse_satnogs_export_line("2021-03-31 23:18:23 A0B1", source="f.csv", index=0)


def test_stream_continues_after_bad_frames(lightsail_frames) -> None:
    frames = [RawFrame(datetime.now(UTC), b"\x01\x02", "junk", 0), *lightsail_frames.frames[1:4]]
    results = list(decode_stream("lightsail2", frames))
    assert len(results) == 4 and isinstance(results[0], FrameDecodeError)


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["lightsail2", "grbbeta", "knacksat2"]))
def test_random_bytes_never_escape_as_other_exceptions(payload: bytes, decoder: str) -> None:
    try:
        result = decode_frame(decoder, RawFrame(datetime.now(UTC), payload))
    except FrameDecodeError as error:
        assert error.decoder == decoder
    else:
        assert result.fields
