"""TelemetryPanel: window, state words, stale indicator, pause, CSV link, alarms."""

import base64
from datetime import timedelta

import pytest

from widgets.telemetry_panel import TRACE_VALUES, TelemetryPanel


@pytest.fixture
def panel(small_series):
    return TelemetryPanel(small_series, field="bat0_volt", start_fraction=1.0)


def test_window_limits_the_samples_in_the_trace(panel):
    everything = len(panel.figure.data[TRACE_VALUES].x)
    panel.window.value = "15 min"
    newest = panel.shown.index[-1]
    assert len(panel.figure.data[TRACE_VALUES].x) < everything
    assert all(newest - t <= timedelta(minutes=15) for t in panel.shown.index)


def test_state_is_written_not_only_coloured(panel, small_series):
    limits = small_series.limits.fields["bat0_volt"]
    last = panel.shown.iloc[-1]
    word = limits.classify(float(last)).upper()
    assert word in panel.state.value
    assert set(panel.figure.data[TRACE_VALUES].text) <= {"NOMINAL", "WARNING", "CRITICAL"}


def test_field_change_updates_trace_and_axis(panel):
    before = list(panel.figure.data[TRACE_VALUES].y)
    panel.field.value = "bat0_temp"
    assert list(panel.figure.data[TRACE_VALUES].y) != before
    assert panel.figure.layout.yaxis.title.text.startswith("bat0_temp")


def test_stale_indicator_and_pause(panel):
    assert "Data is current" in panel.stale.value
    later = panel.now + timedelta(hours=2)
    panel.pause.value = True
    assert panel.pause.description == "Resume"
    y_before = list(panel.figure.data[TRACE_VALUES].y)
    panel.refresh(later)
    assert "STALE" in panel.stale.value and "2 h 00 min" in panel.stale.value
    assert list(panel.figure.data[TRACE_VALUES].y) == y_before  # paused: plot frozen


def test_replay_ticks_add_samples(small_series):
    panel = TelemetryPanel(small_series, field="bat0_volt", start_fraction=0.5,
                           samples_per_tick=20)
    count = len(panel.figure.data[TRACE_VALUES].x)
    panel.play.value += 1
    assert len(panel.figure.data[TRACE_VALUES].x) > count


def test_csv_link_holds_the_shown_samples(panel):
    html = panel.download.value
    assert 'download="lightsail2_bat0_volt.csv"' in html
    payload = html.split("base64,")[1].split('"')[0]
    lines = base64.b64decode(payload).decode().strip().splitlines()
    assert lines[0] == "timestamp_utc,bat0_volt [count],state"
    assert len(lines) - 1 == len(panel.shown)


def test_alarm_list_names_field_and_state(panel):
    assert "Alarms" in panel.alarms.value
    assert "WARNING" in panel.alarms.value or "CRITICAL" in panel.alarms.value \
        or "No alarms" in panel.alarms.value
