"""Session pages: a session (with its enrolments for managers and trainers), its form,
and a participant's rating."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.people.scoping import Perm, PhoneDisplay
from tocds.training import queries, services
from tocds.training.forms import PersonForm, RatingForm, SessionForm, TeamEnrolForm
from tocds.training.models import Enrolment, Session


def _session_initial(session: Session | None) -> dict:
    if session is None:
        return {}
    return {
        "title": session.title,
        "starts_at": timezone.localtime(session.starts_at),
        "ends_at": timezone.localtime(session.ends_at),
        "venue": session.venue,
        "online_url": session.online_url,
        "trainer_name": session.trainer_name,
        "trainer": session.trainer_id,
        "capacity": session.capacity,
        "audience": session.audience,
        "cancelled": session.cancelled,
    }


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int, course_pk: int | None = None) -> HttpResponse:
    if course_pk is not None:
        course = queries.get_course_for_user(request.user, course_pk, Perm.MANAGE_TRAINING)
        session = None
    else:
        session = queries.get_session_for_user(request.user, pk, Perm.MANAGE_TRAINING)
        course = session.course
    form = SessionForm(request.POST or None, initial=_session_initial(session), course=course)
    if session is None:
        form.fields.pop("cancelled")
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_session(
                actor=request.user,
                session=session,
                course=course,
                **{"cancelled": False, **form.cleaned_data},
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Session saved."))
            return redirect("training:session_detail", pk=saved.pk)
    context = {"form": form, "course": course, "session": session}
    return render(request, "training/session_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    return session_edit(request, pk=0, course_pk=pk)


def _session_context(request: HttpRequest, session: Session, **forms) -> dict:
    user = request.user
    course = session.course
    can_manage = services.can_manage(user, course)
    can_attend = services.can_take_attendance(user, session)
    person = getattr(user, "person", None)
    mine = Enrolment.objects.filter(session=session, person=person).first() if person else None
    enrolments = []
    if can_manage or can_attend:
        phones = PhoneDisplay.for_user(user)
        enrolments = list(
            session.enrolments.select_related("person").order_by("status", "person__search_name")
        )
        for enrolment in enrolments:
            enrolment.phone_display = phones.show(enrolment.person.phone, place=course.place)
    context = {
        "session": session,
        "course": course,
        "can_manage": can_manage,
        "can_attend": can_attend,
        "enrolments": enrolments,
        "present": sum(1 for e in enrolments if e.is_active and e.attended),
        "mine": mine,
        "can_enrol_self": (
            (mine is None or not mine.is_active)
            and services.self_enrolment_membership(user, session) is not None
        ),
        "can_withdraw": (
            mine is not None
            and mine.is_active
            and not mine.attended
            and session.starts_at > timezone.now()
        ),
        "rating_form": forms.get("rating_form")
        or (RatingForm(initial={"rating": mine.rating, "comment": mine.comment}) if mine else None),
        "history": history_rows(session.history.all()) if can_manage else [],
    }
    if can_manage:
        context["person_form"] = forms.get("person_form") or PersonForm(user=user, session=session)
        context["team_form"] = forms.get("team_form") or TeamEnrolForm(user=user, session=session)
    return context


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = queries.get_session_for_user(request.user, pk)
    return render(request, "training/session_detail.html", _session_context(request, session))


@login_required
@require_POST
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    session = queries.get_session_for_user(request.user, pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rate_session(
                actor=request.user,
                session=session,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("training:session_detail", pk=session.pk)
    context = _session_context(request, session, rating_form=form)
    return render(request, "training/session_detail.html", context, status=400)
