"""Fixtures of the field app's browser tests."""

from datetime import date, timedelta

import pytest

from tocds.conftest import World


@pytest.fixture
def field_world(world: World) -> World:
    """An open campaign and an assignment for the leader's team today (set up before the
    browser starts: ORM calls inside Playwright's event loop would outlive the test)."""
    from tocds.campaigns.models import Assignment, CampaignStatus, CommunePlan, Service
    from tocds.core.skills import Skill

    # A transactional test empties the tables, seeded catalogue included: bring one back.
    Service.objects.get_or_create(
        code="vneid-register",
        defaults={"name": "Đăng ký tài khoản VNeID", "skill": Skill.choices[0][0]},
    )
    world.campaign_all.status = CampaignStatus.OPEN
    world.campaign_all.save(update_fields=["status"])
    plan = CommunePlan.objects.create(campaign=world.campaign_all, commune=world.commune_a)
    today = date.today()
    Assignment.objects.create(
        plan=plan,
        team=world.team_a,
        hamlet=world.hamlet_a2,
        starts_on=today + timedelta(days=3),
        ends_on=today + timedelta(days=4),
    )
    Assignment.objects.create(
        plan=plan,
        team=world.team_a,
        hamlet=world.hamlet_a1,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=1),
    )
    return world
