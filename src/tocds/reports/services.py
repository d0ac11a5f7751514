"""Writes and rules of results reports: indicators, due dates, commune reports, the workflow.

The workflow is the table `TRANSITIONS`; `transition` is the only function that changes a
report's status. It locks the report's row (SELECT … FOR UPDATE) and re-reads its status, so
of two concurrent clicks one wins and the other gets "not allowed". An accepted report is
locked: `save_report` refuses it, and only a province reviewer's `unlock` (reason required,
recorded) gives it back to the commune.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tocds.campaigns.models import Campaign, CommunePlan
from tocds.campaigns.queries import covers
from tocds.core.history import stamp
from tocds.core.transitions import Move, Transitions
from tocds.people.scoping import Perm, may_act_at, require_perm_at
from tocds.places.models import Place
from tocds.reports import files, formulas
from tocds.reports.models import (
    EDITABLE_STATUSES,
    Indicator,
    Report,
    ReportDeadline,
    ReportEvent,
    ReportRow,
    ReportStatus,
    RowStatus,
    Unit,
)
from tocds.reports.rows import initial_target, report_rows


class ReportLocked(ValidationError):
    """An edit of a report that is not a draft (submitted, or accepted and locked)."""


# Indicators ----------------------------------------------------------------------------------


@transaction.atomic
def save_indicator(
    *,
    actor,
    indicator: Indicator | None,
    code: str,
    name: str,
    unit: str,
    default_target: int,
    position: int,
    formula: str,
    is_active: bool = True,
) -> Indicator:
    """Add or change an indicator; the formula is validated against the vocabulary."""
    require_perm_at(actor, Perm.REVIEW_REPORTS)
    errors: dict[str, object] = {}
    try:
        formula = formulas.validate(formula)
    except ValidationError as error:
        errors["formula"] = error.messages
    clash = Indicator.objects.filter(code=code)
    if indicator is not None:
        clash = clash.exclude(pk=indicator.pk)
    if clash.exists():
        errors["code"] = _("Another indicator has this code.")
    if unit not in Unit.values:
        errors["unit"] = _("Choose a unit from the list.")
    if errors:
        raise ValidationError(errors)
    indicator = indicator or Indicator()
    indicator.code = code
    indicator.name = name.strip()
    indicator.unit = unit
    indicator.default_target = default_target
    indicator.position = position
    indicator.formula = formula
    indicator.is_active = is_active
    stamp(indicator, actor=actor, reason="edited" if indicator.pk else "created")
    indicator.save()
    return indicator


# Due dates -----------------------------------------------------------------------------------


def can_review(user, campaign: Campaign) -> bool:
    """Reviewing is province work: REVIEW_REPORTS over the campaign's whole province."""
    return may_act_at(user, Perm.REVIEW_REPORTS, place=campaign.province)


@transaction.atomic
def set_due_date(*, actor, campaign: Campaign, due_on: date) -> ReportDeadline:
    require_perm_at(actor, Perm.REVIEW_REPORTS, place=campaign.province)
    deadline = ReportDeadline.objects.filter(campaign=campaign).first()
    deadline = deadline or ReportDeadline(campaign=campaign)
    deadline.due_on = due_on
    stamp(deadline, actor=actor, reason="edited" if deadline.pk else "created")
    deadline.save()
    return deadline


# Commune reports -----------------------------------------------------------------------------


def can_write(user, commune: Place) -> bool:
    return may_act_at(user, Perm.WRITE_REPORTS, place=commune)


def _add_missing_rows(report: Report) -> None:
    """Rows for active indicators the report does not have yet (a new indicator)."""
    have = set(report.rows.values_list("indicator_id", flat=True))
    missing = [i for i in Indicator.objects.filter(is_active=True) if i.pk not in have]
    if not missing:
        return
    plan = CommunePlan.objects.filter(campaign=report.campaign, commune=report.commune).first()
    for indicator in missing:
        row = ReportRow(report=report, indicator=indicator, target=initial_target(indicator, plan))
        row.save()


@transaction.atomic
def start_report(*, actor, campaign: Campaign, commune: Place) -> Report:
    """The commune's report for the campaign, created as a draft the first time (idempotent)."""
    require_perm_at(actor, Perm.WRITE_REPORTS, place=commune)
    if not covers(campaign, commune):
        raise ValidationError(_("This campaign does not cover the commune."))
    report = Report.objects.filter(campaign=campaign, commune=commune).first()
    if report is None:
        report = Report(campaign=campaign, commune=commune, signer_title="CHỦ TỊCH")
        stamp(report, actor=actor, reason="created")
        report.save()
    if report.is_editable:
        _add_missing_rows(report)
    return report


@dataclass(frozen=True)
class RowInput:
    target: int
    value: int | None  # ignored for formula indicators
    status: str  # "" = the proposed status


def _lock(report: Report) -> Report:
    return (
        Report.objects.select_for_update()
        .select_related("campaign__province", "commune")
        .get(pk=report.pk)
    )


