"""Each component rendered by Voilà in Debian's Chromium: no console errors, a control change
updates what the student sees, and a screenshot for review.

One Voilà server for the module serves ``notebooks/`` (one notebook per component). Lab
extensions that are installed for JupyterLab but break on Voilà pages (nbgrader, jupytext, the
notebook and Voilà-preview lab plugins) are denied. Voilà's lab template also links FontAwesome
from a CDN although its own bundle already contains it; the test answers those two requests
with an empty stylesheet (recorded in ``cdn_requests``) so an offline machine does not log a
network error that is Voilà's, not ours.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from academy.hub.services import free_loopback_port
from academy.kernel_websocket import CONNECTION_CLASS_PATH
from gallery.widget_model_wait import PATCH_JS

pytestmark = [pytest.mark.slow, pytest.mark.browser]

NOTEBOOKS = Path(__file__).with_name("notebooks")
DENIED_EXTENSIONS = ["@jupyter/nbgrader", "jupyterlab-jupytext", "@jupyter-notebook/lab-extension",
                     "@voila-dashboards/jupyterlab-preview"]
RENDER_TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def voila_url(artifacts_dir: Path) -> Iterator[str]:
    port = free_loopback_port()
    log = (artifacts_dir / "voila-widgets.log").open("w")
    command = [str(Path(sys.executable).with_name("voila")), str(NOTEBOOKS), "--no-browser",
               f"--port={port}", "--Voila.ip=127.0.0.1",
               f"--VoilaConfiguration.extension_denylist={DENIED_EXTENSIONS!r}",
               # the kernel websocket the students' servers and the gallery use
               f"--Voila.kernel_websocket_connection_class={CONNECTION_CLASS_PATH}"]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"voila did not start; see {log.name}")
            time.sleep(0.3)
    yield url
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


class ConsoleRecorder:
    """Console errors and uncaught page errors of one page."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.cdn_requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.route("https://cdn.jsdelivr.net/npm/@fortawesome/**", self._fulfil_fontawesome)

    def _fulfil_fontawesome(self, route) -> None:
        self.cdn_requests.append(route.request.url)
        route.fulfill(status=200, content_type="text/css", body="")


