"""Is the satellite in sunlight? Sun direction and Earth's shadow (umbra/penumbra).

Sun position: the low-precision formula of the Astronomical Almanac (as given in Vallado,
*Fundamentals of Astrodynamics and Applications*, Algorithm 29 "SUN"), good to about 0.01 deg
from 1950 to 2050, referred to the mean equator and equinox of date. That is within 0.01 deg of
TEME, far finer than the Sun's own 0.27 deg radius, so it is good enough to call a shadow edge.

Shadow: the conical model. Seen from the satellite, the Sun (apparent radius ``rho_sun``) and
the Earth (``rho_earth``) are discs whose centres are ``theta`` apart: umbra when the Earth disc
covers the Sun disc, penumbra when they overlap, sunlit otherwise (Montenbruck & Gill,
*Satellite Orbits*, sec. 3.4.2, with a spherical Earth of radius 6378.137 km).
"""

from __future__ import annotations

import numpy as np

from telemetry.timegrid import julian_date_split

AU_KM = 149_597_870.7
R_SUN_KM = 696_000.0
R_EARTH_KM = 6378.137
SUNLIT, PENUMBRA, UMBRA = 0, 1, 2


def sun_position_km(times: np.ndarray) -> np.ndarray:
    """Geocentric Sun position (km, mean equator/equinox of date ~ TEME), shape (n_times, 3)."""
    jd, fr = julian_date_split(times)
    t_ut1 = (jd - 2451545.0 + fr) / 36525.0
    mean_longitude_deg = 280.460 + 36000.771 * t_ut1
    mean_anomaly = np.radians(357.5291092 + 35999.05034 * t_ut1)
    ecliptic_longitude = np.radians(mean_longitude_deg + 1.914666471 * np.sin(mean_anomaly)
                                    + 0.019994643 * np.sin(2.0 * mean_anomaly))
    distance_au = (1.000140612 - 0.016708617 * np.cos(mean_anomaly)
                   - 0.000139589 * np.cos(2.0 * mean_anomaly))
    obliquity = np.radians(23.439291 - 0.0130042 * t_ut1)
    distance_km = distance_au * AU_KM
    return np.stack((distance_km * np.cos(ecliptic_longitude),
                     distance_km * np.cos(obliquity) * np.sin(ecliptic_longitude),
                     distance_km * np.sin(obliquity) * np.sin(ecliptic_longitude)), axis=-1)


def shadow_state(position_teme_km: np.ndarray, sun_km: np.ndarray) -> np.ndarray:
    """SUNLIT (0), PENUMBRA (1) or UMBRA (2) for positions (..., 3) and Sun vectors (..., 3)."""
    to_sun = sun_km - position_teme_km
    to_earth = -position_teme_km
    distance_sun = np.linalg.norm(to_sun, axis=-1)
    distance_earth = np.linalg.norm(to_earth, axis=-1)
    rho_sun = np.arcsin(np.clip(R_SUN_KM / distance_sun, -1.0, 1.0))
    rho_earth = np.arcsin(np.clip(R_EARTH_KM / distance_earth, -1.0, 1.0))
    cos_theta = np.sum(to_sun * to_earth, axis=-1) / (distance_sun * distance_earth)
    theta = np.arccos(np.clip(cos_theta, -1.0, 1.0))
    state = np.full(theta.shape, SUNLIT, dtype=np.int8)
    state[theta < rho_earth + rho_sun] = PENUMBRA
    state[theta <= rho_earth - rho_sun] = UMBRA
    return state


def is_sunlit(position_teme_km: np.ndarray, times: np.ndarray) -> np.ndarray:
    """True where a satellite is fully or partly lit; positions (n_sat, n_times, 3) or
    (n_times, 3), times (n_times,)."""
    sun = sun_position_km(times)
    return shadow_state(position_teme_km, sun) != UMBRA
