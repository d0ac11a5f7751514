"""Training pages. Thin: fetch through the scoped helpers of `queries`, validate a form, call
one service, render. Outside the user's scope every page answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from tocds.core.forms import add_validation_error, handle_import
from tocds.core.history import history_rows
from tocds.core.models import record
from tocds.core.xlsx import workbook_response
from tocds.people.phones import mask, national
from tocds.people.scoping import Perm, has_perm_anywhere, require_perm_anywhere, scope_for
from tocds.training import codes, exchange, figures, ics, queries, services
from tocds.training.forms import (
    CourseForm,
    ExternalForm,
    FiguresForm,
    PersonForm,
    PhoneCheckInForm,
    PlanForm,
    RatingForm,
    SessionForm,
    TeamEnrolForm,
    WalkInForm,
)
from tocds.training.models import (
    Course,
    CourseTopic,
    Enrolment,
    EnrolmentStatus,
    Session,
    TrainingPlan,
)

CHECKIN_RATE = "30/m"  # phone-number check-ins per client address


def _require_training(user) -> None:
    if not (
        has_perm_anywhere(user, Perm.VIEW_TRAINING) or has_perm_anywhere(user, Perm.ENROL_SELF)
    ):
        raise Http404


# Courses -------------------------------------------------------------------------------------


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    _require_training(request.user)
    can_manage = has_perm_anywhere(request.user, Perm.MANAGE_TRAINING)
    context = {
        "courses": queries.courses(request.user).order_by("-created_at")[:200],
        "can_manage": can_manage,
        "can_see_figures": bool(queries.areas_for(request.user)),
    }
    return render(request, "training/course_list.html", context)


def _course_initial(course: Course | None) -> dict:
    if course is None:
        return {}
    return {
        "place": course.place_id,
        "title": course.title,
        "description": course.description,
        "topics": [t.topic for t in course.topics.all()],
        "organiser": course.organiser_id,
        "plan": course.plan_id,
        "campaign": course.campaign_id,
        "dx_day": course.dx_day,
        "min_sessions": course.min_sessions,
        "quiz_skill": course.quiz_skill,
    }


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    course = queries.get_course_for_user(request.user, pk, Perm.MANAGE_TRAINING) if pk else None
    places = queries.organising_places(request.user)
    if not places:
        raise Http404
    form = CourseForm(
        request.POST or None, initial=_course_initial(course), user=request.user, places=places
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_course(actor=request.user, course=course, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Course saved."))
            return redirect("training:course_detail", pk=saved.pk)
    return render(request, "training/course_form.html", {"form": form, "course": course})


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = queries.get_course_for_user(request.user, pk)
    can_manage = services.can_manage(request.user, course)
    sessions = list(course.sessions.select_related("trainer").order_by("starts_at", "pk"))
    context = {
        "course": course,
        "sessions": sessions,
        "can_manage": can_manage,
        "completions": (
            course.completions.filter(revoked_at__isnull=True).select_related("person")
            if can_manage
            else []
        ),
        "completion_count": course.completions.filter(revoked_at__isnull=True).count(),
        "history": (
            history_rows(course.history.all(), CourseTopic.history.filter(course_id=course.pk))
            if can_manage
            else []
        ),
    }
    return render(request, "training/course_detail.html", context)


@login_required
@require_POST
def course_complete(request: HttpRequest, pk: int) -> HttpResponse:
    course = queries.get_course_for_user(request.user, pk, Perm.MANAGE_TRAINING)
    count = services.evaluate_course(actor=request.user, course=course)
    messages.success(request, _("Completion checked: %(n)d people completed.") % {"n": count})
    return redirect("training:course_detail", pk=course.pk)


@login_required
def course_export(request: HttpRequest, pk: int) -> HttpResponse:
    course = queries.get_course_for_user(request.user, pk, Perm.MANAGE_TRAINING)
    rows = exchange.result_rows(Enrolment.objects.filter(session__course=course))
    record(
        actor=request.user, action="training.export", detail=f"course {course.pk}", rows=len(rows)
    )
    return workbook_response(
        exchange.export_results(request.user, rows), f"ket-qua-tap-huan-{course.pk}.xlsx"
    )


# Sessions ------------------------------------------------------------------------------------


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
        session = queries.get_session_for_manager(request.user, pk)
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
        show_phones = scope_for(user, Perm.VIEW_PHONES).covers_path(course.place.path)
        enrolments = list(
            session.enrolments.select_related("person").order_by("status", "person__search_name")
        )
        for enrolment in enrolments:
            phone = enrolment.person.phone
            enrolment.phone_display = national(phone) if show_phones else mask(phone)
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
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    session = queries.get_session_for_manager(request.user, pk)
    form = PersonForm(request.POST, user=request.user, session=session)
    if form.is_valid():
        try:
            if form.cleaned_data["membership"]:
                services.enrol_membership(
                    actor=request.user, session=session, membership=form.cleaned_data["membership"]
                )
            else:
                services.enrol_new_person(
                    actor=request.user,
                    session=session,
                    full_name=form.cleaned_data["full_name"],
                    phone=form.cleaned_data["phone"],
                    audience=form.cleaned_data["audience"],
                )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Enrolled."))
            return redirect("training:session_detail", pk=session.pk)
    context = _session_context(request, session, person_form=form)
    return render(request, "training/session_detail.html", context, status=400)


@login_required
@require_POST
def enrol_team(request: HttpRequest, pk: int) -> HttpResponse:
    session = queries.get_session_for_manager(request.user, pk)
    form = TeamEnrolForm(request.POST, user=request.user, session=session)
    if form.is_valid():
        try:
            count = services.enrol_team(
                actor=request.user, session=session, team=form.cleaned_data["team"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("%(n)d team members enrolled.") % {"n": count})
            return redirect("training:session_detail", pk=session.pk)
    context = _session_context(request, session, team_form=form)
    return render(request, "training/session_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def enrol_import(request: HttpRequest, pk: int) -> HttpResponse:
    session = queries.get_session_for_manager(request.user, pk)

    def importer(*, actor, upload):
        return exchange.import_enrolments(actor=actor, session=session, upload=upload)

    form, result = handle_import(request, importer, action="training.enrolments.import")
    if result is not None and result.ok:
        messages.success(request, _("%(n)d people enrolled.") % {"n": result.created})
        return redirect("training:session_detail", pk=session.pk)
    context = {"form": form, "result": result, "session": session}
    return render(request, "training/enrol_import.html", context)


@login_required
def enrol_template(request: HttpRequest, pk: int) -> HttpResponse:
    session = queries.get_session_for_manager(request.user, pk)
    return workbook_response(exchange.enrolment_template(session), "mau-dang-ky-tap-huan.xlsx")


@login_required
@require_POST
def enrol_self(request: HttpRequest, pk: int) -> HttpResponse:
    session = queries.get_session_for_user(request.user, pk)
    try:
        services.enrol_self(actor=request.user, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are enrolled."))
    return redirect("training:session_detail", pk=session.pk)


@login_required
@require_POST
def enrolment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = queries.get_enrolment_for_user(request.user, pk)
    try:
        services.cancel_enrolment(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Enrolment cancelled."))
    return redirect("training:session_detail", pk=enrolment.session_id)


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


# Attendance ----------------------------------------------------------------------------------


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


def _client_address(group: str, request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


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
                key=_client_address,
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


# Calendar ------------------------------------------------------------------------------------


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


# Plans, figures, participation elsewhere ------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.VIEW_TRAINING)
    plans = TrainingPlan.objects.visible_to(request.user).select_related("place")
    context = {"plans": plans, "can_manage": has_perm_anywhere(request.user, Perm.MANAGE_TRAINING)}
    return render(request, "training/plan_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    plan = queries.get_plan_for_user(request.user, pk, Perm.MANAGE_TRAINING) if pk else None
    places = queries.organising_places(request.user)
    if not places:
        raise Http404
    initial = {}
    if plan is not None:
        initial = {
            f: getattr(plan, f)
            for f in (
                "name",
                "starts_on",
                "ends_on",
                "officials_target",
                "civil_servants_target",
                "team_members_target",
                "citizens_target",
                "note",
            )
        }
        initial["place"] = plan.place_id
    form = PlanForm(request.POST or None, initial=initial, places=places)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_plan(
                actor=request.user,
                plan=plan,
                place=form.cleaned_data["place"],
                name=form.cleaned_data["name"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                targets=form.targets(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("training:plan_detail", pk=saved.pk)
    return render(request, "training/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Participation against the plan's targets, by audience and (province plans) commune."""
    plan = queries.get_plan_for_user(request.user, pk)
    whole, by_place = figures.plan_participation(plan)
    scope = scope_for(request.user, Perm.VIEW_TRAINING)
    if not scope.covers_path(plan.place.path):
        by_place = [row for row in by_place if scope.covers_path(row.place.path)]
    context = {
        "plan": plan,
        "whole": whole,
        "by_place": by_place,
        "can_manage": scope_for(request.user, Perm.MANAGE_TRAINING).covers_path(plan.place.path),
        "courses": queries.courses(request.user).filter(plan=plan),
        "history": history_rows(plan.history.all()),
    }
    return render(request, "training/plan_detail.html", context)


