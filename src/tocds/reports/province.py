"""The province's own results report of a campaign: its number, addressee, narrative and signer,
drafted on the campaign's report page and locked when final — the same shape as the communes'
reports (one save, one transition function along a table, every step recorded)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tocds.campaigns.models import Campaign
from tocds.core.history import stamp
from tocds.core.transitions import Move, Transitions
from tocds.reports import files
from tocds.reports.decree30 import lower_prefix, province_name
from tocds.reports.documents import VI
from tocds.reports.models import ProvinceReport, ProvinceReportEvent, ProvinceReportStatus
from tocds.reports.services import can_review

FIELDS = (
    "number",
    "addressee",
    "direction",
    "results",
    "shortcomings",
    "proposals",
    "signer_authority",
    "signer_title",
    "signer_name",
)


@dataclass(frozen=True, kw_only=True)
class ProvinceMove(Move):
    label: object
    needs_comment: bool = False


TRANSITIONS = Transitions(
    {
        "finalise": ProvinceMove(
            {ProvinceReportStatus.DRAFT},
            ProvinceReportStatus.FINAL,
            "finalised",
            label=gettext_lazy("Finalise and lock"),
        ),
        "reopen": ProvinceMove(
            {ProvinceReportStatus.FINAL},
            ProvinceReportStatus.DRAFT,
            "reopened",
            label=gettext_lazy("Reopen as a draft"),
            needs_comment=True,
        ),
    }
)


def province_defaults(campaign: Campaign) -> dict[str, str]:
    """A new province report's addressee and signer's title."""
    province = province_name(campaign.province)
    return {
        "addressee": VI["to_province"].format(province=lower_prefix(province)),
        "signer_title": VI["director"],
    }


def _require_review(actor, campaign: Campaign) -> None:
    if not can_review(actor, campaign):
        raise PermissionDenied


@transaction.atomic
def start_province_report(*, actor, campaign: Campaign) -> ProvinceReport:
    """The campaign's province report, created as a draft the first time (idempotent)."""
    _require_review(actor, campaign)
    report = ProvinceReport.objects.filter(campaign=campaign).first()
    if report is None:
        report = ProvinceReport(campaign=campaign, **province_defaults(campaign))
        stamp(report, actor=actor, reason="created")
        report.save()
    return report


def _lock(report: ProvinceReport) -> ProvinceReport:
    return (
        ProvinceReport.objects.select_for_update()
        .select_related("campaign__province")
        .get(pk=report.pk)
    )


@transaction.atomic
def save_province_report(*, actor, report: ProvinceReport, **values: str) -> ProvinceReport:
    """The province's edits to its draft; refused once final."""
    _require_review(actor, report.campaign)
    report = _lock(report)
    if not report.is_editable:
        raise ValidationError(_("This report is final: reopen it to change it."))
    for name in FIELDS:
        if name in values:
            setattr(report, name, values[name].strip())
    stamp(report, actor=actor, reason="edited")
    report.save()
    return report


def available_moves(user, report: ProvinceReport) -> list[tuple[str, ProvinceMove]]:
    if not can_review(user, report.campaign):
        return []
    return TRANSITIONS.moves_from(report.status)


@transaction.atomic
def transition_province_report(
    *, actor, report: ProvinceReport, action: str, comment: str = ""
) -> ProvinceReport:
    """Finalise (dated today, files kept as they are now) or reopen (reason required)."""
    move = TRANSITIONS.get(action)
    if move is None:
        raise ValidationError(str(TRANSITIONS.refusal))
    _require_review(actor, report.campaign)
    comment = comment.strip()
    if move.needs_comment and not comment:
        raise ValidationError({"comment": _("Say why, for the record.")})
    report = _lock(report)
    TRANSITIONS.move(report.status, action=action)
    before, now = report.status, timezone.now()
    report.status = move.target
    if action == "finalise":
        report.finalised_at = now
        report.document_date = timezone.localdate(now)
        files.keep_province_files(report)
    else:
        report.finalised_at = None
        report.document_date = None
        files.drop_files(report)
    stamp(report, actor=actor, reason=move.reason)
    report.save()
    ProvinceReportEvent.objects.create(
        report=report,
        action=action,
        from_status=before,
        to_status=move.target,
        actor=actor,
        comment=comment,
        at=now,
    )
    return report
