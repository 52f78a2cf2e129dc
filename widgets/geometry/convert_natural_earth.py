"""Rebuild ``world_110m.json`` from Natural Earth's 1:110m Admin 0 countries shapefile.

Why a converter and a committed JSON: maps must draw offline (plotly's geo traces fetch topojson
from a CDN), so the outlines travel with the package. The input was the copy of Natural Earth
1:110m "Admin 0 - Countries" (public domain) that geopandas 0.14.4 shipped as
``geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp``. Run::

    python -m widgets.geometry.convert_natural_earth path/to/naturalearth_lowres.shp

The shapefile reader is the ~20 lines the ESRI Shapefile Technical Description (1998) needs for
polygons (shape type 5), so no GIS dependency is installed for a one-off conversion.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

OUTPUT_PATH = Path(__file__).with_name("world_110m.json")
POLYGON_SHAPE_TYPE = 5
DECIMALS = 2  # 0.01 deg ~ 1 km: finer than the 110m source's own generalisation


def read_polygon_rings(shp_path: Path) -> list[list[tuple[float, float]]]:
    """Every ring of every polygon record in ``shp_path`` as (lon, lat) pairs."""
    data = shp_path.read_bytes()
    offset = 100  # fixed-length main file header
    rings: list[list[tuple[float, float]]] = []
    while offset < len(data):
        _record_no, length_words = struct.unpack(">ii", data[offset : offset + 8])
        content = data[offset + 8 : offset + 8 + 2 * length_words]
        offset += 8 + 2 * length_words
        (shape_type,) = struct.unpack("<i", content[:4])
        if shape_type != POLYGON_SHAPE_TYPE:
            raise ValueError(f"{shp_path}: shape type {shape_type}, expected polygons (5)")
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = struct.unpack(f"<{n_parts}i", content[44 : 44 + 4 * n_parts])
        start = 44 + 4 * n_parts
        coords = struct.unpack(f"<{2 * n_points}d", content[start : start + 16 * n_points])
        points = list(zip(coords[0::2], coords[1::2], strict=True))
        bounds = [*parts, n_points]
        rings.extend(points[bounds[i] : bounds[i + 1]] for i in range(n_parts))
    return rings


def convert(shp_path: Path, output_path: Path = OUTPUT_PATH) -> int:
    """Write the rings as ``{"rings": [[[lon...], [lat...]], ...]}``; returns the point count."""
    rings = read_polygon_rings(shp_path)
    encoded = [
        [[round(lon, DECIMALS) for lon, _ in ring], [round(lat, DECIMALS) for _, lat in ring]]
        for ring in rings
    ]
    payload = {
        "source": "Natural Earth 1:110m Admin 0 - Countries (public domain), naturalearthdata.com",
        "rings": encoded,
    }
    output_path.write_text(json.dumps(payload, separators=(",", ":")))
    return sum(len(ring) for ring in rings)


if __name__ == "__main__":
    print(convert(Path(sys.argv[1])), "points written to", OUTPUT_PATH)
