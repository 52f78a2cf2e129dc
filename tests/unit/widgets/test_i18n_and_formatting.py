"""Labels come from the catalogue of the widget's language; numbers from Babel."""

import pytest

import foundation.i18n
import widgets.component
from foundation.i18n import Translator, set_default_language
from widgets.formatting import format_number
from widgets.orbit_explorer import OrbitExplorer
from widgets.propulsion_lab import PropulsionLab


def test_labels_use_the_translator_of_the_widget_language(monkeypatch):
    fake = Translator("tr", {"Preset orbit": "Hazır yörünge",
                             "Period: {minutes} min": "Periyot: {minutes} dk"}, {})
    requested = []

    def fake_translator(language=None):
        requested.append(language)
        return fake

    monkeypatch.setattr(widgets.component, "translator", fake_translator)
    explorer = OrbitExplorer(language="tr")
    assert requested == ["tr"]
    assert explorer.preset.description == "Hazır yörünge"
    assert "Periyot: 93,0 dk" in explorer.facts.value or "Periyot: 92,9 dk" in \
        explorer.facts.value  # Turkish decimal comma from Babel
    # an untranslated label falls back to the English msgid
    assert explorer.eccentricity.description == "Eccentricity"


def test_real_catalogue_never_breaks_a_widget_in_any_language():
    for language in foundation.i18n.LANGUAGES:
        lab = PropulsionLab(language=language)
        assert lab.language == language
        assert lab.thruster.description  # translated or English, never empty


def test_global_default_language_applies_when_none_given():
    try:
        set_default_language("hu")
        assert OrbitExplorer().language == "hu"
        assert OrbitExplorer(language="kk").language == "kk"
    finally:
        set_default_language("en")


@pytest.mark.parametrize(("language", "text"), [("en", "1,234.57"), ("tr", "1.234,57"),
                                                ("hu", "1 234,57"), ("kk", "1 234,57")])
def test_format_number_uses_locale_separators(language, text):
    # hu and kk group with a no-break space in CLDR
    assert format_number(1234.567, language, 2).replace("\u00a0", " ") == text


def test_format_number_nan_is_a_dash():
    assert format_number(float("nan"), "en") == "–"
