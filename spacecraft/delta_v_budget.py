"""A small spacecraft's delta-v budget: raise, keep, and leave its orbit.

Orbit raise: Hohmann between circular orbits (Curtis sec. 6.2, via telemetry.kepler_core).
De-orbit: one tangential burn at the circular altitude that lowers the perigee into the
atmosphere (Curtis sec. 6.2, apse-line burn), after which drag finishes the job. Which perigee
brings the satellite down within the FCC's 5-year rule (FCC 22-74, 2022) depends on solar
activity and ballistic coefficient; the default ``DEORBIT_PERIGEE_ALTITUDE_KM`` = 200 km is a
conservative teaching choice (a CubeSat with its perigee at 200 km re-enters within weeks at
any solar activity, cf. the lifetime curves in New SMAD ch. 9), well inside the rule; it is a
parameter, not a fact.
Station keeping is entered as m/s per year (a mission-analysis output, not modelled here).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacecraft.errors import SpacecraftInputError
from telemetry.kepler_core import R_EARTH_KM, apse_line_burn_km_s, hohmann_transfer

DEORBIT_PERIGEE_ALTITUDE_KM = 200.0


@dataclass(frozen=True)
class DeltaVBudget:
    """The three terms in m/s and their sum."""

    orbit_raise_m_s: float
    station_keeping_m_s: float
    deorbit_m_s: float

    @property
    def total_m_s(self) -> float:
        return self.orbit_raise_m_s + self.station_keeping_m_s + self.deorbit_m_s


def orbit_raise_delta_v_m_s(from_altitude_km: float, to_altitude_km: float) -> float:
    """Total Hohmann delta-v between two circular altitudes (either direction)."""
    if not (from_altitude_km > 0 and to_altitude_km > 0):
        raise SpacecraftInputError("altitudes_km", (from_altitude_km, to_altitude_km),
                                   "both must be > 0 km")
    budget = hohmann_transfer(R_EARTH_KM + from_altitude_km, R_EARTH_KM + to_altitude_km)
    return sum(abs(dv) for dv in budget.delta_v_km_s) * 1000.0


def deorbit_delta_v_m_s(altitude_km: float,
                        perigee_altitude_km: float = DEORBIT_PERIGEE_ALTITUDE_KM) -> float:
    """Retro-burn at ``altitude_km`` (circular) that puts the perigee at ``perigee_altitude_km``.

    Zero if the orbit is already at or below that perigee.
    """
    if not altitude_km > 0:
        raise SpacecraftInputError("altitude_km", altitude_km, "must be > 0 km")
    if altitude_km <= perigee_altitude_km:
        return 0.0
    r = R_EARTH_KM + altitude_km
    return abs(apse_line_burn_km_s(r, r, R_EARTH_KM + perigee_altitude_km)) * 1000.0


def delta_v_budget(operational_altitude_km: float, insertion_altitude_km: float,
                   station_keeping_m_s_per_year: float, mission_years: float) -> DeltaVBudget:
    """Insertion -> operational raise, station keeping over the mission, then de-orbit."""
    if not station_keeping_m_s_per_year >= 0:
        raise SpacecraftInputError("station_keeping_m_s_per_year",
                                   station_keeping_m_s_per_year, "must be >= 0 m/s per year")
    if not mission_years >= 0:
        raise SpacecraftInputError("mission_years", mission_years, "must be >= 0 years")
    return DeltaVBudget(
        orbit_raise_delta_v_m_s(insertion_altitude_km, operational_altitude_km),
        station_keeping_m_s_per_year * mission_years,
        deorbit_delta_v_m_s(operational_altitude_km),
    )
