"""Rounds of honours and their quotas per form (the Department of Science and Technology)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tocds.core.history import stamp
from tocds.honours.models import (
    HonourForm,
    Quota,
    Round,
    RoundStatus,
)
from tocds.honours.queries import quota_use
from tocds.people.scoping import (
    Perm,
    require_perm_at,
)
from tocds.places.models import Level, Place

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
        # What each form's quota already holds: the one count the quota pages show.
        held = {row["form"].pk: row["held"] for row in quota_use(round)}
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
