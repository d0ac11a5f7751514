"""Sync conflicts listed on the visit list (`/visits/?conflicts=open|settled`), scoped like the
list, each linking to the visit where it is settled."""

import re

import pytest

from tocds.conftest import make_member, make_user
from tocds.visits.models import Resolution, SyncConflict, Visit
from tocds.visits.sync import sync_visits
from tocds.visits.tests.helpers import NOW, open_campaign, visit_record


@pytest.fixture
def conflicts(world):
    """Two conflicts in commune A (households "Số 1" and "Số 2"), one in commune B."""
    open_campaign(world.campaign_all)
    leader_b = make_user("leader-b")
    make_member(world.team_b, "Hà Văn Ba", "+84900000010", role="leader", user=leader_b)
    records = [
        (world.leader, visit_record(world, household="Số 1")),
        (world.leader, visit_record(world, household="Số 2")),
        (
            leader_b,
            visit_record(
                world, team_id=world.team_b.pk, hamlet_code=world.hamlet_b1.code, household="B9"
            ),
        ),
    ]
    for user, record in records:
        sync_visits(actor=user, records=[record], now=NOW)
        sync_visits(actor=user, records=[{**record, "people_guided": 5}], now=NOW)
    assert SyncConflict.objects.count() == 3
    return world


def households(response) -> list[str]:
    return [c.visit.household for c in response.context["page"]]


def test_open_conflicts_of_the_officers_commune_link_to_their_visits(conflicts):
    world = conflicts
    response = world.client_for("officer_a").get("/visits/?conflicts=open")
    assert response.status_code == 200
    assert sorted(households(response)) == ["Số 1", "Số 2"]
    html = response.content.decode()
    for visit in Visit.objects.filter(commune=world.commune_a):
        assert f'href="/visits/{visit.pk}/"' in html
    assert ">B9<" not in html  # the household as a cell (a CSRF token may hold "B9")
    assert "Xung đột chưa xử lý (2)" in html


def test_settled_conflicts_are_listed_apart_with_who_settled_them(conflicts):
    world = conflicts
    conflict = SyncConflict.objects.get(visit__household="Số 1")
    world.client_for("officer_a").post(f"/visits/conflicts/{conflict.pk}/resolve/", {})
    client = world.client_for("officer_a")
    assert households(client.get("/visits/?conflicts=open")) == ["Số 2"]
    settled = client.get("/visits/?conflicts=settled")
    assert households(settled) == ["Số 1"]
    conflict.refresh_from_db()
    assert conflict.resolution == Resolution.KEPT_SERVER
    assert "officer-a" in settled.content.decode()


def test_conflict_list_takes_the_household_filter_and_the_htmx_partial(conflicts):
    client = conflicts.client_for("officer_a")
    response = client.get("/visits/?conflicts=open&q=so 2", headers={"HX-Request": "true"})
    assert households(response) == ["Số 2"]
    assert response.templates[0].name == "visits/_conflict_rows.html"


def test_province_sees_every_conflict_and_the_leader_only_their_teams(conflicts):
    world = conflicts
    assert len(households(world.client_for("province_admin").get("/visits/?conflicts=open"))) == 3
    assert sorted(households(world.client_for("leader").get("/visits/?conflicts=open"))) == [
        "Số 1",
        "Số 2",
    ]


def test_the_visit_list_offers_the_conflict_tabs(conflicts):
    html = conflicts.client_for("officer_a").get("/visits/").content.decode()
    assert re.search(r'href="/visits/\?conflicts=open"[^>]*>Xung đột chưa xử lý \(2\)', html)
    assert 'href="/visits/?conflicts=settled"' in html
