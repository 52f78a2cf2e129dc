"""Space Academy: the platform layer (configuration, courses, hub wiring, operator CLI).

Domain packages sit beside it: ``telemetry`` (real mission data), ``widgets`` (ipywidgets
components), ``grading`` (nbgrader pipeline). Imports only point down: the hub wiring may use
everything; ``telemetry`` uses only :mod:`academy.config` and :mod:`academy.errors`.
"""

__version__ = "0.1.0"
