"""The start every gallery dashboard shares, called from its second cell.

In a preheated kernel the notebook runs before anyone visits; the first cell does the slow part
(imports, loading and decoding data) and :func:`open_dashboard` is where it stops and waits for
the visitor's request (``voila.utils.get_query_string``). Then it knows the visitor's language
and kiosk choice, shows the translated title and, for ``?kiosk=1``, the kiosk script.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Generic, TypeVar
from urllib.parse import parse_qs

from IPython.display import HTML, display
from voila.utils import get_query_string

from foundation.config.gallery import GalleryConfig
from foundation.i18n import SOURCE_LANGUAGE, translator
from gallery.catalogue import DASHBOARDS
from gallery.kiosk import kiosk_html
from gallery.plotly_bundle import serve_bundle_to_figures
from gallery.visitor import VisitorOptions, visitor_options

TITLE_CLASS = "academy-dashboard-title"
V = TypeVar("V")


def open_dashboard(slug: str) -> tuple[VisitorOptions, dict[str, list[str]]]:
    """Wait for the visitor, show the dashboard's title (and kiosk mode); return the visitor's
    options and every query parameter (dashboards with extra ones, e.g. ``design``)."""
    dashboard = next((d for d in DASHBOARDS if d.slug == slug), None)
    if dashboard is None:
        raise KeyError(f"no gallery dashboard {slug!r}; known: {[d.slug for d in DASHBOARDS]}")
    query = get_query_string() or ""
    options = visitor_options(query)
    _ = translator(options.language).gettext
    parts = [f'<h1 class="{TITLE_CLASS}" lang="{options.language}">'
             f"{escape(_(dashboard.title))}</h1>"]
    if options.kiosk:
        parts.append(kiosk_html(GalleryConfig().kiosk_idle_s))
    display(HTML("".join(parts)))
    return options, parse_qs(query)


class Prebuilt(Generic[V]):
    """A dashboard's view built before the visitor arrives, in the visitor default language.

    Building a view (computing ground tracks, decoding limits, drawing the first figure) takes
    0.5-5 s of kernel time. A preheated kernel has that time while it waits, so the view is
    built then, in English (what a visitor without ``?lang=`` gets), and a visitor asking for
    another language gets a view built for them after their request.
    """

    def __init__(self, build: Callable[[str], V], language: str = SOURCE_LANGUAGE) -> None:
        self.build = build
        self.language = language
        # Before any figure exists: each then asks the gallery for plotly's front end instead
        # of carrying it (5 MB) in its widget state.
        serve_bundle_to_figures()
        self.view: V | None = build(language)

    def for_visitor(self, language: str) -> V:
        """The prebuilt view when it speaks ``language`` (once), else a new one."""
        if language == self.language and self.view is not None:
            view, self.view = self.view, None
            return view
        return self.build(language)
