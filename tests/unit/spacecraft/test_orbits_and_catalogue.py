"""Orbit shape, Hohmann (Vallado Example 6-1), delta-v budget, sky geometry, thrusters."""

import math
from datetime import UTC, datetime

import numpy as np
import pytest

from spacecraft.delta_v_budget import delta_v_budget, deorbit_delta_v_m_s
from spacecraft.errors import CatalogueError, SpacecraftInputError
from spacecraft.orbit_shape import (
    design_from_elements,
    design_orbit,
    hohmann_plan,
    orbit_facts,
    orbit_points_km,
)
from spacecraft.sky import coverage_circle_deg, coverage_half_angle_deg, subsolar_point_deg
from spacecraft.thrusters import load_thruster_catalogue, parse_thruster_catalogue

MU = 398600.4418


def test_vallado_example_6_1_hohmann():
    # Vallado, Fundamentals of Astrodynamics and Applications, Example 6-1: 191.34411 km to
    # 35,781.34857 km: dv_a 2.457038, dv_b 1.478187 km/s, tof 5.256713 h. Tolerance 1 m/s, 5 s.
    plan = hohmann_plan(191.34411, 35781.34857)
    assert plan.delta_v_km_s[0] == pytest.approx(2.457038, abs=1e-3)
    assert plan.delta_v_km_s[1] == pytest.approx(1.478187, abs=1e-3)
    assert plan.time_of_flight_s == pytest.approx(5.256713 * 3600, abs=5.0)


def test_geostationary_period_is_a_sidereal_day():
    # a = 42,164.17 km -> 86,164.1 s (one sidereal day); tolerance 2 s.
    facts = orbit_facts(design_from_elements(42164.17, 0.0))
    assert facts.period_s == pytest.approx(86164.1, abs=2.0)


def test_orbit_points_lie_between_perigee_and_apogee():
    orbit = design_orbit(500.0, 2000.0, 63.4, 40.0, 270.0)
    radii = np.linalg.norm(orbit_points_km(orbit), axis=1)
    assert radii.min() == pytest.approx(orbit.perigee_radius_km, rel=1e-9)
    assert radii.max() == pytest.approx(orbit.apogee_radius_km, rel=1e-4)


@pytest.mark.parametrize(("a", "e"), [(7000.0, 1.0), (7000.0, 1.5), (7000.0, -0.1),
                                      (6000.0, 0.0)])
def test_open_or_buried_orbits_are_refused(a, e):
    with pytest.raises(SpacecraftInputError):
        design_from_elements(a, e)


def test_deorbit_burn_matches_vis_viva():
    # Circular 550 km to perigee 200 km: dv = v_circ - v_apo (Curtis sec. 6.2), by hand here.
    r1, r2 = 6378.137 + 550.0, 6378.137 + 200.0
    expected = (math.sqrt(MU / r1) - math.sqrt(MU * (2 / r1 - 2 / (r1 + r2)))) * 1000
    assert deorbit_delta_v_m_s(550.0) == pytest.approx(expected, abs=0.5)
    assert deorbit_delta_v_m_s(150.0) == 0.0


def test_delta_v_budget_adds_station_keeping():
    budget = delta_v_budget(550.0, 550.0, 5.0, 3.0)
    assert budget.orbit_raise_m_s == pytest.approx(0.0, abs=1e-9)
    assert budget.station_keeping_m_s == 15.0
    assert budget.total_m_s == pytest.approx(15.0 + budget.deorbit_m_s)


def test_subsolar_latitude_at_june_solstice():
    # 2024 June solstice 20:51 UTC: Sun declination +23.44 deg; tolerance 0.05 deg.
    latitude, _ = subsolar_point_deg(datetime(2024, 6, 20, 20, 51, tzinfo=UTC))
    assert latitude == pytest.approx(23.44, abs=0.05)


def test_subsolar_longitude_near_greenwich_at_noon():
    # At 12:00 UTC the Sun is within the equation of time (< 16 min = 4 deg) of Greenwich.
    _, longitude = subsolar_point_deg(datetime(2024, 6, 20, 12, 0, tzinfo=UTC))
    assert abs(longitude) < 4.0


def test_coverage_half_angle_iss_horizon():
    # acos(6378.137 / 6778.137) = 19.8 deg (~2200 km footprint radius); tolerance 0.05 deg.
    assert coverage_half_angle_deg(400.0, 0.0) == pytest.approx(19.78, abs=0.05)
    assert coverage_half_angle_deg(400.0, 10.0) < coverage_half_angle_deg(400.0, 0.0)


def test_coverage_circle_breaks_at_the_dateline():
    lons, lats = coverage_circle_deg(0.0, 179.0, 10.0)
    assert np.isnan(lons).sum() == 2  # leaves and comes back across 180 deg
    finite = np.isfinite(lons)
    assert np.all(np.abs(lats[finite]) <= 10.0 + 1e-9)


def test_thruster_catalogue_rows_cite_sources_and_ranges():
    catalogue = load_thruster_catalogue()
    assert {"cold_gas_butane", "hydrazine", "green_monoprop", "pulsed_plasma"} <= set(catalogue)
    for row in catalogue.values():
        assert "Table 4-1" in row.source
        assert row.isp_min_s <= row.typical_isp_s <= row.isp_max_s
    # NASA SST-SOA 2018 Table 4-1: cold gas 65-70 s.
    assert (catalogue["cold_gas_butane"].isp_min_s, catalogue["cold_gas_butane"].isp_max_s) == (
        65.0, 70.0)


def test_catalogue_row_without_source_is_refused():
    text = '[[thruster]]\nkey = "x"\nname = "X"\nkind = "k"\nthrust_min_n = 1\n'
    with pytest.raises(CatalogueError, match="missing"):
        parse_thruster_catalogue(text, "inline.toml")


def test_a_misspelt_catalogue_field_names_the_row_and_the_nearest_field() -> None:
    from spacecraft.errors import CatalogueError
    from spacecraft.thrusters import CATALOGUE_PATH, parse_thruster_catalogue

    text = CATALOGUE_PATH.read_text(encoding="utf-8").replace("trl =", "tlr =", 1)
    with pytest.raises(CatalogueError, match=r"thruster\[\d+\]\.tlr.*did you mean 'trl'"):
        parse_thruster_catalogue(text, "thrusters.toml")
    with pytest.raises(CatalogueError, match="thrustr.*did you mean 'thruster'"):
        parse_thruster_catalogue("[[thrustr]]\nkey = 'x'\n", "thrusters.toml")
