"""The academy's one translation catalogue (gettext ``.po`` files read with Babel).

Every user-facing string of widgets, dashboards, hub templates and CLI messages goes through
:func:`translator`. Catalogues live in ``foundation/locale/<lang>/LC_MESSAGES/academy.po``; they are
read directly (no compiled ``.mo`` step to forget) and cached per language. A missing language or
message falls back to English source text, never to an error: a half-translated lesson is still a
lesson. Fuzzy entries (a translator's "not sure") are never shown.

Usage::

    from foundation.i18n import translator, format_quantity
    _ = translator("tr").gettext
    label = _("Altitude (km)")
    format_quantity(408.2, "km", "tr")        # '408,2 km'

Numbers, dates and units go through Babel's CLDR data (``format_decimal``, ``format_datetime``,
``format_quantity``), so a Turkish student reads ``7,66 km/sn`` and a Kazakh one ``7,66 км/с``.
:func:`catalogue_statistics` measures how complete each catalogue is and checks that every
translation keeps the placeholders of its English source (``academy i18n report``).
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from babel import Locale, negotiate_locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel import units as babel_units
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from foundation.errors import ConfigError

LOCALE_DIR: Path = Path(__file__).resolve().parent / "locale"
DOMAIN = "academy"
TEMPLATE_FILE: Path = LOCALE_DIR / f"{DOMAIN}.pot"
"""The extracted source strings (``pybabel extract``); each ``.po`` is updated from it."""

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
LANGUAGE_ENV = "ACADEMY_LANGUAGE"
"""Set by the hub's spawner in every user server: the student's chosen language."""

BABEL_LOCALES: dict[str, str] = {
    "en": "en",
    "tr": "tr",
    "kk": "kk",        # CLDR's Kazakh is Cyrillic, as taught in schools today
    "uz": "uz_Latn",   # the official Latin alphabet (oʻ, gʻ), not the older Cyrillic
    "az": "az_Latn",
    "ky": "ky",        # Cyrillic
    "hu": "hu",
    "tk": "tk",        # Latin
}
"""CLDR locale of each academy language, for number, date and unit formats."""

LAB_LOCALES: dict[str, str] = {
    "en": "en",
    "tr": "tr_TR",
    "hu": "hu_HU",
    # No JupyterLab language pack exists for Kazakh or Kyrgyz (PyPI has 28 packs, none of them
    # Turkic except Turkish). Russian is the second official language of both states and the
    # language their students already use computers in, so their Lab menus are Russian; the
    # academy's own pages, widgets and lessons stay Kazakh or Kyrgyz.
    "kk": "ru_RU",
    "ky": "ru_RU",
    # No pack for Uzbek, Azerbaijani or Turkmen either. Their students read Latin script, and a
    # Russian or Turkish UI would be a guess about each student, so Lab stays English.
    "uz": "en",
    "az": "en",
    "tk": "en",
}
"""JupyterLab ``@jupyterlab/translation-extension:plugin`` locale for each academy language."""

_default_language: str | None = None
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


def catalogue_path(language: str) -> Path:
    """Where the ``.po`` file of ``language`` lives (it may not exist yet)."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(path: Path, language: str | None = None) -> Catalog:
    """A ``.po`` or ``.pot`` file as a Babel catalogue."""
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


@functools.cache
def _load(language: str) -> Translator:
    path = catalogue_path(language)
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    if path.is_file():
        catalog = read_catalogue(path, language)
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
    return _load(check_language(language or default_language()))


def set_default_language(language: str) -> None:
    """Set the language used when a widget or message is not given one."""
    global _default_language
    code = check_language(language)
    with _lock:
        _default_language = code


def default_language() -> str:
    """The language set by :func:`set_default_language`, else ``ACADEMY_LANGUAGE``, else English.

    The hub's spawner sets ``ACADEMY_LANGUAGE`` to the student's choice in every user server, so
    widgets in a student's kernel speak their language without each lesson saying so. The
    variable is read when a message is translated, never at import time.
    """
    if _default_language is not None:
        return _default_language
    from_env = os.environ.get(LANGUAGE_ENV, "").strip()
    if not from_env:
        return SOURCE_LANGUAGE
    try:
        return check_language(from_env)
    except ConfigError:
        raise ConfigError(LANGUAGE_ENV, from_env,
                          f"must be one of {', '.join(LANGUAGES)}") from None


