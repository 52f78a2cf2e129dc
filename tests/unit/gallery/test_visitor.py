"""``?lang=`` and ``?kiosk=`` as dashboards read them."""

from __future__ import annotations

import pytest

from gallery.visitor import VisitorOptions, visitor_options


@pytest.mark.parametrize(("query", "expected"), [
    ("", VisitorOptions("en", False)),
    (None, VisitorOptions("en", False)),
    ("lang=tr", VisitorOptions("tr", False)),
    ("lang=kk-KZ&kiosk=1", VisitorOptions("kk", True)),
    ("kiosk=true&lang=hu", VisitorOptions("hu", True)),
    ("kiosk=0", VisitorOptions("en", False)),
    ("lang=xx", VisitorOptions("en", False)),  # a typo on a poster still shows a dashboard
    ("lang=en&lang=az", VisitorOptions("az", False)),
])
def test_options(query, expected):
    assert visitor_options(query) == expected
