"""Pages of the directive tracker: the province overview (`/tracker/`), a commune's clauses, a
clause with its figures over time, the reporting periods; the writes of the responsible
agencies (a status with its note, a figure entered by hand with evidence) and of the province
(targets, periods).

Everything is read through the scope (`queries`); outside it the answer is 404."""

from csp.decorators import csp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.people.scoping import Perm, has_perm_anywhere, may_act_at, require_perm_anywhere
from tocds.places.models import Level
from tocds.places.queries import get_place_for_user
from tocds.progress.views import IMAGE_CSP
from tocds.tracker import charts, queries, services
from tocds.tracker.forms import FigureForm, PeriodForm, StatusForm, TargetForm
from tocds.tracker.models import ClauseStatus, Evidence, HandFigure, Target
from tocds.tracker.status import Assessor


def _int(raw) -> int | None:
    return int(raw) if raw and str(raw).isdigit() else None


def _period_or_404(directive, raw, today):
    period = queries.pick_period(directive, raw, today)
    if period is None:
        raise Http404
    return period


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The province overview: every clause and its status, the communes lagging. A commune's
    officer is sent to the commune's clauses."""
    user = request.user
    require_perm_anywhere(user, Perm.VIEW_TRACKER)
    chosen = _int(request.GET.get("directive"))
    if chosen is None and not queries.directives(user).filter(is_active=True).exists():
        # Nothing loaded yet: say so (and how), rather than a page that does not exist.
        return render(request, "tracker/empty.html")
    directive = queries.get_directive_for_user(user, chosen)
    province = directive.province
    if not may_act_at(user, Perm.VIEW_TRACKER, place=province):
        commune = queries.communes_for(user, province).first()
        if commune is None:
            raise Http404
        return redirect("tracker:commune", code=commune.code)
    today = timezone.localdate()
    period = queries.pick_period(directive, request.GET.get("period"), today)
    context = {
        "directive": directive,
        "directives": queries.directives(user),
        "period": period,
        "periods": queries.periods(directive)[:24],
        "can_manage": may_act_at(user, Perm.MANAGE_TRACKER, place=province),
    }
    if period is not None:
        context.update(queries.overview(directive, period, today))
    return render(request, "tracker/overview.html", context)


@login_required
@require_GET
def commune(request: HttpRequest, code: str) -> HttpResponse:
    """The clauses that fall to the communes, for one commune."""
    user = request.user
    place = get_place_for_user(user, code, Perm.VIEW_TRACKER)
    if place.level != Level.COMMUNE:
        raise Http404
    directive = queries.get_directive_for_user(user, _int(request.GET.get("directive")))
    today = timezone.localdate()
    period = queries.pick_period(directive, request.GET.get("period"), today)
    context = {
        "directive": directive,
        "place": place,
        "period": period,
        "periods": queries.periods(directive)[:24],
        "communes": queries.communes_for(user, directive.province),
        "sees_province": may_act_at(user, Perm.VIEW_TRACKER, place=directive.province),
    }
    if period is not None:
        context["rows"] = queries.commune_view(directive, period, place, today)
    return render(request, "tracker/commune.html", context)


@login_required
@require_GET
def clause(request: HttpRequest, pk: int) -> HttpResponse:
    """A clause at a place: its text, agencies, figures against targets, status, figures over
    time, evidence and history; the forms of who reports on it and of the province."""
    user = request.user
    found = queries.get_clause_for_user(user, pk)
    place = queries.place_for_clause(user, found, request.GET.get("place"))
    today = timezone.localdate()
    period = queries.pick_period(found.directive, request.GET.get("period"), today)
    context = {
        "clause": found,
        "directive": found.directive,
        "place": place,
        "period": period,
        "periods": queries.periods(found.directive)[:24],
        "indicators": list(found.indicators.all()),
    }
    if period is not None:
        assessment = Assessor(period, today).assess(found, place)
        can_report = services.may_report(user, found, place)
        can_manage = may_act_at(user, Perm.MANAGE_TRACKER, place=place)
        query = urlencode({"place": place.code, "period": period.pk})
        context.update(
            {
                "assessment": assessment,
                "query": query,
                "can_report": can_report,
                "can_manage": can_manage,
                "status_form": StatusForm(
                    initial={
                        "status": assessment.hand.status if assessment.hand else "",
                        "note": assessment.hand.note if assessment.hand else "",
                    }
                ),
                "figure_form": FigureForm(),
                "target_form": TargetForm(),
                "evidence": Evidence.objects.filter(
                    figure__indicator__clause=found, figure__place=place, figure__period=period
                ).select_related("figure__indicator"),
                "history": history_rows(
                    ClauseStatus.history.filter(clause=found, place=place),
                    HandFigure.history.filter(indicator__clause=found, place=place),
                    Target.history.filter(indicator__clause=found, place=place),
                ),
            }
        )
    return render(request, "tracker/clause.html", context)