def _figures_form(request: HttpRequest, perm: Perm) -> FiguresForm:
    areas = queries.areas_for(request.user, perm)
    if not areas:
        raise Http404
    return FiguresForm(request.GET or None, areas=areas)


@login_required
def figures_page(request: HttpRequest) -> HttpResponse:
    form = _figures_form(request, Perm.VIEW_TRAINING)
    area, starts_on, ends_on = form.values()
    context = {
        "form": form,
        "area": area,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "total": figures.training_figures(area=area, starts_on=starts_on, ends_on=ends_on),
        "by_place": figures.figures_by_place(area=area, starts_on=starts_on, ends_on=ends_on),
        "can_export": scope_for(request.user, Perm.MANAGE_TRAINING).covers_path(area.path),
        "querystring": request.GET.urlencode(),
    }
    return render(request, "training/figures.html", context)


@login_required
def figures_export(request: HttpRequest) -> HttpResponse:
    form = _figures_form(request, Perm.MANAGE_TRAINING)
    area, starts_on, ends_on = form.values()
    start, end = figures.period_bounds(starts_on, ends_on)
    rows = exchange.result_rows(
        Enrolment.objects.filter(
            session__course__place__path__startswith=area.path,
            session__starts_at__gte=start,
            session__starts_at__lt=end,
        )
    )
    record(actor=request.user, action="training.export", detail=f"area {area.code}", rows=len(rows))
    name = f"tap-huan-{area.code}-{starts_on:%Y%m%d}-{ends_on:%Y%m%d}.xlsx"
    return workbook_response(exchange.export_results(request.user, rows), name)


@login_required
@require_http_methods(["GET", "POST"])
def external_list(request: HttpRequest) -> HttpResponse:
    places = queries.organising_places(request.user)
    if not places:
        raise Http404
    form = ExternalForm(request.POST or None, places=places)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_external(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Participation recorded."))
                return redirect("training:external_list")
        status = 400
    show_phones = scope_for(request.user, Perm.VIEW_PHONES)
    records = list(queries.external_records(request.user)[:300])
    for item in records:
        phone = item.person.phone
        item.phone_display = (
            national(phone) if show_phones.covers_path(item.place.path) else mask(phone)
        )
    context = {"form": form, "records": records}
    return render(request, "training/external_list.html", context, status=status)
