"""Rules that must hold under concurrent writes, proven on PostgreSQL (SQLite serialises
writers)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tocds.conftest import World
from tocds.teams.models import Membership, Team
from tocds.teams.services import MemberDetails, add_member, create_team

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


def test_one_person_joins_only_one_of_two_teams_added_at_once(world: World):
    details = MemberDetails(full_name="Hà Văn Cùng Lúc", phone="+84900000099")
    results = run_together(
        lambda: add_member(actor=world.province_admin, team=world.team_a2, details=details),
        lambda: add_member(actor=world.province_admin, team=world.team_b, details=details),
    )
    assert Membership.objects.active().filter(person__phone="+84900000099").count() == 1
    assert sum(isinstance(r, Membership) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1


def test_one_hamlet_gets_only_one_of_two_teams_created_at_once(world: World):
    hamlet = world.commune_a.children.get(code="01654-003")
    results = run_together(
        *[
            lambda n=n: create_team(actor=world.province_admin, place=hamlet, name=f"Tổ {n}")
            for n in range(3)
        ]
    )
    assert Team.objects.active().filter(place=hamlet).count() == 1
    assert sum(isinstance(r, Team) for r in results) == 1
    assert all(isinstance(r, (Team, ValidationError)) for r in results)


def test_a_member_moved_to_two_teams_at_once_lands_in_one(world: World):
    from tocds.teams.services import move_member

    results = run_together(
        lambda: move_member(
            actor=world.province_admin, membership=world.member_a, to_team=world.team_a2
        ),
        lambda: move_member(
            actor=world.province_admin, membership=world.member_a, to_team=world.team_b
        ),
    )
    person = world.member_a.person
    assert Membership.objects.active().filter(person=person).count() == 1
    assert sum(isinstance(r, Membership) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1


def test_two_leaders_named_at_once_leave_one_leader(world: World):
    from tocds.teams.services import update_membership

    def promote(membership):
        person = membership.person
        details = MemberDetails(full_name=person.full_name, phone=person.phone, role="leader")
        return update_membership(actor=world.province_admin, membership=membership, details=details)

    extra = add_member(
        actor=world.province_admin,
        team=world.team_b,
        details=MemberDetails(full_name="Lý Văn Hai", phone="+84900000098"),
    )
    results = run_together(lambda: promote(world.member_b), lambda: promote(extra))
    assert Membership.objects.active().filter(team=world.team_b, role="leader").count() == 1
    errors = [r for r in results if isinstance(r, ValidationError)]
    assert len(errors) == 1
    assert "role" in errors[0].message_dict
