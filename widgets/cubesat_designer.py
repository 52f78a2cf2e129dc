"""CubeSatDesigner: mass, power and link budgets of a CubeSat, with margins in colour AND words.

All maths is :mod:`spacecraft.budgets` (mass against the CubeSat Design Specification limit of
the chosen form factor, orbit-average power with the geometric eclipse fraction, Eb/N0 link
margin with free-space loss at the slant range); orbit period from :mod:`telemetry.kepler_core`.
"""

from __future__ import annotations

import html

import ipywidgets as ipw
import plotly.graph_objects as go

from spacecraft.budgets import (
    LinkBudget,
    MassBudget,
    MassItem,
    PowerBudget,
    eclipse_fraction_circular,
    link_budget,
    mass_budget,
    power_budget,
    slant_range_km,
)
from spacecraft.form_factors import FORM_FACTORS, form_factor
from spacecraft.presets import OTS_SAT_12U, RADIO_PRESETS
from telemetry.kepler_core import R_EARTH_KM, period_s
from telemetry.stations import PRESET_STATIONS
from widgets.component import (
    EXPECTED_INPUT_ERRORS,
    STATUS_COLOURS,
    Component,
    ComponentFigure,
    publish_figure_state,
)
from widgets.formatting import format_number

TRACE_MASS, TRACE_LIMIT = 0, 1


def N_(message: str) -> str:  # noqa: N802 - the gettext "mark for extraction" convention
    """Mark a msgid for extraction without translating it here (translated when shown)."""
    return message


SUBSYSTEM_MSGIDS = (
    N_("Structure"), N_("Power (EPS)"), N_("Battery"), N_("Solar panels"),
    N_("On-board computer"), N_("Attitude control (ADCS)"), N_("UHF transceiver"),
    N_("S-band transmitter"), N_("Antennas"), N_("Payload camera"), N_("Propulsion"),
    N_("Harness"),
)
"""The names in :data:`spacecraft.presets.OTS_SAT_12U`, marked so the catalogue has them."""


