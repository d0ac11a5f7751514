"""Sessions of a course: scheduling, changing and cancelling them."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tocds.core.history import stamp
from tocds.people.models import Person
from tocds.people.scoping import Perm, require_perm_at
from tocds.training.models import Course, Session
from tocds.training.services.completion import _people_of, evaluate_completion


@transaction.atomic
def save_session(
    *,
    actor,
    session: Session | None,
    course: Course,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    audience: str,
    title: str = "",
    venue: str = "",
    online_url: str = "",
    trainer=None,
    trainer_name: str = "",
    cancelled: bool = False,
) -> Session:
    """Schedule a session of a course, or change one (cancelling it keeps its records)."""
    require_perm_at(actor, Perm.MANAGE_TRAINING, place=course.place)
    errors: dict[str, str] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("The session ends before it starts.")
    if not venue.strip() and not online_url.strip():
        errors["venue"] = _("Give the place, or the link of an online session.")
    if capacity < 1:
        errors["capacity"] = _("At least one place.")
    if session is not None:
        # Read the count under a lock: an enrolment running now must not slip past the check.
        session = Session.objects.select_for_update().get(pk=session.pk)
        if capacity < session.enrolled_count:
            errors["capacity"] = _(
                "%(n)d people are already enrolled: the session needs at least as many places."
            ) % {"n": session.enrolled_count}
    if errors:
        raise ValidationError(errors)
    session = session or Session(course=course)
    was_cancelled = session.cancelled
    session.title = title
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.capacity = capacity
    session.audience = audience
    session.venue = venue
    session.online_url = online_url
    session.trainer = trainer
    session.trainer_name = trainer_name
    session.cancelled = cancelled
    reason = "edited" if session.pk else "created"
    if cancelled and not was_cancelled:
        reason = "cancelled"
    stamp(session, actor=actor, reason=reason)
    session.save()
    if cancelled != was_cancelled and session.pk:
        # "Every session" of the rule changed: completions follow.
        for person in Person.objects.filter(pk__in=_people_of(course)):
            evaluate_completion(course=course, person=person, actor=actor)
    return session
