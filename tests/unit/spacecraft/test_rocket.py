"""Rocket equation against Curtis, *Orbital Mechanics for Engineering Students*, Example 6.1."""

import math

import pytest

from spacecraft.errors import SpacecraftInputError
from spacecraft.rocket import (
    STANDARD_GRAVITY_M_S2,
    delta_v_m_s,
    propellant_mass_kg,
    propellant_volume_l,
)


def test_mass_ratio_e_gives_exhaust_velocity():
    # Definition (Curtis Eq. 6.1): m0/mf = e  =>  dv = Isp g0 exactly. Tolerance 1e-9 m/s.
    assert delta_v_m_s(300.0, math.e, 1.0) == pytest.approx(300.0 * STANDARD_GRAVITY_M_S2,
                                                            abs=1e-9)


def test_curtis_example_6_1_propellant():
    # Curtis Example 6.1: 2000 kg spacecraft, Isp 300 s, total delta-v 1.7225 + 1.3297 km/s;
    # Curtis's answer is about 1290 kg of propellant (he rounds g0 and intermediate values):
    # tolerance 5 kg.
    assert propellant_mass_kg(3052.2, 300.0, 2000.0) == pytest.approx(1290.0, abs=5.0)


def test_propellant_mass_inverts_delta_v():
    used = propellant_mass_kg(500.0, 220.0, 24.0)
    assert delta_v_m_s(220.0, 24.0, 24.0 - used) == pytest.approx(500.0, abs=1e-6)


def test_volume_of_one_kilogram_of_water_density_is_one_litre():
    assert propellant_volume_l(1.0, 1000.0) == pytest.approx(1.0)


@pytest.mark.parametrize(("isp", "wet", "dry"), [(-1, 10, 5), (300, 5, 10), (300, 10, 0)])
def test_impossible_masses_are_refused_with_the_value(isp, wet, dry):
    with pytest.raises(SpacecraftInputError) as caught:
        delta_v_m_s(isp, wet, dry)
    assert caught.value.value in (isp, wet, dry)


def test_propellant_for_dry_mass_round_trip():
    from spacecraft.rocket import propellant_for_dry_mass_kg

    loaded = propellant_for_dry_mass_kg(700.0, 230.0, 20.0)
    assert delta_v_m_s(230.0, 20.0 + loaded, 20.0) == pytest.approx(700.0, abs=1e-6)
