"""Changing one's own password: the old one first, the new one checked by Django's validators,
the session kept, the change recorded without the password."""

import pytest

from tocds.conftest import PASSWORD
from tocds.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_member_changes_their_password_and_stays_signed_in(world):
    client = world.client_for("member")
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Bản Giốc 2026 thác",
            "new_password2": "Bản Giốc 2026 thác",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/done/"
    world.member.refresh_from_db()
    assert world.member.check_password("Bản Giốc 2026 thác")
    assert client.get("/").status_code == 200  # still signed in
    event = AuditEvent.objects.get(action="password changed")
    assert event.actor == world.member
    assert "Bản Giốc" not in event.detail


@pytest.mark.parametrize("new", ["12345678", "password", "member-a1", "ngắn"])
def test_weak_passwords_are_refused(world, new):
    client = world.client_for("member")
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    world.member.refresh_from_db()
    assert world.member.check_password(PASSWORD)


def test_the_old_password_is_needed(world):
    client = world.client_for("member")
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "sai",
            "new_password1": "Bản Giốc 2026 thác",
            "new_password2": "Bản Giốc 2026 thác",
        },
    )
    assert response.status_code == 200
    world.member.refresh_from_db()
    assert world.member.check_password(PASSWORD)


def test_signed_out_visitors_are_sent_to_sign_in():
    from django.test import Client

    response = Client().get("/accounts/password/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
