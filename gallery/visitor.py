"""What a visitor asked for in the page address: ``?lang=tr`` and ``?kiosk=1``.

Dashboards call :func:`visitor_options` with the query string Voilà hands the kernel
(``voila.utils.get_query_string()``, which in a preheated kernel waits for the visitor's
request). Kept free of heavy imports: it runs in every dashboard kernel.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from foundation.errors import ConfigError
from foundation.i18n import SOURCE_LANGUAGE, check_language

_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class VisitorOptions:
    """The language a dashboard speaks and whether it runs as an unattended kiosk."""

    language: str = SOURCE_LANGUAGE
    kiosk: bool = False


def visitor_options(query_string: str | None) -> VisitorOptions:
    """Options from a raw query string such as ``"lang=tr&kiosk=1"``.

    An unknown language falls back to English rather than failing: the address may come from a
    poster or a typed URL, and a dashboard in English beats an error page at an outreach stand.
    """
    params = parse_qs(query_string or "", keep_blank_values=True)
    language = SOURCE_LANGUAGE
    requested = (params.get("lang") or [""])[-1]
    if requested:
        try:
            language = check_language(requested)
        except ConfigError:
            language = SOURCE_LANGUAGE
    kiosk = (params.get("kiosk") or [""])[-1].strip().lower() in _TRUE
    return VisitorOptions(language=language, kiosk=kiosk)
