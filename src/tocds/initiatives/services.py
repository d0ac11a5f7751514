"""Writes to the registry of models, initiatives and good practices: one service per change.

Commune officers propose and run their commune's initiatives (`Perm.MANAGE_INITIATIVES` over
the commune); the province reviews: it moves a model to "replicated" and marks it for
replication (`Perm.REVIEW_INITIATIVES`)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from tocds.core.history import stamp
from tocds.core.transitions import Move, Transitions
from tocds.initiatives.models import (
    Evidence,
    Initiative,
    InitiativeFigure,
    Kind,
    Status,
    join_skills,
)
from tocds.people.models import Organisation
from tocds.people.scoping import Perm, require_perm_at
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.teams.models import Team


@dataclass(frozen=True, kw_only=True)
class InitiativeMove(Move):
    """A move, with the permission it needs over the initiative's commune."""

    perm: Perm = Perm.MANAGE_INITIATIVES


# đề xuất → triển khai → nhân rộng / dừng. Replicating is the province's decision.
TRANSITIONS = Transitions(
    {
        "deploy": InitiativeMove({Status.PROPOSED}, Status.DEPLOYED, "deployed"),
        "replicate": InitiativeMove(
            {Status.DEPLOYED}, Status.REPLICATED, "replicated", perm=Perm.REVIEW_INITIATIVES
        ),
        "stop": InitiativeMove(
            {Status.PROPOSED, Status.DEPLOYED, Status.REPLICATED}, Status.STOPPED, "stopped"
        ),
        "resume": InitiativeMove({Status.STOPPED}, Status.DEPLOYED, "resumed"),
    }
)


def commune_of(place: Place) -> Place:
    """The commune a hamlet (or residential group) lies in; a commune is its own."""
    if place.level == Level.COMMUNE:
        return place
    if place.level == Level.HAMLET and place.parent and place.parent.level == Level.COMMUNE:
        return place.parent
    raise ValidationError({"place": _("Choose a hamlet, a residential group or a commune.")})


@transaction.atomic
def save_initiative(
    *,
    actor,
    initiative: Initiative | None,
    name: str,
    kind: str,
    place: Place,
    extra_hamlets: list[Place],
    skills: list[str],
    team: Team | None = None,
    organisation: Organisation | None = None,
    people: str = "",
    description: str = "",
    starts_on: date,
) -> Initiative:
    """Propose an initiative (status "proposed") or change one; the place may change only
    within the commune where the actor manages initiatives."""
    commune = commune_of(place)
    require_perm_at(actor, Perm.MANAGE_INITIATIVES, place=commune)
    if initiative is not None:
        require_perm_at(actor, Perm.MANAGE_INITIATIVES, place=initiative.commune)
    errors: dict[str, str] = {}
    if not place.is_current:
        errors["place"] = _("This place no longer exists.")
    if kind not in Kind.values:
        errors["kind"] = _("Choose a kind.")
    stored_skills = join_skills(skills)
    if not stored_skills:
        errors["skills"] = _("Choose at least one of the 5 skills.")
    if any(
        h.level != Level.HAMLET or not h.is_current or not tree.is_within(h, commune)
        for h in extra_hamlets
    ):
        errors["extra_hamlets"] = _("The hamlets of a cluster must lie in the same commune.")
    if team is not None and not tree.is_within(team.place, commune):
        errors["team"] = _("Choose a team of the commune.")
    if organisation is not None and not (
        tree.is_within(organisation.place, commune) or tree.is_within(commune, organisation.place)
    ):
        errors["organisation"] = _("Choose an organisation of the commune or the province.")
    if errors:
        raise ValidationError(errors)
    initiative = initiative or Initiative()
    initiative.name = name
    initiative.kind = kind
    initiative.place = place
    initiative.commune = commune
    initiative.skills = stored_skills
    initiative.team = team
    initiative.organisation = organisation
    initiative.people = people
    initiative.description = description
    initiative.starts_on = starts_on
    stamp(initiative, actor=actor, reason="edited" if initiative.pk else "proposed")
    initiative.save()
    initiative.extra_hamlets.set([h for h in extra_hamlets if h.pk != place.pk])
    return initiative


