"""The index and busy pages: content, escaping, language, self-reload."""

from __future__ import annotations

from gallery.admission import Refusal
from gallery.catalogue import DASHBOARDS, Dashboard
from gallery.pages import embed_snippet, render_busy, render_index


def test_index_has_a_card_thumbnail_and_snippet_per_dashboard():
    page = render_index("en", "https://academy.example/services/gallery/", DASHBOARDS)
    assert page.count('<article class="card"') == len(DASHBOARDS)
    assert page.count("<svg") == len(DASHBOARDS)
    assert ("&lt;iframe src=&quot;https://academy.example/services/gallery/voila/render/"
            "fire_the_thruster.ipynb?lang=en&quot;") in page
    assert "No account needed." in page


def test_index_in_turkish():
    page = render_index("tr", "/", DASHBOARDS)
    assert 'lang="tr"' in page
    assert "İticiyi ateşle" in page and "Kiosk modu" in page


def test_snippet_escapes_the_title():
    snippet = embed_snippet("https://x/y", 'Design "quoted" <b>')
    assert 'title="Design &quot;quoted&quot; &lt;b&gt;"' in snippet


def test_every_dashboard_has_a_thumbnail():
    for dashboard in DASHBOARDS:
        assert dashboard.thumbnail_svg().startswith("<svg")
    assert isinstance(DASHBOARDS[0], Dashboard)


def test_busy_page_reloads_itself_and_says_why():
    busy = render_busy("en", Refusal.BUSY, retry_s=10)
    assert '<meta http-equiv="refresh" content="10">' in busy
    assert 'data-refusal="busy"' in busy and "Every seat is taken" in busy
    limited = render_busy("tr", Refusal.RATE_LIMITED, retry_s=30)
    assert 'content="30"' in limited and "Lütfen biraz bekleyin" in limited
