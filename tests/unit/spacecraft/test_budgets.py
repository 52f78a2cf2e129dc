"""Mass limits (CDS Rev 14.1), free-space loss (ITU-R P.525), eclipse and link budget."""

import math

import pytest

from spacecraft.budgets import (
    MarginStatus,
    MassItem,
    eclipse_fraction_circular,
    free_space_path_loss_db,
    link_budget,
    mass_budget,
    power_budget,
    slant_range_km,
)
from spacecraft.errors import SpacecraftInputError
from spacecraft.form_factors import CDS_REV13_MASS_PER_U_KG, FORM_FACTORS, form_factor


@pytest.mark.parametrize(("name", "limit_kg"),
                         [("1U", 2.00), ("1.5U", 3.00), ("2U", 4.00), ("3U", 6.00),
                          ("6U", 12.00), ("12U", 24.00)])
def test_cds_rev14_mass_limits(name, limit_kg):
    # CubeSat Design Specification Rev 14.1 (Cal Poly, 2022): 2.00 kg per U. Exact.
    assert form_factor(name).max_mass_kg == limit_kg


def test_rev13_figure_is_kept_for_comparison_and_differs():
    # CDS Rev 13 (2014): 1.33 kg per U; Rev 14 raised it.
    assert CDS_REV13_MASS_PER_U_KG * 3 < FORM_FACTORS["3U"].max_mass_kg


def test_unknown_form_factor_names_itself():
    with pytest.raises(SpacecraftInputError, match="'7U'"):
        form_factor("7U")


def test_mass_budget_margin_and_status():
    budget = mass_budget([MassItem("a", 10.0, 0.1), MassItem("b", 10.0, 0.0)],
                         form_factor("12U"))
    assert budget.total_with_contingency_kg == pytest.approx(21.0)
    assert budget.margin_kg == pytest.approx(3.0)
    assert budget.status is MarginStatus.OK
    over = mass_budget([MassItem("a", 25.0, 0.0)], form_factor("12U"))
    assert over.status is MarginStatus.NEGATIVE


def test_negative_mass_refused():
    with pytest.raises(SpacecraftInputError, match="-1"):
        mass_budget([MassItem("payload", -1.0)], form_factor("1U"))


def test_fspl_itu_r_p525_reference_point():
    # ITU-R P.525-4 Eq. 4: L = 32.45 + 20 log f(MHz) + 20 log d(km); at 1 MHz, 1 km: 32.45 dB.
    assert free_space_path_loss_db(1.0, 1.0) == pytest.approx(32.45, abs=0.01)
    # Hand-worked: 2400 MHz, 2000 km: 32.45 + 67.60 + 66.02 = 166.07 dB. Tolerance 0.02 dB.
    assert free_space_path_loss_db(2000.0, 2400.0) == pytest.approx(166.07, abs=0.02)


def test_slant_range_at_zenith_is_altitude_and_at_horizon_is_tangent():
    assert slant_range_km(500.0, 90.0) == pytest.approx(500.0, abs=1e-6)
    r_e = 6378.137
    assert slant_range_km(500.0, 0.0) == pytest.approx(math.sqrt((r_e + 500) ** 2 - r_e**2))


def test_link_budget_worked_example():
    # Hand-worked UHF downlink (New SMAD ch. 16 form): P 1 W = 0 dBW, Gt 0 dBi, 2000 km at
    # 437 MHz: L = 32.45 + 52.81 + 66.02 = 151.28 dB; other losses 3 dB; Gr 14 dBi;
    # Ts 500 K = 26.99 dBK; k = -228.6 dBW/K/Hz; R = 9600 bit/s = 39.82 dBHz.
    # Eb/N0 = 0 - 151.28 - 3 + 14 - 26.99 + 228.6 - 39.82 = 21.51 dB; tolerance 0.05 dB.
    budget = link_budget(1.0, 0.0, 14.0, 500.0, 2000.0, 437.0, 9600.0, 10.0, 3.0)
    assert budget.received_eb_n0_db == pytest.approx(21.51, abs=0.05)
    assert budget.margin_db == pytest.approx(11.51, abs=0.05)
    assert budget.status is MarginStatus.OK


def test_eclipse_fraction_iss_and_high_beta():
    # 400 km circular, beta 0: asin(6378/6778)/pi = 0.390 (ISS eclipses ~36 of 92.6 min).
    assert eclipse_fraction_circular(400.0) == pytest.approx(0.390, abs=0.002)
    # beta above beta* = asin(R/(R+h)) (~70 deg at 400 km): no eclipse at all.
    assert eclipse_fraction_circular(400.0, beta_deg=75.0) == 0.0


def test_power_budget_battery_and_margin():
    budget = power_budget(0.1, 0.3, 10.0, 0.4, 5400.0, 50.0, depth_of_discharge=0.3,
                          pointing_factor=1.0)
    # 1361 * 0.1 * 0.3 * 0.6 = 24.5 W; battery 10 W * 0.4 * 1.5 h / 0.3 = 20 Wh.
    assert budget.generated_orbit_average_w == pytest.approx(24.498, abs=1e-3)
    assert budget.battery_required_wh == pytest.approx(20.0)
    assert budget.status is MarginStatus.OK
    short = power_budget(0.1, 0.3, 10.0, 0.4, 5400.0, 5.0, pointing_factor=1.0)
    assert short.status is MarginStatus.NEGATIVE


def test_power_budget_rejects_efficiency_above_one():
    with pytest.raises(SpacecraftInputError, match="cell_efficiency"):
        power_budget(0.1, 1.5, 10.0, 0.4, 5400.0, 50.0)
