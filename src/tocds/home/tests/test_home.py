"""Each role's home page: a team's days with the field app one tap away, a commune officer's
to-dos, the province's overview; read through the page as each persona opens it."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tocds.campaigns.models import Assignment, CampaignStatus, CommunePlan
from tocds.conftest import World, make_place, make_user
from tocds.people.models import Role
from tocds.places.models import Kind, Level
from tocds.reports import services as report_services
from tocds.reports.models import Report, ReportDeadline
from tocds.training.tests.factories import enrol, make_course, make_session
from tocds.visits.models import Resolution, SyncConflict, Visit
from tocds.visits.sync import sync_visits
from tocds.visits.tests.helpers import NOW, open_campaign, visit_record

TODAY = timezone.localdate


def page(world: World, persona: str) -> str:
    response = world.client_for(persona).get("/")
    assert response.status_code == 200
    return response.content.decode()


def todos(world: World, persona: str) -> dict[str, int]:
    """The to-dos on the persona's home: {key: count}."""
    response = world.client_for(persona).get("/")
    desk = response.context["desk"]
    found = {}
    for section in (desk.commune, desk.province):
        if section is not None:
            found.update({t.key: t.count for t in section.todos})
    return found


def todo(world: World, persona: str, key: str):
    desk = world.client_for(persona).get("/").context["desk"]
    for section in (desk.commune, desk.province):
        for item in section.todos if section else []:
            if item.key == key:
                return item
    raise AssertionError(f"no to-do {key}")


def assign(world: World, team, hamlet, starts: int, ends: int) -> Assignment:
    open_campaign(world.campaign_all)
    plan, _ = CommunePlan.objects.get_or_create(campaign=world.campaign_all, commune=hamlet.commune)
    return Assignment.objects.create(
        plan=plan,
        team=team,
        hamlet=hamlet,
        starts_on=TODAY() + timedelta(days=starts),
        ends_on=TODAY() + timedelta(days=ends),
    )


# A team's home ---------------------------------------------------------------------------------


def test_team_member_lands_on_todays_and_coming_assignments_with_the_field_app(world: World):
    assign(world, world.team_a, world.hamlet_a1, -1, 0)  # ends today
    assign(world, world.team_a, world.hamlet_a2, 3, 4)
    assign(world, world.team_a, world.hamlet_a2, 8, 9)  # too far ahead
    assign(world, world.team_a, world.hamlet_a1, -5, -1)  # over
    assign(world, world.team_b, world.hamlet_b1, 0, 1)  # another team's
    html = page(world, "member")
    assert 'href="/field/"' in html
    assert "Mở ứng dụng thực địa" in html
    desk = world.client_for("member").get("/").context["desk"]
    assert [(a.hamlet.name, a.is_today) for a in desk.team.assignments] == [
        (world.hamlet_a1.name, True),
        (world.hamlet_a2.name, False),
    ]
    assert world.hamlet_b1.name not in html
    assert world.team_a.name in html


def test_assignments_of_a_draft_campaign_are_not_shown_to_the_team(world: World):
    assign(world, world.team_a, world.hamlet_a1, 0, 1)
    world.campaign_all.status = CampaignStatus.DRAFT
    world.campaign_all.save(update_fields=["status"])
    desk = world.client_for("leader").get("/").context["desk"]
    assert desk.team.assignments == []
    assert "Không có phân công nào trong 7 ngày tới." in page(world, "leader")


