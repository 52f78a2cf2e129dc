"""Where "now" comes from for live views: the wall clock or a replay at N x speed.

Views call ``clock()`` and get a UTC datetime, so a lesson can replay a recorded day at 60x and a
test can hand in a fixed instant: the same injectable-clock idea as :mod:`telemetry.replay`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

UtcClock = Callable[[], datetime]


def wall_clock() -> datetime:
    """The real UTC time."""
    return datetime.now(UTC)


@dataclass
class ReplayClock:
    """Time that starts at ``start`` and runs ``speed`` times faster than the monotonic clock."""

    start: datetime
    speed: float = 1.0
    monotonic: Callable[[], float] = time.monotonic
    _origin_s: float = field(default=-1.0, repr=False)

    def __call__(self) -> datetime:
        now_s = self.monotonic()
        if self._origin_s < 0:
            self._origin_s = now_s
        return self.start + timedelta(seconds=(now_s - self._origin_s) * self.speed)
