"""Enrolment: taking a place in a session (by a manager, a team, an import or oneself) and
giving it back.

Capacity is held by the database: `Session.enrolled_count` only grows through a conditional
UPDATE (`… WHERE enrolled_count < capacity`) and a check constraint forbids it to pass the
capacity; one row per session and person (`enrolment_once`) forbids double enrolment.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tocds.core.history import stamp
from tocds.core.text import fold
from tocds.core.transitions import Move, Transitions
from tocds.people.models import Person
from tocds.people.scoping import Perm, require_perm_at, scope_for
from tocds.places import tree
from tocds.teams.models import Membership, Team, TeamStatus
from tocds.training.models import (
    TEAM_AUDIENCES,
    Audience,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Session,
)
from tocds.training.services.access import can_manage


def _full_error(session: Session) -> ValidationError:
    if session.cancelled:
        return ValidationError(_("This session has been cancelled."), code="cancelled")
    return ValidationError(_("This session is full."), code="full")


def _already_error() -> ValidationError:
    return ValidationError(_("This person is already enrolled in this session."), code="already")


# An enrolment is cancelled once; enrolling the same person again takes it back.
ENROLMENT_TRANSITIONS = Transitions(
    {
        "cancel": Move({EnrolmentStatus.ENROLLED}, EnrolmentStatus.CANCELLED, "cancelled"),
        "reenrol": Move({EnrolmentStatus.CANCELLED}, EnrolmentStatus.ENROLLED, "enrolled"),
    },
    refusal=gettext_lazy("This enrolment is already cancelled."),
)


@transaction.atomic
def _enrol(*, actor, session: Session, person: Person, audience: str, source: str) -> Enrolment:
    """Take one place for `person`. The place is taken by a conditional UPDATE of the session's
    counter, which also locks the session's row until the transaction ends: concurrent
    enrolments queue there, and the last place goes to exactly one of them."""
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Choose who the person is counted as.")})
    existing = Enrolment.objects.select_for_update().filter(session=session, person=person).first()
    if existing is not None and existing.is_active:
        raise _already_error()
    move = (
        ENROLMENT_TRANSITIONS.move(existing.status, action="reenrol")
        if existing is not None
        else None
    )
    taken = Session.objects.filter(
        pk=session.pk, cancelled=False, enrolled_count__lt=F("capacity")
    ).update(enrolled_count=F("enrolled_count") + 1)
    if not taken:
        session.refresh_from_db(fields=["cancelled", "enrolled_count", "capacity"])
        raise _full_error(session)
    enrolment = existing or Enrolment(session=session, person=person)
    enrolment.status = move.target if move else EnrolmentStatus.ENROLLED
    enrolment.audience = audience
    enrolment.source = source
    enrolment.enrolled_at = timezone.now()
    stamp(enrolment, actor=actor, reason=move.reason if move else "enrolled")
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as exc:  # the same person enrolled by a request running now
        raise _already_error() from exc
    return enrolment


def _person_for(*, full_name: str, phone: str | None) -> Person:
    """The person with this phone number (never renamed from here), or a new person."""
    name = " ".join(full_name.split())
    if not name:
        raise ValidationError({"full_name": _("Enter the person's full name.")})
    if phone:
        person = Person.objects.filter(phone=phone).first()
        if person is not None:
            if person.search_name != fold(name):
                raise ValidationError(
                    {"phone": _("This phone number belongs to a person with another name.")}
                )
            return person
    person = Person(full_name=name, phone=phone or None)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # registered at the same moment by another request
        person = Person.objects.get(phone=phone)
    return person


def default_audience(person: Person) -> str:
    """Team members count as team members; anyone else is counted as a citizen by default."""
    if Membership.objects.active().filter(person=person, team__status=TeamStatus.ACTIVE).exists():
        return Audience.TEAM_MEMBERS
    return Audience.CITIZENS


def enrol_person(
    *,
    actor,
    session: Session,
    person: Person,
    audience: str,
    source: str = EnrolmentSource.OFFICER,
) -> Enrolment:
    require_perm_at(actor, Perm.MANAGE_TRAINING, place=session.course.place)
    return _enrol(actor=actor, session=session, person=person, audience=audience, source=source)


@transaction.atomic
def enrol_new_person(
    *,
    actor,
    session: Session,
    full_name: str,
    phone: str | None,
    audience: str,
    source: str = EnrolmentSource.OFFICER,
) -> Enrolment:
    """Enrol someone by name and (normalised) phone number: the known person with that
    number, or a new person. People without a phone are always added as new."""
    require_perm_at(actor, Perm.MANAGE_TRAINING, place=session.course.place)
    person = _person_for(full_name=full_name, phone=phone)
    return _enrol(actor=actor, session=session, person=person, audience=audience, source=source)


def enrol_membership(*, actor, session: Session, membership: Membership) -> Enrolment:
    """Enrol a member of a team the actor may see."""
    require_perm_at(actor, Perm.MANAGE_TRAINING, place=session.course.place)
    require_perm_at(actor, Perm.VIEW_TEAMS, team=membership.team)
    if not membership.is_active:
        raise ValidationError(_("This membership has ended."))
    return _enrol(
        actor=actor,
        session=session,
        person=membership.person,
        audience=Audience.TEAM_MEMBERS,
        source=EnrolmentSource.OFFICER,
    )


@transaction.atomic
def enrol_team(*, actor, session: Session, team: Team) -> int:
    """Enrol every active member of a team not yet enrolled; all of them or none (when the
    places left are too few). Returns how many were enrolled."""
    require_perm_at(actor, Perm.MANAGE_TRAINING, place=session.course.place)
    require_perm_at(actor, Perm.VIEW_TEAMS, team=team)
    locked = Session.objects.select_for_update().get(pk=session.pk)
    enrolled = Enrolment.objects.active().filter(session=locked).values("person_id")
    members = list(
        Membership.objects.active()
        .filter(team=team)
        .exclude(person_id__in=enrolled)
        .select_related("person")
        .order_by("person__search_name")
    )
    if not members:
        raise ValidationError(_("Every active member of this team is already enrolled."))
    if len(members) > locked.places_left:
        raise ValidationError(
            _("The team has %(n)d members to enrol but only %(left)d places are left.")
            % {"n": len(members), "left": locked.places_left}
        )
    for membership in members:
        _enrol(
            actor=actor,
            session=locked,
            person=membership.person,
            audience=Audience.TEAM_MEMBERS,
            source=EnrolmentSource.TEAM,
        )
    return len(members)


def self_enrolment_membership(user, session: Session) -> Membership | None:
    """The active membership through which `user` may enrol themselves in `session`: a team in
    the course's place, and a session open to team members that has not ended."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None or session.cancelled or session.audience not in TEAM_AUDIENCES:
        return None
    if session.ends_at <= timezone.now():
        return None
    scope = scope_for(user, Perm.ENROL_SELF)
    membership = (
        Membership.objects.active()
        .filter(person=person, team__status=TeamStatus.ACTIVE)
        .select_related("team__place")
        .first()
    )
    if membership is None or not scope.covers_team(membership.team):
        return None
    if not tree.is_within(membership.team.place, session.course.place):
        return None
    return membership