def test_team_home_counts_learning_and_training_with_links(world: World):
    from tocds.learning.content import load_content
    from tocds.learning.models import Attempt, Skill
    from tocds.learning.tests.conftest import FIXTURE

    load_content(FIXTURE)
    skills = list(Skill.objects.order_by("code"))
    Attempt.objects.create(skill=skills[0], user=world.member, percent=90, passed=True)
    Attempt.objects.create(skill=skills[0], user=world.member, percent=95, passed=True)
    Attempt.objects.create(skill=skills[1], user=world.member, percent=20, passed=False)
    Attempt.objects.create(skill=skills[1], user=world.leader, percent=90, passed=True)
    course = make_course(world.commune_a, "Lớp kỹ năng số xã Hòa An")
    soon = make_session(course, starts_at=timezone.now() + timedelta(days=2), title="Buổi 1")
    make_session(course, starts_at=timezone.now() + timedelta(days=9), title="Buổi 2")
    past = make_session(course, starts_at=timezone.now() - timedelta(days=9), title="Buổi 0")
    enrol(soon, world.member_a.person)
    enrol(past, world.member_a.person)
    response = world.client_for("member").get("/")
    team = response.context["desk"].team
    assert (team.skills_passed, team.skills_total) == (1, len(skills))
    assert (team.enrolments_count, team.sessions_open) == (1, 1)
    html = response.content.decode()
    assert f"{1}/{len(skills)}" in html
    for url in ("/learn/", "/learn/progress/", "/training/me/"):
        assert f'href="{url}"' in html
    assert f'href="/training/sessions/{soon.pk}/"' in html


def test_field_app_is_one_tap_away_in_the_navigation_of_team_members_only(world: World):
    for persona in ("leader", "member"):
        html = world.client_for(persona).get("/campaigns/").content.decode()
        assert '<a href="/field/" data-nav="field">' in html, persona
    for persona in ("officer_a", "province_admin"):
        html = world.client_for(persona).get("/campaigns/").content.decode()
        assert 'href="/field/"' not in html, persona


# A commune officer's to-dos --------------------------------------------------------------------


def test_officer_lands_on_their_todos_all_settled_at_first(world: World):
    found = todos(world, "officer_a")
    assert found == {
        "plans": 0,
        "assignments": 0,
        "flags": 0,
        "conflicts": 0,
        "reports": 0,
        "returned": 0,
        "training": 0,
        "hamlets": 0,
    }
    html = page(world, "officer_a")
    assert "Việc cần làm" in html and world.commune_a.name in html


def test_running_campaign_without_the_communes_plan_is_a_todo_linking_to_the_plan(world: World):
    open_campaign(world.campaign_all)
    open_campaign(world.campaign_b)  # commune B only: not officer A's
    item = todo(world, "officer_a", "plans")
    assert item.count == 1
    assert item.url == f"/campaigns/{world.campaign_all.pk}/communes/{world.commune_a.code}/"
    CommunePlan.objects.create(campaign=world.campaign_all, commune=world.commune_a)
    assert todos(world, "officer_a")["plans"] == 0
    assert todos(world, "officer_b")["plans"] == 2


def test_assignments_of_the_coming_seven_days_are_counted_for_the_officer(world: World):
    assign(world, world.team_a, world.hamlet_a1, 0, 0)
    assign(world, world.team_a2, world.hamlet_a2, 6, 8)
    assign(world, world.team_a2, world.hamlet_a2, 7, 8)  # the eighth day: not yet
    assign(world, world.team_b, world.hamlet_b1, 1, 2)  # commune B
    item = todo(world, "officer_a", "assignments")
    assert item.count == 2
    assert [link.text for link in item.items] == [
        f"{world.team_a.name} → {world.hamlet_a1.name}",
        f"{world.team_a2.name} → {world.hamlet_a2.name}",
    ]
    assert item.url == f"/campaigns/{world.campaign_all.pk}/communes/{world.commune_a.code}/"


def _sync(world: World, *records, user=None):
    open_campaign(world.campaign_all)
    return sync_visits(actor=user or world.leader, records=list(records), now=NOW)


def test_open_quality_flags_and_sync_conflicts_are_counted_and_link_to_the_visit_lists(
    world: World,
):
    record = visit_record(world, people_guided=40)  # improbable: flagged
    _sync(world, record)
    _sync(world, {**record, "people_guided": 41})  # a second copy: a conflict
    found = todos(world, "officer_a")
    assert (found["flags"], found["conflicts"]) == (1, 1)
    assert todo(world, "officer_a", "flags").url == "/visits/"
    assert todo(world, "officer_a", "conflicts").url == "/visits/?conflicts=open"
    other = todos(world, "officer_b")
    assert (other["flags"], other["conflicts"]) == (0, 0)
    SyncConflict.objects.update(resolution=Resolution.KEPT_SERVER)
    assert todos(world, "officer_a")["conflicts"] == 0


