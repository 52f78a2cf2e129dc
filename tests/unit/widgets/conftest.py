"""Small real inputs for widget behaviour tests (kept small so the suite stays fast)."""

import pytest

from telemetry.frames import DecodedFrame, decode_stream
from telemetry.snapshots import load_snapshot_elements, load_snapshot_frames
from telemetry.stations import preset_station
from telemetry.timeseries import TelemetrySeries, load_limits


@pytest.fixture(scope="session")
def station_elements():
    return load_snapshot_elements("stations").records[:6]


@pytest.fixture(scope="session")
def stations():
    return [preset_station(name) for name in ("Ankara", "Astana", "Baku")]


@pytest.fixture(scope="session")
def small_series():
    """400 real LightSail-2 frames, decoded (the full export takes ~3 s)."""
    dataset = load_snapshot_frames("lightsail2")
    frames = [f for f in decode_stream("lightsail2", dataset.frames[:400])
              if isinstance(f, DecodedFrame)]
    return TelemetrySeries(frames, load_limits("lightsail2"), dataset.provenance)
