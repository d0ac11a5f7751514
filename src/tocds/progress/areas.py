"""Which area of a campaign a user may open: the province (or the communes of it in the
user's scope), a commune, a hamlet or a team. Decided through the scoping mechanism
(`scope_for(user, Perm.VIEW_PROGRESS)`); everything outside it is a 404."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from tocds.campaigns.models import Campaign
from tocds.campaigns.queries import covered_communes
from tocds.people.scoping import Perm, Scope, scope_for
from tocds.places.models import Level, Place
from tocds.places.queries import places_in_scope
from tocds.teams.models import Team

PROVINCE, COMMUNE, HAMLET, TEAM = "province", "commune", "hamlet", "team"


@dataclass(frozen=True)
class Area:
    """Where a dashboard looks: `communes` are the commune ids its figures cover."""

    level: str
    campaign: Campaign
    communes: tuple[int, ...]
    place: Place | None = None  # the province, commune or hamlet
    team: Team | None = None

    @property
    def whole(self) -> bool:
        """A province area over every commune of the campaign (figures need no commune list)."""
        return self.level == PROVINCE and len(self.communes) == len(
            campaign_communes(self.campaign)
        )

    @property
    def key(self) -> dict[str, str]:
        """How chart URLs name this area (query parameters)."""
        if self.level == TEAM:
            return {"team": str(self.team.pk)}
        if self.level in (COMMUNE, HAMLET):
            return {self.level: self.place.code}
        return {}


def progress_scope(user) -> Scope:
    return scope_for(user, Perm.VIEW_PROGRESS)


def campaign_communes(campaign: Campaign) -> list[Place]:
    """The current communes the campaign covers, by name (read once per campaign object, that
    is once per request)."""
    cached = getattr(campaign, "_progress_communes", None)
    if cached is None:
        cached = campaign._progress_communes = list(covered_communes(campaign))
    return cached


def area_communes(area: Area) -> list[Place]:
    """The communes of a province area, by name (from the campaign's list, no query)."""
    wanted = set(area.communes)
    return [c for c in campaign_communes(area.campaign) if c.pk in wanted]


def province_area(user, campaign: Campaign) -> Area | None:
    """The province view: the whole campaign for province-level readers, or the covered
    communes inside the user's scope. None when the user's scope holds only teams."""
    scope = progress_scope(user)
    communes = [c for c in campaign_communes(campaign) if scope.covers_path(c.path)]
    if not communes:
        return None
    return Area(PROVINCE, campaign, tuple(c.pk for c in communes), place=campaign.province)


def _covered_place(user, campaign: Campaign, code: str, level: str) -> Place:
    """A current commune or hamlet inside the user's progress scope that the campaign
    covers; 404 otherwise."""
    place = get_object_or_404(
        places_in_scope(user, Perm.VIEW_PROGRESS).select_related("parent", "commune"),
        code=code,
        level=level,
    )
    if place.commune_id not in {c.pk for c in campaign_communes(campaign)}:
        raise Http404
    return place


def commune_area(user, campaign: Campaign, code: str) -> Area:
    commune = _covered_place(user, campaign, code, Level.COMMUNE)
    return Area(COMMUNE, campaign, (commune.pk,), place=commune)


def hamlet_area(user, campaign: Campaign, code: str) -> Area:
    hamlet = _covered_place(user, campaign, code, Level.HAMLET)
    return Area(HAMLET, campaign, (hamlet.commune_id,), place=hamlet)


def team_area(user, campaign: Campaign, pk: int) -> Area:
    team = get_object_or_404(
        Team.objects.visible_to(user, Perm.VIEW_PROGRESS).select_related("place"), pk=pk
    )
    commune_id = team.place.commune_id
    if commune_id not in {c.pk for c in campaign_communes(campaign)}:
        raise Http404
    return Area(TEAM, campaign, (commune_id,), place=team.place, team=team)


def own_teams(user, campaign: Campaign) -> list[Team]:
    """Teams the user follows through a team role (a leader's own team), in the campaign."""
    covered = {c.pk for c in campaign_communes(campaign)}
    teams = Team.objects.filter(pk__in=sorted(progress_scope(user).team_ids)).select_related(
        "place"
    )
    return [t for t in teams.order_by("name") if t.place.commune_id in covered]
