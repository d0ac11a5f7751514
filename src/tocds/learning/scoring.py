"""Scoring and mastery, independent of who answers (a citizen, a class, a trainee).

Thresholds are data (`Skill.pass_mark`, `Skill.task_mark`), compared exactly in integers:
`right * 100 >= mark * total`, so 85% of 20 questions is 17 right, never a rounding accident.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol


class QuestionLike(Protocol):
    pk: int
    answer: int
    task_id: int


@dataclass(frozen=True)
class TaskScore:
    task_id: int
    right: int
    total: int
    mastered: bool


@dataclass(frozen=True)
class Score:
    right: int
    total: int
    percent: int  # rounded down, for display
    passed: bool
    tasks: tuple[TaskScore, ...]
    correct: Mapping[int, bool]  # question id -> answered right


def reaches(right: int, total: int, mark: int) -> bool:
    return total > 0 and right * 100 >= mark * total


def score(
    questions: Iterable[QuestionLike],
    answers: Mapping[int, int | None],
    *,
    pass_mark: int,
    task_mark: int,
) -> Score:
    """Score `answers` (question id → chosen index, None or missing: not answered) over
    `questions`. A task is mastered when its share of right answers reaches `task_mark`; the
    whole passes when the share over all questions reaches `pass_mark`."""
    correct: dict[int, bool] = {}
    per_task: dict[int, list[int]] = {}
    for question in questions:
        ok = answers.get(question.pk) == question.answer
        correct[question.pk] = ok
        tally = per_task.setdefault(question.task_id, [0, 0])
        tally[0] += ok
        tally[1] += 1
    right, total = sum(correct.values()), len(correct)
    tasks = tuple(
        TaskScore(task_id=task_id, right=r, total=t, mastered=reaches(r, t, task_mark))
        for task_id, (r, t) in per_task.items()
    )
    return Score(
        right=right,
        total=total,
        percent=(right * 100 // total) if total else 0,
        passed=reaches(right, total, pass_mark),
        tasks=tasks,
        correct=correct,
    )
