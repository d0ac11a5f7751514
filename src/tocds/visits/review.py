"""Officers' review of recorded visits: correct, exclude, flag, resolve flags and conflicts.

Every write checks REVIEW_VISITS over the visit's team, keeps the tallies in step and leaves
history (django-simple-history, with the officer as the author and their reason)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tocds.core.history import stamp
from tocds.core.text import clean_name, fold
from tocds.core.transitions import Move, Transitions
from tocds.people.scoping import Perm
from tocds.places.models import Level, Place
from tocds.visits import quality, tally
from tocds.visits.models import (
    FlagKind,
    FlagStatus,
    QualityFlag,
    Resolution,
    SyncConflict,
    Visit,
    VisitService,
)
from tocds.visits.sync import VisitIn, stored_hash, sync_visits


def _locked(user, pk: int) -> Visit:
    """The visit, row-locked, if the user may review it."""
    visit = (
        Visit.objects.select_for_update()
        .visible_to(user, Perm.REVIEW_VISITS)
        .filter(pk=pk)
        .select_related("campaign")
        .first()
    )
    if visit is None:
        raise PermissionDenied
    return visit


def _baseline(visit: Visit) -> None:
    """Visits arrive in bulk, without a history row; write one before the first change."""
    if not Visit.history.filter(id=visit.pk).exists():
        Visit.history.bulk_history_create([visit], default_date=visit.received_at)


def _require_reason(reason: str) -> str:
    reason = clean_name(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why, for the history.")})
    return reason


@transaction.atomic
def correct_visit(
    *, actor, visit_id: int, household: str, hamlet: Place, people_guided: int, reason: str
) -> Visit:
    """Correct a visit's household, hamlet or number of people; its version goes up, so a
    phone's later edit based on the old version arrives as a conflict instead of undoing this."""
    reason = _require_reason(reason)
    visit = _locked(actor, visit_id)
    household = clean_name(household)
    if not household:
        raise ValidationError({"household": _("Enter the house number or a short label.")})
    if hamlet.level != Level.HAMLET or hamlet.commune_id != visit.commune_id:
        raise ValidationError({"hamlet": _("Choose a hamlet of the team's commune.")})
    if not 0 <= people_guided <= 99:
        raise ValidationError({"people_guided": _("Enter a number from 0 to 99.")})
    _baseline(visit)
    if not visit.excluded:
        tally.subtract([tally.snapshot(visit)])
    visit.household = household
    visit.household_key = fold(household)[:60]
    visit.hamlet = hamlet
    visit.people_guided = people_guided
    visit.content_hash = stored_hash(visit)
    visit.version += 1
    visit.updated_at = timezone.now()
    stamp(visit, actor=actor, reason=reason).save()
    if not visit.excluded:
        tally.add([tally.snapshot(visit)])
    quality.check([visit])
    return visit


# A flag is resolved once (the officer's note is its history reason); an officer's own doubt
# about the visit opens it again.
FLAG_TRANSITIONS = Transitions(
    {
        "confirm": Move({FlagStatus.OPEN}, FlagStatus.CONFIRMED),
        "fix": Move({FlagStatus.OPEN}, FlagStatus.FIXED),
        "exclude": Move({FlagStatus.OPEN}, FlagStatus.EXCLUDED),
        "reopen": Move(
            {FlagStatus.CONFIRMED, FlagStatus.FIXED, FlagStatus.EXCLUDED}, FlagStatus.OPEN
        ),
    },
    refusal=gettext_lazy("This flag has already been resolved."),
)
RESOLUTIONS = tuple(move.target for _action, move in FLAG_TRANSITIONS.moves_from(FlagStatus.OPEN))