def enrol_self(*, actor, session: Session) -> Enrolment:
    """A team member takes a place in a session open to their team."""
    if self_enrolment_membership(actor, session) is None:
        raise ValidationError(_("You cannot enrol yourself in this session."))
    return _enrol(
        actor=actor,
        session=session,
        person=actor.person,
        audience=Audience.TEAM_MEMBERS,
        source=EnrolmentSource.SELF,
    )


@transaction.atomic
def cancel_enrolment(*, actor, enrolment: Enrolment) -> Enrolment:
    """Give the place back. Managers may cancel any enrolment; a person their own, before the
    session starts. An attended enrolment is corrected on the sign-in sheet, not cancelled."""
    session = enrolment.session
    own = getattr(actor, "person", None) is not None and actor.person.pk == enrolment.person_id
    if not can_manage(actor, session.course):
        if not own:
            raise PermissionDenied
        if session.starts_at <= timezone.now():
            raise ValidationError(_("The session has started: ask the organiser."))
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    move = ENROLMENT_TRANSITIONS.move(enrolment.status, action="cancel")
    if enrolment.attended:
        raise ValidationError(_("This person attended: correct the sign-in sheet instead."))
    enrolment.status = move.target
    stamp(enrolment, actor=actor, reason=move.reason)
    enrolment.save(update_fields=["status"])
    Session.objects.filter(pk=session.pk).update(enrolled_count=F("enrolled_count") - 1)
    return enrolment


def sessions_open_to_team(user) -> Q:
    """Sessions a team member may enrol in by themselves (for listing upcoming sessions)."""
    scope = scope_for(user, Perm.ENROL_SELF)
    if not scope.team_ids:
        return Q(pk__in=[])
    paths = Team.objects.filter(pk__in=scope.team_ids).values_list("place__path", flat=True)
    prefixes = {ancestor for path in paths for ancestor in tree.ancestors(path)}
    return Q(course__place__path__in=sorted(prefixes), audience__in=TEAM_AUDIENCES, cancelled=False)
