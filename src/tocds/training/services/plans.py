"""Training plans: a place's targets per audience for a period."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tocds.core.history import stamp
from tocds.people.scoping import Perm, require_perm_at
from tocds.places.models import Place
from tocds.training.models import TARGET_FIELDS, TrainingPlan
from tocds.training.services.access import _check_organising_place


@transaction.atomic
def save_plan(
    *,
    actor,
    plan: TrainingPlan | None,
    place: Place,
    name: str,
    starts_on: date,
    ends_on: date,
    targets: dict[str, int],
    note: str = "",
) -> TrainingPlan:
    """A training plan of the province or a commune for a period, with targets per audience."""
    require_perm_at(actor, Perm.MANAGE_TRAINING, place=place)
    _check_organising_place(place)
    if plan is not None and plan.place_id != place.pk:
        require_perm_at(actor, Perm.MANAGE_TRAINING, place=plan.place)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The period ends before it starts.")})
    if any(value < 0 for value in targets.values()):
        raise ValidationError(_("Targets cannot be negative."))
    clash = TrainingPlan.objects.filter(place=place, starts_on=starts_on, ends_on=ends_on)
    if plan is not None:
        clash = clash.exclude(pk=plan.pk)
    if clash.exists():
        raise _plan_clash()
    plan = plan or TrainingPlan()
    plan.place = place
    plan.name = name
    plan.starts_on = starts_on
    plan.ends_on = ends_on
    plan.note = note
    for audience, field in TARGET_FIELDS.items():
        setattr(plan, field, int(targets.get(audience, 0)))
    stamp(plan, actor=actor, reason="edited" if plan.pk else "created")
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:  # the same plan saved by a request running at the same moment
        raise _plan_clash() from exc
    return plan


def _plan_clash() -> ValidationError:
    return ValidationError(_("This place already has a training plan for exactly this period."))
