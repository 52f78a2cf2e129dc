"""One percentile rule for every benchmark, so their p95 figures can be compared.

Nearest rank: the smallest sample with at least ``fraction`` of the samples at or below it. It
is always a time that was actually measured (no interpolation between two runs), which is what
a reader of "p95 2.3 s" expects; with 20 samples the p95 is the 19th fastest.
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def nearest_rank(values: Iterable[float], fraction: float) -> float | None:
    """The ``fraction`` percentile (0 < fraction <= 1) of ``values``; None for no values."""
    if not 0 < fraction <= 1:
        raise ValueError(f"percentile fraction must be in (0, 1], got {fraction!r}")
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]
