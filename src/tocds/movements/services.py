"""Writes to emulation movements: one service per change.

The Youth Union's officers (or the province administrator) run a movement
(`Perm.MANAGE_MOVEMENTS` over its places: the province for a whole-province movement, each
chosen commune otherwise). Rules:

- a movement is a draft → running → closed (`TRANSITIONS`); launching needs a criterion and a
  participant; closing freezes the ranking (`rankings.freeze`) and nothing changes after it;
- criteria are changed only while the movement is a draft: the rules are announced at launch
  and stay the same for everyone until the end;
- the period and the communes are fixed once launched (name, organiser and description may
  still be corrected);
- participants may join or leave while the movement is a draft or running (a team formed late
  can still join); hand scores are entered while it runs.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from tocds.core.history import stamp
from tocds.core.numbers import number
from tocds.core.transitions import Move, Transitions
from tocds.initiatives.services import sniff
from tocds.movements import measures, rankings
from tocds.movements.models import (
    Criterion,
    CriterionKind,
    ManualScore,
    Movement,
    Participant,
    ParticipantKind,
    Status,
)
from tocds.people.models import Organisation, OrganisationKind, Person
from tocds.people.scoping import Perm, require_perm_at
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.teams.models import Membership, Team, TeamStatus

TRANSITIONS = Transitions(
    {
        "launch": Move({Status.DRAFT}, Status.RUNNING, "launched"),
        "close": Move({Status.RUNNING}, Status.CLOSED, "closed"),
    }
)


def managing_places(movement: Movement) -> list[Place]:
    """Where one must hold `MANAGE_MOVEMENTS` to run the movement."""
    if movement.whole_province:
        return [movement.province]
    return list(movement.communes.all())


def require_manager(actor, movement: Movement) -> None:
    for place in managing_places(movement):
        require_perm_at(actor, Perm.MANAGE_MOVEMENTS, place=place)


def _area_q(movement: Movement, field: str):
    """Rows whose place (through `field`) lies in the movement's area."""
    if movement.whole_province:
        return tree.within(movement.province, field)
    return tree.within(list(movement.communes.all()), field)


def _not_closed(movement: Movement) -> None:
    if movement.status == Status.CLOSED:
        raise ValidationError(_("This movement is closed: its ranking is frozen."))


@transaction.atomic
def save_movement(
    *,
    actor,
    movement: Movement | None,
    name: str,
    organiser: Organisation,
    province: Place,
    communes: list[Place],
    starts_on: date,
    ends_on: date,
    description: str = "",
) -> Movement:
    """Create a movement (a draft) or change one. No commune chosen: the whole province."""
    if movement is not None:
        movement = Movement.objects.select_for_update().get(pk=movement.pk)
        require_manager(actor, movement)
        _not_closed(movement)
    places = communes or [province]
    for place in places:
        require_perm_at(actor, Perm.MANAGE_MOVEMENTS, place=place)
    errors: dict[str, str] = {}
    if province.level != Level.PROVINCE or any(
        c.level != Level.COMMUNE or not c.is_current or not tree.is_within(c, province)
        for c in communes
    ):
        errors["communes"] = _("Choose communes of one province.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The end date must not be before the start date.")
    if not (tree.is_within(organiser.place, province) or tree.is_within(province, organiser.place)):
        errors["organiser"] = _("Choose an organisation of the province.")
    if movement is not None and movement.status == Status.RUNNING:
        same_communes = {c.pk for c in communes} == set(
            movement.communes.values_list("pk", flat=True)
        )
        if (
            starts_on != movement.starts_on
            or ends_on != movement.ends_on
            or not same_communes
            or province.pk != movement.province_id
        ):
            errors["starts_on"] = _(
                "The period and the communes of a running movement cannot change."
            )
    if errors:
        raise ValidationError(errors)
    movement = movement or Movement()
    movement.name = name
    movement.organiser = organiser
    movement.description = description
    movement.province = province
    movement.whole_province = not communes
    movement.starts_on = starts_on
    movement.ends_on = ends_on
    stamp(movement, actor=actor, reason="edited" if movement.pk else "created")
    movement.save()
    movement.communes.set(communes)
    return movement


@transaction.atomic
def change_status(*, actor, movement: Movement, action: str, today: date | None = None) -> Movement:
    """The one way a movement's status changes, along `TRANSITIONS`. Closing freezes the
    ranking: `Standing` rows computed from the data up to today (or the movement's last day)."""
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    require_manager(actor, movement)
    if action not in TRANSITIONS:
        raise ValidationError(str(TRANSITIONS.refusal))
    move = TRANSITIONS.move(movement.status, action=action)
    if action == "launch":
        if not movement.criteria.exists():
            raise ValidationError(_("Add at least one criterion before launching the movement."))
        if not movement.participants.exists():
            raise ValidationError(_("Add at least one participant before launching the movement."))
    movement.status = move.target
    fields = ["status"]
    if action == "close":
        now = timezone.now()
        day = rankings.counted_to(movement, today or timezone.localdate())
        rankings.freeze(movement, now=now, today=day)
        movement.closed_at = now
        movement.counted_to = day
        fields += ["closed_at", "counted_to"]
    stamp(movement, actor=actor, reason=move.reason)
    movement.save(update_fields=fields)
    return movement


