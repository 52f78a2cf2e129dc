"""A course's own late policy (course.toml [late_policy]) over the platform's defaults."""

from __future__ import annotations

import datetime

import pytest

from foundation.config.grading import GradingConfig
from foundation.errors import ConfigError
from grading.latepolicy import LatePolicy

DUE = datetime.datetime(2026, 11, 1, 12, 0, 0)


def test_course_table_overrides_the_defaults():
    config = GradingConfig(late_penalty_percent_per_day=10.0, late_penalty_cap_percent=50.0)
    policy = LatePolicy.for_course({"percent_per_day": 25, "grace_seconds": 600}, config,
                                   "courses/x/course.toml")
    assert policy == LatePolicy(percent_per_day=25.0, cap_percent=50.0, grace_s=600)
    # 9 minutes late is within the grace; 3 days late is 75 % off, capped at 50 %.
    assert policy.penalty_points(10.0, DUE + datetime.timedelta(minutes=9), DUE) == 0.0
    assert policy.penalty_points(10.0, DUE + datetime.timedelta(days=2, hours=1), DUE) == 5.0
    assert LatePolicy.for_course(None, config, "f") == LatePolicy.from_config(config)


@pytest.mark.parametrize(("table", "message"), [
    ({"percent_per_day": 120}, "between 0 and 100"),
    ({"cap_percent": -1}, "between 0 and 100"),
    ({"grace_seconds": -5}, "must not be negative"),
    ({"percent_per_day": "ten"}, "must be a number"),
    ({"percent_per_day": True}, "must be a number"),
    ({"per_day": 10}, "unknown key"),
])
def test_bad_course_policy_names_file_and_key(table, message):
    with pytest.raises(ConfigError, match=message) as raised:
        LatePolicy.for_course(table, GradingConfig(), "courses/orbits/course.toml")
    assert "courses/orbits/course.toml" in str(raised.value)
