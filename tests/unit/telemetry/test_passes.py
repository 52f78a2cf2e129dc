"""Pass predictions against Skyfield's ``find_events`` on the same TLE, for every preset capital.

Reference: Skyfield ``EarthSatellite.find_events(topos, t0, t1, altitude_degrees=0)``
(geometric altitude, no refraction), the same definition we use. Tolerance: 2 s on rise,
culmination and set times; 0.05 deg on the maximum elevation.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from skyfield.api import EarthSatellite, load, wgs84

from telemetry.errors import StationError
from telemetry.passes import predict_passes
from telemetry.stations import PRESET_STATIONS, make_station, preset_station

TS = load.timescale(builtin=True)
START = datetime(2026, 5, 30, 12, 0, tzinfo=UTC)
TIME_TOLERANCE_S = 2.0


def _skyfield_passes(element, station, start, duration_s):
    satellite = EarthSatellite(element.line1, element.line2, element.name, TS)
    topos = wgs84.latlon(station.latitude_deg, station.longitude_deg, station.altitude_m)
    t0 = TS.from_datetime(start)
    t1 = TS.from_datetime(start + timedelta(seconds=duration_s))
    times, events = satellite.find_events(topos, t0, t1, altitude_degrees=0.0)
    passes, current = [], {}
    for t, event in zip(times, events, strict=True):
        if event == 0:
            current = {"rise": t.utc_datetime()}
        elif event == 1 and "rise" in current:
            alt = (satellite - topos).at(t).altaz()[0].degrees
            current.update(peak=t.utc_datetime(), max_el=alt)
        elif event == 2 and "peak" in current:
            current["set"] = t.utc_datetime()
            passes.append(current)
            current = {}
    return passes


@pytest.mark.parametrize("name", sorted(PRESET_STATIONS))
def test_iss_passes_match_skyfield(name: str, iss) -> None:
    station = PRESET_STATIONS[name]
    ours = [p for p in predict_passes(iss, station, START, 86400)
            if p.rise is not None and p.set is not None]
    theirs = _skyfield_passes(iss, station, START, 86400)
    assert len(theirs) >= 3
    assert len(ours) == len(theirs)
    for mine, ref in zip(ours, theirs, strict=True):
        assert abs((mine.rise - ref["rise"]).total_seconds()) < TIME_TOLERANCE_S
        assert abs((mine.culmination - ref["peak"]).total_seconds()) < TIME_TOLERANCE_S
        assert abs((mine.set - ref["set"]).total_seconds()) < TIME_TOLERANCE_S
        assert mine.max_elevation_deg == pytest.approx(ref["max_el"], abs=0.05)
        assert mine.station == name and mine.norad_id == 25544


def test_sun_synchronous_cubesat_over_ankara(cubesats) -> None:
    element = cubesats.by_norad_id(27844)  # CUTE-1 (CO-55), 98.7 deg inclination
    start = datetime(2025, 11, 6, 0, 0, tzinfo=UTC)
    station = preset_station("ankara")
    ours = [p for p in predict_passes(element, station, start, 86400)
            if p.rise is not None and p.set is not None]
    theirs = _skyfield_passes(element, station, start, 86400)
    assert [round(p.max_elevation_deg, 1) for p in ours] == pytest.approx(
        [round(p["max_el"], 1) for p in theirs], abs=0.15)
    for mine, ref in zip(ours, theirs, strict=True):
        assert abs((mine.rise - ref["rise"]).total_seconds()) < TIME_TOLERANCE_S


def test_min_elevation_filters_low_passes(iss) -> None:
    station = PRESET_STATIONS["Astana"]
    every = predict_passes(iss, station, START, 86400)
    high = predict_passes(iss, station, START, 86400, min_elevation_deg=30.0)
    assert len(high) < len(every)
    assert all(p.max_elevation_deg > 30.0 for p in high)


def test_window_starting_mid_pass_has_no_rise(iss) -> None:
    (first, *_) = [p for p in predict_passes(iss, PRESET_STATIONS["Baku"], START, 86400)]
    mid = first.culmination - timedelta(seconds=30)
    (cut, *_) = predict_passes(iss, PRESET_STATIONS["Baku"], mid, 3600)
    assert cut.rise is None and cut.rise_azimuth_deg is None
    assert abs((cut.set - first.set).total_seconds()) < 0.1


@pytest.mark.parametrize("field, value", [("latitude_deg", 91.0), ("longitude_deg", -181.0),
                                          ("altitude_m", 12000.0), ("latitude_deg", float("nan")),
                                          ("latitude_deg", "40")])
def test_user_station_validation(field: str, value: object) -> None:
    coordinates = {"latitude_deg": 40.0, "longitude_deg": 30.0, "altitude_m": 100.0}
    coordinates[field] = value
    with pytest.raises(StationError) as info:
        make_station("My school", **coordinates)
    assert info.value.field == field and "My school" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_unknown_preset_lists_the_presets() -> None:
    with pytest.raises(KeyError, match="Ankara"):
        preset_station("Atlantis")
