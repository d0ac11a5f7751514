"""The visit page writes its times as a person in Cao Bằng reads them: in the province's zone,
"14:05 02/12/2026", with Vietnamese labels in its history — never UTC ISO stamps."""

import re
from datetime import timedelta

import pytest

from tocds.visits.models import Visit
from tocds.visits.sync import sync_visits
from tocds.visits.tests.helpers import NOW, open_campaign, visit_record

UTC_STAMP = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?(\.\d+)?\+00:00")


@pytest.fixture
def edited_visit(world) -> Visit:
    """A visit recorded at 09:15 in Cao Bằng, then edited on the phone to 10:40."""
    open_campaign(world.campaign_all)
    record = visit_record(world, recorded_at="2026-10-03T09:15:00+07:00")
    sync_visits(actor=world.leader, records=[record], device_clock=NOW, now=NOW)
    edit = {**record, "base_version": 1, "recorded_at": "2026-10-03T10:40:00+07:00"}
    later = NOW + timedelta(hours=2)
    sync_visits(actor=world.leader, records=[edit], device_clock=later, now=later)
    return Visit.objects.get(uuid=record["uuid"])


def test_visit_history_shows_local_times_with_vietnamese_labels(world, edited_visit):
    page = world.client_for("officer_a").get(f"/visits/{edited_visit.pk}/").content.decode()
    assert not UTC_STAMP.search(page)
    # The change of the phone's time, in local time and Vietnamese format, under its label.
    assert "giờ trên điện thoại: 09:15 03/10/2026 → 10:40 03/10/2026" in page
    assert "máy chủ nhận lúc: 10:00 03/10/2026 → 12:00 03/10/2026" in page
    for english in ("device time", "received at", "device sent at", "updated at"):
        assert english not in page
    # The facts at the top: visited at 10:40, received at 12:00 (Cao Bằng time).
    assert "10:40 03/10/2026" in page
    assert "12:00 03/10/2026" in page


def test_visit_history_in_english_keeps_local_time(world, edited_visit):
    client = world.client_for("officer_a")
    client.cookies["django_language"] = "en"
    page = client.get(f"/visits/{edited_visit.pk}/").content.decode()
    assert not UTC_STAMP.search(page)
    assert "time on the phone: 03/10/2026 09:15 → 03/10/2026 10:40" in page