@transaction.atomic
def set_excluded(*, actor, visit_id: int, excluded: bool, reason: str) -> Visit:
    """Take a visit out of the figures (a mistake, a double) or put it back."""
    reason = _require_reason(reason)
    visit = _locked(actor, visit_id)
    if visit.excluded == excluded:
        return visit
    _baseline(visit)
    snapshot = tally.snapshot(visit)
    visit.excluded = excluded
    visit.version += 1
    visit.updated_at = timezone.now()
    stamp(visit, actor=actor, reason=reason).save()
    (tally.subtract if excluded else tally.add)([snapshot])
    if excluded:
        move = FLAG_TRANSITIONS["exclude"]
        visit.flags.filter(status__in=move.sources).update(
            status=move.target, resolved_by=actor, resolved_at=timezone.now()
        )
    return visit


@transaction.atomic
def flag_visit(*, actor, visit_id: int, note: str) -> QualityFlag:
    """An officer's own doubt about a visit, to look into later."""
    note = _require_reason(note)
    visit = _locked(actor, visit_id)
    flag = QualityFlag.objects.filter(visit=visit, kind=FlagKind.MANUAL).first()
    flag = flag or QualityFlag(visit=visit, kind=FlagKind.MANUAL)
    flag.detail = note[:300]
    if flag.status != FlagStatus.OPEN:
        flag.status = FLAG_TRANSITIONS.move(flag.status, action="reopen").target
    flag.resolved_by, flag.resolved_at = None, None
    stamp(flag, actor=actor, reason=note).save()
    return flag


@transaction.atomic
def resolve_flag(*, actor, flag_id: int, status: str, note: str = "") -> QualityFlag:
    """Close a flag: the record is right, it was fixed, or it is excluded from the figures."""
    if status not in RESOLUTIONS:
        raise ValidationError({"status": _("Choose how the flag was resolved.")})
    flag = (
        QualityFlag.objects.select_for_update()
        .visible_to(actor, Perm.REVIEW_VISITS)
        .filter(pk=flag_id)
        .first()
    )
    if flag is None:
        raise PermissionDenied
    move = FLAG_TRANSITIONS.move(flag.status, to=status)
    if move.target == FlagStatus.EXCLUDED:
        set_excluded(
            actor=actor,
            visit_id=flag.visit_id,
            excluded=True,
            reason=note or str(flag.get_kind_display()),
        )
        flag.refresh_from_db()
    flag.status = move.target
    flag.note = clean_name(note)[:300]
    flag.resolved_by = actor
    flag.resolved_at = timezone.now()
    stamp(flag, actor=actor, reason=note).save()
    return flag


# A sync conflict is resolved once, one way or the other.
CONFLICT_TRANSITIONS = Transitions(
    {
        "keep_server": Move({Resolution.OPEN}, Resolution.KEPT_SERVER),
        "take_phone": Move({Resolution.OPEN}, Resolution.TOOK_PHONE),
    },
    refusal=gettext_lazy("This conflict has already been resolved."),
)


@transaction.atomic
def resolve_conflict(*, actor, conflict_id: int, take_phone: bool) -> SyncConflict:
    """Keep the server's copy of a visit, or replace it with the copy the phone sent."""
    conflict = (
        SyncConflict.objects.select_for_update()
        .visible_to(actor, Perm.REVIEW_VISITS)
        .filter(pk=conflict_id)
        .select_related("visit", "sent_by")
        .first()
    )
    if conflict is None:
        raise PermissionDenied
    move = CONFLICT_TRANSITIONS.move(
        conflict.resolution, action="take_phone" if take_phone else "keep_server"
    )
    if take_phone:
        data = VisitIn.model_validate(conflict.payload)
        data.base_version = conflict.visit.version
        sent_at = conflict.received_at - timedelta(seconds=conflict.skew_seconds)
        result = sync_visits(
            actor=conflict.sent_by, records=[data], device_clock=sent_at, now=conflict.received_at
        )
        outcome = result.results[0]
        if outcome.status not in ("updated", "duplicate"):
            raise ValidationError(
                _("The phone's copy can no longer be applied: %(errors)s")
                % {"errors": "; ".join(outcome.errors.values()) or outcome.status}
            )
    conflict.resolution = move.target
    conflict.resolved_by = actor
    conflict.resolved_at = timezone.now()
    conflict.save()
    return conflict


def services_of(visit: Visit) -> list[VisitService]:
    return list(visit.services.select_related("service").order_by("service__position"))
