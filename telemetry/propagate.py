"""SGP4 for many satellites at many times, in one vectorised call.

``sgp4.api.SatrecArray`` runs Vallado's C++ SGP4 over an (n_satellites x n_times) grid without a
Python loop; we then rotate the whole block to Earth-fixed and geodetic with numpy. This is the
hot path behind ground-track maps and the catalogue view (see ``benchmarks/propagation.py``).

Error codes are SGP4's own (Vallado 2006): 0 ok, 1 mean eccentricity out of range, 2 mean motion
below 0, 3 perturbed eccentricity out of range, 4 semi-latus rectum below 0, 6 orbit decayed.
Failed samples are NaN in the outputs, never silently zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sgp4.api import SatrecArray

from telemetry.earth_frames import itrf_to_geodetic, teme_to_itrf
from telemetry.elements import ElementSet
from telemetry.timegrid import as_datetime64, julian_date_split

SGP4_ERRORS = {
    0: "ok",
    1: "mean eccentricity out of range",
    2: "mean motion below zero",
    3: "perturbed eccentricity out of range",
    4: "semi-latus rectum below zero",
    6: "orbit has decayed",
}


@dataclass(frozen=True)
class TemeStates:
    """Positions (km) and velocities (km/s) in TEME, shape (n_satellites, n_times, 3)."""

    times: np.ndarray
    position_km: np.ndarray
    velocity_km_s: np.ndarray
    error_code: np.ndarray
    norad_ids: tuple[int, ...]


@dataclass(frozen=True)
class GeodeticTrack:
    """Sub-satellite points, shape (n_satellites, n_times); NaN where SGP4 failed."""

    times: np.ndarray
    latitude_deg: np.ndarray
    longitude_deg: np.ndarray
    altitude_km: np.ndarray
    norad_ids: tuple[int, ...]


def satrec_array(elements: Sequence[ElementSet]) -> SatrecArray:
    """One ``SatrecArray`` for a set of element sets (build it once, propagate many times)."""
    return SatrecArray([element.to_satrec() for element in elements])


def propagate_teme(elements: Sequence[ElementSet] | SatrecArray,
                   times: np.ndarray | Sequence[datetime],
                   norad_ids: Sequence[int] | None = None) -> TemeStates:
    """TEME states of every element set at every time (UTC)."""
    times64 = as_datetime64(times)
    jd, fr = julian_date_split(times64)
    if isinstance(elements, SatrecArray):
        array = elements
        ids = tuple(norad_ids or ())
    else:
        array = satrec_array(elements)
        ids = tuple(e.norad_id for e in elements)
    error, position, velocity = array.sgp4(jd, fr)
    bad = error != 0
    if bad.any():
        position[bad] = np.nan
        velocity[bad] = np.nan
    return TemeStates(times64, position, velocity, error, ids)


def teme_states_to_itrf(states: TemeStates, ut1_minus_utc_s: float = 0.0
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Earth-fixed positions (km) and velocities (km/s) of a propagated block."""
    jd, fr = julian_date_split(states.times)
    fr = fr + ut1_minus_utc_s / 86400.0
    position, velocity = teme_to_itrf(states.position_km, states.velocity_km_s, jd, fr)
    assert velocity is not None
    return position, velocity


def propagate_geodetic(elements: Sequence[ElementSet] | SatrecArray,
                       times: np.ndarray | Sequence[datetime],
                       norad_ids: Sequence[int] | None = None) -> GeodeticTrack:
    """Latitude, longitude and altitude of every satellite at every time, in one array pass."""
    states = propagate_teme(elements, times, norad_ids)
    jd, fr = julian_date_split(states.times)
    position, _ = teme_to_itrf(states.position_km, None, jd, fr)
    latitude, longitude, altitude = itrf_to_geodetic(position)
    return GeodeticTrack(states.times, latitude, longitude, altitude, states.norad_ids)


def ground_track(element: ElementSet, times: np.ndarray | Sequence[datetime]) -> GeodeticTrack:
    """The ground track of one satellite (arrays of shape (n_times,))."""
    track = propagate_geodetic([element], times)
    return GeodeticTrack(track.times, track.latitude_deg[0], track.longitude_deg[0],
                         track.altitude_km[0], track.norad_ids)


def split_at_dateline(longitude_deg: np.ndarray, threshold_deg: float = 180.0) -> list[slice]:
    """Slices of a ground track that do not jump across +-180 deg, so a map draws no
    horizontal line across the world."""
    jumps = np.nonzero(np.abs(np.diff(longitude_deg)) > threshold_deg)[0] + 1
    edges = [0, *jumps.tolist(), len(longitude_deg)]
    return [slice(a, b) for a, b in zip(edges[:-1], edges[1:], strict=True) if b > a]
