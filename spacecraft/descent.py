"""Parachute descent: terminal speed and the canopy area that gives a wanted speed.

At terminal speed drag balances weight: m g = 1/2 rho v^2 Cd A, so v = sqrt(2 m g /
(rho Cd A)) and A = 2 m g / (rho Cd v^2) (NASA Glenn Research Center, Beginner's Guide to
Aeronautics, "Terminal Velocity"; Knacke, *Parachute Recovery Systems Design Manual*, NWC TP
6575, ch. 5). Air density from the International Standard Atmosphere troposphere
(ISO 2533:1975 / ICAO Doc 7488), valid below 11 km, which covers every CanSat flight.
"""

from __future__ import annotations

import math

from spacecraft.errors import SpacecraftInputError, require_positive
from spacecraft.rocket import STANDARD_GRAVITY_M_S2

SEA_LEVEL_DENSITY_KG_M3 = 1.225
TROPOPAUSE_ALTITUDE_M = 11_000.0
_LAPSE_RATE_K_M = 0.0065
_SEA_LEVEL_TEMPERATURE_K = 288.15
_DENSITY_EXPONENT = 4.2559  # g0 M / (R L) - 1 for dry air (ISA)


def isa_density_kg_m3(altitude_m: float) -> float:
    """ISA air density in the troposphere: rho0 (1 - L h / T0)^4.2559."""
    if not 0.0 <= altitude_m <= TROPOPAUSE_ALTITUDE_M:
        raise SpacecraftInputError("altitude_m", altitude_m, "must lie in [0, 11000] m (ISA)")
    return SEA_LEVEL_DENSITY_KG_M3 * (
        1.0 - _LAPSE_RATE_K_M * altitude_m / _SEA_LEVEL_TEMPERATURE_K
    ) ** _DENSITY_EXPONENT


def terminal_speed_m_s(mass_kg: float, drag_coefficient: float, area_m2: float,
                       air_density_kg_m3: float = SEA_LEVEL_DENSITY_KG_M3) -> float:
    """Steady descent speed under a canopy of ``area_m2`` and drag coefficient Cd."""
    weight_n = require_positive("mass_kg", mass_kg) * STANDARD_GRAVITY_M_S2
    drag_area = require_positive("drag_coefficient", drag_coefficient) * require_positive(
        "area_m2", area_m2)
    return math.sqrt(2.0 * weight_n / (require_positive("air_density_kg_m3", air_density_kg_m3)
                                       * drag_area))


def parachute_area_m2(mass_kg: float, drag_coefficient: float, descent_speed_m_s: float,
                      air_density_kg_m3: float = SEA_LEVEL_DENSITY_KG_M3) -> float:
    """Canopy area giving ``descent_speed_m_s``: the inverse of :func:`terminal_speed_m_s`."""
    weight_n = require_positive("mass_kg", mass_kg) * STANDARD_GRAVITY_M_S2
    speed = require_positive("descent_speed_m_s", descent_speed_m_s)
    return 2.0 * weight_n / (require_positive("air_density_kg_m3", air_density_kg_m3)
                             * require_positive("drag_coefficient", drag_coefficient) * speed**2)


def canopy_diameter_m(area_m2: float) -> float:
    """Diameter of a flat circular canopy of ``area_m2`` (the nominal area Cd refers to)."""
    return 2.0 * math.sqrt(require_positive("area_m2", area_m2) / math.pi)
