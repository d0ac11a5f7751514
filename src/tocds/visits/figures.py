"""Campaign figures from the tallies: the one source for dashboards, reports and exports.

Every function reads the pre-aggregated `VisitTally` / `ServiceTally` rows, never the visits, so
the cost does not grow with the number of visits. Callers pass the communes they may see (from
the scoping mechanism); `None` means the whole campaign (callers must have checked province scope).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from tocds.visits.models import (
    DayTally,
    Outcome,
    ReachKind,
    ReachTally,
    ServiceTally,
    VisitService,
    VisitTally,
)

GROUPS = {
    "commune": "commune_id",
    "hamlet": "hamlet_id",
    "team": "team_id",
    "member": "recorded_by_id",
    "day": "day",
}


@dataclass(frozen=True)
class Totals:
    visits: int = 0  # households visited (each visit is one household)
    people: int = 0  # people guided
    hamlets: int = 0  # hamlets with at least one visit
    teams: int = 0  # teams with at least one visit
    members: int = 0  # members who recorded at least one visit


@dataclass(frozen=True)
class ServiceFigures:
    service_id: int
    visits: int = 0  # households guided in the service
    people: int = 0
    done: int = 0
    follow_up: int = 0


def _filter(
    queryset: QuerySet,
    campaign_id: int,
    communes: Iterable[int] | None,
    day_from: date | None,
    day_to: date | None,
    **extra,
) -> QuerySet:
    q = Q(campaign_id=campaign_id, **extra)
    if communes is not None:
        q &= Q(commune_id__in=sorted(communes))
    if day_from is not None:
        q &= Q(day__gte=day_from)
    if day_to is not None:
        q &= Q(day__lte=day_to)
    return queryset.filter(q)


# Aliases differ from the tally's column names: an annotation named like a column would
# shadow it inside the other aggregates' filters (SQL "misuse of aggregate").
_TOTALS = {
    "t_visits": Sum("visits"),
    "t_people": Sum("people"),
    "t_hamlets": Count("hamlet_id", distinct=True, filter=Q(visits__gt=0)),
    "t_teams": Count("team_id", distinct=True, filter=Q(visits__gt=0)),
    "t_members": Count("recorded_by_id", distinct=True, filter=Q(visits__gt=0)),
}


def _totals(row: dict) -> Totals:
    return Totals(**{name[2:]: row.get(name) or 0 for name in _TOTALS})


def _reach(campaign_id: int, communes: Iterable[int] | None) -> QuerySet:
    rows = ReachTally.objects.filter(campaign_id=campaign_id, visits__gt=0)
    if communes is not None:
        rows = rows.filter(commune_id__in=sorted(communes))
    return rows


def _whole_campaign_by_commune(campaign_id: int, communes: Iterable[int] | None) -> dict:
    """Totals per commune over the whole campaign from the coarse tallies: one row per commune
    and day for the sums, one per hamlet, team and member for the reach."""
    communes = None if communes is None else sorted(communes)
    days = DayTally.objects.filter(campaign_id=campaign_id)
    if communes is not None:
        days = days.filter(commune_id__in=communes)
    out: dict[int, dict] = {}
    for row in days.values("commune_id").annotate(v=Sum("visits"), p=Sum("people")).order_by():
        out[row["commune_id"]] = {"visits": row["v"] or 0, "people": row["p"] or 0}
    names = {ReachKind.HAMLET: "hamlets", ReachKind.TEAM: "teams", ReachKind.MEMBER: "members"}
    for row in (
        _reach(campaign_id, communes).values("commune_id", "kind").annotate(n=Count("*")).order_by()
    ):
        out.setdefault(row["commune_id"], {})[names[row["kind"]]] = row["n"]
    return {commune: Totals(**values) for commune, values in out.items()}


def totals(
    campaign_id: int,
    communes: Iterable[int] | None = None,
    *,
    day_from: date | None = None,
    day_to: date | None = None,
    **extra,
) -> Totals:
    """Totals of a campaign (optionally within communes, days, or e.g. `hamlet_id=…`)."""
    if day_from is None and day_to is None and not extra:
        by_commune = _whole_campaign_by_commune(campaign_id, communes).values()
        return Totals(
            visits=sum(t.visits for t in by_commune),
            people=sum(t.people for t in by_commune),
            hamlets=sum(t.hamlets for t in by_commune),  # a hamlet lies in one commune
            teams=sum(t.teams for t in by_commune),
            members=members(campaign_id, communes),
        )
    rows = _filter(VisitTally.objects, campaign_id, communes, day_from, day_to, **extra)
    return _totals(rows.aggregate(**_TOTALS))


def totals_by(
    group: str,
    campaign_id: int,
    communes: Iterable[int] | None = None,
    *,
    day_from: date | None = None,
    day_to: date | None = None,
    **extra,
) -> dict:
    """Totals per commune, hamlet, team, member or day: {key: Totals}."""
    if group == "commune" and day_from is None and day_to is None and not extra:
        return dict(sorted(_whole_campaign_by_commune(campaign_id, communes).items()))
    column = GROUPS[group]
    rows = _filter(VisitTally.objects, campaign_id, communes, day_from, day_to, **extra)
    return {
        row[column]: _totals(row)
        for row in rows.values(column).annotate(**_TOTALS).order_by(column)
    }


def sums_by(
    group: str,
    campaign_id: int,
    communes: Iterable[int] | None = None,
    *,
    day_from: date | None = None,
    day_to: date | None = None,
    **extra,
) -> dict:
    """Households and people per commune, hamlet, team, member or day: {key: (visits, people)}.
    Cheaper than `totals_by` (no distinct counts): for charts and day tables."""
    column = GROUPS[group]
    source = VisitTally.objects
    if group in ("commune", "day") and not extra:
        source = DayTally.objects  # a thousand rows per campaign, not a row per member and day
    rows = _filter(source, campaign_id, communes, day_from, day_to, **extra)
    return {
        row[column]: (row["t_visits"] or 0, row["t_people"] or 0)
        for row in rows.values(column)
        .annotate(t_visits=Sum("visits"), t_people=Sum("people"))
        .order_by(column)
    }


def members(
    campaign_id: int,
    communes: Iterable[int] | None = None,
    *,
    day_from: date | None = None,
    day_to: date | None = None,
    **extra,
) -> int:
    """Members who recorded at least one counted visit (distinct over the whole area)."""
    if day_from is None and day_to is None and not extra:
        reach = _reach(campaign_id, communes).filter(kind=ReachKind.MEMBER)
        return reach.aggregate(n=Count("key", distinct=True))["n"]
    rows = _filter(VisitTally.objects, campaign_id, communes, day_from, day_to, **extra)
    return rows.filter(visits__gt=0).aggregate(n=Count("recorded_by_id", distinct=True))["n"]


SERVICE_GROUPS = {"service": "service_id", "commune": "commune_id", "day": "day"}

_SERVICE_SUMS = {"v": Sum("visits"), "p": Sum("people"), "d": Sum("done"), "f": Sum("follow_up")}


def _service_figures(service_id: int, row: dict) -> ServiceFigures:
    return ServiceFigures(
        service_id=service_id,
        visits=row["v"] or 0,
        people=row["p"] or 0,
        done=row["d"] or 0,
        follow_up=row["f"] or 0,
    )


def _service_rows(
    campaign_id: int,
    communes: Iterable[int] | None,
    day_from: date | None,
    day_to: date | None,
    service_ids: Iterable[int] | None,
) -> QuerySet:
    rows = _filter(ServiceTally.objects, campaign_id, communes, day_from, day_to)
    if service_ids is not None:
        rows = rows.filter(service_id__in=sorted(service_ids))
    return rows


def services(
    campaign_id: int,
    communes: Iterable[int] | None = None,
    *,
    day_from: date | None = None,
    day_to: date | None = None,
    service_ids: Iterable[int] | None = None,
) -> dict[int, ServiceFigures]:
    """Per service: households, people, done and follow-up ({service id: ServiceFigures})."""
    return services_by(
        "service", campaign_id, communes, day_from=day_from, day_to=day_to, service_ids=service_ids
    )


def services_by(
    group: str,
    campaign_id: int,
    communes: Iterable[int] | None = None,
    *,
    day_from: date | None = None,
    day_to: date | None = None,
    service_ids: Iterable[int] | None = None,
) -> dict:
    """Service figures summed per service, commune or day ({key: ServiceFigures}; the
    `service_id` of a commune or day total is 0). `service_ids` keeps only those services."""
    column = SERVICE_GROUPS[group]
    rows = _service_rows(campaign_id, communes, day_from, day_to, service_ids)
    return {
        row[column]: _service_figures(row[column] if group == "service" else 0, row)
        for row in rows.values(column).annotate(**_SERVICE_SUMS).order_by(column)
    }


def services_by_commune(
    campaign_id: int, communes: Iterable[int] | None = None
) -> dict[tuple[int, int], ServiceFigures]:
    """Per (commune, service)."""
    rows = _filter(ServiceTally.objects, campaign_id, communes, None, None)
    return {
        (row["commune_id"], row["service_id"]): _service_figures(row["service_id"], row)
        for row in rows.values("commune_id", "service_id")
        .annotate(**_SERVICE_SUMS)
        .order_by("commune_id", "service_id")
    }


def hamlet_services(
    campaign_id: int,
    hamlet_id: int,
    *,
    day_from: date | None = None,
    day_to: date | None = None,
    service_ids: Iterable[int] | None = None,
) -> dict[int, ServiceFigures]:
    """Per service within one hamlet. The service tallies stop at the commune, so this reads
    the hamlet's own service rows (a hamlet holds a few hundred visits, not millions)."""
    return _visit_services(campaign_id, day_from, day_to, service_ids, visit__hamlet_id=hamlet_id)


