"""Concurrent clicks on PostgreSQL: the report row is locked, one transition wins."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tocds.reports import services
from tocds.reports.models import Report, ReportEvent, ReportStatus
from tocds.reports.tests.helpers import report_a

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks all)"
    ),
]


@pytest.fixture
def slow_updates():
    """Each UPDATE of a report sleeps 0.2 s in the database, so that two requests overlap
    between reading the status and writing the new one (without the row lock, both win)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION reports_slow() RETURNS trigger AS $$ "
            "BEGIN PERFORM pg_sleep(0.2); RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER reports_slow BEFORE UPDATE ON reports_report "
            "FOR EACH ROW EXECUTE FUNCTION reports_slow()"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS reports_slow ON reports_report")
        cursor.execute("DROP FUNCTION IF EXISTS reports_slow()")


def _race(world, report: Report, actions: list[tuple[object, str]]) -> list[str]:
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(actor, action):
        try:
            barrier.wait()
            services.transition(actor=actor, report=report, action=action, comment="x")
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
            import traceback

            traceback.print_exc()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=a) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_accept_and_return_at_the_same_time_one_wins(world, slow_updates):
    report = report_a(world)
    services.transition(actor=world.officer_a, report=report, action="submit")
    outcomes = _race(
        world,
        report,
        [(world.province_admin, "accept"), (world.province_admin, "return")] * 2,
    )
    assert outcomes == ["ok", "refused", "refused", "refused"]
    report.refresh_from_db()
    assert report.status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
    assert ReportEvent.objects.filter(report=report).count() == 2  # submit + the winner


def test_double_submit_is_recorded_once(world, slow_updates):
    report = report_a(world)
    outcomes = _race(world, report, [(world.officer_a, "submit")] * 3)
    assert outcomes == ["ok", "refused", "refused"]
    assert ReportEvent.objects.filter(report=report, action="submit").count() == 1
