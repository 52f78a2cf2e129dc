"""A design survives the trip through a link; a damaged link is refused naming the problem."""

from __future__ import annotations

import pytest

from gallery.design_link import DesignLinkError, decode_design, encode_design

ALLOWED = {"form": ("1U", "3U", "6U", "12U"), "altitude": None, "band": ("UHF", "S-band")}


def test_round_trip():
    design = {"form": "6U", "altitude": 612.5, "band": "S-band"}
    token = encode_design(design)
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert decode_design(token, ALLOWED) == design


def test_unknown_controls_are_ignored():
    assert decode_design(encode_design({"altitude": 500, "colour": "red"}), ALLOWED) == {
        "altitude": 500.0}


@pytest.mark.parametrize(("design", "reason"), [
    ({"form": "99U"}, "not one of"),
    ({"altitude": "high"}, "not a finite number"),
    ({"altitude": True}, "not a finite number"),
])
def test_bad_values_are_refused(design, reason):
    with pytest.raises(DesignLinkError, match=reason):
        decode_design(encode_design(design), ALLOWED)


def test_non_finite_numbers_are_refused():
    token = encode_design({"altitude": 1.0}).replace("", "")
    import base64
    nan_token = base64.urlsafe_b64encode(b'{"altitude":NaN}').decode().rstrip("=")
    assert decode_design(token, ALLOWED) == {"altitude": 1.0}
    with pytest.raises(DesignLinkError, match="altitude=nan"):
        decode_design(nan_token, ALLOWED)


@pytest.mark.parametrize("token", ["%%%", "bm90IGpzb24", "W10", "A" * 2001])
def test_garbage_is_refused_quoting_it(token):
    with pytest.raises(DesignLinkError) as error:
        decode_design(token, ALLOWED)
    assert error.value.text == token
