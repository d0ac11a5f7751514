"""Scoring and mastery rules: per task, thresholds as data, exact integer comparison, retakes."""

from dataclasses import dataclass

import pytest

from tocds.learning import services
from tocds.learning.models import Attempt, Skill, TaskResult
from tocds.learning.scoring import reaches, score


@dataclass
class Q:
    pk: int
    answer: int
    task_id: int


QUESTIONS = [Q(1, 0, 10), Q(2, 1, 10), Q(3, 0, 20), Q(4, 2, 20)]


def test_each_task_is_scored_on_its_own_questions():
    result = score(QUESTIONS, {1: 0, 2: 1, 3: 0, 4: 0}, pass_mark=85, task_mark=100)
    assert {t.task_id: (t.right, t.total, t.mastered) for t in result.tasks} == {
        10: (2, 2, True),
        20: (1, 2, False),
    }
    assert (result.right, result.total, result.percent, result.passed) == (3, 4, 75, False)


def test_marks_are_data_not_code():
    answers = {1: 0, 2: 1, 3: 0, 4: 0}
    assert score(QUESTIONS, answers, pass_mark=75, task_mark=50).passed is True
    assert all(t.mastered for t in score(QUESTIONS, answers, pass_mark=75, task_mark=50).tasks)


def test_unanswered_and_out_of_range_answers_are_wrong():
    result = score(QUESTIONS, {1: None, 2: 7}, pass_mark=50, task_mark=50)
    assert result.right == 0 and not result.passed


@pytest.mark.parametrize(
    ("right", "total", "mark", "expected"),
    [
        (17, 20, 85, True),
        (16, 20, 85, False),
        (6, 7, 85, True),
        (5, 6, 85, False),
        (0, 0, 1, False),
    ],
)
def test_threshold_is_compared_exactly(right, total, mark, expected):
    assert reaches(right, total, mark) is expected


def _answers(skill: Skill, right: set[str]) -> dict[int, int]:
    """Right answers for the question codes in `right`, a wrong one for the others."""
    return {
        q.pk: q.answer if q.code in right else (q.answer + 1) % len(q.choices)
        for q in services.quiz_questions(skill)
    }


def test_retakes_are_kept_each_with_its_own_per_task_results(content):
    skill = Skill.objects.get(code="public_services")  # pass 75%, task 100%
    first = services.record_attempt(skill=skill, answers=_answers(skill, {"dvc-q01", "dvc-q02"}))
    second = services.record_attempt(
        skill=skill, answers=_answers(skill, {"dvc-q01", "dvc-q02", "dvc-q03", "dvc-q04"})
    )
    assert (first.percent, first.passed) == (50, False)
    assert (second.percent, second.passed) == (100, True)
    mastered = dict(TaskResult.objects.filter(attempt=first).values_list("task__code", "mastered"))
    assert mastered == {"DVC-01": True, "DVC-04": False}
    assert Attempt.objects.filter(skill=skill).count() == 2


def test_changing_the_pass_mark_applies_to_new_attempts_only(content, world):
    skill = Skill.objects.get(code="public_services")
    three = {"dvc-q01", "dvc-q02", "dvc-q03"}
    before = services.record_attempt(skill=skill, answers=_answers(skill, three))
    services.save_skill_marks(actor=world.province_admin, skill=skill, pass_mark=80, task_mark=100)
    after = services.record_attempt(skill=skill, answers=_answers(skill, three))
    assert (before.passed, before.pass_mark) == (True, 75)
    assert (after.passed, after.pass_mark) == (False, 80)
