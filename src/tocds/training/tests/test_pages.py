"""Training pages as their users meet them: plans and courses made by officers within their
scope, sessions seen by team members, rating, completion with a verifiable certificate, the
calendar and .ics files, exports, and the API."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from tocds.certificates.models import Certificate
from tocds.conftest import World
from tocds.core.models import AuditEvent
from tocds.training.models import Completion, Course, Enrolment, TrainingPlan
from tocds.training.tests.factories import enrol, make_course, make_session, training_world

pytestmark = pytest.mark.django_db


def local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


# Plans and courses -----------------------------------------------------------------------------


def test_a_commune_officer_makes_a_plan_and_a_course_for_their_commune(world: World):
    client = world.client_for("officer_a")
    response = client.post(
        "/training/plans/new/",
        {
            "place": world.commune_a.pk,
            "name": "Kế hoạch tập huấn năm 2026",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "officials_target": 5,
            "civil_servants_target": 10,
            "team_members_target": 30,
            "citizens_target": 200,
        },
    )
    assert response.status_code == 302
    plan = TrainingPlan.objects.get()
    assert (plan.place, plan.team_members_target, plan.citizens_target) == (
        world.commune_a,
        30,
        200,
    )
    response = client.post(
        "/training/courses/new/",
        {
            "place": world.commune_a.pk,
            "title": "Lớp an toàn thông tin mạng cho Tổ CĐS",
            "topics": ["safety", "network_security"],
            "plan": plan.pk,
            "campaign": world.campaign_all.pk,
            "dx_day": "on",
            "min_sessions": 2,
            "quiz_skill": "safety",
        },
    )
    assert response.status_code == 302
    course = Course.objects.get()
    assert (course.place, course.plan, course.campaign, course.dx_day) == (
        world.commune_a,
        plan,
        world.campaign_all,
        True,
    )
    assert sorted(t.topic for t in course.topics.all()) == ["network_security", "safety"]
    assert (course.min_sessions, course.quiz_skill) == (2, "safety")


def test_a_commune_officer_cannot_organise_for_another_commune_or_the_province(world: World):
    client = world.client_for("officer_a")
    for place in (world.commune_b, world.province):
        response = client.post(
            "/training/courses/new/",
            {"place": place.pk, "title": "Lớp lạ", "topics": ["shopping"]},
        )
        assert response.status_code == 200  # the place is not among the choices
    assert not Course.objects.exists()


def test_a_course_without_topics_gets_a_message_and_nothing_is_saved(world: World):
    response = world.client_for("officer_a").post(
        "/training/courses/new/", {"place": world.commune_a.pk, "title": "Lớp trống"}
    )
    assert response.status_code == 200
    assert "form" in response.context and response.context["form"].errors
    assert not Course.objects.exists()


def test_a_province_course_is_seen_in_every_commune_but_managed_by_the_province(world: World):
    t = training_world(world)
    officer_b = world.client_for("officer_b")
    assert officer_b.get(f"/training/courses/{t['course_p'].pk}/").status_code == 200
    assert officer_b.get(f"/training/courses/{t['course_p'].pk}/edit/").status_code == 404
    assert officer_b.get(f"/training/courses/{t['course_a'].pk}/").status_code == 404
    listing = officer_b.get("/training/").content.decode()
    assert t["course_p"].title in listing and t["course_b"].title in listing
    assert t["course_a"].title not in listing


def test_a_session_is_scheduled_through_its_page(world: World):
    course = make_course(world.commune_a, "Lớp mua bán trực tuyến", topics=("shopping",))
    starts = timezone.now() + timedelta(days=3)
    response = world.client_for("officer_a").post(
        f"/training/courses/{course.pk}/sessions/new/",
        {
            "title": "Buổi 1",
            "starts_at": local(starts),
            "ends_at": local(starts + timedelta(hours=2)),
            "venue": "Nhà văn hóa xóm Nà Mẫu",
            "trainer_name": "Bế Văn Giảng",
            "trainer": world.leader.pk,
            "capacity": 25,
            "audience": "team_members",
        },
    )
    assert response.status_code == 302
    session = course.sessions.get()
    assert (session.capacity, session.trainer, session.audience) == (
        25,
        world.leader,
        "team_members",
    )
    no_place = world.client_for("officer_a").post(
        f"/training/courses/{course.pk}/sessions/new/",
        {
            "starts_at": local(starts),
            "ends_at": local(starts + timedelta(hours=1)),
            "capacity": 5,
            "audience": "everyone",
        },
    )
    assert "Hãy nhập địa điểm" in no_place.content.decode()
    assert course.sessions.count() == 1


# Team members ---------------------------------------------------------------------------------


def test_a_team_member_sees_upcoming_sessions_for_their_team_and_their_record(world: World):
    t = training_world(world)
    t["session_p"].starts_at = timezone.now() + timedelta(days=1)
    t["session_p"].ends_at = t["session_p"].starts_at + timedelta(hours=2)
    t["session_p"].save()
    page = world.client_for("member").get("/training/me/")
    text = page.content.decode()
    assert t["session_p"].title in text  # open to team members of the province
    assert t["session_a"].title in text  # enrolled
    assert t["session_b"].title not in text  # another commune, for officials


def test_a_participant_rates_a_session_they_attended(world: World):
    t = training_world(world)
    session = t["session_a"]
    client = world.client_for("member")
    refused = client.post(f"/training/sessions/{session.pk}/rate/", {"rating": 4, "comment": "Hay"})
    assert refused.status_code == 400
    assert "Chỉ người đã dự buổi học" in refused.content.decode()
    Enrolment.objects.filter(session=session).update(attended=True)
    response = client.post(
        f"/training/sessions/{session.pk}/rate/", {"rating": 4, "comment": "Dễ hiểu"}
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(session=session)
    assert (enrolment.rating, enrolment.comment) == (4, "Dễ hiểu")
    bad = client.post(f"/training/sessions/{session.pk}/rate/", {"rating": 9})
    assert bad.status_code == 400
    assert Enrolment.objects.get(session=session).rating == 4


# Completion and certificates -------------------------------------------------------------------


def test_attending_every_session_completes_the_course_with_a_verifiable_certificate(world: World):
    course = make_course(world.commune_a, "Lớp hai buổi")
    first = make_session(course, starts_at=timezone.now() - timedelta(days=2))
    second = make_session(course, starts_at=timezone.now() - timedelta(days=1))
    e1 = enrol(first, world.member_a.person)
    e2 = enrol(second, world.member_a.person)
    client = world.client_for("officer_a")
    client.post(
        f"/training/sessions/{first.pk}/attendance/", {"action": "sheet", f"m-{e1.pk}": "1"}
    )
    assert not Completion.objects.exists()
    client.post(
        f"/training/sessions/{second.pk}/attendance/", {"action": "sheet", f"m-{e2.pk}": "1"}
    )
    completion = Completion.objects.get()
    assert (completion.course, completion.person) == (course, world.member_a.person)
    certificate = Certificate.objects.get(code=completion.certificate_code)
    assert (certificate.kind, certificate.title, certificate.holder_name) == (
        "training",
        "Lớp hai buổi",
        "Hoàng Thị Thử",
    )
    verify = Client().get(f"/verify/{certificate.code}/")
    assert verify.status_code == 200
    assert "Lớp hai buổi" in verify.content.decode()
    record = world.client_for("member").get("/training/me/").content.decode()
    assert f"/verify/{certificate.code}/" in record
    # A correction of the sheet revokes the completion and its certificate.
    client.post(
        f"/training/sessions/{second.pk}/attendance/", {"action": "sheet", f"m-{e2.pk}": "0"}
    )
    completion.refresh_from_db()
    certificate.refresh_from_db()
    assert completion.revoked_at is not None and certificate.is_revoked
    revoked_page = Client().get(f"/verify/{certificate.code}/").content.decode()
    assert "điểm danh đã được sửa" in revoked_page.lower()


def _sit_safety_quiz(user, *, right: bool):
    """The learning module's self-check of "safety", signed in as `user`."""
    from tocds.learning.content import load_content
    from tocds.learning.models import Skill
    from tocds.learning.services import quiz_questions, record_attempt
    from tocds.learning.tests.conftest import FIXTURE

    if not Skill.objects.exists():
        load_content(FIXTURE)
    skill = Skill.objects.get(code="safety")
    answers = {
        q.pk: q.answer if right else (q.answer + 1) % len(q.choices) for q in quiz_questions(skill)
    }
    return record_attempt(skill=skill, answers=answers, learner=user)


