"""The quiz part of a course's completion rule.

A course may require passing the learning module's self-assessment of one skill
(`Course.quiz_skill`): a person has passed it when an attempt of that skill made with their
account passed its pass mark (`tocds.learning.services.has_passed_quiz`).
"""

from tocds.learning.services import has_passed_quiz as _learning_has_passed


def has_passed_quiz(*, person, skill: str) -> bool:
    return _learning_has_passed(person=person, skill=skill)
