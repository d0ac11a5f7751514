"""Reads of teams and members that need more than a plain queryset: scoped lookups, coverage."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from tocds.core.text import fold
from tocds.people.phones import looks_like_phone, normalise_phone
from tocds.people.scoping import Perm, scope_for
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.teams.models import (
    Affiliation,
    AffiliationKind,
    Membership,
    Team,
    TeamStatus,
)


def get_team_for_user(user, pk: int, perm: Perm = Perm.VIEW_TEAMS) -> Team:
    """The team if `user` holds `perm` on it; 404 otherwise (never tell it exists)."""
    return get_object_or_404(Team.objects.visible_to(user, perm).select_related("place"), pk=pk)


def get_membership_for_user(user, pk: int, perm: Perm = Perm.MANAGE_MEMBERS) -> Membership:
    return get_object_or_404(
        Membership.objects.visible_to(user, perm).select_related(
            "person", "team__place", "enterprise"
        ),
        pk=pk,
    )


def filter_teams(
    teams: QuerySet[Team], *, user, place: Place | None = None, q: str = "", status: str = ""
) -> QuerySet[Team]:
    """Narrow teams already scoped to `user`. `q` matches team, place and active member names
    (diacritics ignored); a phone number finds its member's team where the user may see phones.
    """
    if place is not None:
        teams = teams.filter(tree.within(place, "place__path"))
    if status:
        teams = teams.filter(status=status)
    if looks_like_phone(q):
        try:
            phone = normalise_phone(q)
        except ValidationError:
            return teams.none()
        holders = Membership.objects.active().filter(person__phone=phone)
        return teams.filter(
            scope_for(user, Perm.VIEW_PHONES).team_q(), pk__in=holders.values("team_id")
        )
    for word in fold(q).split():
        members = Membership.objects.active().filter(
            team=OuterRef("pk"), person__search_name__contains=word
        )
        teams = teams.filter(
            Q(search_name__contains=word)
            | Q(place__search_name__contains=word)
            | Q(Exists(members))
        )
    return teams


def active_member_count() -> Coalesce:
    """An annotation: active members of the team (outer row), as a subquery so that counting
    and paginating the teams never joins and groups their memberships."""
    counts = (
        Membership.objects.active()
        .filter(team=OuterRef("pk"))
        .order_by()
        .values("team")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def team_list(user, **filters) -> QuerySet[Team]:
    """Teams the user may see, with their place and active-member counts, in one query."""
    return (
        filter_teams(Team.objects.visible_to(user), user=user, **filters)
        .select_related("place", "place__commune")
        .annotate(member_count=active_member_count())
        .order_by("place__path", "name")
    )


def members_of(team: Team, *, include_past: bool = False) -> QuerySet[Membership]:
    members = team.memberships.select_related("person", "enterprise").prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.order_by("kind"))
    )
    if not include_past:
        members = members.active()
    return members.order_by("left_on", "role", "person__search_name")


MEMBER_ROW_FIELDS = (
    "pk",
    "team_id",
    "team__name",
    "team__place__path",
    "team__place__level",
    "team__place__name",
    "team__place__commune__name",
    "person__full_name",
    "person__phone",
    "person__gender",
    "person__birth_year",
    "role",
    "enterprise__name",
    "joined_on",
)


def member_rows(user, **filters) -> list[dict]:
    """Active memberships the user may export, filtered like the team list, as plain rows
    (two queries whatever the count: the rows, then their affiliations as `affiliations`)."""
    teams = filter_teams(Team.objects.visible_to(user, Perm.EXPORT_MEMBERS), user=user, **filters)
    members = Membership.objects.active().filter(team__in=teams)
    rows = list(
        members.order_by("team__place__path", "team__name", "role", "person__search_name").values(
            *MEMBER_ROW_FIELDS
        )
    )
    kinds: dict[int, list[str]] = {}
    for membership_id, kind in (
        Affiliation.objects.filter(membership__in=members)
        .order_by("membership_id", "kind")
        .values_list("membership_id", "kind")
    ):
        kinds.setdefault(membership_id, []).append(kind)
    for row in rows:
        row["affiliations"] = kinds.get(row["pk"], [])
    return rows


@dataclass
class Coverage:
    """D5.1/D7.1 figures for one place: hamlets covered, teams, members and their make-up."""

    place: Place | None
    hamlets: int = 0
    hamlets_with_team: int = 0
    teams: int = 0
    members: int = 0
    youth_members: int = 0
    enterprise_members: int = 0

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def hamlet_share(self) -> float | None:
        return self._share(self.hamlets_with_team, self.hamlets)

    @property
    def members_per_team(self) -> float | None:
        return round(self.members / self.teams, 1) if self.teams else None

    @property
    def youth_share(self) -> float | None:
        return self._share(self.youth_members, self.members)

    @property
    def enterprise_share(self) -> float | None:
        return self._share(self.enterprise_members, self.members)

    def add(self, other: "Coverage") -> None:
        for name in (
            "hamlets",
            "hamlets_with_team",
            "teams",
            "members",
            "youth_members",
            "enterprise_members",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def coverage_by_commune(communes: Iterable[Place]) -> list[Coverage]:
    """One Coverage per commune, in the given order, in four queries whatever the count."""
    communes = list(communes)
    rows = {c.pk: Coverage(place=c) for c in communes}
    ids = list(rows)
    for commune_id, n in (
        Place.objects.current()
        .filter(level=Level.HAMLET, commune_id__in=ids)
        .values_list("commune_id")
        .annotate(n=Count("id"))
    ):
        rows[commune_id].hamlets = n
    active_teams = Team.objects.filter(status=TeamStatus.ACTIVE, place__commune_id__in=ids)
    for commune_id, teams, hamlets in active_teams.values_list("place__commune_id").annotate(
        teams=Count("id"),
        hamlets=Count("place", filter=Q(place__level=Level.HAMLET), distinct=True),
    ):
        rows[commune_id].teams = teams
        rows[commune_id].hamlets_with_team = hamlets
    members = Membership.objects.active().filter(team__in=active_teams).order_by()
    for commune_id, n in members.values_list("team__place__commune_id").annotate(n=Count("id")):
        rows[commune_id].members = n
    # One affiliation of a kind per membership (a constraint), so counting rows counts members.
    affiliations = Affiliation.objects.filter(
        kind__in=[AffiliationKind.YOUTH_UNION, AffiliationKind.ENTERPRISE],
        membership__left_on__isnull=True,
        membership__team__in=active_teams,
    ).order_by()
    for commune_id, kind, n in affiliations.values_list(
        "membership__team__place__commune_id", "kind"
    ).annotate(n=Count("id")):
        if kind == AffiliationKind.YOUTH_UNION:
            rows[commune_id].youth_members = n
        else:
            rows[commune_id].enterprise_members = n
    return [rows[c.pk] for c in communes]


def total(place: Place | None, coverages: Iterable[Coverage]) -> Coverage:
    result = Coverage(place=place)
    for coverage in coverages:
        result.add(coverage)
    return result


def teams_by_hamlet(commune: Place, user) -> dict[int, Team]:
    """The active team of each hamlet of a commune that the user may see."""
    teams = (
        Team.objects.visible_to(user)
        .active()
        .filter(place__commune=commune)
        .annotate(member_count=active_member_count())
    )
    return {team.place_id: team for team in teams}
