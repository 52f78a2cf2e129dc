"""The game's answers against the textbook formulas, computed here independently.

Hohmann transfer between circular orbits (Curtis, Orbital Mechanics for Engineering Students,
3rd ed., section 6.3) with mu = 398600.4418 km^3/s^2 and R = 6378.137 km (WGS-84); Tsiolkovsky
dv = Isp g0 ln(m0/mf) with g0 = 9.80665 m/s^2.
"""

from __future__ import annotations

import math

import pytest

from gallery.thruster_game import MISSIONS, Mission, fire, reachable_altitude_km
from spacecraft.errors import SpacecraftInputError

MU_KM3_S2 = 398600.4418
R_EARTH_KM = 6378.137


def hohmann_m_s(h1_km: float, h2_km: float) -> float:
    r1, r2 = R_EARTH_KM + h1_km, R_EARTH_KM + h2_km
    a = (r1 + r2) / 2
    dv1 = math.sqrt(MU_KM3_S2 * (2 / r1 - 1 / a)) - math.sqrt(MU_KM3_S2 / r1)
    dv2 = math.sqrt(MU_KM3_S2 / r2) - math.sqrt(MU_KM3_S2 * (2 / r2 - 1 / a))
    return (dv1 + dv2) * 1000


def test_required_delta_v_is_the_hohmann_sum():
    for mission in MISSIONS:
        expected = hohmann_m_s(mission.start_altitude_km, mission.target_altitude_km)
        assert mission.required_delta_v_m_s == pytest.approx(expected, abs=0.5)  # 0.5 m/s


def test_full_tank_of_a_220_s_thruster_reaches_800_km():
    mission = Mission("test", 550.0, 800.0, 20.0, 2.0)
    result = fire(mission, 220.0, 2.0)
    assert result.delta_v_m_s == pytest.approx(220 * 9.80665 * math.log(22 / 20), abs=0.01)
    assert result.success and result.shortfall_m_s == 0.0
    # The altitude reached costs exactly the delta-v gained (to 0.1 m/s).
    assert hohmann_m_s(550.0, result.reached_altitude_km) == pytest.approx(
        result.delta_v_m_s, abs=0.1)


def test_too_little_propellant_falls_short_and_says_by_how_much():
    mission = Mission("test", 550.0, 800.0, 20.0, 2.0)
    result = fire(mission, 220.0, 0.5)
    assert not result.success
    assert result.reached_altitude_km < 800.0
    assert result.shortfall_m_s == pytest.approx(
        hohmann_m_s(550, 800) - 220 * 9.80665 * math.log(20.5 / 20), abs=0.5)


def test_no_burn_stays_put_and_the_ceiling_is_geostationary():
    mission = Mission("test", 550.0, 800.0, 20.0, 2.0)
    assert fire(mission, 220.0, 0.0).reached_altitude_km == 550.0
    assert reachable_altitude_km(550.0, 1e6) == 36_000.0


@pytest.mark.parametrize("load", [-0.1, 2.5])
def test_impossible_loads_are_refused(load):
    with pytest.raises(SpacecraftInputError):
        fire(Mission("test", 550.0, 800.0, 20.0, 2.0), 220.0, load)
