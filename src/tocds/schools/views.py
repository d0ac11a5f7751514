"""Pages of the school programme.

Teachers (Perm.TEACH_CLASSES through a grant naming their school): their classes, lessons
delivered, class quizzes and their results — only their own classes (404 otherwise).
The Education officer and commune officers (Perm.VIEW_SCHOOL_PROGRAMME): the figures and their
Excel export. Lesson plans are public (printable)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.core.models import record
from tocds.core.xlsx import workbook_response
from tocds.learning.models import LessonPlan, Skill
from tocds.people.scoping import Perm, require_perm_anywhere
from tocds.schools import exports, queries, services
from tocds.schools.forms import (
    ClassForm,
    DeliveryForm,
    FamilyForm,
    FiguresForm,
    QuizOpenForm,
)
from tocds.schools.models import DeliveryStatus, SchoolClass
from tocds.schools.qr import qr_svg_data_uri

RESULTS_REFRESH_SECONDS = 10


def _posted(request: HttpRequest):
    """The form data of a POST (even an empty one: it must fail validation), else None."""
    return request.POST if request.method == "POST" else None


def _require_teacher(request: HttpRequest) -> None:
    if not services.is_teacher(request.user):
        raise Http404


# Classes ------------------------------------------------------------------------------------


@login_required
@require_GET
def class_list(request: HttpRequest) -> HttpResponse:
    _require_teacher(request)
    classes = SchoolClass.objects.visible_to(request.user).select_related("school")
    context = {
        "classes": classes,
        "schools": services.teacher_schools(request.user),
        "join_page": request.build_absolute_uri(reverse("quiz:join")),
    }
    return render(request, "schools/class_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def class_create(request: HttpRequest) -> HttpResponse:
    _require_teacher(request)
    form = ClassForm(_posted(request), actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            school_class = services.save_class(
                actor=request.user, school_class=None, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Class saved."))
            return redirect("schools:class_detail", pk=school_class.pk)
    status = 400 if form.errors else 200
    return render(request, "schools/class_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def class_edit(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = queries.get_class_for_user(request.user, pk)
    initial = {
        "school": school_class.school_id,
        "grade": school_class.grade,
        "name": school_class.name,
        "school_year": school_class.school_year,
        "students": school_class.students,
    }
    form = ClassForm(_posted(request), actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_class(actor=request.user, school_class=school_class, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Class saved."))
            return redirect("schools:class_detail", pk=school_class.pk)
    context = {"form": form, "school_class": school_class}
    return render(request, "schools/class_form.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = queries.get_class_for_user(request.user, pk)
    lessons = school_class.lessons.select_related("plan", "plan__skill")
    quizzes = school_class.quizzes.select_related("skill").prefetch_related("submissions")
    now = timezone.now()
    context = {
        "school_class": school_class,
        "lessons": lessons,
        "quizzes": quizzes,
        "now": now,
        "quiz_form": QuizOpenForm(),
        "history": history_rows(school_class.history.all()),
    }
    return render(request, "schools/class_detail.html", context)


# Lessons delivered --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def delivery_create(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = queries.get_class_for_user(request.user, pk)
    initial = {"date": timezone.localdate()}
    if request.GET.get("plan"):
        initial["plan"] = LessonPlan.objects.filter(code=request.GET["plan"]).first()
    form = DeliveryForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_delivery(
                actor=request.user,
                school_class=school_class,
                plan=data["plan"],
                on=data["date"],
                delivered=data["delivered"],
                students_present=data["students_present"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Lesson saved."))
            return redirect("schools:class_detail", pk=school_class.pk)
    context = {"form": form, "school_class": school_class}
    status = 400 if form.errors else 200
    return render(request, "schools/delivery_form.html", context, status=status)


def _delivery_initial(delivery) -> dict:
    return {
        "plan": delivery.plan_id,
        "date": delivery.date,
        "delivered": "1" if delivery.status == DeliveryStatus.DELIVERED else "0",
        "students_present": delivery.students_present,
    }


def _delivery_page(request, delivery, *, form=None, family_form=None) -> HttpResponse:
    form = form or DeliveryForm(initial=_delivery_initial(delivery))
    family_form = family_form or FamilyForm(initial={"family_taught": delivery.family_taught})
    context = {
        "delivery": delivery,
        "school_class": delivery.school_class,
        "form": form,
        "editable": delivery.status != DeliveryStatus.CANCELLED,
        "family_form": family_form,
        "history": history_rows(delivery.history.all()),
    }
    status = 400 if (form.errors or family_form.errors) else 200
    return render(request, "schools/delivery_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delivery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = queries.get_delivery_for_user(request.user, pk)
    form = DeliveryForm(_posted(request), initial=_delivery_initial(delivery))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_delivery(
                actor=request.user,
                school_class=delivery.school_class,
                delivery=delivery,
                plan=data["plan"],
                on=data["date"],
                delivered=data["delivered"],
                students_present=data["students_present"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Lesson saved."))
            return redirect("schools:delivery", pk=delivery.pk)
    return _delivery_page(request, delivery, form=form)


@login_required
@require_POST
def delivery_family(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Dạy lại một người thân": how many students taught a family member after the lesson."""
    delivery = queries.get_delivery_for_user(request.user, pk)
    form = FamilyForm(request.POST)
    if form.is_valid():
        try:
            services.record_family_teaching(
                actor=request.user, delivery=delivery, count=form.cleaned_data["family_taught"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("schools:delivery", pk=delivery.pk)
    return _delivery_page(request, delivery, family_form=form)


@login_required
@require_POST
def delivery_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = queries.get_delivery_for_user(request.user, pk)
    try:
        services.cancel_delivery(actor=request.user, delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Lesson cancelled."))
    return redirect("schools:delivery", pk=delivery.pk)


# Class quizzes ------------------------------------------------------------------------------


@login_required
@require_POST
def quiz_open(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = queries.get_class_for_user(request.user, pk)
    form = QuizOpenForm(request.POST)
    if form.is_valid():
        try:
            quiz = services.open_quiz(
                actor=request.user,
                school_class=school_class,
                skill=form.cleaned_data["skill"],
                minutes=form.cleaned_data["minutes"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            return redirect("schools:quiz", pk=quiz.pk)
    errors = [str(e) for errors in form.errors.values() for e in errors]
    messages.error(request, " ".join(errors))
    return redirect("schools:class_detail", pk=school_class.pk)


@login_required
@require_GET
def quiz_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The teacher's screen: the code, a QR to the join page, and the results per task, which
    refresh in place while the quiz is open."""
    quiz = queries.get_quiz_for_user(request.user, pk)
    is_open = quiz.is_open()
    join_url = request.build_absolute_uri(reverse("quiz:take", args=[quiz.code]))
    context = {
        "quiz": quiz,
        "school_class": quiz.school_class,
        "is_open": is_open,
        "join_url": join_url,
        "join_page": request.build_absolute_uri(reverse("quiz:join")),
        "qr": qr_svg_data_uri(join_url) if is_open else "",
        "results": queries.quiz_results(quiz),
        "refresh": RESULTS_REFRESH_SECONDS,
    }
    if request.htmx:
        return render(request, "schools/_quiz_results.html", context)
    return render(request, "schools/quiz_detail.html", context)


@login_required
@require_POST
def quiz_close(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = queries.get_quiz_for_user(request.user, pk)
    services.close_quiz(actor=request.user, quiz=quiz)
    messages.success(request, _("The quiz is closed: its code no longer works."))
    return redirect("schools:quiz", pk=quiz.pk)


# Lesson plans (public) ----------------------------------------------------------------------


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = LessonPlan.objects.select_related("skill").order_by("skill__position", "code")
    groups = []
    for skill in Skill.objects.all():
        items = [p for p in plans if p.skill_id == skill.pk]
        if items:
            groups.append((skill, items))
    return render(request, "schools/plan_list.html", {"groups": groups})


@require_GET
def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = queries.get_plan(code)
    lessons = [lesson for lesson in plan.lessons.all() if lesson.published_id]
    context = {
        "plan": plan,
        "activities": plan.activities.all(),
        "lessons": lessons,
        "can_teach": request.user.is_authenticated and services.is_teacher(request.user),
    }
    return render(request, "schools/plan_detail.html", context)


# The programme's figures ----------------------------------------------------------------------


def _dashboard(request: HttpRequest):
    require_perm_anywhere(request.user, Perm.VIEW_SCHOOL_PROGRAMME)
    communes = queries.communes_in_scope(request.user)
    form = FiguresForm(request.GET or None, communes=communes)
    start, end = form.period()
    code = request.GET.get("commune", "")
    # A commune outside the user's area answers 404, like any object outside it.
    commune = queries.pick_commune(communes, code) if code else None
    data = queries.dashboard(request.user, start=start, end=end, commune=commune)
    return form, commune, data


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    form, commune, data = _dashboard(request)
    query = request.GET.urlencode()
    context = {"form": form, "commune": commune, "data": data, "query": query}
    return render(request, "schools/figures.html", context)


@login_required
@require_GET
def figures_xlsx(request: HttpRequest) -> HttpResponse:
    _form, commune, data = _dashboard(request)
    workbook = exports.figures_workbook(data, commune)
    record(
        actor=request.user,
        action="schools.export_figures",
        detail=f"{data.start:%Y-%m-%d}..{data.end:%Y-%m-%d} {commune.code if commune else 'all'}",
        rows=len(data.schools),
    )
    name = f"chuong-trinh-truong-hoc-{data.start:%Y%m%d}-{data.end:%Y%m%d}.xlsx"
    return workbook_response(workbook, name)
