"""An orbit described the way a lesson asks for it, and the points that draw it.

Inputs are the classical elements with perigee/apogee *altitudes* (what students reason in);
the maths is :mod:`telemetry.kepler_core` (Curtis ch. 2 and 4). The 3-D points are the
perifocal ellipse rotated by R3(-RAAN) R1(-i) R3(-argp) (Curtis Eq. 4.49), in km, Earth-centred
inertial axes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from spacecraft.errors import SpacecraftInputError
from telemetry.kepler_core import (
    MU_EARTH_KM3_S2,
    R_EARTH_KM,
    hohmann_transfer,
    period_s,
    vis_viva_speed_km_s,
)


@dataclass(frozen=True)
class OrbitDesign:
    """A closed Earth orbit: perigee/apogee altitudes (km) and orientation (deg)."""

    perigee_altitude_km: float
    apogee_altitude_km: float
    inclination_deg: float = 0.0
    raan_deg: float = 0.0
    arg_perigee_deg: float = 0.0

    @property
    def perigee_radius_km(self) -> float:
        return R_EARTH_KM + self.perigee_altitude_km

    @property
    def apogee_radius_km(self) -> float:
        return R_EARTH_KM + self.apogee_altitude_km

    @property
    def semi_major_axis_km(self) -> float:
        return (self.perigee_radius_km + self.apogee_radius_km) / 2.0

    @property
    def eccentricity(self) -> float:
        return ((self.apogee_radius_km - self.perigee_radius_km)
                / (self.apogee_radius_km + self.perigee_radius_km))


def design_orbit(perigee_altitude_km: float, apogee_altitude_km: float,
                 inclination_deg: float = 0.0, raan_deg: float = 0.0,
                 arg_perigee_deg: float = 0.0) -> OrbitDesign:
    """A validated :class:`OrbitDesign`; SpacecraftInputError quoting the bad value."""
    if not perigee_altitude_km > 0:
        raise SpacecraftInputError("perigee_altitude_km", perigee_altitude_km,
                                   "must be above the surface (> 0 km)")
    if not apogee_altitude_km >= perigee_altitude_km:
        raise SpacecraftInputError("apogee_altitude_km", apogee_altitude_km,
                                   f"must be >= the perigee altitude {perigee_altitude_km} km")
    if not 0.0 <= inclination_deg <= 180.0:
        raise SpacecraftInputError("inclination_deg", inclination_deg, "must lie in [0, 180]")
    return OrbitDesign(float(perigee_altitude_km), float(apogee_altitude_km),
                       float(inclination_deg), float(raan_deg) % 360.0,
                       float(arg_perigee_deg) % 360.0)


def design_from_elements(semi_major_axis_km: float, eccentricity: float,
                         inclination_deg: float = 0.0, raan_deg: float = 0.0,
                         arg_perigee_deg: float = 0.0) -> OrbitDesign:
    """The same orbit from (a, e); e >= 1 is not an ellipse and is refused."""
    if not 0.0 <= eccentricity < 1.0:
        raise SpacecraftInputError("eccentricity", eccentricity,
                                   "must lie in [0, 1) for a closed (elliptical) orbit")
    if not semi_major_axis_km > 0:
        raise SpacecraftInputError("semi_major_axis_km", semi_major_axis_km, "must be > 0 km")
    perigee_alt = semi_major_axis_km * (1.0 - eccentricity) - R_EARTH_KM
    apogee_alt = semi_major_axis_km * (1.0 + eccentricity) - R_EARTH_KM
    return design_orbit(perigee_alt, apogee_alt, inclination_deg, raan_deg, arg_perigee_deg)


@dataclass(frozen=True)
class OrbitFacts:
    """What the explorer prints: period and the speeds at the apsides."""

    period_s: float
    perigee_speed_km_s: float
    apogee_speed_km_s: float


def orbit_facts(orbit: OrbitDesign) -> OrbitFacts:
    """Period (Kepler's third law) and vis-viva speeds at perigee and apogee."""
    a = orbit.semi_major_axis_km
    return OrbitFacts(period_s(a), vis_viva_speed_km_s(orbit.perigee_radius_km, a),
                      vis_viva_speed_km_s(orbit.apogee_radius_km, a))


def orbit_points_km(orbit: OrbitDesign, n_points: int = 181) -> np.ndarray:
    """(n_points, 3) positions round the whole orbit, inertial axes, km."""
    nu = np.linspace(0.0, 2.0 * math.pi, n_points)
    e, a = orbit.eccentricity, orbit.semi_major_axis_km
    r = a * (1.0 - e**2) / (1.0 + e * np.cos(nu))
    perifocal = np.stack((r * np.cos(nu), r * np.sin(nu), np.zeros_like(nu)), axis=1)
    return perifocal @ perifocal_to_inertial(orbit).T


def perifocal_to_inertial(orbit: OrbitDesign) -> np.ndarray:
    """The 3x3 rotation perifocal -> inertial (Curtis Eq. 4.49)."""
    o, i, w = (math.radians(orbit.raan_deg), math.radians(orbit.inclination_deg),
               math.radians(orbit.arg_perigee_deg))
    r3o = np.array([[math.cos(o), -math.sin(o), 0], [math.sin(o), math.cos(o), 0], [0, 0, 1]])
    r1i = np.array([[1, 0, 0], [0, math.cos(i), -math.sin(i)], [0, math.sin(i), math.cos(i)]])
    r3w = np.array([[math.cos(w), -math.sin(w), 0], [math.sin(w), math.cos(w), 0], [0, 0, 1]])
    return r3o @ r1i @ r3w


@dataclass(frozen=True)
class TransferPlan:
    """A Hohmann transfer between two circular orbits (altitudes in km)."""

    from_altitude_km: float
    to_altitude_km: float
    delta_v_km_s: tuple[float, ...]
    time_of_flight_s: float

    @property
    def total_delta_v_km_s(self) -> float:
        return sum(abs(dv) for dv in self.delta_v_km_s)


def hohmann_plan(from_altitude_km: float, to_altitude_km: float) -> TransferPlan:
    """Hohmann transfer between circular orbits (Curtis sec. 6.2), via telemetry.kepler_core."""
    for name, value in (("from_altitude_km", from_altitude_km),
                        ("to_altitude_km", to_altitude_km)):
        if not value > 0:
            raise SpacecraftInputError(name, value, "must be above the surface (> 0 km)")
    budget = hohmann_transfer(R_EARTH_KM + from_altitude_km, R_EARTH_KM + to_altitude_km,
                              MU_EARTH_KM3_S2)
    return TransferPlan(from_altitude_km, to_altitude_km, tuple(budget.delta_v_km_s),
                        budget.time_of_flight_s)


def transfer_points_km(plan: TransferPlan, orbit: OrbitDesign, n_points: int = 91) -> np.ndarray:
    """Half of the transfer ellipse, drawn in the plane of ``orbit`` (km)."""
    r1 = R_EARTH_KM + plan.from_altitude_km
    r2 = R_EARTH_KM + plan.to_altitude_km
    a = (r1 + r2) / 2.0
    e = abs(r2 - r1) / (r1 + r2)
    nu = np.linspace(0.0, math.pi, n_points) + (0.0 if r2 >= r1 else math.pi)
    r = a * (1.0 - e**2) / (1.0 + e * np.cos(nu))
    start_angle = 0.0 if r2 >= r1 else math.pi
    angle = nu - start_angle
    perifocal = np.stack((r * np.cos(angle), r * np.sin(angle), np.zeros_like(nu)), axis=1)
    return perifocal @ perifocal_to_inertial(orbit).T
