"""The academy's one translation catalogue (gettext ``.po`` files read with Babel).

Every user-facing string of widgets, dashboards, hub templates and CLI messages goes through
:func:`translator`. Catalogues live in ``academy/locale/<lang>/LC_MESSAGES/academy.po``; they are
read directly (no compiled ``.mo`` step to forget) and cached per language. A missing language or
message falls back to English source text, never to an error: a half-translated lesson is still a
lesson.

Usage::

    from academy.i18n import translator
    _ = translator("tr").gettext
    label = _("Altitude (km)")
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from academy.errors import ConfigError
from academy.paths import PACKAGE_DIR

LOCALE_DIR: Path = PACKAGE_DIR / "locale"
DOMAIN = "academy"
LANGUAGES: dict[str, str] = {
    "en": "English",
    "tr": "Türkçe",
    "kk": "Қазақша",
    "uz": "Oʻzbekcha",
    "az": "Azərbaycanca",
    "ky": "Кыргызча",
    "hu": "Magyar",
    "tk": "Türkmençe",
}
"""Languages the academy knows, in their own names (for pickers)."""
SOURCE_LANGUAGE = "en"

_default_language = SOURCE_LANGUAGE
_lock = threading.Lock()


def check_language(language: str) -> str:
    """``language`` if the academy knows it; a ConfigError naming it otherwise."""
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    if code not in LANGUAGES:
        raise ConfigError("language", language, f"must be one of {', '.join(LANGUAGES)}")
    return code


@dataclass(frozen=True)
class Translator:
    """Messages of one language; missing ones fall back to the English source text."""

    language: str
    messages: dict[str, str]
    plurals: dict[str, tuple[str, ...]]

    def gettext(self, message: str) -> str:
        return self.messages.get(message) or message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        forms = self.plurals.get(singular)
        if forms:
            # Turkic languages and Hungarian use one form; others pick by English's rule.
            return forms[0] if len(forms) == 1 or count == 1 else forms[min(1, len(forms) - 1)]
        return singular if count == 1 else plural


@functools.cache
def _load(language: str) -> Translator:
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    if path.is_file():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language if language != "tk" else None)
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, tuple):
                forms = tuple(form for form in message.string if form)
                if forms:
                    plurals[message.id[0]] = forms
            elif message.string:
                messages[message.id] = message.string
    return Translator(language, messages, plurals)


def translator(language: str | None = None) -> Translator:
    """The translator of ``language`` (default: the process-wide default language)."""
    return _load(check_language(language or _default_language))


def set_default_language(language: str) -> None:
    """Set the language used when a widget or message is not given one."""
    global _default_language
    code = check_language(language)
    with _lock:
        _default_language = code


def default_language() -> str:
    return _default_language
