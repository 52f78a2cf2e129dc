"""The test process: runs the instructor's test and given cells in a clean interpreter.

Why a separate process: anything student code does inside its kernel (patched builtins,
``math``, numpy, ``sys.modules``, import hooks, IPython's transformers and display hooks, frame
and trace tricks, ctypes writes) changes that process only. The tests run here, in a fresh
interpreter started with ``-I`` (no working directory on ``sys.path``, no ``PYTHON*`` variables)
in its own sandbox whose files are the instructor's. Names the tests use resolve, in order, to
what the instructor's cells defined here, to this interpreter's builtins, and only then to the
student's namespace, whose values arrive as plain data (:mod:`grading.judge.plain_values`);
objects that are not plain become :class:`StudentObject` handles that can be called, indexed
and iterated, but never compared or used as a truth value.

Shipped as source text and started as ``python -I -c``; talks to the grader over its own copies
of stdin/stdout, one JSON message per line. Standard streams of the cells are captured.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import io
import json
import os
import re
import sys
import traceback
import types

_MODULE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_PASSED_ON_EXCEPTIONS = {name: value for name, value in vars(builtins).items()
                         if isinstance(value, type) and issubclass(value, Exception)}
"""Built-in exception types a student's exception is re-raised as (tests may expect one)."""


class StudentError(Exception):
    """An exception raised by the student's code that is not a built-in exception type."""


class Channel:
    """JSON lines to and from the grader."""

    def __init__(self, reader: io.BufferedReader, writer: io.BufferedWriter) -> None:
        self.reader = reader
        self.writer = writer

    def send(self, message: dict) -> None:
        self.writer.write(json.dumps(message, separators=(",", ":")).encode() + b"\n")
        self.writer.flush()

    def receive(self) -> dict | None:
        line = self.reader.readline()
        return json.loads(line) if line else None


class Student:
    """The student's namespace as seen from here: every question goes through the grader."""

    def __init__(self, channel: Channel, codec: types.ModuleType) -> None:
        self.channel = channel
        self.codec = codec

    def ask(self, request: dict):
        """Send one request; the decoded plain answer, or the student's exception raised here."""
        self.channel.send({"op": "ask", "request": self.codec.dumps(request)})
        reply = self.channel.receive()
        if reply is None:
            raise SystemExit(0)
        if reply.get("failed"):
            raise StudentError(f"the student's kernel did not answer: {reply['failed']}")
        try:
            answer = self.codec.loads(_text_of_repr(reply["text"]))
            if type(answer) is not dict or len(answer) != 1 or not (
                    "ok" in answer or "raised" in answer):
                raise self.codec.PlainValueError("malformed answer")
            if "ok" in answer:
                return self.codec.decode(answer["ok"], self._resolve)
            raised = answer["raised"]
            if type(raised) is not dict:
                raise self.codec.PlainValueError("malformed exception")
        except (self.codec.PlainValueError, KeyError, TypeError, ValueError, SyntaxError,
                MemoryError, RecursionError) as error:
            raise StudentError(f"the student's kernel sent an unreadable value ({error})"
                               ) from None
        raise _student_exception(raised)

    def lookup(self, name: str):
        return self.ask({"op": "get", "name": name})

    def encode_argument(self, value):
        return self.codec.encode(value, _reference_of)

    def _resolve(self, data: dict):
        if "__module__" in data:
            name = data["__module__"]
            if type(name) is not str or not _MODULE_NAME.match(name):
                raise self.codec.PlainValueError("malformed module name")
            try:
                return importlib.import_module(name)
            except ImportError:
                raise StudentError(f"module {name!r} of the student's code is not "
                                   "available to the tests") from None
        if type(data.get("__ref__")) is not int:
            raise self.codec.PlainValueError("malformed reference")
        return StudentObject(self, data["__ref__"], str(data.get("type", "object"))[:200])


def _student_exception(raised: dict) -> BaseException:
    """The student's exception as a built-in type of this interpreter, or StudentError."""
    name, message = str(raised.get("type", "Exception")), str(raised.get("message", ""))
    kind = _PASSED_ON_EXCEPTIONS.get(name)
    return kind(message) if kind is not None else StudentError(f"{name}: {message}")


def _text_of_repr(text: str) -> str:
    """The JSON string inside the kernel's text/plain repr of a str (a Python literal)."""
    if type(text) is not str or len(text) < 2 or text[0] not in "'\"":
        raise ValueError("not a string answer")
    value = ast.literal_eval(text)
    if type(value) is not str:
        raise ValueError("not a string answer")
    return value


def _reference_of(value):
    if isinstance(value, StudentObject):
        return {"__ref__": object.__getattribute__(value, "_number")}
    raise StudentError(f"a {type(value).__name__} cannot be passed to the student's code")


