"""Scoped reads of training: one `get_<thing>_for_user` per object (404 outside the scope),
the lists of the pages, the calendar."""

from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tocds.people.models import Person
from tocds.people.scoping import Perm, scope_for
from tocds.places.models import Level, Place
from tocds.training.models import (
    Course,
    CourseTopic,
    Enrolment,
    ExternalParticipation,
    Session,
    TrainingPlan,
    place_management,
)
from tocds.training.services import sessions_open_to_team


def get_plan_for_user(user, pk: int, perm: Perm = Perm.VIEW_TRAINING) -> TrainingPlan:
    return get_object_or_404(
        TrainingPlan.objects.visible_to(user, perm).select_related("place"), pk=pk
    )


def courses(user, perm: Perm = Perm.VIEW_TRAINING) -> QuerySet[Course]:
    return (
        Course.objects.visible_to(user, perm)
        .select_related("place", "organiser", "campaign", "plan")
        .prefetch_related(Prefetch("topics", queryset=CourseTopic.objects.order_by("topic")))
        .annotate(session_count=Count("sessions", filter=Q(sessions__cancelled=False)))
    )


def get_course_for_user(user, pk: int, perm: Perm = Perm.VIEW_TRAINING) -> Course:
    return get_object_or_404(courses(user, perm), pk=pk)


_SESSION_RELATED = ("course__place", "trainer")


def get_session_for_user(user, pk: int, perm: Perm = Perm.VIEW_TRAINING) -> Session:
    """A session the user may see (public ones, and those of courses in their area), or with
    another `perm` a session of a course where the user holds it; 404 otherwise."""
    sessions = (
        Session.objects.attendable_by(user)
        if perm == Perm.VIEW_TRAINING
        else Session.objects.visible_to(user, perm)
    )
    return get_object_or_404(sessions.select_related(*_SESSION_RELATED), pk=pk)


def get_session_for_trainer(user, pk: int) -> Session:
    """A session whose attendance the user may take: its course's managers and its trainer."""
    if not user.is_authenticated:
        raise Http404
    sessions = Session.objects.filter(
        place_management(user, Perm.MANAGE_TRAINING, "course__place__path") | Q(trainer=user)
    )
    return get_object_or_404(sessions.select_related(*_SESSION_RELATED), pk=pk)


def get_enrolment_for_user(user, pk: int) -> Enrolment:
    """An enrolment the user may cancel: in a course they manage, or their own."""
    own = Q(person__user=user) if user.is_authenticated else Q(pk__in=[])
    return get_object_or_404(
        Enrolment.objects.filter(
            place_management(user, Perm.MANAGE_TRAINING, "session__course__place__path") | own
        ).select_related("session__course__place", "person"),
        pk=pk,
    )


def calendar(user, *, since: datetime | None = None) -> QuerySet[Session]:
    """Sessions from `since` (default: today) that the user may attend or see."""
    since = since or timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    sessions = Session.objects.public() if not user.is_authenticated else None
    if sessions is None:
        sessions = Session.objects.attendable_by(user)
    return (
        sessions.filter(ends_at__gte=since)
        .select_related("course__place")
        .order_by("starts_at", "pk")
    )


def upcoming_for_team_member(user) -> QuerySet[Session]:
    """Sessions not yet over, open to the user's team (their commune's and province's)."""
    return (
        Session.objects.filter(sessions_open_to_team(user), ends_at__gte=timezone.now())
        .select_related("course__place")
        .order_by("starts_at", "pk")
    )


def my_enrolments(user) -> QuerySet[Enrolment]:
    person = getattr(user, "person", None)
    if person is None:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(person=person)
        .select_related("session__course__place")
        .order_by("-session__starts_at")
    )


def areas_for(user, perm: Perm = Perm.VIEW_TRAINING) -> list[Place]:
    """Places a user may choose for figures: their provinces, then their communes."""
    scope = scope_for(user, perm)
    if not scope.paths:
        return []
    places = Place.objects.current().filter(
        scope.place_q(), level__in=(Level.PROVINCE, Level.COMMUNE)
    )
    return sorted(places, key=lambda p: (p.level != Level.PROVINCE, p.search_name))


def organising_places(user) -> list[Place]:
    """Where the user may organise training: their provinces and communes."""
    return areas_for(user, Perm.MANAGE_TRAINING)


def external_records(user) -> QuerySet[ExternalParticipation]:
    return ExternalParticipation.objects.visible_to(user).select_related(
        "place", "person", "recorded_by"
    )


ATTENDANCE_REASONS = ("checked in", "sign-in sheet", "corrected")


def attendance_history(session: Session, limit: int = 100) -> list[dict]:
    """Who recorded whose attendance, when and how (QR, sheet, correction), newest first."""
    from tocds.core.history import REASONS

    records = list(
        Enrolment.history.filter(
            session_id=session.pk, history_change_reason__in=ATTENDANCE_REASONS
        )
        .select_related("history_user")
        .order_by("-history_date", "-pk")[:limit]
    )
    names = dict(
        Person.objects.filter(pk__in={r.person_id for r in records}).values_list("pk", "full_name")
    )
    return [
        {
            "when": r.history_date,
            "who": str(r.history_user) if r.history_user else "—",
            "person": names.get(r.person_id, ""),
            "what": REASONS.get(r.history_change_reason, r.history_change_reason),
            "attended": r.attended,
        }
        for r in records
    ]
