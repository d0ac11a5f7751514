"""A stranger cannot lock the owner out; spraying one account from many addresses is slowed;
no answer to a signed-in user may be kept by a cache."""

import time

import pytest
from django.test import Client

from tocds.conftest import PASSWORD, World
from tocds.people import throttle

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


def _sign_in(address: str, username: str, password: str):
    return Client(REMOTE_ADDR=address).post(
        "/accounts/login/", {"username": username, "password": password}
    )


def _token(address: str, username: str, password: str):
    return Client(REMOTE_ADDR=address).post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_the_owner_signs_in_from_their_address_while_a_stranger_is_locked(world: World):
    for _ in range(5):
        _sign_in(ATTACKER, "officer-a", "wrong")
    assert _sign_in(ATTACKER, "officer-a", PASSWORD).status_code == 429  # the stranger is locked
    assert _sign_in(OWNER, "officer-a", PASSWORD).status_code == 302  # the owner is not


def test_the_token_endpoint_locks_the_stranger_not_the_owner(world: World):
    for _ in range(5):
        _token(ATTACKER, "officer-a", "wrong")
    assert _token(ATTACKER, "officer-a", PASSWORD).status_code == 429
    assert _token(OWNER, "officer-a", PASSWORD).status_code == 200


def test_spraying_one_account_from_many_addresses_is_slowed(world: World, settings, monkeypatch):
    settings.SIGNIN_SLOWDOWN_AFTER = 4
    for n in range(4):
        assert _sign_in(f"203.0.113.{n + 1}", "officer-a", "wrong").status_code == 200
    slowed = _sign_in(OWNER, "officer-a", PASSWORD)
    assert slowed.status_code == 200  # the form again, with the reason
    assert "Chờ" in slowed.content.decode()
    assert _token("203.0.113.99", "officer-a", PASSWORD).status_code == 429
    assert _sign_in(OWNER, "officer-b", PASSWORD).status_code == 302  # other accounts go on
    later = time.time() + throttle.MAX_WAIT + 1
    monkeypatch.setattr(throttle.time, "time", lambda: later)
    assert _sign_in(OWNER, "officer-a", PASSWORD).status_code == 302
    assert throttle.wait_seconds("officer-a") == 0  # success clears the count


@pytest.mark.parametrize(
    "path", ["/", "/teams/", "/reports/", "/progress/", "/visits/", "/places/"]
)
def test_pages_for_a_signed_in_officer_are_never_cached(world: World, path):
    response = world.client_for("officer_a").get(path, follow=True)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_field_app_of_a_team_member_is_never_cached_by_the_browser(world: World):
    response = world.client_for("leader").get("/field/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_api_answers_with_personal_data_are_never_cached(world: World):
    from tocds.people.tokens import issue_token

    token, _record = issue_token(user=world.officer_a)
    response = Client().get(
        f"/api/v1/teams/{world.team_a.pk}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_public_lesson_pictures_keep_their_own_caching(world: World):
    """What a view marks public (no personal data) stays cacheable for everyone."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from tocds.core.middleware import PrivateCacheMiddleware

    request = RequestFactory().get("/learn/pictures/x.svg")
    request.user = world.officer_a
    public = HttpResponse()
    public["Cache-Control"] = "public, max-age=3600"
    assert (
        PrivateCacheMiddleware(lambda r: public)(request)["Cache-Control"] == "public, max-age=3600"
    )
    private = PrivateCacheMiddleware(lambda r: HttpResponse())(request)
    assert private["Cache-Control"] == "private, no-store"
