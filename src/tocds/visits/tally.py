"""Pre-aggregated counters of visits, kept in step with the visits in the same transaction.

Every change to a counted visit goes through `add` and `subtract` with the visit's snapshot; the
counters are upserted with `INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n`, which both
SQLite and PostgreSQL run atomically, in key order so parallel batches cannot deadlock.
`rebuild` recomputes them from the visits (after a restore, or to check them).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum

from tocds.core.sql import fetch
from tocds.visits.models import (
    DayTally,
    Outcome,
    ReachKind,
    ReachTally,
    ServiceTally,
    Visit,
    VisitService,
    VisitTally,
)


@dataclass(frozen=True)
class Snapshot:
    """What a visit contributes to the counters."""

    campaign_id: int
    commune_id: int
    hamlet_id: int
    team_id: int
    recorded_by_id: int
    day: date
    people: int
    services: tuple[tuple[int, int, str], ...] = field(default=())  # (service id, people, outcome)


def snapshot(visit: Visit, services: Iterable[tuple[int, int, str]] | None = None) -> Snapshot:
    if services is None:
        services = visit.services.values_list("service_id", "people", "outcome")
    return Snapshot(
        campaign_id=visit.campaign_id,
        commune_id=visit.commune_id,
        hamlet_id=visit.hamlet_id,
        team_id=visit.team_id,
        recorded_by_id=visit.recorded_by_id,
        day=visit.visit_day,
        people=visit.people_guided,
        services=tuple(sorted(services)),
    )


def add(snapshots: Iterable[Snapshot]) -> None:
    _apply(snapshots, 1)


def subtract(snapshots: Iterable[Snapshot]) -> None:
    _apply(snapshots, -1)


def _apply(snapshots: Iterable[Snapshot], sign: int) -> None:
    visit_rows: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    day_rows: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    reach_rows: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    service_rows: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    hamlet, team, member = ReachKind.HAMLET.value, ReachKind.TEAM.value, ReachKind.MEMBER.value
    for snap in snapshots:
        # Keys of plain values (the day as ISO text), in the order the upserts sort them.
        day = snap.day.isoformat()
        key = (snap.campaign_id, snap.hamlet_id, snap.team_id, snap.recorded_by_id, day)
        rows = [
            visit_rows[(*key, snap.commune_id)],
            day_rows[(snap.campaign_id, snap.commune_id, day)],
            reach_rows[(snap.campaign_id, snap.commune_id, hamlet, snap.hamlet_id)],
            reach_rows[(snap.campaign_id, snap.commune_id, team, snap.team_id)],
            reach_rows[(snap.campaign_id, snap.commune_id, member, snap.recorded_by_id)],
        ]
        for row in rows:
            row[0] += sign
            row[1] += sign * snap.people
        for service_id, people, outcome in snap.services:
            counts = service_rows[(snap.campaign_id, snap.commune_id, day, service_id)]
            counts[0] += sign
            counts[1] += sign * people
            counts[2] += sign * people if outcome == Outcome.DONE else 0
            counts[3] += sign * people if outcome == Outcome.FOLLOW_UP else 0
    _upsert(
        VisitTally,
        ["campaign_id", "hamlet_id", "team_id", "recorded_by_id", "day", "commune_id"],
        5,
        ["visits", "people"],
        visit_rows,
    )
    _upsert(DayTally, ["campaign_id", "commune_id", "day"], 3, ["visits", "people"], day_rows)
    _upsert(
        ReachTally,
        ["campaign_id", "commune_id", "kind", "key"],
        4,
        ["visits", "people"],
        reach_rows,
    )
    _upsert(
        ServiceTally,
        ["campaign_id", "commune_id", "day", "service_id"],
        4,
        ["visits", "people", "done", "follow_up"],
        service_rows,
    )


def _upsert(model, key_columns, conflict_width, counters, rows: dict[tuple, list[int]]) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = key_columns + counters
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counters)
    conflict = ", ".join(key_columns[:conflict_width])
    items = sorted(rows.items(), key=itemgetter(0))
    for start in range(0, len(items), 200):
        chunk = items[start : start + 200]
        params: list = []
        for key, counts in chunk:
            params.extend(key)
            params.extend(counts)
        # Table and column names come from the models above, never from input.
        fetch(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES "  # noqa: S608
            + ", ".join([placeholders] * len(chunk))
            + f" ON CONFLICT ({conflict}) DO UPDATE SET {updates}",
            params,
        )


@transaction.atomic
def rebuild(campaign_id: int | None = None) -> tuple[int, int]:
    """Recompute the counters from the visits; returns the numbers of rows written."""
    visits = Visit.objects.counted()
    tallies = VisitTally.objects.all()
    service_tallies = ServiceTally.objects.all()
    services = VisitService.objects.filter(visit__excluded=False)
    if campaign_id is not None:
        visits = visits.filter(campaign_id=campaign_id)
        tallies = tallies.filter(campaign_id=campaign_id)
        service_tallies = service_tallies.filter(campaign_id=campaign_id)
        services = services.filter(visit__campaign_id=campaign_id)
    day_tallies = DayTally.objects.all()
    reach_tallies = ReachTally.objects.all()
    if campaign_id is not None:
        day_tallies = day_tallies.filter(campaign_id=campaign_id)
        reach_tallies = reach_tallies.filter(campaign_id=campaign_id)
    tallies.delete()
    service_tallies.delete()
    day_tallies.delete()
    reach_tallies.delete()
    visit_rows = [
        VisitTally(**row)
        for row in visits.values(
            "campaign_id",
            "commune_id",
            "hamlet_id",
            "team_id",
            "recorded_by_id",
            day=F("visit_day"),
        )
        .annotate(visits=Count("id"), people=Sum("people_guided"))
        .order_by()
    ]
    service_rows = [
        ServiceTally(
            campaign_id=row["visit__campaign_id"],
            commune_id=row["visit__commune_id"],
            day=row["visit__visit_day"],
            service_id=row["service_id"],
            visits=row["n"],
            people=row["total"],
            done=row["done"] or 0,
            follow_up=row["follow_up"] or 0,
        )
        for row in services.values(
            "visit__campaign_id", "visit__commune_id", "visit__visit_day", "service_id"
        )
        .annotate(
            n=Count("id"),
            total=Sum("people"),
            done=Sum("people", filter=Q(outcome=Outcome.DONE)),
            follow_up=Sum("people", filter=Q(outcome=Outcome.FOLLOW_UP)),
        )
        .order_by()
    ]
    day_rows = [
        DayTally(**row)
        for row in visits.values("campaign_id", "commune_id", day=F("visit_day"))
        .annotate(visits=Count("id"), people=Sum("people_guided"))
        .order_by()
    ]
    reach_rows = [
        ReachTally(kind=kind, key=row.pop("k"), **row)
        for kind, column in (
            (ReachKind.HAMLET, "hamlet_id"),
            (ReachKind.TEAM, "team_id"),
            (ReachKind.MEMBER, "recorded_by_id"),
        )
        for row in visits.values("campaign_id", "commune_id", k=F(column))
        .annotate(visits=Count("id"), people=Sum("people_guided"))
        .order_by()
    ]
    DayTally.objects.bulk_create(day_rows, batch_size=1000)
    ReachTally.objects.bulk_create(reach_rows, batch_size=1000)
    VisitTally.objects.bulk_create(visit_rows, batch_size=1000)
    ServiceTally.objects.bulk_create(service_rows, batch_size=1000)
    return len(visit_rows), len(service_rows)