def test_a_rule_of_n_sessions_and_a_quiz_needs_the_learning_quiz_passed(world: World):
    course = make_course(world.commune_a, "Lớp có kiểm tra", min_sessions=1, quiz_skill="safety")
    session = make_session(course, starts_at=timezone.now() - timedelta(days=1))
    make_session(course, starts_at=timezone.now() - timedelta(hours=30))
    enrolment = enrol(session, world.member_a.person)
    client = world.client_for("officer_a")
    client.post(
        f"/training/sessions/{session.pk}/attendance/",
        {"action": "sheet", f"m-{enrolment.pk}": "1"},
    )
    assert not Completion.objects.exists()  # attended, but has not passed the quiz
    user = world.member_a.person.user
    assert not _sit_safety_quiz(user, right=False).passed
    assert client.post(f"/training/courses/{course.pk}/complete/").status_code == 302
    assert not Completion.objects.exists()  # a failed quiz is not a pass
    assert _sit_safety_quiz(user, right=True).passed
    assert client.post(f"/training/courses/{course.pk}/complete/").status_code == 302
    assert Completion.objects.filter(person=world.member_a.person, revoked_at=None).count() == 1


# Calendar and .ics ------------------------------------------------------------------------------


def test_the_public_calendar_shows_only_sessions_open_to_everyone(world: World):
    t = training_world(world)
    text = Client().get("/training/calendar/").content.decode()
    assert t["session_a"].title in text  # for everyone
    assert t["session_b"].title not in text  # for officials of commune B
    assert t["session_p"].title not in text  # for team members


