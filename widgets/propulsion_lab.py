"""PropulsionLab: the rocket equation, a cited thruster catalogue and a 12U delta-v budget.

Maths: :mod:`spacecraft.rocket` (Tsiolkovsky), :mod:`spacecraft.delta_v_budget` (Hohmann raise,
station keeping, de-orbit burn) and :mod:`spacecraft.thrusters` (published thrust/Isp ranges,
NASA Small Spacecraft Technology State of the Art, Table 4-1). The plot is the rocket-equation
curve (delta-v against propellant fraction) for the chosen Isp, with the design point on it.
"""

from __future__ import annotations

import html

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go

from spacecraft.budgets import classify_margin
from spacecraft.delta_v_budget import DEORBIT_PERIGEE_ALTITUDE_KM, DeltaVBudget, delta_v_budget
from spacecraft.form_factors import form_factor
from spacecraft.rocket import (
    exhaust_velocity_m_s,
    propellant_for_dry_mass_kg,
    propellant_volume_l,
)
from spacecraft.thrusters import ThrusterClass, load_thruster_catalogue
from widgets.component import (
    EXPECTED_INPUT_ERRORS,
    Component,
    ComponentFigure,
    publish_figure_state,
)
from widgets.formatting import format_number

TRACE_CURVE, TRACE_POINT = 0, 1
PROPELLANT_FRACTIONS = np.linspace(0.0, 0.6, 61)


