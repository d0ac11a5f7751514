"""Members and enterprises pressing at once on PostgreSQL: a code is used once (a conditional
UPDATE), and an offer's quota is never overrun (its row is locked while claims are counted)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tocds.conftest import make_member, make_user
from tocds.partners import services
from tocds.partners.models import Redemption
from tocds.partners.tests.factories import make_offer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks all)"
    ),
]


@pytest.fixture
def slow_redemptions():
    """Each INSERT or UPDATE of a redemption sleeps 0.2 s in the database, so that requests
    overlap between reading and writing (without the lock or the condition, all would win)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION partners_slow() RETURNS trigger AS $$ "
            "BEGIN PERFORM pg_sleep(0.2); RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER partners_slow BEFORE INSERT OR UPDATE ON partners_redemption "
            "FOR EACH ROW EXECUTE FUNCTION partners_slow()"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS partners_slow ON partners_redemption")
        cursor.execute("DROP FUNCTION IF EXISTS partners_slow()")


def _race(function, calls) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(kwargs):
        try:
            barrier.wait()
            function(**kwargs)
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


def test_a_code_pressed_three_times_at_once_is_used_once(world, slow_redemptions):
    offer = make_offer(world)
    code = services.claim(actor=world.member, offer=offer)
    calls = [{"actor": world.partner, "redemption": code} for _ in range(3)]
    assert _race(services.use_code, calls) == ["ok", "refused", "refused"]
    code.refresh_from_db()
    assert code.used_at is not None


def test_members_claiming_at_once_never_overrun_the_quota(world, slow_redemptions):
    offer = make_offer(world, quota=2)
    members = [world.member, world.leader]
    for n in range(2):
        user = make_user(f"member-extra-{n}")
        make_member(world.team_a2, f"Thành viên thêm {n}", f"+8490000010{n}", user=user)
        members.append(user)
    calls = [{"actor": user, "offer": offer} for user in members]
    assert _race(services.claim, calls) == ["ok", "ok", "refused", "refused"]
    assert Redemption.objects.filter(offer=offer).count() == 2


def test_one_member_claiming_twice_at_once_gets_one_code(world, slow_redemptions):
    offer = make_offer(world)
    calls = [{"actor": world.member, "offer": offer} for _ in range(2)]
    assert _race(services.claim, calls) == ["ok", "refused"]
    assert Redemption.objects.filter(offer=offer).count() == 1
