"""GroundTrack and PassPredictor: controls and refresh(now) move the traces in place."""

from datetime import timedelta

import numpy as np
import pytest

from telemetry.propagate import propagate_geodetic
from widgets.clocks import ReplayClock
from widgets.ground_track import (
    TRACE_FOOTPRINTS,
    TRACE_NIGHT,
    TRACE_SATELLITES,
    TRACE_TRACKS,
    GroundTrack,
)
from widgets.pass_predictor import PassPredictor


@pytest.fixture
def track(station_elements, stations):
    return GroundTrack(station_elements, stations, now=station_elements[0].epoch)


def test_satellite_markers_are_the_propagated_positions(track, station_elements):
    expected = propagate_geodetic(station_elements, [station_elements[0].epoch])
    assert np.allclose(track.figure.data[TRACE_SATELLITES].x, expected.longitude_deg[:, 0])
    assert np.allclose(track.figure.data[TRACE_SATELLITES].y, expected.latitude_deg[:, 0])


def test_time_offset_moves_satellites_and_terminator(track):
    figure = track.figure
    before = np.array(figure.data[TRACE_SATELLITES].x)
    night_before = np.array(figure.data[TRACE_NIGHT].y)
    track.time_offset.value = 60
    assert track.figure is figure
    assert track.shown_time == track.base_time + timedelta(minutes=60)
    assert not np.allclose(before, figure.data[TRACE_SATELLITES].x)
    assert not np.allclose(night_before, figure.data[TRACE_NIGHT].y)
    assert "Shown time" in track.time_label.value


def test_track_length_and_footprints_controls(track, station_elements):
    track.track_minutes.value = 30
    short = np.isfinite(np.array(track.figure.data[TRACE_TRACKS].x, dtype=float)).sum()
    track.track_minutes.value = 120
    long = np.isfinite(np.array(track.figure.data[TRACE_TRACKS].x, dtype=float)).sum()
    assert long > 3 * short
    assert len(track.figure.data[TRACE_FOOTPRINTS].x) > 0
    track.show_footprints.value = False
    assert len(track.figure.data[TRACE_FOOTPRINTS].x) == 0


def test_refresh_from_a_replay_clock(track, station_elements):
    ticks = iter([0.0, 600.0])
    start = station_elements[0].epoch
    track.clock = ReplayClock(start, speed=6.0, monotonic=lambda: next(ticks))
    track.live.value += 1  # first tick: 0 s elapsed
    assert track.shown_time == start
    track.live.value += 1  # 600 s later at 6x: one hour on
    assert track.shown_time == start + timedelta(hours=1)


def test_pass_table_and_sky_plot_follow_the_station(station_elements):
    predictor = PassPredictor(station_elements[:1])
    first_table = predictor.table.value
    first_r = np.array(predictor.figure.data[0].r)
    assert predictor.passes and "<table" in first_table
    assert first_r.min() == pytest.approx(90 - predictor.passes[0].max_elevation_deg, abs=1.0)
    predictor.station.value = "Budapest"
    assert predictor.passes[0].station == "Budapest"
    assert predictor.table.value != first_table
    assert not np.array_equal(first_r, predictor.figure.data[0].r)


def test_higher_minimum_elevation_gives_fewer_passes(station_elements):
    predictor = PassPredictor(station_elements[:1])
    many = len(predictor.passes)
    predictor.min_elevation.value = 45
    assert len(predictor.passes) < many
    assert all(p.max_elevation_deg >= 45 for p in predictor.passes)


def test_tracks_break_at_the_date_line_and_names_stay_after_a_change(track, station_elements):
    track.time_offset.value = 30
    lon = np.array(track.figure.data[TRACE_TRACKS].x, dtype=float)
    steps = np.abs(np.diff(lon))
    assert np.nanmax(steps) < 180  # no line drawn across the whole map
    assert np.isnan(lon).sum() >= len(station_elements)  # one break at least per track
    assert list(track.figure.data[TRACE_SATELLITES].text) == [e.name for e in station_elements]