@transaction.atomic
def save_report(
    *,
    actor,
    report: Report,
    number: str,
    direction: str,
    results: str,
    shortcomings: str,
    proposals: str,
    signer_title: str,
    signer_name: str,
    rows: dict[int, RowInput],
) -> Report:
    """The commune's edits to its draft (or returned) report; refused once submitted."""
    require_perm_at(actor, Perm.WRITE_REPORTS, place=report.commune)
    report = _lock(report)
    if not report.is_editable:
        raise ReportLocked(
            _("This report is %(status)s and can no longer be changed.")
            % {"status": report.get_status_display().lower()}
        )
    report.number = number
    report.direction = direction
    report.results = results
    report.shortcomings = shortcomings
    report.proposals = proposals
    report.signer_title = signer_title
    report.signer_name = signer_name
    stamp(report, actor=actor, reason="edited")
    report.save()
    for view in report_rows(report):
        row, given = view.row, rows.get(view.row.pk)
        if given is None:
            continue
        if given.status and given.status not in RowStatus.values:
            raise ValidationError(_("Choose an assessment from the list."))
        value = given.value if row.indicator.is_manual else row.value
        target = view.target if view.from_plan else given.target  # the plan's, when it sets one
        if (row.target, row.value, row.status) == (target, value, given.status):
            continue
        row.target, row.value, row.status = target, value, given.status
        stamp(row, actor=actor, reason="edited")
        row.save(update_fields=["target", "value", "status"])
    return report


# The workflow --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReportMove(Move):
    perm: Perm
    label: object
    needs_comment: bool = False


TRANSITIONS = Transitions(
    {
        "submit": ReportMove(
            EDITABLE_STATUSES,
            ReportStatus.SUBMITTED,
            "submitted",
            perm=Perm.WRITE_REPORTS,
            label=gettext_lazy("Submit to the province"),
        ),
        "accept": ReportMove(
            {ReportStatus.SUBMITTED},
            ReportStatus.ACCEPTED,
            "accepted",
            perm=Perm.REVIEW_REPORTS,
            label=gettext_lazy("Accept and lock"),
        ),
        "return": ReportMove(
            {ReportStatus.SUBMITTED},
            ReportStatus.RETURNED,
            "returned",
            perm=Perm.REVIEW_REPORTS,
            label=gettext_lazy("Return to the commune"),
            needs_comment=True,
        ),
        "unlock": ReportMove(
            {ReportStatus.ACCEPTED},
            ReportStatus.RETURNED,
            "unlocked",
            perm=Perm.REVIEW_REPORTS,
            label=gettext_lazy("Unlock and return to the commune"),
            needs_comment=True,
        ),
    }
)


def may(user, report: Report, action: str) -> bool:
    """Whether the user holds the right for the action on this report (not its status)."""
    move = TRANSITIONS.get(action)
    if move is None:
        return False
    if move.perm == Perm.REVIEW_REPORTS:
        return can_review(user, report.campaign)
    return can_write(user, report.commune)


def available_moves(user, report: Report) -> list[tuple[str, ReportMove]]:
    return [
        (action, move)
        for action, move in TRANSITIONS.moves_from(report.status)
        if may(user, report, action)
    ]


def _freeze(report: Report) -> None:
    """Write the computed figures and the plan's targets into the rows: the submitted report
    keeps them."""
    for view in report_rows(report):
        row = view.row
        value = row.value if view.indicator.is_manual else view.value
        if (row.value, row.target) == (value, view.target):
            continue
        row.value, row.target = value, view.target
        row.save(update_fields=["value", "target"])


@transaction.atomic
def transition(*, actor, report: Report, action: str, comment: str = "") -> Report:
    """The one way a report's status changes: along `TRANSITIONS`, recorded as a ReportEvent."""
    move = TRANSITIONS.get(action)
    if move is None:
        raise ValidationError(str(TRANSITIONS.refusal))
    if not may(actor, report, action):
        raise PermissionDenied
    comment = comment.strip()
    if move.needs_comment and not comment:
        raise ValidationError({"comment": _("Say why, for the commune and the record.")})
    report = _lock(report)
    TRANSITIONS.move(report.status, action=action)
    before = report.status
    now = timezone.now()
    if action == "submit":
        _freeze(report)  # while the status is still editable, so the live figures are read
        report.submitted_at = now
        report.first_submitted_at = report.first_submitted_at or now
    elif action == "accept":
        report.accepted_at = now
    elif action == "unlock":
        report.accepted_at = None
    report.status = move.target
    if action == "submit":
        report.document_date = timezone.localdate(now)
        files.keep_commune_files(report)  # what is signed is what later downloads serve
    elif action in ("return", "unlock"):
        report.document_date = None
        files.drop_files(report)
    stamp(report, actor=actor, reason=move.reason)
    report.save()
    ReportEvent.objects.create(
        report=report,
        action=action,
        from_status=before,
        to_status=move.target,
        actor=actor,
        comment=comment,
        at=now,
    )
    return report
