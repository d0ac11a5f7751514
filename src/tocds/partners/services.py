"""Writes of partners: one service per change.

An enterprise's officer (`partners.offers`, for the enterprise named on the grant) drafts,
publishes and closes its offers along `TRANSITIONS`, and marks its redemption codes used; a
team member (`partners.claim`, through their membership) claims an offer they are eligible
for. Claiming locks the offer's row, so that its quota holds however many members press at
once; using a code is one conditional UPDATE (`... WHERE used_at IS NULL`), so a code is
used once whoever presses."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tocds.certificates.services import new_code
from tocds.core.history import stamp
from tocds.core.transitions import Move, Transitions
from tocds.partners import eligibility
from tocds.partners.models import Condition, ConditionKind, Offer, OfferStatus, Redemption
from tocds.people.models import Organisation, OrganisationKind
from tocds.people.scoping import Perm, organisations_for, require_perm_at
from tocds.places import tree
from tocds.places.models import Level, Place

TRANSITIONS = Transitions(
    {
        "publish": Move({OfferStatus.DRAFT}, OfferStatus.PUBLISHED, "published"),
        "close": Move({OfferStatus.PUBLISHED}, OfferStatus.CLOSED, "closed"),
    },
    refusal=gettext_lazy("This offer cannot take that step now."),
)
# The buttons of the moves, by action.
MOVE_LABELS = {
    "publish": gettext_lazy("Publish to the team members"),
    "close": gettext_lazy("Close: no new claims"),
}


def require_enterprise(actor, enterprise: Organisation, perm: Perm = Perm.MANAGE_OFFERS) -> None:
    """PermissionDenied unless `actor` acts for this enterprise: it is named on one of their
    grants that gives `perm` (an officer of another enterprise never does)."""
    require_perm_at(actor, perm)
    if enterprise.pk not in organisations_for(actor, perm):
        raise PermissionDenied


def province_of(enterprise: Organisation) -> Place:
    return Place.objects.get(path=tree.top(enterprise.place.path), valid_to__isnull=True)


# Offers --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionSpec:
    """One condition as a form or the demo gives it (see `models.Condition`)."""

    kind: str
    course: object = None
    campaign: object = None
    at_least: int | None = None


@transaction.atomic
def save_offer(
    *,
    actor,
    offer: Offer | None,
    enterprise: Organisation,
    service: str,
    description: str = "",
    price: str,
    price_value: Decimal | None = None,
    valid_from: date,
    valid_to: date,
    communes: list[Place],
    quota: int | None,
    conditions: list[ConditionSpec],
    is_sample: bool = False,
) -> Offer:
    """Draft an offer or change one that is not closed, with its places and its conditions
    (the list replaces the offer's). A quota cannot fall below the codes already holding a
    place."""
    require_enterprise(actor, enterprise)
    if enterprise.kind != OrganisationKind.ENTERPRISE:
        raise ValidationError(_("Offers are made by enterprises."))
    if offer is not None:
        require_enterprise(actor, offer.enterprise)
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if offer.status == OfferStatus.CLOSED:
            raise ValidationError(_("A closed offer cannot be changed."))
        if offer.enterprise_id != enterprise.pk:
            raise ValidationError(_("An offer stays with its enterprise."))
    province = province_of(enterprise)
    errors: dict[str, str] = {}
    if not service.strip():
        errors["service"] = _("Name the service.")
    if not price.strip():
        errors["price"] = _("Give the price or the discount.")
    if valid_from > valid_to:
        errors["valid_to"] = _("The offer ends before it starts.")
    if any(c.level != Level.COMMUNE or not tree.is_within(c, province) for c in communes):
        errors["communes"] = _("Choose communes of the enterprise's province.")
    if quota is not None and quota < 1:
        errors["quota"] = _("A quota is at least 1 (leave it empty for no limit).")
    if offer is not None and quota is not None:
        held = offer.redemptions.holding_quota().count()
        if quota < held:
            errors["quota"] = _("The quota cannot be lower than the %(count)s codes given.") % {
                "count": held
            }
    errors.update(_check_conditions(conditions, province))
    if errors:
        raise ValidationError(errors)
    offer = offer or Offer(enterprise=enterprise, province=province, created_by=actor)
    offer.service, offer.description = service.strip(), description.strip()
    offer.price, offer.price_value = price.strip(), price_value
    offer.valid_from, offer.valid_to, offer.quota = valid_from, valid_to, quota
    offer.is_sample = offer.is_sample or is_sample
    stamp(offer, actor=actor, reason="edited" if offer.pk else "created")
    offer.save()
    offer.communes.set(communes)
    offer.conditions.all().delete()
    Condition.objects.bulk_create(
        Condition(
            offer=offer,
            kind=spec.kind,
            course=spec.course if spec.kind == ConditionKind.COURSE else None,
            campaign=spec.campaign if spec.kind == ConditionKind.VISITS else None,
            at_least=spec.at_least
            if spec.kind in (ConditionKind.ACTIVE_MEMBER, ConditionKind.VISITS)
            else None,
        )
        for spec in conditions
    )
    return offer


def _check_conditions(conditions: list[ConditionSpec], province: Place) -> dict[str, str]:
    errors: dict[str, str] = {}
    for spec in conditions:
        if spec.kind not in ConditionKind.values:
            errors["conditions"] = _("Choose a condition.")
        elif spec.kind == ConditionKind.COURSE:
            if spec.course is None or not tree.is_within(spec.course.place, province):
                errors["course"] = _("Choose a course of the province.")
        elif spec.kind == ConditionKind.VISITS:
            if spec.campaign is None or spec.campaign.province_id != province.pk:
                errors["campaign"] = _("Choose a campaign of the province.")
            elif not spec.at_least or spec.at_least < 1:
                errors["visits_at_least"] = _("Give the number of visits (at least 1).")
        elif spec.kind == ConditionKind.ACTIVE_MEMBER and (spec.at_least or 0) < 0:
            errors["member_days"] = _("Give a number of days.")
    return errors


@transaction.atomic
def move_offer(*, actor, offer: Offer, action: str, today: date | None = None) -> Offer:
    """Publish a draft (members can then claim it) or close a published offer (no new
    claims; codes already given stay valid until they expire)."""
    require_enterprise(actor, offer.enterprise)
    if action not in TRANSITIONS:
        raise ValidationError(str(TRANSITIONS.refusal))
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    found = TRANSITIONS.move(offer.status, action=action)
    today = today or timezone.localdate()
    if action == "publish" and offer.valid_to < today:
        raise ValidationError(_("This offer's validity has already ended."))
    offer.status = found.target
    stamp(offer, actor=actor, reason=found.reason)
    offer.save(update_fields=["status"])
    return offer


# Claims --------------------------------------------------------------------------------------


def _end_of(day: date) -> datetime:
    """The first moment after `day`, in the installation's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


@transaction.atomic
def claim(*, actor, offer: Offer, now: datetime | None = None) -> Redemption:
    """A member claims an offer: a code valid for `TOCDS_REDEMPTION_DAYS` days (never past
    the offer's last day). One claim per member and offer; the offer's row is locked while the
    quota is counted, so that members pressing at once never overrun it."""
    member = eligibility.member_facts(actor)
    if member is None:
        raise PermissionDenied
    require_perm_at(actor, Perm.CLAIM_OFFERS, team=member.membership.team)
    now = now or timezone.now()
    today = timezone.localdate(now)
    offer = (
        Offer.objects.select_for_update()
        .select_related("province", "enterprise")
        .prefetch_related("communes", "conditions__course", "conditions__campaign")
        .get(pk=offer.pk)
    )
    if offer.status != OfferStatus.PUBLISHED or not offer.valid_from <= today <= offer.valid_to:
        raise ValidationError(_("This offer is not open for claims."))
    if not eligibility.covers(offer, member.commune_id, member.commune_path):
        raise PermissionDenied  # an offer of other places: the member never saw it
    failing = [line.label for line in eligibility.checks(offer, member, today) if not line.ok]
    if failing:
        raise ValidationError(
            _("You do not meet this offer's conditions: %(conditions)s.")
            % {"conditions": "; ".join(failing)}
        )
    if Redemption.objects.filter(offer=offer, person_id=member.person_id).exists():
        raise ValidationError(_("You have already claimed this offer."))
    if offer.quota is not None and offer.redemptions.holding_quota(now).count() >= offer.quota:
        raise ValidationError(_("All the codes of this offer have been given."))
    redemption = Redemption(
        offer=offer,
        person_id=member.person_id,
        commune_id=member.commune_id,
        claimed_at=now,
        expires_at=min(now + timedelta(days=settings.REDEMPTION_DAYS), _end_of(offer.valid_to)),
    )
    for _attempt in range(5):
        redemption.code = new_code()
        try:
            with transaction.atomic():
                redemption.save()
        except IntegrityError:  # pragma: no cover - a clash of 59-bit random codes
            continue
        return redemption
    raise RuntimeError("could not draw a free redemption code")


# Checking and using codes ----------------------------------------------------------------------


class CodeStatus:
    OPEN = "open"
    USED = "used"
    EXPIRED = "expired"
    LEFT = "left"  # the holder is no longer an active member in the offer's places


STATUS_LABELS = {
    CodeStatus.OPEN: gettext_lazy("Valid: it can be used"),
    CodeStatus.USED: gettext_lazy("Already used"),
    CodeStatus.EXPIRED: gettext_lazy("Expired"),
    CodeStatus.LEFT: gettext_lazy("No longer valid: the holder has left their team"),
}


def holder_is_member(redemption: Redemption) -> bool:
    """Whether the code's holder is still an active member of an active team in the offer's
    places (ending a membership ends the eligibility)."""
    membership = eligibility.active_membership(redemption.person_id)
    if membership is None:
        return False
    place = membership.team.place
    commune = place.commune or place
    return eligibility.covers(redemption.offer, commune.pk, commune.path)


def status_of(redemption: Redemption, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if redemption.used_at is not None:
        return CodeStatus.USED
    if now >= redemption.expires_at:
        return CodeStatus.EXPIRED
    if not holder_is_member(redemption):
        return CodeStatus.LEFT
    return CodeStatus.OPEN


@transaction.atomic
def use_code(*, actor, redemption: Redemption, now: datetime | None = None) -> Redemption:
    """The enterprise marks a code used, once: a conditional UPDATE that only a code not yet
    used and not expired passes, so of two presses at once one wins and the other is told."""
    require_enterprise(actor, redemption.offer.enterprise)
    now = now or timezone.now()
    status = status_of(redemption, now)
    if status == CodeStatus.USED:
        raise ValidationError(_("This code has already been used."))
    if status == CodeStatus.EXPIRED:
        raise ValidationError(_("This code has expired."))
    if status == CodeStatus.LEFT:
        raise ValidationError(
            _("The holder is no longer a member of a team in the offer's places: refused.")
        )
    updated = Redemption.objects.filter(
        pk=redemption.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now, used_by=actor)
    if not updated:
        raise ValidationError(_("This code has already been used."))
    redemption.refresh_from_db()
    return redemption