@transaction.atomic
def change_status(*, actor, initiative: Initiative, action: str) -> Initiative:
    """The one way an initiative's status changes: along `TRANSITIONS`, recorded in history."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if action not in TRANSITIONS:
        raise ValidationError(str(TRANSITIONS.refusal))
    require_perm_at(actor, TRANSITIONS[action].perm, place=initiative.commune)
    move = TRANSITIONS.move(initiative.status, action=action)
    initiative.status = move.target
    if move.target == Status.STOPPED:
        initiative.marked_for_replication = False  # a stopped model is not offered to others
    stamp(initiative, actor=actor, reason=move.reason)
    initiative.save(update_fields=["status", "marked_for_replication"])
    return initiative


@transaction.atomic
def mark_for_replication(*, actor, initiative: Initiative, marked: bool) -> Initiative:
    """The province marks a deployed (or replicated) model for replication, or takes the mark
    off. Marked models are listed on the public page."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    require_perm_at(actor, Perm.REVIEW_INITIATIVES, place=initiative.commune)
    if marked and initiative.status not in (Status.DEPLOYED, Status.REPLICATED):
        raise ValidationError(_("Only a deployed model can be marked for replication."))
    if initiative.marked_for_replication == marked:
        return initiative
    initiative.marked_for_replication = marked
    stamp(initiative, actor=actor, reason="marked" if marked else "unmarked")
    initiative.save(update_fields=["marked_for_replication"])
    return initiative


@transaction.atomic
def add_figure(
    *, actor, initiative: Initiative, label: str, value: Decimal, unit: str = ""
) -> InitiativeFigure:
    """A figure entered by hand."""
    require_perm_at(actor, Perm.MANAGE_INITIATIVES, place=initiative.commune)
    figure = InitiativeFigure(initiative=initiative, label=label, value=value, unit=unit)
    stamp(figure, actor=actor, reason="created")
    figure.save()
    return figure


@transaction.atomic
def remove_figure(*, actor, figure: InitiativeFigure) -> None:
    require_perm_at(actor, Perm.MANAGE_INITIATIVES, place=figure.initiative.commune)
    stamp(figure, actor=actor, reason="removed")
    figure.delete()


# Evidence ------------------------------------------------------------------------------------

# The types accepted, recognised by their first bytes (never by the name or the browser's word).
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
)


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a JPEG, PNG or PDF file from its first bytes; None else."""
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


@transaction.atomic
def add_evidence(*, actor, initiative: Initiative, title: str, upload) -> Evidence:
    """Keep a photo or a document: at most `MAX_EVIDENCE_BYTES`, JPEG, PNG or PDF only (by
    content), stored through the default storage under a name tocds chooses."""
    require_perm_at(actor, Perm.MANAGE_INITIATIVES, place=initiative.commune)
    limit = settings.MAX_EVIDENCE_BYTES
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("The file is too large (at most %(size)s).")
                % {"size": filesizeformat(limit)}
            }
        )
    upload.seek(0)
    found = sniff(upload.read(16))
    upload.seek(0)
    if found is None:
        raise ValidationError({"file": _("Only photos (JPEG, PNG) and PDF documents are kept.")})
    content_type, extension = found
    evidence = Evidence(
        initiative=initiative,
        title=title,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    upload.name = f"evidence-{initiative.pk}{extension}"
    evidence.file = upload
    stamp(evidence, actor=actor, reason="created")
    evidence.save()
    return evidence


@transaction.atomic
def remove_evidence(*, actor, evidence: Evidence) -> None:
    """Take a file off (a wrong photo, a document with personal data): the row goes with a
    history entry, the stored file once the transaction commits."""
    require_perm_at(actor, Perm.MANAGE_INITIATIVES, place=evidence.initiative.commune)
    stored = evidence.file.name
    storage = evidence.file.storage
    stamp(evidence, actor=actor, reason="removed")
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(stored))
