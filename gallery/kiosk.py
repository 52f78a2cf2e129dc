"""Kiosk mode (``?kiosk=1``): an unattended screen at an outreach stand.

The dashboard fills the window, controls become big enough for a finger, and after
``idle_s`` seconds without a touch, click or key the page reloads itself: the next visitor
finds the dashboard at its start, in a fresh kernel, instead of the last visitor's half-finished
game. Reloading (rather than resetting widgets in the kernel) also hands the old kernel to the
idle culler, so a stand left alone all day holds at most one kernel.
"""

from __future__ import annotations

KIOSK_CLASS = "academy-kiosk"
"""Class put on ``<body>``; tests and styles key on it."""

_STYLE = """
body.academy-kiosk { margin: 0; font-size: 20px; }
body.academy-kiosk #rendered_cells, body.academy-kiosk .jp-Notebook,
body.academy-kiosk .jp-Cell { max-width: 100vw !important; width: 100vw; padding: 0 !important; }
body.academy-kiosk .widget-label, body.academy-kiosk .widget-readout,
body.academy-kiosk .widget-button, body.academy-kiosk .widget-toggle-button,
body.academy-kiosk select, body.academy-kiosk input, body.academy-kiosk .widget-html-content {
  font-size: 20px !important; }
body.academy-kiosk select, body.academy-kiosk input, body.academy-kiosk button,
body.academy-kiosk .widget-inline-hbox { min-height: 44px !important; }
body.academy-kiosk .widget-slider .noUi-handle { width: 28px !important; height: 28px !important; }
"""


def kiosk_html(idle_s: int) -> str:
    """The ``<style>`` and ``<script>`` a dashboard displays when opened with ``?kiosk=1``."""
    if idle_s < 1:
        raise ValueError(f"kiosk idle time must be at least 1 s, got {idle_s!r}")
    script = f"""
(function () {{
  document.body.classList.add("{KIOSK_CLASS}");
  var idleMs = {int(idle_s) * 1000};
  var timer = null;
  function restart() {{ window.location.replace(window.location.href); }}
  function touched() {{ clearTimeout(timer); timer = setTimeout(restart, idleMs); }}
  ["pointerdown", "keydown", "wheel", "touchstart", "input"].forEach(function (name) {{
    document.addEventListener(name, touched, true);
  }});
  touched();
}})();
"""
    return f"<style>{_STYLE}</style><script>{script}</script>"
