"""The catalogue: complete where CI demands it, placeholders intact, in sync with the code.

English (the source) and Turkish (the academy's first teaching language) must be 100 %; every
language's translations must keep the ``{name}`` / ``%(name)s`` fields of their English msgid,
or ``.format()`` raises in a student's widget. `make i18n-extract` fixes a stale ``academy.pot``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from academy.i18n_cli import check_problems, extract_catalog, format_report, msgids
from foundation import i18n
from foundation.errors import ConfigError
from foundation.i18n import (
    LANGUAGES,
    TEMPLATE_FILE,
    catalogue_statistics,
    completeness_report,
    placeholders,
    read_catalogue,
    translator,
)

REQUIRED = ("en", "tr")


@pytest.fixture(scope="module")
def template() -> Catalog:
    return read_catalogue(TEMPLATE_FILE)


def test_every_language_has_a_catalogue():
    for code in LANGUAGES:
        assert i18n.catalogue_path(code).is_file(), f"{code}: run `make i18n-extract`"


def test_pot_is_up_to_date_with_the_code(template):
    current = extract_catalog()
    missing = msgids(current) - msgids(template)
    gone = msgids(template) - msgids(current)
    assert not missing and not gone, (
        f"academy.pot is stale: {len(missing)} new strings (e.g. {sorted(missing)[:5]}), "
        f"{len(gone)} removed (e.g. {sorted(gone)[:5]}); run `make i18n-extract`, then translate")


@pytest.mark.parametrize("language", REQUIRED)
def test_required_languages_are_complete(template, language):
    stats = catalogue_statistics(language, template)
    assert stats.translated == stats.total, (
        f"{language} is {stats.percent:.1f}% translated; untranslated or fuzzy: "
        f"{list(stats.untranslated)[:10]}")


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_placeholders_match_the_source(template, language):
    mismatches = catalogue_statistics(language, template).mismatches
    assert not mismatches, "\n".join(str(m) for m in mismatches)


def test_every_translation_formats_with_the_source_fields(template):
    """Beyond equal sets: each translation really formats with the msgid's own arguments."""
    for code in LANGUAGES:
        catalog = read_catalogue(i18n.catalogue_path(code), code)
        for message in catalog:
            if not message.id or message.fuzzy or not message.string:
                continue
            source = message.id[-1] if isinstance(message.id, tuple) else message.id
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            fields = placeholders(source)
            for text in forms:
                if any(key.startswith("%(") for key in fields):
                    values = {key[2:-1]: 1 for key in fields}
                    text % values  # noqa: B018  (raises if a field is misspelt)
                elif any(key.startswith("{") for key in fields):
                    values = {key[1:-1]: 1 for key in fields if key[1:-1]}
                    text.format(**values)


def test_placeholders_are_recognised():
    assert placeholders("Period: {minutes} min") == placeholders("Periyot: {minutes} dk")
    assert placeholders("%(num)s of %(total)s") != placeholders("%(num)s / %(totl)s")
    assert placeholders("{value:.1f} km, 100%% sure") == {"{value}": 1}
    assert placeholders("%s and %d") == {"%s": 1, "%d": 1}
    assert placeholders("{{literal}} braces") == {}


def test_statistics_count_fuzzy_and_missing_and_flag_bad_fields(tmp_path, monkeypatch):
    """A synthetic catalogue: one good, one fuzzy, one missing, one with a renamed field."""
    template = Catalog()
    for msgid in ("Orbit", "Perigee", "Apogee", "Period: {minutes} min"):
        template.add(msgid)
    turkish = Catalog(locale="tr")
    turkish.add("Orbit", "Yörünge")
    turkish.add("Perigee", "Yerberi", flags=["fuzzy"])
    turkish.add("Period: {minutes} min", "Periyot: {dakika} dk")
    path = tmp_path / "tr" / "LC_MESSAGES" / "academy.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, turkish)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    stats = catalogue_statistics("tr", template)
    assert (stats.total, stats.translated, stats.fuzzy) == (4, 2, 1)
    assert stats.percent == 50.0
    assert set(stats.untranslated) == {"Perigee", "Apogee"}
    [mismatch] = stats.mismatches
    assert mismatch.missing == ("{minutes}",) and mismatch.extra == ("{dakika}",)


