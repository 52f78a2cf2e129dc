"""Illustrative designs used as lesson starting points (NOT real mission data).

``OTS_SAT_12U`` is a plausible first mass breakdown for the Organization of Turkic States'
joint 12U CubeSat, made for teaching: round numbers of the order found in CubeSat vendor
catalogues, so students have something to change. The radio presets are likewise teaching
assumptions, stated so a student can challenge each one.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacecraft.budgets import MassItem

OTS_SAT_12U: tuple[MassItem, ...] = (
    MassItem("Structure", 2.5, 0.05),
    MassItem("Power (EPS)", 0.6),
    MassItem("Battery", 1.0),
    MassItem("Solar panels", 2.0),
    MassItem("On-board computer", 0.2),
    MassItem("Attitude control (ADCS)", 1.5),
    MassItem("UHF transceiver", 0.3),
    MassItem("S-band transmitter", 0.4),
    MassItem("Antennas", 0.3),
    MassItem("Payload camera", 3.0, 0.2),
    MassItem("Propulsion", 3.5, 0.2),
    MassItem("Harness", 0.5, 0.2),
)


@dataclass(frozen=True)
class RadioPreset:
    """Teaching assumptions for one downlink band."""

    frequency_mhz: float
    transmit_power_w: float
    transmit_gain_dbi: float
    receive_gain_dbi: float
    system_noise_temperature_k: float
    data_rate_bps: float
    required_eb_n0_db: float
    other_losses_db: float


RADIO_PRESETS: dict[str, RadioPreset] = {
    # Amateur UHF: 1 W into a dipole, a 14 dBi cross-Yagi on the ground, 9k6 GMSK.
    "UHF": RadioPreset(437.0, 1.0, 0.0, 14.0, 500.0, 9600.0, 10.0, 3.0),
    # S-band: 2 W into a 6 dBi patch, a 3 m dish (~35 dBi) on the ground, 1 Mbit/s.
    "S-band": RadioPreset(2245.0, 2.0, 6.0, 35.0, 300.0, 1_000_000.0, 10.0, 3.0),
}
