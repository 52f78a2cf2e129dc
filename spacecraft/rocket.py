"""The ideal rocket equation (Tsiolkovsky) and what follows from it.

delta_v = Isp * g0 * ln(m0 / mf)   (Curtis, *Orbital Mechanics for Engineering Students*,
Eq. 6.1; Sutton & Biblarz, *Rocket Propulsion Elements*, Eq. 4-7). Valid for impulsive burns
without gravity or drag losses, which is how mission delta-v budgets are normally written.
"""

from __future__ import annotations

import math

from spacecraft.errors import SpacecraftInputError, require_positive

STANDARD_GRAVITY_M_S2 = 9.80665
"""g0 as defined by the CGPM (1901); Isp in seconds is always referred to it."""


def exhaust_velocity_m_s(isp_s: float) -> float:
    """Effective exhaust velocity c = Isp * g0."""
    return require_positive("isp_s", isp_s) * STANDARD_GRAVITY_M_S2


def delta_v_m_s(isp_s: float, wet_mass_kg: float, dry_mass_kg: float) -> float:
    """Velocity change from burning ``wet - dry`` kg of propellant."""
    wet = require_positive("wet_mass_kg", wet_mass_kg)
    dry = require_positive("dry_mass_kg", dry_mass_kg)
    if dry > wet:
        raise SpacecraftInputError(
            "dry_mass_kg", dry_mass_kg, f"must not exceed the wet mass {wet_mass_kg} kg"
        )
    return exhaust_velocity_m_s(isp_s) * math.log(wet / dry)


def propellant_mass_kg(delta_v_m_s: float, isp_s: float, wet_mass_kg: float) -> float:
    """Propellant a spacecraft of initial mass ``wet_mass_kg`` burns to gain ``delta_v_m_s``.

    m_p = m0 * (1 - exp(-dv / c)); the inverse of :func:`delta_v_m_s`.
    """
    if not delta_v_m_s >= 0:
        raise SpacecraftInputError("delta_v_m_s", delta_v_m_s, "must be >= 0 m/s")
    wet = require_positive("wet_mass_kg", wet_mass_kg)
    return wet * (1.0 - math.exp(-delta_v_m_s / exhaust_velocity_m_s(isp_s)))


def propellant_volume_l(propellant_mass_kg: float, density_kg_m3: float) -> float:
    """Volume of stored propellant in litres (1 U of a CubeSat is about 1 litre)."""
    if not propellant_mass_kg >= 0:
        raise SpacecraftInputError("propellant_mass_kg", propellant_mass_kg, "must be >= 0 kg")
    return propellant_mass_kg / require_positive("density_kg_m3", density_kg_m3) * 1000.0


def propellant_for_dry_mass_kg(delta_v_m_s: float, isp_s: float, dry_mass_kg: float) -> float:
    """Propellant a spacecraft of ``dry_mass_kg`` must carry to gain ``delta_v_m_s``.

    m_p = m_dry * (exp(dv / c) - 1): the design question "how much must we load?".
    """
    if not delta_v_m_s >= 0:
        raise SpacecraftInputError("delta_v_m_s", delta_v_m_s, "must be >= 0 m/s")
    dry = require_positive("dry_mass_kg", dry_mass_kg)
    return dry * math.expm1(delta_v_m_s / exhaust_velocity_m_s(isp_s))
