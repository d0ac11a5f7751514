"""Periodic reporting (issue 17 §2): a commune's report for a period, prefilled from the
tracker's indicators of the clauses that fall to the communes, with its narrative and the
figures entered by hand; submitted, then accepted (locked) or returned by the province along
the campaign reports' own workflow table (`tocds.reports.services.TRANSITIONS`: the same
moves, statuses, permissions and labels). Completeness and timeliness per period."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tocds.core.history import stamp
from tocds.people.scoping import Perm, may_act_at, require_perm_at
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.reports.models import REPORT_STATUS_LABELS, ReportStatus
from tocds.reports.services import TRANSITIONS, ReportMove
from tocds.tracker.models import (
    ClauseIndicator,
    HandFigure,
    Period,
    PeriodReport,
    PeriodReportEvent,
    PeriodReportRow,
)
from tocds.tracker.status import Assessor

NARRATIVE = ("direction", "results", "shortcomings", "proposals")


def indicators_for(period: Period):
    """The indicators of the clauses that fall to the communes, of the followed directives of
    the period's province."""
    return ClauseIndicator.objects.filter(
        clause__falls_to_communes=True,
        clause__directive__province=period.province,
        clause__directive__is_active=True,
    ).select_related("clause")


@transaction.atomic
def start_report(*, actor, period: Period, commune: Place) -> PeriodReport:
    """A commune's report for the period, its rows prefilled (hand figures already entered in
    the tracker are carried over)."""
    require_perm_at(actor, Perm.WRITE_REPORTS, place=commune)
    if commune.level != Level.COMMUNE or not tree.is_within(commune, period.province):
        raise ValidationError(_("Reports are made by the communes of the province."))
    report, created = PeriodReport.objects.get_or_create(period=period, place=commune)
    if created:
        stamp(report, actor=actor, reason="created")
        hand = {
            f.indicator_id: f.value for f in HandFigure.objects.filter(period=period, place=commune)
        }
        for indicator in indicators_for(period):
            PeriodReportRow.objects.create(
                report=report,
                indicator=indicator,
                value=hand.get(indicator.pk) if indicator.is_manual else None,
            )
    return report


@dataclass(frozen=True)
class RowView:
    row: PeriodReportRow
    value: int | None
    target: int | None


def report_rows(report: PeriodReport, today=None) -> list[RowView]:
    """The rows with their figures: live from the tracker while the report is editable, as
    frozen once submitted; figures entered by hand as the commune typed them."""
    rows = list(report.rows.select_related("indicator__clause"))
    if not report.is_editable:
        return [RowView(r, r.value, r.target) for r in rows]
    assessor = Assessor(report.period, today or timezone.localdate())
    views = []
    for row in rows:
        value = (
            row.value if row.indicator.is_manual else assessor.value(row.indicator, report.place)
        )
        target = assessor.targets.get((row.indicator_id, report.place_id))
        views.append(RowView(row, value, target))
    return views


def _lock(report: PeriodReport) -> PeriodReport:
    return (
        PeriodReport.objects.select_for_update().select_related("period", "place").get(pk=report.pk)
    )


@transaction.atomic
def save_report(
    *, actor, report: PeriodReport, fields: dict[str, str], values: dict[int, int | None]
) -> PeriodReport:
    """The narrative, number, signer and the hand figures (`values`: row id → figure) of an
    editable report."""
    require_perm_at(actor, Perm.WRITE_REPORTS, place=report.place)
    report = _lock(report)
    if not report.is_editable:
        raise ValidationError(_("This report is locked: it was submitted or accepted."))
    for name in (*NARRATIVE, "number", "signer_title", "signer_name"):
        if name in fields:
            setattr(report, name, fields[name].strip())
    stamp(report, actor=actor, reason="edited")
    report.save()
    for row in report.rows.select_related("indicator"):
        if row.pk in values and row.indicator.is_manual and row.value != values[row.pk]:
            row.value = values[row.pk]
            stamp(row, actor=actor, reason="edited")
            row.save(update_fields=["value"])
    return report


def may(user, report: PeriodReport, action: str) -> bool:
    """Whether the user holds the move's permission: writing at the commune, reviewing at the
    province."""
    move = TRANSITIONS.get(action)
    if move is None:
        return False
    if move.perm == Perm.REVIEW_REPORTS:
        return may_act_at(user, Perm.REVIEW_REPORTS, place=report.period.province)
    return may_act_at(user, move.perm, place=report.place)


