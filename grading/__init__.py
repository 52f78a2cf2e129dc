"""Sandboxed, parallel autograding of nbgrader assignments.

Pipeline: :mod:`grading.course` (load) -> :mod:`grading.collect` -> :mod:`grading.autograde`
(:mod:`grading.sanitize`, :mod:`grading.execute` in a :mod:`grading.runner`, whose tests run in
:mod:`grading.judge`; :mod:`grading.record`) -> :mod:`grading.feedback` -> :mod:`grading.export`.
Entry point: :func:`grade_assignment`.

The entry points are loaded on first use: importing any ``grading`` module (the operator CLI's
command table, the hub's configuration) must not pull in nbgrader and jupyter_client, which
take seconds to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grading.pipeline import GradingRun, grade_assignment, grade_assignment_async

__all__ = ["GradingRun", "grade_assignment", "grade_assignment_async"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from grading import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'grading' has no attribute {name!r}")
