"""The province in figures for citizens and the press: households reached, people guided,
teams, members and certificates, by commune, from the counters — and no small number that
could point to one household.

Suppression (`suppress`): a count of households, people or certificates from 1 to
`PUBLIC_MIN_COUNT - 1` is shown as "< n"; when a column would then hide a single cell (which
the total would give away), the next smallest cell is hidden too. Totals are exact: they are
the sums of the exact rows, never of what is shown."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Sum

from tocds.certificates.models import Certificate
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.public.queries import cached
from tocds.teams.models import Membership, Team, TeamStatus
from tocds.visits.models import DayTally

# The columns of a commune's row, and which of them count people or households (suppressed).
COLUMNS = ("households", "people", "teams", "members", "certificates")
SENSITIVE = ("households", "people", "certificates")


@dataclass(frozen=True)
class Cell:
    value: int
    hidden: bool = False


@dataclass
class Row:
    code: str
    name: str
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class ProvinceFigures:
    province: str
    rows: list[Row]
    totals: dict[str, int]
    threshold: int


def suppress(values: dict[str, int], threshold: int) -> dict[str, bool]:
    """Which cells of one column to hide: the small non-zero ones, and, where that hides a
    single cell, also the smallest other non-zero one (so the total does not give it away)."""
    hidden = {key: 0 < value < threshold for key, value in values.items()}
    if sum(hidden.values()) == 1:
        others = sorted(
            (value, key) for key, value in values.items() if value > 0 and not hidden[key]
        )
        if others:
            hidden[others[0][1]] = True
    return hidden


def _exact(province: Place) -> tuple[list[Place], dict[str, dict[int, int]]]:
    communes = list(
        Place.objects.current().filter(level=Level.COMMUNE, parent=province).order_by("search_name")
    )
    counts: dict[str, dict[int, int]] = {column: {} for column in COLUMNS}
    for row in (
        DayTally.objects.filter(campaign__province=province)
        .values("commune_id")
        .annotate(v=Sum("visits"), p=Sum("people"))
        .order_by()
    ):
        counts["households"][row["commune_id"]] = row["v"] or 0
        counts["people"][row["commune_id"]] = row["p"] or 0
    by_path = {c.path: c.pk for c in communes}

    def commune_of(path: str) -> int | None:
        ancestors = tree.ancestors(path)
        return by_path.get(ancestors[1]) if len(ancestors) > 1 else None

    for path, n in (
        Team.objects.filter(tree.within(province, "place__path"), status=TeamStatus.ACTIVE)
        .values_list("place__path")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        commune = commune_of(path)
        if commune:
            counts["teams"][commune] = counts["teams"].get(commune, 0) + n
    for path, n in (
        Membership.objects.filter(
            tree.within(province, "team__place__path"),
            left_on__isnull=True,
            team__status=TeamStatus.ACTIVE,
        )
        .values_list("team__place__path")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        commune = commune_of(path)
        if commune:
            counts["members"][commune] = counts["members"].get(commune, 0) + n
    for path, n in (
        Certificate.objects.filter(tree.within(province, "place__path"), revoked_at__isnull=True)
        .values_list("place__path")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        commune = commune_of(path)
        if commune:
            counts["certificates"][commune] = counts["certificates"].get(commune, 0) + n
    return communes, counts


def compute(province: Place) -> ProvinceFigures:
    threshold = settings.PUBLIC_MIN_COUNT
    communes, counts = _exact(province)
    hidden = {
        column: suppress({c.pk: counts[column].get(c.pk, 0) for c in communes}, threshold)
        if column in SENSITIVE
        else {}
        for column in COLUMNS
    }
    rows = [
        Row(
            code=c.code,
            name=c.name,
            cells={
                column: Cell(counts[column].get(c.pk, 0), hidden[column].get(c.pk, False))
                for column in COLUMNS
            },
        )
        for c in communes
    ]
    totals = {column: sum(counts[column].get(c.pk, 0) for c in communes) for column in COLUMNS}
    return ProvinceFigures(province=province.name, rows=rows, totals=totals, threshold=threshold)


def province_figures(province: Place) -> ProvinceFigures:
    """The figures, computed at most once per `PUBLIC_CACHE_SECONDS` for everyone."""
    return cached(f"figures:{province.pk}:{settings.PUBLIC_MIN_COUNT}", lambda: compute(province))
