"""The sample campaign: open around today, with commune plans and team assignments."""

import random
from datetime import timedelta

from django.utils import timezone

from tocds.campaigns.models import Campaign, CampaignStatus, Service
from tocds.campaigns.services import (
    add_assignment,
    change_campaign_status,
    save_campaign,
    save_plan,
)
from tocds.demo.visits import load_visits
from tocds.places.models import Place
from tocds.teams.models import Team

DEMO_CAMPAIGN = "Chiến dịch mẫu “Đi từng ngõ, gõ từng nhà”"


def load_campaign(
    actor, province: Place, communes: list[Place], rng: random.Random
) -> Campaign | None:
    """An open campaign around today, with plans, assignments and a few hundred visits
    recorded through the sync service (so tallies and quality flags are real). None when it
    exists already."""
    if Campaign.objects.filter(name=DEMO_CAMPAIGN).exists():
        return None
    today = timezone.localdate()
    campaign = save_campaign(
        actor=actor,
        campaign=None,
        province=province,
        name=DEMO_CAMPAIGN,
        slogan="Hướng dẫn từng người dân sử dụng dịch vụ số",
        starts_on=today - timedelta(days=6),
        ends_on=today + timedelta(days=3),
        whole_province=True,
        communes=[],
        services=list(Service.objects.active()),
        households_target=1500,
        people_target=3000,
    )
    change_campaign_status(actor=actor, campaign=campaign, to=CampaignStatus.OPEN)
    codes = list(Service.objects.active().values_list("code", flat=True))
    for commune in communes:
        plan = save_plan(
            actor=actor,
            campaign=campaign,
            commune=commune,
            households_target=250,
            people_target=500,
        )
        teams = Team.objects.active().filter(place__commune=commune).select_related("place")
        for team in teams:
            add_assignment(
                actor=actor,
                plan=plan,
                team=team,
                hamlet=team.place,
                starts_on=campaign.starts_on,
                ends_on=campaign.ends_on,
            )
            load_visits(actor, campaign=campaign, team=team, codes=codes, rng=rng)
    return campaign
