"""Mass, power and link budgets: the three margins every CubeSat review asks for first.

Sources: Wertz, Everett & Puschell, *Space Mission Engineering: The New SMAD* (2011), ch. 14
(mass), ch. 21 (power) and ch. 16 (communications); ITU-R Recommendation P.525-4 for free-space
path loss. A budget returns its terms and a margin; the caller decides how to colour it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from spacecraft.errors import SpacecraftInputError, require_fraction, require_positive
from spacecraft.form_factors import FormFactor

SOLAR_CONSTANT_W_M2 = 1361.0
"""Total solar irradiance at 1 au (Kopp & Lean 2011, GRL 38 L01706)."""
BOLTZMANN_DBW_PER_K_HZ = -228.6
"""10 log10(1.380649e-23 J/K), the constant of every link budget."""
SPEED_OF_LIGHT_M_S = 299_792_458.0
EARTH_RADIUS_KM = 6378.137  # WGS84 equatorial radius


class MarginStatus(StrEnum):
    """Plain-text state of a margin, so a view never relies on colour alone."""

    OK = "ok"
    LOW = "low"
    NEGATIVE = "negative"


def classify_margin(margin_fraction: float, low_below: float = 0.1) -> MarginStatus:
    """negative below 0, low below ``low_below`` (10 % by default), ok otherwise."""
    if margin_fraction < 0:
        return MarginStatus.NEGATIVE
    return MarginStatus.LOW if margin_fraction < low_below else MarginStatus.OK


# --- mass ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MassItem:
    """A subsystem line of a mass budget; ``contingency`` is the design-maturity margin."""

    name: str
    mass_kg: float
    contingency: float = 0.1


@dataclass(frozen=True)
class MassBudget:
    items: tuple[MassItem, ...]
    total_with_contingency_kg: float
    limit_kg: float
    margin_kg: float
    status: MarginStatus


def mass_budget(items: list[MassItem] | tuple[MassItem, ...], form: FormFactor) -> MassBudget:
    """Sum of item masses plus their contingencies against the form factor's CDS limit."""
    for item in items:
        if not item.mass_kg >= 0:
            raise SpacecraftInputError(f"mass of {item.name}", item.mass_kg, "must be >= 0 kg")
        require_fraction(f"contingency of {item.name}", item.contingency)
    total = sum(item.mass_kg * (1.0 + item.contingency) for item in items)
    margin = form.max_mass_kg - total
    return MassBudget(tuple(items), total, form.max_mass_kg, margin,
                      classify_margin(margin / form.max_mass_kg))


# --- power --------------------------------------------------------------------------------


def eclipse_fraction_circular(altitude_km: float, beta_deg: float = 0.0) -> float:
    """Fraction of a circular orbit spent in Earth's (cylindrical) shadow.

    f = acos( sqrt(h^2 + 2 R h) / ((R + h) cos beta) ) / pi while |beta| is below
    beta* = asin(R / (R + h)), else 0 (New SMAD ch. 9 shadow geometry; also NASA TFAWS,
    Rickman, "Introduction to Orbital Mechanics and Spacecraft Attitudes for Thermal Engineers").
    At beta = 0 this is asin(R/(R+h))/pi: 0.39 for 400 km.
    """
    altitude = require_positive("altitude_km", altitude_km)
    radius = EARTH_RADIUS_KM + altitude
    beta_rad = math.radians(beta_deg)
    if abs(beta_rad) >= math.asin(EARTH_RADIUS_KM / radius):
        return 0.0
    ratio = math.sqrt(altitude**2 + 2 * EARTH_RADIUS_KM * altitude) / (radius * math.cos(beta_rad))
    return math.acos(min(1.0, ratio)) / math.pi


@dataclass(frozen=True)
class PowerBudget:
    generated_orbit_average_w: float
    load_w: float
    margin_w: float
    battery_required_wh: float
    battery_capacity_wh: float
    status: MarginStatus


