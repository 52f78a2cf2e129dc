"""CubeSatDesigner, PropulsionLab and CanSatGroundStation behaviour."""

import numpy as np
import pytest

from widgets.cansat_station import TRACE_ALTITUDE, CanSatGroundStation
from widgets.cubesat_designer import TRACE_MASS, CubeSatDesigner
from widgets.propulsion_lab import TRACE_CURVE, TRACE_POINT, PropulsionLab


def test_form_factor_changes_limit_and_margin_text():
    designer = CubeSatDesigner()
    assert designer.mass.limit_kg == 24.0 and "OK" in designer.margins.value
    designer.form_factor.value = "6U"
    assert designer.mass.limit_kg == 12.0
    assert "NEGATIVE" in designer.margins.value  # 17.96 kg in a 6U
    assert "limit 12.00 kg" in designer.figure.layout.title.text


def test_subsystem_mass_updates_bar_trace():
    designer = CubeSatDesigner()
    bars = list(designer.figure.data[TRACE_MASS].y)
    designer.mass_inputs["Payload camera"].value = 5.0
    assert designer.figure.data[TRACE_MASS].y != tuple(bars)
    assert designer.figure.data[TRACE_MASS].y[9] == pytest.approx(6.0)


def test_band_change_changes_link_margin():
    designer = CubeSatDesigner()
    uhf = designer.link.margin_db
    designer.band.value = "S-band"
    assert designer.link.margin_db != uhf
    assert "S-band" in designer.margins.value


def test_impossible_mass_shows_alert_and_keeps_budget():
    designer = CubeSatDesigner()
    before = designer.mass
    bars = designer.figure.data[TRACE_MASS].y
    designer.mass_inputs["Battery"].value = -2.0
    assert 'role="alert"' in designer.error_text and "-2.0" in designer.error_text
    assert designer.mass is before and designer.figure.data[TRACE_MASS].y == bars
    designer.load_ots_sat()
    assert designer.error_text == ""


def test_ots_sat_preset_restores_12u():
    designer = CubeSatDesigner(form="3U")
    designer.load_ots_sat()
    assert designer.form_factor.value == "12U" and designer.mass.limit_kg == 24.0


def test_thruster_change_moves_isp_range_and_curve():
    lab = PropulsionLab()
    cold = lab.propellant_kg
    curve = np.array(lab.figure.data[TRACE_CURVE].y)
    lab.thruster.value = "green_monoprop"
    assert (lab.isp.min, lab.isp.max) == (220.0, 250.0)
    assert lab.propellant_kg < cold / 2
    assert np.max(lab.figure.data[TRACE_CURVE].y) > 3 * np.max(curve)
    assert lab.figure.data[TRACE_POINT].y[0] == pytest.approx(lab.budget.total_m_s)


def test_longer_mission_needs_more_propellant():
    lab = PropulsionLab()
    before = lab.propellant_kg
    lab.years.value = 10.0
    assert lab.propellant_kg > before
    assert "Propellant mass" in lab.results.value


def test_budget_beyond_the_12u_limit_is_flagged_in_words():
    lab = PropulsionLab(dry_mass_kg=16.0)
    assert "OK" in lab.results.value
    lab.station_keeping.value = 300.0  # 900 m/s of cold gas: far past 24 kg
    assert lab.mass_status == "negative" and "NEGATIVE" in lab.results.value


def test_impossible_mass_is_an_inline_error_and_keeps_results():
    lab = PropulsionLab()
    results, point = lab.results.value, lab.figure.data[TRACE_POINT].y
    lab.dry_mass.value = -5.0
    assert 'role="alert"' in lab.error_text and "dry_mass_kg=-5.0" in lab.error_text
    assert lab.results.value == results and lab.figure.data[TRACE_POINT].y == point


def test_cansat_replay_and_link_loss_notice():
    station = CanSatGroundStation()
    assert "31 packets" in station.link_notice.value
    assert "radio link was lost" in station.link_notice.value
    assert len(station.figure.data[TRACE_ALTITUDE].y) == 31
    station.packet.value = 10
    assert len(station.figure.data[TRACE_ALTITUDE].y) == 10
    assert "Packet 10 of 31" in station.state.value


def test_parachute_sizing_and_bad_input():
    station = CanSatGroundStation()
    area = station.area_m2
    station.target_speed.value = 10.0
    assert station.area_m2 == pytest.approx(area / 4, rel=1e-9)  # A ~ 1/v^2
    text = station.parachute.value
    station.drag_coefficient.value = 0.0
    assert "drag_coefficient=0.0" in station.error_text
    assert station.parachute.value == text
