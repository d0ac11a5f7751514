"""Campaigns: the province launches, changes, opens and closes them; communes see theirs."""

from datetime import date

import pytest

from tocds.campaigns.models import Campaign, CampaignStatus, Service
from tocds.conftest import World

pytestmark = pytest.mark.django_db


def form(**overrides) -> dict:
    services = Service.objects.filter(code__in=["vneid-register", "dvc-dossier", "vietqr"])
    data = {
        "name": "Đi từng ngõ, gõ từng nhà 2026",
        "slogan": "Hướng dẫn từng người dân",
        "starts_on": "2026-10-01",
        "ends_on": "2026-10-10",
        "whole_province": "on",
        "services": [s.pk for s in services],
        "households_target": "50000",
        "people_target": "120000",
    }
    data.update(overrides)
    return data


def test_province_admin_launches_a_campaign_as_a_draft(world: World):
    response = world.client_for("province_admin").post("/campaigns/new/", form())
    campaign = Campaign.objects.get(name="Đi từng ngõ, gõ từng nhà 2026")
    assert response["Location"] == f"/campaigns/{campaign.pk}/"
    assert (campaign.status, campaign.province, campaign.households_target) == (
        CampaignStatus.DRAFT,
        world.province,
        50000,
    )
    assert sorted(campaign.services.values_list("code", flat=True)) == [
        "dvc-dossier",
        "vietqr",
        "vneid-register",
    ]
    assert campaign.history.earliest().history_user == world.province_admin


def test_a_campaign_for_chosen_communes_is_seen_only_there(world: World):
    admin = world.client_for("province_admin")
    admin.post(
        "/campaigns/new/",
        form(name="Chiến dịch xã A", whole_province="", communes=[world.commune_a.pk]),
    )
    campaign = Campaign.objects.get(name="Chiến dịch xã A")
    assert world.client_for("officer_a").get(f"/campaigns/{campaign.pk}/").status_code == 200
    assert world.client_for("leader").get(f"/campaigns/{campaign.pk}/").status_code == 200
    assert world.client_for("officer_b").get(f"/campaigns/{campaign.pk}/").status_code == 404


def test_dates_area_and_services_are_checked(world: World):
    admin = world.client_for("province_admin")
    response = admin.post("/campaigns/new/", form(ends_on="2026-09-30"))
    assert "ends_on" in response.context["form"].errors
    response = admin.post("/campaigns/new/", form(services=[]))
    assert "services" in response.context["form"].errors
    response = admin.post("/campaigns/new/", form(whole_province=""))
    assert "communes" in response.context["form"].errors
    assert not Campaign.objects.filter(name="Đi từng ngõ, gõ từng nhà 2026").exists()


def test_status_moves_only_along_the_allowed_transitions(world: World):
    admin = world.client_for("province_admin")
    campaign = world.campaign_all
    admin.post(f"/campaigns/{campaign.pk}/status/", {"to": "closed"})  # draft → closed: no
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    for to in ("open", "closed", "open"):
        admin.post(f"/campaigns/{campaign.pk}/status/", {"to": to})
        campaign.refresh_from_db()
        assert campaign.status == to
    reasons = list(
        campaign.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons[-3:] == ["opened", "closed", "reopened"]


def test_a_closed_campaign_cannot_be_changed(world: World):
    admin = world.client_for("province_admin")
    campaign = world.campaign_all
    for to in ("open", "closed"):
        admin.post(f"/campaigns/{campaign.pk}/status/", {"to": to})
    response = admin.post(f"/campaigns/{campaign.pk}/edit/", form(name="Đổi tên"))
    assert response.status_code == 200
    campaign.refresh_from_db()
    assert campaign.name == "Chiến dịch toàn tỉnh"


def test_commune_officers_cannot_launch_or_open_campaigns(world: World):
    officer = world.client_for("officer_a")
    assert officer.post("/campaigns/new/", form()).status_code == 404
    officer.post(f"/campaigns/{world.campaign_all.pk}/status/", {"to": "open"})
    world.campaign_all.refresh_from_db()
    assert world.campaign_all.status == CampaignStatus.DRAFT


def test_campaign_edit_keeps_the_changes_in_history(world: World):
    admin = world.client_for("province_admin")
    admin.post(f"/campaigns/{world.campaign_all.pk}/edit/", form(name="Chiến dịch tháng 10"))
    page = admin.get(f"/campaigns/{world.campaign_all.pk}/").content.decode()
    assert "Chiến dịch toàn tỉnh → Chiến dịch tháng 10" in page
    world.campaign_all.refresh_from_db()
    assert (world.campaign_all.name, world.campaign_all.starts_on) == (
        "Chiến dịch tháng 10",
        date(2026, 10, 1),
    )


def test_campaign_targets_are_written_in_vietnamese_format(world: World):
    campaign = world.campaign_all
    campaign.households_target, campaign.people_target = 1500, 12000
    campaign.save(update_fields=["households_target", "people_target"])
    page = world.client_for("province_admin").get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "<b>1.500</b>" in page
    assert "<b>12.000</b>" in page