def test_a_session_goes_into_a_phone_calendar(world: World):
    t = training_world(world)
    session = t["session_a"]
    response = Client().get(f"/training/sessions/{session.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == session.title
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") == session.ends_at.replace(microsecond=0)
    assert str(event["location"]) == session.venue
    assert str(event["uid"]).startswith(f"training-session-{session.pk}@")
    # A session that is not public needs an account that may see it.
    assert Client().get(f"/training/sessions/{t['session_b'].pk}/calendar.ics").status_code == 404


def test_my_sessions_calendar_holds_my_active_enrolments(world: World):
    t = training_world(world)
    enrol(t["session_p"], world.member_a.person)
    response = world.client_for("member").get("/training/me/calendar.ics")
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert sorted(str(e["summary"]) for e in events) == ["Buổi 1: VNeID", "Buổi toàn tỉnh"]


# Exports ----------------------------------------------------------------------------------------


def sheet_text(response) -> str:
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return "\n".join(
        " ".join(str(v) for v in row if v is not None)
        for row in workbook.worksheets[0].iter_rows(values_only=True)
    )


def test_the_results_export_lists_attendance_and_is_recorded(world: World):
    t = training_world(world)
    Enrolment.objects.filter(session=t["session_a"]).update(attended=True, rating=5)
    response = world.client_for("officer_a").get(
        f"/training/courses/{t['course_a'].pk}/results.xlsx"
    )
    text = sheet_text(response)
    assert "Hoàng Thị Thử" in text and "0900 000 002" in text and "có mặt" in text
    assert AuditEvent.objects.filter(action="training.export", rows=1).exists()


def test_the_area_export_masks_phones_where_the_role_may_not_see_them(world: World):
    t = training_world(world)
    enrol(t["session_p"], world.member_b.person)
    admin = sheet_text(world.client_for("province_admin").get("/training/figures/results.xlsx"))
    assert "0900 000 003" in admin
    officer_b = world.client_for("officer_b").get(
        "/training/figures/results.xlsx", {"area": world.commune_b.code}
    )
    text = sheet_text(officer_b)
    assert "Lục Văn Demo" in text and "Hoàng Thị Thử" not in text


def test_the_course_list_reads_the_same_number_of_queries_for_one_or_three_courses(world: World):
    client = world.client_for("province_admin")
    make_session(make_course(world.commune_a, "Một"))
    client.get("/training/")
    with CaptureQueriesContext(connection) as one:
        client.get("/training/")
    for n in range(2):
        make_session(make_course(world.commune_b, f"Thêm {n}", topics=("shopping", "payment")))
    with CaptureQueriesContext(connection) as three:
        client.get("/training/")
    assert len(one) == len(three)


def test_the_calendar_reads_the_same_number_of_queries_for_one_or_three_sessions(world: World):
    client = world.client_for("officer_a")
    course = make_course(world.commune_a, "Lịch")
    make_session(course, starts_at=timezone.now() + timedelta(days=1))
    client.get("/training/calendar/")
    with CaptureQueriesContext(connection) as one:
        client.get("/training/calendar/")
    for n in range(2):
        make_session(course, starts_at=timezone.now() + timedelta(days=2 + n))
    with CaptureQueriesContext(connection) as three:
        client.get("/training/calendar/")
    assert len(one) == len(three)


# API --------------------------------------------------------------------------------------------


def test_the_api_lists_the_sessions_a_member_may_attend(world: World):
    t = training_world(world)
    body = world.client_for("member").get("/api/v1/training/sessions").json()
    titles = sorted(item["title"] for item in body["items"])
    assert titles == ["Buổi 1: VNeID", "Buổi toàn tỉnh"]
    assert body["items"][0]["places_left"] >= 0
    assert t["session_b"].title not in str(body)


def test_the_api_takes_any_day_as_since_even_year_one(world: World):
    # Found by the API fuzzing: the first day of year 1 in UTC+7 lies before year 1 in UTC.
    training_world(world)
    response = world.client_for("member").get("/api/v1/training/sessions?since=0001-01-01")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 2


def test_the_api_enrols_a_member_and_refuses_a_second_time(world: World):
    t = training_world(world)
    session = t["session_p"]
    session.starts_at = timezone.now() + timedelta(days=1)
    session.ends_at = session.starts_at + timedelta(hours=2)
    session.save()
    client = world.client_for("leader")
    url = f"/api/v1/training/sessions/{session.pk}/enrolments"
    first = client.post(url, {}, content_type="application/json")
    assert first.status_code == 200
    assert (first.json()["full_name"], first.json()["source"]) == ("Nông Văn Mẫu", "self")
    second = client.post(url, {}, content_type="application/json")
    assert second.status_code == 409
    assert "đã đăng ký" in second.json()["detail"]
    # An officer enrols a member of their commune; another commune's officer cannot.
    admin = world.client_for("province_admin").post(
        url, {"membership_id": world.member_a.pk}, content_type="application/json"
    )
    assert admin.status_code == 200
    foreign = world.client_for("officer_b").post(
        f"/api/v1/training/sessions/{t['session_a'].pk}/enrolments",
        {"membership_id": world.member_b.pk},
        content_type="application/json",
    )
    assert foreign.status_code == 404