def test_fuzzy_entries_are_never_shown(tmp_path, monkeypatch):
    catalog = Catalog(locale="kk")
    catalog.add("Perigee", "Перигей", flags=["fuzzy"])
    catalog.add("Apogee", "Апогей")
    path = tmp_path / "kk" / "LC_MESSAGES" / "academy.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n._load.cache_clear()
    try:
        kazakh = translator("kk")
        assert kazakh.gettext("Apogee") == "Апогей"
        assert kazakh.gettext("Perigee") == "Perigee"
    finally:
        i18n._load.cache_clear()


def test_missing_message_falls_back_to_english_and_unknown_language_is_an_error():
    assert translator("tr").gettext("A message nobody wrote") == "A message nobody wrote"
    assert translator("tr-TR").gettext("My courses") == "Derslerim"
    with pytest.raises(ConfigError, match="language"):
        translator("xx")


def test_default_language_follows_the_spawner_variable(monkeypatch):
    monkeypatch.setattr(i18n, "_default_language", None)
    monkeypatch.setenv("ACADEMY_LANGUAGE", "kk")
    assert translator().gettext("Student") == "Студент"
    monkeypatch.setenv("ACADEMY_LANGUAGE", "klingon")
    with pytest.raises(ConfigError, match="ACADEMY_LANGUAGE"):
        translator()
    monkeypatch.delenv("ACADEMY_LANGUAGE")
    assert i18n.default_language() == "en"


def test_plural_forms_one_form_languages():
    singular = "Password: at least %(num)s character and not a common password."
    plural = "Password: at least %(num)s characters and not a common password."
    assert translator("tr").ngettext(singular, plural, 1) == translator("tr").ngettext(
        singular, plural, 12)
    assert translator("en").ngettext(singular, plural, 12) == plural
    assert "%(num)s" in translator("hu").ngettext(singular, plural, 12)


def test_report_table_lists_every_language(template):
    report = completeness_report(template)
    table = format_report(report)
    for code, name in LANGUAGES.items():
        assert f"{code} {name}" in table


def test_check_names_a_stale_template():
    """`academy i18n report --check` fails, naming a string the code has and the .pot lacks."""
    template, current = Catalog(), Catalog()
    template.add("Orbit")
    current.add("Orbit")
    current.add("Apogee altitude (km)")
    problems = check_problems([], current, template)
    assert len(problems) == 1 and "Apogee altitude (km)" in problems[0]


def test_scripts_are_right(template):
    """Kazakh and Kyrgyz are Cyrillic; Uzbek, Azerbaijani and Turkmen Latin (with their letters)."""
    cyrillic = {"kk": "әғқңөұүһі", "ky": "ңөү"}
    latin = {"uz": "ʻ", "az": "ə", "tk": "ýňäž", "tr": "ğışİ"}
    for code, letters in {**cyrillic, **latin}.items():
        text = " ".join(translator(code).messages.values())
        found = {letter for letter in letters if letter in text}
        assert found, f"{code}: none of {letters} in its catalogue"
    for code in latin:
        text = " ".join(translator(code).messages.values())
        assert not any("\u0400" <= ch <= "\u04ff" for ch in text), f"{code} has Cyrillic"


def test_kazakh_is_not_kyrgyz():
    """The two Cyrillic catalogues are written separately (қ/ұ/һ/і are Kazakh only)."""
    kyrgyz = " ".join(translator("ky").messages.values())
    assert not any(letter in kyrgyz for letter in "құһіә")
    assert translator("kk").gettext("Student") == translator("ky").gettext("Student")  # loanword
    assert translator("kk").gettext("My courses") != translator("ky").gettext("My courses")


def test_catalogue_files_are_utf8_and_have_a_language_header():
    for code in LANGUAGES:
        path: Path = i18n.catalogue_path(code)
        text = path.read_text(encoding="utf-8")
        assert f'"Language: {code}\\n"' in text
        assert "charset=utf-8" in text


def test_notebook_extractor_reads_code_cells_only():
    """Voilà dashboards kept as notebooks: _() calls in code cells, magics skipped."""
    import io
    import json

    from academy.i18n_cli import KEYWORDS, extract_notebook

    notebook = {"cells": [
        {"cell_type": "markdown", "source": ["_('not code')"]},
        {"cell_type": "code", "source": ["%matplotlib inline\n", "title = _('Ground track')\n"]},
        {"cell_type": "code", "source": "n = ngettext('{n} pass', '{n} passes', 2)"},
    ]}
    found = list(extract_notebook(io.BytesIO(json.dumps(notebook).encode()), KEYWORDS, (), {}))
    assert [(line, message) for line, _, message, _ in found] == [
        (2, "Ground track"), (3, ("{n} pass", "{n} passes", None))]
