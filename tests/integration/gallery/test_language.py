"""``?lang=tr`` shows a dashboard and the gallery's pages in Turkish."""

from __future__ import annotations

import pytest
import requests

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_dashboard_in_turkish(page, gallery, open_dashboard):
    recorder = open_dashboard(page, f"{gallery.url}/voila/render/fire_the_thruster.ipynb?lang=tr")
    assert page.locator(".academy-dashboard-title").inner_text().strip() == "İticiyi ateşle"
    assert page.locator(".academy-fire").inner_text().strip() == "Ateşle!"
    assert "Gerekli:" in page.locator(".academy-game-result").inner_text()
    assert recorder.errors == []


def test_index_in_turkish_by_query_and_by_browser_language(gallery):
    by_query = requests.get(gallery.url + "/?lang=tr", timeout=30).text
    by_header = requests.get(gallery.url + "/", headers={"Accept-Language": "tr-TR,tr;q=0.9"},
                             timeout=30).text
    for text in (by_query, by_header):
        assert "Space Academy gösterge paneli galerisi" in text
        assert "CanSat görev tekrarı" in text
    assert "Space Academy dashboard gallery" in requests.get(gallery.url + "/", timeout=30).text