def test_report_due_once_a_due_date_is_set_and_late_after_it(world: World):
    open_campaign(world.campaign_all)
    assert todos(world, "officer_a")["reports"] == 0  # no due date, campaign running
    ReportDeadline.objects.create(campaign=world.campaign_all, due_on=TODAY() + timedelta(days=5))
    item = todo(world, "officer_a", "reports")
    assert (item.count, item.urgent) == (1, False)
    assert (
        item.url == f"/reports/campaigns/{world.campaign_all.pk}/communes/{world.commune_a.code}/"
    )
    assert Report.objects.count() == 0  # opening the home wrote nothing
    due = (TODAY() + timedelta(days=5)).strftime("%d/%m/%Y")
    assert f"hạn {due}" in page(world, "officer_a")
    ReportDeadline.objects.update(due_on=TODAY() - timedelta(days=1))
    item = todo(world, "officer_a", "reports")
    assert (item.count, item.urgent) == (1, True)
    report = report_services.start_report(
        actor=world.officer_a, campaign=world.campaign_all, commune=world.commune_a
    )
    assert todo(world, "officer_a", "reports").url == f"/reports/{report.pk}/"


def test_submitted_report_leaves_the_todos_and_a_returned_one_comes_back(world: World):
    open_campaign(world.campaign_all)
    ReportDeadline.objects.create(campaign=world.campaign_all, due_on=TODAY())
    report = report_services.start_report(
        actor=world.officer_a, campaign=world.campaign_all, commune=world.commune_a
    )
    report_services.transition(actor=world.officer_a, report=report, action="submit")
    found = todos(world, "officer_a")
    assert (found["reports"], found["returned"]) == (0, 0)
    report.refresh_from_db()
    report_services.transition(
        actor=world.province_admin, report=report, action="return", comment="Bổ sung số liệu"
    )
    item = todo(world, "officer_a", "returned")
    assert (item.count, item.url) == (1, f"/reports/{report.pk}/")


def test_sessions_over_with_attendance_not_entered_await_the_officers_confirmation(world: World):
    course = make_course(world.commune_a, "Lớp kỹ năng số xã Hòa An")
    ended = make_session(course, starts_at=timezone.now() - timedelta(days=2), title="Buổi 1")
    marked = make_session(course, starts_at=timezone.now() - timedelta(days=3), title="Buổi 2")
    coming = make_session(course, starts_at=timezone.now() + timedelta(days=1), title="Buổi 3")
    enrol(ended, world.member_a.person)
    enrol(marked, world.member_a.person, attended=True)
    enrol(coming, world.member_a.person)
    make_session(course, starts_at=timezone.now() - timedelta(days=4), title="Trống")  # nobody
    other = make_course(world.commune_b, "Lớp phường B")
    enrol(make_session(other, starts_at=timezone.now() - timedelta(days=2)), world.member_b.person)
    item = todo(world, "officer_a", "training")
    assert item.count == 1
    assert item.url == f"/training/sessions/{ended.pk}/attendance/"
    assert [link.text for link in item.items] == ["Buổi 1"]


def test_commune_without_hamlets_is_a_todo_linking_to_its_page(world: World):
    empty = make_place("01999", "Xã Chưa Có Thôn", Level.COMMUNE, Kind.XA, world.province)
    client = world.client_for("anonymous")
    client.force_login(make_user("officer-empty", role=Role.COMMUNE_OFFICER, place=empty))
    desk = client.get("/").context["desk"]
    (item,) = [t for t in desk.commune.todos if t.key == "hamlets"]
    assert (item.count, item.url) == (1, f"/places/{empty.code}/")
    assert desk.commune.todos[0].key == "hamlets"  # what waits comes first


# The province ----------------------------------------------------------------------------------


def test_province_sees_running_campaigns_with_links_to_their_dashboards(world: World):
    record = visit_record(world, people_guided=3)
    _sync(world, record, visit_record(world, household="Số 13"))
    world.campaign_all.households_target = 1500
    world.campaign_all.save(update_fields=["households_target"])
    response = world.client_for("province_admin").get("/")
    (campaign,) = response.context["desk"].province.campaigns
    assert (campaign.pk, campaign.households_visited) == (world.campaign_all.pk, 2)
    html = response.content.decode()
    assert f'href="/progress/{world.campaign_all.pk}/"' in html
    assert re.search(r"2 / 1[.,]?500", html)


