"""What grading one submission produced: scores per notebook and the reasons behind them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class NotebookResult:
    """Autograded score of one notebook of one student, with student-readable reasons.

    ``reasons`` explain lost points or stopped runs ("CPU time limit of 60 s exceeded", "test
    'speed_tests': AssertionError"); they also go into the student's feedback.
    """

    student: str
    notebook: str
    auto_score: float
    max_auto_score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubmissionResult:
    """All notebooks of one student's submission."""

    student: str
    notebooks: tuple[NotebookResult, ...] = field(default_factory=tuple)

    @property
    def auto_score(self) -> float:
        return sum(nb.auto_score for nb in self.notebooks)

    @property
    def max_auto_score(self) -> float:
        return sum(nb.max_auto_score for nb in self.notebooks)

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(f"{nb.notebook}: {reason}" for nb in self.notebooks for reason in nb.reasons)
