"""Two workers running the daily job at the same moment on PostgreSQL: the unique key per user,
kind, subject and day lets one insert win; the other changes nothing."""

import threading

import pytest
from django.db import connection, connections

from tocds.notifications.models import Notification
from tocds.notifications.tasks import make_reminders
from tocds.notifications.tests.helpers import DAY, conflicts

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]


@pytest.fixture
def slow_inserts():
    """Each INSERT of a notification sleeps 0.2 s in the database, so that both workers pass
    the "already told?" check before either commits (without the unique key, both insert)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION notifications_slow() RETURNS trigger AS $$ "
            "BEGIN PERFORM pg_sleep(0.2); RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER notifications_slow BEFORE INSERT ON notifications_notification "
            "FOR EACH ROW EXECUTE FUNCTION notifications_slow()"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS notifications_slow ON notifications_notification")
        cursor.execute("DROP FUNCTION IF EXISTS notifications_slow()")


def test_two_workers_at_once_make_each_notification_once(world, slow_inserts):
    conflicts(world)
    barrier = threading.Barrier(2)
    made: list[int] = []
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait()
            made.append(make_reminders(DAY))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = list(Notification.objects.values_list("user_id", "kind", "subject", "day"))
    assert len(rows) == len(set(rows)) == 4
    assert sum(made) == 4  # each notification counted by the one worker that made it
