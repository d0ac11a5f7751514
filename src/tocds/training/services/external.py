"""Participation in programmes held elsewhere (D4.2)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tocds.core.history import stamp
from tocds.people.scoping import Perm, require_perm_at
from tocds.places.models import Place
from tocds.training.models import ExternalParticipation
from tocds.training.services.access import _check_organising_place
from tocds.training.services.enrolment import _person_for


@transaction.atomic
def record_external(
    *,
    actor,
    place: Place,
    full_name: str,
    phone: str | None,
    audience: str,
    programme: str,
    taken_on: date,
    organiser: str = "",
    topic: str = "",
    completed: bool = False,
    reference: str = "",
) -> ExternalParticipation:
    """Record that a person of `place` took part in a programme held elsewhere."""
    require_perm_at(actor, Perm.MANAGE_TRAINING, place=place)
    _check_organising_place(place)
    if not programme.strip():
        raise ValidationError({"programme": _("Name the programme.")})
    if taken_on > timezone.localdate():
        raise ValidationError({"taken_on": _("The date is in the future.")})
    person = _person_for(full_name=full_name, phone=phone)
    if ExternalParticipation.objects.filter(
        person=person, programme=programme.strip(), taken_on=taken_on
    ).exists():
        raise ValidationError(_("This participation is already recorded."))
    record = ExternalParticipation(
        place=place,
        person=person,
        audience=audience,
        programme=programme.strip(),
        organiser=organiser.strip(),
        topic=topic,
        taken_on=taken_on,
        completed=completed,
        reference=reference.strip(),
        recorded_by=actor,
    )
    stamp(record, actor=actor, reason="created")
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as exc:
        raise ValidationError(_("This participation is already recorded.")) from exc
    return record
