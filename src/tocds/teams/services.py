"""Every write to teams and memberships: one function each, atomic, with the acting user."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tocds.core.history import stamp
from tocds.core.transitions import Move, Transitions
from tocds.people.models import Gender, Organisation, OrganisationKind, Person
from tocds.people.scoping import Perm, forget_cached_scope, require_perm_at
from tocds.places.models import Level, Place
from tocds.teams.models import (
    Affiliation,
    AffiliationKind,
    Membership,
    Team,
    TeamRole,
    TeamStatus,
)


def _check_team_place(place: Place) -> None:
    if not place.is_current or place.level not in (Level.HAMLET, Level.COMMUNE):
        raise ValidationError(
            {"place": _("A team belongs to a current hamlet or commune.")}, code="place"
        )


def _unique_place_error() -> ValidationError:
    return ValidationError(
        {"place": _("This place already has an active team.")}, code="team_exists"
    )


@transaction.atomic
def create_team(
    *,
    actor,
    place: Place,
    name: str,
    decision_number: str = "",
    decision_date: date | None = None,
    note: str = "",
    is_sample: bool = False,
) -> Team:
    require_perm_at(actor, Perm.MANAGE_TEAMS, place=place)
    _check_team_place(place)
    if Team.objects.active().filter(place=place).exists():
        raise _unique_place_error()
    team = Team(
        place=place,
        name=name,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
        is_sample=is_sample,
    )
    stamp(team, actor=actor, reason="created")
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError as exc:  # a concurrent creation won the race
        raise _unique_place_error() from exc
    return team


# A team's status, set on its edit form: an edit that keeps the status is no move.
TRANSITIONS = Transitions(
    {
        "suspend": Move({TeamStatus.ACTIVE, TeamStatus.DISSOLVED}, TeamStatus.SUSPENDED, "edited"),
        "dissolve": Move(
            {TeamStatus.ACTIVE, TeamStatus.SUSPENDED}, TeamStatus.DISSOLVED, "dissolved"
        ),
        "reactivate": Move(
            {TeamStatus.SUSPENDED, TeamStatus.DISSOLVED}, TeamStatus.ACTIVE, "edited"
        ),
    }
)


@transaction.atomic
def update_team(
    *,
    actor,
    team: Team,
    name: str,
    decision_number: str,
    decision_date: date | None,
    status: str,
    note: str,
) -> Team:
    require_perm_at(actor, Perm.MANAGE_TEAMS, team=team)
    move = TRANSITIONS.move(team.status, to=status) if status != team.status else None
    reactivating = move is not None and move.target == TeamStatus.ACTIVE
    if reactivating and Team.objects.active().filter(place=team.place).exclude(pk=team.pk).exists():
        raise _unique_place_error()
    if reactivating and not team.place.is_current:
        raise ValidationError(_("The team's hamlet no longer exists; found a new team instead."))
    dissolving = move is not None and move.target == TeamStatus.DISSOLVED
    team.name = name
    team.decision_number = decision_number
    team.decision_date = decision_date
    team.status = status
    team.note = note
    stamp(team, actor=actor, reason=move.reason if move is not None else "edited")
    team.save()
    if dissolving:
        # Members of a dissolved team are free to join another one; their history stays.
        today = timezone.localdate()
        for membership in team.memberships.active():
            end_membership(
                actor=actor,
                membership=membership,
                left_on=max(today, membership.joined_on),
                reason=_("Team dissolved"),
            )
    return team


@dataclass(frozen=True)
class MemberDetails:
    """What a form, an API call or an import row says about a member."""

    full_name: str
    phone: str | None = None  # E.164, already normalised
    gender: str = Gender.UNSPECIFIED
    birth_year: int | None = None
    role: str = TeamRole.MEMBER
    affiliations: tuple[str, ...] = ()
    enterprise: Organisation | None = None
    affiliation_note: str = ""
    # The member agreed to have their name and phone shown on the public hamlet page.
    public_contact: bool = False


def validate_details(details: MemberDetails, *, team: Team, exclude: Membership | None = None):
    """Check the rules a member must meet; raise ValidationError keyed by field."""
    errors: dict[str, str] = {}
    this_year = timezone.localdate().year
    if not details.full_name.strip():
        errors["full_name"] = _("Enter the member's full name.")
    if details.birth_year is not None and not (this_year - 100 <= details.birth_year <= this_year):
        errors["birth_year"] = _("Birth year must be between %(low)d and %(high)d.") % {
            "low": this_year - 100,
            "high": this_year,
        }
    if details.enterprise is not None and details.enterprise.kind != OrganisationKind.ENTERPRISE:
        errors["enterprise"] = _("Choose an enterprise.")
    if AffiliationKind.ENTERPRISE in details.affiliations and details.enterprise is None:
        errors["enterprise"] = _("Say which enterprise the member works for.")
    if details.role == TeamRole.LEADER:
        leaders = Membership.objects.active().filter(team=team, role=TeamRole.LEADER)
        if exclude is not None:
            leaders = leaders.exclude(pk=exclude.pk)
        if leaders.exists():
            errors["role"] = _("This team already has a leader.")
    if details.phone:
        members = Membership.objects.active().filter(person__phone=details.phone)
        people = Person.objects.filter(phone=details.phone)
        if exclude is not None:
            members = members.exclude(person_id=exclude.person_id)
            people = people.exclude(pk=exclude.person_id)
        if members.exists():
            errors["phone"] = _(
                "This phone number belongs to a person who is already an active team member."
            )
        elif exclude is not None and people.exists():
            errors["phone"] = _("This phone number belongs to another person.")
    if errors:
        raise ValidationError(errors)


def _set_affiliations(membership: Membership, kinds: tuple[str, ...], *, actor) -> None:
    wanted = set(kinds)
    current = {a.kind: a for a in membership.affiliations.all()}
    for kind, affiliation in current.items():
        if kind not in wanted:
            stamp(affiliation, actor=actor)
            affiliation.delete()
    for kind in sorted(wanted - current.keys()):
        _create_affiliation(membership, kind, actor)


def _create_affiliation(membership: Membership, kind: str, actor) -> None:
    affiliation = Affiliation(membership=membership, kind=kind)
    stamp(affiliation, actor=actor)
    affiliation.save()


def _person_for(details: MemberDetails, *, is_sample: bool) -> Person:
    """The person with this phone (keeping their history), or a new one."""
    person = Person.objects.filter(phone=details.phone).first() if details.phone else None
    if person is None:
        person = Person(phone=details.phone or None, is_sample=is_sample)
    person.full_name = details.full_name
    person.gender = details.gender
    person.birth_year = details.birth_year
    return person


def _membership_race(exc: IntegrityError) -> ValidationError:
    """The message for a membership constraint that a concurrent request made us break."""
    if "membership_one_leader_per_team" in str(exc):
        return ValidationError({"role": _("This team already has a leader.")})
    return ValidationError(_("This person is already an active member of a team."))


@transaction.atomic
def _set_public_contact(membership: Membership, details: MemberDetails) -> None:
    """Record the consent (with its day) or its withdrawal; a member without a phone has no
    contact to publish."""
    wanted = details.public_contact and bool(details.phone)
    if wanted and not membership.public_contact:
        membership.public_contact_since = timezone.localdate()
    if not wanted:
        membership.public_contact_since = None
    membership.public_contact = wanted


def add_member(
    *,
    actor,
    team: Team,
    details: MemberDetails,
    joined_on: date | None = None,
    is_sample: bool = False,
) -> Membership:
    require_perm_at(actor, Perm.MANAGE_MEMBERS, team=team)
    if team.status != TeamStatus.ACTIVE:
        raise ValidationError(_("Members can only join an active team."))
    validate_details(details, team=team)
    person = _person_for(details, is_sample=is_sample)
    stamp(person, actor=actor)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        # The same phone was registered by a request running at the same moment: that is the
        # same person; the one-active-team constraint below decides who gets them.
        person = Person.objects.get(phone=details.phone)
    membership = Membership(
        person=person,
        team=team,
        role=details.role,
        enterprise=details.enterprise,
        affiliation_note=details.affiliation_note,
        joined_on=joined_on or timezone.localdate(),
    )
    _set_public_contact(membership, details)
    stamp(membership, actor=actor, reason="joined")
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:  # another request won a race for the person or the leadership
        raise _membership_race(exc) from exc
    _set_affiliations(membership, details.affiliations, actor=actor)
    forget_cached_scope(actor)
    return membership


@transaction.atomic
def update_membership(*, actor, membership: Membership, details: MemberDetails) -> Membership:
    require_perm_at(actor, Perm.MANAGE_MEMBERS, team=membership.team)
    if not membership.is_active:
        raise ValidationError(_("This membership has ended and can no longer be edited."))
    validate_details(details, team=membership.team, exclude=membership)
    person = membership.person
    person.full_name = details.full_name
    person.phone = details.phone or None
    person.gender = details.gender
    person.birth_year = details.birth_year
    stamp(person, actor=actor, reason="edited")
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # the number was given to someone else at the same moment
        raise ValidationError({"phone": _("This phone number belongs to another person.")}) from exc
    membership.role = details.role
    membership.enterprise = details.enterprise
    membership.affiliation_note = details.affiliation_note
    _set_public_contact(membership, details)
    stamp(membership, actor=actor, reason="edited")
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:
        raise _membership_race(exc) from exc
    _set_affiliations(membership, details.affiliations, actor=actor)
    return membership


@transaction.atomic
def end_membership(
    *, actor, membership: Membership, left_on: date | None = None, reason: str = ""
) -> Membership:
    require_perm_at(actor, Perm.MANAGE_MEMBERS, team=membership.team)
    if not membership.is_active:
        raise ValidationError(_("This membership has already ended."))
    left_on = left_on or timezone.localdate()
    if left_on < membership.joined_on:
        raise ValidationError({"left_on": _("The end date is before the date the member joined.")})
    membership.left_on = left_on
    membership.end_reason = reason
    stamp(membership, actor=actor, reason="ended")
    membership.save(update_fields=["left_on", "end_reason"])
    return membership


@transaction.atomic
def move_member(
    *, actor, membership: Membership, to_team: Team, on_date: date | None = None
) -> Membership:
    """End the membership and start one in `to_team` the same day, keeping role details."""
    require_perm_at(actor, Perm.MANAGE_TEAMS, team=membership.team)
    require_perm_at(actor, Perm.MANAGE_TEAMS, team=to_team)
    # Read the membership afresh under a row lock: a concurrent end or move must not be undone.
    membership = Membership.objects.select_for_update().select_related("team").get(pk=membership.pk)
    if to_team.pk == membership.team_id:
        raise ValidationError({"to_team": _("Choose a different team.")})
    if to_team.status != TeamStatus.ACTIVE:
        raise ValidationError({"to_team": _("Members can only join an active team.")})
    on_date = on_date or timezone.localdate()
    kinds = tuple(membership.affiliations.values_list("kind", flat=True))
    role = membership.role
    if (
        role == TeamRole.LEADER
        and Membership.objects.active().filter(team=to_team, role=TeamRole.LEADER).exists()
    ):
        role = TeamRole.MEMBER
    end_membership(
        actor=actor,
        membership=membership,
        left_on=on_date,
        reason=_("Moved to %(team)s") % {"team": to_team.name},
    )
    new = Membership(
        person=membership.person,
        team=to_team,
        role=role,
        enterprise=membership.enterprise,
        affiliation_note=membership.affiliation_note,
        joined_on=on_date,
    )
    stamp(new, actor=actor, reason="moved in")
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError as exc:  # moved elsewhere by a request running at the same moment
        raise ValidationError(_("This person is already an active member of a team.")) from exc
    for kind in kinds:
        _create_affiliation(new, kind, actor)
    return new
