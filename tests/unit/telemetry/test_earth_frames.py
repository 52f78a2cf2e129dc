"""TEME -> ITRF -> geodetic against Skyfield on the same elements.

Skyfield (``skyfield.sgp4lib.TEME_to_ITRF`` and ``wgs84.geographic_position_of``) is the outside
reference. With the same UT1 (Skyfield's built-in IERS table) we agree to 1 m in position and
1 mm/s in velocity; with UTC standing in for UT1 (our default) to within 0.01 deg of longitude.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from skyfield.api import EarthSatellite, load, wgs84
from skyfield.framelib import itrs
from skyfield.sgp4lib import TEME_to_ITRF, theta_GMST1982

from telemetry.earth_frames import geodetic_to_itrf, gmst1982_rad, itrf_to_geodetic
from telemetry.propagate import (
    ground_track,
    propagate_geodetic,
    propagate_teme,
    split_at_dateline,
    teme_states_to_itrf,
)
from telemetry.timegrid import julian_date_split, time_grid, to_datetimes

TS = load.timescale(builtin=True)
START = datetime(2026, 5, 30, 12, 0, tzinfo=UTC)


def test_gmst_matches_skyfield() -> None:
    times = time_grid(START, 86400, 977)
    jd, fr = julian_date_split(times)
    ours, ours_rate = gmst1982_rad(jd, fr)
    theirs, theirs_rate = theta_GMST1982(jd, fr)
    difference = (ours - theirs + np.pi) % (2 * np.pi) - np.pi  # ours is wrapped to [0, 2 pi)
    assert np.max(np.abs(difference)) < 1e-12
    assert np.allclose(ours_rate * 86400.0, theirs_rate, rtol=1e-14)


def test_teme_to_itrf_matches_skyfield_formula(stations) -> None:
    times = time_grid(START, 5400, 60)
    states = propagate_teme(stations.records[:5], times)
    itrf_r, itrf_v = teme_states_to_itrf(states)
    jd, fr = julian_date_split(times)
    for k in range(5):
        r_ref, v_ref = TEME_to_ITRF(jd, states.position_km[k].T, states.velocity_km_s[k].T * 86400,
                                    0.0, 0.0, fr)
        assert np.max(np.linalg.norm(itrf_r[k] - r_ref.T, axis=-1)) < 1e-3  # 1 m
        assert np.max(np.linalg.norm(itrf_v[k] - v_ref.T / 86400, axis=-1)) < 1e-6  # 1 mm/s


def test_full_skyfield_pipeline_with_ut1(iss) -> None:
    """Skyfield's EarthSatellite -> ITRS, with its own UT1-UTC; 1 m agreement."""
    times = time_grid(START, 5400, 60)
    t = TS.from_datetimes(to_datetimes(times))
    satellite = EarthSatellite(iss.line1, iss.line2, iss.name, TS)
    reference = satellite.at(t).frame_xyz(itrs).km.T
    states = propagate_teme([iss], times)
    ours, _ = teme_states_to_itrf(states, ut1_minus_utc_s=float(np.mean(t.dut1)))
    assert np.max(np.linalg.norm(ours[0] - reference, axis=-1)) < 1e-3


def test_geodetic_matches_skyfield_wgs84(iss) -> None:
    times = time_grid(START, 5400, 60)
    t = TS.from_datetimes(to_datetimes(times))
    reference = wgs84.geographic_position_of(
        EarthSatellite(iss.line1, iss.line2, iss.name, TS).at(t))
    track = ground_track(iss, times)
    # UTC used as UT1 here (|UT1-UTC| < 0.9 s): 0.01 deg of longitude is about 1 km.
    assert np.max(np.abs(track.latitude_deg - reference.latitude.degrees)) < 1e-6
    dlon = (track.longitude_deg - reference.longitude.degrees + 180) % 360 - 180
    assert np.max(np.abs(dlon)) < 0.01
    assert np.max(np.abs(track.altitude_km - reference.elevation.km)) < 1e-3


@pytest.mark.parametrize("lat_deg, lon_deg, alt_km", [(0, 0, 0), (39.9334, 32.8597, 0.938),
                                                      (89.9, -120, 420), (-60, 179.9, 35786)])
def test_geodetic_round_trip(lat_deg: float, lon_deg: float, alt_km: float) -> None:
    lat, lon, alt = itrf_to_geodetic(geodetic_to_itrf(lat_deg, lon_deg, alt_km))
    assert lat == pytest.approx(lat_deg, abs=1e-9)
    assert lon == pytest.approx(lon_deg, abs=1e-9)
    assert alt == pytest.approx(alt_km, abs=1e-6)  # 1 mm


def test_catalogue_block_shapes_and_iss_altitude(stations) -> None:
    times = time_grid(START, 3600, 60)
    track = propagate_geodetic(stations.records, times)
    assert track.latitude_deg.shape == (25, 61)
    iss = track.altitude_km[track.norad_ids.index(25544)]
    assert np.all((380 < iss) & (iss < 450))
    assert np.nanmax(np.abs(track.latitude_deg)) <= 90


def test_dateline_split_has_no_jumps(iss) -> None:
    track = ground_track(iss, time_grid(START, 3 * 5600, 30))
    pieces = split_at_dateline(track.longitude_deg)
    assert len(pieces) >= 3
    for piece in pieces:
        assert np.all(np.abs(np.diff(track.longitude_deg[piece])) < 180)
