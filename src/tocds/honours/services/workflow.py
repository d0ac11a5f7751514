"""The way of a nomination: `TRANSITIONS`, one office per step, and `move`, the one way a
nomination moves — its row locked and status re-read, the quota checked at selection, the
decision recorded with its certificate; the appraisal deadline."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tocds.core.history import stamp
from tocds.core.transitions import Move, Transitions
from tocds.honours.models import (
    HOLDS_QUOTA,
    Nomination,
    NominationEvent,
    Quota,
    Round,
    RoundStatus,
    Status,
)
from tocds.honours.services.nominations import require_unit
from tocds.people.scoping import (
    Perm,
    require_perm_at,
)


@dataclass(frozen=True, kw_only=True)
class NominationMove(Move):
    """A move, with the permission it needs over the proposing unit's place, its button's
    label, and whether it needs a comment (a return or a refusal always says why)."""

    perm: Perm
    label: str
    needs_comment: bool = False


TRANSITIONS = Transitions(
    {
        "submit": NominationMove(
            {Status.DRAFT, Status.RETURNED},
            Status.SUBMITTED,
            "submitted",
            perm=Perm.PROPOSE_HONOURS,
            label=gettext_lazy("Submit to the Department"),
        ),
        "select": NominationMove(
            {Status.SUBMITTED},
            Status.SELECTED,
            "selected",
            perm=Perm.SELECT_HONOURS,
            label=gettext_lazy("Select and send to Home Affairs"),
        ),
        "return": NominationMove(
            {Status.SUBMITTED},
            Status.RETURNED,
            "returned",
            perm=Perm.SELECT_HONOURS,
            label=gettext_lazy("Return for revision"),
            needs_comment=True,
        ),
        "decline": NominationMove(
            {Status.SUBMITTED},
            Status.NOT_SELECTED,
            "not_selected",
            perm=Perm.SELECT_HONOURS,
            label=gettext_lazy("Do not select"),
            needs_comment=True,
        ),
        "propose": NominationMove(
            {Status.SELECTED},
            Status.PROPOSED,
            "proposed",
            perm=Perm.APPRAISE_HONOURS,
            label=gettext_lazy("Appraised: propose to the Chairman"),
        ),
        "send_back": NominationMove(
            {Status.SELECTED},
            Status.RETURNED,
            "returned_by_home_affairs",
            perm=Perm.APPRAISE_HONOURS,
            label=gettext_lazy("Return for revision"),
            needs_comment=True,
        ),
        "approve": NominationMove(
            {Status.PROPOSED},
            Status.APPROVED,
            "approved",
            perm=Perm.DECIDE_HONOURS,
            label=gettext_lazy("Honoured by the decision"),
        ),
        "reject": NominationMove(
            {Status.PROPOSED},
            Status.NOT_APPROVED,
            "not_approved",
            perm=Perm.DECIDE_HONOURS,
            label=gettext_lazy("Not honoured"),
            needs_comment=True,
        ),
    },
    refusal=gettext_lazy("This nomination cannot take that step now."),
)

# Working days the Department of Home Affairs' emulation board has to appraise a dossier.
APPRAISAL_WORKING_DAYS = 25


def add_working_days(start: date, days: int) -> date:
    """`days` working days (Monday to Friday) after `start`. Public holidays are not known to
    tocds and are not skipped."""
    current = start
    while days > 0:
        current = date.fromordinal(current.toordinal() + 1)
        if current.weekday() < 5:
            days -= 1
    return current


def appraisal_due(nomination: Nomination) -> date | None:
    if nomination.selected_at is None:
        return None
    return add_working_days(timezone.localdate(nomination.selected_at), APPRAISAL_WORKING_DAYS)


def may_take(user, nomination: Nomination, action: str) -> bool:
    """Whether `user` may make this move of the nomination (a flag for its page): the
    proposing unit's moves only for the unit's own people, the others by the office's
    permission over the unit's place."""
    step = TRANSITIONS[action]
    try:
        if step.perm == Perm.PROPOSE_HONOURS:
            require_unit(user, nomination.unit_place, nomination.unit_organisation)
        else:
            require_perm_at(user, step.perm, place=nomination.unit_place)
    except PermissionDenied:
        return False
    return True


