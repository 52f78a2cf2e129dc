"""TEME -> Earth-fixed (ITRF) -> WGS84 geodetic, vectorised over any array shape.

SGP4 outputs positions in TEME ("true equator, mean equinox"), a frame that turns with the stars.
To put a satellite over a city we rotate about the pole by Greenwich Mean Sidereal Time (the IAU
1982 expression, which is what SGP4's TEME is defined against: Vallado et al. 2006, "Revisiting
Spacetrack Report #3", AIAA 2006-6753, sec. 5 and appendix C), then convert Cartesian to geodetic
on the WGS84 ellipsoid. Polar motion (under 15 m) is ignored. The same formulas are published in
Skyfield's ``skyfield.sgp4lib.TEME_to_ITRF`` and ``theta_GMST1982``; the tests check we agree.

Why our own numpy version instead of calling Skyfield per satellite: the catalogue benchmark
(12,806 objects x 90 steps) needs one array operation, not 12,806 Python calls.
"""

from __future__ import annotations

import numpy as np

WGS84_A_KM = 6378.137
WGS84_F = 1.0 / 298.257223563
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)
_J2000_JD = 2451545.0
_SECONDS_PER_DAY = 86400.0
_TAU = 2.0 * np.pi


def gmst1982_rad(jd_ut1: np.ndarray, fraction_ut1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Greenwich mean sidereal angle (rad) and its rate (rad/s), IAU 1982 (Aoki et al. 1982).

    Split Julian date keeps sub-millisecond precision.
    """
    jd_ut1 = np.asarray(jd_ut1, dtype=np.float64)
    fraction_ut1 = np.asarray(fraction_ut1, dtype=np.float64)
    t = (jd_ut1 - _J2000_JD + fraction_ut1) / 36525.0
    g = 67310.54841 + (8640184.812866 + (0.093104 + (-6.2e-6) * t) * t) * t
    dg = 8640184.812866 + (0.093104 * 2.0 + (-6.2e-6 * 3.0) * t) * t
    theta = (jd_ut1 % 1.0 + fraction_ut1 + g / _SECONDS_PER_DAY % 1.0) % 1.0 * _TAU
    theta_dot_rad_per_day = (1.0 + dg / _SECONDS_PER_DAY / 36525.0) * _TAU
    return theta, theta_dot_rad_per_day / _SECONDS_PER_DAY


def teme_to_itrf(position_teme_km: np.ndarray, velocity_teme_km_s: np.ndarray | None,
                 jd_ut1: np.ndarray, fraction_ut1: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray | None]:
    """Rotate TEME states into the Earth-fixed frame (no polar motion).

    ``position_teme_km`` has shape (..., 3) and the times broadcast against its leading axes:
    (n_times,) with positions (n_sat, n_times, 3) is the usual case. The velocity gains the
    -omega x r term of the rotating frame.
    """
    theta, theta_dot = gmst1982_rad(jd_ut1, fraction_ut1)
    cos_t = np.cos(theta)
    sin_t = np.sin(theta)
    x = position_teme_km[..., 0]
    y = position_teme_km[..., 1]
    x_itrf = cos_t * x + sin_t * y
    y_itrf = -sin_t * x + cos_t * y
    position = np.stack((x_itrf, y_itrf, position_teme_km[..., 2]), axis=-1)
    if velocity_teme_km_s is None:
        return position, None
    vx = velocity_teme_km_s[..., 0]
    vy = velocity_teme_km_s[..., 1]
    vx_itrf = cos_t * vx + sin_t * vy + theta_dot * y_itrf
    vy_itrf = -sin_t * vx + cos_t * vy - theta_dot * x_itrf
    velocity = np.stack((vx_itrf, vy_itrf, velocity_teme_km_s[..., 2]), axis=-1)
    return position, velocity


def itrf_to_geodetic(position_itrf_km: np.ndarray, iterations: int = 3
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Earth-fixed Cartesian (km) -> WGS84 latitude (deg), longitude (deg, -180..180), height (km).

    Fixed-point iteration on latitude (as Skyfield's ``wgs84`` does); three rounds reach
    sub-millimetre height for any satellite above the ground.
    """
    x = position_itrf_km[..., 0]
    y = position_itrf_km[..., 1]
    z = position_itrf_km[..., 2]
    longitude = np.arctan2(y, x)
    horizontal = np.hypot(x, y)
    latitude = np.arctan2(z, horizontal * (1.0 - WGS84_E2))
    for _ in range(iterations):
        sin_lat = np.sin(latitude)
        c = WGS84_A_KM / np.sqrt(1.0 - WGS84_E2 * sin_lat * sin_lat)
        latitude = np.arctan2(z + c * WGS84_E2 * sin_lat, horizontal)
    sin_lat = np.sin(latitude)
    cos_lat = np.cos(latitude)
    c = WGS84_A_KM / np.sqrt(1.0 - WGS84_E2 * sin_lat * sin_lat)
    # Use whichever formula is well conditioned: near the poles cos(lat) -> 0.
    with np.errstate(divide="ignore", invalid="ignore"):
        height_eq = horizontal / cos_lat - c
        height_pole = z / sin_lat - c * (1.0 - WGS84_E2)
    height = np.where(np.abs(cos_lat) > 0.5, height_eq, height_pole)
    return np.degrees(latitude), np.degrees(longitude), height


def geodetic_to_itrf(latitude_deg: float, longitude_deg: float, altitude_km: float) -> np.ndarray:
    """WGS84 geodetic coordinates -> Earth-fixed Cartesian position (km)."""
    lat = np.radians(latitude_deg)
    lon = np.radians(longitude_deg)
    sin_lat = np.sin(lat)
    c = WGS84_A_KM / np.sqrt(1.0 - WGS84_E2 * sin_lat * sin_lat)
    s = c * (1.0 - WGS84_E2)
    return np.array([(c + altitude_km) * np.cos(lat) * np.cos(lon),
                     (c + altitude_km) * np.cos(lat) * np.sin(lon),
                     (s + altitude_km) * sin_lat])