def negotiate_language(accept_language: str | None, default: str = SOURCE_LANGUAGE) -> str:
    """The academy language a browser's ``Accept-Language`` header prefers most, else ``default``.

    ``"kk-KZ,kk;q=0.9,ru;q=0.8"`` gives ``"kk"``; a header naming only languages the academy
    does not have gives ``default``.
    """
    preferred: list[tuple[float, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            preferred.append((-quality + position * 1e-6, tag.replace("-", "_")))
    tags = [tag for _, tag in sorted(preferred)]
    found = negotiate_locale(tags, list(LANGUAGES), sep="_") if tags else None
    return found or default


# --- Numbers, dates and units -----------------------------------------------------------------


def babel_locale(language: str | None = None) -> Locale:
    """The CLDR locale of an academy language (default: the default language)."""
    return Locale.parse(BABEL_LOCALES[check_language(language or default_language())])


def format_decimal(value: float | int | Decimal, language: str | None = None, *,
                   decimals: int | None = None) -> str:
    """``value`` with the language's decimal and grouping marks (``12.345,6`` in Turkish).

    ``decimals`` fixes the number of digits after the decimal mark (rounded half-even, as
    Babel does); None keeps up to three, as CLDR's default pattern does.
    """
    locale = babel_locale(language)
    if decimals is None:
        return babel_numbers.format_decimal(value, locale=locale)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=locale,
                                        decimal_quantization=True)


def format_percent(fraction: float, language: str | None = None) -> str:
    """A fraction (0.25) as a percentage in the language's style (``%25`` in Turkish)."""
    return babel_numbers.format_percent(fraction, locale=babel_locale(language))


def format_datetime(moment: _dt.datetime | _dt.date, language: str | None = None, *,
                    format: str = "medium", tzinfo: _dt.tzinfo | None = None) -> str:
    """A date or time as the language writes it (``21 Kas 2026 23:05:00`` in Turkish).

    ``format`` is ``short``/``medium``/``long``/``full`` or a CLDR pattern. Naive datetimes are
    taken as UTC, the academy's time scale for passes and telemetry; ``tzinfo`` converts to a
    local zone (e.g. ``zoneinfo.ZoneInfo("Asia/Almaty")``) for display.
    """
    locale = babel_locale(language)
    if isinstance(moment, _dt.datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=_dt.UTC)
        return babel_dates.format_datetime(moment, format=format, tzinfo=tzinfo or _dt.UTC,
                                           locale=locale)
    return babel_dates.format_date(moment, format=format, locale=locale)


UNITS: dict[str, tuple[str, str | None]] = {
    "m": ("length-meter", None),
    "km": ("length-kilometer", None),
    "s": ("duration-second", None),
    "min": ("duration-minute", None),
    "h": ("duration-hour", None),
    "d": ("duration-day", None),
    "m/s": ("length-meter", "duration-second"),
    "km/s": ("length-kilometer", "duration-second"),
    "m/s2": ("acceleration-meter-per-square-second", None),
    "deg": ("angle-degree", None),
    "°": ("angle-degree", None),
    "g": ("mass-gram", None),
    "kg": ("mass-kilogram", None),
    "N": ("force-newton", None),
    "W": ("power-watt", None),
    "V": ("electric-volt", None),
    "A": ("electric-ampere", None),
    "Hz": ("frequency-hertz", None),
    "kHz": ("frequency-kilohertz", None),
    "MHz": ("frequency-megahertz", None),
    "GHz": ("frequency-gigahertz", None),
    "K": ("temperature-kelvin", None),
    "°C": ("temperature-celsius", None),
    "Pa": ("pressure-pascal", None),
    "kPa": ("pressure-kilopascal", None),
    "Wh": ("energy-watt-hour", None),
    "kWh": ("energy-kilowatt-hour", None),
}
"""Academy unit symbols and their CLDR units (numerator, denominator) for :func:`format_quantity`.

Units CLDR has no name for (dB, dBm, dBi, N·s, bit/s) are written as the SI symbol after the
number, which is how every academy language writes them."""


def format_quantity(value: float | int | Decimal, unit: str, language: str | None = None, *,
                    decimals: int | None = None, length: str = "short") -> str:
    """A number with its unit as the language writes it: ``format_quantity(7.66, "km/s", "kk")``
    gives ``7,66 км/с``; ``"tr"`` gives ``7,66 km/sn``.

    ``unit`` is an academy symbol from :data:`UNITS`; other symbols (``dB``, ``N·s``) follow the
    formatted number after a no-break space. ``length`` is CLDR's ``short``/``long``/``narrow``.
    """
    locale = babel_locale(language)
    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    cldr = UNITS.get(unit)
    if cldr is None:
        return f"{format_decimal(value, language, decimals=decimals)}\u00a0{unit}"
    numerator, denominator = cldr
    if numerator == "angle-degree":
        # 51,6° in every academy language (CLDR's short form spells "derece" out, and some
        # locales have no narrow form at all).
        return f"{format_decimal(value, language, decimals=decimals)}°"
    try:
        if denominator is None:
            return babel_units.format_unit(value, numerator, length=length, format=pattern,
                                           locale=locale)
        return babel_units.format_compound_unit(value, numerator, denominator_unit=denominator,
                                                length=length, format=pattern, locale=locale)
    except babel_units.UnknownUnitError:  # a locale without this unit's names
        return f"{format_decimal(value, language, decimals=decimals)}\u00a0{unit}"


# --- Completeness and placeholders ---------------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"%\((?P<named>\w+)\)[#0 +-]?\d*(?:\.\d+)?[sdifr]"   # %(name)s
    r"|%(?P<positional>[#0 +-]?\d*(?:\.\d+)?[sdifr])"    # %s %d %.1f
    r"|\{(?P<field>[^{}]*)\}"                            # {name} {0} {value:.1f}
)