def available_moves(user, report: PeriodReport) -> list[tuple[str, ReportMove]]:
    return [
        (action, move)
        for action, move in TRANSITIONS.moves_from(report.status)
        if may(user, report, action)
    ]


def _freeze(report: PeriodReport) -> None:
    """Write the computed figures and the targets into the rows, and the hand figures into the
    tracker (the commune reported them)."""
    for view in report_rows(report):
        row = view.row
        if (row.value, row.target) != (view.value, view.target):
            row.value, row.target = view.value, view.target
            row.save(update_fields=["value", "target"])
        if row.indicator.is_manual and view.value is not None:
            figure = HandFigure.objects.filter(
                indicator=row.indicator, period=report.period, place=report.place
            ).first() or HandFigure(
                indicator=row.indicator, period=report.period, place=report.place
            )
            if figure.value != view.value:
                figure.value = view.value
                figure.note = figure.note or _("from the period's report")
                stamp(figure, actor=None, reason="figure entered")
                figure.save()


@transaction.atomic
def transition(*, actor, report: PeriodReport, action: str, comment: str = "") -> PeriodReport:
    """The one way a period report's status changes: along the reports' `TRANSITIONS`,
    recorded as a PeriodReportEvent."""
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
    before, now = report.status, timezone.now()
    if action == "submit":
        _freeze(report)
        report.submitted_at = now
        report.first_submitted_at = report.first_submitted_at or now
        report.document_date = timezone.localdate(now)
    elif action == "accept":
        report.accepted_at = now
    elif action in ("return", "unlock"):
        report.accepted_at = None
        report.document_date = None
    report.status = move.target
    stamp(report, actor=actor, reason=move.reason)
    report.save()
    PeriodReportEvent.objects.create(
        report=report,
        action=action,
        from_status=before,
        to_status=move.target,
        actor=actor,
        comment=comment,
        at=now,
    )
    return report


@dataclass(frozen=True)
class CommuneLine:
    commune: Place
    report: PeriodReport | None

    @property
    def status(self) -> str:
        return self.report.status if self.report else ""

    @property
    def status_label(self):
        return REPORT_STATUS_LABELS[self.status]

    @property
    def sent(self) -> bool:
        return self.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


@dataclass(frozen=True)
class Completeness:
    period: Period
    lines: list[CommuneLine]

    @property
    def expected(self) -> int:
        return len(self.lines)

    @property
    def sent(self) -> int:
        return sum(1 for line in self.lines if line.sent)

    @property
    def accepted(self) -> int:
        return sum(1 for line in self.lines if line.status == ReportStatus.ACCEPTED)

    @property
    def on_time(self) -> int:
        return sum(1 for line in self.lines if line.report and line.report.on_time)

    @property
    def late(self) -> int:
        """First sent after the deadline, or never sent once it has passed."""
        due = self.period.due_on
        overdue = due is not None and timezone.localdate() > due

        def is_late(line: CommuneLine) -> bool:
            if line.report is not None and line.report.on_time is False:
                return True
            never_sent = line.report is None or line.report.first_submitted_at is None
            return overdue and never_sent

        return sum(1 for line in self.lines if is_late(line))


def completeness(period: Period, communes) -> Completeness:
    """Every commune given (the scope's, in the province) with its report for the period."""
    reports = {
        r.place_id: r for r in PeriodReport.objects.filter(period=period).select_related("period")
    }
    return Completeness(period, [CommuneLine(c, reports.get(c.pk)) for c in communes])


def totals(period: Period) -> list[tuple[ClauseIndicator, int, int | None]]:
    """Per indicator: the sum over the reports sent (frozen figures) and of their targets."""
    sent = PeriodReportRow.objects.filter(
        report__period=period,
        report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED],
    )
    sums: dict[int, list[int]] = {}
    for row in sent:
        entry = sums.setdefault(row.indicator_id, [0, 0])
        entry[0] += row.value or 0
        entry[1] += row.target or 0
    return [
        (indicator, sums.get(indicator.pk, [0, 0])[0], sums.get(indicator.pk, [0, 0])[1] or None)
        for indicator in indicators_for(period)
    ]
