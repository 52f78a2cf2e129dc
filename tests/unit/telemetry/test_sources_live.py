"""Live clients (CelesTrak GP, SatNOGS DB) against a local HTTP server replaying recordings.

There is no internet here, so the "recorded" responses are built from the real shipped data:
TLE bodies are the snapshot text exactly as CelesTrak served it (CRLF), OMM JSON bodies are
produced from those real TLE records with ``sgp4.exporter.export_omm`` (same CCSDS field names
CelesTrak serves), and SatNOGS DB pages follow the documented ``/api/telemetry/`` JSON shape
(``next``/``previous``/``results`` with ``frame`` hex and ``timestamp``) carrying real
LightSail-2 frames from the shipped export.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sgp4.exporter import export_omm

from foundation.config.telemetry import TelemetryConfig
from telemetry.errors import SourceUnavailable
from telemetry.frames import DecodedFrame, decode_stream
from telemetry.snapshots import SNAPSHOT_DIR, load_snapshot_elements
from telemetry.sources import CelesTrakSource, SatnogsSource

STATIONS_TLE = (SNAPSHOT_DIR / "celestrak_stations_20260530T2250Z.tle").read_bytes()
STATIONS_OMM = json.dumps([export_omm(r.to_satrec(), r.name)
                           for r in load_snapshot_elements("stations")]).encode()
NOW = datetime(2026, 5, 31, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self, start: datetime = NOW) -> None:
        self.value = start

    def __call__(self) -> datetime:
        return self.value


def _source(server, tmp_path, clock: Clock, **traits) -> CelesTrakSource:
    config = TelemetryConfig(cache_dir=str(tmp_path / "cache"), request_timeout_s=0.5,
                             celestrak_url=f"{server.base_url}/gp.php", **traits)
    return CelesTrakSource(config, now=clock)


def test_fresh_json_then_cache_for_two_hours(replay_server, tmp_path) -> None:
    Reply = replay_server.Reply  # noqa: N806 - a class, named like one
    replay_server.script("/gp.php?GROUP=stations&FORMAT=json", [Reply(200, STATIONS_OMM)])
    clock = Clock()
    source = _source(replay_server, tmp_path, clock)
    first = source.fetch_group("stations")
    assert first.status == "fresh" and len(first.records) == 25 and first.warnings == ()
    assert first.provenance.label() == "CelesTrak, as of 2026-05-31"
    clock.value += timedelta(hours=1, minutes=59)
    second = source.fetch_group("stations")
    assert second.status == "cached" and len(second.records) == 25
    assert replay_server.hits("/gp.php") == 1  # no request inside the 2 h interval
    clock.value += timedelta(minutes=2)
    assert source.fetch_group("stations").status == "fresh"
    assert replay_server.hits("/gp.php") == 2
    # A second source (another kernel of the same hub) reads the same cache without asking.
    other = _source(replay_server, tmp_path, clock)
    assert other.fetch_group("stations").status == "cached"
    assert replay_server.hits("/gp.php") == 2
    assert not list((tmp_path / "cache").glob("*.tmp"))


def test_truncated_json_falls_back_to_tle(replay_server, tmp_path) -> None:
    Reply = replay_server.Reply  # noqa: N806 - a class, named like one
    replay_server.script("/gp.php?GROUP=stations&FORMAT=json", [Reply(200, STATIONS_OMM[:5000])])
    replay_server.script("/gp.php?GROUP=stations&FORMAT=tle", [Reply(200, STATIONS_TLE)])
    result = _source(replay_server, tmp_path, Clock()).fetch_group("stations")
    assert result.status == "fresh" and len(result.records) == 25
    assert any("used TLE" in w for w in result.warnings)


@pytest.mark.parametrize("failure", [
    {"status": 500, "body": b"Internal Server Error"},
    {"status": 429, "body": b"Too Many Requests"},
    {"status": 200, "body": STATIONS_OMM, "delay_s": 1.5},
    {"status": 200, "body": STATIONS_OMM[:3000], "content_length": len(STATIONS_OMM)},
], ids=["500", "429", "timeout", "connection-cut"])
def test_failures_serve_last_good_data_and_back_off(replay_server, tmp_path, failure) -> None:
    Reply = replay_server.Reply  # noqa: N806 - a class, named like one
    reply = Reply(**failure)
    clock = Clock()
    replay_server.script("/gp.php?GROUP=stations&FORMAT=json", [Reply(200, STATIONS_OMM), reply])
    replay_server.script("/gp.php?GROUP=stations&FORMAT=tle", [reply])
    source = _source(replay_server, tmp_path, clock, backoff_initial_s=600)
    assert source.fetch_group("stations").status == "fresh"
    clock.value += timedelta(hours=3)
    stale = source.fetch_group("stations")
    assert stale.status == "stale" and len(stale.records) == 25
    assert stale.provenance.as_of == NOW  # the last good fetch, honestly dated
    assert any("CelesTrak unavailable" in w for w in stale.warnings)
    hits = replay_server.hits("/gp.php")
    clock.value += timedelta(minutes=5)  # inside the 600 s back-off: no new request
    again = source.fetch_group("stations")
    assert again.status == "stale" and replay_server.hits("/gp.php") == hits
    assert any("not asking again" in w for w in again.warnings)
    meta = source.cache.read_meta("stations")
    assert meta.failures == 1
    clock.value += timedelta(minutes=10)  # after the back-off: one more try, wait doubles
    source.fetch_group("stations")
    assert source.cache.read_meta("stations").failures == 2
    wait = (source.cache.read_meta("stations").next_attempt_datetime() - clock.value)
    assert wait == timedelta(seconds=1200)


def test_never_fetched_and_unreachable_serves_the_snapshot(tmp_path) -> None:
    config = TelemetryConfig(cache_dir=str(tmp_path), request_timeout_s=0.5,
                             celestrak_url="http://127.0.0.1:9/gp.php")  # discard port: refused
    result = CelesTrakSource(config, now=Clock()).fetch_group("cubesat")
    assert result.status == "snapshot" and len(result.records) == 93
    assert any("recorded snapshot" in w for w in result.warnings)
    assert result.provenance.label() == "CelesTrak, as of 2025-11-06"


# --- SatNOGS DB -------------------------------------------------------------------------


def _pages(server, lightsail_frames, per_page: int = 25, pages: int = 3,
           link_header: bool = False) -> list:
    Reply, base_url = server.Reply, server.base_url  # noqa: N806 - a class
    frames = lightsail_frames.frames[:per_page * pages]
    replies = []
    for n in range(pages):
        chunk = frames[n * per_page:(n + 1) * per_page]
        results = [{"sat_id": "HHSD-1234", "norad_cat_id": 44420, "transmitter": "x",
                    "app_source": "network", "decoded": "", "observer": "obs",
                    "station_id": 1, "observation_id": 1000 + i,
                    "frame": f.payload.hex().upper(),
                    "timestamp": f.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")}
                   for i, f in enumerate(chunk)]
        next_url = f"{base_url}/api/telemetry/?cursor=page{n + 2}" if n + 1 < pages else None
        if link_header:
            headers = {"Link": f'<{next_url}>; rel="next"'} if next_url else {}
            replies.append(Reply(200, json.dumps(results).encode(), headers))
        else:
            body = {"next": next_url, "previous": None, "results": results}
            replies.append(Reply(200, json.dumps(body).encode()))
    return replies


def _satnogs(server, monkeypatch, sleeps: list[float]) -> SatnogsSource:
    monkeypatch.setenv("ACADEMY_SATNOGS_TOKEN", "test-token-123")
    config = TelemetryConfig(satnogs_url=f"{server.base_url}/api", request_timeout_s=1.0,
                             satnogs_min_interval_s=0.5)
    return SatnogsSource(config, sleep=sleeps.append)


@pytest.mark.parametrize("link_header", [False, True], ids=["json-next", "link-header"])
def test_satnogs_follows_pages_and_decodes(replay_server, monkeypatch, lightsail_frames,
                                           link_header: bool) -> None:
    pages = _pages(replay_server, lightsail_frames, link_header=link_header)
    replay_server.script("/api/telemetry/?satellite=44420", [pages[0]])
    replay_server.script("/api/telemetry/?cursor=page2", [pages[1]])
    replay_server.script("/api/telemetry/?cursor=page3", [pages[2]])
    sleeps: list[float] = []
    result = _satnogs(replay_server, monkeypatch, sleeps).fetch_frames(
        44420, datetime(2021, 3, 1, tzinfo=UTC), datetime(2021, 4, 1, tzinfo=UTC))
    assert result.pages == 3 and len(result.frames) == 75 and result.errors == ()
    assert result.provenance.licence == "CC BY-SA 4.0"
    first_path, first_headers = replay_server.requests[0]
    assert "start=2021-03-01T00%3A00%3A00Z" in first_path and "format=json" in first_path
    assert first_headers["Authorization"] == "Token test-token-123"
    assert len(sleeps) == 2  # throttled between pages (wall clock is fast here)
    decoded = list(decode_stream("lightsail2", result.frames))
    expected = list(decode_stream("lightsail2", lightsail_frames.frames[:75]))
    assert [isinstance(d, DecodedFrame) for d in decoded] == [
        isinstance(d, DecodedFrame) for d in expected]
    good = [(d.fields, e.fields) for d, e in zip(decoded, expected, strict=True)
            if isinstance(d, DecodedFrame)]
    assert good and all(a == b for a, b in good)


def test_satnogs_retries_429_then_reports_500(replay_server, monkeypatch,
                                              lightsail_frames) -> None:
    Reply = replay_server.Reply  # noqa: N806 - a class, named like one
    page = _pages(replay_server, lightsail_frames, pages=1)[0]
    replay_server.script("/api/telemetry/?satellite=44420",
                         [Reply(429, b"slow down", {"Retry-After": "7"}), page])
    sleeps: list[float] = []
    result = _satnogs(replay_server, monkeypatch, sleeps).fetch_frames(
        44420, datetime(2021, 3, 1, tzinfo=UTC), datetime(2021, 4, 1, tzinfo=UTC))
    assert len(result.frames) == 25 and 7.0 in sleeps
    replay_server.script("/api/telemetry/?satellite=44420", [Reply(500, b"boom")])
    with pytest.raises(SourceUnavailable) as info:
        _satnogs(replay_server, monkeypatch, []).fetch_frames(
            44420, datetime(2021, 3, 1, tzinfo=UTC), datetime(2021, 4, 1, tzinfo=UTC))
    assert info.value.status == 500 and "boom" in str(info.value)


def test_satnogs_bad_frames_and_truncated_page(replay_server, monkeypatch) -> None:
    Reply = replay_server.Reply  # noqa: N806 - a class, named like one
    body = {"next": None, "results": [
        {"frame": "ZZ", "timestamp": "2021-03-01T00:00:00Z"},
        {"frame": "A0B1", "timestamp": "not a time"},
        {"frame": "A0B1C2", "timestamp": "2021-03-01T00:00:05Z"}]}
    replay_server.script("/api/telemetry/?satellite=44420", [Reply(200, json.dumps(body).encode())])
    result = _satnogs(replay_server, monkeypatch, []).fetch_frames(
        44420, datetime(2021, 3, 1, tzinfo=UTC), datetime(2021, 3, 2, tzinfo=UTC))
    assert len(result.frames) == 1 and len(result.errors) == 2
    replay_server.script("/api/telemetry/?satellite=44420",
                         [Reply(200, json.dumps(body).encode()[:40])])
    with pytest.raises(SourceUnavailable, match="not JSON"):
        _satnogs(replay_server, monkeypatch, []).fetch_frames(
            44420, datetime(2021, 3, 1, tzinfo=UTC), datetime(2021, 3, 2, tzinfo=UTC))


def test_satnogs_without_token_says_which_variable(monkeypatch) -> None:
    monkeypatch.delenv("ACADEMY_SATNOGS_TOKEN", raising=False)
    with pytest.raises(SourceUnavailable, match="ACADEMY_SATNOGS_TOKEN"):
        SatnogsSource(TelemetryConfig()).fetch_frames(44420, NOW, NOW)
