"""The sync endpoint through HTTP, record by record (RELIABILITY.md, protocol points 1–6)."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from tocds.api.schemas import SyncOut
from tocds.places.models import Kind, Level, Place
from tocds.visits.models import ServiceTally, SyncConflict, Visit, VisitTally
from tocds.visits.tests.helpers import open_campaign, send, statuses, visit_record


@pytest.fixture
def leader(world):
    open_campaign(world.campaign_all)
    return world.client_for("leader")


def test_new_visit_is_created_with_its_services_and_counted(world, leader):
    record = visit_record(world)
    response = send(leader, [record])
    assert statuses(response) == ["created"]
    visit = Visit.objects.get(uuid=record["uuid"])
    assert response.json()["results"][0]["id"] == visit.pk
    assert (visit.people_guided, visit.recorded_by, visit.commune) == (
        3,
        world.leader,
        world.commune_a,
    )
    assert list(visit.services.values_list("service__code", "people")) == [("vneid-register", 2)]
    assert VisitTally.objects.get().visits == 1
    assert ServiceTally.objects.get().done == 2


def test_identical_resend_is_duplicate_with_the_original_id(world, leader):
    record = visit_record(world)
    first = send(leader, [record]).json()["results"][0]
    again = send(leader, [record]).json()["results"][0]
    assert (again["status"], again["id"]) == ("duplicate", first["id"])
    assert Visit.objects.count() == 1
    assert VisitTally.objects.get().visits == 1


def test_same_uuid_with_other_content_and_no_base_version_is_conflict_kept_for_review(
    world, leader
):
    record = visit_record(world)
    send(leader, [record])
    changed = {**record, "people_guided": 5}
    result = send(leader, [changed]).json()["results"][0]
    assert result["status"] == "conflict"
    assert result["server"]["people_guided"] == 3
    assert Visit.objects.get().people_guided == 3
    assert SyncConflict.objects.get().payload["people_guided"] == 5


def test_edit_on_current_version_is_applied_and_stale_edit_is_conflict(world, leader):
    record = visit_record(world)
    send(leader, [record])
    edit = {**record, "people_guided": 4, "base_version": 1}
    result = send(leader, [edit]).json()["results"][0]
    assert (result["status"], result["version"]) == ("updated", 2)
    stale = {**record, "people_guided": 6, "base_version": 1}
    result = send(leader, [stale]).json()["results"][0]
    assert (result["status"], result["server"]["people_guided"]) == ("conflict", 4)
    visit = Visit.objects.get()
    assert (visit.people_guided, visit.version) == (4, 2)
    assert VisitTally.objects.get().people == 4
    assert visit.history.count() == 2  # the original and the edit


def test_one_bad_record_does_not_fail_the_others(world, leader):
    good = visit_record(world)
    bad = visit_record(world, people_guided=-1)
    no_uuid = visit_record(world)
    del no_uuid["uuid"]
    response = send(leader, [good, bad, no_uuid, "not a record"])
    assert statuses(response) == ["created", "invalid", "invalid", "invalid"]
    assert Visit.objects.count() == 1


def test_name_and_phone_refused_without_consent(world, leader):
    record = visit_record(world, head_name="Nông Văn A", head_phone="0912345678")
    result = send(leader, [record]).json()["results"][0]
    assert (result["status"], list(result["errors"])) == ("invalid", ["consent"])
    consented = {**record, "consent": True}
    assert statuses(send(leader, [consented])) == ["created"]
    assert Visit.objects.get().head_phone == "+84912345678"


def test_member_cannot_record_for_another_team_or_hamlet_outside_commune(world, leader):
    other_team = visit_record(world, team_id=world.team_b.pk, hamlet_code=world.hamlet_b1.code)
    other_hamlet = visit_record(world, hamlet_code=world.hamlet_b1.code)
    response = send(leader, [other_team, other_hamlet])
    assert statuses(response) == ["invalid", "invalid"]
    assert "team_id" in response.json()["results"][0]["errors"]
    assert "hamlet_code" in response.json()["results"][1]["errors"]


def test_draft_campaign_and_campaign_elsewhere_are_refused(world, leader):
    draft = visit_record(world, campaign_id=world.campaign_b.pk)
    assert statuses(send(leader, [draft])) == ["invalid"]
    open_campaign(world.campaign_b)  # open, but for commune B only
    assert statuses(send(leader, [draft])) == ["invalid"]


def test_another_teams_uuid_reveals_nothing(world, leader):
    record = visit_record(world)
    send(leader, [record])
    officer_b_team = world.client_for("officer_b")
    stolen = visit_record(
        world, uuid=record["uuid"], team_id=world.team_b.pk, hamlet_code=world.hamlet_b1.code
    )
    result = send(officer_b_team, [stolen]).json()["results"][0]
    assert result["status"] == "invalid"
    assert result.get("server") is None


def test_batch_over_500_is_refused_whole(world, leader):
    records = [visit_record(world) for _ in range(501)]
    assert send(leader, records).status_code in (400, 422)
    assert not Visit.objects.exists()


def test_anonymous_cannot_sync(world):
    from django.test import Client

    assert send(Client(), [visit_record(world)]).status_code == 401


def test_own_visits_endpoint_lists_only_the_callers_visits(world, leader):
    send(leader, [visit_record(world), visit_record(world, household="Số 14")])
    response = leader.get("/api/v1/field/visits")
    assert response.status_code == 200
    items = response.json()["items"]
    assert {i["household"] for i in items} == {"Số 12", "Số 14"}
    assert world.client_for("member").get("/api/v1/field/visits").json()["items"] == []
    assert uuid.UUID(items[0]["uuid"])


def test_nul_character_makes_only_its_record_invalid(world, leader):
    good = visit_record(world)
    bad = visit_record(world, household="Số\x001")
    assert statuses(send(leader, [good, bad])) == ["created", "invalid"]


def test_a_batch_costs_the_same_number_of_queries_whatever_its_size(world, leader):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(n: int) -> int:
        records = [visit_record(world, household=f"{n}-{i}") for i in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            assert set(statuses(send(leader, records))) == {"created"}
        return len(ctx.captured_queries)

    assert queries_for(2) == queries_for(40)


def test_own_visits_return_name_and_phone_only_where_the_head_consented(world, leader):
    consented = visit_record(world, consent=True, head_name="Nông Văn A", head_phone="0912345678")
    send(leader, [consented, visit_record(world, household="Số 14")])
    items = {i["household"]: i for i in leader.get("/api/v1/field/visits").json()["items"]}
    assert (items["Số 12"]["consent"], items["Số 12"]["head_phone"]) == (True, "+84912345678")
    assert (items["Số 14"]["consent"], items["Số 14"]["head_name"]) == (False, "")


def test_the_same_uuid_twice_in_one_batch_is_stored_once(world, leader):
    record = visit_record(world)
    changed = {**record, "people_guided": 7, "base_version": 1}
    response = send(leader, [record, record, changed])
    assert statuses(response) == ["created", "duplicate", "conflict"]
    assert Visit.objects.get().people_guided == 3
    assert VisitTally.objects.get().people == 3


def test_every_kind_of_answer_matches_the_documented_schema(world, leader):
    # The endpoint renders its answer without validating it again: the OpenAPI document's
    # `SyncOut` must still describe every kind of result.
    stored = [visit_record(world, household=f"Số {n}") for n in (1, 2, 3)]
    send(leader, stored)
    batch = [
        visit_record(world, household="Số 4"),
        stored[0],
        {**stored[1], "people_guided": 5, "base_version": 1},
        {**stored[2], "people_guided": 6},
        visit_record(world, hamlet_code="nowhere"),
    ]
    response = send(leader, batch)
    assert statuses(response) == ["created", "duplicate", "updated", "conflict", "invalid"]
    answer = SyncOut.model_validate(response.json())
    assert answer.results[3].server["people_guided"] == 3
    assert answer.results[4].errors["hamlet_code"]
    assert response.json()["received_at"].endswith("Z")


def test_a_current_hamlet_wins_over_a_closed_one_with_the_same_code(world, leader):
    # Another commune's hamlet once carried this code and has closed: a visit to the code goes
    # to the current hamlet (on SQLite, NULL sorts first: the order must not rely on it).
    code = world.hamlet_a1.code
    Place.objects.create(
        code=code,
        name="Xóm cũ",
        level=Level.HAMLET,
        kind=Kind.XOM,
        parent=world.commune_b,
        commune=world.commune_b,
        path=f"{world.commune_b.path}{code}/",
        valid_to=date(2025, 6, 30),
    )
    record = visit_record(world)
    assert statuses(send(leader, [record])) == ["created"]
    assert Visit.objects.get(uuid=record["uuid"]).hamlet == world.hamlet_a1


def test_an_impossible_visit_time_makes_only_its_record_invalid(world, leader):
    good = visit_record(world)
    ancient = visit_record(world, household="Số 13", recorded_at="0001-01-01T00:00:00+01:00")
    response = send(leader, [good, ancient])
    assert statuses(response) == ["created", "invalid"]
    assert "1970" in response.json()["results"][1]["errors"]["recorded_at"]


@pytest.mark.parametrize(
    "clock", [datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC)]
)
def test_a_phone_clock_decades_off_corrects_nothing_and_is_flagged(world, leader, clock):
    from tocds.visits.models import FlagKind, QualityFlag

    record = visit_record(world)
    response = send(leader, [record], device_clock=clock)
    assert statuses(response) == ["created"]
    visit = Visit.objects.get(uuid=record["uuid"])
    assert visit.device_sent_at is None and visit.visited_at == visit.device_time
    assert abs(visit.skew_seconds) == 2**31 - 1
    flag = QualityFlag.objects.get(visit=visit, kind=FlagKind.CLOCK_SKEW)
    assert "Đồng hồ điện thoại chưa được đặt" in flag.detail


def test_a_phone_clock_reset_to_1970_is_corrected(world, leader):
    record = visit_record(world, recorded_at="1970-01-01T08:00:00+07:00")
    now = datetime.now(UTC)
    clock = datetime(1970, 1, 1, 1, 5, tzinfo=UTC)  # five minutes after the visit, 1970-style
    assert statuses(send(leader, [record], device_clock=clock)) == ["created"]
    visit = Visit.objects.get(uuid=record["uuid"])
    assert abs(visit.visited_at - (now - timedelta(minutes=5))) < timedelta(minutes=1)
