"""Keplerian layer against textbook worked examples and against SGP4 itself.

Book: H. D. Curtis, *Orbital Mechanics for Engineering Students* (Elsevier; example numbers as in
the 3rd edition). Each test quotes the book's figures and its tolerance: the book rounds to 4-5
significant figures and uses mu = 398,600 km^3/s^2, so we do too where it matters.
"""

from __future__ import annotations

from datetime import timedelta
from math import radians

import numpy as np
import pytest
from astropy import units as u

from telemetry import kepler, kepler_core
from telemetry.propagate import propagate_teme
from telemetry.timegrid import as_datetime64

MU_CURTIS = 398600.0  # km^3/s^2, the value used throughout Curtis' examples
R_EARTH_CURTIS = 6378.0


def test_curtis_example_6_1_apse_line_burns() -> None:
    """Curtis Ex. 6.1: 480 km x 800 km orbit; raise apogee to 16,000 km at perigee, then
    circularise. Book: dv_A = 1.7225 km/s, dv_B = 1.3297 km/s (total 3.0522 km/s). Tol 1e-4."""
    rp, ra, ra2 = R_EARTH_CURTIS + 480, R_EARTH_CURTIS + 800, R_EARTH_CURTIS + 16000
    dv_a = kepler_core.apse_line_burn_km_s(rp, ra, ra2, MU_CURTIS)
    dv_b = kepler_core.apse_line_burn_km_s(ra2, rp, ra2, MU_CURTIS)
    assert dv_a == pytest.approx(1.7225, abs=1e-4)
    assert dv_b == pytest.approx(1.3297, abs=1e-4)
    assert dv_a + dv_b == pytest.approx(3.0522, abs=1e-4)


def test_curtis_example_6_3_bielliptic_vs_hohmann() -> None:
    """Curtis Ex. 6.3: circular 7000 km -> 105,000 km, bi-elliptic via 210,000 km apoapsis.
    Book: total bi-elliptic 4.0285 km/s, Hohmann 4.0463 km/s. Tol 1e-3 km/s."""
    bi = kepler_core.bielliptic_transfer(7000, 210000, 105000, MU_CURTIS)
    ho = kepler_core.hohmann_transfer(7000, 105000, MU_CURTIS)
    assert bi.total_delta_v_km_s == pytest.approx(4.0285, abs=1e-3)
    assert ho.total_delta_v_km_s == pytest.approx(4.0463, abs=1e-3)
    assert bi.time_of_flight_s > 5 * ho.time_of_flight_s  # the price of the saving


def test_boinor_transfers_agree_with_core_maths() -> None:
    """boinor's Maneuver.hohmann/bielliptic vs our formulas with boinor's own mu: 1 mm/s."""
    leo = kepler.circular_orbit(7000 - 6378.1366)  # boinor's Earth radius
    r_leo = leo.a.to_value(u.km)
    hohmann = kepler.hohmann(leo, 105000)
    expected = kepler_core.hohmann_transfer(r_leo, 105000, kepler._MU_EARTH_KM3_S2)
    assert hohmann.delta_v_km_s == pytest.approx(expected.delta_v_km_s, abs=1e-6)
    assert hohmann.time_of_flight_s == pytest.approx(expected.time_of_flight_s, rel=1e-9)
    bi = kepler.bielliptic(leo, 210000, 105000)
    expected_bi = kepler_core.bielliptic_transfer(r_leo, 210000, 105000,
                                                  kepler._MU_EARTH_KM3_S2)
    assert bi.total_delta_v_km_s == pytest.approx(expected_bi.total_delta_v_km_s, abs=1e-6)


def test_curtis_example_4_7_state_vector_to_elements() -> None:
    """Curtis Ex. 4.7 (Algorithm 4.2): r = [-6045, -3490, 2500] km, v = [-3.457, 6.618, 2.533]
    km/s. Book: h = 58,310 km^2/s, e = 0.1712, i = 153.2 deg, RAAN = 255.3 deg,
    argp = 20.07 deg, true anomaly = 28.45 deg, a = 8788 km, T = 2.278 h."""
    r = np.array([-6045.0, -3490.0, 2500.0])
    v = np.array([-3.457, 6.618, 2.533])
    coe = kepler_core.rv_to_elements(r, v, MU_CURTIS)
    assert coe.specific_angular_momentum_km2_s == pytest.approx(58310, abs=5)
    assert coe.eccentricity == pytest.approx(0.1712, abs=1e-4)
    assert np.degrees(coe.inclination_rad) == pytest.approx(153.2, abs=0.05)
    assert np.degrees(coe.raan_rad) == pytest.approx(255.3, abs=0.05)
    assert np.degrees(coe.arg_perigee_rad) == pytest.approx(20.07, abs=0.01)
    assert np.degrees(coe.true_anomaly_rad) == pytest.approx(28.45, abs=0.01)
    assert coe.semi_major_axis_km == pytest.approx(8788, abs=1)
    assert kepler_core.period_s(coe.semi_major_axis_km, MU_CURTIS) / 3600 == pytest.approx(
        2.278, abs=1e-3)
    # boinor, same state: same elements (its mu differs from 398600 by 1 ppm).
    orbit = kepler.orbit_from_state(r, v)
    assert orbit.ecc.value == pytest.approx(0.1712, abs=1e-4)
    assert orbit.inc.to_value(u.deg) == pytest.approx(153.2, abs=0.05)
    assert orbit.nu.to_value(u.deg) == pytest.approx(28.45, abs=0.01)


