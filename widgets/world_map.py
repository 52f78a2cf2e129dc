"""The shipped Natural Earth outline as plot-ready arrays, for 2-D maps and the 3-D globe.

Rings are joined into one array with NaN breaks so a whole world is ONE plotly trace (hundreds
of traces would make every relayout slow). Loaded once per process.

Why the maps do not redraw the outline on every control change: plotly recomputes and redraws
every trace of a figure on each ``Plotly.update``, so a 10,643-point outline trace costs its
full price on every slider step although it never moves. The 2-D map therefore carries the
outline as a static SVG image in its layout (drawn once by the browser), and the 3-D globe uses
an outline simplified to below a pixel at the size the globe is shown.
"""

from __future__ import annotations

import base64
import functools
import json
from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from widgets.component import ComponentFigure

WORLD_OUTLINE_PATH = Path(__file__).with_name("geometry") / "world_110m.json"
EARTH_RADIUS_KM = 6378.137
MAP_CREDIT = "Natural Earth (public domain)"
MAP_OUTLINE_COLOUR = "#5b6b7a"
MAP_OUTLINE_WIDTH_PX = 0.8
GLOBE_OUTLINE_TOLERANCE_DEG = 0.25
"""Largest shift (deg) the 3-D globe's outline simplification may make. The globe is at most
~450 px across (ISS preset, 620 x 520 figure), where 1 deg of longitude at the equator is ~4 px:
0.25 deg keeps every shift within about a pixel and drops ~half of the points."""


def _outline_rings() -> list[tuple[list[float], list[float]]]:
    return json.loads(WORLD_OUTLINE_PATH.read_text(encoding="utf-8"))["rings"]


def simplified_ring_mask(lons: np.ndarray, lats: np.ndarray, tolerance_deg: float) -> np.ndarray:
    """Douglas-Peucker: which points of one ring to keep so none moves more than the tolerance.

    Why Douglas-Peucker rather than every n-th point: it keeps the corners that make a coast
    recognisable (capes, straits) and drops points only where the line is nearly straight.
    """
    keep = np.zeros(len(lons), dtype=bool)
    keep[[0, -1]] = True
    pending = [(0, len(lons) - 1)]
    while pending:
        first, last = pending.pop()
        if last - first < 2:
            continue
        dx, dy = lons[last] - lons[first], lats[last] - lats[first]
        px, py = lons[first + 1:last] - lons[first], lats[first + 1:last] - lats[first]
        chord = np.hypot(dx, dy)
        # distance to the chord; to the end point when the ring closes on itself
        distance = np.abs(dy * px - dx * py) / chord if chord > 0 else np.hypot(px, py)
        farthest = int(np.argmax(distance))
        if distance[farthest] > tolerance_deg:
            middle = first + 1 + farthest
            keep[middle] = True
            pending.extend([(first, middle), (middle, last)])
    return keep


@functools.cache
def world_outline_deg(tolerance_deg: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(longitudes, latitudes) of every outline ring, rings separated by NaN.

    ``tolerance_deg > 0`` simplifies each ring (see :func:`simplified_ring_mask`).
    """
    lons: list[np.ndarray] = []
    lats: list[np.ndarray] = []
    gap = np.array([np.nan])
    for ring_lons, ring_lats in _outline_rings():
        ring_lon, ring_lat = np.array(ring_lons, dtype=float), np.array(ring_lats, dtype=float)
        if tolerance_deg > 0:
            keep = simplified_ring_mask(ring_lon, ring_lat, tolerance_deg)
            ring_lon, ring_lat = ring_lon[keep], ring_lat[keep]
        lons.extend([ring_lon, gap])
        lats.extend([ring_lat, gap])
    return np.concatenate(lons), np.concatenate(lats)


@functools.cache
def world_outline_xyz_km(radius_km: float = EARTH_RADIUS_KM * 1.002,
                         tolerance_deg: float = GLOBE_OUTLINE_TOLERANCE_DEG,
                         ) -> tuple[np.ndarray, ...]:
    """The outline on a sphere (just above the surface so it is not hidden by it).

    Simplified by default: every point of this trace is re-processed and re-drawn by the 3-D
    scene on each control change (see the module docstring).
    """
    lons, lats = world_outline_deg(tolerance_deg)
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


@functools.cache
def world_outline_svg_uri() -> str:
    """The full-detail outline as an SVG data URI spanning lon -180..180, lat -90..90.

    Why SVG: it stays sharp at any zoom, ships inside the page (offline), and plotly keeps the
    image element between updates instead of redrawing 10,643 points each time. The stroke does
    not scale with the image, so the line is 0.8 px wide as the former outline trace was.
    """
    rings = []
    for ring_lons, ring_lats in _outline_rings():
        points = " ".join(f"{lon + 180:.2f} {90 - lat:.2f}"
                          for lon, lat in zip(ring_lons, ring_lats, strict=True))
        rings.append(f"M{points}")
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180" '
           'preserveAspectRatio="none"><path fill="none" stroke="'
           f'{MAP_OUTLINE_COLOUR}" stroke-width="{MAP_OUTLINE_WIDTH_PX}" '
           'vector-effect="non-scaling-stroke" '
           f'd="{" ".join(rings)}"/></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("ascii")).decode("ascii")


def map_figure(title: str, lon_label: str, lat_label: str,
               height_px: int = 460) -> ComponentFigure:
    """An equirectangular lon/lat FigureWidget with the world outline drawn under every trace.

    The outline is a layout image (see :func:`world_outline_svg_uri`); trace 0 stays, empty and
    named after the map's source, so trace numbers (``TRACE_*`` constants) are unchanged.
    """
    figure = ComponentFigure(
        data=[go.Scatter(x=[], y=[], mode="lines", name=MAP_CREDIT, hoverinfo="skip",
                         line={"color": MAP_OUTLINE_COLOUR, "width": MAP_OUTLINE_WIDTH_PX},
                         showlegend=False)],
        layout=go.Layout(
            images=[{"source": world_outline_svg_uri(), "xref": "x", "yref": "y", "x": -180,
                     "y": 90, "sizex": 360, "sizey": 180, "sizing": "stretch",
                     "layer": "below", "xanchor": "left", "yanchor": "top"}],
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
