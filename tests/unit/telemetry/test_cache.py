"""The shared element cache: atomic replacement under concurrent readers, back-off arithmetic."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from telemetry.cache import ElementCache
from telemetry.snapshots import SNAPSHOT_DIR
from telemetry.tle import parse_tle_text

TEXT = (SNAPSHOT_DIR / "celestrak_stations_20260530T2250Z.tle").read_text("ascii")
NOW = datetime(2026, 5, 31, tzinfo=UTC)


def test_readers_never_see_a_partial_file(tmp_path) -> None:
    """One writer replaces the file 150 times while two readers parse it: every read is one of
    the complete versions (25 or 24 records), never a torn mix."""
    cache = ElementCache(tmp_path)
    short = "\n".join(TEXT.splitlines()[:72])
    cache.write_success("stations", TEXT, "tle", "u", NOW)
    seen: list[int] = []
    errors: list[int] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            text, _ = cache.read_data("stations")
            parsed = parse_tle_text(text)
            seen.append(len(parsed.records))
            errors.append(len(parsed.errors))

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    for n in range(150):
        cache.write_success("stations", TEXT if n % 2 else short, "tle", "u", NOW)
    stop.set()
    for thread in threads:
        thread.join()
    assert seen and set(seen) <= {24, 25} and set(errors) == {0}
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*"))


def test_backoff_doubles_and_is_capped(tmp_path) -> None:
    cache = ElementCache(tmp_path)
    waits = []
    for _ in range(6):
        meta = cache.write_failure("cubesat", "HTTP 500", NOW, 600, 3000)
        waits.append(meta.next_attempt_datetime() - NOW)
    assert waits == [timedelta(seconds=s) for s in (600, 1200, 2400, 3000, 3000, 3000)]
    assert cache.read_data("cubesat") is None  # failures alone never invent data


def test_group_names_are_checked(tmp_path) -> None:
    with pytest.raises(ValueError, match="'../etc'"):
        ElementCache(tmp_path).data_path("../etc", "tle")
