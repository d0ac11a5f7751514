"""What the register holds for progress: current hamlets, active teams and their active
members, per commune (kept in the shared cache under the register's version) or per team."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q

from tocds.core.sql import fetch
from tocds.places.models import Level, Place
from tocds.teams.models import Membership, Team, TeamStatus


@dataclass
class Registered:
    hamlets: int = 0
    teams: int = 0
    members: int = 0


def registered_by_commune(communes: list[Place], *, province: Place) -> dict[int, Registered]:
    """Current hamlets, active teams and their active members per commune.

    The register changes seldom and a province has tens of thousands of members, so the
    counts of the whole province are kept in the shared cache under the register's version:
    the last history ids of teams, memberships and places, which every change moves."""
    key = f"progress:registered:{province.pk}:{_register_version()}"
    counts = cache.get(key)
    if counts is None:
        counts = _count_registered(province)
        cache.set(key, counts, timeout=24 * 3600)
    return {c.pk: Registered(*counts.get(c.pk, (0, 0, 0))) for c in communes}


def _register_version() -> str:
    tables = [model.history.model._meta.db_table for model in (Team, Membership, Place)]
    # Table names come from the models, never from input.
    sql = "SELECT " + ", ".join(f"(SELECT max(history_id) FROM {t})" for t in tables)  # noqa: S608
    return "-".join(str(v or 0) for v in fetch(sql)[0])


def _count_registered(province: Place) -> dict[int, tuple[int, int, int]]:
    """(hamlets, active teams, their active members) per commune of the province."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    hamlets = Place.objects.current().filter(level=Level.HAMLET, commune__parent=province)
    for commune_id, n in hamlets.values_list("commune_id").annotate(n=Count("*")).order_by():
        counts[commune_id][0] = n
    teams = Team.objects.filter(status=TeamStatus.ACTIVE, place__commune__parent=province)
    for commune_id, n in teams.values_list("place__commune_id").annotate(n=Count("*")).order_by():
        counts[commune_id][1] = n
    # Joined from the memberships' side (a subquery of teams costs a lookup per membership).
    members = Membership.objects.active().filter(
        team__status=TeamStatus.ACTIVE, team__place__commune__parent=province
    )
    for commune_id, n in (
        members.values_list("team__place__commune_id").annotate(n=Count("*")).order_by()
    ):
        counts[commune_id][2] = n
    return {commune_id: tuple(values) for commune_id, values in counts.items()}


def registered_teams(where: Q) -> dict[int, Team]:
    """Teams matching `where`, with active member counts; `is_registered` marks active ones."""
    teams = {
        t.pk: t
        for t in Team.objects.filter(where)
        .select_related("place")
        .annotate(member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True)))
        .order_by("search_name")
    }
    for team in teams.values():
        team.is_registered = team.status == TeamStatus.ACTIVE
    return teams
