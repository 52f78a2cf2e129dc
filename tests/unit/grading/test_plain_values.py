"""The only form in which values cross from the student's kernel to the tests: plain data.

Subclasses arrive as their base value whatever their overrides say; malformed or oversized
messages are refused with PlainValueError, never recursed into or trusted.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from grading.judge.plain_values import PlainValueError, decode, dumps, encode, loads


def round_trip(value):
    return decode(loads(dumps(encode(value))))


@pytest.mark.parametrize("value", [None, True, 3, -2.5, "ok", [1, [2.0]], (1, "a"), {"k": [1]},
                                   {1, 2}, frozenset({3}), 1 + 2j, b"\x00\xff",
                                   {(1, 2): "tuple key"}])
def test_plain_values_round_trip(value) -> None:
    assert round_trip(value) == value
    assert type(round_trip(value)) is type(value)


def test_numeric_arrays_and_numpy_scalars_round_trip() -> None:
    array = np.arange(6, dtype=np.float64).reshape(2, 3) / 3
    back = round_trip(array)
    assert back.dtype == array.dtype and back.shape == (2, 3) and np.array_equal(back, array)
    assert np.array_equal(round_trip(np.array([1 + 1j, 2])), np.array([1 + 1j, 2]))
    assert type(round_trip(np.float64(2.5))) is float
    assert round_trip(float("inf")) == math.inf and math.isnan(round_trip(float("nan")))


class LyingFloat(float):
    def __eq__(self, other):
        return True

    def __float__(self):
        return 7.6686

    __hash__ = float.__hash__


class LyingArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(self.shape, dtype=bool)


def test_subclasses_arrive_as_their_base_value_ignoring_overrides() -> None:
    value = round_trip(LyingFloat(0.0))
    assert type(value) is float and value == 0.0
    array = round_trip(np.zeros(3).view(LyingArray))
    assert type(array) is np.ndarray and not (array == np.ones(3)).all()
    assert type(round_trip([LyingFloat(1.0)])[0]) is float


def test_objects_that_are_not_plain_need_a_reference() -> None:
    class AlwaysEqual:
        def __eq__(self, other):
            return True

    with pytest.raises(PlainValueError):
        encode(AlwaysEqual())
    assert encode(AlwaysEqual(), lambda obj: {"__ref__": 1}) == {"__ref__": 1}
    with pytest.raises(PlainValueError):
        decode({"__ref__": 1})


@pytest.mark.parametrize("data", [
    {"x": 1},                                            # a plain dict is never a value
    {"__tuple__": [1], "__set__": [2]},                  # two markers
    {"__ndarray__": {"dtype": "O", "shape": [1], "data": [1]}},      # object arrays
    {"__ndarray__": {"dtype": "<f8", "shape": [10**9], "data": [1]}},  # shape lies
    {"__ndarray__": {"dtype": "<f8", "shape": [2], "data": ["a", "b"]}},
    {"__complex__": ["1", 2]},
    {"__dict__": [[1]]},
    {"__bytes__": "not base64!"},
])
def test_malformed_messages_are_refused(data) -> None:
    with pytest.raises((PlainValueError, ValueError)):
        decode(data)


def test_nesting_and_size_are_bounded() -> None:
    deep: list = []
    for _ in range(200):
        deep = [deep]
    with pytest.raises(PlainValueError):
        decode(deep)
    with pytest.raises(PlainValueError):
        encode(deep)
    with pytest.raises(PlainValueError):
        loads("[" * 100_000)


def test_a_test_result_outside_its_points_is_an_error_not_a_grader_crash() -> None:
    from nbformat import NotebookNode

    from grading.execute import checked_test_outputs

    def result(text: str) -> NotebookNode:
        return NotebookNode(output_type="execute_result", data={"text/plain": text},
                            metadata={}, execution_count=None)

    kept = checked_test_outputs([result("1.5"), result("'text'")], points=2)
    assert [o.output_type for o in kept] == ["execute_result", "execute_result"]
    for text in ("99", "-1", "nan"):
        (checked,) = checked_test_outputs([result(text)], points=2)
        assert checked.output_type == "error" and checked.ename == "ScoreOutOfRange"
