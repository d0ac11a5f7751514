"""Building visit records as the field app sends them."""

import uuid
from datetime import UTC, datetime
from typing import Any

from django.test import Client

from tocds.campaigns.models import CampaignStatus

SYNC_URL = "/api/v1/sync/visits"


def open_campaign(campaign) -> None:
    campaign.status = CampaignStatus.OPEN
    campaign.save(update_fields=["status"])


def visit_record(world, **overrides: Any) -> dict[str, Any]:
    record = {
        "uuid": str(uuid.uuid4()),
        "campaign_id": world.campaign_all.pk,
        "team_id": world.team_a.pk,
        "hamlet_code": world.hamlet_a1.code,
        "household": "Số 12",
        "consent": False,
        "people_guided": 3,
        "recorded_at": "2026-10-03T09:15:00+07:00",
        "services": [{"code": "vneid-register", "people": 2, "outcome": "done"}],
    }
    record.update(overrides)
    return record


def send(client: Client, records: list[dict], device_clock: datetime | None = None):
    body = {"visits": records}
    if device_clock is not None:
        body["device_clock"] = device_clock.isoformat()
    return client.post(SYNC_URL, body, content_type="application/json")


def statuses(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [r["status"] for r in response.json()["results"]]


NOW = datetime(2026, 10, 3, 3, 0, tzinfo=UTC)  # 10:00 in Cao Bằng, during the campaign
