"""Results report pages: commune officers write and submit; the province reviews, consolidates
and edits the indicators. Thin: rules in `services`, scoped reads in `queries`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tocds.campaigns.models import Campaign, Service
from tocds.campaigns.queries import communes_covered, covers, get_campaign_for_user
from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.core.models import record
from tocds.core.xlsx import workbook_response
from tocds.people.scoping import Perm, has_perm_anywhere, require_perm_anywhere
from tocds.places.queries import communes_in_scope, get_place_for_user
from tocds.reports import documents, queries, services, workbooks
from tocds.reports.forms import DueDateForm, IndicatorForm, ReportForm, TransitionForm, vocabulary
from tocds.reports.models import Indicator, Report, ReportRow


def _require_reports(user) -> None:
    if not (
        has_perm_anywhere(user, Perm.WRITE_REPORTS) or has_perm_anywhere(user, Perm.REVIEW_REPORTS)
    ):
        raise Http404


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Campaigns, with the user's communes' reports and, for the province, the review page."""
    _require_reports(request.user)
    writable = list(communes_in_scope(request.user, Perm.WRITE_REPORTS))
    reports = {
        (r.campaign_id, r.commune_id): r
        for r in Report.objects.visible_to(request.user).filter(
            commune__in=[c.pk for c in writable]
        )
    }
    rows = []
    for campaign in Campaign.objects.visible_to(request.user).select_related("province"):
        covered = {c.pk for c in communes_covered(campaign, request.user)}
        communes = [(c, reports.get((campaign.pk, c.pk))) for c in writable if c.pk in covered]
        rows.append((campaign, communes, services.can_review(request.user, campaign)))
    return render(request, "reports/index.html", {"rows": rows})


@login_required
def campaign_reports(request: HttpRequest, pk: int) -> HttpResponse:
    """The province's view: completeness, timeliness, the reports and the consolidated figures."""
    campaign = queries.get_campaign_for_review(request.user, pk)
    overview = queries.overview(request.user, campaign)
    context = {
        "campaign": campaign,
        "overview": overview,
        "due_form": DueDateForm(initial={"due_on": overview.due_on}),
        "rows": queries.consolidated_rows(campaign),
    }
    return render(request, "reports/campaign.html", context)


