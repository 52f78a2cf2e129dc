"""The shared map pieces: outline image, simplified globe outline, the figure delta handler."""

import base64

import numpy as np
import pytest

from widgets.component import ComponentFigure
from widgets.world_map import (
    GLOBE_OUTLINE_TOLERANCE_DEG,
    map_figure,
    simplified_ring_mask,
    world_outline_deg,
    world_outline_xyz_km,
)


def test_map_draws_the_full_outline_as_an_image_under_the_traces():
    figure = map_figure("Map", "Longitude", "Latitude")
    image = figure.layout.images[0]
    assert image.layer == "below" and (image.x, image.y, image.sizex, image.sizey) == (
        -180, 90, 360, 180)
    svg = base64.b64decode(image.source.split(",", 1)[1]).decode("ascii")
    full_lons, _ = world_outline_deg()
    rings = int(np.isnan(full_lons).sum())
    assert svg.count("M") == rings  # every ring of the shipped outline, none simplified away
    assert len(figure.data[0].x) == 0  # trace 0 kept (empty) so trace numbers do not move


def test_globe_outline_is_simplified_within_tolerance_and_keeps_every_ring():
    full_lons, _ = world_outline_deg()
    simple_lons, simple_lats = world_outline_deg(GLOBE_OUTLINE_TOLERANCE_DEG)
    assert np.isnan(simple_lons).sum() == np.isnan(full_lons).sum()
    assert np.isfinite(simple_lons).sum() < 0.7 * np.isfinite(full_lons).sum()
    x, y, z = world_outline_xyz_km()
    assert len(x) == len(simple_lons)
    radius = np.sqrt(x**2 + y**2 + z**2)[np.isfinite(x)]
    assert np.allclose(radius, radius[0])


def test_ring_simplification_keeps_corners_and_drops_straight_runs():
    lons = np.array([0.0, 1.0, 2.0, 3.0, 3.0, 3.0, 0.0])
    lats = np.array([0.0, 0.01, 0.0, 0.0, 1.5, 3.0, 0.0])
    keep = simplified_ring_mask(lons, lats, tolerance_deg=0.1)
    assert keep.tolist() == [True, False, False, True, False, True, True]


def test_trace_delta_echoing_numpy_data_does_not_break_the_kernel_side():
    figure = ComponentFigure(data=[{"type": "scatter", "x": np.arange(5.0),
                                    "y": np.arange(5.0)}])
    with figure.batch_update():
        figure.data[0].x = np.arange(5.0) + 1
    assert figure._trace_edit_in_process
    delta = {"uid": figure.data[0].uid, "x": {str(i): i + 1.0 for i in range(5)},
             "visible": True, "line": {"width": 2}}
    figure._js2py_traceDeltas = {"trace_deltas": [delta],
                                 "trace_edit_id": figure._last_trace_edit_id}
    assert not figure._trace_edit_in_process  # plotly's bookkeeping ran to the end
    assert list(figure.data[0].x) == pytest.approx([1, 2, 3, 4, 5])
    assert figure.data[0].line.width == 2  # browser defaults still reach the kernel
