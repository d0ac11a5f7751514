"""Writes to the service catalogue and to campaigns (province administrators)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tocds.campaigns.models import Assignment, Campaign, CampaignStatus, CommunePlan, Service
from tocds.campaigns.queries import covers
from tocds.core.history import stamp
from tocds.core.text import fold
from tocds.core.transitions import Move, Transitions
from tocds.people.scoping import Perm, require_perm_at
from tocds.places import tree
from tocds.places.models import Place
from tocds.teams.models import Team


@transaction.atomic
def save_service(
    *,
    actor,
    service: Service | None,
    name: str,
    skill: str,
    description: str = "",
    position: int = 100,
    is_active: bool = True,
) -> Service:
    """Add a service or change one; retiring (`is_active=False`) keeps its recorded guidance."""
    require_perm_at(actor, Perm.MANAGE_CATALOGUE)
    clash = Service.objects.filter(search_name=fold(name))
    if service is not None:
        clash = clash.exclude(pk=service.pk)
    if clash.exists():
        raise ValidationError({"name": _("The catalogue already has a service with this name.")})
    if service is None:
        base = slugify(fold(name))[:56] or "service"
        code, n = base, 1
        while Service.objects.filter(code=code).exists():
            n += 1
            code = f"{base}-{n}"
        service = Service(code=code)
    service.name = name
    service.skill = skill
    service.description = description
    service.position = position
    service.is_active = is_active
    stamp(service, actor=actor, reason="edited" if service.pk else "created")
    service.save()
    return service


# Campaigns -----------------------------------------------------------------------------------

# The allowed status changes; each needs Perm.MANAGE_CAMPAIGNS on the campaign's province.
TRANSITIONS = Transitions(
    {
        "open": Move({CampaignStatus.DRAFT}, CampaignStatus.OPEN, "opened"),
        "close": Move({CampaignStatus.OPEN}, CampaignStatus.CLOSED, "closed"),
        "reopen": Move({CampaignStatus.CLOSED}, CampaignStatus.OPEN, "reopened"),
    }
)


@transaction.atomic
def save_campaign(
    *,
    actor,
    campaign: Campaign | None,
    province: Place,
    name: str,
    slogan: str,
    starts_on: date,
    ends_on: date,
    whole_province: bool,
    communes: list[Place],
    services: list[Service],
    households_target: int,
    people_target: int,
) -> Campaign:
    """Launch a campaign (as a draft) or change one that is not closed."""
    require_perm_at(actor, Perm.MANAGE_CAMPAIGNS, place=province)
    errors: dict[str, str] = {}
    if ends_on < starts_on:
        errors["ends_on"] = _("The campaign ends before it starts.")
    if not whole_province and not communes:
        errors["communes"] = _("Choose the communes, or run the campaign in the whole province.")
    if any(not c.is_current or not tree.is_within(c, province) for c in communes):
        errors["communes"] = _("Choose current communes of the province.")
    if not services:
        errors["services"] = _("Choose at least one service from the catalogue.")
    if campaign is not None and campaign.status == CampaignStatus.CLOSED:
        errors["status"] = _("A closed campaign can no longer be changed; reopen it first.")
    if errors:
        raise ValidationError(errors)
    campaign = campaign or Campaign(province=province)
    campaign.name = name
    campaign.slogan = slogan
    campaign.starts_on = starts_on
    campaign.ends_on = ends_on
    campaign.whole_province = whole_province
    campaign.households_target = households_target
    campaign.people_target = people_target
    stamp(campaign, actor=actor, reason="edited" if campaign.pk else "created")
    campaign.save()
    campaign.communes.set([] if whole_province else communes)
    campaign.services.set(services)
    return campaign


@transaction.atomic
def change_campaign_status(*, actor, campaign: Campaign, to: str) -> Campaign:
    """The one way a campaign's status changes: along `TRANSITIONS`, recorded in history."""
    require_perm_at(actor, Perm.MANAGE_CAMPAIGNS, place=campaign.province)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    move = TRANSITIONS.move(campaign.status, to=to)
    campaign.status = move.target
    stamp(campaign, actor=actor, reason=move.reason)
    campaign.save(update_fields=["status"])
    return campaign


# Commune plans -------------------------------------------------------------------------------


@transaction.atomic
def save_plan(
    *,
    actor,
    campaign: Campaign,
    commune: Place,
    households_target: int,
    people_target: int,
    note: str = "",
) -> CommunePlan:
    """The commune's targets for a campaign that covers it (one plan per commune)."""
    require_perm_at(actor, Perm.MANAGE_PLANS, place=commune)
    if commune.level != "commune" or not commune.is_current or not covers(campaign, commune):
        raise ValidationError(_("This campaign does not cover the commune."))
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("A closed campaign can no longer be changed; reopen it first."))
    plan = CommunePlan.objects.filter(campaign=campaign, commune=commune).first()
    plan = plan or CommunePlan(campaign=campaign, commune=commune)
    plan.households_target = households_target
    plan.people_target = people_target
    plan.note = note
    stamp(plan, actor=actor, reason="edited" if plan.pk else "created")
    plan.save()
    return plan


@transaction.atomic
def add_assignment(
    *, actor, plan: CommunePlan, team: Team, hamlet: Place, starts_on: date, ends_on: date
) -> Assignment:
    """A team of the commune covers one of its hamlets on days inside the campaign."""
    require_perm_at(actor, Perm.MANAGE_PLANS, place=plan.commune)
    campaign = plan.campaign
    errors: dict[str, str] = {}
    if team.place.commune_id != plan.commune_id or team.status != "active":
        errors["team"] = _("Choose an active team of the commune.")
    if hamlet.commune_id != plan.commune_id or hamlet.level != "hamlet" or not hamlet.is_current:
        errors["hamlet"] = _("Choose a current hamlet of the commune.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The end is before the start.")
    elif starts_on < campaign.starts_on or ends_on > campaign.ends_on:
        errors["starts_on"] = _("The days must lie within the campaign (%(start)s – %(end)s).") % {
            "start": campaign.starts_on.strftime("%d/%m/%Y"),
            "end": campaign.ends_on.strftime("%d/%m/%Y"),
        }
    if campaign.status == CampaignStatus.CLOSED:
        errors["team"] = _("A closed campaign can no longer be changed; reopen it first.")
    if errors:
        raise ValidationError(errors)
    if Assignment.objects.filter(plan=plan, team=team, hamlet=hamlet, starts_on=starts_on).exists():
        raise ValidationError(_("This assignment already exists."))
    assignment = Assignment(
        plan=plan, team=team, hamlet=hamlet, starts_on=starts_on, ends_on=ends_on
    )
    stamp(assignment, actor=actor, reason="created")
    assignment.save()
    return assignment


@transaction.atomic
def remove_assignment(*, actor, assignment: Assignment) -> None:
    require_perm_at(actor, Perm.MANAGE_PLANS, place=assignment.plan.commune)
    if assignment.plan.campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("A closed campaign can no longer be changed; reopen it first."))
    stamp(assignment, actor=actor, reason="removed")
    assignment.delete()
