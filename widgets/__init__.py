"""Reusable ipywidgets components for lessons and Voilà dashboards.

Each component is an ``ipywidgets.VBox`` subclass that wires standard (labelled,
keyboard-operable) controls to pure functions in :mod:`telemetry` and :mod:`spacecraft`, and
draws with one plotly ``FigureWidget`` that it updates in place. Every user-facing string goes
through :func:`foundation.i18n.translator`; every component takes ``language=None`` (the process
default, see :func:`foundation.i18n.set_default_language`).

Import the component you need from its module (``from widgets.orbit_explorer import
OrbitExplorer``) so a lesson only pays for what it shows.
"""
