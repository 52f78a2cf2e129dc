"""The base every component shares: its translator, its language and an inline error area.

Why a base class: each component must (a) resolve its language once, (b) show invalid input as
text with ``role="alert"`` next to the controls while keeping the last valid figure, and (c)
never let an expected error reach the page. Doing that in one place keeps the seven components
consistent.
"""

from __future__ import annotations

import html
from copy import deepcopy

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType
from traitlets import observe

from foundation.i18n import translator
from spacecraft.errors import CatalogueError, SpacecraftInputError
from telemetry.errors import TelemetryError
from widgets.plotly_pixel_ratio import figure_esm

EXPECTED_INPUT_ERRORS: tuple[type[Exception], ...] = (
    SpacecraftInputError,
    CatalogueError,
    TelemetryError,
)
"""The typed errors a control change may legitimately cause; anything else is a bug."""

STATUS_COLOURS = {"ok": "#1b7f3b", "nominal": "#1b7f3b", "low": "#b36b00", "warning": "#b36b00",
                  "negative": "#b00020", "critical": "#b00020"}


def publish_figure_state(figure: go.FigureWidget) -> None:
    """Copy a FigureWidget's current data and layout into its synced state traits.

    Why: plotly syncs ``_widget_data``/``_widget_layout`` only when the figure is constructed;
    later in-place updates travel as one-shot restyle/relayout messages. Voilà runs the whole
    notebook before the page connects, so those messages reach nobody and the page would show
    the figure as constructed (empty traces). Publishing once, after a component's first draw,
    makes the state the page fetches current; later updates stay incremental.
    """
    figure._widget_data = deepcopy(figure._data)
    figure._widget_layout = deepcopy(figure._layout_obj._props)


class ComponentFigure(go.FigureWidget):
    """A FigureWidget whose kernel side survives the browser's report after each update, and
    whose WebGL scenes render at the screen's pixel ratio (``widgets.plotly_pixel_ratio``).

    Why: after every ``batch_update`` plotly's front end sends back the "trace deltas" (what it
    filled in by default), and for a trace whose data arrays came in as numpy the report can hold
    a data array again; plotly's handler then fails on ``not ndarray`` and IPython formats a
    traceback, 150-280 ms of kernel time per GroundTrack change on the 2-core benchmark machine,
    during which the next control change waits. Dropping those echoed arrays (the kernel already
    has the data it sent) lets plotly's handler do the rest of its bookkeeping as designed.
    """

    @property
    def _esm(self) -> str:
        """The front end anywidget sends for this figure (read once, when it is built)."""
        return figure_esm()

    @observe("_js2py_traceDeltas")
    def _handler_js2py_traceDeltas(self, change: dict) -> None:
        message = change["new"]
        if message:
            traces = {trace.uid: trace for trace in self.data}
            message = {**message, "trace_deltas": [
                _without_echoed_arrays(delta, traces.get(delta.get("uid")))
                for delta in message["trace_deltas"]]}
        super()._handler_js2py_traceDeltas({**change, "new": message})


def _without_echoed_arrays(delta: dict, trace: BaseTraceType | None) -> dict:
    """``delta`` minus the properties that the kernel holds as numpy arrays."""
    if trace is None:
        return delta
    return {key: value for key, value in delta.items()
            if not isinstance(trace._props.get(key), np.ndarray)}


class Component(ipw.VBox):
    """A VBox with ``self._`` (gettext of its language) and ``show_error``/``clear_error``."""

    def __init__(self, language: str | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)
        catalogue = translator(language)
        self.language: str = catalogue.language
        self._ = catalogue.gettext
        self.message = ipw.HTML(value="")
        self.message.add_class("academy-message")
        self.add_class("academy-component")

    @property
    def error_text(self) -> str:
        """The error currently shown ('' when none): what tests and screen readers read."""
        return self.message.value

    def show_error(self, error: Exception) -> None:
        """Show ``error`` inline as an alert; the caller leaves its last valid output alone."""
        text = self._("Invalid input: {detail}").format(detail=str(error))
        self.message.value = (
            f'<div role="alert" class="academy-error" style="color:#b00020;font-weight:bold">'
            f"{html.escape(text)}</div>"
        )

    def clear_error(self) -> None:
        self.message.value = ""

    def status_badge(self, status: str, text: str) -> str:
        """Colour AND words: the state is readable without seeing colour."""
        colour = STATUS_COLOURS.get(status, "#333333")
        return (f'<span class="academy-status academy-status-{html.escape(status)}" '
                f'style="color:{colour};font-weight:bold">{html.escape(text)}</span>')

    def status_word(self, status: str) -> str:
        """The translated word for a margin/limit state."""
        words = {
            "ok": self._("OK"),
            "low": self._("LOW"),
            "negative": self._("NEGATIVE"),
            "nominal": self._("NOMINAL"),
            "warning": self._("WARNING"),
            "critical": self._("CRITICAL"),
        }
        return words.get(status, status.upper())
