"""Rules of "Fire the thruster": load propellant, burn it, see which orbit you reach.

The physics is :mod:`spacecraft` (Tsiolkovsky's rocket equation and the Hohmann orbit raise);
this module only turns it into a game: a mission (start and target altitude, a dry mass and a
tank limit) and the verdict for the propellant a player loads. Pure functions, so the game's
answers can be checked against the textbook without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacecraft.delta_v_budget import orbit_raise_delta_v_m_s
from spacecraft.errors import SpacecraftInputError
from spacecraft.rocket import delta_v_m_s

ALTITUDE_SEARCH_CEILING_KM = 36_000.0
"""Highest circular orbit the game looks for (just above geostationary, 35 786 km)."""


@dataclass(frozen=True)
class Mission:
    """Raise a CubeSat from ``start_altitude_km`` to ``target_altitude_km`` (circular orbits)."""

    name: str
    start_altitude_km: float
    target_altitude_km: float
    dry_mass_kg: float
    tank_kg: float

    @property
    def required_delta_v_m_s(self) -> float:
        return orbit_raise_delta_v_m_s(self.start_altitude_km, self.target_altitude_km)


MISSIONS: tuple[Mission, ...] = (
    Mission("ISS deploy to 550 km", 410.0, 550.0, 20.0, 2.0),
    Mission("550 km to 800 km", 550.0, 800.0, 20.0, 2.0),
    Mission("400 km to 1200 km", 400.0, 1200.0, 20.0, 3.0),
)
"""12U CubeSats of about 20 kg (the CDS 12U limit is 24 kg) with a 2-3 kg tank."""


@dataclass(frozen=True)
class BurnResult:
    """What one firing achieved."""

    delta_v_m_s: float
    reached_altitude_km: float
    propellant_kg: float
    success: bool
    shortfall_m_s: float  # delta-v still missing (0 when the target was reached)


def reachable_altitude_km(start_altitude_km: float, available_delta_v_m_s: float) -> float:
    """Highest circular altitude a Hohmann raise from ``start_altitude_km`` reaches with
    ``available_delta_v_m_s`` (bisection on the monotonic raise cost, to 10 m)."""
    low, high = start_altitude_km, ALTITUDE_SEARCH_CEILING_KM
    if available_delta_v_m_s >= orbit_raise_delta_v_m_s(start_altitude_km, high):
        return high
    while high - low > 0.01:
        middle = (low + high) / 2.0
        if orbit_raise_delta_v_m_s(start_altitude_km, middle) <= available_delta_v_m_s:
            low = middle
        else:
            high = middle
    return low


def fire(mission: Mission, isp_s: float, propellant_kg: float) -> BurnResult:
    """Burn ``propellant_kg`` with a thruster of ``isp_s``; raises SpacecraftInputError for
    impossible loads (negative, or more than the tank holds)."""
    if not 0.0 <= propellant_kg <= mission.tank_kg:
        raise SpacecraftInputError("propellant_kg", propellant_kg,
                                   f"must be 0-{mission.tank_kg} kg (the tank's capacity)")
    if propellant_kg == 0.0:
        gained = 0.0
    else:
        gained = delta_v_m_s(isp_s, mission.dry_mass_kg + propellant_kg, mission.dry_mass_kg)
    reached = reachable_altitude_km(mission.start_altitude_km, gained)
    needed = mission.required_delta_v_m_s
    return BurnResult(delta_v_m_s=gained, reached_altitude_km=reached,
                      propellant_kg=propellant_kg, success=gained >= needed,
                      shortfall_m_s=max(0.0, needed - gained))
