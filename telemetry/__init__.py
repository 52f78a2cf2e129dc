"""Real mission data for the academy: element sets, propagation, passes and CubeSat telemetry.

Data flows one way (see ARCHITECTURE.md)::

    sources.py / snapshots.py  fetch + cache CelesTrak / SatNOGS, or read shipped snapshots
    tle.py, omm.py             text -> ElementSet (elements.py)
    propagate.py               ElementSet, times -> states / ground tracks (vectorised SGP4)
    passes.py                  states, GroundStation -> PassPrediction
    frames.py, timeseries.py   raw frames -> DecodedFrame -> time series with limits

Nothing here imports ipywidgets or touches the display, and only ``sources.py`` uses the network.
This ``__init__`` imports nothing heavy on purpose: ``numba_cache.enable_numba_cache()`` must run
before boinor is imported, so ``import telemetry`` must not import boinor.
"""
