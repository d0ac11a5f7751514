"""Class quiz rules that must hold when many phones send at once, proven on PostgreSQL (SQLite
serialises writers)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tocds.conftest import World
from tocds.schools.models import QuizSubmission
from tocds.schools.services import open_quiz, submit_answers
from tocds.schools.tests.factories import school_world
from tocds.teams.tests.test_concurrency import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_a_full_class_takes_no_more_sheets_than_it_has_students(world: World):
    sw = school_world(world)
    sw.class_a.students = 3
    sw.class_a.save()
    quiz = open_quiz(actor=sw.teacher, school_class=sw.class_a, skill=sw.skill, minutes=20)
    results = run_together(
        *[
            lambda n=n: submit_answers(quiz=quiz, device_token=f"phone-{n}", answers={})
            for n in range(6)
        ]
    )
    assert QuizSubmission.objects.filter(quiz=quiz).count() == 3
    assert sum(isinstance(r, QuizSubmission) for r in results) == 3
    assert sum(isinstance(r, ValidationError) for r in results) == 3


def test_one_phone_sending_twice_at_once_is_kept_once(world: World):
    sw = school_world(world)
    quiz = open_quiz(actor=sw.teacher, school_class=sw.class_a, skill=sw.skill, minutes=20)
    results = run_together(
        *[lambda: submit_answers(quiz=quiz, device_token="same", answers={}) for _ in range(3)]
    )
    assert QuizSubmission.objects.filter(quiz=quiz).count() == 1
    assert sum(isinstance(r, QuizSubmission) for r in results) == 1