@transaction.atomic
def move(
    *,
    actor,
    nomination: Nomination,
    action: str,
    comment: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    today: date | None = None,
) -> Nomination:
    """The one way a nomination moves: along `TRANSITIONS`, by the office that owns the step.
    The row is locked and its status re-read, so of two officers pressing at once one moves
    it and the other is told it has moved. Selecting checks the form's quota (its row locked
    too); a first submission checks the round's deadline; an approval needs the decision's
    number and date, and issues the certificate of merit."""
    if action not in TRANSITIONS:
        raise ValidationError(str(TRANSITIONS.refusal))
    step = TRANSITIONS[action]
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("round", "unit_place")
        .get(pk=nomination.pk)
    )
    if step.perm == Perm.PROPOSE_HONOURS:
        require_unit(actor, nomination.unit_place, nomination.unit_organisation)
    else:
        require_perm_at(actor, step.perm, place=nomination.unit_place)
    found = TRANSITIONS.move(nomination.status, action=action)
    comment = " ".join((comment or "").split()) if step.needs_comment else (comment or "").strip()
    if step.needs_comment and not comment:
        raise ValidationError({"comment": _("Say why.")})
    today = today or timezone.localdate()
    now = timezone.now()
    round = nomination.round
    if action == "submit":
        if round.status != RoundStatus.OPEN:
            raise ValidationError(_("This round is closed."))
        if nomination.submitted_at is None and today > round.submit_by:
            raise ValidationError(
                _("The units' deadline of this round has passed (%(date)s).")
                % {"date": round.submit_by.strftime("%d/%m/%Y")}
            )
        nomination.submitted_at = nomination.submitted_at or now
    elif action == "select":
        quota = Quota.objects.select_for_update().filter(round=round, form=nomination.form).first()
        held = Nomination.objects.filter(
            round=round, form=nomination.form, status__in=HOLDS_QUOTA
        ).count()
        if quota is None or held >= quota.quota:
            raise ValidationError(
                _("The quota of %(form)s in this round is used up (%(count)s).")
                % {"form": nomination.form.short_name, "count": quota.quota if quota else 0}
            )
        nomination.selected_at = nomination.selected_at or now
    elif action == "propose":
        nomination.proposed_at = nomination.proposed_at or now
    elif action in ("approve", "reject"):
        decision_number = (decision_number or "").strip()
        if action == "approve" and (not decision_number or decision_date is None):
            raise ValidationError(_("Give the decision's number and date."))
        if decision_date is not None and decision_date > today:
            raise ValidationError(_("The decision's date cannot be in the future."))
        nomination.decision_number = decision_number
        nomination.decision_date = decision_date
        nomination.decided_at = now
    if step.needs_comment:
        nomination.reason = comment
    elif found.target != Status.NOT_APPROVED:
        nomination.reason = ""
    NominationEvent.objects.create(
        nomination=nomination,
        action=action,
        from_status=nomination.status,
        to_status=found.target,
        comment=comment,
        actor=actor,
        at=now,
    )
    nomination.status = found.target
    stamp(nomination, actor=actor, reason=found.reason)
    nomination.save()
    if found.target == Status.APPROVED:
        from tocds.honours.certificates import issue_for

        issue_for(nomination, actor=actor)
    return nomination


@transaction.atomic
def record_decision(
    *,
    actor,
    round: Round,
    decision_number: str,
    decision_date: date,
    approved: list[Nomination],
    rejected: dict[int, str],
) -> int:
    """The Chairman's decision over several proposed nominations at once: the approved ones
    honoured, the others not, each with the reason given ({nomination id: reason}). All or
    nothing; returns how many were recorded."""
    count = 0
    outcomes = [(n, "approve", "") for n in approved]
    outcomes += [
        (Nomination.objects.get(pk=pk, round=round), "reject", reason)
        for pk, reason in rejected.items()
    ]
    for nomination, action, reason in outcomes:
        try:
            move(
                actor=actor,
                nomination=nomination,
                action=action,
                comment=reason,
                decision_number=decision_number,
                decision_date=decision_date,
            )
        except ValidationError as error:
            # Say which nominee: the whole decision is refused (all or nothing).
            raise ValidationError(f"{nomination.nominee}: {' '.join(error.messages)}") from error
        count += 1
    return count
