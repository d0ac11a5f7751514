"""Two officers pressing at once on PostgreSQL: the nomination's row (and the quota's) is
locked, one move wins, and a quota is never overrun."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tocds.certificates.services import certificates_of
from tocds.honours import services
from tocds.honours.models import Nomination, NominationEvent, Status
from tocds.honours.tests.factories import bring_to, make_round, nominate_team

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks all)"
    ),
]


@pytest.fixture
def slow_updates():
    """Each UPDATE of a nomination sleeps 0.2 s in the database, so that two requests overlap
    between reading the status and writing the new one (without the row lock, both win)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION honours_slow() RETURNS trigger AS $$ "
            "BEGIN PERFORM pg_sleep(0.2); RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER honours_slow BEFORE UPDATE ON honours_nomination "
            "FOR EACH ROW EXECUTE FUNCTION honours_slow()"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS honours_slow ON honours_nomination")
        cursor.execute("DROP FUNCTION IF EXISTS honours_slow()")


def _race(calls) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(kwargs):
        try:
            barrier.wait()
            services.move(**kwargs)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_approvals_at_once_record_one_decision(world, slow_updates):
    nomination = bring_to(world, nominate_team(world, make_round(world)), "proposed")
    decision = {"decision_number": "15/QĐ-UBND", "decision_date": date(2026, 11, 20)}
    calls = [
        {"actor": world.chairman, "nomination": nomination, "action": "approve", **decision},
        {"actor": world.chairman, "nomination": nomination, "action": "approve", **decision},
        {
            "actor": world.chairman,
            "nomination": nomination,
            "action": "reject",
            "comment": "x",
            **decision,
        },
    ]
    assert _race(calls) == ["ok", "refused", "refused"]
    nomination.refresh_from_db()
    assert nomination.status in (Status.APPROVED, Status.NOT_APPROVED)
    decided = NominationEvent.objects.filter(
        nomination=nomination, action__in=["approve", "reject"]
    )
    assert decided.count() == 1
    expected = 1 if nomination.status == Status.APPROVED else 0
    assert certificates_of(nomination).count() == expected


def test_two_selections_at_once_never_overrun_the_quota(world, slow_updates):
    round = make_round(world, quota=1)
    first = bring_to(world, nominate_team(world, round, world.team_a), "submitted")
    second = bring_to(world, nominate_team(world, round, world.team_b), "submitted")
    calls = [
        {"actor": world.dost, "nomination": first, "action": "select"},
        {"actor": world.dost, "nomination": second, "action": "select"},
    ]
    assert _race(calls) == ["ok", "refused"]
    assert Nomination.objects.filter(round=round, status=Status.SELECTED).count() == 1
