"""Each dashboard renders in Chromium with no console errors and answers a control change."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from gallery.catalogue import DASHBOARDS

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _where_are_they_now(page) -> None:
    assert "recorded snapshot" in page.locator(".academy-as-of").inner_text()
    table = page.locator(".academy-pass-table")
    before = table.inner_text()
    page.locator(".widget-dropdown", has_text="Ground station").locator("select").select_option(
        "Budapest")
    page.wait_for_function("(t) => document.querySelector('.academy-pass-table').innerText"
                           " !== t", arg=before)


def _cubesat_telemetry(page) -> None:
    state = page.locator(".academy-telemetry-state")
    assert any(word in state.inner_text() for word in ("NOMINAL", "WARNING", "CRITICAL"))
    page.locator(".widget-dropdown", has_text="Field").locator("select").select_option(
        "bat0_temp")
    page.wait_for_function("() => document.querySelector('.academy-telemetry-state')"
                           ".innerText.includes('bat0_temp')")


def _design_your_cubesat(page) -> None:
    link = page.locator("a.academy-share-link")
    before = link.get_attribute("href")
    page.locator(".widget-dropdown", has_text="Form factor").locator("select").select_option("6U")
    page.wait_for_function("() => document.querySelector('.academy-margins').innerText"
                           ".includes('NEGATIVE')")
    page.wait_for_function("(h) => document.querySelector('a.academy-share-link')"
                           ".getAttribute('href') !== h", arg=before)
    # The shared link rebuilds the design in a fresh kernel.
    page.goto(page.url.split("?")[0] + link.get_attribute("href"))
    page.wait_for_selector(".academy-margins")
    page.wait_for_function("() => document.querySelector('.academy-margins').innerText"
                           ".includes('NEGATIVE')")
    selected = page.locator(".widget-dropdown", has_text="Form factor").locator("select")
    assert selected.input_value() == "6U"


def _fire_the_thruster(page) -> None:
    result = page.locator(".academy-game-result")
    assert "Needed:" in result.inner_text()
    page.locator(".academy-fire").click()
    page.wait_for_function("() => document.querySelector('.academy-game-result')"
                           ".innerText.includes('SHORT')")
    page.locator(".widget-dropdown", has_text="Thruster type").locator("select").select_option(
        label="Green monopropellant (HAN/ADN)")
    handle = page.locator(".widget-slider", has_text="Propellant").locator(".noUi-handle")
    handle.focus()
    handle.press("End")  # the full tank
    page.locator(".academy-fire").click()
    page.wait_for_function("() => document.querySelector('.academy-game-result')"
                           ".innerText.includes('REACHED')")


def _cansat_mission_replay(page) -> None:
    assert "radio link was lost" in page.locator(".academy-notice").inner_text()
    handle = page.locator(".widget-slider", has_text="Packets received").locator(".noUi-handle")
    handle.focus()
    handle.press("Home")
    page.wait_for_function("() => document.querySelector('.academy-cansat-state').innerText"
                           ".includes('Packet 1 of 31')")


INTERACTIONS = {
    "where_are_they_now": _where_are_they_now,
    "cubesat_telemetry": _cubesat_telemetry,
    "design_your_cubesat": _design_your_cubesat,
    "fire_the_thruster": _fire_the_thruster,
    "cansat_mission_replay": _cansat_mission_replay,
}


@pytest.mark.parametrize("slug", [d.slug for d in DASHBOARDS])
def test_dashboard_renders_and_responds(page, gallery, open_dashboard, artifacts_dir: Path,
                                        slug: str):
    recorder = open_dashboard(page, f"{gallery.url}/voila/render/{slug}.ipynb")
    assert page.locator(".academy-dashboard-title").inner_text().strip()
    # gallery/widget_model_wait.py's script wrapped the page's widget manager.
    assert page.evaluate("() => window.jupyterapp._widgetManager.__academyLastLook") is True
    INTERACTIONS[slug](page)
    page.screenshot(path=str(artifacts_dir / f"gallery-{slug}.png"), full_page=True)
    assert recorder.errors == [], f"console errors on {slug}: {recorder.errors}"


def test_index_lists_each_dashboard_with_an_embed_snippet(gallery, embedding_sites):
    response = requests.get(gallery.url + "/", timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == (
        f"frame-ancestors 'self' {embedding_sites['allowed']}")
    for slug in (d.slug for d in DASHBOARDS):
        assert f'data-dashboard="{slug}"' in response.text
        assert (f"&lt;iframe src=&quot;{gallery.url}/voila/render/{slug}.ipynb?lang=en&quot;"
                in response.text)
    assert response.text.count("<svg") == len(DASHBOARDS)


def test_sources_are_not_sent(gallery):
    page = requests.get(f"{gallery.url}/voila/render/fire_the_thruster.ipynb", timeout=120)
    assert page.status_code == 200
    assert "Fire the thruster" in page.text  # the rendered output is there...
    for source in ("open_dashboard(", "from gallery", "FireTheThruster(language"):
        assert source not in page.text  # ...the cells' code is not
