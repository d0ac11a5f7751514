"""`GET /api/v1/outreach/items`: the same scoping as the pages."""

import pytest

from tocds.outreach.tests.factories import commune_item, log_item
from tocds.people.tokens import issue_token

pytestmark = pytest.mark.django_db

URL = "/api/v1/outreach/items"


def titles(client, query: str = "", headers: dict | None = None) -> list[str]:
    response = client.get(f"{URL}{query}", headers=headers or {})
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_each_caller_lists_only_the_items_it_reads(world):
    news = log_item(world, title="Tin của báo", reach=50, reach_unit="views")
    a = commune_item(world, "commune_a")
    b = commune_item(world, "commune_b")
    assert sorted(titles(world.client_for("province_admin"))) == sorted(
        [news.title, a.title, b.title]
    )
    assert titles(world.client_for("officer_a")) == [a.title]
    assert titles(world.client_for("media")) == [news.title]
    assert titles(world.client_for("leader")) == []
    assert titles(world.client_for("partner")) == []


def test_items_are_filtered_and_carry_their_outlet_place_and_language(world):
    news = log_item(world, title="Tin của báo", reach=50, reach_unit="views")
    commune_item(world, "commune_a", lang="tyz")
    client = world.client_for("province_admin")
    assert titles(client, "?kind=news") == [news.title]
    assert titles(client, f"?commune={world.commune_a.code}") == [
        f"Phát thanh {world.commune_a.name}"
    ]
    assert titles(client, "?published_from=2026-10-06") == []
    first = client.get(f"{URL}?kind=loudspeaker").json()["items"][0]
    assert (first["outlet"], first["place_code"], first["language"], first["has_file"]) == (
        f"Đài truyền thanh {world.commune_a.name}",
        world.commune_a.code,
        "tyz",
        False,
    )


def test_a_bearer_token_reads_the_same_scope_and_anonymous_gets_401(world, client):
    commune_item(world, "commune_b")
    token, _record = issue_token(user=world.officer_a)
    assert titles(client, headers={"Authorization": f"Bearer {token}"}) == []
    assert client.get(URL).status_code == 401
