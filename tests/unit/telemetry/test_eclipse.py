"""Sun direction against astropy, and the shadow geometry.

Reference: astropy ``get_sun`` (ERFA, offline) transformed to TETE (true equator and equinox of
date, within ~1 arcsec of TEME). Tolerance 0.02 deg: the Almanac formula claims 0.01 deg.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from astropy.coordinates import TETE, get_sun
from astropy.time import Time
from astropy.utils import iers

from telemetry.eclipse import PENUMBRA, SUNLIT, UMBRA, shadow_state, sun_position_km
from telemetry.propagate import propagate_teme
from telemetry.timegrid import time_grid


def test_sun_direction_matches_astropy() -> None:
    times = time_grid(datetime(2025, 1, 1, tzinfo=UTC), 2 * 365 * 86400, 86400 * 9.5)
    ours = sun_position_km(times)
    t = Time(times.astype("datetime64[ns]").astype(str).tolist(), scale="utc")
    # Offline by design: the bundled IERS table, whatever its age (UT1-UTC is far below the
    # 0.02 deg tolerance), never a download attempt.
    with iers.conf.set_temp("auto_download", False), iers.conf.set_temp("auto_max_age", None):
        theirs = get_sun(t).transform_to(TETE(obstime=t)).cartesian.xyz.to_value("km").T
    cos = np.sum(ours * theirs, axis=1) / np.linalg.norm(ours, axis=1) / np.linalg.norm(
        theirs, axis=1)
    assert np.degrees(np.arccos(np.clip(cos, -1, 1))).max() < 0.02
    assert np.allclose(np.linalg.norm(ours, axis=1), np.linalg.norm(theirs, axis=1), rtol=1e-4)


def test_shadow_geometry() -> None:
    sun = np.array([1.496e8, 0.0, 0.0])
    r = 6778.0
    positions = np.array([[r, 0, 0], [-r, 0, 0], [0, r, 0], [-r * 0.3, 6378.0 * 1.0, 0]])
    states = shadow_state(positions, np.broadcast_to(sun, positions.shape))
    assert states[0] == SUNLIT and states[1] == UMBRA and states[2] == SUNLIT
    # Walking along the shadow edge goes sunlit -> penumbra -> umbra.
    ys = np.linspace(6450.0, 6340.0, 400)  # penumbra is ~30 km wide at 400 km altitude
    edge = shadow_state(np.stack([np.full_like(ys, -r), ys, np.zeros_like(ys)], axis=-1),
                        np.broadcast_to(sun, (ys.size, 3)))
    assert edge[0] == SUNLIT and edge[-1] == UMBRA and PENUMBRA in edge
    assert np.all(np.diff(edge) >= 0)


def test_iss_spends_a_plausible_fraction_in_shadow(iss) -> None:
    """A 420 km orbit is shadowed at most ~38 % of the time (beta angle 0), never above."""
    times = time_grid(iss.epoch, 3 * 5576, 10)
    position = propagate_teme([iss], times).position_km[0]
    states = shadow_state(position, sun_position_km(times))
    umbra_fraction = np.mean(states == UMBRA)
    assert 0.0 <= umbra_fraction < 0.40
    assert np.mean(states == PENUMBRA) < 0.02
