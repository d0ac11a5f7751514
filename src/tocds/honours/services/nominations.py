"""A proposing unit's nominations: who may act for a unit, the nominee's rules, drafting and
deleting a draft."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tocds.core.history import stamp
from tocds.honours.models import (
    HonourForm,
    Nomination,
    NomineeKind,
    Quota,
    Round,
    RoundStatus,
    Status,
)
from tocds.people.models import Organisation, Person
from tocds.people.scoping import (
    Perm,
    organisations_for,
    paths_without_organisation,
    require_perm_at,
)
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.teams.models import Team

# Nominations ---------------------------------------------------------------------------------


def require_unit(actor, place: Place, organisation: Organisation | None) -> None:
    """PermissionDenied unless `actor` proposes for this unit: an organisation named on one of
    their grants (the Youth Union's officer), or a place of a grant that names none (a commune
    officer for their commune, the province's administrator anywhere in the province)."""
    require_perm_at(actor, Perm.PROPOSE_HONOURS, place=place)
    if organisation is not None:
        allowed = organisation.pk in organisations_for(actor, Perm.PROPOSE_HONOURS)
        allowed = allowed and organisation.place_id == place.pk
    else:
        paths = paths_without_organisation(actor, Perm.PROPOSE_HONOURS)
        allowed = any(tree.is_within(place, path) for path in paths)
    if not allowed:
        raise PermissionDenied


@dataclass(frozen=True)
class Nominee:
    """Who is nominated: exactly one of a team, an organisation, a team member, or an
    official named by hand."""

    kind: str
    team: Team | None = None
    organisation: Organisation | None = None
    person: Person | None = None
    name: str = ""
    position: str = ""
    workplace: str = ""

    def place(self) -> Place | None:
        if self.team is not None:
            return self.team.place
        if self.organisation is not None:
            return self.organisation.place
        if self.person is not None:
            membership = self.person.memberships.filter(left_on__isnull=True).first()
            return membership.team.place if membership else None
        return None


def commune_of(place: Place | None) -> Place | None:
    """The commune a place lies in (a commune is its own); none above a commune."""
    if place is None or place.level == Level.PROVINCE:
        return None
    if place.level == Level.COMMUNE:
        return place
    parent = place.parent
    return parent if parent is not None and parent.level == Level.COMMUNE else None


def _check_nominee(nominee: Nominee, unit_place: Place, form: HonourForm) -> dict[str, str]:
    errors: dict[str, str] = {}
    chosen = [x for x in (nominee.team, nominee.organisation, nominee.person) if x is not None]
    if nominee.kind == NomineeKind.COLLECTIVE:
        if nominee.person is not None or nominee.name or len(chosen) != 1:
            errors["team"] = _("Choose the team or the organisation nominated.")
        elif not form.for_collectives:
            errors["form"] = _("This form of honour is not given to collectives.")
    elif nominee.kind == NomineeKind.INDIVIDUAL:
        if nominee.team is not None or nominee.organisation is not None:
            errors["person"] = _("An individual is a team member or an official named by hand.")
        elif (nominee.person is None) == (not nominee.name.strip()):
            errors["person"] = _("Choose a team member or write the official's full name.")
        elif nominee.person is None and not nominee.position.strip():
            errors["position"] = _("Give the official's position.")
        elif not form.for_individuals:
            errors["form"] = _("This form of honour is not given to individuals.")
    else:
        errors["kind"] = _("Choose a collective or an individual.")
    place = nominee.place()
    if nominee.person is not None and place is None:
        errors["person"] = _("This person is no longer a member of a team.")
    if place is not None and not tree.is_within(place, unit_place):
        errors["team"] = _("The nominee must belong to the proposing unit's place.")
    if nominee.team is not None and nominee.team.status != "active":
        errors["team"] = _("This team is no longer active.")
    return errors


@transaction.atomic
def save_nomination(
    *,
    actor,
    nomination: Nomination | None,
    round: Round,
    form: HonourForm,
    unit_place: Place,
    unit_organisation: Organisation | None,
    nominee: Nominee,
    achievements: str,
    initiatives: list,
) -> Nomination:
    """Draft a nomination or change one while it is a draft or returned for revision."""
    require_unit(actor, unit_place, unit_organisation)
    if nomination is not None:
        require_unit(actor, nomination.unit_place, nomination.unit_organisation)
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if nomination.status not in (Status.DRAFT, Status.RETURNED):
            raise ValidationError(_("Only a draft or a returned nomination can be changed."))
        if nomination.round_id != round.pk:
            raise ValidationError(_("A nomination stays in its round."))
    if round.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is closed."))
    if not tree.is_within(unit_place, round.province):
        raise ValidationError(_("The proposing unit is not in the round's province."))
    if unit_place.level not in (Level.PROVINCE, Level.COMMUNE):
        raise ValidationError({"unit_place": _("A proposing unit is a commune or the province.")})
    errors = _check_nominee(nominee, unit_place, form)
    if not Quota.objects.filter(round=round, form=form).exists():
        errors["form"] = _("This form of honour has no quota in this round.")
    if any(not tree.is_within(i.commune, unit_place) for i in initiatives):
        errors["initiatives"] = _("Choose models of the proposing unit's place.")
    if errors:
        raise ValidationError(errors)
    nomination = nomination or Nomination(round=round, created_by=actor)
    nomination.form = form
    nomination.kind = nominee.kind
    nomination.unit_place = unit_place
    nomination.unit_organisation = unit_organisation
    nomination.team, nomination.organisation = nominee.team, nominee.organisation
    nomination.person = nominee.person
    nomination.nominee_name = "" if nominee.person else nominee.name.strip()
    nomination.position = nominee.position.strip()
    nomination.workplace = nominee.workplace.strip()
    nomination.commune = commune_of(nominee.place() or unit_place)
    nomination.achievements = achievements
    stamp(nomination, actor=actor, reason="edited" if nomination.pk else "drafted")
    nomination.save()
    nomination.initiatives.set(initiatives)
    return nomination


@transaction.atomic
def delete_draft(*, actor, nomination: Nomination) -> None:
    """A draft that was never submitted can be deleted by its unit."""
    require_unit(actor, nomination.unit_place, nomination.unit_organisation)
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != Status.DRAFT or nomination.submitted_at is not None:
        raise ValidationError(_("Only a draft that was never submitted can be deleted."))
    stamp(nomination, actor=actor, reason="deleted")
    nomination.delete()
