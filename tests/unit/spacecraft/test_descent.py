"""Parachute sizing (NASA Glenn "Terminal Velocity"; ISA density, ICAO Doc 7488)."""

import pytest

from spacecraft.descent import (
    canopy_diameter_m,
    isa_density_kg_m3,
    parachute_area_m2,
    terminal_speed_m_s,
)
from spacecraft.errors import SpacecraftInputError


def test_parachute_area_worked_example():
    # A = 2 m g / (rho Cd v^2) = 2 * 1 * 9.80665 / (1.225 * 1.5 * 5^2) = 0.4270 m^2.
    assert parachute_area_m2(1.0, 1.5, 5.0) == pytest.approx(0.4270, abs=1e-4)


def test_terminal_speed_inverts_area():
    area = parachute_area_m2(0.9, 0.8, 6.0, 1.1)
    assert terminal_speed_m_s(0.9, 0.8, area, 1.1) == pytest.approx(6.0, abs=1e-9)


@pytest.mark.parametrize(("altitude_m", "density"), [(0, 1.2250), (1000, 1.1117),
                                                     (5000, 0.7364)])
def test_isa_density_table(altitude_m, density):
    # ICAO standard atmosphere table values; tolerance 0.001 kg/m^3.
    assert isa_density_kg_m3(altitude_m) == pytest.approx(density, abs=1e-3)


def test_circular_canopy_diameter():
    assert canopy_diameter_m(3.14159265) == pytest.approx(2.0, abs=1e-6)


def test_zero_speed_is_an_error_quoting_it():
    with pytest.raises(SpacecraftInputError, match="descent_speed_m_s=0"):
        parachute_area_m2(1.0, 1.5, 0)
