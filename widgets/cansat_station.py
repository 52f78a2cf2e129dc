"""CanSatGroundStation: replay a real CanSat Competition flight and size a parachute.

The flight is the shipped 2025 competition recording of team 3141 (UC Irvine): 31 packets at
1 Hz that stop during ascent because the radio link was lost, which the view says in words
(a ground station that hides missing data teaches the wrong lesson). Parsing is
:mod:`telemetry.cansat`; the parachute maths is :mod:`spacecraft.descent`.
"""

from __future__ import annotations

import html
from datetime import datetime

import ipywidgets as ipw
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from spacecraft.descent import (
    canopy_diameter_m,
    isa_density_kg_m3,
    parachute_area_m2,
    terminal_speed_m_s,
)
from telemetry.cansat import CanSatFlight
from telemetry.snapshots import load_snapshot_cansat
from widgets.component import (
    EXPECTED_INPUT_ERRORS,
    Component,
    ComponentFigure,
    publish_figure_state,
)
from widgets.formatting import format_number
from widgets.world_map import world_outline_deg

TRACE_ALTITUDE, TRACE_PRESSURE, TRACE_TEMPERATURE, TRACE_GPS, TRACE_OUTLINE = 0, 1, 2, 3, 4
MAP_HALF_SPAN_DEG = 3.0
LANDED_STATES = ("LANDED",)


