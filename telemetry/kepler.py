"""Keplerian teaching layer on boinor: orbits from element sets, transfers, Lambert.

Why SGP4 mean elements are not Keplerian elements
-------------------------------------------------
A TLE or OMM does *not* give the ellipse the satellite is on. Its numbers are SGP4 *mean*
elements: fitted parameters of the SGP4 theory, from which the oblateness (J2..J4), drag and
deep-space terms are removed in a particular way (Brouwer's theory with Kozai's mean motion
definition; Hoots & Roehrich, Spacetrack Report #3, 1980). The *osculating* Keplerian elements
(the two-body ellipse that touches the true path at one instant, which boinor and the textbooks
use) differ from them by short-periodic terms: for a LEO satellite the semi-major axis alone
swings by roughly 10 km within one orbit. Feeding TLE numbers straight into a two-body propagator
therefore gives a position kilometres off within hours.

So this module offers two doors, and says which one it uses:

* :func:`osculating_orbit` propagates with SGP4 to an instant and builds the boinor ``Orbit``
  from the state vector there: the right ellipse for that moment (TEME is taken as the inertial
  frame: it differs from GCRS by precession/nutation, about 0.4 deg in 2026, irrelevant for the
  shape of an orbit but not for pointing).
* :func:`mean_orbit` maps the mean elements one-to-one onto a boinor ``Orbit`` (semi-major axis
  from the mean motion by Kepler's third law): good for "what kind of orbit is this" lessons,
  wrong for precise positions.

The maths lives in :mod:`telemetry.kepler_core` on plain floats (km, s, rad); this module only
converts units and builds boinor objects, like poliastro's ``core``/``twobody`` split. Import
:mod:`telemetry.numba_cache` and call ``enable_numba_cache()`` first in kernels, so boinor's numba
functions are compiled once per machine instead of once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from math import pi

import numpy as np
from astropy import units as u
from astropy.time import Time
from boinor.bodies import Earth
from boinor.maneuver import Maneuver
from boinor.twobody import Orbit
from lamberthub import izzo2015

from telemetry import kepler_core
from telemetry.elements import ElementSet
from telemetry.propagate import propagate_teme
from telemetry.timegrid import as_datetime64

_MU_EARTH_KM3_S2 = Earth.k.to_value(u.km**3 / u.s**2)


@dataclass(frozen=True)
class ManeuverSummary:
    """A boinor maneuver with its budget in plain units, for display next to the book."""

    maneuver: Maneuver
    delta_v_km_s: tuple[float, ...]
    total_delta_v_km_s: float
    time_of_flight_s: float


def _summarise(maneuver: Maneuver) -> ManeuverSummary:
    impulses = tuple(float(np.linalg.norm(dv.to_value(u.km / u.s)))
                     for _, dv in maneuver.impulses)
    return ManeuverSummary(maneuver, impulses, float(sum(impulses)),
                           float(maneuver.get_total_time().to_value(u.s)))


def circular_orbit(altitude_km: float, inclination_deg: float = 0.0,
                   epoch: datetime | None = None) -> Orbit:
    """A circular Earth orbit at an altitude above the equatorial radius."""
    kwargs = {"epoch": Time(epoch)} if epoch is not None else {}
    return Orbit.circular(Earth, altitude_km * u.km, inc=inclination_deg * u.deg, **kwargs)


def orbit_from_apsides(periapsis_radius_km: float, apoapsis_radius_km: float) -> Orbit:
    """An equatorial Earth orbit given its two apsis radii (from the centre), at periapsis."""
    a_km = (periapsis_radius_km + apoapsis_radius_km) / 2.0
    ecc = (apoapsis_radius_km - periapsis_radius_km) / (apoapsis_radius_km + periapsis_radius_km)
    return Orbit.from_classical(Earth, a_km * u.km, ecc * u.one, 0 * u.deg, 0 * u.deg,
                                0 * u.deg, 0 * u.deg)


def orbit_from_state(position_km: np.ndarray, velocity_km_s: np.ndarray,
                     epoch: datetime | None = None) -> Orbit:
    """A boinor Earth orbit from a state vector in an inertial frame."""
    kwargs = {"epoch": Time(epoch)} if epoch is not None else {}
    return Orbit.from_vectors(Earth, np.asarray(position_km) * u.km,
                              np.asarray(velocity_km_s) * u.km / u.s, **kwargs)


def osculating_orbit(element: ElementSet, when: datetime) -> Orbit:
    """The osculating two-body orbit at ``when``, from the SGP4 state there (see module doc)."""
    states = propagate_teme([element], as_datetime64(when))
    return orbit_from_state(states.position_km[0, 0], states.velocity_km_s[0, 0], when)


def mean_orbit(element: ElementSet) -> Orbit:
    """SGP4 mean elements mapped onto a boinor ``Orbit`` (approximate: see module doc)."""
    n_rad_s = element.mean_motion_rev_per_day * 2.0 * pi / 86400.0
    a_km = (_MU_EARTH_KM3_S2 / n_rad_s**2) ** (1.0 / 3.0)
    orbit = Orbit.from_classical(
        Earth, a_km * u.km, element.eccentricity * u.one, element.inclination_deg * u.deg,
        element.raan_deg * u.deg, element.arg_perigee_deg * u.deg, 0 * u.deg,
        epoch=Time(element.epoch))
    # Mean anomaly -> true anomaly through boinor's own propagation from perigee.
    return orbit.propagate(element.mean_anomaly_deg / 360.0 * orbit.period)


def hohmann(orbit: Orbit, final_radius_km: float) -> ManeuverSummary:
    """boinor's Hohmann transfer from a circular orbit to another radius."""
    return _summarise(Maneuver.hohmann(orbit, final_radius_km * u.km))


def bielliptic(orbit: Orbit, intermediate_radius_km: float,
               final_radius_km: float) -> ManeuverSummary:
    """boinor's bi-elliptic transfer via an intermediate apoapsis radius."""
    return _summarise(Maneuver.bielliptic(orbit, intermediate_radius_km * u.km,
                                          final_radius_km * u.km))


def lambert_velocities_km_s(position_1_km: np.ndarray, position_2_km: np.ndarray,
                            time_of_flight_s: float, *, mu_km3_s2: float = _MU_EARTH_KM3_S2,
                            prograde: bool = True, revolutions: int = 0
                            ) -> tuple[np.ndarray, np.ndarray]:
    """Lambert's problem (Izzo 2015, via lamberthub): velocities at both ends of the arc."""
    v1, v2 = izzo2015(mu_km3_s2, np.asarray(position_1_km, dtype=float),
                      np.asarray(position_2_km, dtype=float), float(time_of_flight_s),
                      M=revolutions, prograde=prograde)[:2]
    return np.asarray(v1), np.asarray(v2)


def nodal_regression_deg_per_day(orbit: Orbit) -> float:
    """J2 secular drift of the ascending node of a boinor orbit (deg/day)."""
    rate = kepler_core.j2_nodal_regression_rad_s(
        orbit.a.to_value(u.km), float(orbit.ecc.value), orbit.inc.to_value(u.rad))
    return float(np.degrees(rate) * 86400.0)


def propagate_two_body(orbit: Orbit, seconds: float) -> Orbit:
    """Two-body propagation by boinor (the path warmed by ``warm_boinor_cache``)."""
    return orbit.propagate(seconds * u.s)
