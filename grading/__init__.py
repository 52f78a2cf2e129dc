"""Sandboxed, parallel autograding of nbgrader assignments.

Pipeline: :mod:`grading.course` (load) -> :mod:`grading.collect` -> :mod:`grading.autograde`
(:mod:`grading.sanitize`, :mod:`grading.execute` in a :mod:`grading.runner`, :mod:`grading.record`)
-> :mod:`grading.feedback` -> :mod:`grading.export`. Entry point: :func:`grade_assignment`.
"""

from grading.pipeline import GradingRun, grade_assignment, grade_assignment_async

__all__ = ["GradingRun", "grade_assignment", "grade_assignment_async"]
