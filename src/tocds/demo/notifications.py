"""Notifications of the demo (issue 17 §3): the day's reminders made by the same job the worker
runs, over the demo's data plus two events of today: the demo leader's team goes tomorrow to
its commune's hamlet without a team, and one of its visits came back from a phone with other
contents (a sync conflict for commune A to settle). With the honours' round (a nomination
returned to commune B, one at each office's step) each office's login has notifications.
Idempotent: a second load adds nothing."""

from datetime import timedelta

from django.utils import timezone

from tocds.campaigns.models import Assignment, Campaign, CommunePlan
from tocds.campaigns.services import add_assignment
from tocds.demo.campaigns import DEMO_CAMPAIGN
from tocds.notifications.tasks import make_reminders
from tocds.places.models import Place
from tocds.teams.models import Membership, TeamRole
from tocds.visits.models import SyncConflict, Visit
from tocds.visits.sync import sync_visits


def load_notifications(*, users: dict) -> int:
    """Returns how many notifications were made."""
    campaign = Campaign.objects.filter(name=DEMO_CAMPAIGN).first()
    leader = users["demo-leader"]
    membership = (
        Membership.objects.active()
        .filter(person__user=leader, role=TeamRole.LEADER)
        .select_related("team__place")
        .first()
    )
    if campaign is not None and membership is not None:
        _assignment_tomorrow(campaign, membership.team, users)
        _conflict(campaign, membership.team, leader)
    return make_reminders()


def _assignment_tomorrow(campaign: Campaign, team, users: dict) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    if not campaign.starts_on <= tomorrow <= campaign.ends_on:
        return
    commune = team.place.commune
    plan = CommunePlan.objects.filter(campaign=campaign, commune=commune).first()
    hamlet = (
        Place.objects.current()
        .filter(parent=commune, level="hamlet", teams__isnull=True)
        .order_by("code")
        .first()
    )
    if plan is None or hamlet is None:
        return
    if Assignment.objects.filter(plan=plan, team=team, hamlet=hamlet).exists():
        return
    add_assignment(
        actor=users["demo-province"],
        plan=plan,
        team=team,
        hamlet=hamlet,
        starts_on=tomorrow,
        ends_on=tomorrow,
    )


def _conflict(campaign: Campaign, team, leader) -> None:
    visit = (
        Visit.objects.filter(campaign=campaign, team=team)
        .select_related("hamlet")
        .order_by("pk")
        .first()
    )
    if visit is None or SyncConflict.objects.filter(visit__team=team).exists():
        return
    record = {
        "uuid": str(visit.uuid),
        "campaign_id": campaign.pk,
        "team_id": team.pk,
        "hamlet_code": visit.hamlet.code,
        "household": visit.household,
        "people_guided": visit.people_guided + 1,
        "recorded_at": visit.device_time.isoformat(),
    }
    sync_visits(actor=leader, records=[record])
