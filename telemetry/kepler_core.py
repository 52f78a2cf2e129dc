"""Two-body maths on plain floats, in fixed units: km, s, rad (names say so).

This is the "core" layer in poliastro's sense: no astropy units, no objects, formulas you can
read next to the textbook. :mod:`telemetry.kepler` wraps it for boinor ``Orbit`` objects.
References: H. D. Curtis, *Orbital Mechanics for Engineering Students* (Curtis), chapters 4-6;
D. A. Vallado, *Fundamentals of Astrodynamics and Applications* (Vallado), chapters 2 and 6.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import acos, atan2, cos, pi, sin, sqrt

import numpy as np

MU_EARTH_KM3_S2 = 398600.4418
"""Earth's gravitational parameter (WGS84/EGM96 value)."""
R_EARTH_KM = 6378.137
J2_EARTH = 1.08262668e-3


@dataclass(frozen=True)
class ClassicalElements:
    """Osculating Keplerian elements (angles in rad)."""

    specific_angular_momentum_km2_s: float
    eccentricity: float
    inclination_rad: float
    raan_rad: float
    arg_perigee_rad: float
    true_anomaly_rad: float
    semi_major_axis_km: float


@dataclass(frozen=True)
class TransferBudget:
    """The impulses of a transfer (km/s, in order) and its flight time (s)."""

    delta_v_km_s: tuple[float, ...]
    time_of_flight_s: float

    @property
    def total_delta_v_km_s(self) -> float:
        return float(sum(abs(dv) for dv in self.delta_v_km_s))


def rv_to_elements(position_km: np.ndarray, velocity_km_s: np.ndarray,
                   mu_km3_s2: float = MU_EARTH_KM3_S2) -> ClassicalElements:
    """State vector to classical elements (Curtis Algorithm 4.2)."""
    r_vec = np.asarray(position_km, dtype=float)
    v_vec = np.asarray(velocity_km_s, dtype=float)
    r = float(np.linalg.norm(r_vec))
    v = float(np.linalg.norm(v_vec))
    v_radial = float(np.dot(r_vec, v_vec)) / r
    h_vec = np.cross(r_vec, v_vec)
    h = float(np.linalg.norm(h_vec))
    inclination = acos(h_vec[2] / h)
    node = np.cross([0.0, 0.0, 1.0], h_vec)
    n = float(np.linalg.norm(node))
    raan = 0.0
    if n > 1e-12:
        raan = acos(np.clip(node[0] / n, -1.0, 1.0))
        if node[1] < 0:
            raan = 2.0 * pi - raan
    e_vec = ((v * v - mu_km3_s2 / r) * r_vec - r * v_radial * v_vec) / mu_km3_s2
    e = float(np.linalg.norm(e_vec))
    arg_perigee = 0.0
    if n > 1e-12 and e > 1e-12:
        arg_perigee = acos(np.clip(np.dot(node, e_vec) / (n * e), -1.0, 1.0))
        if e_vec[2] < 0:
            arg_perigee = 2.0 * pi - arg_perigee
    if e > 1e-12:
        true_anomaly = acos(np.clip(np.dot(e_vec, r_vec) / (e * r), -1.0, 1.0))
        if v_radial < 0:
            true_anomaly = 2.0 * pi - true_anomaly
    else:
        true_anomaly = atan2(float(np.dot(np.cross(node, r_vec), h_vec)) / h,
                             float(np.dot(node, r_vec)))
    semi_major_axis = h * h / mu_km3_s2 / (1.0 - e * e)
    return ClassicalElements(h, e, inclination, raan, arg_perigee, true_anomaly, semi_major_axis)


def period_s(semi_major_axis_km: float, mu_km3_s2: float = MU_EARTH_KM3_S2) -> float:
    """Orbital period of an ellipse (Kepler's third law)."""
    return 2.0 * pi * sqrt(semi_major_axis_km**3 / mu_km3_s2)


def vis_viva_speed_km_s(radius_km: float, semi_major_axis_km: float,
                        mu_km3_s2: float = MU_EARTH_KM3_S2) -> float:
    """Speed at a radius on an orbit of given semi-major axis: v^2 = mu (2/r - 1/a)."""
    return sqrt(mu_km3_s2 * (2.0 / radius_km - 1.0 / semi_major_axis_km))


