"""Attendance: the trainer's QR screen, the public check-in page the code leads to, and
the paper sign-in sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from tocds.core.forms import add_validation_error
from tocds.core.ratelimits import client_address
from tocds.training import codes, queries, services
from tocds.training.forms import PhoneCheckInForm, WalkInForm
from tocds.training.models import Enrolment, EnrolmentStatus, Session

CHECKIN_RATE = "30/m"  # phone-number check-ins per client address


def checkin_url(request: HttpRequest, session: Session, code: str) -> str:
    path = reverse("training:checkin", args=[session.pk])
    return request.build_absolute_uri(f"{path}?code={code}")


@login_required
def session_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The trainer's screen: a QR code renewed every minute (htmx), and who is present."""
    session = queries.get_session_for_trainer(request.user, pk)
    now = timezone.now()
    window = codes.window(session)
    is_open = not session.cancelled and window.opens_at <= now <= window.closes_at
    qr = url = ""
    if is_open:
        url = checkin_url(request, session, codes.make_code(session, now=now))
        qr = codes.qr_svg(url)
    context = {
        "session": session,
        "window": window,
        "is_open": is_open,
        "qr": qr,
        "url": url,
        "refresh": codes.REFRESH_SECONDS,
        "present": session.enrolments.filter(
            status=EnrolmentStatus.ENROLLED, attended=True
        ).count(),
        "enrolled": session.enrolled_count,
    }
    template = "training/_qr.html" if request.htmx else "training/session_qr.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the QR code leads (public): signed-in people confirm, others give their phone
    number. An unknown session is answered like an invalid code, so that nothing tells whether
    a session exists."""
    code = request.POST.get("code") or request.GET.get("code") or ""
    session = Session.objects.select_related("course").filter(pk=pk).first()
    refusal = services.check_code(session, code) if session is not None else services.invalid_code()
    result = None
    phone_form = PhoneCheckInForm(initial={"code": code})
    if refusal is None and request.method == "POST":
        if "phone" in request.POST:
            phone_form = PhoneCheckInForm(request.POST)
            if is_ratelimited(
                request,
                group="training-checkin",
                key=client_address,
                rate=CHECKIN_RATE,
                increment=True,
            ):
                result = services.CheckIn(
                    False, "rate_limited", _("Too many attempts; try again in a minute.")
                )
            elif phone_form.is_valid():
                result = services.check_in(
                    session=session, code=code, phone=phone_form.cleaned_data["phone"]
                )
        elif request.user.is_authenticated:
            result = services.check_in(session=session, code=code, user=request.user)
    has_person = request.user.is_authenticated and getattr(request.user, "person", None)
    context = {
        "session": session if refusal is None else None,
        "refusal": refusal,
        "result": result,
        "code": code,
        "phone_form": phone_form,
        "has_person": bool(has_person),
    }
    return render(request, "training/checkin.html", context)


def _sheet_marks(request: HttpRequest, enrolments: list[Enrolment]) -> dict[int, bool | None]:
    values = {"1": True, "0": False, "": None}
    marks = {}
    for enrolment in enrolments:
        key = f"m-{enrolment.pk}"
        if key in request.POST:
            value = request.POST.get(key, "")
            if value not in values:
                raise ValidationError(_("Choose present, absent or not known."))
            marks[enrolment.pk] = values[value]
    return marks


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The paper sign-in sheet, entered during or after the session; corrections kept."""
    session = queries.get_session_for_trainer(request.user, pk)
    enrolments = list(
        session.enrolments.active().select_related("person").order_by("person__search_name")
    )
    walk_in_form = WalkInForm()
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "walk_in":
                walk_in_form = WalkInForm(request.POST)
                if not walk_in_form.is_valid():
                    raise ValidationError(_("Correct the walk-in's details."))
                services.add_walk_in(
                    actor=request.user, session=session, **walk_in_form.cleaned_data
                )
                messages.success(request, _("Added and marked present."))
            else:
                changed = services.record_sheet(
                    actor=request.user, session=session, marks=_sheet_marks(request, enrolments)
                )
                messages.success(request, _("Sign-in sheet saved: %(n)d changes.") % {"n": changed})
        except ValidationError as error:
            if walk_in_form.is_bound:
                add_validation_error(walk_in_form, error)
            else:
                messages.error(request, " ".join(error.messages))
            status = 400
        else:
            return redirect("training:attendance", pk=session.pk)
    context = {
        "session": session,
        "enrolments": enrolments,
        "walk_in_form": walk_in_form,
        "history": queries.attendance_history(session),
    }
    return render(request, "training/attendance.html", context, status=status)
