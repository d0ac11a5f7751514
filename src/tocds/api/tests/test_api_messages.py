"""What the API tells a person (the field app shows it) is in their language: the sync
service's record errors, the schema's validation errors (pydantic writes English only) and the
API's own refusals."""

import pytest
from django.test import Client

from tocds.visits.models import Visit
from tocds.visits.tests.helpers import open_campaign, send, visit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(world) -> Client:
    open_campaign(world.campaign_all)
    return world.client_for("leader")


def test_an_out_of_range_record_is_answered_in_vietnamese_field_by_field(world, leader):
    record = visit_record(world, people_guided=100, household="")
    record["services"][0]["people"] = 0
    result = send(leader, [record]).json()["results"][0]
    assert result["status"] == "invalid"
    assert result["errors"] == {
        "people_guided": "Nhập số không lớn hơn 99.",
        "household": "Nhập ít nhất 1 ký tự.",
        "services.0.people": "Nhập số không nhỏ hơn 1.",
    }
    assert not Visit.objects.exists()


def test_the_same_errors_in_english_for_an_english_user(world, leader):
    leader.cookies["django_language"] = "en"
    record = visit_record(world, people_guided=100, uuid="not-a-uuid", unknown=1)
    errors = send(leader, [record]).json()["results"][0]["errors"]
    assert errors == {
        "people_guided": "Enter a number no greater than 99.",
        "uuid": "Enter a valid record identifier (UUID).",
        "unknown": "This field is not expected.",
    }


def test_tocds_own_schema_errors_keep_their_translated_message(world, leader):
    record = visit_record(world, recorded_at="1960-01-01T00:00:00+07:00")
    errors = send(leader, [record]).json()["results"][0]["errors"]
    assert errors == {"recorded_at": "Ngày phải nằm trong khoảng từ năm 1970 đến năm 2099."}


def test_a_refused_request_says_why_in_vietnamese_in_detail_and_keeps_the_locations(world, leader):
    records = [visit_record(world) for _ in range(501)]
    response = send(leader, records)
    assert response.status_code == 422
    body = response.json()
    # `detail` is one text, as the field app shows it (outbox.js: `answer.detail`).
    assert body["detail"] == "visits: Chỉ được nhiều nhất 500 mục."
    assert body["errors"] == [
        {
            "loc": ["body", "payload", "visits"],
            "type": "too_long",
            "msg": "Chỉ được nhiều nhất 500 mục.",
        }
    ]


def test_a_wrong_query_parameter_is_answered_in_vietnamese():
    response = Client().get("/api/v1/places", {"level": "village", "limit": 0})
    assert response.status_code == 422
    messages = {tuple(e["loc"]): e["msg"] for e in response.json()["errors"]}
    assert messages[("query", "limit")] == "Nhập số không nhỏ hơn 1."
    assert messages[("query", "level")].startswith("Chọn một trong các giá trị: ")
    assert "Input should" not in response.content.decode()


def test_the_apis_own_refusals_are_in_vietnamese(world):
    anonymous = Client().get("/api/v1/teams")
    assert anonymous.status_code == 401
    assert anonymous.json()["detail"].startswith("Cần đăng nhập trước")
    missing = world.client_for("province_admin").get("/api/v1/teams/999999")
    assert (missing.status_code, missing.json()["detail"]) == (404, "Không tìm thấy.")