class CubeSatDesigner(Component):
    """Choose a form factor and subsystems; read the three budget margins."""

    def __init__(self, language: str | None = None, form: str = "12U") -> None:
        super().__init__(language)
        _ = self._
        style = {"description_width": "16em"}
        self.form_factor = ipw.Dropdown(options=list(FORM_FACTORS), value=form,
                                        description=_("Form factor"), style=style)
        self.preset_button = ipw.Button(description=_("Load OTS-SAT 12U preset"),
                                        tooltip=_("Illustrative 12U design, not mission data"))
        self.mass_inputs = {
            item.name: ipw.FloatText(value=item.mass_kg,
                                     description=_("{subsystem} (kg)").format(
                                         subsystem=_(item.name)), style=style)
            for item in OTS_SAT_12U
        }
        self.contingency = {item.name: item.contingency for item in OTS_SAT_12U}
        self.altitude = ipw.FloatText(value=550.0, description=_("Orbit altitude (km)"),
                                      style=style)
        self.panel_area = ipw.FloatText(value=0.18, description=_("Solar panel area (m²)"),
                                        style=style)
        self.efficiency = ipw.FloatSlider(value=0.29, min=0.05, max=0.35, step=0.01,
                                          description=_("Cell efficiency"), style=style)
        self.load = ipw.FloatText(value=25.0, description=_("Average load (W)"), style=style)
        self.battery = ipw.FloatText(value=80.0, description=_("Battery capacity (Wh)"),
                                     style=style)
        self.band = ipw.ToggleButtons(options=list(RADIO_PRESETS), value="UHF",
                                      description=_("Downlink band"), style=style)
        self.station = ipw.Dropdown(options=list(PRESET_STATIONS), value="Ankara",
                                    description=_("Ground station"), style=style)
        self.elevation = ipw.FloatSlider(value=10.0, min=0.0, max=90.0, step=5.0,
                                         description=_("Elevation (deg)"), style=style)
        self.margins = ipw.HTML()
        self.margins.add_class("academy-margins")
        self.figure = self._make_figure()
        self.mass: MassBudget | None = None
        self.power: PowerBudget | None = None
        self.link: LinkBudget | None = None

        self.preset_button.on_click(lambda _button: self.load_ots_sat())
        for control in (self.form_factor, *self.mass_inputs.values(), self.altitude,
                        self.panel_area, self.efficiency, self.load, self.battery, self.band,
                        self.station, self.elevation):
            control.observe(lambda _change: self.update(), names="value")
        mass_box = ipw.VBox([ipw.HTML(f"<h4>{_('Mass')}</h4>"), self.form_factor,
                             self.preset_button, *self.mass_inputs.values()])
        power_box = ipw.VBox([ipw.HTML(f"<h4>{_('Power')}</h4>"), self.altitude,
                              self.panel_area, self.efficiency, self.load, self.battery,
                              ipw.HTML(f"<h4>{_('Link')}</h4>"), self.band, self.station,
                              self.elevation])
        self.children = [ipw.HTML(f"<h3>{_('CubeSat designer')}</h3>"),
                         ipw.HBox([mass_box, power_box]), self.message, self.margins,
                         self.figure]
        self.update()
        publish_figure_state(self.figure)

    def _make_figure(self) -> go.FigureWidget:
        _ = self._
        names = [_(item.name) for item in OTS_SAT_12U]
        return ComponentFigure(
            data=[go.Bar(x=names, y=[0.0] * len(names), name=_("Mass with contingency (kg)"),
                         marker={"color": "#1f77b4"}),
                  go.Scatter(x=names, y=[0.0] * len(names), mode="lines",
                             name=_("Cumulative mass (kg)"), line={"color": "#ff7f0e"})],
            layout=go.Layout(height=360, margin={"l": 50, "r": 10, "t": 40, "b": 100},
                             title={"text": _("Mass budget")},
                             yaxis={"title": {"text": _("Mass (kg)")}},
                             legend={"orientation": "h", "y": 1.1}),
        )

    def load_ots_sat(self) -> None:
        """Reset to the illustrative OTS-SAT 12U design."""
        with self.hold_trait_notifications():
            self.form_factor.value = "12U"
            for item in OTS_SAT_12U:
                self.mass_inputs[item.name].value = item.mass_kg
        self.update()

    def items(self) -> list[MassItem]:
        return [MassItem(name, control.value, self.contingency[name])
                for name, control in self.mass_inputs.items()]

    def update(self) -> None:
        """Recompute the three budgets; keep the last valid ones on invalid input."""
        try:
            form = form_factor(self.form_factor.value)
            mass = mass_budget(self.items(), form)
            altitude = self.altitude.value
            eclipse = eclipse_fraction_circular(altitude)
            power = power_budget(self.panel_area.value, self.efficiency.value, self.load.value,
                                 eclipse, period_s(R_EARTH_KM + altitude), self.battery.value)
            radio = RADIO_PRESETS[self.band.value]
            link = link_budget(radio.transmit_power_w, radio.transmit_gain_dbi,
                               radio.receive_gain_dbi, radio.system_noise_temperature_k,
                               slant_range_km(altitude, self.elevation.value),
                               radio.frequency_mhz, radio.data_rate_bps,
                               radio.required_eb_n0_db, radio.other_losses_db)
        except EXPECTED_INPUT_ERRORS as error:
            self.show_error(error)
            return
        self.clear_error()
        self.mass, self.power, self.link = mass, power, link
        self._draw(mass)
        self._write_margins(mass, power, link, eclipse)

    def _draw(self, mass: MassBudget) -> None:
        masses = [item.mass_kg * (1 + item.contingency) for item in mass.items]
        cumulative = [sum(masses[: i + 1]) for i in range(len(masses))]
        with self.figure.batch_update():
            self.figure.data[TRACE_MASS].y = masses
            self.figure.data[TRACE_LIMIT].y = cumulative
            self.figure.layout.shapes = [{
                "type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": mass.limit_kg,
                "y1": mass.limit_kg, "line": {"color": STATUS_COLOURS["negative"],
                                              "dash": "dash"}}]
            self.figure.layout.title.text = self._(
                "Mass budget: limit {limit} kg (dashed line)").format(
                    limit=format_number(mass.limit_kg, self.language, 2))

    def _write_margins(self, mass: MassBudget, power: PowerBudget, link: LinkBudget,
                       eclipse: float) -> None:
        _, lang = self._, self.language
        lines = [
            (mass.status, _("Mass: {total} kg of {limit} kg allowed, margin {margin} kg: "
                            "{state}").format(
                total=format_number(mass.total_with_contingency_kg, lang, 2),
                limit=format_number(mass.limit_kg, lang, 2),
                margin=format_number(mass.margin_kg, lang, 2),
                state=self.status_word(mass.status))),
            (power.status, _("Power: {generated} W orbit average for a {load} W load "
                             "(eclipse {eclipse} % of the orbit), battery needs {needed} Wh of "
                             "{capacity} Wh: {state}").format(
                generated=format_number(power.generated_orbit_average_w, lang),
                load=format_number(power.load_w, lang),
                eclipse=format_number(eclipse * 100, lang),
                needed=format_number(power.battery_required_wh, lang),
                capacity=format_number(power.battery_capacity_wh, lang),
                state=self.status_word(power.status))),
            (link.status, _("Link to {station} ({band}): path loss {loss} dB, Eb/N0 {ebn0} dB, "
                            "margin {margin} dB: {state}").format(
                station=self.station.value, band=self.band.value,
                loss=format_number(link.path_loss_db, lang),
                ebn0=format_number(link.received_eb_n0_db, lang),
                margin=format_number(link.margin_db, lang), state=self.status_word(link.status))),
        ]
        self.margins.value = "<ul>" + "".join(
            f"<li>{self.status_badge(status, text)}</li>" for status, text in lines) + "</ul>"
        self.margins.value += "<small>" + html.escape(_(
            "Mass limits: CubeSat Design Specification Rev 14.1. Subsystem masses and radio "
            "settings are illustrative teaching values.")) + "</small>"
