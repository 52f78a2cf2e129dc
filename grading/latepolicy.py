"""Late penalties: a percentage of the score per started day late, up to a cap.

Applied when grades are exported, not written into the gradebook, so changing a course's policy
needs no re-grading and nbgrader's raw scores stay what the tests gave. Each course may set its
own policy in course.toml's ``[late_policy]``; otherwise the platform's ACADEMY_LATE_* apply.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from foundation.config.grading import GradingConfig
from foundation.errors import ConfigError

SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class LatePolicy:
    """``percent_per_day`` off per started day after ``grace_s``, at most ``cap_percent``."""

    percent_per_day: float
    cap_percent: float
    grace_s: int = 0

    @classmethod
    def from_config(cls, config: GradingConfig) -> LatePolicy:
        return cls(percent_per_day=config.late_penalty_percent_per_day,
                   cap_percent=config.late_penalty_cap_percent, grace_s=config.late_grace_s)

    @classmethod
    def for_course(cls, table: dict | None, config: GradingConfig, source: str) -> LatePolicy:
        """The course's ``[late_policy]`` table of course.toml over the platform's defaults.

        Keys: ``percent_per_day`` and ``cap_percent`` (0-100), ``grace_seconds`` (>= 0). A bad
        value raises :class:`ConfigError` naming ``source`` (the file) and the key.
        """
        policy = cls.from_config(config)
        if not table:
            return policy
        unknown = set(table) - {"percent_per_day", "cap_percent", "grace_seconds"}
        if unknown:
            raise ConfigError(f"{source} [late_policy]", sorted(unknown)[0],
                              "unknown key; use percent_per_day, cap_percent, grace_seconds")
        values = {"percent_per_day": policy.percent_per_day, "cap_percent": policy.cap_percent,
                  "grace_seconds": policy.grace_s}
        for key, value in table.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(f"{source} [late_policy] {key}", value, "must be a number")
            upper = None if key == "grace_seconds" else 100
            if value < 0 or (upper is not None and value > upper):
                raise ConfigError(f"{source} [late_policy] {key}", value,
                                  "must be between 0 and 100" if upper else "must not be negative")
            values[key] = value
        return cls(percent_per_day=float(values["percent_per_day"]),
                   cap_percent=float(values["cap_percent"]), grace_s=int(values["grace_seconds"]))

    def days_late(self, submitted: datetime.datetime | None,
                  due: datetime.datetime | None) -> int:
        """Started days past the due date plus grace: 1 s late counts as one day."""
        if submitted is None or due is None:
            return 0
        seconds_late = (submitted - due).total_seconds() - self.grace_s
        return max(0, math.ceil(seconds_late / SECONDS_PER_DAY))

    def penalty_percent(self, days_late: int) -> float:
        return min(self.cap_percent, days_late * self.percent_per_day)

    def penalty_points(self, raw_score: float, submitted: datetime.datetime | None,
                       due: datetime.datetime | None) -> float:
        """Points taken off ``raw_score``, rounded to 0.01 like the exported scores."""
        percent = self.penalty_percent(self.days_late(submitted, due))
        return round(raw_score * percent / 100.0, 2)
