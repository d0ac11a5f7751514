"""Scoped reads for campaigns."""

from tocds.campaigns.models import Campaign
from tocds.places.models import Place
from tocds.places.queries import communes_in_scope


def communes_covered(campaign: Campaign, user) -> list[Place]:
    """The communes the campaign covers that the user may see, by name."""
    communes = communes_in_scope(user).filter(parent=campaign.province)
    if not campaign.whole_province:
        communes = communes.filter(pk__in=campaign.communes.values("pk"))
    return list(communes)
