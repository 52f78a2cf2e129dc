"""A preheated kernel's view built in English is handed to one English visitor; others get
a view built in their language."""

from __future__ import annotations

from gallery.dashboard_page import Prebuilt


def test_prebuilt_view_goes_to_one_visitor_of_its_language():
    built: list[str] = []

    def build(language: str) -> tuple[str, int]:
        built.append(language)
        return language, len(built)

    prebuilt = Prebuilt(build)
    assert built == ["en"]  # built before anyone asked
    assert prebuilt.for_visitor("en") == ("en", 1)
    assert prebuilt.for_visitor("en") == ("en", 2)  # not shared between two visitors
    assert prebuilt.for_visitor("tr") == ("tr", 3)
    assert built == ["en", "en", "tr"]
