"""Each event kind reaches exactly the users whose scope covers its subject: a commune officer
never hears of another commune, Home Affairs only of what reached it; the daily job made twice
makes nothing twice."""

from datetime import timedelta

from tocds.honours import services as honours
from tocds.honours.tests.factories import bring_to, make_round, nominate_team
from tocds.notifications.models import Kind, Notification
from tocds.notifications.tasks import make_reminders
from tocds.notifications.tests.helpers import (
    DAY,
    assignment_tomorrow,
    conflicts,
    deadline,
    kinds,
    returned_report_a,
    texts,
)

PERSONAS = (
    "province_admin",
    "officer_a",
    "officer_b",
    "leader",
    "member",
    "dost",
    "home_affairs",
    "chairman",
    "youth",
)


def _kinds_of_all(world) -> dict[str, list[str]]:
    return {name: kinds(getattr(world, name)) for name in PERSONAS}


def test_nothing_happens_nothing_is_told(world):
    assert make_reminders(DAY) == 0
    assert Notification.objects.count() == 0


def test_a_report_due_in_three_days_reaches_each_communes_writers_only(world):
    deadline(world, DAY + timedelta(days=3))
    make_reminders(DAY)
    got = _kinds_of_all(world)
    assert got["officer_a"] == [Kind.REPORT_DUE]
    assert got["officer_b"] == [Kind.REPORT_DUE]
    assert "Xã Hòa An" in texts(world.officer_a)[0]
    assert "Phường Thục Phán" in texts(world.officer_b)[0]
    assert all(got[name] == [] for name in PERSONAS if name not in ("officer_a", "officer_b"))


def test_a_campaign_of_commune_b_reminds_commune_b_only(world):
    deadline(world, DAY + timedelta(days=3), campaign=world.campaign_b)
    make_reminders(DAY)
    assert kinds(world.officer_a) == []
    assert kinds(world.officer_b) == [Kind.REPORT_DUE]


def test_a_submitted_report_is_not_reminded(world):
    from tocds.reports import services as reports

    deadline(world, DAY + timedelta(days=3))
    report = reports.start_report(
        actor=world.officer_a, campaign=world.campaign_all, commune=world.commune_a
    )
    reports.transition(actor=world.officer_a, report=report, action="submit")
    make_reminders(DAY)
    assert kinds(world.officer_a) == []
    assert kinds(world.officer_b) == [Kind.REPORT_DUE]


def test_an_overdue_report_is_recalled_the_day_after_then_each_week(world):
    due = DAY - timedelta(days=1)
    deadline(world, due)
    make_reminders(DAY)
    assert kinds(world.officer_a) == [Kind.REPORT_OVERDUE]
    make_reminders(DAY + timedelta(days=1))  # two days late: quiet
    assert kinds(world.officer_a) == [Kind.REPORT_OVERDUE]
    make_reminders(DAY + timedelta(days=7))  # eight days late: again
    assert kinds(world.officer_a) == [Kind.REPORT_OVERDUE, Kind.REPORT_OVERDUE]
    assert "chưa nộp" in texts(world.officer_a)[0]


def test_a_returned_report_reaches_its_writers_with_the_reason(world):
    report = returned_report_a(world)
    make_reminders(DAY)
    assert kinds(world.officer_a) == [Kind.REPORT_RETURNED]
    assert "Thiếu số liệu xóm 2" in texts(world.officer_a)[0]
    assert Notification.objects.get(user=world.officer_a).link == f"/reports/{report.pk}/"
    assert kinds(world.officer_b) == []
    assert kinds(world.province_admin) == []
    make_reminders(DAY + timedelta(days=1))  # told once, not each day
    assert kinds(world.officer_a) == [Kind.REPORT_RETURNED]


def test_a_nomination_reaches_the_office_of_its_step_only(world):
    round = make_round(world)
    submitted = bring_to(world, nominate_team(world, round), "submitted")
    make_reminders(DAY)
    got = _kinds_of_all(world)
    assert got["dost"] == [Kind.NOMINATION_WAITING]
    assert got["home_affairs"] == []  # Home Affairs hears only of what reached it
    assert got["chairman"] == []
    assert got["officer_b"] == []
    honours.move(actor=world.dost, nomination=submitted, action="select")
    make_reminders(DAY)
    assert kinds(world.home_affairs) == [Kind.NOMINATION_WAITING]
    assert kinds(world.chairman) == []
    assert kinds(world.dost) == [Kind.NOMINATION_WAITING]  # nothing new for the Department


def test_a_returned_nomination_reaches_its_proposing_commune(world):
    round = make_round(world)
    bring_to(world, nominate_team(world, round), "returned")
    bring_to(world, nominate_team(world, round, world.team_b), "submitted")
    make_reminders(DAY)
    assert kinds(world.officer_a) == [Kind.NOMINATION_WAITING]
    assert "trả lại" in texts(world.officer_a)[0]
    assert kinds(world.officer_b) == []
    assert kinds(world.dost) == [Kind.NOMINATION_WAITING]  # commune B's, submitted


def test_open_sync_conflicts_reach_the_reviewers_of_their_commune(world):
    conflicts(world)
    make_reminders(DAY)
    assert kinds(world.officer_a) == [Kind.CONFLICT_OPEN] * 2
    assert kinds(world.officer_b) == [Kind.CONFLICT_OPEN]
    assert kinds(world.province_admin) == []
    assert kinds(world.leader) == []


def test_an_assignment_tomorrow_reaches_the_team_leader(world):
    assignment_tomorrow(world)
    make_reminders(DAY)
    assert kinds(world.leader) == [Kind.ASSIGNMENT_TOMORROW]
    assert "Xóm Nà Mẫu" in texts(world.leader)[0]
    assert kinds(world.member) == []
    assert kinds(world.officer_a) == []
    make_reminders(DAY + timedelta(days=1))  # it starts today now: nothing new
    assert kinds(world.leader) == [Kind.ASSIGNMENT_TOMORROW]


def test_the_daily_job_run_twice_makes_the_same_notifications(world):
    deadline(world, DAY + timedelta(days=3))
    returned_report_a(world)
    conflicts(world)
    assignment_tomorrow(world)
    bring_to(world, nominate_team(world, make_round(world), world.team_b), "submitted")
    first = make_reminders(DAY)
    rows = sorted(Notification.objects.values_list("user_id", "kind", "subject", "day"))
    assert first == len(rows) > 5
    assert make_reminders(DAY) == 0
    assert sorted(Notification.objects.values_list("user_id", "kind", "subject", "day")) == rows


def test_texts_are_vietnamese(world):
    deadline(world, DAY + timedelta(days=3))
    make_reminders(DAY)
    text = texts(world.officer_a)[0]
    assert text.startswith("Báo cáo kết quả")
    assert "10/10/2026" in text
