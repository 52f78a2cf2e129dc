"""``?kiosk=1``: big controls, and after the idle time (6 s in this gallery) the dashboard goes
back to its start by itself."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_kiosk_goes_back_to_the_start_when_idle(page, gallery, open_dashboard):
    url = f"{gallery.url}/voila/render/fire_the_thruster.ipynb?kiosk=1"
    recorder = open_dashboard(page, url)
    assert page.evaluate("() => document.body.classList.contains('academy-kiosk')")
    font_px = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector("
                            "'.academy-fire')).fontSize)")
    assert font_px >= 20
    page.locator(".academy-fire").click()
    page.locator(".academy-game-result", has_text="SHORT").wait_for()
    page.evaluate("() => { window.__visitor = 'first'; }")
    # No input for 6 s: the page reloads itself into a fresh session.
    page.wait_for_function("() => window.__visitor === undefined", timeout=60_000)
    page.wait_for_selector(".academy-component .js-plotly-plot", timeout=120_000)
    assert "SHORT" not in page.locator(".academy-game-result").inner_text()
    assert "Needed:" in page.locator(".academy-game-result").inner_text()
    assert page.url == url
    assert recorder.errors == []


def test_without_kiosk_the_page_stays(page, gallery, open_dashboard):
    open_dashboard(page, f"{gallery.url}/voila/render/cansat_mission_replay.ipynb")
    assert not page.evaluate("() => document.body.classList.contains('academy-kiosk')")
    page.evaluate("() => { window.__visitor = 'first'; }")
    page.wait_for_timeout(8_000)
    assert page.evaluate("() => window.__visitor") == "first"
