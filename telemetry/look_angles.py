"""Azimuth, elevation and range of satellites seen from a ground station.

Geometric (no refraction): the vector from the site to the satellite in the Earth-fixed frame,
rotated into the local east-north-up frame of the WGS84 geodetic vertical. Skyfield's ``altaz()``
without a temperature/pressure gives the same quantity, which the tests use as reference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from telemetry.stations import GroundStation


@dataclass(frozen=True)
class LookAngles:
    """Arrays broadcast like the input positions (without the last axis)."""

    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray
    range_km: np.ndarray


def enu_rotation(station: GroundStation) -> np.ndarray:
    """3x3 matrix taking Earth-fixed vectors to (east, north, up) at the station."""
    lat = np.radians(station.latitude_deg)
    lon = np.radians(station.longitude_deg)
    sin_lat, cos_lat = np.sin(lat), np.cos(lat)
    sin_lon, cos_lon = np.sin(lon), np.cos(lon)
    return np.array([
        [-sin_lon, cos_lon, 0.0],
        [-sin_lat * cos_lon, -sin_lat * sin_lon, cos_lat],
        [cos_lat * cos_lon, cos_lat * sin_lon, sin_lat],
    ])


def look_angles(position_itrf_km: np.ndarray, station: GroundStation) -> LookAngles:
    """Look angles to Earth-fixed positions of shape (..., 3)."""
    relative = position_itrf_km - station.position_itrf_km
    enu = relative @ enu_rotation(station).T
    east, north, up = enu[..., 0], enu[..., 1], enu[..., 2]
    range_km = np.linalg.norm(enu, axis=-1)
    elevation = np.degrees(np.arcsin(np.clip(up / range_km, -1.0, 1.0)))
    azimuth = np.degrees(np.arctan2(east, north)) % 360.0
    return LookAngles(azimuth, elevation, range_km)
