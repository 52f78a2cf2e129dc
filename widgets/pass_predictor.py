"""PassPredictor: the next passes of a satellite over a ground station, and a polar sky plot.

Predictions are :func:`telemetry.passes.predict_passes`; the sky path of the chosen pass is
:func:`telemetry.passes.elevation_series`. The polar plot maps elevation to radius as
``90 - elevation`` so the zenith is the centre and the horizon the rim, as on a sky chart.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime, timedelta

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go

from telemetry.elements import ElementSet
from telemetry.passes import PassPrediction, elevation_series, predict_passes
from telemetry.stations import PRESET_STATIONS, GroundStation
from widgets.component import (
    EXPECTED_INPUT_ERRORS,
    Component,
    ComponentFigure,
    publish_figure_state,
)
from widgets.formatting import format_duration_s, format_number, format_utc

SKY_STEP_S = 10.0  # a LEO pass lasts ~10 min: 60 points draw a smooth arc


class PassPredictor(Component):
    """Choose a station and a satellite; read the pass table and see the pass on the sky."""

    def __init__(self, elements: Sequence[ElementSet],
                 stations: Sequence[GroundStation] | None = None,
                 start: datetime | None = None, language: str | None = None) -> None:
        super().__init__(language)
        _ = self._
        if not elements:
            raise ValueError("PassPredictor needs at least one ElementSet")
        self.elements = {f"{e.name} ({e.norad_id})": e for e in elements}
        self.stations = {s.name: s for s in (stations or PRESET_STATIONS.values())}
        self.start = start
        style = {"description_width": "12em"}
        self.station = ipw.Dropdown(options=list(self.stations), description=_("Ground station"),
                                    style=style)
        self.satellite = ipw.Dropdown(options=list(self.elements), description=_("Satellite"),
                                      style=style)
        self.hours = ipw.IntSlider(value=24, min=6, max=72, step=6,
                                   description=_("Look ahead (h)"), style=style,
                                   continuous_update=False)
        self.min_elevation = ipw.FloatSlider(value=10, min=0, max=60, step=5,
                                             description=_("Minimum elevation (deg)"),
                                             style=style, continuous_update=False)
        self.pass_choice = ipw.Dropdown(options=[], description=_("Pass on the sky plot"),
                                        style=style)
        self.note = ipw.HTML()
        self.table = ipw.HTML()
        self.table.add_class("academy-pass-table")
        self.figure = self._make_figure()
        self.passes: list[PassPrediction] = []
        self._updating = False

        for control in (self.station, self.satellite, self.hours, self.min_elevation):
            control.observe(lambda _change: self.update(), names="value")
        self.pass_choice.observe(lambda _change: self._draw_sky(), names="value")
        self.children = [
            ipw.HTML(f"<h3>{_('Pass predictor')}</h3>"),
            ipw.HBox([ipw.VBox([self.station, self.satellite, self.hours, self.min_elevation,
                                self.pass_choice, self.message, self.note]), self.figure]),
            self.table,
        ]
        self.update()
        publish_figure_state(self.figure)

    def _make_figure(self) -> go.FigureWidget:
        _ = self._
        return ComponentFigure(
            data=[go.Scatterpolar(r=[], theta=[], mode="lines+markers", name=_("Pass"),
                                  marker={"size": 3}, line={"color": "#1f77b4"})],
            layout=go.Layout(
                title={"text": _("Sky plot (centre: zenith, rim: horizon)")}, height=420,
                width=440, margin={"l": 40, "r": 40, "t": 60, "b": 30},
                polar={"radialaxis": {"range": [0, 90], "tickvals": [0, 30, 60, 90],
                                      "ticktext": ["90°", "60°", "30°", "0°"]},
                       "angularaxis": {"direction": "clockwise", "rotation": 90}},
            ),
        )

    @property
    def selected_element(self) -> ElementSet:
        return self.elements[self.satellite.value]

    def update(self) -> None:
        """Predict passes for the chosen station/satellite; keep the last table on error."""
        element = self.selected_element
        station = self.stations[self.station.value]
        start = self.start or element.epoch
        try:
            passes = predict_passes(element, station, start, self.hours.value * 3600.0,
                                    min_elevation_deg=self.min_elevation.value)
        except EXPECTED_INPUT_ERRORS as error:
            self.show_error(error)
            return
        self.clear_error()
        self.passes = passes
        self.note.value = html.escape(self._(
            "Predicted from {start} with elements of epoch {epoch} (SGP4)."
        ).format(start=format_utc(start), epoch=format_utc(element.epoch)))
        self.table.value = self._table_html(passes)
        options = [(f"{i + 1}: {format_utc(p.culmination)}", i) for i, p in enumerate(passes)]
        self._updating = True
        self.pass_choice.options = options
        self.pass_choice.value = 0 if options else None
        self._updating = False
        self._draw_sky()

    def _table_html(self, passes: list[PassPrediction]) -> str:
        _, lang = self._, self.language
        if not passes:
            empty = _("No passes above the minimum elevation in this window.")
            return f"<p>{html.escape(empty)}</p>"
        head = [_("Rise (UTC)"), _("Maximum elevation (deg)"), _("Set (UTC)"), _("Duration")]
        rows = []
        for p in passes:
            rise = format_utc(p.rise) if p.rise else _("before window")
            end = format_utc(p.set) if p.set else _("after window")
            duration = format_duration_s(p.duration_s, lang) if p.rise and p.set else "–"
            cells = [rise, format_number(p.max_elevation_deg, lang), end, duration]
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        header = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in head)
        caption = html.escape(_("Next passes"))
        return (f"<table class='academy-table'><caption>{caption}</caption><thead><tr>{header}"
                f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")

    def _draw_sky(self) -> None:
        if self._updating:
            return
        index = self.pass_choice.value
        if index is None or index >= len(self.passes):
            with self.figure.batch_update():
                self.figure.data[0].update(r=[], theta=[])
            return
        chosen = self.passes[index]
        begin = chosen.rise or chosen.culmination - timedelta(minutes=5)
        end = chosen.set or chosen.culmination + timedelta(minutes=5)
        n = max(2, int((end - begin).total_seconds() / SKY_STEP_S) + 1)
        times = [begin + (end - begin) * (i / (n - 1)) for i in range(n)]
        look = elevation_series(self.selected_element, self.stations[self.station.value], times)
        elevation = np.clip(look.elevation_deg, 0.0, 90.0)
        with self.figure.batch_update():
            self.figure.data[0].update(r=90.0 - elevation, theta=look.azimuth_deg)
