"""Events of each kind on the test world, built through the apps' services."""

from datetime import date, timedelta

from tocds.campaigns.models import Assignment, CommunePlan
from tocds.conftest import make_member, make_user
from tocds.notifications.models import Notification
from tocds.reports import services as reports
from tocds.reports.models import ReportDeadline
from tocds.visits.models import SyncConflict
from tocds.visits.sync import sync_visits
from tocds.visits.tests.helpers import NOW, open_campaign, visit_record

DAY = date(2026, 10, 7)


def texts(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


def kinds(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def deadline(world, due_on: date, campaign=None) -> ReportDeadline:
    campaign = campaign or world.campaign_all
    open_campaign(campaign)
    return reports.set_due_date(actor=world.province_admin, campaign=campaign, due_on=due_on)


def returned_report_a(world):
    report = reports.start_report(
        actor=world.officer_a, campaign=world.campaign_all, commune=world.commune_a
    )
    reports.transition(actor=world.officer_a, report=report, action="submit")
    return reports.transition(
        actor=world.province_admin, report=report, action="return", comment="Thiếu số liệu xóm 2"
    )


def conflicts(world) -> None:
    """Two conflicts in commune A, one in commune B (as visits' own tests make them)."""
    open_campaign(world.campaign_all)
    leader_b = make_user("leader-b")
    make_member(world.team_b, "Hà Văn Ba", "+84900000010", role="leader", user=leader_b)
    records = [
        (world.leader, visit_record(world, household="Số 1")),
        (world.leader, visit_record(world, household="Số 2")),
        (
            leader_b,
            visit_record(
                world, team_id=world.team_b.pk, hamlet_code=world.hamlet_b1.code, household="B9"
            ),
        ),
    ]
    for user, record in records:
        sync_visits(actor=user, records=[record], now=NOW)
        sync_visits(actor=user, records=[{**record, "people_guided": 5}], now=NOW)
    assert SyncConflict.objects.count() == 3


def assignment_tomorrow(world, day: date = DAY) -> Assignment:
    open_campaign(world.campaign_all)
    plan = CommunePlan.objects.create(campaign=world.campaign_all, commune=world.commune_a)
    return Assignment.objects.create(
        plan=plan,
        team=world.team_a,
        hamlet=world.hamlet_a1,
        starts_on=day + timedelta(days=1),
        ends_on=day + timedelta(days=2),
    )
