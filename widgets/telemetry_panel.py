"""TelemetryPanel: decoded LightSail-2 fields over time, coloured AND labelled by their limits.

Data: :class:`telemetry.timeseries.TelemetrySeries` (decoded SatNOGS frames with teaching
limits). "Live" is a replay: the play control steps a cursor through the recorded samples, and
``refresh(now)`` draws everything up to ``now`` (the cursor's time by default, or an injected
clock's). A field's state is written as a word next to the colour, a stale-data line warns when
the newest sample is older than ``stale_after_s``, and the CSV link is a ``data:`` URI, which
downloads in Voilà as in JupyterLab without a server round trip.
"""

from __future__ import annotations

import base64
import functools
import html
from datetime import datetime, timedelta

import ipywidgets as ipw
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from telemetry.frames import DecodedFrame, decode_stream
from telemetry.snapshots import load_snapshot_frames
from telemetry.timeseries import TelemetrySeries, load_limits
from widgets.clocks import UtcClock
from widgets.component import STATUS_COLOURS, Component, ComponentFigure, publish_figure_state
from widgets.formatting import format_duration_s, format_number, format_utc

WINDOWS_S: dict[str, float | None] = {"15 min": 900.0, "1 h": 3600.0, "24 h": 86400.0,
                                      "all": None}
TRACE_VALUES, TRACE_LIMITS = 0, 1
ALARMS_SHOWN = 8


@functools.cache
def load_lightsail2_series() -> TelemetrySeries:
    """The shipped LightSail-2 SatNOGS export, decoded once per process (~3 s)."""
    dataset = load_snapshot_frames("lightsail2")
    frames = [f for f in decode_stream("lightsail2", dataset.frames)
              if isinstance(f, DecodedFrame)]
    return TelemetrySeries(frames, load_limits("lightsail2"), dataset.provenance)


