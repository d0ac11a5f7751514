"""Attendance: check-in by QR code, the paper sign-in sheet, walk-ins, and the
participants' ratings of a session they attended."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tocds.core.history import stamp
from tocds.people.phones import mask
from tocds.training import codes
from tocds.training.models import CheckInMethod, Enrolment, EnrolmentSource, Session
from tocds.training.services.access import can_take_attendance
from tocds.training.services.completion import evaluate_completion
from tocds.training.services.enrolment import _enrol, _person_for


@dataclass(frozen=True)
class CheckIn:
    """The outcome of a check-in: `kind` says what happened, `message` says it in words."""

    ok: bool
    kind: str
    message: str
    enrolment: Enrolment | None = None


_CODE_MESSAGES = {
    codes.CodeState.INVALID: lambda: _(
        "This is not a valid check-in code. Scan the code on the trainer's screen again."
    ),
    codes.CodeState.WRONG_SESSION: lambda: _(
        "This code belongs to another session: it cannot be used for this one."
    ),
    codes.CodeState.NOT_OPEN: lambda: _("Check-in for this session has not opened yet."),
    codes.CodeState.EXPIRED: lambda: _(
        "This code has expired: the session is over. Ask the trainer to add you to the "
        "sign-in sheet."
    ),
    codes.CodeState.REPLAYED: lambda: (
        _(
            "This code was shown more than %(minutes)d minutes ago and can no longer be used. "
            "Scan the code on the trainer's screen now."
        )
        % {"minutes": int(codes.LIFETIME.total_seconds() // 60)}
    ),
}


def invalid_code() -> CheckIn:
    state = codes.CodeState.INVALID
    return CheckIn(False, str(state), _CODE_MESSAGES[state]())


def check_code(session: Session, code: str, *, now: datetime | None = None) -> CheckIn | None:
    """None when the code may be used now; otherwise the refusal to show."""
    state = codes.code_state(session, code, now=now)
    if session.cancelled:
        return CheckIn(False, "cancelled", _("This session has been cancelled."))
    if state != codes.CodeState.VALID:
        return CheckIn(False, str(state), _CODE_MESSAGES[state]())
    return None


@transaction.atomic
def check_in(
    *,
    session: Session,
    code: str,
    user=None,
    phone: str | None = None,
    now: datetime | None = None,
) -> CheckIn:
    """Mark an enrolled person present from a scanned code: the signed-in user's own person, or
    the person enrolled with `phone` (already normalised). Never names the person found by a
    phone number (only the masked number): whoever holds a code must not learn who is enrolled.
    """
    now = now or timezone.now()
    refusal = check_code(session, code, now=now)
    if refusal is not None:
        return refusal
    if phone:
        enrolment = (
            Enrolment.objects.active()
            .select_for_update()
            .filter(session=session, person__phone=phone)
            .first()
        )
        who = mask(phone)
        method = CheckInMethod.QR_PHONE
    else:
        person = getattr(user, "person", None) if user is not None else None
        if person is None:
            return CheckIn(
                False,
                "no_person",
                _("Your account is not linked to a team member: enter your phone number."),
            )
        enrolment = (
            Enrolment.objects.active()
            .select_for_update()
            .filter(session=session, person=person)
            .first()
        )
        who = person.full_name
        method = CheckInMethod.QR_ACCOUNT
    if enrolment is None:
        return CheckIn(
            False,
            "not_enrolled",
            _("%(who)s is not enrolled in this session. Ask the trainer to add you.")
            % {"who": who},
        )
    if enrolment.attended:
        local = timezone.localtime(enrolment.checked_in_at) if enrolment.checked_in_at else None
        return CheckIn(
            True,
            "already",
            _("%(who)s is already marked present (%(time)s).")
            % {"who": who, "time": local.strftime("%H:%M") if local else "—"},
            enrolment,
        )
    enrolment.attended = True
    enrolment.checked_in_at = now
    enrolment.check_in_method = method
    stamp(enrolment, actor=user, reason="checked in")
    enrolment.save(update_fields=["attended", "checked_in_at", "check_in_method"])
    evaluate_completion(course=session.course, person=enrolment.person, actor=user)
    return CheckIn(
        True,
        "present",
        _("%(who)s is marked present. Welcome!") % {"who": who},
        enrolment,
    )


@transaction.atomic
def record_sheet(*, actor, session: Session, marks: dict[int, bool | None]) -> int:
    """Enter (or correct) the paper sign-in sheet: `marks` maps enrolment ids to present,
    absent or not known. Each change is a history row with who and when ("sign-in sheet" for a
    first entry, "corrected" for a change); returns how many enrolments changed."""
    if not can_take_attendance(actor, session):
        raise PermissionDenied
    if session.cancelled:
        raise ValidationError(_("This session has been cancelled."))
    if session.starts_at > timezone.now() + codes.OPENS_BEFORE:
        raise ValidationError(_("The session has not started yet."))
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.active()
        .select_for_update()
        .filter(session=session, pk__in=list(marks))
        .select_related("person")
    }
    unknown = set(marks) - enrolments.keys()
    if unknown:
        raise ValidationError(_("The sheet names people who are not enrolled in this session."))
    changed = 0
    for pk, value in sorted(marks.items()):
        enrolment = enrolments[pk]
        if enrolment.attended == value:
            continue
        reason = "sign-in sheet" if enrolment.attended is None else "corrected"
        enrolment.attended = value
        if value and not enrolment.checked_in_at:
            enrolment.checked_in_at = timezone.now()
        enrolment.check_in_method = CheckInMethod.SHEET if value is not None else ""
        stamp(enrolment, actor=actor, reason=reason)
        enrolment.save(update_fields=["attended", "checked_in_at", "check_in_method"])
        evaluate_completion(course=session.course, person=enrolment.person, actor=actor)
        changed += 1
    return changed


@transaction.atomic
def add_walk_in(
    *, actor, session: Session, full_name: str, phone: str | None, audience: str
) -> Enrolment:
    """Someone on the paper sheet who had not enrolled: enrol them (if a place is left) and
    mark them present."""
    if not can_take_attendance(actor, session):
        raise PermissionDenied
    person = _person_for(full_name=full_name, phone=phone)
    enrolment = _enrol(
        actor=actor,
        session=session,
        person=person,
        audience=audience,
        source=EnrolmentSource.WALK_IN,
    )
    record_sheet(actor=actor, session=session, marks={enrolment.pk: True})
    enrolment.refresh_from_db()
    return enrolment


@transaction.atomic
def rate_session(*, actor, session: Session, rating: int, comment: str = "") -> Enrolment:
    """A participant rates a session they attended: 1 to 5 and a comment; rating again
    replaces the earlier rating."""
    person = getattr(actor, "person", None)
    enrolment = (
        Enrolment.objects.active().filter(session=session, person=person).first()
        if person is not None
        else None
    )
    if enrolment is None or not enrolment.attended:
        raise ValidationError(_("Only people who attended the session can rate it."))
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Give 1 to 5 stars.")})
    enrolment.rating = rating
    enrolment.comment = comment.strip()
    stamp(enrolment, actor=actor, reason="rated")
    enrolment.save(update_fields=["rating", "comment"])
    return enrolment
