"""`load_demo`: demo data for Cao Bằng, app by app, in the order they build on each other.

Everything is marked `is_sample`. Safe to re-run: existing rows are found and kept, never
duplicated. Real places (the 56 communes) come from `load_places`, which must run first.
"""

import random

from django.db import transaction

from tocds.demo.base import COMMUNE_A, COMMUNE_B, OTHER_COMMUNES, PROVINCE, DemoSummary
from tocds.demo.campaigns import load_campaign
from tocds.demo.honours import load_honours
from tocds.demo.initiatives import load_initiatives
from tocds.demo.movements import load_movements
from tocds.demo.notifications import load_notifications
from tocds.demo.outreach import load_outreach
from tocds.demo.partners import load_partners
from tocds.demo.people import load_commune_committee, load_province_organisations, load_users
from tocds.demo.places import load_hamlets
from tocds.demo.reports import load_reports
from tocds.demo.schools import load_school_demo
from tocds.demo.teams import link_account, load_team_with_members
from tocds.demo.tracker import load_tracker
from tocds.demo.training import load_training
from tocds.places.models import Level, Place
from tocds.teams.models import TeamRole


@transaction.atomic
def load_demo() -> DemoSummary:
    """Load (or complete) the demo data; what was new. LookupError without the places."""
    province = Place.objects.current().filter(code=PROVINCE, level=Level.PROVINCE).first()
    if province is None:
        raise LookupError("Load places first: tocds load_places")
    summary = DemoSummary()
    users = load_users(summary)
    actor = users["demo-province"]
    enterprises = load_province_organisations(province)
    rng = random.Random(2521)
    serial = [0]
    communes = [COMMUNE_A, COMMUNE_B, *OTHER_COMMUNES]
    leader_team = None
    for code in communes:
        commune = Place.objects.current().get(code=code)
        load_commune_committee(commune)
        hamlets = load_hamlets(commune, 6 if code in (COMMUNE_A, COMMUNE_B) else 4, summary)
        # The last hamlet of each commune has no team yet, so coverage is not a flat 100%.
        for hamlet in hamlets[:-1]:
            team = load_team_with_members(
                actor=actor,
                place=hamlet,
                rng=rng,
                serial=serial,
                enterprises=enterprises,
                summary=summary,
                size=rng.randint(4, 8),
            )
            leader_team = leader_team or team
    link_account(users["demo-leader"], leader_team, TeamRole.LEADER)
    link_account(users["demo-member"], leader_team, TeamRole.MEMBER)
    places = [Place.objects.current().get(code=c) for c in communes]
    campaign = load_campaign(actor, province, places, rng)
    if campaign is not None:
        load_reports(campaign, places[0], places[1], users)
    load_training(actor, province, Place.objects.current().get(code=COMMUNE_A), leader_team, users)
    load_school_demo(
        province=province,
        commune_a=Place.objects.current().get(code=COMMUNE_A),
        commune_b=Place.objects.current().get(code=COMMUNE_B),
        users=users,
    )
    load_initiatives(commune=Place.objects.current().get(code=COMMUNE_A), users=users)
    load_movements(province=province, communes=places, users=users)
    load_honours(province=province, communes=places[:2], users=users)
    load_outreach(province=province, commune_a=places[0], users=users)
    load_partners(province=province, users=users)
    load_tracker(province=province, communes=places, users=users)
    load_notifications(users=users)  # last: it reads what the others made
    return summary
