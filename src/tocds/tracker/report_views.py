"""Pages of periodic reporting (issue 17 §2): a period's reports with completeness and
timeliness, a commune's report (narrative, figures, the moves of the reports' workflow), and
the Word documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.people.scoping import Perm, has_perm_anywhere, may_act_at
from tocds.places.models import Level
from tocds.places.queries import get_place_for_user
from tocds.reports.decree30 import DOCX_MIME
from tocds.tracker import documents, queries, reporting
from tocds.tracker.forms import PeriodReportForm
from tocds.tracker.models import Period, PeriodReport


def _readers_anywhere(user) -> bool:
    return has_perm_anywhere(user, Perm.WRITE_REPORTS) or has_perm_anywhere(
        user, Perm.REVIEW_REPORTS
    )


def _period_for_user(user, pk: int) -> Period:
    """A period of a province where the user writes or reviews reports."""
    if not _readers_anywhere(user):
        raise Http404
    directives = queries.directives(user, Perm.WRITE_REPORTS) | queries.directives(
        user, Perm.REVIEW_REPORTS
    )
    provinces = directives.values_list("province_id", flat=True)
    return get_object_or_404(Period.objects.filter(province_id__in=provinces), pk=pk)


def get_report_for_user(user, pk: int) -> PeriodReport:
    return get_object_or_404(
        PeriodReport.objects.visible_to(user).select_related("period__province", "place"), pk=pk
    )


def _communes(user, period: Period):
    """The communes of the period's province the user writes or reviews reports for."""
    from tocds.places import tree
    from tocds.places.queries import communes_in_scope

    writes = communes_in_scope(user, Perm.WRITE_REPORTS)
    reviews = communes_in_scope(user, Perm.REVIEW_REPORTS)
    return (
        (writes | reviews).filter(tree.within(period.province)).distinct().order_by("search_name")
    )


@login_required
@require_GET
def period_reports(request: HttpRequest, pk: int) -> HttpResponse:
    """Every commune of the user's scope with its report for the period; completeness and
    timeliness."""
    period = _period_for_user(request.user, pk)
    found = reporting.completeness(period, _communes(request.user, period))
    context = {
        "period": period,
        "completeness": found,
        "can_review": may_act_at(request.user, Perm.REVIEW_REPORTS, place=period.province),
        "writable": {
            line.commune.pk
            for line in found.lines
            if may_act_at(request.user, Perm.WRITE_REPORTS, place=line.commune)
        },
    }
    return render(request, "tracker/period_reports.html", context)


@login_required
@require_POST
def report_start(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period_for_user(request.user, pk)
    commune = get_place_for_user(request.user, request.GET.get("place", ""), Perm.WRITE_REPORTS)
    if commune.level != Level.COMMUNE:
        raise Http404
    try:
        report = reporting.start_report(actor=request.user, period=period, commune=commune)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("tracker:period_reports", pk=period.pk)
    return redirect("tracker:report", pk=report.pk)


@login_required
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_report_for_user(request.user, pk)
    rows = reporting.report_rows(found)
    can_edit = found.is_editable and may_act_at(request.user, Perm.WRITE_REPORTS, place=found.place)
    context = {
        "report": found,
        "rows": rows,
        "can_edit": can_edit,
        "form": PeriodReportForm(instance_values=found),
        "moves": reporting.available_moves(request.user, found),
        "events": found.events.select_related("actor"),
        "history": history_rows(found.history.all()),
    }
    return render(request, "tracker/report.html", context)


@login_required
@require_POST
def report_save(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_report_for_user(request.user, pk)
    if not may_act_at(request.user, Perm.WRITE_REPORTS, place=found.place):
        raise Http404
    form = PeriodReportForm(request.POST, instance_values=found)
    if form.is_valid():
        values = {}
        for row in found.rows.select_related("indicator"):
            raw = request.POST.get(f"row_{row.pk}", "").strip()
            if row.indicator.is_manual and raw.isdigit():
                values[row.pk] = int(raw)
            elif row.indicator.is_manual and raw == "":
                values[row.pk] = None
        try:
            reporting.save_report(
                actor=request.user, report=found, fields=form.cleaned_data, values=values
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _saved())
            return redirect("tracker:report", pk=found.pk)
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("tracker:report", pk=found.pk)


def _saved() -> str:
    from django.utils.translation import gettext as _

    return _("Report saved.")


@login_required
@require_POST
def report_move(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_report_for_user(request.user, pk)
    action = request.POST.get("action", "")
    if not reporting.may(request.user, found, action):
        raise Http404
    try:
        reporting.transition(
            actor=request.user, report=found, action=action, comment=request.POST.get("comment", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("tracker:report", pk=found.pk)


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_report_for_user(request.user, pk)
    content = documents.commune_docx(found, reporting.report_rows(found))
    return _docx(content, f"bao-cao-{found.place.code}-{found.period.starts_on:%Y-%m}.docx")


@login_required
@require_GET
def period_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The consolidated report of the period, with every commune of the province listed."""
    period = _period_for_user(request.user, pk)
    if not may_act_at(request.user, Perm.REVIEW_REPORTS, place=period.province):
        raise Http404
    from tocds.places import tree
    from tocds.places.models import Place

    communes = (
        Place.objects.current()
        .filter(tree.within(period.province), level=Level.COMMUNE)
        .order_by("search_name")
    )
    content = documents.province_docx(
        period, reporting.completeness(period, communes), reporting.totals(period)
    )
    return _docx(content, f"tong-hop-{period.kind}-{period.starts_on:%Y-%m}.docx")
