"""A visitor on a slow link: the figure's module (plotly's 5 MB front end) arrives late, and
the figure must still follow the dashboard afterwards (widgets/anywidget_timeout.py)."""

from __future__ import annotations

import time

import pytest
import requests

from widgets.anywidget_timeout import LOAD_TIMEOUT_MS, patched_chunks

pytestmark = [pytest.mark.slow, pytest.mark.browser]

BUNDLE_DELAY_S = 4  # anywidget's own wait is 2 s from the figure model's creation
REACHED_BAR = """() => {
  const plot = document.querySelector('.academy-component .js-plotly-plot');
  return plot && plot.data ? plot.data[0].y[2] : null;
}"""


def _fire_and_wait_for_the_figure(page, open_dashboard, url: str):
    recorder = open_dashboard(page, url)
    assert page.evaluate(REACHED_BAR) == 0
    page.locator(".academy-fire").click()
    page.wait_for_function("() => document.querySelector('.academy-game-result')"
                           ".innerText.includes('SHORT')")
    page.wait_for_function(f"() => ({REACHED_BAR})() > 400", timeout=15_000)
    return recorder


def test_a_figure_whose_module_arrives_late_still_updates(page, gallery, open_dashboard):
    """The first visit (no delay) warms the gallery up: on a cold gallery the kernel, not the
    bundle, is what the page waits for, and the figure's model is created after the bundle
    has arrived anyway. Without the longer wait the second visit's figure stays at 0."""
    delay_s = 0.0

    def maybe_late(route) -> None:
        time.sleep(delay_s)
        route.continue_()

    page.route("**/gallery-static/plotly/**", maybe_late)  # routing also disables the cache
    url = f"{gallery.url}/voila/render/fire_the_thruster.ipynb"
    _fire_and_wait_for_the_figure(page, open_dashboard, url)
    delay_s = BUNDLE_DELAY_S
    recorder = _fire_and_wait_for_the_figure(page, open_dashboard, url)
    assert recorder.errors == []


def test_the_gallery_serves_anywidget_with_the_longer_wait(gallery):
    for name in patched_chunks():
        served = requests.get(f"{gallery.url}/voila/labextensions/anywidget/static/{name}",
                              timeout=30)
        assert served.status_code == 200
        assert f"AbortSignal.timeout({LOAD_TIMEOUT_MS})" in served.text
        assert "AbortSignal.timeout(2000)" not in served.text