def team_services(
    campaign_id: int,
    team_id: int,
    *,
    day_from: date | None = None,
    day_to: date | None = None,
    service_ids: Iterable[int] | None = None,
) -> dict[int, ServiceFigures]:
    """Per service for one team's visits, from the team's own service rows (the tallies stop at
    the commune; a team records a few hundred visits in a campaign, not millions)."""
    return _visit_services(campaign_id, day_from, day_to, service_ids, visit__team_id=team_id)


def _visit_services(
    campaign_id: int,
    day_from: date | None,
    day_to: date | None,
    service_ids: Iterable[int] | None,
    **visits,
) -> dict[int, ServiceFigures]:
    """Per service over the counted visits of the campaign narrowed by `visits` (a hamlet or a
    team): households, people, done and follow-up, as the tallies count them."""
    rows = VisitService.objects.filter(
        visit__campaign_id=campaign_id, visit__excluded=False, **visits
    )
    if day_from is not None:
        rows = rows.filter(visit__visit_day__gte=day_from)
    if day_to is not None:
        rows = rows.filter(visit__visit_day__lte=day_to)
    if service_ids is not None:
        rows = rows.filter(service_id__in=sorted(service_ids))
    return {
        row["service_id"]: _service_figures(row["service_id"], row)
        for row in rows.values("service_id")
        .annotate(
            v=Count("id"),
            p=Sum("people"),
            d=Sum("people", filter=Q(outcome=Outcome.DONE)),
            f=Sum("people", filter=Q(outcome=Outcome.FOLLOW_UP)),
        )
        .order_by("service_id")
    }


def period_totals(communes: Iterable[int], day_from: date, day_to: date) -> Totals:
    """Totals over every campaign within communes and days (the directive tracker's periods):
    a hamlet, team or member reached in two campaigns counts once."""
    rows = VisitTally.objects.filter(
        commune_id__in=sorted(communes), day__gte=day_from, day__lte=day_to
    )
    return _totals(rows.aggregate(**_TOTALS))


def period_services(
    communes: Iterable[int], day_from: date, day_to: date
) -> dict[int, ServiceFigures]:
    """Per service over every campaign within communes and days ({service id: figures})."""
    rows = ServiceTally.objects.filter(
        commune_id__in=sorted(communes), day__gte=day_from, day__lte=day_to
    )
    return {
        row["service_id"]: _service_figures(row["service_id"], row)
        for row in rows.values("service_id").annotate(**_SERVICE_SUMS).order_by()
    }