def placeholders(text: str) -> Counter:
    """The ``%(name)s``, ``%s`` and ``{name}`` fields of a message, with how often each occurs.

    ``%%`` and ``{{``/``}}`` are literal characters, not fields.
    """
    text = text.replace("%%", "").replace("{{", "").replace("}}", "")
    found: Counter = Counter()
    for match in _PLACEHOLDER.finditer(text):
        if match["named"] is not None:
            found[f"%({match['named']})"] += 1
        elif match["positional"] is not None:
            found["%" + match["positional"][-1]] += 1
        else:
            name = re.split(r"[!:.\[]", match["field"], maxsplit=1)[0]
            found["{" + name + "}"] += 1
    return found


@dataclass(frozen=True)
class PlaceholderMismatch:
    """A translation whose fields differ from its English source."""

    language: str
    msgid: str
    translation: str
    missing: tuple[str, ...]
    extra: tuple[str, ...]

    def __str__(self) -> str:
        return (f"{self.language}: {self.msgid!r} -> {self.translation!r}: "
                f"missing {list(self.missing)}, extra {list(self.extra)}")


@dataclass(frozen=True)
class CatalogueStatistics:
    """How much of the source text one language's catalogue covers."""

    language: str
    total: int
    translated: int
    fuzzy: int
    untranslated: tuple[str, ...] = field(repr=False)
    mismatches: tuple[PlaceholderMismatch, ...] = field(repr=False)

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else 100.0 * self.translated / self.total


def _source_messages(template: Catalog) -> dict[str, tuple[str, ...]]:
    """msgid -> its source forms (one for a plain message, singular and plural for ngettext)."""
    sources: dict[str, tuple[str, ...]] = {}
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            sources[message.id[0]] = tuple(message.id)
        else:
            sources[message.id] = (message.id,)
    return sources


def _compare_placeholders(language: str, sources: tuple[str, ...],
                          translations: Iterable[str]) -> list[PlaceholderMismatch]:
    """Each translated form must have the fields of the singular or of the plural source."""
    mismatches = []
    wanted = [placeholders(source) for source in sources]
    # Compare only the style(s) the source uses: in a str.format() message "%-i" (Azerbaijani
    # "50 %-i") is text, and in a %-message "{x}" is text. With no fields in the source, a
    # stray "{name}" or "%(name)s" in the translation is still flagged.
    kinds = {key[0] for fields in wanted for key in fields}
    if not kinds:
        kinds = {"{", "%("}

    def _of_kinds(fields: Counter) -> Counter:
        return Counter({key: count for key, count in fields.items()
                        if key[0] in kinds or ("%(" in kinds and key.startswith("%("))})

    wanted = [_of_kinds(fields) for fields in wanted]
    for text in translations:
        if not text:
            continue
        got = _of_kinds(placeholders(text))
        if any(got == fields for fields in wanted):
            continue
        closest = wanted[-1]
        mismatches.append(PlaceholderMismatch(
            language, sources[0], text,
            missing=tuple(sorted((closest - got).elements())),
            extra=tuple(sorted((got - closest).elements()))))
    return mismatches


def catalogue_statistics(language: str, template: Catalog | None = None) -> CatalogueStatistics:
    """Coverage of ``language``'s catalogue against ``template`` (default: ``academy.pot``).

    A message counts as translated when its catalogue entry is present, not fuzzy and has text
    in every form. English is the source: an entry present in ``en.po`` counts even with an
    empty ``msgstr`` (the msgid is shown), so 100 % there means "in sync with the extraction".
    """
    code = check_language(language)
    if template is None:
        template = read_catalogue(TEMPLATE_FILE)
    sources = _source_messages(template)
    path = catalogue_path(code)
    catalog = read_catalogue(path, code) if path.is_file() else Catalog(locale=None)
    translated = 0
    fuzzy = 0
    untranslated: list[str] = []
    mismatches: list[PlaceholderMismatch] = []
    for msgid, forms in sources.items():
        entry = catalog.get(msgid if len(forms) == 1 else forms)
        if entry is None and len(forms) > 1:
            entry = catalog.get(msgid)
        texts = () if entry is None else (
            tuple(entry.string) if isinstance(entry.string, (tuple, list)) else (entry.string,))
        if entry is not None and entry.fuzzy:
            fuzzy += 1
            untranslated.append(msgid)
        elif entry is not None and (code == SOURCE_LANGUAGE or (texts and all(texts))):
            translated += 1
            mismatches.extend(_compare_placeholders(code, forms, texts))
        else:
            untranslated.append(msgid)
    return CatalogueStatistics(code, len(sources), translated, fuzzy, tuple(untranslated),
                               tuple(mismatches))


def completeness_report(template: Catalog | None = None) -> list[CatalogueStatistics]:
    """:func:`catalogue_statistics` of every academy language, in :data:`LANGUAGES` order."""
    if template is None:
        template = read_catalogue(TEMPLATE_FILE)
    return [catalogue_statistics(code, template) for code in LANGUAGES]
