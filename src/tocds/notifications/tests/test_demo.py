"""The demo's notifications: an assignment tomorrow for the demo leader, a conflict for the
commune's officer, both told by the reminders job; a second load adds nothing."""

from datetime import timedelta

from django.utils import timezone

from tocds.campaigns.models import Assignment, CommunePlan
from tocds.demo.campaigns import DEMO_CAMPAIGN
from tocds.demo.notifications import load_notifications
from tocds.notifications.models import Kind, Notification
from tocds.notifications.tests.helpers import kinds
from tocds.reports.tests.helpers import record_visits, visit
from tocds.visits.models import SyncConflict


def _demo_like(world) -> dict:
    """The test world as the demo has it: an open campaign around today with a plan for commune
    A and visits of the leader's team."""
    today = timezone.localdate()
    campaign = world.campaign_all
    campaign.name = DEMO_CAMPAIGN
    campaign.starts_on = today - timedelta(days=6)
    campaign.ends_on = today + timedelta(days=3)
    campaign.save()
    CommunePlan.objects.create(campaign=campaign, commune=world.commune_a)
    record_visits(world, world.leader, [visit(world, household="Số 1")])
    return {"demo-leader": world.leader, "demo-province": world.province_admin}


def test_the_demo_gives_the_leader_and_the_officer_notifications_once(world):
    users = _demo_like(world)
    made = load_notifications(users=users)
    assert made >= 2
    assert kinds(world.leader) == [Kind.ASSIGNMENT_TOMORROW]
    assert Kind.CONFLICT_OPEN in kinds(world.officer_a)
    assert kinds(world.officer_b) == []
    assignment = Assignment.objects.get(starts_on=timezone.localdate() + timedelta(days=1))
    assert assignment.hamlet.name == "Bản Chưa Có Tổ"  # the commune's hamlet without a team
    counts = _counts()
    assert load_notifications(users=users) == 0
    assert _counts() == counts


def _counts() -> tuple[int, int, int]:
    return Notification.objects.count(), SyncConflict.objects.count(), Assignment.objects.count()
