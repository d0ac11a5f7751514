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
from tocds.core.xlsx import XLSX_MIME
from tocds.people.scoping import Perm, has_perm_anywhere, require_perm_anywhere
from tocds.places.queries import communes_in_scope, get_place_for_user
from tocds.reports import consolidation, documents, files, province, queries, services
from tocds.reports.forms import (
    DueDateForm,
    IndicatorForm,
    ProvinceReportForm,
    ReportForm,
    TransitionForm,
    vocabulary,
)
from tocds.reports.models import Indicator, ProvinceReport, Report, ReportRow
from tocds.reports.province import province_defaults
from tocds.reports.rows import report_rows


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
    """The province's view: every covered commune with its target, result and report, the
    consolidated figures, and the province's own report (drafted here, locked when final)."""
    campaign = queries.get_campaign_for_review(request.user, pk)
    return render(request, "reports/campaign.html", _campaign_context(request, campaign))


def _campaign_context(request: HttpRequest, campaign: Campaign, form=None) -> dict:
    figures = consolidation.consolidate(campaign)
    report = ProvinceReport.objects.filter(campaign=campaign).first()
    if form is None and (report is None or report.is_editable):
        initial = {name: getattr(report, name) for name in province.FIELDS} if report else None
        form = ProvinceReportForm(initial=initial or province_defaults(campaign))
    return {
        "campaign": campaign,
        "consolidation": figures,
        "verdicts": figures.verdicts(),
        "due_form": DueDateForm(initial={"due_on": figures.due_on}),
        "rows": figures.rows,
        "province_report": report,
        "province_form": form if report is None or report.is_editable else None,
        "province_moves": province.available_moves(request.user, report) if report else [],
        "province_events": report.events.select_related("actor") if report else [],
        "transition_form": TransitionForm(),
    }


@login_required
@require_POST
def province_report_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the province report's draft (creating it the first time)."""
    campaign = queries.get_campaign_for_review(request.user, pk)
    form = ProvinceReportForm(request.POST)
    if form.is_valid():
        try:
            report = province.start_province_report(actor=request.user, campaign=campaign)
            province.save_province_report(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Province report saved."))
            return redirect("reports:campaign", pk=campaign.pk)
    context = _campaign_context(request, campaign, form)
    return render(request, "reports/campaign.html", context, status=400)


@login_required
@require_POST
def province_report_transition(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = queries.get_campaign_for_review(request.user, pk)
    report = get_object_or_404(ProvinceReport, campaign=campaign)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        province.transition_province_report(
            actor=request.user,
            report=report,
            action=request.POST.get("action", ""),
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Province report status changed."))
    return redirect("reports:campaign", pk=campaign.pk)


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
@require_http_methods(["GET", "POST"])
def commune_report(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """The commune's report for the campaign. Opening it reads; a commune officer starts the
    draft with a button (POST) the first time."""
    campaign = get_campaign_for_user(request.user, pk)
    commune = get_place_for_user(request.user, code, Perm.WRITE_REPORTS)
    if not covers(campaign, commune):
        raise Http404
    report = Report.objects.filter(campaign=campaign, commune=commune).first()
    if report is None and request.method == "POST":
        report = services.start_report(actor=request.user, campaign=campaign, commune=commune)
    if report is not None:
        return redirect("reports:detail", pk=report.pk)
    context = {"campaign": campaign, "commune": commune, "due_on": consolidation.due_date(campaign)}
    return render(request, "reports/report_start.html", context)


def _detail_context(request: HttpRequest, report: Report, form=None) -> dict:
    rows = report_rows(report)
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
    form = ReportForm(request.POST, rows=report_rows(report))
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


def _docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=documents.DOCX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _report_filename(report: Report, extension: str) -> str:
    """Named after the document's date (the day it was submitted), the download day for a
    draft."""
    day = report.document_date or timezone.localdate()
    return f"bao-cao-{report.commune.code}-{report.campaign_id}-{day:%Y%m%d}.{extension}"


@login_required
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.get_report_for_user(request.user, pk)
    content = files.commune_xlsx(report)
    record(actor=request.user, action="reports.export_xlsx", detail=f"report {report.pk}")
    return _xlsx_response(content, _report_filename(report, "xlsx"))


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.get_report_for_user(request.user, pk)
    content = files.commune_docx(report)
    record(actor=request.user, action="reports.export_docx", detail=f"report {report.pk}")
    return _docx_response(content, _report_filename(report, "docx"))


def _province_report(campaign: Campaign) -> ProvinceReport:
    """The saved province report, or an unsaved draft with the defaults (a GET never writes)."""
    report = ProvinceReport.objects.filter(campaign=campaign).first()
    return report or ProvinceReport(campaign=campaign, **province_defaults(campaign))


def _province_filename(report: ProvinceReport, extension: str) -> str:
    day = report.document_date or timezone.localdate()
    return f"bao-cao-tong-hop-{report.campaign_id}-{day:%Y%m%d}.{extension}"


@login_required
def province_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = queries.get_campaign_for_review(request.user, pk)
    report = _province_report(campaign)
    content = files.province_xlsx(report)
    record(
        actor=request.user, action="reports.export_province_xlsx", detail=f"campaign {campaign.pk}"
    )
    return _xlsx_response(content, _province_filename(report, "xlsx"))


@login_required
def province_docx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = queries.get_campaign_for_review(request.user, pk)
    report = _province_report(campaign)
    content = files.province_docx(report)
    record(
        actor=request.user, action="reports.export_province_docx", detail=f"campaign {campaign.pk}"
    )
    return _docx_response(content, _province_filename(report, "docx"))


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
