"""Capacity under concurrent enrolments, proven on PostgreSQL (SQLite serialises writers)."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from tocds.conftest import World
from tocds.people.models import Person
from tocds.training.models import Enrolment, Session
from tocds.training.services import enrol_person
from tocds.training.tests.factories import make_course, make_session

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def run_together(*jobs) -> list[object]:
    """Start the jobs at the same moment on their own connections; return result or error."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # the test inspects what happened
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, j)) for i, j in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_enrolments_at_capacity_leave_exactly_capacity_enrolled(world: World):
    course = make_course(world.commune_a, "Lớp đông người")
    session = make_session(course, starts_at=timezone.now() + timedelta(days=1), capacity=5)
    people = [
        Person.objects.create(full_name=f"Người đăng ký {n}", phone=f"+849000005{n:02d}")
        for n in range(12)
    ]
    results = run_together(
        *[
            lambda p=p: enrol_person(
                actor=world.officer_a, session=session, person=p, audience="citizens"
            )
            for p in people
        ]
    )
    session.refresh_from_db()
    assert Enrolment.objects.active().filter(session=session).count() == 5
    assert session.enrolled_count == 5
    assert sum(isinstance(r, Enrolment) for r in results) == 5
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(refusals) == 7
    assert {e.code for e in refusals} == {"full"}


def test_one_person_enrolled_twice_at_once_takes_one_place(world: World):
    course = make_course(world.commune_a, "Lớp một chỗ")
    session = make_session(course, starts_at=timezone.now() + timedelta(days=1), capacity=5)
    person = world.member_a.person
    results = run_together(
        *[
            lambda: enrol_person(
                actor=world.officer_a, session=session, person=person, audience="team_members"
            )
            for _n in range(4)
        ]
    )
    session.refresh_from_db()
    assert Enrolment.objects.filter(session=session).count() == 1
    assert session.enrolled_count == 1
    assert sum(isinstance(r, Enrolment) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 3
    assert Session.objects.get(pk=session.pk).places_left == 4