def hohmann_transfer(r_initial_km: float, r_final_km: float,
                     mu_km3_s2: float = MU_EARTH_KM3_S2) -> TransferBudget:
    """Hohmann transfer between coplanar circular orbits (Curtis sec. 6.2)."""
    a_transfer = (r_initial_km + r_final_km) / 2.0
    dv1 = vis_viva_speed_km_s(r_initial_km, a_transfer, mu_km3_s2) - sqrt(mu_km3_s2 / r_initial_km)
    dv2 = sqrt(mu_km3_s2 / r_final_km) - vis_viva_speed_km_s(r_final_km, a_transfer, mu_km3_s2)
    return TransferBudget((dv1, dv2), period_s(a_transfer, mu_km3_s2) / 2.0)


def apse_line_burn_km_s(r_burn_km: float, r_other_before_km: float, r_other_after_km: float,
                        mu_km3_s2: float = MU_EARTH_KM3_S2) -> float:
    """Tangential impulse at an apse that moves the opposite apse (Curtis Example 6.1 style)."""
    before = vis_viva_speed_km_s(r_burn_km, (r_burn_km + r_other_before_km) / 2.0, mu_km3_s2)
    after = vis_viva_speed_km_s(r_burn_km, (r_burn_km + r_other_after_km) / 2.0, mu_km3_s2)
    return after - before


def bielliptic_transfer(r_initial_km: float, r_intermediate_km: float, r_final_km: float,
                        mu_km3_s2: float = MU_EARTH_KM3_S2) -> TransferBudget:
    """Bi-elliptic Hohmann transfer via apoapsis ``r_intermediate_km`` (Curtis sec. 6.3)."""
    a1 = (r_initial_km + r_intermediate_km) / 2.0
    a2 = (r_intermediate_km + r_final_km) / 2.0
    dv1 = vis_viva_speed_km_s(r_initial_km, a1, mu_km3_s2) - sqrt(mu_km3_s2 / r_initial_km)
    dv2 = (vis_viva_speed_km_s(r_intermediate_km, a2, mu_km3_s2)
           - vis_viva_speed_km_s(r_intermediate_km, a1, mu_km3_s2))
    dv3 = vis_viva_speed_km_s(r_final_km, a2, mu_km3_s2) - sqrt(mu_km3_s2 / r_final_km)
    time = (period_s(a1, mu_km3_s2) + period_s(a2, mu_km3_s2)) / 2.0
    return TransferBudget((dv1, dv2, dv3), time)


def plane_change_delta_v_km_s(speed_km_s: float, delta_inclination_rad: float) -> float:
    """Pure plane change at constant speed: dv = 2 v sin(di/2) (Curtis eq. 6.22 form)."""
    return 2.0 * speed_km_s * sin(abs(delta_inclination_rad) / 2.0)


def combined_plane_change_delta_v_km_s(speed_before_km_s: float, speed_after_km_s: float,
                                       delta_inclination_rad: float) -> float:
    """Speed and plane change in one impulse (law of cosines on the two velocity vectors)."""
    return sqrt(speed_before_km_s**2 + speed_after_km_s**2
                - 2.0 * speed_before_km_s * speed_after_km_s * cos(delta_inclination_rad))


def j2_nodal_regression_rad_s(semi_major_axis_km: float, eccentricity: float,
                              inclination_rad: float, mu_km3_s2: float = MU_EARTH_KM3_S2,
                              j2: float = J2_EARTH, r_body_km: float = R_EARTH_KM) -> float:
    """Secular drift of the ascending node due to J2 (Curtis eq. 4.52); negative = westward."""
    n = sqrt(mu_km3_s2 / semi_major_axis_km**3)
    p = semi_major_axis_km * (1.0 - eccentricity**2)
    return -1.5 * n * j2 * (r_body_km / p) ** 2 * cos(inclination_rad)


def sun_synchronous_inclination_rad(semi_major_axis_km: float, eccentricity: float = 0.0,
                                    mu_km3_s2: float = MU_EARTH_KM3_S2, j2: float = J2_EARTH,
                                    r_body_km: float = R_EARTH_KM) -> float:
    """Inclination whose J2 node drift follows the mean Sun (360 deg per 365.2422 days)."""
    rate_rad_s = 2.0 * pi / (365.2422 * 86400.0)
    n = sqrt(mu_km3_s2 / semi_major_axis_km**3)
    p = semi_major_axis_km * (1.0 - eccentricity**2)
    cos_i = -rate_rad_s / (1.5 * n * j2 * (r_body_km / p) ** 2)
    if not -1.0 <= cos_i <= 1.0:
        raise ValueError(f"no sun-synchronous inclination for a={semi_major_axis_km!r} km")
    return acos(cos_i)