# Criteria ---------------------------------------------------------------------------------------


@transaction.atomic
def save_criterion(
    *,
    actor,
    movement: Movement,
    criterion: Criterion | None = None,
    name: str,
    kind: str,
    measure: str = "",
    weight: Decimal,
    max_points: Decimal | None = None,
    order: int = 0,
) -> Criterion:
    """Add or change a criterion: only while the movement is a draft."""
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    require_manager(actor, movement)
    if movement.status != Status.DRAFT:
        raise ValidationError(_("Criteria can only change while the movement is a draft."))
    errors: dict[str, str] = {}
    if kind == CriterionKind.MEASURED:
        if measure not in measures.MEASURES:
            errors["measure"] = _("Choose what is measured.")
        max_points = None
    elif kind == CriterionKind.MANUAL:
        measure = ""
        if max_points is None or max_points <= 0:
            errors["max_points"] = _("Give the maximum points of a criterion scored by hand.")
    else:
        errors["kind"] = _("Choose a kind.")
    if weight is None or weight <= 0:
        errors["weight"] = _("The weight must be more than 0.")
    if errors:
        raise ValidationError(errors)
    criterion = criterion or Criterion(movement=movement)
    if criterion.movement_id != movement.pk:
        raise ValidationError(_("This criterion belongs to another movement."))
    criterion.name = name
    criterion.kind = kind
    criterion.measure = measure
    criterion.weight = weight
    criterion.max_points = max_points
    criterion.order = order
    stamp(criterion, actor=actor, reason="edited" if criterion.pk else "created")
    criterion.save()
    return criterion


@transaction.atomic
def remove_criterion(*, actor, criterion: Criterion) -> None:
    movement = Movement.objects.select_for_update().get(pk=criterion.movement_id)
    require_manager(actor, movement)
    if movement.status != Status.DRAFT:
        raise ValidationError(_("Criteria can only change while the movement is a draft."))
    stamp(criterion, actor=actor, reason="removed")
    criterion.delete()


# Participants -------------------------------------------------------------------------------------


def _commune_of(place: Place) -> Place | None:
    """The commune a place lies in (None for a province-level place)."""
    if place.level == Level.COMMUNE:
        return place
    if place.level == Level.HAMLET:
        return place.commune
    return None


@transaction.atomic
def add_participant(
    *,
    actor,
    movement: Movement,
    team: Team | None = None,
    organisation: Organisation | None = None,
    person: Person | None = None,
    show_name_publicly: bool = False,
) -> Participant:
    """Add a team of the movement's places, an organisation or school of its places (or of the
    province), or a person who is an active member of one of its teams."""
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    require_manager(actor, movement)
    _not_closed(movement)
    if sum(x is not None for x in (team, organisation, person)) != 1:
        raise ValidationError(_("Choose one team, organisation, school or person."))
    participant = Participant(movement=movement)
    if team is not None:
        if (
            team.status != TeamStatus.ACTIVE
            or not Team.objects.filter(_area_q(movement, "place__path"), pk=team.pk).exists()
        ):
            raise ValidationError({"team": _("Choose an active team of the movement's communes.")})
        participant.kind, participant.team = ParticipantKind.TEAM, team
        participant.commune = _commune_of(team.place)
        duplicate = movement.participants.filter(team=team)
    elif organisation is not None:
        inside = Organisation.objects.filter(_area_q(movement, "place__path"), pk=organisation.pk)
        if not (inside.exists() or organisation.place_id == movement.province_id):
            raise ValidationError(
                {"organisation": _("Choose an organisation of the movement's places.")}
            )
        participant.kind = (
            ParticipantKind.SCHOOL
            if organisation.kind == OrganisationKind.SCHOOL
            else ParticipantKind.ORGANISATION
        )
        participant.organisation = organisation
        participant.commune = _commune_of(organisation.place)
        duplicate = movement.participants.filter(organisation=organisation)
    else:
        membership = (
            Membership.objects.filter(
                _area_q(movement, "team__place__path"),
                person=person,
                left_on__isnull=True,
                team__status=TeamStatus.ACTIVE,
            )
            .select_related("team__place")
            .first()
        )
        if membership is None:
            raise ValidationError(
                {"person": _("Choose an active member of a team of the movement's communes.")}
            )
        participant.kind, participant.person = ParticipantKind.INDIVIDUAL, person
        participant.commune = _commune_of(membership.team.place)
        participant.show_name_publicly = bool(show_name_publicly)
        duplicate = movement.participants.filter(person=person)
    if duplicate.exists():
        raise ValidationError(_("This participant already takes part."))
    stamp(participant, actor=actor, reason="created")
    participant.save()
    return participant


