"""The shipped Natural Earth outline as plot-ready arrays, for 2-D maps and the 3-D globe.

Rings are joined into one array with NaN breaks so a whole world is ONE plotly trace (hundreds
of traces would make every relayout slow). Loaded once per process.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import plotly.graph_objects as go

WORLD_OUTLINE_PATH = Path(__file__).with_name("geometry") / "world_110m.json"
EARTH_RADIUS_KM = 6378.137
MAP_CREDIT = "Natural Earth (public domain)"


@functools.cache
def world_outline_deg() -> tuple[np.ndarray, np.ndarray]:
    """(longitudes, latitudes) of every outline ring, rings separated by NaN."""
    rings = json.loads(WORLD_OUTLINE_PATH.read_text(encoding="utf-8"))["rings"]
    lons: list[float] = []
    lats: list[float] = []
    for ring_lons, ring_lats in rings:
        lons.extend([*ring_lons, np.nan])
        lats.extend([*ring_lats, np.nan])
    return np.array(lons), np.array(lats)


@functools.cache
def world_outline_xyz_km(radius_km: float = EARTH_RADIUS_KM * 1.002) -> tuple[np.ndarray, ...]:
    """The outline on a sphere (just above the surface so it is not hidden by it)."""
    lons, lats = world_outline_deg()
    lon, lat = np.radians(lons), np.radians(lats)
    return (radius_km * np.cos(lat) * np.cos(lon), radius_km * np.cos(lat) * np.sin(lon),
            radius_km * np.sin(lat))


def graticule_xyz_km(radius_km: float = EARTH_RADIUS_KM, step_deg: float = 30.0,
                     n_points: int = 73) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Meridians and parallels every ``step_deg`` as one NaN-separated line trace.

    Why lines and not a shaded ``Surface``: in software WebGL (what a headless or GPU-less
    browser has) a surface made every redraw of the 3-D scene several times slower, and the
    outline reads as a globe just as well.
    """
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    zs: list[np.ndarray] = []
    sweep = np.radians(np.linspace(-180.0, 180.0, n_points))
    for lon in np.radians(np.arange(-180.0, 180.0, step_deg)):
        lat = sweep / 2.0
        xs.append(np.cos(lat) * np.cos(lon))
        ys.append(np.cos(lat) * np.sin(lon))
        zs.append(np.sin(lat))
    for lat in np.radians(np.arange(-90.0 + step_deg, 90.0, step_deg)):
        xs.append(np.cos(lat) * np.cos(sweep))
        ys.append(np.cos(lat) * np.sin(sweep))
        zs.append(np.full_like(sweep, np.sin(lat)))
    nan = np.array([np.nan])
    join = lambda parts: radius_km * np.concatenate([np.concatenate((p, nan)) for p in parts])  # noqa: E731
    return join(xs), join(ys), join(zs)


def map_figure(title: str, lon_label: str, lat_label: str, height_px: int = 460) -> go.FigureWidget:
    """An equirectangular lon/lat FigureWidget with the world outline as trace 0."""
    lons, lats = world_outline_deg()
    figure = go.FigureWidget(
        data=[go.Scatter(x=lons, y=lats, mode="lines", name=MAP_CREDIT, hoverinfo="skip",
                         line={"color": "#5b6b7a", "width": 0.8}, showlegend=False)],
        layout=go.Layout(
            title={"text": title}, height=height_px, margin={"l": 50, "r": 10, "t": 40, "b": 40},
            xaxis={"range": [-180, 180], "title": {"text": lon_label}, "dtick": 60,
                   "zeroline": False, "constrain": "domain"},
            yaxis={"range": [-90, 90], "title": {"text": lat_label}, "dtick": 30,
                   "scaleanchor": "x", "zeroline": False,
                   "constrain": "domain"},
            plot_bgcolor="#eaf2fb", legend={"orientation": "h", "y": -0.15},
        ),
    )
    return figure


def break_at_dateline(lons: np.ndarray, lats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Insert NaN where consecutive longitudes jump by more than 180 deg (the date line)."""
    jumps = np.nonzero(np.abs(np.diff(lons)) > 180.0)[0] + 1
    return np.insert(lons, jumps, np.nan), np.insert(lats, jumps, np.nan)
