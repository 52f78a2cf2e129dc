"""Spacecraft engineering maths for lessons: rocket equation, budgets, descent, geometry.

Pure functions on plain floats with units in their names, each citing its source. Nothing here
touches ipywidgets or the network; :mod:`widgets` draws what these functions return. Orbital
mechanics proper (SGP4, Kepler, passes, eclipses) lives in :mod:`telemetry`; this package holds
the design-level models a CubeSat team needs on top of it.
"""
