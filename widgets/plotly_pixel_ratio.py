"""Render plotly's WebGL scenes at the screen's pixel ratio, not always at twice it.

Why: plotly.js draws WebGL scenes (the OrbitExplorer's 3-D globe) at ``plotGlPixelRatio``,
whose default is 2 whatever the screen: on an ordinary screen (``devicePixelRatio`` 1) every
frame is rendered at four times the pixels shown, then scaled down. On a computer without a
GPU (software WebGL, as in the benchmark machine's Chromium and many school computers) that
is a measurable part of each redraw: 87 vs 98 ms per OrbitExplorer frame in
``benchmarks/widgets.py``. A HiDPI screen keeps its full sharpness (its ratio is 2 or more).

How: the figure's front end (plotly 6's anywidget module, ``_esm``) is wrapped so that, before
plotly builds its view, the figure's ``_config`` gets ``plotGlPixelRatio`` =
``devicePixelRatio`` (clamped to plotly's 1-4) unless the figure set one itself. Only the page
knows the screen, so this cannot be a Python-side setting. The wrapper works on plotly's whole
bundle (lessons in JupyterLab) and on the gallery's short import shim
(``gallery.plotly_bundle``) alike: it rewrites the module's default export. If a future plotly
bundle ends differently, the module is left as it is (plotly's own behaviour) and a warning
is logged, so nothing breaks.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

WRAPPER_NAME = "__academyScreenPixelRatio"

WRAPPER_JS = f"""
function {WRAPPER_NAME}(widget) {{
  // Space Academy: draw WebGL scenes at the screen's pixel ratio (plotly's default is 2).
  return () => {{
    const inner = widget();
    return {{
      ...inner,
      initialize(context) {{
        const config = context.model.get("_config");
        if (config && typeof config === "object" && config.plotGlPixelRatio === undefined) {{
          config.plotGlPixelRatio = Math.min(4, Math.max(1, window.devicePixelRatio || 1));
        }}
        return inner.initialize(context);
      }},
    }};
  }};
}}
"""

_EXPORT_LIST = re.compile(r"export\s*\{([^{}]*)\}\s*;?")
_EXPORT_DEFAULT = re.compile(r"export\s+default\s+([^;\n]+);")


def with_screen_pixel_ratio(module: str) -> str:
    """``module`` (plotly's widget front end) with its default export wrapped.

    Handles the two shapes in use: a final ``export{A as FigureModel,...,C as default}``
    (plotly's minified bundle) and ``export default <expression>;`` (the gallery's shim).
    """
    if WRAPPER_NAME in module:
        return module
    lists = list(_EXPORT_LIST.finditer(module))
    for match in reversed(lists):
        names = [part.strip() for part in match.group(1).split(",") if part.strip()]
        defaults = [name for name in names if re.fullmatch(r"[\w$]+\s+as\s+default", name)]
        if len(defaults) == 1:
            local = defaults[0].split()[0]
            others = [name for name in names if name != defaults[0]]
            replacement = (f"export{{{','.join(others)}}};\n"
                           f"export default {WRAPPER_NAME}({local});\n{WRAPPER_JS}")
            return module[:match.start()] + replacement + module[match.end():]
    direct = list(_EXPORT_DEFAULT.finditer(module))
    if len(direct) == 1:
        match = direct[0]
        replacement = (f"const __academyPlotlyWidget = {match.group(1)};\n"
                       f"export default {WRAPPER_NAME}(__academyPlotlyWidget);\n{WRAPPER_JS}")
        return module[:match.start()] + replacement + module[match.end():]
    log.warning("plotly's widget module has no default export this code recognises; WebGL "
                "scenes keep plotly's pixel ratio of 2")
    return module


_last: tuple[object, str] | None = None
"""The last source wrapped and its result."""


def figure_esm() -> str:
    """The wrapped front end for a figure built now (plotly's bundle, or the gallery's shim).

    Remembered for the current source object: plotly's bundle is 5 MB and a dashboard builds
    several figures.
    """
    global _last
    from plotly.basewidget import BaseFigureWidget

    source = BaseFigureWidget._esm
    if _last is None or _last[0] is not source:
        _last = (source, with_screen_pixel_ratio(str(source)))
    return _last[1]