def open_component(page, voila_url: str, name: str) -> ConsoleRecorder:
    recorder = ConsoleRecorder(page)
    # ipywidgets' "model not found" race (gallery/widget_model_wait.py): the gallery's pages
    # carry the fix; plain Voilà's, used here to show one component, get it the same way.
    page.add_init_script(PATCH_JS)
    page.goto(f"{voila_url}/voila/render/{name}.ipynb", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector(".academy-component .js-plotly-plot", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_timeout(500)  # let plotly finish its first draw
    return recorder


def finish(page, recorder: ConsoleRecorder, artifacts_dir: Path, name: str) -> None:
    page.screenshot(path=str(artifacts_dir / f"widget-{name}.png"), full_page=True)
    assert recorder.errors == [], f"console errors on {name}: {recorder.errors}"


def plot_data(page, trace: int, key: str, nth: int = 0) -> list:
    return page.evaluate(
        "([n, t, k]) => Array.from(document.querySelectorAll('.js-plotly-plot')[n].data[t][k]"
        " || [])", [nth, trace, key])


WEBGL_PIXEL_RATIO_JS = """() => {
  const gd = document.querySelector('.academy-component .js-plotly-plot');
  return [gd._context.plotGlPixelRatio, gd._fullLayout.scene._scene.glplot.pixelRatio];
}"""


def test_orbit_explorer(page, voila_url, artifacts_dir):
    recorder = open_component(page, voila_url, "orbit_explorer")
    # widgets/plotly_pixel_ratio.py: the 3-D scene is drawn at the screen's ratio (1 here),
    # not plotly's default of 2
    assert page.evaluate(WEBGL_PIXEL_RATIO_JS) == [1, 1]
    facts = page.locator(".academy-orbit-facts")
    assert "Period:" in facts.inner_text()
    x_before = plot_data(page, 0, "x")
    box = page.locator(".widget-text", has_text="Semi-major axis (km)").locator("input")
    box.fill("42164")
    box.press("Enter")
    page.wait_for_function("() => document.querySelector('.academy-orbit-facts')"
                           ".innerText.includes('1,436')")
    page.wait_for_function("(x0) => document.querySelector('.js-plotly-plot').data[0].x[0]"
                           " !== x0", arg=x_before[0])
    box.fill("3000")  # inside the Earth: inline alert, last figure kept
    box.press("Enter")
    alert = page.locator("[role=alert]")
    alert.wait_for()
    assert "perigee_altitude_km" in alert.inner_text()
    assert "1,436" in facts.inner_text()
    finish(page, recorder, artifacts_dir, "orbit_explorer")


def test_orbit_explorer_keeps_full_sharpness_on_a_hidpi_screen(browser, voila_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800},
                                  device_scale_factor=2)
    try:
        page = context.new_page()
        recorder = open_component(page, voila_url, "orbit_explorer")
        assert page.evaluate(WEBGL_PIXEL_RATIO_JS) == [2, 2]
        assert recorder.errors == []
    finally:
        context.close()


def test_ground_track(page, voila_url, artifacts_dir):
    recorder = open_component(page, voila_url, "ground_track")
    label = page.locator("text=Shown time")
    before = label.inner_text()
    satellites_before = plot_data(page, 4, "x")
    slider = page.locator(".widget-slider", has_text="Time offset (min)").locator(
        ".noUi-handle")
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_function("(t) => !document.body.innerText.includes(t)", arg=before)
    assert plot_data(page, 4, "x") != satellites_before
    finish(page, recorder, artifacts_dir, "ground_track")


def test_pass_predictor(page, voila_url, artifacts_dir):
    recorder = open_component(page, voila_url, "pass_predictor")
    table = page.locator(".academy-pass-table")
    before = table.inner_text()
    assert "Maximum elevation" in before
    page.locator(".widget-dropdown", has_text="Ground station").locator("select").select_option(
        "Budapest")
    page.wait_for_function("(t) => document.querySelector('.academy-pass-table').innerText"
                           " !== t", arg=before)
    finish(page, recorder, artifacts_dir, "pass_predictor")


def test_telemetry_panel(page, voila_url, artifacts_dir):
    recorder = open_component(page, voila_url, "telemetry_panel")
    state = page.locator(".academy-telemetry-state")
    assert "bat0_volt" in state.inner_text()
    assert any(word in state.inner_text() for word in ("NOMINAL", "WARNING", "CRITICAL"))
    page.locator(".widget-dropdown", has_text="Field").locator("select").select_option(
        "bat0_temp")
    page.wait_for_function("() => document.querySelector('.academy-telemetry-state')"
                           ".innerText.includes('bat0_temp')")
    count_all = len(plot_data(page, 0, "x"))
    page.get_by_role("button", name="15 min").click()
    page.wait_for_function("(n) => document.querySelector('.js-plotly-plot').data[0].x.length"
                           " < n", arg=count_all)
    assert page.locator("a.academy-download").get_attribute("href").startswith(
        "data:text/csv;base64,")
    finish(page, recorder, artifacts_dir, "telemetry_panel")


def test_cubesat_designer(page, voila_url, artifacts_dir):
    recorder = open_component(page, voila_url, "cubesat_designer")
    margins = page.locator(".academy-margins")
    assert "Mass:" in margins.inner_text() and "OK" in margins.inner_text()
    page.locator(".widget-dropdown", has_text="Form factor").locator("select").select_option("6U")
    page.wait_for_function("() => document.querySelector('.academy-margins').innerText"
                           ".includes('NEGATIVE')")
    finish(page, recorder, artifacts_dir, "cubesat_designer")


def test_propulsion_lab(page, voila_url, artifacts_dir):
    recorder = open_component(page, voila_url, "propulsion_lab")
    results = page.locator(".academy-propulsion-results")
    before = results.inner_text()
    page.locator(".widget-dropdown", has_text="Thruster type").locator("select").select_option(
        label="Green monopropellant (HAN/ADN)")
    page.wait_for_function("(t) => document.querySelector('.academy-propulsion-results')"
                           ".innerText !== t", arg=before)
    finish(page, recorder, artifacts_dir, "propulsion_lab")


def test_cansat_station(page, voila_url, artifacts_dir):
    recorder = open_component(page, voila_url, "cansat_station")
    assert "radio link was lost" in page.locator(".academy-notice").inner_text()
    assert "Packet 31 of 31" in page.locator(".academy-cansat-state").inner_text()
    handle = page.locator(".widget-slider", has_text="Packets received").locator(".noUi-handle")
    handle.focus()
    handle.press("Home")
    page.wait_for_function("() => document.querySelector('.academy-cansat-state').innerText"
                           ".includes('Packet 1 of 31')")
    assert len(plot_data(page, 0, "y")) == 1
    finish(page, recorder, artifacts_dir, "cansat_station")