@login_required
@require_POST
def due_date(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = queries.get_campaign_for_review(request.user, pk)
    form = DueDateForm(request.POST)
    if form.is_valid():
        services.set_due_date(
            actor=request.user, campaign=campaign, due_on=form.cleaned_data["due_on"]
        )
        messages.success(request, _("Due date saved."))
    else:
        messages.error(request, _("Enter a valid date."))
    return redirect("reports:campaign", pk=campaign.pk)


@login_required
def commune_report(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Open the commune's report for the campaign (a commune officer starts it the first time)."""
    campaign = get_campaign_for_user(request.user, pk)
    commune = get_place_for_user(request.user, code, Perm.WRITE_REPORTS)
    if not covers(campaign, commune):
        raise Http404
    report = services.start_report(actor=request.user, campaign=campaign, commune=commune)
    return redirect("reports:detail", pk=report.pk)


def _detail_context(request: HttpRequest, report: Report, form=None) -> dict:
    rows = services.report_rows(report)
    can_write = services.can_write(request.user, report.commune) and report.is_editable
    if form is None and can_write:
        form = ReportForm(rows=rows, initial=_report_initial(report))
    return {
        "report": report,
        "rows": rows,
        "form": form if can_write else None,
        "moves": services.available_moves(request.user, report),
        "transition_form": TransitionForm(),
        "events": report.events.select_related("actor"),
        "history": history_rows(
            report.history.all(), ReportRow.history.filter(report_id=report.pk)
        ),
        "can_review": services.can_review(request.user, report.campaign),
    }


def _report_initial(report: Report) -> dict:
    return {name: getattr(report, name) for name in ReportForm.NARRATIVE + ReportForm.SIGNER}


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.get_report_for_user(request.user, pk)
    if request.method == "GET":
        return render(request, "reports/report_detail.html", _detail_context(request, report))
    if not services.can_write(request.user, report.commune):
        raise Http404
    if not report.is_editable:
        messages.error(request, _("This report is locked: it can no longer be changed."))
        context = _detail_context(request, report)
        return render(request, "reports/report_detail.html", context, status=409)
    form = ReportForm(request.POST, rows=services.report_rows(report))
    if form.is_valid():
        try:
            services.save_report(
                actor=request.user,
                report=report,
                rows=form.row_inputs(),
                **{k: form.cleaned_data[k] for k in ReportForm.NARRATIVE + ReportForm.SIGNER},
            )
        except services.ReportLocked as error:
            messages.error(request, " ".join(error.messages))
            context = _detail_context(request, report)
            return render(request, "reports/report_detail.html", context, status=409)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Report saved."))
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/report_detail.html", _detail_context(request, report, form))


@login_required
@require_POST
def report_transition(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.get_report_for_user(request.user, pk)
    form = TransitionForm(request.POST)
    action = request.POST.get("action", "")
    if not form.is_valid() or not services.may(request.user, report, action):
        raise Http404
    try:
        services.transition(
            actor=request.user,
            report=report,
            action=action,
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Report status changed."))
    return redirect("reports:detail", pk=report.pk)


def _filename(prefix: str, campaign: Campaign, extension: str) -> str:
    return f"{prefix}-{campaign.pk}-{timezone.localdate():%Y%m%d}.{extension}"


def _docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=documents.DOCX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.get_report_for_user(request.user, pk)
    rows = services.report_rows(report)
    workbook = workbooks.commune_workbook(report, rows)
    record(
        actor=request.user,
        action="reports.export_xlsx",
        detail=f"report {report.pk}",
        rows=len(rows),
    )
    name = _filename(f"bao-cao-{report.commune.code}", report.campaign, "xlsx")
    return workbook_response(workbook, name)


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.get_report_for_user(request.user, pk)
    rows = services.report_rows(report)
    content = documents.commune_docx(report, rows)
    record(
        actor=request.user,
        action="reports.export_docx",
        detail=f"report {report.pk}",
        rows=len(rows),
    )
    return _docx_response(
        content, _filename(f"bao-cao-{report.commune.code}", report.campaign, "docx")
    )


@login_required
def province_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = queries.get_campaign_for_review(request.user, pk)
    rows = queries.consolidated_rows(campaign)
    overview = queries.overview(request.user, campaign)
    statuses = {
        line.commune.pk: line.report.get_status_display() if line.report else ""
        for line in overview.lines
    }
    workbook = workbooks.province_workbook(campaign, rows, statuses)
    record(
        actor=request.user,
        action="reports.export_province_xlsx",
        detail=f"campaign {campaign.pk}",
        rows=len(rows),
    )
    return workbook_response(workbook, _filename("bao-cao-tong-hop", campaign, "xlsx"))


@login_required
def province_docx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = queries.get_campaign_for_review(request.user, pk)
    rows = queries.consolidated_rows(campaign)
    overview = queries.overview(request.user, campaign)
    content = documents.province_docx(campaign, rows, overview.reported, overview.expected)
    record(
        actor=request.user,
        action="reports.export_province_docx",
        detail=f"campaign {campaign.pk}",
        rows=len(rows),
    )
    return _docx_response(content, _filename("bao-cao-tong-hop", campaign, "docx"))


# Indicators (province administrators) --------------------------------------------------------


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.REVIEW_REPORTS)
    context = {"indicators": Indicator.objects.all(), "vocabulary": vocabulary()}
    return render(request, "reports/indicator_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.REVIEW_REPORTS)
    indicator = get_object_or_404(Indicator, pk=pk) if pk else None
    fields = ("code", "name", "unit", "default_target", "position", "formula", "is_active")
    initial = {f: getattr(indicator, f) for f in fields} if indicator else {}
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_indicator(actor=request.user, indicator=indicator, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("reports:indicator_list")
    context = {
        "form": form,
        "indicator": indicator,
        "vocabulary": vocabulary(),
        "services": Service.objects.order_by("position"),
        "history": history_rows(indicator.history.all()) if indicator else [],
    }
    return render(request, "reports/indicator_form.html", context)
