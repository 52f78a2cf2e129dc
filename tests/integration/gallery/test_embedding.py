"""Another site may show a dashboard in an <iframe> only if ACADEMY_EMBED_ORIGINS lists it:
the CSP ``frame-ancestors`` directive makes Chromium refuse to load it otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _embedding_page(root: str, gallery_url: str) -> str:
    name = "embed.html"
    (Path(root) / name).write_text(
        f'<!DOCTYPE html><html><body><h1>School site</h1><iframe id="dash" '
        f'src="{gallery_url}/voila/render/fire_the_thruster.ipynb" width="1000" height="700">'
        "</iframe></body></html>")
    return name


def test_allowed_origin_shows_the_dashboard(page, gallery, embedding_sites):
    name = _embedding_page(embedding_sites["root"], gallery.url)
    page.goto(f"{embedding_sites['allowed']}/{name}")
    frame = page.frame_locator("#dash")
    frame.locator(".academy-component .js-plotly-plot").wait_for(timeout=120_000)
    frame.locator(".academy-fire").click()
    frame.locator(".academy-game-result", has_text="SHORT").wait_for()


def test_other_origin_is_refused(page, gallery, embedding_sites):
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    name = _embedding_page(embedding_sites["root"], gallery.url)
    page.goto(f"{embedding_sites['refused']}/{name}")
    page.wait_for_function("() => true")
    deadline_ms = 60_000
    waited = 0
    while not any("frame-ancestors" in m for m in messages) and waited < deadline_ms:
        page.wait_for_timeout(250)
        waited += 250
    # Chromium: "Framing '<gallery>' violates ... directive: "frame-ancestors 'self' <allowed>".
    # The request has been blocked."
    assert any("frame-ancestors" in m and "blocked" in m for m in messages), messages
    dashboard_frames = [f for f in page.frames if f != page.main_frame]
    assert dashboard_frames, "the iframe element should still exist"
    for frame in dashboard_frames:
        assert not frame.url.startswith(embedding_sites["refused"])
        assert frame.locator(".academy-component").count() == 0