class StudentObject:
    """An object that lives in the student's kernel; never equal to anything here."""

    __slots__ = ("_student", "_number", "_type")

    def __init__(self, student: Student, number: int, type_name: str) -> None:
        object.__setattr__(self, "_student", student)
        object.__setattr__(self, "_number", number)
        object.__setattr__(self, "_type", type_name)

    def _ask(self, op: str, **fields):
        student = object.__getattribute__(self, "_student")
        return student.ask({"op": op, "ref": object.__getattribute__(self, "_number"),
                            **fields})

    def __call__(self, *args, **kwargs):
        student = object.__getattribute__(self, "_student")
        return self._ask("call", args=[student.encode_argument(a) for a in args],
                         kwargs=[[k, student.encode_argument(v)] for k, v in kwargs.items()])

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._ask("getattr", name=name)

    def __getitem__(self, key):
        student = object.__getattribute__(self, "_student")
        return self._ask("getitem", key=student.encode_argument(key))

    def __len__(self) -> int:
        length = self._ask("len")
        if type(length) is not int:
            raise TypeError("the student's object reported a length that is not an int")
        return length

    def __iter__(self):
        items = self._ask("list")
        if type(items) is not list:
            raise TypeError("the student's object did not list as a list")
        return iter(items)

    def __contains__(self, item) -> bool:
        student = object.__getattribute__(self, "_student")
        answer = self._ask("contains", item=student.encode_argument(item))
        if type(answer) is not bool:
            raise TypeError("the student's object answered 'in' with something not a bool")
        return answer

    def __bool__(self) -> bool:
        raise TypeError(f"a {object.__getattribute__(self, '_type')} from the student's code "
                        "has no truth value in a test; compare a plain value")

    def __setattr__(self, name: str, value) -> None:
        raise TypeError("the tests cannot change the student's objects")

    def __repr__(self) -> str:
        return f"<student's {object.__getattribute__(self, '_type')}>"


class TestNamespace(dict):
    """The tests' globals: own names first, then this interpreter's builtins, then the student.

    A dict subclass makes CPython take the slow path of ``LOAD_GLOBAL``/``LOAD_NAME``, which
    calls :meth:`__missing__` for a name the tests never defined.
    """

    def __init__(self, student: Student) -> None:
        super().__init__(__name__="__main__", __builtins__=builtins,
                         get_ipython=lambda: MagicsIgnored())
        self.student = student

    def __missing__(self, name: str):
        if name in vars(builtins):
            return vars(builtins)[name]
        if name.startswith("__"):
            raise KeyError(name)
        try:
            return self.student.lookup(name)
        except NameError:
            raise KeyError(name) from None


class MagicsIgnored:
    """``get_ipython()`` for cells with IPython syntax: magics and shell escapes do nothing here.

    Given cells often start with ``%matplotlib inline``; run as plain Python they would fail and
    take the names they define with them. Turned into ``get_ipython().run_line_magic(...)`` by
    IPython's own transformer, they become no-ops in the test process.
    """

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return lambda *args, **kwargs: None


def python_source(source: str) -> str:
    """``source`` with IPython syntax (``%magic``, ``!command``) turned into calls."""
    if not any(line.lstrip().startswith(("%", "!")) for line in source.splitlines()):
        return source
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


def run_cell(source: str, namespace: dict) -> list[dict]:
    """Execute one cell like IPython would (the last bare expression is the cell's result);
    return its outputs in nbformat's shape: streams, an execute_result, or an error."""
    outputs: list[dict] = []
    stdout, stderr = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = stdout, stderr
    try:
        tree = ast.parse(python_source(source), filename="<test cell>")
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, "<test cell>", "exec"), namespace)
        result = None
        if last is not None:
            expression = ast.Expression(last.value)
            result = eval(compile(expression, "<test cell>", "eval"), namespace)
        error = None
    except BaseException as caught:  # the cell's own failure is its output, as in a kernel
        result, error = None, caught
    finally:
        sys.stdout, sys.stderr = saved
    for name, buffer in (("stdout", stdout), ("stderr", stderr)):
        if buffer.getvalue():
            outputs.append({"output_type": "stream", "name": name, "text": buffer.getvalue()})
    if error is not None:
        lines = traceback.format_exception(type(error), error, error.__traceback__)
        outputs.append({"output_type": "error", "ename": type(error).__name__,
                        "evalue": str(error), "traceback": [line.rstrip("\n") for line in lines
                                                            if "judge_program" not in line]})
    elif result is not None:
        outputs.append({"output_type": "execute_result", "execution_count": None,
                        "metadata": {}, "data": {"text/plain": repr(result)}})
    return outputs


def main(codec: types.ModuleType) -> None:
    """Serve ``run`` requests until the grader closes stdin."""
    reader = os.fdopen(os.dup(0), "rb")
    writer = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    sys.dont_write_bytecode = True
    channel = Channel(reader, writer)
    namespace = TestNamespace(Student(channel, codec))
    channel.send({"op": "ready"})
    while (message := channel.receive()) is not None:
        if message.get("op") == "run":
            channel.send({"op": "done", "outputs": run_cell(message["code"], namespace)})


def launcher_code(codec_source: str, program_source: str) -> str:
    """The ``python -I -c`` argument: both sources compiled into modules, then :func:`main`."""
    return (
        "import types\n"
        "codec = types.ModuleType('academy_plain_values')\n"
        f"exec(compile({codec_source!r}, 'academy_plain_values', 'exec'), codec.__dict__)\n"
        "program = types.ModuleType('judge_program')\n"
        f"exec(compile({program_source!r}, 'judge_program', 'exec'), program.__dict__)\n"
        "program.main(codec)\n")
