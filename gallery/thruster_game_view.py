"""The "Fire the thruster" game on screen: choose a mission, a thruster and a propellant load,
press Fire, and see the orbit reached against the target (in colour AND words).

Rules and physics are :mod:`gallery.thruster_game`; this view only wires controls to
:func:`gallery.thruster_game.fire` and draws the result, like the components in ``widgets/``.
"""

from __future__ import annotations

import html

import ipywidgets as ipw
import plotly.graph_objects as go

from gallery.thruster_game import MISSIONS, BurnResult, Mission, fire
from spacecraft.thrusters import ThrusterClass, load_thruster_catalogue
from widgets.component import EXPECTED_INPUT_ERRORS, Component, publish_figure_state
from widgets.formatting import format_number


def N_(message: str) -> str:  # noqa: N802 - the gettext "mark for extraction" convention
    return message


MISSION_TITLES = {
    "ISS deploy to 550 km": N_("From the ISS deployer (410 km) to 550 km"),
    "550 km to 800 km": N_("From 550 km to a sun-synchronous 800 km"),
    "400 km to 1200 km": N_("From 400 km to 1200 km"),
}


class FireTheThruster(Component):
    """The rocket equation as a game with one button."""

    def __init__(self, language: str | None = None) -> None:
        super().__init__(language)
        _ = self._
        style = {"description_width": "14em"}
        wide = ipw.Layout(width="40em")
        self.catalogue: dict[str, ThrusterClass] = load_thruster_catalogue()
        self.mission = ipw.Dropdown(
            options=[(_(MISSION_TITLES[m.name]), index) for index, m in enumerate(MISSIONS)],
            value=0, description=_("Mission"), style=style, layout=wide)
        self.thruster = ipw.Dropdown(options=[(t.name, k) for k, t in self.catalogue.items()],
                                     value=next(iter(self.catalogue)),
                                     description=_("Thruster type"), style=style,
                                     layout=wide)
        self.propellant = ipw.FloatSlider(value=0.5, min=0.0, max=MISSIONS[0].tank_kg,
                                          step=0.05, description=_("Propellant (kg)"),
                                          style=style, layout=wide)
        self.fire_button = ipw.Button(description=_("Fire!"), button_style="danger")
        self.fire_button.add_class("academy-fire")
        self.result = ipw.HTML()
        self.result.add_class("academy-game-result")
        self.figure = self._make_figure()
        self.last: BurnResult | None = None
        self.fire_button.on_click(lambda _button: self.fire())
        self.mission.observe(self._on_mission, names="value")
        intro = _("Load just enough propellant to reach the target orbit: every kilogram "
                  "left in the tank is a longer mission.")
        self.children = [
            ipw.HTML(f"<p>{html.escape(intro)}</p>"),
            self.mission, self.thruster, self.propellant, self.fire_button, self.message,
            self.result, self.figure]
        self._show_mission()
        publish_figure_state(self.figure)

    @property
    def selected_mission(self) -> Mission:
        return MISSIONS[self.mission.value]

    def _make_figure(self) -> go.FigureWidget:
        _ = self._
        return go.FigureWidget(
            data=[go.Bar(x=[_("Start"), _("Target"), _("Reached")], y=[0.0, 0.0, 0.0],
                         marker={"color": ["#6c757d", "#1f77b4", "#6c757d"]})],
            layout=go.Layout(height=340, margin={"l": 60, "r": 10, "t": 40, "b": 40},
                             title={"text": _("Orbit altitude (km)")},
                             yaxis={"title": {"text": _("Altitude (km)")}}))

    def _on_mission(self, _change: object) -> None:
        self.propellant.max = self.selected_mission.tank_kg
        self.last = None
        self._show_mission()

    def _show_mission(self) -> None:
        mission = self.selected_mission
        with self.figure.batch_update():
            self.figure.data[0].y = [mission.start_altitude_km, mission.target_altitude_km, 0.0]
        self.result.value = html.escape(self._(
            "Needed: {delta_v} m/s. Tank: {tank} kg. Dry mass: {dry} kg.").format(
                delta_v=format_number(mission.required_delta_v_m_s, self.language, 0),
                tank=format_number(mission.tank_kg, self.language, 1),
                dry=format_number(mission.dry_mass_kg, self.language, 1)))

    def fire(self) -> None:
        """Burn the loaded propellant and show the verdict."""
        _ = self._
        mission = self.selected_mission
        isp = self.catalogue[self.thruster.value].typical_isp_s
        try:
            result = fire(mission, isp, self.propellant.value)
        except EXPECTED_INPUT_ERRORS as error:
            self.show_error(error)
            return
        self.clear_error()
        self.last = result
        reached = format_number(result.reached_altitude_km, self.language, 0)
        gained = format_number(result.delta_v_m_s, self.language, 0)
        if result.success:
            status, word = "ok", _("REACHED")
            text = _("Orbit reached: {altitude} km with {delta_v} m/s. Propellant left in the "
                     "tank: {left} kg.").format(
                altitude=reached, delta_v=gained,
                left=format_number(mission.tank_kg - result.propellant_kg, self.language, 2))
        else:
            status, word = "critical", _("SHORT")
            text = _("Not enough: {altitude} km with {delta_v} m/s, {missing} m/s short. Load "
                     "more propellant or pick a thruster with a higher specific impulse."
                     ).format(altitude=reached, delta_v=gained,
                              missing=format_number(result.shortfall_m_s, self.language, 0))
        self.result.value = self.status_badge(status, word) + " " + html.escape(text)
        with self.figure.batch_update():
            self.figure.data[0].y = [mission.start_altitude_km, mission.target_altitude_km,
                                     result.reached_altitude_km]
            self.figure.data[0].marker.color = ["#6c757d", "#1f77b4",
                                                "#2ca02c" if result.success else "#d62728"]
