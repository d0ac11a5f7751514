"""Scoped reads for campaigns: the one lookup of a campaign, and the communes it covers."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tocds.campaigns.models import Campaign
from tocds.people.scoping import Perm
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.places.queries import communes_in_scope


def get_campaign_for_user(user, pk: int, perm: Perm = Perm.VIEW_TEAMS) -> Campaign:
    """A campaign of a province where the user holds `perm` (for commune roles and teams: one
    that covers their commune); 404 otherwise."""
    return get_object_or_404(
        Campaign.objects.visible_to(user, perm).select_related("province"), pk=pk
    )


def covers(campaign: Campaign, commune: Place) -> bool:
    """Whether the campaign runs in the commune (a whole-province campaign runs in each)."""
    if commune.level != Level.COMMUNE:
        return False
    if campaign.whole_province:
        return tree.is_within(commune, campaign.province)
    return campaign.communes.filter(pk=commune.pk).exists()


def covered_communes(campaign: Campaign) -> QuerySet[Place]:
    """The current communes the campaign covers (every commune of its province for a
    whole-province campaign), by name."""
    communes = Place.objects.current().filter(level=Level.COMMUNE, parent=campaign.province)
    if not campaign.whole_province:
        communes = communes.filter(pk__in=campaign.communes.values("pk"))
    return communes.order_by("search_name")


def communes_covered(campaign: Campaign, user) -> list[Place]:
    """The communes the campaign covers that the user may see, by name."""
    return list(covered_communes(campaign) & communes_in_scope(user))