class PropulsionLab(Component):
    """Pick a thruster and a mission; read delta-v, propellant mass and tank volume."""

    def __init__(self, language: str | None = None, dry_mass_kg: float = 16.0,
                 form: str = "12U") -> None:
        super().__init__(language)
        _ = self._
        self.catalogue: dict[str, ThrusterClass] = load_thruster_catalogue()
        self.form = form_factor(form)
        style = {"description_width": "18em"}
        first = next(iter(self.catalogue.values()))
        self.thruster = ipw.Dropdown(options=[(t.name, k) for k, t in self.catalogue.items()],
                                     value=first.key, description=_("Thruster type"), style=style)
        self.isp = ipw.FloatSlider(value=first.typical_isp_s, min=first.isp_min_s,
                                   max=first.isp_max_s, step=1.0,
                                   description=_("Specific impulse (s)"), style=style)
        self.dry_mass = ipw.FloatText(value=dry_mass_kg,
                                      description=_("Dry mass without propellant (kg)"),
                                      style=style)
        self.insertion_altitude = ipw.FloatText(value=500.0,
                                                description=_("Insertion altitude (km)"),
                                                style=style)
        self.operational_altitude = ipw.FloatText(value=550.0,
                                                  description=_("Operational altitude (km)"),
                                                  style=style)
        self.station_keeping = ipw.FloatText(value=5.0,
                                             description=_("Station keeping (m/s per year)"),
                                             style=style)
        self.years = ipw.FloatText(value=3.0, description=_("Mission duration (years)"),
                                   style=style)
        self.results = ipw.HTML()
        self.results.add_class("academy-propulsion-results")
        self.source = ipw.HTML()
        self.figure = self._make_figure()
        self.budget: DeltaVBudget | None = None
        self.propellant_kg: float | None = None
        self.volume_l: float | None = None
        self.mass_status = ""

        self.thruster.observe(self._on_thruster, names="value")
        for control in (self.isp, self.dry_mass, self.insertion_altitude,
                        self.operational_altitude, self.station_keeping, self.years):
            control.observe(lambda _change: self.update(), names="value")
        self.children = [
            ipw.HTML(f"<h3>{_('Propulsion lab')}</h3>"),
            ipw.HBox([ipw.VBox([self.thruster, self.isp, self.dry_mass, self.insertion_altitude,
                                self.operational_altitude, self.station_keeping, self.years,
                                self.message, self.results, self.source]), self.figure]),
        ]
        self.update()
        publish_figure_state(self.figure)

    def _make_figure(self) -> go.FigureWidget:
        _ = self._
        return ComponentFigure(
            data=[go.Scatter(x=[], y=[], mode="lines", name=_("Rocket equation")),
                  go.Scatter(x=[], y=[], mode="markers", name=_("This design"),
                             marker={"size": 12, "color": "#d62728"})],
            layout=go.Layout(height=400, width=520, margin={"l": 60, "r": 10, "t": 40, "b": 50},
                             title={"text": _("Delta-v against propellant fraction")},
                             xaxis={"title": {"text": _("Propellant mass fraction")}},
                             yaxis={"title": {"text": _("Delta-v (m/s)")}},
                             legend={"orientation": "h", "y": 1.1}),
        )

    @property
    def selected(self) -> ThrusterClass:
        return self.catalogue[self.thruster.value]

    def _on_thruster(self, _change: dict) -> None:
        thruster = self.selected
        with self.hold_trait_notifications():
            # widen first so min <= max holds at every intermediate step
            self.isp.min, self.isp.max = 0.0, max(self.isp.max, thruster.isp_max_s)
            self.isp.max = thruster.isp_max_s
            self.isp.min = thruster.isp_min_s
            self.isp.value = thruster.typical_isp_s
        self.update()

    def update(self) -> None:
        """Recompute budget, propellant and volume; keep the last result on invalid input."""
        thruster = self.selected
        try:
            budget = delta_v_budget(self.operational_altitude.value,
                                    self.insertion_altitude.value, self.station_keeping.value,
                                    self.years.value)
            propellant = propellant_for_dry_mass_kg(budget.total_m_s, self.isp.value,
                                                    self.dry_mass.value)
            volume = propellant_volume_l(propellant, thruster.storage_density_kg_m3)
        except EXPECTED_INPUT_ERRORS as error:
            self.show_error(error)
            return
        self.clear_error()
        self.budget, self.propellant_kg, self.volume_l = budget, propellant, volume
        exhaust = exhaust_velocity_m_s(self.isp.value)
        with self.figure.batch_update():
            self.figure.data[TRACE_CURVE].update(
                x=PROPELLANT_FRACTIONS, y=exhaust * -np.log1p(-PROPELLANT_FRACTIONS))
            self.figure.data[TRACE_POINT].update(
                x=[propellant / (propellant + self.dry_mass.value)], y=[budget.total_m_s])
        self._write_results(budget, propellant, volume, thruster)

    def _write_results(self, budget: DeltaVBudget, propellant: float, volume: float,
                       thruster: ThrusterClass) -> None:
        _, lang = self._, self.language
        rows = [
            _("Orbit raise: {dv} m/s").format(dv=format_number(budget.orbit_raise_m_s, lang)),
            _("Station keeping: {dv} m/s").format(
                dv=format_number(budget.station_keeping_m_s, lang)),
            _("De-orbit (perigee to {km} km, re-entry well within 5 years): {dv} m/s").format(
                km=format_number(DEORBIT_PERIGEE_ALTITUDE_KM, lang, 0),
                dv=format_number(budget.deorbit_m_s, lang)),
            _("Total delta-v: {dv} m/s").format(dv=format_number(budget.total_m_s, lang)),
            _("Propellant mass: {kg} kg").format(kg=format_number(propellant, lang, 2)),
            _("Propellant volume: {litres} L (1U is about 1 L)").format(
                litres=format_number(volume, lang, 2)),
        ]
        wet = self.dry_mass.value + propellant
        status = classify_margin((self.form.max_mass_kg - wet) / self.form.max_mass_kg)
        verdict = self.status_badge(status, _(
            "Wet mass {wet} kg of {limit} kg allowed for a {form} CubeSat: {state}").format(
                wet=format_number(wet, lang, 2), limit=format_number(self.form.max_mass_kg,
                                                                     lang, 2),
                form=self.form.name, state=self.status_word(status)))
        self.mass_status = status
        self.results.value = ("<ul>" + "".join(f"<li>{r}</li>" for r in rows) + "</ul>"
                              + verdict)
        self.source.value = "<small>" + html.escape(_(
            "Thrust {low}–{high} mN, Isp {isp_low}–{isp_high} s. Source: {source}. "
            "Density: {density_source}.").format(
                low=format_number(thruster.thrust_min_n * 1000.0, lang, 3),
                high=format_number(thruster.thrust_max_n * 1000.0, lang, 1),
                isp_low=format_number(thruster.isp_min_s, lang, 0),
                isp_high=format_number(thruster.isp_max_s, lang, 0), source=thruster.source,
                density_source=thruster.density_source)) + "</small>"
