"""A real widget built in Turkish shows the catalogue's Turkish labels, not English ones.

The CubeSat designer is built twice, in English and in Turkish; walking both widget trees side
by side, every control label that is a catalogue msgid in English must be its Turkish
translation in the Turkish build.
"""

from __future__ import annotations

import pytest

from foundation.i18n import translator

designer = pytest.importorskip("widgets.cubesat_designer",
                               reason="widgets/ not written yet")

LABEL_TRAITS = ("description", "tooltip", "placeholder")


def labels(widget) -> list[str]:
    """Every label of ``widget`` and its children, depth first, in a stable order."""
    found = [getattr(widget, name) for name in LABEL_TRAITS
             if isinstance(getattr(widget, name, None), str) and getattr(widget, name)]
    for child in getattr(widget, "children", ()):
        found.extend(labels(child))
    return found


def test_cubesat_designer_labels_are_turkish():
    english = labels(designer.CubeSatDesigner(language="en"))
    turkish = labels(designer.CubeSatDesigner(language="tr"))
    catalogue = translator("tr").messages
    assert len(english) == len(turkish) and len(english) >= 5
    checked = 0
    for source, shown in zip(english, turkish, strict=True):
        if source in catalogue:
            assert shown == catalogue[source], (source, shown)
            checked += 1
    assert checked >= 5, f"only {checked} labels are catalogue msgids: {english}"
    assert "Yörünge irtifası (km)" in turkish and "Form faktörü" in turkish


def test_subsystem_names_come_from_the_catalogue():
    tr = translator("tr")
    names = [tr.gettext(msgid) for msgid in designer.SUBSYSTEM_MSGIDS]
    assert "Güneş panelleri" in names and "Yönelim kontrolü (ADCS)" in names
    assert all(name != msgid or msgid in {"{subsystem} (kg)"}
               for name, msgid in zip(names, designer.SUBSYSTEM_MSGIDS, strict=True))