def power_budget(
    panel_area_m2: float,
    cell_efficiency: float,
    load_w: float,
    eclipse_fraction: float,
    orbit_period_s: float,
    battery_capacity_wh: float,
    depth_of_discharge: float = 0.3,
    pointing_factor: float = 0.6,
) -> PowerBudget:
    """Orbit-average generation against the load, and the battery needed through eclipse.

    Generated = S * A * eta * pointing * (1 - f_eclipse); the battery must deliver the load for
    the eclipse duration without going below ``depth_of_discharge`` (New SMAD ch. 21). The
    ``pointing_factor`` (mean cosine of the Sun angle on the panels) is 1 for a Sun-tracking
    array and lower for body-mounted panels; 0.6 is a teaching default, not a measured value.
    """
    area = require_positive("panel_area_m2", panel_area_m2)
    efficiency = require_fraction("cell_efficiency", cell_efficiency, allow_zero=False)
    if not load_w >= 0:
        raise SpacecraftInputError("load_w", load_w, "must be >= 0 W")
    eclipse = require_fraction("eclipse_fraction", eclipse_fraction)
    period = require_positive("orbit_period_s", orbit_period_s)
    dod = require_fraction("depth_of_discharge", depth_of_discharge, allow_zero=False)
    pointing = require_fraction("pointing_factor", pointing_factor, allow_zero=False)
    generated = SOLAR_CONSTANT_W_M2 * area * efficiency * pointing * (1.0 - eclipse)
    needed_wh = load_w * eclipse * period / 3600.0 / dod
    margin = generated - load_w
    battery_short = battery_capacity_wh < needed_wh
    status = (MarginStatus.NEGATIVE if margin < 0 or battery_short
              else classify_margin(margin / max(load_w, 1e-9)))
    return PowerBudget(generated, load_w, margin, needed_wh, battery_capacity_wh, status)


# --- link ---------------------------------------------------------------------------------


def free_space_path_loss_db(distance_km: float, frequency_mhz: float) -> float:
    """L = 32.45 + 20 log10(f / MHz) + 20 log10(d / km) dB (ITU-R P.525-4 Eq. 4, i.e.
    20 log10(4 pi d f / c))."""
    d_m = require_positive("distance_km", distance_km) * 1000.0
    f_hz = require_positive("frequency_mhz", frequency_mhz) * 1e6
    return 20.0 * math.log10(4.0 * math.pi * d_m * f_hz / SPEED_OF_LIGHT_M_S)


def slant_range_km(altitude_km: float, elevation_deg: float) -> float:
    """Distance from a ground station to a satellite at ``altitude_km`` seen at
    ``elevation_deg`` (spherical Earth, law of cosines; New SMAD ch. 8)."""
    altitude = require_positive("altitude_km", altitude_km)
    if not -0.0 <= elevation_deg <= 90.0:
        raise SpacecraftInputError("elevation_deg", elevation_deg, "must lie in [0, 90] deg")
    r_e, r_s = EARTH_RADIUS_KM, EARTH_RADIUS_KM + altitude
    el = math.radians(elevation_deg)
    return math.sqrt(r_s**2 - (r_e * math.cos(el)) ** 2) - r_e * math.sin(el)


@dataclass(frozen=True)
class LinkBudget:
    eirp_dbw: float
    path_loss_db: float
    received_eb_n0_db: float
    required_eb_n0_db: float
    margin_db: float
    status: MarginStatus


def link_budget(
    transmit_power_w: float,
    transmit_gain_dbi: float,
    receive_gain_dbi: float,
    system_noise_temperature_k: float,
    distance_km: float,
    frequency_mhz: float,
    data_rate_bps: float,
    required_eb_n0_db: float,
    other_losses_db: float = 0.0,
) -> LinkBudget:
    """Eb/N0 = EIRP - L_fs - L_other + G_r - 10 log T_s - k - 10 log R (New SMAD ch. 16,
    the standard form; Sklar, *Digital Communications*, Eq. 5.18). Margin below 3 dB is low.
    """
    power = require_positive("transmit_power_w", transmit_power_w)
    temperature = require_positive("system_noise_temperature_k", system_noise_temperature_k)
    rate = require_positive("data_rate_bps", data_rate_bps)
    eirp = 10.0 * math.log10(power) + transmit_gain_dbi
    loss = free_space_path_loss_db(distance_km, frequency_mhz)
    eb_n0 = (eirp - loss - other_losses_db + receive_gain_dbi - 10.0 * math.log10(temperature)
             - BOLTZMANN_DBW_PER_K_HZ - 10.0 * math.log10(rate))
    margin = eb_n0 - required_eb_n0_db
    status = (MarginStatus.NEGATIVE if margin < 0
              else MarginStatus.LOW if margin < 3.0 else MarginStatus.OK)
    return LinkBudget(eirp, loss, eb_n0, required_eb_n0_db, margin, status)
