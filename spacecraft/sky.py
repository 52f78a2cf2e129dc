"""Where the Sun is overhead, the day/night line, and what a satellite can see.

Subsolar point: the Sun direction of :func:`telemetry.eclipse.sun_position_km` (Astronomical
Almanac low-precision formula, ~0.01 deg) rotated to Earth-fixed by GMST (IAU 1982, as
:mod:`telemetry.earth_frames` does for SGP4). Terminator: the great circle 90 deg from the
subsolar point, tan(lat) = -cos(lon - lon_s) / tan(lat_s) (no refraction, spherical Earth:
good to ~0.5 deg, which is a map line's width). Coverage: the spherical-Earth footprint for a
minimum elevation, Earth central angle lambda = acos(R/(R+h) cos eps) - eps (New SMAD ch. 8).
"""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np

from spacecraft.errors import SpacecraftInputError
from telemetry.earth_frames import gmst1982_rad
from telemetry.eclipse import sun_position_km
from telemetry.timegrid import as_datetime64, julian_date_split

EARTH_RADIUS_KM = 6378.137


def subsolar_point_deg(when: datetime) -> tuple[float, float]:
    """(latitude, longitude) in degrees where the Sun is at the zenith at ``when`` (UTC)."""
    times = as_datetime64([when])
    sun = sun_position_km(times)[0]
    jd, fraction = julian_date_split(times)
    gmst, _ = gmst1982_rad(jd, fraction)
    latitude = math.degrees(math.atan2(sun[2], math.hypot(sun[0], sun[1])))
    longitude = math.degrees(math.atan2(sun[1], sun[0]) - float(gmst[0]))
    return latitude, (longitude + 180.0) % 360.0 - 180.0


def terminator_deg(when: datetime, n_points: int = 181) -> tuple[np.ndarray, np.ndarray]:
    """(longitudes, latitudes) of the day/night line at ``when``, west to east."""
    sub_lat, sub_lon = subsolar_point_deg(when)
    longitudes = np.linspace(-180.0, 180.0, n_points)
    tan_sub = math.tan(math.radians(sub_lat))
    if abs(tan_sub) < 1e-9:  # equinox: the terminator runs through the poles
        tan_sub = 1e-9
    latitudes = np.degrees(np.arctan(-np.cos(np.radians(longitudes - sub_lon)) / tan_sub))
    return longitudes, latitudes


def night_polygon_deg(when: datetime, n_points: int = 181) -> tuple[np.ndarray, np.ndarray]:
    """A closed polygon over the night side: the terminator closed at the dark pole."""
    longitudes, latitudes = terminator_deg(when, n_points)
    sub_lat, _ = subsolar_point_deg(when)
    dark_pole = -90.0 if sub_lat >= 0 else 90.0
    lons = np.concatenate(([-180.0], longitudes, [180.0, -180.0]))
    lats = np.concatenate(([dark_pole], latitudes, [dark_pole, dark_pole]))
    return lons, lats


def coverage_half_angle_deg(altitude_km: float, min_elevation_deg: float = 0.0) -> float:
    """Earth central angle (deg) from the sub-satellite point to the footprint edge."""
    if not altitude_km > 0:
        raise SpacecraftInputError("altitude_km", altitude_km, "must be > 0 km")
    if not 0.0 <= min_elevation_deg < 90.0:
        raise SpacecraftInputError("min_elevation_deg", min_elevation_deg, "must lie in [0, 90)")
    eps = math.radians(min_elevation_deg)
    ratio = EARTH_RADIUS_KM / (EARTH_RADIUS_KM + altitude_km)
    return math.degrees(math.acos(ratio * math.cos(eps)) - eps)


def coverage_circle_deg(latitude_deg: float, longitude_deg: float, half_angle_deg: float,
                        n_points: int = 73) -> tuple[np.ndarray, np.ndarray]:
    """(lons, lats) of the small circle ``half_angle_deg`` around a point (spherical Earth).

    Longitudes are wrapped to [-180, 180); a NaN is inserted where the circle crosses the
    date line so a map does not draw a line across the whole world.
    """
    lat0, lon0 = math.radians(latitude_deg), math.radians(longitude_deg)
    d = math.radians(half_angle_deg)
    bearing = np.linspace(0.0, 2.0 * math.pi, n_points)
    lat = np.arcsin(math.sin(lat0) * math.cos(d) + math.cos(lat0) * math.sin(d) * np.cos(bearing))
    lon = lon0 + np.arctan2(np.sin(bearing) * math.sin(d) * math.cos(lat0),
                            math.cos(d) - math.sin(lat0) * np.sin(lat))
    lons = (np.degrees(lon) + 180.0) % 360.0 - 180.0
    lats = np.degrees(lat)
    jumps = np.nonzero(np.abs(np.diff(lons)) > 180.0)[0]
    return np.insert(lons, jumps + 1, np.nan), np.insert(lats, jumps + 1, np.nan)
