"""The wrapper that gives plotly's WebGL scenes the screen's pixel ratio, run in node.

Both module shapes are transformed and executed as real ES modules: the gallery's shim form
(``export default <expr>;``) with a stand-in for plotly's widget factory, and plotly's own
5 MB bundle, which must still parse after the rewrite (``node --check``). The browser test
(tests/integration/widgets) checks the ratio on a real figure at scale factors 1 and 2.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from pathlib import Path

import pytest
from plotly.basewidget import BaseFigureWidget

from gallery.plotly_bundle import shim_esm
from widgets.component import ComponentFigure
from widgets.plotly_pixel_ratio import WRAPPER_NAME, figure_esm, with_screen_pixel_ratio

STAND_IN = """
const plotlyWidget = () => ({
  initialize(context) { globalThis.seen.push(context.model.get("_config").plotGlPixelRatio); },
  render() {},
});
export const FigureModel = 1;
export default plotlyWidget;
"""


def _node() -> str:
    node = shutil.which("node")  # installed by make test (configurable-http-proxy needs it)
    assert node, "node is not on PATH"
    return node


def _run_module(tmp_path: Path, module: str, device_pixel_ratio: float,
                configs: list[dict]) -> list[object]:
    (tmp_path / "widget.mjs").write_text(module)
    program = f"""
globalThis.window = {{devicePixelRatio: {device_pixel_ratio}}};
globalThis.seen = [];
const widget = (await import({json.dumps(str(tmp_path / "widget.mjs"))})).default;
for (const config of {json.dumps(configs)}) {{
  const instance = widget();
  instance.initialize({{model: {{get: (name) => name === "_config" ? config : undefined}}}});
}}
console.log(JSON.stringify(globalThis.seen));
"""
    (tmp_path / "main.mjs").write_text(program)
    completed = subprocess.run([_node(), str(tmp_path / "main.mjs")], capture_output=True,
                               text=True, timeout=60, check=False)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


@pytest.mark.parametrize(("ratio", "expected"), [(1, 1), (1.5, 1.5), (2, 2), (8, 4), (0, 1)])
def test_the_screens_ratio_clamped_to_plotlys_range(tmp_path, ratio, expected):
    assert _run_module(tmp_path, with_screen_pixel_ratio(STAND_IN), ratio, [{}]) == [expected]


def test_a_ratio_the_figure_set_itself_is_kept(tmp_path):
    seen = _run_module(tmp_path, with_screen_pixel_ratio(STAND_IN), 1,
                       [{"plotGlPixelRatio": 3}, {}])
    assert seen == [3, 1]


def test_unwrapped_module_keeps_plotlys_default(tmp_path):
    """What the wrapper changes: without it nothing sets the ratio (plotly then uses 2)."""
    assert _run_module(tmp_path, STAND_IN, 1, [{}]) == [None]


def test_plotlys_own_bundle_still_parses_and_is_wrapped_once(tmp_path):
    bundle = str(BaseFigureWidget._esm)
    wrapped = with_screen_pixel_ratio(bundle)
    assert wrapped.count(f"export default {WRAPPER_NAME}(") == 1
    assert with_screen_pixel_ratio(wrapped) == wrapped
    (tmp_path / "bundle.mjs").write_text(wrapped)
    completed = subprocess.run([_node(), "--check", str(tmp_path / "bundle.mjs")],
                               capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr[-2000:]


def test_the_gallery_shim_is_wrapped(tmp_path, monkeypatch):
    monkeypatch.setattr(BaseFigureWidget, "_esm", shim_esm("/services/gallery/"))
    esm = figure_esm()
    assert "import(new URL(" in esm and f"export default {WRAPPER_NAME}(" in esm
    assert ComponentFigure()._esm == esm


def test_an_unknown_module_shape_is_left_alone_with_a_warning(caplog):
    module = "export function render() {}\n"
    with caplog.at_level(logging.WARNING):
        assert with_screen_pixel_ratio(module) == module
    assert "pixel ratio" in caplog.text
