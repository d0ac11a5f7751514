"""The sync endpoint's edges as a phone and a stranger meet them: JSON answers the field app can
show, in Vietnamese — 401 for nobody signed in, 413 for a body too large, 422 for a batch that
is not one."""

from django.test import Client

from tocds.visits.models import Visit
from tocds.visits.tests.helpers import SYNC_URL, open_campaign, visit_record


def test_an_anonymous_post_is_asked_to_sign_in_not_refused_for_csrf(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(SYNC_URL, {"visits": []}, content_type="application/json")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Đăng nhập" in response.json()["detail"] or "đăng nhập" in response.json()["detail"]


def test_a_signed_in_post_without_its_csrf_token_is_refused_in_words(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.leader)
    response = client.post(SYNC_URL, {"visits": []}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Yêu cầu thiếu mã bảo mật")


def test_a_body_over_the_limit_is_a_json_413(world, settings):
    open_campaign(world.campaign_all)
    client = world.client_for("leader")
    body = b'{"visits": [' + b" " * (10 * 1024 * 1024) + b"]}"
    response = client.post(SYNC_URL, body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "quá lớn" in response.json()["detail"]
    assert not Visit.objects.exists()


def test_a_batch_that_is_not_one_is_answered_in_vietnamese(world):
    open_campaign(world.campaign_all)
    client = world.client_for("leader")
    response = client.post(SYNC_URL, {"visits": "x"}, content_type="application/json")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, str) and "Input should" not in detail
    response = client.post(
        SYNC_URL, {"visits": [visit_record(world)] * 501}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "500" in response.json()["detail"]
