"""Courses and sessions built directly (fast); behaviour under test goes through pages, API or
services."""

from datetime import datetime, timedelta

from django.utils import timezone

from tocds.conftest import World
from tocds.people.models import Person
from tocds.places.models import Place
from tocds.training.models import (
    Audience,
    Course,
    CourseTopic,
    Enrolment,
    EnrolmentSource,
    Session,
)

COURSE_A = "Lớp kỹ năng số xã Hòa An"
COURSE_B = "Lớp cán bộ phường Thục Phán"
COURSE_PROVINCE = "Tập huấn toàn tỉnh về an toàn thông tin"


def make_course(
    place: Place,
    title: str,
    *,
    topics: tuple[str, ...] = ("public_services",),
    min_sessions: int | None = None,
    quiz_skill: str = "",
    **fields,
) -> Course:
    course = Course.objects.create(
        place=place, title=title, min_sessions=min_sessions, quiz_skill=quiz_skill, **fields
    )
    for topic in topics:
        CourseTopic.objects.create(course=course, topic=topic)
    return course


def make_session(
    course: Course,
    *,
    starts_at: datetime | None = None,
    hours: float = 2,
    capacity: int = 30,
    audience: str = "everyone",
    title: str = "",
    **fields,
) -> Session:
    starts_at = starts_at or timezone.now() - timedelta(minutes=30)
    return Session.objects.create(
        course=course,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        venue=fields.pop("venue", "Hội trường UBND"),
        capacity=capacity,
        audience=audience,
        **fields,
    )


def enrol(
    session: Session, person: Person, audience: str = Audience.TEAM_MEMBERS, **fields
) -> Enrolment:
    """An enrolment written directly, keeping the counter as the services do."""
    enrolment = Enrolment.objects.create(
        session=session,
        person=person,
        audience=audience,
        source=fields.pop("source", EnrolmentSource.OFFICER),
        **fields,
    )
    Session.objects.filter(pk=session.pk).update(enrolled_count=session.enrolments.active().count())
    session.refresh_from_db()
    return enrolment


def training_world(w: World) -> dict:
    """A course of commune A (open to everyone, around now), one of commune B (for officials
    only) and a province course; the plain member of team A enrolled in A's session."""
    existing = Course.objects.filter(title=COURSE_A).first()
    if existing is not None:
        return {
            "course_a": existing,
            "session_a": existing.sessions.get(),
            "course_b": Course.objects.get(title=COURSE_B),
            "session_b": Session.objects.get(course__title=COURSE_B),
            "course_p": Course.objects.get(title=COURSE_PROVINCE),
            "session_p": Session.objects.get(course__title=COURSE_PROVINCE),
        }
    course_a = make_course(w.commune_a, COURSE_A)
    session_a = make_session(course_a, title="Buổi 1: VNeID")
    enrol(session_a, w.member_a.person)
    course_b = make_course(w.commune_b, COURSE_B, topics=("network_security",))
    session_b = make_session(course_b, audience="officials", title="Buổi cán bộ phường")
    enrol(session_b, w.member_b.person, Audience.OFFICIALS)
    course_p = make_course(w.province, COURSE_PROVINCE, topics=("safety",))
    session_p = make_session(course_p, audience="team_members", title="Buổi toàn tỉnh")
    return {
        "course_a": course_a,
        "session_a": session_a,
        "course_b": course_b,
        "session_b": session_b,
        "course_p": course_p,
        "session_p": session_p,
    }
