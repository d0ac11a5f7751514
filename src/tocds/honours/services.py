"""Writes of honours: one service per change.

The Department of Science and Technology runs the rounds (`honours.rounds`); a proposing unit
nominates and submits (`honours.propose` over its place); the Department selects within the
quotas or returns (`honours.select`); the Department of Home Affairs proposes or returns
(`honours.appraise`); the Chairman's office records the decision (`honours.decide`). Every
move goes through `TRANSITIONS`, locks the nomination's row, and is kept as a
`NominationEvent` with its comment."""

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
    HonourForm,
    Nomination,
    NominationEvent,
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


# Rounds --------------------------------------------------------------------------------------


@transaction.atomic
def save_round(
    *,
    actor,
    round: Round | None,
    province: Place,
    name: str,
    year: int,
    period_from: date,
    period_to: date,
    submit_by: date,
    select_by: date,
    description: str = "",
    quotas: dict[int, int],
) -> Round:
    """Open a round or change one, with its quotas per form ({form id: quota}; a quota of 0
    takes the form out of the round). A quota cannot fall below what is already selected."""
    require_perm_at(actor, Perm.MANAGE_HONOUR_ROUNDS, place=province)
    if province.level != Level.PROVINCE:
        raise ValidationError(_("A round belongs to a province."))
    errors: dict[str, str] = {}
    if period_from > period_to:
        errors["period_to"] = _("The period ends before it starts.")
    if select_by < submit_by:
        errors["select_by"] = _("The Department selects after the units have submitted.")
    if not any(value > 0 for value in quotas.values()):
        errors["__all__"] = _("Give at least one form of honour a quota.")
    forms = HonourForm.objects.in_bulk(list(quotas))
    if round is not None:
        held = _quota_use(round)
        for form_id, value in quotas.items():
            if value < held.get(form_id, 0):
                errors["__all__"] = _(
                    "The quota of %(form)s cannot be lower than the %(count)s already selected."
                ) % {"form": forms[form_id], "count": held[form_id]}
    if errors:
        raise ValidationError(errors)
    round = round or Round(province=province)
    round.name, round.year, round.description = name, year, description
    round.period_from, round.period_to = period_from, period_to
    round.submit_by, round.select_by = submit_by, select_by
    stamp(round, actor=actor, reason="edited" if round.pk else "opened")
    round.save()
    for form_id, value in quotas.items():
        existing = Quota.objects.filter(round=round, form_id=form_id).first()
        if value <= 0:
            if existing is not None and not round.nominations.filter(form_id=form_id).exists():
                stamp(existing, actor=actor, reason="removed")
                existing.delete()
            elif existing is not None:
                raise ValidationError(
                    _("%(form)s already has nominations; its quota cannot be removed.")
                    % {"form": forms[form_id]}
                )
            continue
        quota = existing or Quota(round=round, form_id=form_id)
        if quota.quota != value:
            quota.quota = value
            stamp(quota, actor=actor, reason="quota set")
            quota.save()
    return round


@transaction.atomic
def set_round_status(*, actor, round: Round, status: str) -> Round:
    """Close a round (no new nomination, no submission) or open it again."""
    require_perm_at(actor, Perm.MANAGE_HONOUR_ROUNDS, place=round.province)
    if status not in RoundStatus.values:
        raise ValidationError(_("Choose a status."))
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != status:
        round.status = status
        stamp(round, actor=actor, reason="reopened" if status == RoundStatus.OPEN else "closed")
        round.save(update_fields=["status"])
    return round


def _quota_use(round: Round) -> dict[int, int]:
    """{form id: nominations holding a quota place}."""
    use: dict[int, int] = {}
    for form_id in round.nominations.filter(status__in=HOLDS_QUOTA).values_list(
        "form_id", flat=True
    ):
        use[form_id] = use.get(form_id, 0) + 1
    return use


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
