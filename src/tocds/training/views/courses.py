"""Course pages: the list, a course, its form, completion and its results export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.core.models import record
from tocds.core.xlsx import workbook_response
from tocds.people.scoping import Perm, has_perm_anywhere
from tocds.training import exchange, queries, services
from tocds.training.forms import CourseForm
from tocds.training.models import Course, CourseTopic, Enrolment


def _require_training(user) -> None:
    if not (
        has_perm_anywhere(user, Perm.VIEW_TRAINING) or has_perm_anywhere(user, Perm.ENROL_SELF)
    ):
        raise Http404


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
