"""The quiz part of a course's completion rule, behind one small interface.

A course may require passing the learning module's quiz of one skill (`Course.quiz_skill`).
The learning module (issue 4) is built in parallel; until it lands, the check is a function named
by the setting `TRAINING_QUIZ_CHECK` (a dotted path), by default `no_quiz_results` below, which
answers "not passed": a course that requires a quiz then completes for nobody, and its page
says why. When the learning module provides `has_passed_quiz(person, skill) -> bool`, point the
setting at it (or change the default here); nothing else in training changes.
"""

from collections.abc import Callable

from django.conf import settings
from django.utils.module_loading import import_string

QuizCheck = Callable[..., bool]  # (*, person, skill) -> bool


def no_quiz_results(*, person, skill: str) -> bool:
    """The stub: no quiz results are known yet, so nobody has passed."""
    return False


def quiz_check() -> QuizCheck:
    return import_string(getattr(settings, "TRAINING_QUIZ_CHECK", f"{__name__}.no_quiz_results"))


def has_passed_quiz(*, person, skill: str) -> bool:
    return bool(quiz_check()(person=person, skill=skill))


def quiz_results_available() -> bool:
    """False while the stub answers: pages say that quiz results are not connected yet."""
    return quiz_check() is not no_quiz_results