class CanSatGroundStation(Component):
    """Packet-by-packet replay with altitude, pressure, temperature, GPS and flight state."""

    def __init__(self, flight: CanSatFlight | None = None, language: str | None = None,
                 tick_interval_ms: int = 1000) -> None:
        super().__init__(language)
        _ = self._
        self.flight = flight if flight is not None else load_snapshot_cansat()
        if not self.flight.packets:
            raise ValueError("CanSatGroundStation needs a flight with at least one packet")
        packets = self.flight.packets
        style = {"description_width": "14em"}
        self.packet = ipw.IntSlider(value=len(packets), min=1, max=len(packets), step=1,
                                    description=_("Packets received"), style=style)
        self.play = ipw.Play(value=len(packets), min=1, max=len(packets),
                             interval=tick_interval_ms, description=_("Replay"))
        ipw.jslink((self.play, "value"), (self.packet, "value"))
        self.play_label = ipw.Label(_("Replay the flight"))
        self.state = ipw.HTML()
        self.state.add_class("academy-cansat-state")
        self.link_notice = ipw.HTML(self._link_notice_html())
        self.mass = ipw.FloatText(value=0.9, description=_("CanSat mass (kg)"), style=style)
        self.drag_coefficient = ipw.FloatText(value=0.8, description=_("Drag coefficient Cd"),
                                              style=style)
        self.target_speed = ipw.FloatText(value=5.0, description=_("Wanted descent rate (m/s)"),
                                          style=style)
        self.altitude = ipw.FloatText(value=500.0, description=_("Altitude for air density (m)"),
                                      style=style)
        self.parachute = ipw.HTML()
        self.parachute.add_class("academy-parachute")
        self.figure = self._make_figure()
        self.area_m2: float | None = None

        self.packet.observe(lambda _change: self.redraw(), names="value")
        for control in (self.mass, self.drag_coefficient, self.target_speed, self.altitude):
            control.observe(lambda _change: self.size_parachute(), names="value")
        self.children = [
            ipw.HTML(f"<h3>{_('CanSat ground station')}</h3>"),
            self.link_notice, ipw.HBox([self.packet, self.play_label, self.play]), self.state,
            self.figure,
            ipw.HTML(f"<h4>{_('Parachute sizing')}</h4>"),
            self.mass, self.drag_coefficient, self.target_speed, self.altitude, self.message,
            self.parachute,
        ]
        self.redraw()
        self.size_parachute()
        publish_figure_state(self.figure)

    def _link_notice_html(self) -> str:
        _ = self._
        packets = self.flight.packets
        last = packets[-1]
        text = _("Real flight data: {count} packets from {source}.").format(
            count=len(packets), source=self.flight.provenance.credit if self.flight.provenance
            else self.flight.source)
        if last.state not in LANDED_STATES:
            text += " " + _("The recording ends in state {state} at {altitude} m: the radio link "
                            "was lost, so the rest of the flight is missing.").format(
                state=last.state, altitude=format_number(last.altitude_m, self.language))
        return f'<p role="note" class="academy-notice"><b>{html.escape(text)}</b></p>'

    def _make_figure(self) -> go.FigureWidget:
        _ = self._
        base = make_subplots(rows=2, cols=2, subplot_titles=(
            _("Altitude (m)"), _("Pressure (kPa)"), _("Temperature (°C)"), _("GPS position")))
        base.add_scatter(x=[], y=[], mode="lines+markers", name=_("Altitude (m)"), row=1, col=1)
        base.add_scatter(x=[], y=[], mode="lines+markers", name=_("Pressure (kPa)"), row=1, col=2)
        base.add_scatter(x=[], y=[], mode="lines+markers", name=_("Temperature (°C)"), row=2,
                         col=1)
        base.add_scatter(x=[], y=[], mode="markers", name=_("GPS position"), row=2, col=2,
                         marker={"size": 9, "color": "#d62728"})
        lons, lats = world_outline_deg()
        base.add_scatter(x=lons, y=lats, mode="lines", name="Natural Earth", row=2, col=2,
                         hoverinfo="skip", line={"color": "#5b6b7a", "width": 1})
        first = self.flight.packets[0]
        base.update_xaxes(range=[first.gps_longitude_deg - MAP_HALF_SPAN_DEG,
                                 first.gps_longitude_deg + MAP_HALF_SPAN_DEG], row=2, col=2,
                          title_text=_("Longitude (deg)"))
        base.update_yaxes(range=[first.gps_latitude_deg - MAP_HALF_SPAN_DEG,
                                 first.gps_latitude_deg + MAP_HALF_SPAN_DEG], row=2, col=2,
                          title_text=_("Latitude (deg)"))
        base.update_layout(height=560, showlegend=False,
                           margin={"l": 50, "r": 10, "t": 40, "b": 40})
        return ComponentFigure(base)

    def redraw(self) -> None:
        """Draw the packets received so far (the replay cursor) and the flight state."""
        received = self.flight.packets[: self.packet.value]
        seconds = [self._elapsed_s(p.mission_time) for p in received]
        with self.figure.batch_update():
            self.figure.data[TRACE_ALTITUDE].update(x=seconds, y=[p.altitude_m for p in received])
            self.figure.data[TRACE_PRESSURE].update(x=seconds,
                                                    y=[p.pressure_kpa for p in received])
            self.figure.data[TRACE_TEMPERATURE].update(x=seconds,
                                                       y=[p.temperature_c for p in received])
            self.figure.data[TRACE_GPS].update(x=[p.gps_longitude_deg for p in received],
                                               y=[p.gps_latitude_deg for p in received])
        last = received[-1]
        text = self._("Packet {count} of {total}: state {state}, altitude {altitude} m, "
                      "pressure {pressure} kPa, temperature {temperature} °C, GPS {lat}°, "
                      "{lon}° ({sats} satellites)").format(
            count=last.packet_count, total=len(self.flight.packets), state=last.state,
            altitude=format_number(last.altitude_m, self.language),
            pressure=format_number(last.pressure_kpa, self.language),
            temperature=format_number(last.temperature_c, self.language),
            lat=format_number(last.gps_latitude_deg, self.language, 4),
            lon=format_number(last.gps_longitude_deg, self.language, 4), sats=last.gps_sats)
        self.state.value = f'<p aria-live="polite">{html.escape(text)}</p>'

    def _elapsed_s(self, when: object) -> float:
        start = self.flight.packets[0].mission_time
        today = datetime(2000, 1, 1)
        return (datetime.combine(today, when) - datetime.combine(today, start)).total_seconds()

    def size_parachute(self) -> None:
        """Canopy area and diameter for the wanted descent rate; inline error if impossible."""
        try:
            density = isa_density_kg_m3(self.altitude.value)
            area = parachute_area_m2(self.mass.value, self.drag_coefficient.value,
                                     self.target_speed.value, density)
            check_speed = terminal_speed_m_s(self.mass.value, self.drag_coefficient.value, area,
                                             density)
        except EXPECTED_INPUT_ERRORS as error:
            self.show_error(error)
            return
        self.clear_error()
        self.area_m2 = area
        lang = self.language
        text = self._("Canopy area {area} m² (diameter {diameter} m) gives {speed} m/s at air "
                      "density {density} kg/m³.").format(
            area=format_number(area, lang, 3), diameter=format_number(canopy_diameter_m(area),
                                                                     lang, 2),
            speed=format_number(check_speed, lang, 2), density=format_number(density, lang, 3))
        self.parachute.value = f"<p>{html.escape(text)}</p>"
