"""OrbitExplorer: an orbit around an outlined 3-D Earth, its numbers, and a Hohmann transfer.

The maths is :mod:`spacecraft.orbit_shape` (which calls :mod:`telemetry.kepler_core`); this
module only turns control values into those calls and puts the results on screen. A control
change updates the existing figure's traces inside ``batch_update`` (one message to the browser)
rather than building a new figure: see ``benchmarks/widgets.py`` for what that buys.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as ipw
import plotly.graph_objects as go

from spacecraft.orbit_shape import (
    OrbitDesign,
    OrbitFacts,
    TransferPlan,
    design_from_elements,
    hohmann_plan,
    orbit_facts,
    orbit_points_km,
    transfer_points_km,
)
from telemetry.kepler_core import R_EARTH_KM
from widgets.component import (
    EXPECTED_INPUT_ERRORS,
    Component,
    ComponentFigure,
    publish_figure_state,
)
from widgets.formatting import format_duration_s, format_number
from widgets.world_map import graticule_xyz_km, world_outline_xyz_km


@dataclass(frozen=True)
class OrbitPreset:
    """A named orbit: semi-major axis (km), eccentricity, inclination (deg)."""

    semi_major_axis_km: float
    eccentricity: float
    inclination_deg: float


PRESETS: dict[str, OrbitPreset] = {
    # ISS: ~420 km, 51.64 deg (CelesTrak stations snapshot); SSO 550 km: i from
    # kepler_core.sun_synchronous_inclination_rad (97.6 deg); GEO: 42,164 km radius.
    "ISS": OrbitPreset(R_EARTH_KM + 420.0, 0.0005, 51.64),
    "SSO 550 km": OrbitPreset(R_EARTH_KM + 550.0, 0.0, 97.59),
    "GTO": OrbitPreset((2 * R_EARTH_KM + 250.0 + 35_786.0) / 2, 0.7306, 27.0),
    "Molniya": OrbitPreset(26_600.0, 0.74, 63.4),
    "GEO": OrbitPreset(42_164.0, 0.0, 0.0),
}

TRACE_ORBIT, TRACE_TRANSFER, TRACE_PERIGEE = 0, 1, 2


class OrbitExplorer(Component):
    """Pick an orbit (preset or elements), see it in 3-D with period, speeds and a transfer."""

    def __init__(self, language: str | None = None, preset: str = "ISS",
                 target_altitude_km: float = 35_786.0) -> None:
        super().__init__(language)
        _ = self._
        start = PRESETS[preset]
        style = {"description_width": "14em"}
        wide = ipw.Layout(width="26em")
        self.preset = ipw.Dropdown(options=[*PRESETS, _("Custom")], value=preset,
                                   description=_("Preset orbit"), style=style, layout=wide)
        self.semi_major_axis = ipw.FloatText(value=round(start.semi_major_axis_km, 1),
                                             description=_("Semi-major axis (km)"), style=style,
                                             layout=wide)
        self.eccentricity = ipw.FloatText(value=start.eccentricity, step=0.01,
                                          description=_("Eccentricity"), style=style, layout=wide)
        self.inclination = ipw.FloatSlider(value=start.inclination_deg, min=0, max=180, step=0.1,
                                           description=_("Inclination (deg)"), style=style,
                                           layout=wide)
        self.raan = ipw.FloatSlider(value=0, min=0, max=360, step=1,
                                    description=_("RAAN (deg)"), style=style, layout=wide)
        self.arg_perigee = ipw.FloatSlider(value=0, min=0, max=360, step=1,
                                           description=_("Argument of perigee (deg)"),
                                           style=style, layout=wide)
        self.target_altitude = ipw.FloatText(value=target_altitude_km,
                                             description=_("Transfer to altitude (km)"),
                                             style=style, layout=wide)
        self.facts = ipw.HTML()
        self.facts.add_class("academy-orbit-facts")
        self.transfer_facts = ipw.HTML()
        self.figure = self._make_figure()
        self.orbit: OrbitDesign | None = None
        self.orbit_facts: OrbitFacts | None = None
        self.transfer: TransferPlan | None = None
        self._applying_preset = False

        self.preset.observe(self._on_preset, names="value")
        for control in (self.semi_major_axis, self.eccentricity, self.inclination, self.raan,
                        self.arg_perigee, self.target_altitude):
            control.observe(self._on_change, names="value")
        controls = ipw.VBox([self.preset, self.semi_major_axis, self.eccentricity,
                             self.inclination, self.raan, self.arg_perigee, self.target_altitude,
                             self.message, self.facts, self.transfer_facts])
        self.children = [ipw.HTML(f"<h3>{_('Orbit explorer')}</h3>"),
                         ipw.HBox([controls, self.figure])]
        self.update()
        publish_figure_state(self.figure)

    def _make_figure(self) -> ComponentFigure:
        _ = self._
        gx, gy, gz = graticule_xyz_km()
        cx, cy, cz = world_outline_xyz_km()
        figure = ComponentFigure(
            data=[
                go.Scatter3d(x=[], y=[], z=[], mode="lines", name=_("Orbit"),
                             line={"color": "#d62728", "width": 4}),
                go.Scatter3d(x=[], y=[], z=[], mode="lines", name=_("Hohmann transfer"),
                             line={"color": "#ff7f0e", "width": 3, "dash": "dash"}),
                go.Scatter3d(x=[], y=[], z=[], mode="markers", name=_("Perigee"),
                             marker={"size": 4, "color": "#d62728"}),
                go.Scatter3d(x=cx, y=cy, z=cz, mode="lines", name=_("Coastlines"),
                             hoverinfo="skip", line={"color": "#2f4f4f", "width": 1.5}),
                go.Scatter3d(x=gx, y=gy, z=gz, mode="lines", name=_("Earth"), hoverinfo="skip",
                             line={"color": "#9ecae1", "width": 1}),
            ],
            layout=go.Layout(
                height=520, width=620, margin={"l": 0, "r": 0, "t": 30, "b": 0},
                title={"text": _("Orbit around the Earth (km)")},
                scene={"aspectmode": "data", "xaxis": {"title": {"text": "x"}},
                       "yaxis": {"title": {"text": "y"}}, "zaxis": {"title": {"text": "z"}}},
                legend={"orientation": "h"},
            ),
        )
        return figure

    def _on_preset(self, change: dict) -> None:
        preset = PRESETS.get(change["new"])
        if preset is None:  # "Custom": keep the values the user typed
            return
        self._applying_preset = True
        try:
            with self.hold_trait_notifications():
                self.semi_major_axis.value = round(preset.semi_major_axis_km, 1)
                self.eccentricity.value = preset.eccentricity
                self.inclination.value = preset.inclination_deg
        finally:
            self._applying_preset = False
        self.update()

    def _on_change(self, change: dict) -> None:
        if self._applying_preset:
            return
        if change["owner"] is not self.target_altitude and self.preset.value in PRESETS:
            preset = PRESETS[self.preset.value]
            if (self.semi_major_axis.value, self.eccentricity.value) != (
                    round(preset.semi_major_axis_km, 1), preset.eccentricity):
                self._applying_preset = True
                self.preset.value = self._("Custom")
                self._applying_preset = False
        self.update()

    def update(self) -> None:
        """Recompute from the controls; on invalid input show why and keep the last figure."""
        try:
            orbit = design_from_elements(self.semi_major_axis.value, self.eccentricity.value,
                                         self.inclination.value, self.raan.value,
                                         self.arg_perigee.value)
            facts = orbit_facts(orbit)
            plan = hohmann_plan(orbit.perigee_altitude_km, self.target_altitude.value)
        except EXPECTED_INPUT_ERRORS as error:
            self.show_error(error)
            return
        self.clear_error()
        self.orbit, self.orbit_facts, self.transfer = orbit, facts, plan
        self._draw(orbit, plan)
        self._write_facts(orbit, facts, plan)

    def _draw(self, orbit: OrbitDesign, plan: TransferPlan) -> None:
        points = orbit_points_km(orbit)
        transfer = transfer_points_km(plan, orbit)
        with self.figure.batch_update():
            trace = self.figure.data[TRACE_ORBIT]
            trace.x, trace.y, trace.z = points[:, 0], points[:, 1], points[:, 2]
            trace = self.figure.data[TRACE_TRANSFER]
            trace.x, trace.y, trace.z = transfer[:, 0], transfer[:, 1], transfer[:, 2]
            trace = self.figure.data[TRACE_PERIGEE]
            trace.x, trace.y, trace.z = points[:1, 0], points[:1, 1], points[:1, 2]

    def _write_facts(self, orbit: OrbitDesign, facts: OrbitFacts, plan: TransferPlan) -> None:
        _, lang = self._, self.language
        rows = [
            _("Period: {minutes} min").format(minutes=format_number(facts.period_s / 60, lang)),
            _("Perigee altitude: {km} km").format(
                km=format_number(orbit.perigee_altitude_km, lang)),
            _("Apogee altitude: {km} km").format(km=format_number(orbit.apogee_altitude_km, lang)),
            _("Speed at perigee: {speed} km/s").format(
                speed=format_number(facts.perigee_speed_km_s, lang, 3)),
            _("Speed at apogee: {speed} km/s").format(
                speed=format_number(facts.apogee_speed_km_s, lang, 3)),
        ]
        self.facts.value = "<ul>" + "".join(f"<li>{row}</li>" for row in rows) + "</ul>"
        dv1, dv2 = plan.delta_v_km_s
        transfer_rows = [
            _("Hohmann transfer from a circular orbit at the perigee altitude to {km} km:").format(
                km=format_number(plan.to_altitude_km, lang)),
            _("First burn: {dv} km/s").format(dv=format_number(dv1, lang, 3)),
            _("Second burn: {dv} km/s").format(dv=format_number(dv2, lang, 3)),
            _("Total delta-v: {dv} km/s").format(dv=format_number(plan.total_delta_v_km_s,
                                                                  lang, 3)),
            _("Time of flight: {duration}").format(
                duration=format_duration_s(plan.time_of_flight_s, lang)),
        ]
        self.transfer_facts.value = ("<p>" + transfer_rows[0] + "</p><ul>"
                                     + "".join(f"<li>{r}</li>" for r in transfer_rows[1:])
                                     + "</ul>")
