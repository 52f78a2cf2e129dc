"""OrbitExplorer: controls change model AND trace data in place; bad input keeps the figure."""

import numpy as np
import pytest

from widgets.orbit_explorer import TRACE_ORBIT, TRACE_TRANSFER, OrbitExplorer


@pytest.fixture
def explorer():
    return OrbitExplorer()


def test_preset_change_updates_period_and_the_same_figure(explorer):
    figure = explorer.figure
    before_x = np.array(figure.data[TRACE_ORBIT].x)
    assert "Period: 92.9 min" in explorer.facts.value or "Period: 93.0 min" in explorer.facts.value
    explorer.preset.value = "GEO"
    assert explorer.figure is figure  # updated in place, never rebuilt
    assert explorer.orbit_facts.period_s == pytest.approx(86164, abs=5)
    assert "1,436.1 min" in explorer.facts.value
    radii = np.hypot(np.array(figure.data[TRACE_ORBIT].x), np.array(figure.data[TRACE_ORBIT].y))
    assert radii.max() == pytest.approx(42164.0, rel=1e-3)
    assert not np.allclose(before_x, figure.data[TRACE_ORBIT].x)


def test_inclination_tilts_the_orbit(explorer):
    explorer.inclination.value = 0.0
    assert np.allclose(explorer.figure.data[TRACE_ORBIT].z, 0.0, atol=1e-6)
    explorer.inclination.value = 90.0
    assert np.max(np.abs(explorer.figure.data[TRACE_ORBIT].z)) > 6000


def test_hohmann_target_changes_delta_v_and_transfer_trace(explorer):
    geo_dv = explorer.transfer.total_delta_v_km_s
    old_transfer = np.array(explorer.figure.data[TRACE_TRANSFER].x)
    explorer.target_altitude.value = 1000.0
    assert explorer.transfer.total_delta_v_km_s < geo_dv
    assert "Total delta-v" in explorer.transfer_facts.value
    assert not np.allclose(old_transfer, explorer.figure.data[TRACE_TRANSFER].x)


@pytest.mark.parametrize(("control", "value", "quoted"),
                         [("eccentricity", 1.0, "eccentricity=1.0"),
                          ("semi_major_axis", 5000.0, "perigee_altitude_km"),
                          ("target_altitude", -200.0, "to_altitude_km=-200.0")])
def test_invalid_input_shows_alert_and_keeps_last_figure(explorer, control, value, quoted):
    x_before = np.array(explorer.figure.data[TRACE_ORBIT].x)
    facts_before = explorer.facts.value
    getattr(explorer, control).value = value
    assert 'role="alert"' in explorer.error_text
    assert quoted in explorer.error_text
    assert np.array_equal(x_before, explorer.figure.data[TRACE_ORBIT].x)
    assert explorer.facts.value == facts_before
    explorer.preset.value = "GEO"
    explorer.target_altitude.value = 1000.0
    assert explorer.error_text == ""
