"""The public calendar of sessions, and a person's own training record and calendar."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tocds.training import ics, queries
from tocds.training.models import Session


def calendar(request: HttpRequest) -> HttpResponse:
    """Sessions anyone may attend (public), and for signed-in users those of their area."""
    sessions = list(queries.calendar(request.user)[:300])
    return render(request, "training/calendar.html", {"sessions": sessions})


def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.is_authenticated:
        session = queries.get_session_for_user(request.user, pk)
    else:
        session = get_object_or_404(Session.objects.public().select_related("course"), pk=pk)
    return ics.response(request, [session], f"buoi-tap-huan-{session.pk}.ics")


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    """A person's own training: upcoming sessions open to their team, enrolments, attendance,
    ratings, completions and certificates, and participation elsewhere."""
    person = getattr(request.user, "person", None)
    enrolments = list(queries.my_enrolments(request.user))
    enrolled_ids = {e.session_id for e in enrolments if e.is_active}
    context = {
        "person": person,
        "enrolments": enrolments,
        "upcoming": [
            s for s in queries.upcoming_for_team_member(request.user) if s.pk not in enrolled_ids
        ][:50],
        "completions": (
            person.completions.filter(revoked_at__isnull=True).select_related("course")
            if person
            else []
        ),
        "elsewhere": person.external_trainings.all() if person else [],
    }
    return render(request, "training/my_record.html", context)


@login_required
def my_ics(request: HttpRequest) -> HttpResponse:
    sessions = [e.session for e in queries.my_enrolments(request.user) if e.is_active]
    return ics.response(request, sessions, "buoi-tap-huan-cua-toi.ics")