def test_curtis_example_5_2_lambert() -> None:
    """Curtis Ex. 5.2: r1 = [5000, 10000, 2100] km, r2 = [-14600, 2500, 7000] km, 1 h, prograde.
    Book: v1 = [-5.9925, 1.9254, 3.2456] km/s, v2 = [-3.3125, -4.1966, -0.38529] km/s. Tol
    1e-4 km/s."""
    v1, v2 = kepler.lambert_velocities_km_s(np.array([5000.0, 10000.0, 2100.0]),
                                            np.array([-14600.0, 2500.0, 7000.0]), 3600.0,
                                            mu_km3_s2=MU_CURTIS)
    assert v1 == pytest.approx([-5.9925, 1.9254, 3.2456], abs=1e-4)
    assert v2 == pytest.approx([-3.3125, -4.1966, -0.38529], abs=1e-4)


def test_plane_change_equals_velocity_vector_difference() -> None:
    """dv = 2 v sin(di/2) must equal |v_after - v_before| for the rotated velocity vector
    (an independent geometric derivation; no book figure needed)."""
    speed = 7.6686
    for di_deg in (1.0, 28.5, 60.0):
        di = radians(di_deg)
        before = np.array([0.0, speed, 0.0])
        after = np.array([0.0, speed * np.cos(di), speed * np.sin(di)])
        assert kepler_core.plane_change_delta_v_km_s(speed, di) == pytest.approx(
            np.linalg.norm(after - before), rel=1e-12)
        combined = kepler_core.combined_plane_change_delta_v_km_s(speed, 0.8 * speed, di)
        assert combined == pytest.approx(np.linalg.norm(0.8 * after - before), rel=1e-12)
    # 60 deg at constant speed costs exactly the orbital speed (equilateral triangle).
    assert kepler_core.plane_change_delta_v_km_s(speed, radians(60)) == pytest.approx(speed)


def test_j2_nodal_regression_matches_sgp4(iss) -> None:
    """The J2 secular node rate vs the node drift SGP4 itself produces for the ISS over 2 days.

    SGP4 includes J2 (plus J3, J4, drag); J2 dominates, so 2 % agreement is expected. The ISS
    node regresses about 5 deg/day westward."""
    times = as_datetime64([iss.epoch, iss.epoch + timedelta(days=2)])
    states = propagate_teme([iss], times)
    nodes = []
    for k in range(2):
        h = np.cross(states.position_km[0, k], states.velocity_km_s[0, k])
        nodes.append(np.degrees(np.arctan2(h[0], -h[1])))
    drift_deg_per_day = (((nodes[1] - nodes[0]) + 180) % 360 - 180) / 2.0
    a_km = (kepler_core.MU_EARTH_KM3_S2 / (iss.mean_motion_rev_per_day * 2 * np.pi / 86400) ** 2
            ) ** (1 / 3)
    predicted = np.degrees(kepler_core.j2_nodal_regression_rad_s(
        a_km, iss.eccentricity, radians(iss.inclination_deg))) * 86400
    assert -5.5 < predicted < -4.5
    assert drift_deg_per_day == pytest.approx(predicted, rel=0.02)
    assert kepler.nodal_regression_deg_per_day(kepler.mean_orbit(iss)) == pytest.approx(
        predicted, rel=1e-3)


def test_sun_synchronous_inclination_is_retrograde_near_98_deg() -> None:
    """At 700-800 km altitude sun-synchronous orbits sit at 98.2-98.6 deg (Vallado sec. 11.4)."""
    for altitude_km, low, high in ((700, 98.1, 98.3), (800, 98.5, 98.7)):
        inc = np.degrees(kepler_core.sun_synchronous_inclination_rad(6378.137 + altitude_km))
        assert low < inc < high


def test_osculating_and_mean_orbits_differ_by_short_periodics(iss) -> None:
    """The module docstring's claim, checked: osculating a differs from the mean-motion a by
    kilometres for the ISS, and the osculating orbit reproduces the SGP4 position exactly."""
    osculating = kepler.osculating_orbit(iss, iss.epoch)
    mean = kepler.mean_orbit(iss)
    difference_km = abs(osculating.a.to_value(u.km) - mean.a.to_value(u.km))
    assert 1.0 < difference_km < 30.0
    states = propagate_teme([iss], as_datetime64(iss.epoch))
    assert osculating.r.to_value(u.km) == pytest.approx(states.position_km[0, 0], abs=1e-6)
    later = kepler.propagate_two_body(osculating, 600.0)
    assert np.linalg.norm(later.r.to_value(u.km)) == pytest.approx(6780, abs=60)
