"""A CubeSat design as a link: the designer's control values packed into ``?design=``.

Why a link rather than a saved file: a visitor at an outreach stand has no account and no disk;
a URL can be sent to a phone, printed as a QR code or pasted into a chat, and opening it rebuilds
the same design in a fresh kernel. The value is URL-safe base64 of compact JSON. Decoding never
trusts the text: only known controls, only finite numbers or one of the control's options.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Mapping

from foundation.errors import AcademyError

MAX_LINK_CHARS = 2000
"""Longer values are refused: a real design is ~400 characters, and browsers cap URLs."""


class DesignLinkError(AcademyError, ValueError):
    """A ``?design=`` value that cannot be a design; ``text`` is the offending value."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"design link {text[:60]!r}: {reason}")


def encode_design(values: Mapping[str, float | str]) -> str:
    """``{"altitude": 550.0, "band": "UHF", ...}`` as a URL-safe token."""
    raw = json.dumps(dict(values), separators=(",", ":"), sort_keys=True).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_design(text: str, allowed: Mapping[str, tuple[str, ...] | None]) -> dict[str, object]:
    """The values of a token made by :func:`encode_design`, checked against ``allowed``.

    ``allowed`` maps each control name to its options (text controls) or None (number
    controls). Unknown names are dropped (an older link stays usable); a wrong type, a
    non-finite number or an unknown option raises :class:`DesignLinkError`.
    """
    if len(text) > MAX_LINK_CHARS:
        raise DesignLinkError(text, f"longer than {MAX_LINK_CHARS} characters")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        values = json.loads(raw.decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DesignLinkError(text, f"not a design token ({error})") from None
    if not isinstance(values, dict):
        raise DesignLinkError(text, "not a design token (no name/value pairs)")
    design: dict[str, object] = {}
    for name, value in values.items():
        if name not in allowed:
            continue
        options = allowed[name]
        if options is None:
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not math.isfinite(value):
                raise DesignLinkError(text, f"{name}={value!r} is not a finite number")
            design[name] = float(value)
        else:
            if value not in options:
                raise DesignLinkError(text, f"{name}={value!r} is not one of {list(options)}")
            design[name] = value
    return design
