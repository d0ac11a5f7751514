"""The REST API: bearer tokens (by username or phone), rate limit and lockout, scoped teams,
masked phone numbers, the OpenAPI document, and a query count that does not grow with teams."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tocds.conftest import PASSWORD, World, make_place
from tocds.people.models import ApiToken, User
from tocds.people.tokens import issue_token
from tocds.places.models import Kind, Level
from tocds.teams.models import Team

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"


def ask_token(username: str, password: str = PASSWORD, client: Client | None = None):
    return (client or Client()).post(
        TOKEN_URL, {"username": username, "password": password}, content_type="application/json"
    )


def token_for(username: str, password: str = PASSWORD) -> str:
    response = ask_token(username, password)
    assert response.status_code == 200, response.content
    return response.json()["token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def api_get(path: str, token: str, **params):
    return Client().get(f"/api/v1{path}", params, headers=bearer(token))


def team_names(response) -> list[str]:
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["items"])
    return [item["name"] for item in body["items"]]


# Tokens -------------------------------------------------------------------------------------


def test_a_username_and_password_give_a_bearer_token(world: World):
    response = ask_token("officer-a")
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert len(body["token"]) >= 40
    token = ApiToken.objects.get(user=world.officer_a)
    assert token.digest != body["token"]  # only the digest is stored
    assert token.expires_at > timezone.now() + timedelta(days=29)


def test_the_token_opens_the_teams_list_and_a_team(world: World):
    token = token_for("officer-a")
    assert team_names(api_get("/teams", token)) == [world.team_a.name, world.team_a2.name]
    response = api_get(f"/teams/{world.team_a.pk}", token)
    assert response.status_code == 200
    team = response.json()
    assert (team["id"], team["name"], team["place_code"]) == (
        world.team_a.pk,
        world.team_a.name,
        world.hamlet_a1.code,
    )
    assert (team["commune_code"], team["member_count"]) == (world.commune_a.code, 2)
    assert sorted(m["full_name"] for m in team["members"]) == ["Hoàng Thị Thử", "Nông Văn Mẫu"]


def test_a_phone_number_in_local_format_gives_a_token(world: World):
    world.officer_a.phone = "+84912345678"
    world.officer_a.save()
    token = token_for("0912 345 678")
    assert ApiToken.objects.get().user == world.officer_a
    assert team_names(api_get("/teams", token)) == [world.team_a.name, world.team_a2.name]


def test_a_wrong_password_gets_401(world: World):
    for username in ("officer-a", "nobody", "0912 345 678"):
        response = ask_token(username, "wrong-password")
        assert response.status_code == 401
        assert "token" not in response.json()
    assert not ApiToken.objects.exists()


def test_requests_without_a_valid_token_get_401(world: World):
    assert Client().get("/api/v1/teams").status_code == 401
    assert api_get("/teams", "not-a-token").status_code == 401
    assert Client().get("/api/v1/teams", headers={"Authorization": "Basic abc"}).status_code == 401


def test_an_expired_token_gets_401(world: World):
    token = token_for("officer-a")
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_get("/teams", token).status_code == 401
    assert api_get(f"/teams/{world.team_a.pk}", token).status_code == 401


def test_a_deactivated_users_token_gets_401(world: World):
    token = token_for("officer-a")
    assert api_get("/teams", token).status_code == 200
    User.objects.filter(pk=world.officer_a.pk).update(is_active=False)
    assert api_get("/teams", token).status_code == 401
    assert ask_token("officer-a").status_code == 401


def test_issuing_a_token_clears_the_users_expired_tokens(world: World):
    old, record = issue_token(user=world.officer_a)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(days=1))
    new = token_for("officer-a")
    assert not ApiToken.objects.filter(pk=record.pk).exists()
    assert ApiToken.objects.filter(user=world.officer_a).count() == 1
    assert (api_get("/teams", old).status_code, api_get("/teams", new).status_code) == (401, 200)


def test_token_attempts_are_rate_limited_by_address(world: World, settings):
    settings.API_TOKEN_RATE = "3/m"
    statuses = [ask_token("officer-a", "wrong").status_code for _ in range(3)]
    response = ask_token("officer-a")
    assert (statuses, response.status_code) == ([401, 401, 401], 429)
    assert "token" not in response.json()
    other_address = Client(REMOTE_ADDR="203.0.113.9")
    assert ask_token("officer-b", client=other_address).status_code == 200


def test_successful_attempts_count_toward_the_rate_limit(world: World, settings):
    settings.API_TOKEN_RATE = "3/m"
    assert [ask_token("officer-a").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert ApiToken.objects.count() == 3


def test_repeated_failures_lock_the_username_even_with_the_right_password(world: World):
    failures = [ask_token("officer-a", "wrong") for _ in range(5)]
    assert [r.status_code for r in failures] == [401, 401, 401, 401, 429]
    response = ask_token("officer-a")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}
    assert "khóa" in response.json()["detail"]
    assert not ApiToken.objects.exists()
    assert ask_token("officer-b").status_code == 200  # other users are not locked


def test_a_lockout_by_the_api_also_holds_on_the_sign_in_page(world: World):
    for _ in range(5):
        ask_token("officer-a", "wrong")
    response = Client().post("/accounts/login/", {"username": "officer-a", "password": PASSWORD})
    assert response.status_code == 429


# Teams in scope -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "teams"),
    [
        ("admin", ["team_b", "team_a", "team_a2"]),
        ("officer-a", ["team_a", "team_a2"]),
        ("officer-b", ["team_b"]),
        ("leader-a", ["team_a"]),
        ("member-a", ["team_a"]),
    ],
)
def test_the_teams_list_holds_only_teams_in_scope(world: World, username, teams):
    expected = [getattr(world, name).name for name in teams]
    assert team_names(api_get("/teams", token_for(username))) == expected


def test_a_place_filter_outside_scope_gives_an_empty_list(world: World):
    token = token_for("officer-a")
    assert team_names(api_get("/teams", token, place=world.commune_b.code)) == []
    assert team_names(api_get("/teams", token, place="99999")) == []
    assert team_names(api_get("/teams", token, place=world.hamlet_a2.code)) == [world.team_a2.name]


def test_the_teams_list_filters_by_text_without_diacritics(world: World):
    token = token_for("admin")
    assert team_names(api_get("/teams", token, q="dong mau")) == [world.team_a2.name]
    assert team_names(api_get("/teams", token, q="TỔ DÂN PHỐ")) == [world.team_b.name]


def test_another_communes_team_is_not_found(world: World):
    token = token_for("officer-a")
    response = api_get(f"/teams/{world.team_b.pk}", token)
    assert (response.status_code, response.json()) == (404, {"detail": "Không tìm thấy."})
    assert api_get("/teams/999999", token).status_code == 404
    assert api_get(f"/teams/{world.team_a2.pk}", token_for("member-a")).status_code == 404


# Phone numbers ------------------------------------------------------------------------------


def phones(username: str, team: Team) -> dict[str, str]:
    response = api_get(f"/teams/{team.pk}", token_for(username))
    assert response.status_code == 200
    return {m["full_name"]: m["phone"] for m in response.json()["members"]}


def test_a_plain_member_sees_masked_phone_numbers(world: World):
    assert phones("member-a", world.team_a) == {
        "Nông Văn Mẫu": "09xx xxx 001",
        "Hoàng Thị Thử": "09xx xxx 002",
    }


@pytest.mark.parametrize("username", ["leader-a", "officer-a", "admin"])
def test_the_leader_and_officers_see_full_phone_numbers(world: World, username):
    assert phones(username, world.team_a) == {
        "Nông Văn Mẫu": "0900 000 001",
        "Hoàng Thị Thử": "0900 000 002",
    }


def test_no_list_response_carries_a_phone_number(world: World):
    response = api_get("/teams", token_for("admin"))
    assert "0900" not in response.content.decode()
    assert "+84" not in response.content.decode()


# The OpenAPI document -----------------------------------------------------------------------


def test_the_openapi_document_lists_every_path():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert set(document["paths"]) == {
        "/api/v1/auth/token",
        "/api/v1/field/assignments",
        "/api/v1/field/hamlets",
        "/api/v1/field/visits",
        "/api/v1/honours/nominations",
        "/api/v1/movements",
        "/api/v1/movements/{movement_id}/ranking",
        "/api/v1/outreach/items",
        "/api/v1/partners/redemptions/{code}",
        "/api/v1/partners/redemptions/{code}/use",
        "/api/v1/training/sessions",
        "/api/v1/training/sessions/{session_id}/checkin",
        "/api/v1/training/sessions/{session_id}/enrolments",
        "/api/v1/places",
        "/api/v1/services",
        "/api/v1/sync/visits",
        "/api/v1/teams",
        "/api/v1/teams/{team_id}",
    }
    assert document["info"]["version"] == "1"


# Query count --------------------------------------------------------------------------------


def test_teams_list_query_count_does_not_grow_with_teams(world: World):
    token = token_for("officer-b")

    def listing() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            names = team_names(api_get("/teams", token))
        return len(captured), len(names)

    listing()  # the first use of a token records when it was used
    one = listing()
    for code, name in (("01273-002", "Tổ dân phố 2"), ("01273-003", "Tổ dân phố 3")):
        hamlet = make_place(code, name, Level.HAMLET, Kind.TO_DAN_PHO, world.commune_b)
        Team.objects.create(name=f"Tổ CĐS {name}", place=hamlet)
    three = listing()
    assert (one[1], three[1]) == (1, 3)
    assert one[0] == three[0]
