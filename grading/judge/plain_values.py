"""Values that cross between the student's kernel and the test process, as plain JSON.

Why: a hidden test must judge what the student computed, not what the student's objects *say*
about themselves. An object crosses only as a value built from Python's plain types (numbers,
strings, lists, tuples, dicts, sets, numeric numpy arrays), so an ``__eq__`` that always says
True, a float subclass or an ndarray subclass arrive as the number or array they hold. Anything
else crosses as an opaque reference the test process can call or index but never compare.

This file is shipped as *source text* into the student's kernel and into the test process
(neither may import the academy's packages), so it imports nothing at module level but the
standard library, and numpy only if the value in hand is a numpy object.
"""

from __future__ import annotations

import base64
import json
import sys

MAX_DEPTH = 64
"""Deepest nesting accepted either way; deeper data is refused, not recursed into."""
MAX_ITEMS = 1_000_000
"""Most leaves one value may hold (a 1000 x 1000 array)."""
NUMERIC_KINDS = "biufc"
"""numpy dtype kinds that cross as arrays: bool, signed, unsigned, float, complex."""
_CONTAINERS = ((list, None), (tuple, "__tuple__"), (frozenset, "__frozenset__"),
               (set, "__set__"))
"""Container types by their base class, iterated with the base's ``__iter__``."""
MARKERS = ("__tuple__", "__dict__", "__set__", "__frozenset__", "__complex__", "__bytes__",
           "__ndarray__", "__ref__", "__module__")


class PlainValueError(ValueError):
    """A value that cannot cross, or a message that is not a well-formed encoded value."""


def _numpy():
    """numpy if the process has already imported it (an array in hand means it has)."""
    return sys.modules.get("numpy")


def encode(value, make_ref=None, depth: int = 0, budget: list | None = None):
    """``value`` as JSON-ready data; ``make_ref(value)`` names what is not plain.

    Subclasses of plain types are reduced to their base value with the base type's own
    conversion (``float.__float__``), so an override in the subclass is never consulted.
    Without ``make_ref`` a value that is not plain raises :class:`PlainValueError`.
    """
    budget = [MAX_ITEMS] if budget is None else budget
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise PlainValueError("value too large or too deeply nested to compare")
    np = _numpy()
    if value is None or type(value) in (bool, int, float, str):
        return value
    if np is not None and isinstance(value, np.generic) and value.dtype.kind in NUMERIC_KINDS:
        return encode(value.item(), make_ref, depth + 1, budget)
    if isinstance(value, bool):
        return bool(int.__int__(value))
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, complex):
        plain = complex.__complex__(value)
        return {"__complex__": [plain.real, plain.imag]}
    if isinstance(value, (bytes, bytearray)):
        return {"__bytes__": base64.b64encode(bytes(value)).decode("ascii")}
    for base, marker in _CONTAINERS:
        if isinstance(value, base):
            items = [encode(item, make_ref, depth + 1, budget) for item in base.__iter__(value)]
            return items if marker is None else {marker: items}
    if isinstance(value, dict):
        return {"__dict__": [[encode(key, make_ref, depth + 1, budget),
                              encode(item, make_ref, depth + 1, budget)]
                             for key, item in dict.items(value)]}
    if np is not None and isinstance(value, np.ndarray) and value.dtype.kind in NUMERIC_KINDS:
        array = np.ndarray.view(value, np.ndarray)
        if array.size > budget[0]:
            raise PlainValueError("array too large to compare")
        budget[0] -= array.size
        flat = array.ravel().tolist()
        if array.dtype.kind == "c":
            flat = [[item.real, item.imag] for item in flat]
        return {"__ndarray__": {"dtype": array.dtype.str, "shape": list(array.shape),
                                "data": flat}}
    if make_ref is None:
        raise PlainValueError(f"a {type(value).__name__} cannot be passed as a plain value")
    return make_ref(value)


def decode(data, resolve_ref=None, depth: int = 0, budget: list | None = None):
    """The value ``data`` (from :func:`encode`) stands for; strict about its shape.

    ``resolve_ref(data)`` turns a ``__ref__``/``__module__`` marker into an object; without it
    such markers are refused.
    """
    budget = [MAX_ITEMS] if budget is None else budget
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise PlainValueError("value too large or too deeply nested")
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [decode(item, resolve_ref, depth + 1, budget) for item in data]
    if type(data) is not dict:
        raise PlainValueError("malformed value")
    markers = [key for key in data if key in MARKERS]
    allowed = {"__ref__", "type", "callable"} if markers == ["__ref__"] else set(markers)
    if len(markers) != 1 or not set(data) <= allowed:
        raise PlainValueError("malformed value")
    marker = markers[0]
    body = data[marker]
    if marker in ("__ref__", "__module__"):
        if resolve_ref is None:
            raise PlainValueError("a reference cannot be decoded here")
        return resolve_ref(data)
    if marker == "__complex__":
        if type(body) is not list or len(body) != 2 or not all(
                type(part) in (int, float) for part in body):
            raise PlainValueError("malformed complex number")
        return complex(body[0], body[1])
    if marker == "__bytes__":
        if type(body) is not str:
            raise PlainValueError("malformed bytes")
        return base64.b64decode(body.encode("ascii"), validate=True)
    if marker == "__ndarray__":
        return _decode_array(body, budget)
    if type(body) is not list:
        raise PlainValueError(f"malformed {marker}")
    if marker == "__dict__":
        result = {}
        for pair in body:
            if type(pair) is not list or len(pair) != 2:
                raise PlainValueError("malformed dict")
            result[decode(pair[0], resolve_ref, depth + 1, budget)] = decode(
                pair[1], resolve_ref, depth + 1, budget)
        return result
    items = [decode(item, resolve_ref, depth + 1, budget) for item in body]
    return {"__tuple__": tuple, "__set__": set, "__frozenset__": frozenset}[marker](items)


def _decode_array(body, budget: list):
    """A numpy array from its dtype, shape and flat data, checked before numpy sees it."""
    import numpy as np

    if type(body) is not dict or set(body) != {"dtype", "shape", "data"}:
        raise PlainValueError("malformed array")
    dtype = np.dtype(str(body["dtype"]))
    shape, flat = body["shape"], body["data"]
    if dtype.kind not in NUMERIC_KINDS or type(shape) is not list or type(flat) is not list:
        raise PlainValueError("malformed array")
    if not all(type(n) is int and n >= 0 for n in shape) or len(shape) > 32:
        raise PlainValueError("malformed array shape")
    size = 1
    for n in shape:
        size *= n
    if size != len(flat) or size > budget[0]:
        raise PlainValueError("array data does not match its shape")
    budget[0] -= size
    if dtype.kind == "c":
        if not all(type(item) is list and len(item) == 2 for item in flat):
            raise PlainValueError("malformed complex array")
        flat = [complex(item[0], item[1]) for item in flat]
    elif not all(type(item) in (bool, int, float) for item in flat):
        raise PlainValueError("array data is not numeric")
    return np.array(flat, dtype=dtype).reshape(shape)


def dumps(data) -> str:
    """One encoded value as compact JSON text (NaN and infinities allowed, as floats)."""
    return json.dumps(data, separators=(",", ":"))


def loads(text: str):
    """JSON text to data; a parse failure is a :class:`PlainValueError`."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise PlainValueError(f"unreadable message ({type(error).__name__})") from None
