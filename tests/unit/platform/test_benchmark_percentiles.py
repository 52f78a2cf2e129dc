"""The benchmarks' shared percentile rule: nearest rank, always a measured sample."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[3] / "benchmarks" / "percentiles.py"
_spec = importlib.util.spec_from_file_location("benchmark_percentiles", _PATH)
percentiles = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(percentiles)


@pytest.mark.parametrize(("values", "fraction", "expected"), [
    (list(range(1, 21)), 0.95, 19),   # 20 samples: the 19th fastest
    (list(range(1, 101)), 0.95, 95),  # the textbook nearest-rank example
    ([15, 20, 35, 40, 50], 0.30, 20),  # Wikipedia's "nearest-rank method" worked example
    ([15, 20, 35, 40, 50], 1.0, 50),
    ([7.5], 0.95, 7.5),
    ([3, 1, 2], 0.5, 2),
])
def test_nearest_rank(values, fraction, expected):
    assert percentiles.nearest_rank(values, fraction) == expected


def test_no_samples_is_none_and_a_bad_fraction_is_an_error():
    assert percentiles.nearest_rank([], 0.95) is None
    with pytest.raises(ValueError, match="fraction"):
        percentiles.nearest_rank([1.0], 95)
