"""Moodle, Canvas and totals tables against tables computed by hand.

Two assignments (a1 max 4, a2 max 10), three students; policy 10 % per started day, cap 50 %:

=========  ==========================  ==========================  =====  =======
student    a1                          a2                          total  percent
=========  ==========================  ==========================  =====  =======
ada        4, on time -> 4             7.5, 1 day late -> 6.75     10.75  76.79
bob        3, 3 days late -> 2.1       no submission -> 0          2.1    15
cy         0, on time -> 0             10, 12 days late -> 5 (cap) 5      35.71
=========  ==========================  ==========================  =====  =======

(percent of 14 points; 10.75/14 = 76.785..., 2.1/14 = 15, 5/14 = 35.714...)
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from grading.export import (
    ScoreRow,
    apply_late_policy,
    canvas_table,
    moodle_table,
    totals_table,
    write_csv,
)
from grading.latepolicy import LatePolicy

DUE = datetime.datetime(2026, 11, 1, 12, 0)
DAY = datetime.timedelta(days=1)


def row(student: str, assignment: str, raw: float, late_days: float | None,
        names: tuple[str, str] = ("", "")) -> ScoreRow:
    return ScoreRow(student_id=student, first_name=names[0], last_name=names[1],
                    email=f"{student}@example.org", assignment=assignment, raw_score=raw,
                    max_score=4.0 if assignment == "a1" else 10.0,
                    submitted=None if late_days is None else DUE + late_days * DAY, due=DUE)


ROWS = [
    row("ada", "a1", 4.0, -1, ("Ada", "Lovelace")), row("ada", "a2", 7.5, 0.5, ("Ada", "Lovelace")),
    row("bob", "a1", 3.0, 2.2), row("bob", "a2", 0.0, None),
    row("cy", "a1", 0.0, 0), row("cy", "a2", 10.0, 12),
]
SCORES = apply_late_policy(ROWS, LatePolicy(percent_per_day=10.0, cap_percent=50.0))


def test_moodle_table() -> None:
    assert moodle_table(SCORES) == [
        ["Username", "ID number", "First name", "Last name", "Email address",
         "a1 (Real)", "a2 (Real)"],
        ["ada", "ada", "Ada", "Lovelace", "ada@example.org", "4", "6.75"],
        ["bob", "bob", "", "", "bob@example.org", "2.1", "0"],
        ["cy", "cy", "", "", "cy@example.org", "0", "5"],
    ]


def test_canvas_table_for_one_assignment() -> None:
    assert canvas_table(SCORES, ["a2"]) == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "a2"],
        ["    Points Possible", "", "", "", "", "10"],
        ["Lovelace, Ada", "", "ada", "ada", "", "6.75"],
        ["bob", "", "bob", "bob", "", "0"],
        ["cy", "", "cy", "cy", "", "5"],
    ]


def test_totals_table() -> None:
    assert totals_table(SCORES) == [
        ["student_id", "a1", "a2", "total", "max_total", "percent"],
        ["ada", "4", "6.75", "10.75", "14", "76.79"],
        ["bob", "2.1", "0", "2.1", "14", "15"],
        ["cy", "0", "5", "5", "14", "35.71"],
    ]


def test_written_csv_reads_back_identically(tmp_path: Path) -> None:
    table = moodle_table(SCORES)
    path = write_csv(tmp_path / "out" / "moodle.csv", table)
    with path.open(newline="") as handle:
        assert list(csv.reader(handle)) == table