def test_province_sees_reports_awaiting_acceptance_and_communes_late(world: World):
    open_campaign(world.campaign_all)
    ReportDeadline.objects.create(campaign=world.campaign_all, due_on=TODAY() - timedelta(days=1))
    report = report_services.start_report(
        actor=world.officer_a, campaign=world.campaign_all, commune=world.commune_a
    )
    report_services.transition(actor=world.officer_a, report=report, action="submit")
    found = todos(world, "province_admin")
    assert (found["accept"], found["late"]) == (1, 1)  # commune B has not submitted
    assert todo(world, "province_admin", "accept").url == (
        f"/reports/campaigns/{world.campaign_all.pk}/"
    )
    report.refresh_from_db()
    report_services.transition(actor=world.province_admin, report=report, action="accept")
    report_b = report_services.start_report(
        actor=world.officer_b, campaign=world.campaign_all, commune=world.commune_b
    )
    report_services.transition(actor=world.officer_b, report=report_b, action="submit")
    found = todos(world, "province_admin")
    assert (found["accept"], found["late"]) == (1, 0)


def test_province_first_screen_says_which_communes_have_no_hamlets(world: World):
    make_place("01999", "Xã Chưa Có Thôn", Level.COMMUNE, Kind.XA, world.province)
    item = todo(world, "province_admin", "hamlets")
    assert (item.count, item.url) == (1, "/places/")
    assert [link.text for link in item.items] == ["Xã Chưa Có Thôn"]


# Every role ------------------------------------------------------------------------------------


def test_the_home_never_shows_another_communes_work(world: World):
    assign(world, world.team_b, world.hamlet_b1, 0, 1)
    for persona in ("officer_a", "leader", "member"):
        html = page(world, persona)
        for secret in (world.team_b.name, world.hamlet_b1.name, world.commune_b.name):
            assert secret not in html, (persona, secret)


def test_roles_without_a_home_of_their_own_keep_their_landing(world: World):
    assert world.client_for("teacher").get("/")["Location"] == "/schools/"
    assert world.client_for("education_officer").get("/")["Location"] == "/schools/figures/"
    nobody = make_user("nobody")
    client = world.client_for("anonymous")
    client.force_login(nobody)
    response = client.get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "home/no_role.html"


def test_opening_the_home_writes_nothing(world: World):
    open_campaign(world.campaign_all)
    ReportDeadline.objects.create(campaign=world.campaign_all, due_on=date(2026, 10, 20))
    for persona in ("province_admin", "officer_a", "leader", "member"):
        client = world.client_for(persona)  # signing in writes; opening the page must not
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        writes = [
            q["sql"]
            for q in captured
            if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)
            and "django_session" not in q["sql"]
        ]
        assert writes == [], persona


def _count(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["officer_a", "province_admin", "leader"])
def test_home_query_count_does_not_grow_with_the_work_waiting(world: World, persona: str):
    client = world.client_for(persona)
    open_campaign(world.campaign_all)
    ReportDeadline.objects.create(campaign=world.campaign_all, due_on=TODAY() - timedelta(days=1))
    _sync(world, visit_record(world, people_guided=40))
    assign(world, world.team_a, world.hamlet_a1, 0, 1)
    course = make_course(world.commune_a, "Lớp kỹ năng số xã Hòa An")
    enrol(make_session(course, starts_at=timezone.now() - timedelta(days=2)), world.member_a.person)
    client.get("/")  # warm the per-process caches
    one = _count(client)
    for n in range(2):
        _sync(world, visit_record(world, household=f"Nhà {n}", people_guided=40))
        assign(world, world.team_a2, world.hamlet_a2, n, n + 1)
        enrol(
            make_session(course, starts_at=timezone.now() - timedelta(days=3 + n)),
            world.member_a.person,
        )
    report = report_services.start_report(
        actor=world.officer_a, campaign=world.campaign_all, commune=world.commune_a
    )
    report_services.transition(actor=world.officer_a, report=report, action="submit")
    assert Visit.objects.count() == 3
    assert _count(client) == one
