"""The gallery's own HTML pages: the index (thumbnails, descriptions, embed snippets) and the
"busy, retrying" page shown instead of an error when a visitor cannot get a kernel.

Plain strings with :func:`html.escape` rather than a template engine: two small pages, no
user-controlled markup, and every text goes through the academy's catalogue so ``?lang=tr``
translates them like the dashboards.
"""

from __future__ import annotations

from html import escape

from foundation.i18n import LANGUAGES, translator
from gallery.admission import Refusal
from gallery.catalogue import Dashboard

BUSY_RETRY_S = 10
"""How often the busy page reloads itself: long enough not to add load, short enough that a
visitor standing at a screen sees the dashboard soon after a place frees up."""

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; background: #0b1d3a; color: #f1f5f9; }
header, main { max-width: 1100px; margin: 0 auto; padding: 1rem; }
nav a { color: #ffd166; margin-right: .6rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 1rem; }
.card { background: #13294b; border-radius: 8px; padding: 1rem; }
.card svg { width: 100%; height: auto; border-radius: 4px; }
.card a.open { color: #ffd166; font-weight: bold; }
textarea { width: 100%; font-family: monospace; font-size: .8rem; }
"""


def _page(language: str, title: str, body: str, head_extra: str = "") -> str:
    return (f'<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title>{head_extra}<style>{_STYLE}</style></head>"
            f"<body>{body}</body></html>")


def embed_snippet(render_url: str, title: str) -> str:
    """The ``<iframe>`` a teacher pastes into a school site to show one dashboard."""
    return (f'<iframe src="{escape(render_url)}" title="{escape(title)}" width="100%" '
            f'height="720" style="border:0" loading="lazy"></iframe>')


def render_index(language: str, public_base: str, dashboards: tuple[Dashboard, ...]) -> str:
    """The gallery's front page. ``public_base`` is the gallery's absolute URL ending in ``/``
    (embed snippets must work when pasted into another site)."""
    _ = translator(language).gettext
    title = _("Space Academy dashboard gallery")
    languages = " ".join(f'<a href="?lang={code}" hreflang="{code}">{escape(name)}</a>'
                         for code, name in LANGUAGES.items())
    open_label, kiosk_label = _("Open"), _("Kiosk mode")
    embed_label = _("Embed this dashboard in your site:")
    language_label = _("Language")
    cards = []
    for dashboard in dashboards:
        name = _(dashboard.title)
        render_url = f"{public_base}voila/render/{dashboard.notebook}?lang={language}"
        cards.append(
            f'<article class="card" data-dashboard="{escape(dashboard.slug)}">'
            f"{dashboard.thumbnail_svg()}"
            f"<h2>{escape(name)}</h2><p>{escape(_(dashboard.description))}</p>"
            f'<p><a class="open" href="{escape(render_url)}">{escape(open_label)}</a> · '
            f'<a href="{escape(render_url)}&amp;kiosk=1">{escape(kiosk_label)}</a></p>'
            f'<label>{escape(embed_label)}'
            f'<textarea readonly rows="3">{escape(embed_snippet(render_url, name))}</textarea>'
            f"</label></article>")
    tagline = _("Real mission data, live in your browser. No account needed.")
    body = (f'<header><h1>{escape(title)}</h1><nav aria-label="{escape(language_label)}">'
            f"{languages}</nav><p>{escape(tagline)}</p></header>"
            f'<main><div class="cards">{"".join(cards)}</div></main>')
    return _page(language, title, body)


def render_busy(language: str, refusal: Refusal, retry_s: int = BUSY_RETRY_S) -> str:
    """The page a visitor sees instead of a dashboard; it reloads itself after ``retry_s``."""
    _ = translator(language).gettext
    if refusal is Refusal.BUSY:
        heading = _("The gallery is busy right now")
        text = _("Every seat is taken. This page tries again by itself in a few seconds.")
    else:
        heading = _("Please wait a moment")
        text = _("Too many dashboards were opened from your network in the last minute. "
                 "This page tries again by itself.")
    body = (f'<main class="academy-busy" data-refusal="{refusal.name.lower()}">'
            f"<h1>{escape(heading)}</h1><p>{escape(text)}</p></main>")
    return _page(language, heading, body,
                 head_extra=f'<meta http-equiv="refresh" content="{int(retry_s)}">')
