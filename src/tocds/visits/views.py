"""Officers' review of visits: lists with their flags, one visit with its history, and the
corrections, exclusions, flags and conflict resolutions of `tocds.visits.review`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.core.text import fold
from tocds.people.scoping import Perm, PhoneDisplay, may_act_at, require_perm_anywhere
from tocds.places.models import Level, Place
from tocds.visits import queries, review
from tocds.visits.forms import CorrectionForm, ReasonForm, ResolveFlagForm, VisitFilterForm
from tocds.visits.models import FlagStatus, QualityFlag, Resolution, Visit

PAGE_SIZE = 50


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.VIEW_PROGRESS)
    form = VisitFilterForm(request.GET or None, user=request.user)
    if form.is_valid() and form.cleaned_data["conflicts"]:
        return _conflict_list(request, form)
    visits = Visit.objects.visible_to(request.user).select_related("hamlet", "team", "campaign")
    kind = ""
    if form.is_valid():
        data = form.cleaned_data
        if data["campaign"]:
            visits = visits.filter(campaign=data["campaign"])
        kind = data["kind"]
        if data["q"]:
            key = fold(data["q"])
            visits = visits.filter(
                Q(household_key__contains=key) | Q(hamlet__search_name__contains=key)
            )
    if kind != "all":
        open_flags = QualityFlag.objects.filter(visit=OuterRef("pk"), status=FlagStatus.OPEN)
        if kind:
            open_flags = open_flags.filter(kind=kind)
        visits = visits.filter(Exists(open_flags))
    page = Paginator(visits.order_by("-visited_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    flags: dict[int, list[QualityFlag]] = {}
    for flag in QualityFlag.objects.filter(visit__in=[v.pk for v in page], status=FlagStatus.OPEN):
        flags.setdefault(flag.visit_id, []).append(flag)
    rows = [(visit, flags.get(visit.pk, [])) for visit in page]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "querystring": _without_page(request),
    }
    if not request.htmx:  # the tabs are outside the partial
        context["open_conflicts"] = _open_conflicts(request.user)
    template = "visits/_visit_rows.html" if request.htmx else "visits/visit_list.html"
    return render(request, template, context)


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _open_conflicts(user) -> int:
    return queries.conflicts(user, state="open").count()


def _conflict_list(request: HttpRequest, form: VisitFilterForm) -> HttpResponse:
    """The sync conflicts, open or settled, each linking to its visit where it is settled."""
    data = form.cleaned_data
    rows = queries.conflicts(
        request.user, state=data["conflicts"], campaign=data["campaign"], q=data["q"]
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "state": data["conflicts"],
        "querystring": _without_page(request),
        "open_resolution": Resolution.OPEN,
    }
    if not request.htmx:
        context["open_conflicts"] = _open_conflicts(request.user)
    template = "visits/_conflict_rows.html" if request.htmx else "visits/visit_list.html"
    return render(request, template, context)


def _detail_context(request: HttpRequest, visit, **forms) -> dict:
    user = request.user
    can_review = may_act_at(user, Perm.REVIEW_VISITS, team=visit.team)
    hamlets = Place.objects.current().filter(level=Level.HAMLET, commune_id=visit.commune_id)
    correction = forms.get("correction") or CorrectionForm(
        hamlets=hamlets,
        initial={
            "household": visit.household,
            "hamlet": visit.hamlet_id,
            "people_guided": visit.people_guided,
        },
    )
    history = history_rows(visit.history.all())
    for flag in visit.flags.all():
        history += history_rows(flag.history.all())
    history.sort(key=lambda row: row.when, reverse=True)
    return {
        "visit": visit,
        "services": review.services_of(visit),
        "flags": list(visit.flags.order_by("status", "-created_at")),
        "conflicts": list(visit.conflicts.select_related("sent_by")),
        "phone": PhoneDisplay.for_user(user).show(visit.head_phone, team=visit.team),
        "can_review": can_review,
        "correction": correction,
        "reason_form": forms.get("reason_form") or ReasonForm(),
        "resolve_form": ResolveFlagForm(),
        "history": history,
        "open_status": FlagStatus.OPEN,
        "open_resolution": Resolution.OPEN,
    }


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = queries.get_visit_for_user(request.user, pk)
    return render(request, "visits/visit_detail.html", _detail_context(request, visit))


def _reviewable(request: HttpRequest, pk: int):
    return queries.get_visit_for_user(request.user, pk, Perm.REVIEW_VISITS)


@login_required
@require_POST
def visit_correct(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _reviewable(request, pk)
    hamlets = Place.objects.current().filter(level=Level.HAMLET, commune_id=visit.commune_id)
    form = CorrectionForm(request.POST, hamlets=hamlets)
    if form.is_valid():
        try:
            review.correct_visit(actor=request.user, visit_id=visit.pk, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Visit corrected."))
            return redirect("visits:detail", visit.pk)
    context = _detail_context(request, visit, correction=form)
    return render(request, "visits/visit_detail.html", context, status=400)


def _with_reason(request: HttpRequest, pk: int, action) -> HttpResponse:
    visit = _reviewable(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            message = action(visit, form.cleaned_data["reason"])
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, message)
            return redirect("visits:detail", visit.pk)
    context = _detail_context(request, visit, reason_form=form)
    return render(request, "visits/visit_detail.html", context, status=400)


@login_required
@require_POST
def visit_exclude(request: HttpRequest, pk: int) -> HttpResponse:
    exclude = request.POST.get("exclude") != "0"

    def action(visit, reason):
        review.set_excluded(actor=request.user, visit_id=visit.pk, excluded=exclude, reason=reason)
        return _("Visit excluded from the figures.") if exclude else _("Visit counted again.")

    return _with_reason(request, pk, action)


@login_required
@require_POST
def visit_flag(request: HttpRequest, pk: int) -> HttpResponse:
    def action(visit, reason):
        review.flag_visit(actor=request.user, visit_id=visit.pk, note=reason)
        return _("Visit flagged for review.")

    return _with_reason(request, pk, action)


@login_required
@require_POST
def flag_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    flag = queries.get_flag_for_user(request.user, pk)
    form = ResolveFlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how the flag was resolved."))
        return redirect("visits:detail", flag.visit_id)
    try:
        review.resolve_flag(actor=request.user, flag_id=flag.pk, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Flag resolved."))
    return redirect("visits:detail", flag.visit_id)


@login_required
@require_POST
def conflict_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    conflict = queries.get_conflict_for_user(request.user, pk)
    take_phone = request.POST.get("take") == "phone"
    try:
        review.resolve_conflict(actor=request.user, conflict_id=conflict.pk, take_phone=take_phone)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Conflict resolved."))
    return redirect("visits:detail", conflict.visit_id)