@transaction.atomic
def add_all_teams(*, actor, movement: Movement) -> int:
    """Add every active team of the movement's places not yet taking part; how many."""
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    require_manager(actor, movement)
    _not_closed(movement)
    taken = movement.participants.filter(team__isnull=False).values("team_id")
    teams = (
        Team.objects.filter(_area_q(movement, "place__path"), status=TeamStatus.ACTIVE)
        .exclude(pk__in=taken)
        .select_related("place")
        .order_by("pk")
    )
    new = [
        Participant(
            movement=movement,
            kind=ParticipantKind.TEAM,
            team=team,
            commune=_commune_of(team.place),
        )
        for team in teams
    ]
    bulk_create_with_history(new, Participant, default_user=actor, default_change_reason="created")
    return len(new)


@transaction.atomic
def remove_participant(*, actor, participant: Participant) -> None:
    """Take a participant out (with its hand scores), while the movement is not closed."""
    movement = Movement.objects.select_for_update().get(pk=participant.movement_id)
    require_manager(actor, movement)
    _not_closed(movement)
    for score in participant.scores.all():
        stamp(score, actor=actor, reason="removed")
        score.delete()
    stamp(participant, actor=actor, reason="removed")
    participant.delete()


@transaction.atomic
def set_public_name(*, actor, participant: Participant, shown: bool) -> Participant:
    """Record an individual's consent (or its withdrawal) to appear by name on the public
    leaderboard. Collectives are always shown by name."""
    movement = Movement.objects.select_for_update().get(pk=participant.movement_id)
    require_manager(actor, movement)
    if participant.kind != ParticipantKind.INDIVIDUAL:
        raise ValidationError(_("Only an individual's name needs their consent."))
    if participant.show_name_publicly == shown:
        return participant
    participant.show_name_publicly = shown
    stamp(participant, actor=actor, reason="edited")
    participant.save(update_fields=["show_name_publicly"])
    return participant


# Hand scores ------------------------------------------------------------------------------------


def _check_evidence(upload) -> tuple[str, str]:
    limit = settings.MAX_EVIDENCE_BYTES
    if upload.size > limit:
        raise ValidationError(
            {
                "evidence": _("The file is too large (at most %(size)s).")
                % {"size": filesizeformat(limit)}
            }
        )
    upload.seek(0)
    found = sniff(upload.read(16))
    upload.seek(0)
    if found is None:
        raise ValidationError(
            {"evidence": _("Only photos (JPEG, PNG) and PDF documents are kept.")}
        )
    return found


@transaction.atomic
def save_score(
    *,
    actor,
    criterion: Criterion,
    participant: Participant,
    points: Decimal,
    note: str = "",
    evidence=None,
) -> ManualScore:
    """Give (or change) a participant's points on a criterion scored by hand, at most its
    maximum, while the movement runs; an evidence file is optional (JPEG, PNG or PDF by
    content, at most `MAX_EVIDENCE_BYTES`, through the default storage)."""
    movement = Movement.objects.select_for_update().get(pk=criterion.movement_id)
    require_manager(actor, movement)
    if movement.status != Status.RUNNING:
        raise ValidationError(_("Points are given while the movement is running."))
    if criterion.kind != CriterionKind.MANUAL:
        raise ValidationError(_("This criterion is measured from tocds data, not scored by hand."))
    if participant.movement_id != movement.pk:
        raise ValidationError({"participant": _("Choose a participant of this movement.")})
    if points is None or points < 0 or points > criterion.max_points:
        raise ValidationError(
            {
                "points": _("Give between 0 and %(max)s points.")
                % {"max": number(criterion.max_points, rankings.digits(criterion.max_points))}
            }
        )
    found = _check_evidence(evidence) if evidence is not None else None
    score = ManualScore.objects.filter(criterion=criterion, participant=participant).first()
    score = score or ManualScore(criterion=criterion, participant=participant)
    score.points = points
    score.note = note
    score.entered_by = actor
    score.entered_at = timezone.now()
    if found is not None:
        content_type, extension = found
        evidence.name = f"score-{criterion.pk}-{participant.pk}{extension}"
        score.evidence = evidence
        score.evidence_type = content_type
        score.evidence_size = evidence.size
    stamp(score, actor=actor, reason="scored")
    score.save()
    return score
