"""Every write of the tracker: a clause's status set by hand, a figure entered by hand with its
evidence, a target, a reporting period. Each checks the permission again (`require_perm_at`)
and that the clause is the actor's to report on (`may_report`)."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from tocds.core.history import stamp
from tocds.core.transitions import Move, Transitions
from tocds.initiatives.services import sniff
from tocds.people.scoping import (
    Perm,
    may_act_at,
    organisations_for,
    paths_without_organisation,
    require_perm_at,
)
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.tracker.models import (
    Clause,
    ClauseIndicator,
    ClauseStatus,
    Evidence,
    HandFigure,
    Period,
    PeriodKind,
    Status,
    Target,
)

# A status set by hand: any status may follow any other (an assessment, not a workflow of
# steps); each change is a move stamped "status set" in the history.
ALL = frozenset(Status.values)
STATUS_TRANSITIONS = Transitions(
    {
        status: Move(ALL - {status}, status, "status set")
        for status in (Status.NOT_STARTED, Status.IN_PROGRESS, Status.LATE, Status.DONE)
    }
)


def may_report(user, clause: Clause, place: Place) -> bool:
    """Whether the user reports on the clause at the place. At a commune: a clause that falls
    to the communes, by one acting for the place itself (the commune's officer, the province's
    administrator). At the province: the province's administrator, or an officer of the
    clause's responsible organisation."""
    if not may_act_at(user, Perm.REPORT_TRACKER, place=place):
        return False
    if place.level == Level.COMMUNE:
        own = paths_without_organisation(user, Perm.REPORT_TRACKER)
        return clause.falls_to_communes and any(tree.is_within(place, p) for p in own)
    if may_act_at(user, Perm.MANAGE_TRACKER, place=place):
        return True
    return clause.responsible_id is not None and clause.responsible_id in organisations_for(
        user, Perm.REPORT_TRACKER
    )


def _require_reporter(actor, clause: Clause, place: Place) -> None:
    require_perm_at(actor, Perm.REPORT_TRACKER, place=place)
    if not may_report(actor, clause, place):
        raise PermissionDenied


def _check_place(clause: Clause, place: Place, period: Period) -> None:
    if period.province_id != clause.directive.province_id or not tree.is_within(
        place, clause.directive.province
    ):
        raise ValidationError(_("This period or place is not the directive's."))


@transaction.atomic
def set_status(
    *, actor, clause: Clause, place: Place, period: Period, status: str, note: str
) -> ClauseStatus:
    """The responsible agency's status of a clause for a period and place, with its note."""
    _require_reporter(actor, clause, place)
    _check_place(clause, place, period)
    if status not in Status.values:
        raise ValidationError(_("Choose a status."))
    if not note.strip():
        raise ValidationError({"note": _("Say what was done and what remains.")})
    row = (
        ClauseStatus.objects.select_for_update()
        .filter(clause=clause, period=period, place=place)
        .first()
    )
    if row is None:
        row = ClauseStatus(clause=clause, period=period, place=place, status=status)
        reason = "status set"
    elif row.status != status:
        move = STATUS_TRANSITIONS.move(row.status, to=status)
        row.status = move.target
        reason = move.reason
    else:
        reason = "note changed"
    row.note = note.strip()
    row.set_by = actor
    row.set_at = timezone.now()
    stamp(row, actor=actor, reason=reason)
    row.save()
    return row


def _check_upload(upload) -> tuple[str, str]:
    limit = settings.MAX_EVIDENCE_BYTES
    if upload.size > limit:
        too_large = _("The file is too large (at most %(size)s).")
        raise ValidationError({"file": too_large % {"size": filesizeformat(limit)}})
    upload.seek(0)
    found = sniff(upload.read(16))
    upload.seek(0)
    if found is None:
        raise ValidationError({"file": _("Only photos (JPEG, PNG) and PDF documents are kept.")})
    return found


@transaction.atomic
def enter_figure(
    *,
    actor,
    indicator: ClauseIndicator,
    place: Place,
    period: Period,
    value: int,
    note: str = "",
    evidence_title: str = "",
    upload=None,
) -> HandFigure:
    """A figure tocds does not hold, for a period and place, with an optional evidence file
    (JPEG, PNG or PDF, checked by content, at most `MAX_EVIDENCE_BYTES`)."""
    clause = indicator.clause
    _require_reporter(actor, clause, place)
    _check_place(clause, place, period)
    if not indicator.is_manual:
        raise ValidationError(_("This figure is computed by tocds."))
    if value < 0:
        raise ValidationError({"value": _("A figure is zero or more.")})
    found = _check_upload(upload) if upload is not None else None
    figure = (
        HandFigure.objects.select_for_update()
        .filter(indicator=indicator, period=period, place=place)
        .first()
    ) or HandFigure(indicator=indicator, period=period, place=place)
    reason = "figure entered" if figure.pk is None else "figure changed"
    figure.value = value
    figure.note = note.strip()
    figure.entered_by = actor
    figure.entered_at = timezone.now()
    stamp(figure, actor=actor, reason=reason)
    figure.save()
    if found is not None:
        content_type, extension = found
        evidence = Evidence(
            figure=figure,
            title=evidence_title.strip() or indicator.name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        upload.name = f"evidence-{figure.pk}{extension}"
        evidence.file = upload
        stamp(evidence, actor=actor, reason="created")
        evidence.save()
    return figure


@transaction.atomic
def set_target(
    *, actor, indicator: ClauseIndicator, place: Place, period: Period, value: int | None
) -> Target | None:
    """The target of an indicator for a period and place (None: remove it)."""
    require_perm_at(actor, Perm.MANAGE_TRACKER, place=place)
    _check_place(indicator.clause, place, period)
    if place.level == Level.COMMUNE and not indicator.clause.falls_to_communes:
        raise ValidationError(_("This clause is followed for the province only."))
    found = Target.objects.select_for_update().filter(
        indicator=indicator, period=period, place=place
    )
    target = found.first()
    if value is None:
        if target is not None:
            stamp(target, actor=actor, reason="target removed")
            target.delete()
        return None
    if value <= 0:
        raise ValidationError({"value": _("A target is more than zero.")})
    target = target or Target(indicator=indicator, period=period, place=place)
    target.value = value
    stamp(target, actor=actor, reason="target set")
    target.save()
    return target


def period_bounds(kind: str, starts_on: date) -> tuple[date, date]:
    """The first and last day of the month, quarter, half-year or year that holds `starts_on`."""
    months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
    length = months[PeriodKind(kind)]
    first_month = (starts_on.month - 1) // length * length + 1
    first = date(starts_on.year, first_month, 1)
    end_month = first_month + length
    after = date(first.year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return first, date.fromordinal(after.toordinal() - 1)


@transaction.atomic
def create_period(
    *, actor, province: Place, kind: str, within: date, due_on: date | None = None
) -> Period:
    """The month, quarter, half-year or year holding the day `within`, with its deadline."""
    require_perm_at(actor, Perm.MANAGE_TRACKER, place=province)
    if kind not in PeriodKind.values:
        raise ValidationError({"kind": _("Choose a kind of period.")})
    starts_on, ends_on = period_bounds(kind, within)
    if due_on is not None and due_on < starts_on:
        raise ValidationError({"due_on": _("The deadline falls before the period starts.")})
    if Period.objects.filter(province=province, kind=kind, starts_on=starts_on).exists():
        raise ValidationError(_("This period exists already."))
    period = Period(
        province=province, kind=kind, starts_on=starts_on, ends_on=ends_on, due_on=due_on
    )
    stamp(period, actor=actor, reason="created")
    period.save()
    return period
