"""Late penalties against hand-computed examples (10 % per started day, capped at 50 %)."""

from __future__ import annotations

import datetime

import pytest

from grading.latepolicy import LatePolicy

DUE = datetime.datetime(2026, 11, 1, 12, 0, 0)
POLICY = LatePolicy(percent_per_day=10.0, cap_percent=50.0)


@pytest.mark.parametrize(("late_by", "days", "penalty"), [
    (datetime.timedelta(seconds=-1), 0, 0.0),    # early
    (datetime.timedelta(0), 0, 0.0),             # exactly on time
    (datetime.timedelta(seconds=1), 1, 0.4),     # 1 s late is a started day: 10 % of 4
    (datetime.timedelta(days=1), 1, 0.4),
    (datetime.timedelta(days=2, hours=1), 3, 1.2),
    (datetime.timedelta(days=9), 9, 2.0),        # capped at 50 % of 4
])
def test_penalty_per_started_day_with_cap(late_by: datetime.timedelta, days: int,
                                          penalty: float) -> None:
    assert POLICY.days_late(DUE + late_by, DUE) == days
    assert POLICY.penalty_points(4.0, DUE + late_by, DUE) == penalty


def test_grace_period_forgives_a_slow_upload() -> None:
    policy = LatePolicy(percent_per_day=10.0, cap_percent=50.0, grace_s=600)
    assert policy.days_late(DUE + datetime.timedelta(minutes=9), DUE) == 0
    assert policy.days_late(DUE + datetime.timedelta(minutes=11), DUE) == 1


def test_no_due_date_or_no_submission_means_no_penalty() -> None:
    assert POLICY.penalty_points(4.0, None, DUE) == 0.0
    assert POLICY.penalty_points(4.0, DUE + datetime.timedelta(days=3), None) == 0.0
