"""The student's end of the test process's questions: runs INSIDE the student's kernel.

Why it is harmless that the student can change this code: it only ever answers with encoded
plain values (:mod:`grading.judge.plain_values`), which the test process decodes and checks
itself. A student who replaces or breaks the bridge can make their own answers unreadable or
wrong, which fails their tests; they cannot reach the test process's comparisons, helpers or
modules, which live in another process and another sandbox.

Shipped as source text (the kernel cannot import the academy's packages): the grader sends
:func:`definition_code` with each request, and evaluates ``__academy_bridge__.handle(...)`` as
a user expression, whose text/plain repr is a JSON string.
"""

from __future__ import annotations

import types

REQUEST_OPS = ("get", "call", "getattr", "getitem", "len", "list", "contains")


class Bridge:
    """Answers ``get``/``call``/``getattr``/``getitem``/``len``/``list``/``contains`` requests
    against the student's namespace; objects that are not plain are kept here, by number."""

    def __init__(self, namespace: dict, codec: types.ModuleType) -> None:
        self.namespace = namespace
        self.codec = codec
        self.objects: dict[int, object] = {}

    def handle(self, request_text: str) -> str:
        """One request in, one JSON answer out: ``{"ok": value}`` or ``{"raised": {...}}``."""
        try:
            request = self.codec.loads(request_text)
            result = self._dispatch(request)
            return self.codec.dumps({"ok": self.codec.encode(result, self._reference)})
        except Exception as error:  # the student's code raised: the test sees the exception
            return self.codec.dumps({"raised": {"type": type(error).__name__,
                                                "message": str(error)[:2000]}})

    def _dispatch(self, request: dict) -> object:
        op = request["op"]
        if op == "get":
            name = request["name"]
            if name not in self.namespace:
                raise NameError(f"name '{name}' is not defined")
            return self.namespace[name]
        target = self.objects[request["ref"]]
        if op == "call":
            args = self.codec.decode(request["args"], self._resolve)
            kwargs = dict(self.codec.decode(request["kwargs"], self._resolve))
            return target(*args, **kwargs)
        if op == "getattr":
            return getattr(target, request["name"])
        if op == "getitem":
            return target[self.codec.decode(request["key"], self._resolve)]
        if op == "len":
            return len(target)
        if op == "list":
            return list(target)
        if op == "contains":
            return self.codec.decode(request["item"], self._resolve) in target
        raise ValueError(f"unknown request {op!r}")

    def _reference(self, value: object) -> dict:
        """A number standing for ``value``; modules are named so the test imports its own."""
        if isinstance(value, types.ModuleType):
            return {"__module__": value.__name__}
        number = len(self.objects) + 1
        self.objects[number] = value
        return {"__ref__": number, "type": type(value).__qualname__,
                "callable": callable(value)}

    def _resolve(self, data: dict) -> object:
        if "__ref__" in data:
            return self.objects[data["__ref__"]]
        raise ValueError("a module cannot be passed to the student's code")


def definition_code(codec_source: str, bridge_source: str) -> str:
    """Code that defines ``__academy_bridge__`` in the kernel's namespace unless it is there.

    Sent with every request (a few KB): a student who deletes it gets it back, one who
    replaces it keeps their replacement and only changes their own answers.
    """
    return (
        "if '__academy_bridge__' not in globals():\n"
        "    def _academy_make_bridge():\n"
        "        import types\n"
        "        codec = types.ModuleType('academy_plain_values')\n"
        f"        exec(compile({codec_source!r}, 'academy_plain_values', 'exec'), "
        "codec.__dict__)\n"
        "        bridge = types.ModuleType('academy_bridge')\n"
        f"        exec(compile({bridge_source!r}, 'academy_bridge', 'exec'), "
        "bridge.__dict__)\n"
        "        return bridge.Bridge(get_ipython().user_ns, codec)\n"
        "    __academy_bridge__ = _academy_make_bridge()\n"
        "    del _academy_make_bridge\n")


def request_expression(request_text: str) -> str:
    """The user expression that asks the kernel's bridge one question."""
    return f"__academy_bridge__.handle({request_text!r})"