@login_required
@require_GET
@csp(IMAGE_CSP)
def chart(request: HttpRequest, pk: int, indicator: int) -> HttpResponse:
    """One indicator of a clause at a place over the periods of the period's kind, as SVG."""
    user = request.user
    found = queries.get_clause_for_user(user, pk)
    chosen = get_object_or_404(found.indicators, pk=indicator)
    place = queries.place_for_clause(user, found, request.GET.get("place"))
    today = timezone.localdate()
    period = _period_or_404(found.directive, request.GET.get("period"), today)
    periods, assessments = queries.clause_over_time(found, place, period, today)
    values, targets = [], []
    for assessment in assessments:
        figure = next(f for f in assessment.figures if f.indicator.pk == chosen.pk)
        values.append(figure.value)
        targets.append(figure.target)
    svg = charts.indicator_over_time(
        f"{chosen.name} ({chosen.unit})", [p.label for p in periods], values, targets
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=60"
    return response


def _post_target(request: HttpRequest, pk: int):
    """The clause, and the place and period of the query string, a form posts to (404 outside
    the user's scope)."""
    found = queries.get_clause_for_user(request.user, pk)
    place = queries.place_for_clause(request.user, found, request.GET.get("place"))
    period_id = _int(request.GET.get("period"))
    period = get_object_or_404(queries.periods(found.directive), pk=period_id)
    back = f"{reverse('tracker:clause', args=[found.pk])}?" + urlencode(
        {"place": place.code, "period": period.pk}
    )
    return found, place, period, back


def _show_errors(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


@login_required
@require_POST
def clause_status(request: HttpRequest, pk: int) -> HttpResponse:
    found, place, period, back = _post_target(request, pk)
    if not services.may_report(request.user, found, place):
        raise Http404
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_status(
                actor=request.user,
                clause=found,
                place=place,
                period=period,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Status recorded."))
            return redirect(back)
    _show_errors(request, form)
    return redirect(back)


@login_required
@require_POST
def figure(request: HttpRequest, pk: int) -> HttpResponse:
    found, place, period, back = _post_target(request, pk)
    if not services.may_report(request.user, found, place):
        raise Http404
    form = FigureForm(request.POST, request.FILES)
    if form.is_valid():
        indicator = get_object_or_404(found.indicators, pk=form.cleaned_data["indicator"])
        try:
            services.enter_figure(
                actor=request.user,
                indicator=indicator,
                place=place,
                period=period,
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
                evidence_title=form.cleaned_data["evidence_title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Figure recorded."))
            return redirect(back)
    _show_errors(request, form)
    return redirect(back)


@login_required
@require_POST
def target(request: HttpRequest, pk: int) -> HttpResponse:
    found, place, period, back = _post_target(request, pk)
    if not may_act_at(request.user, Perm.MANAGE_TRACKER, place=place):
        raise Http404
    form = TargetForm(request.POST)
    if form.is_valid():
        indicator = get_object_or_404(found.indicators, pk=form.cleaned_data["indicator"])
        try:
            services.set_target(
                actor=request.user,
                indicator=indicator,
                place=place,
                period=period,
                value=form.cleaned_data["value"] or None,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Target recorded."))
            return redirect(back)
    _show_errors(request, form)
    return redirect(back)


@login_required
@require_GET
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An evidence file, read through the storage, for those who see its place."""
    evidence = queries.get_evidence_for_user(request.user, pk)
    extension = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}
    return FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=evidence.content_type == "application/pdf",
        filename=f"minh-chung-{evidence.pk}{extension.get(evidence.content_type, '')}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def periods(request: HttpRequest) -> HttpResponse:
    """The province's reporting periods; the province adds one."""
    user = request.user
    require_perm_anywhere(user, Perm.VIEW_TRACKER)
    chosen = _int(request.GET.get("directive"))
    if chosen is None and not queries.directives(user).filter(is_active=True).exists():
        # Nothing loaded yet: say so (and how), rather than a page that does not exist.
        return render(request, "tracker/empty.html")
    directive = queries.get_directive_for_user(user, chosen)
    province = directive.province
    can_manage = may_act_at(user, Perm.MANAGE_TRACKER, place=province)
    form = PeriodForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                services.create_period(
                    actor=user,
                    province=province,
                    kind=form.cleaned_data["kind"],
                    within=form.cleaned_data["within"],
                    due_on=form.cleaned_data["due_on"],
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Period added."))
                return redirect("tracker:periods")
    context = {
        "directive": directive,
        "periods": queries.periods(directive),
        "form": form,
        "can_manage": can_manage,
        "can_report": has_perm_anywhere(user, Perm.WRITE_REPORTS)
        or has_perm_anywhere(user, Perm.REVIEW_REPORTS),
    }
    return render(request, "tracker/periods.html", context)