class TelemetryPanel(Component):
    """Time series of one field with limit states, windows, pause, CSV and an alarm list."""

    def __init__(self, series: TelemetrySeries | None = None, language: str | None = None,
                 field: str | None = None, clock: UtcClock | None = None,
                 stale_after_s: float = 1800.0, start_fraction: float = 0.5,
                 samples_per_tick: int = 5, tick_interval_ms: int = 1000) -> None:
        super().__init__(language)
        _ = self._
        self.series = series if series is not None else load_lightsail2_series()
        if self.series.limits is None or not self.series.limits.fields:
            raise ValueError("TelemetryPanel needs a series with limits")
        self.fields = [f for f in self.series.limits.fields if f in self.series.table.columns]
        self.times = self.series.table.index
        self.clock = clock
        self.stale_after_s = stale_after_s
        self.samples_per_tick = samples_per_tick
        self.cursor = max(1, int(len(self.times) * start_fraction))
        self.now: datetime = self._cursor_time()
        window_labels = {"15 min": _("15 min"), "1 h": _("1 h"), "24 h": _("24 h"),
                         "all": _("all")}
        style = {"description_width": "8em"}
        self.field = ipw.Dropdown(options=self.fields, value=field or self.fields[0],
                                  description=_("Field"), style=style)
        self.window = ipw.ToggleButtons(options=[(v, k) for k, v in window_labels.items()],
                                        value="all", description=_("Window"), style=style)
        self.pause = ipw.ToggleButton(value=False, description=_("Pause"),
                                      tooltip=_("Stop following new data"), icon="")
        self.play = ipw.Play(value=0, min=0, max=10**9, interval=tick_interval_ms,
                             description=_("Replay"))
        self.play_label = ipw.Label(_("Replay the recorded frames"))
        self.state = ipw.HTML()
        self.state.add_class("academy-telemetry-state")
        self.stale = ipw.HTML()
        self.stale.add_class("academy-stale")
        self.download = ipw.HTML()
        self.alarms = ipw.HTML()
        self.alarms.add_class("academy-alarms")
        self.credit = ipw.HTML(self._credit_html())
        self.figure = self._make_figure()
        self.shown: pd.Series | None = None

        for control in (self.field, self.window):
            control.observe(lambda _change: self.redraw(), names="value")
        self.pause.observe(self._on_pause, names="value")
        self.play.observe(self._on_tick, names="value")
        self.children = [
            ipw.HTML(f"<h3>{_('LightSail-2 telemetry')}</h3>"),
            ipw.HBox([self.field, self.pause, ipw.HBox([self.play_label, self.play])]),
            self.window, self.message, self.state, self.stale, self.figure,
            ipw.HBox([self.download]), self.alarms, self.credit,
        ]
        self.redraw()
        publish_figure_state(self.figure)

    def _credit_html(self) -> str:
        provenance = self.series.provenance
        if provenance is None:
            return ""
        text = self._("Data: {source}; credit: {credit}; licence: {licence}; as of {date}.")
        return "<small>" + html.escape(text.format(
            source=provenance.source, credit=provenance.credit, licence=provenance.licence,
            date=format_utc(provenance.as_of))) + "</small>"

    def _make_figure(self) -> go.FigureWidget:
        _ = self._
        return ComponentFigure(
            data=[go.Scatter(x=[], y=[], mode="lines+markers", name=_("Value"),
                             line={"color": "#9aa5b1", "width": 1}, marker={"size": 6},
                             hovertemplate="%{x}<br>%{y} · %{text}<extra></extra>"),
                  go.Scatter(x=[], y=[], mode="lines", name=_("Nominal limits"),
                             line={"color": "#1b7f3b", "dash": "dash", "width": 1})],
            layout=go.Layout(height=360, margin={"l": 60, "r": 10, "t": 30, "b": 40},
                             xaxis={"title": {"text": _("Time (UTC)")}},
                             legend={"orientation": "h", "y": 1.12}),
        )

    def _cursor_time(self) -> datetime:
        return self.times[min(self.cursor, len(self.times)) - 1].to_pydatetime()

    def _on_pause(self, change: dict) -> None:
        self.pause.description = self._("Resume") if change["new"] else self._("Pause")
        if not change["new"]:
            self.redraw()

    def _on_tick(self, _change: dict) -> None:
        if self.pause.value:
            return
        self.cursor = min(len(self.times), self.cursor + self.samples_per_tick)
        self.refresh(self.clock() if self.clock else self._cursor_time())

    def refresh(self, now: datetime) -> None:
        """Draw the data received up to ``now``; while paused only the stale line updates."""
        self.now = now
        if self.pause.value:
            self._update_stale(self._visible_table())
            return
        self.redraw()

    def _visible_table(self) -> pd.DataFrame:
        table = self.series.table.iloc[: self.cursor]
        return table[table.index <= pd.Timestamp(self.now)]

    def redraw(self) -> None:
        """Window, colour and label the chosen field; update alarms, CSV link, stale line."""
        _ = self._
        received = self._visible_table()
        span_s = WINDOWS_S[self.window.value]
        shown = received if span_s is None else received[
            received.index >= pd.Timestamp(self.now - timedelta(seconds=span_s))]
        name = self.field.value
        values = shown[name].dropna() if name in shown else pd.Series(dtype=float)
        limits = self.series.limits.fields[name]
        states = [limits.classify(float(v)) for v in values]
        state_words = [self.status_word(s) for s in states]
        self.shown = values
        with self.figure.batch_update():
            self.figure.data[TRACE_VALUES].update(
                x=values.index.to_pydatetime() if len(values) else [], y=values.to_numpy(),
                text=state_words, marker={"color": [STATUS_COLOURS[s] for s in states]})
            if len(values):
                t0, t1 = values.index[0].to_pydatetime(), values.index[-1].to_pydatetime()
                low, high = limits.nominal
                self.figure.data[TRACE_LIMITS].update(x=[t0, t1, None, t0, t1],
                                                      y=[low, low, np.nan, high, high])
            else:
                self.figure.data[TRACE_LIMITS].update(x=[], y=[])
            self.figure.layout.yaxis.title.text = f"{name} [{limits.unit}]"
        self._update_state(name, values, states, limits.unit)
        self._update_stale(received)
        self._update_download(name, values, limits.unit)
        self._update_alarms(received)

    def _update_state(self, name: str, values: pd.Series, states: list[str], unit: str) -> None:
        if not len(values):
            self.state.value = html.escape(self._("No samples in this window."))
            return
        text = self._("Latest {field}: {value} {unit} at {time}: {state}").format(
            field=name, value=format_number(float(values.iloc[-1]), self.language, 0), unit=unit,
            time=format_utc(values.index[-1].to_pydatetime()), state=self.status_word(states[-1]))
        self.state.value = self.status_badge(states[-1], text)

    def _update_stale(self, received: pd.DataFrame) -> None:
        if received.empty:
            self.stale.value = self.status_badge("critical", self._("No data received yet."))
            return
        age_s = (pd.Timestamp(self.now) - received.index[-1]).total_seconds()
        if age_s > self.stale_after_s:
            text = self._("STALE: the newest frame is {age} old.").format(
                age=format_duration_s(age_s, self.language))
            self.stale.value = self.status_badge("warning", text)
        else:
            self.stale.value = self.status_badge("ok", self._("Data is current."))

    def csv_text(self, name: str, values: pd.Series, unit: str) -> str:
        """CSV of the shown samples: ISO UTC time, the value with its unit, the state word."""
        limits = self.series.limits.fields[name]
        frame = pd.DataFrame({
            f"{name} [{unit}]": values.to_numpy(),
            "state": [limits.classify(float(v)) for v in values],
        }, index=[t.isoformat() for t in values.index])
        frame.index.name = "timestamp_utc"
        return frame.to_csv()

    def _update_download(self, name: str, values: pd.Series, unit: str) -> None:
        payload = base64.b64encode(self.csv_text(name, values, unit).encode()).decode()
        label = html.escape(self._("Download CSV ({count} samples)").format(count=len(values)))
        self.download.value = (f'<a class="academy-download" download="lightsail2_{name}.csv" '
                               f'href="data:text/csv;base64,{payload}" role="button">{label}</a>')

    def _update_alarms(self, received: pd.DataFrame) -> None:
        alarms: list[tuple[pd.Timestamp, str, float, str]] = []
        for name in self.fields:
            limits = self.series.limits.fields[name]
            column = received[name].dropna().iloc[-200:]
            for when, value in column.items():
                state = limits.classify(float(value))
                if state in ("warning", "critical"):
                    alarms.append((when, name, float(value), state))
        alarms.sort(key=lambda alarm: alarm[0], reverse=True)
        title = html.escape(self._("Alarms (newest first)"))
        if not alarms:
            self.alarms.value = f"<b>{title}</b><p>{html.escape(self._('No alarms.'))}</p>"
            return
        items = []
        for when, name, value, state in alarms[:ALARMS_SHOWN]:
            text = f"{format_utc(when.to_pydatetime())} {name} = " \
                   f"{format_number(value, self.language, 0)}: {self.status_word(state)}"
            items.append(f"<li>{self.status_badge(state, text)}</li>")
        self.alarms.value = f"<b>{title}</b><ul role='list'>{''.join(items)}</ul>"
