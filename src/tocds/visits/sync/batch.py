"""One batch from a phone, stored in one transaction: new visits inserted, the others compared
with the stored copy (duplicate, edit or conflict), then their services, counters and quality
checks."""

import uuid as uuid_lib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tocds.campaigns.models import CampaignStatus
from tocds.core.sql import fetch
from tocds.core.text import clean_name, fold
from tocds.people.scoping import Perm, Scope, scope_for
from tocds.visits import quality, tally
from tocds.visits.models import Resolution, SyncConflict, Visit, VisitService
from tocds.visits.sync.inserts import insert_services, insert_visits
from tocds.visits.sync.records import (
    MAX_BATCH,
    MAX_SKEW,
    BatchResult,
    RecordResult,
    parse_records,
    server_copy,
)
from tocds.visits.sync.resolve import Record, resolve_records


@dataclass
class _Batch:
    """The valid records of one batch and what they share."""

    user: Any  # who sent it
    scope: Scope  # where the user may record visits
    received_at: datetime
    skew: int  # seconds to add to the phone's times
    device_clock: datetime | None  # the phone's clock at sending, if it was a clock at all
    clock_off: int  # how far off the phone's clock was, as stored (flagged when far)
    codes: dict[int, str]  # the service catalogue: id → code
    records: list[Record]
    ingest_id: uuid_lib.UUID = field(default_factory=uuid_lib.uuid4)


def sync_visits(
    *,
    actor,
    records: list[Any],
    device_clock: datetime | None = None,
    now: datetime | None = None,
) -> BatchResult:
    """Store a batch of visits from `actor`'s phone and answer record by record."""
    if len(records) > MAX_BATCH:
        raise ValueError(f"at most {MAX_BATCH} records per batch")
    received_at = now or timezone.now()
    skew, device_clock, clock_off = _read_clock(device_clock, received_at)
    parsed, results = parse_records(records)
    # The whole catalogue (a few dozen rows): `resolve_records` checks codes, `_store` writes
    # them.
    catalogue = fetch('SELECT id, code FROM "campaigns_service"') if parsed else []
    scope = scope_for(actor, Perm.RECORD_VISITS)
    resolved, invalid = resolve_records(scope, parsed, catalogue)
    results.update(invalid)
    if resolved:
        batch = _Batch(
            user=actor,
            scope=scope,
            received_at=received_at,
            skew=skew,
            device_clock=device_clock,
            clock_off=clock_off,
            codes=dict(catalogue),
            records=resolved,
        )
        results.update(_store(batch))
    return BatchResult(
        received_at=received_at,
        skew_seconds=skew,
        results=[results[index] for index in sorted(results)],
    )


def _read_clock(
    device_clock: datetime | None, received_at: datetime
) -> tuple[int, datetime | None, int]:
    """The phone's clock against the server's: the seconds to add to the phone's times, the
    clock as it is stored, and how far off it was as stored. A clock further off than the
    skew column holds (year 1, year 9999) corrects nothing and is not stored, but is recorded
    as off by the most the column holds, so the visits are flagged like any other skew."""
    if device_clock is None:
        return 0, None, 0
    if timezone.is_naive(device_clock):
        device_clock = timezone.make_aware(device_clock)
    off = received_at - device_clock
    if abs(off) > MAX_SKEW:
        most = int(MAX_SKEW.total_seconds())
        return 0, None, most if off > timedelta(0) else -most
    skew = round(off.total_seconds())
    return skew, device_clock, skew


def _store(batch: _Batch) -> dict[int, RecordResult]:
    """Store the batch's records in one transaction; the result of each, by its place."""
    tz = timezone.get_current_timezone()
    results: dict[int, RecordResult] = {}
    with transaction.atomic():
        first: dict[str, Record] = {}
        for record in batch.records:
            first.setdefault(record.key, record)
        # New rows as plain attribute bags: building 500 model instances costs more than
        # storing them. Quality checks and tallies read the same attributes.
        fresh = {
            key: SimpleNamespace(
                pk=None,
                uuid=record.data.uuid,
                campaign=record.campaign,
                recorded_by_id=batch.user.pk,
                version=(record.data.base_version or 0) + 1,
                ingest_id=batch.ingest_id,
                services_text=_services_text(record.services, batch.codes),
                excluded=False,
                **_visit_fields(batch, record, tz),
            )
            for key, record in first.items()
        }
        # In UUID order (the hex digits sort as the UUIDs do), so parallel batches lock alike.
        inserted = insert_visits([fresh[key] for key in sorted(fresh)])
        # The others were stored before (by an earlier request, or another phone's): locked
        # until this transaction ends, then compared.
        earlier = [first[key].data.uuid for key in first if key not in inserted]
        existing = {
            visit.uuid.hex: visit
            for visit in (
                Visit.objects.select_for_update()
                .filter(uuid__in=earlier)
                .select_related("team__place", "campaign", "hamlet")
                .order_by("pk")
                if earlier
                else ()
            )
        }
        created: list[tuple[SimpleNamespace, Record]] = []
        updated: list[Visit] = []
        for record in batch.records:
            key = record.key
            if key not in inserted:
                visit = existing[key]
                result = _compare(batch, visit, record, repeat=False)
            elif first[key] is record:
                visit = fresh[key]
                visit.pk = inserted[key]
                created.append((visit, record))
                result = RecordResult(
                    uuid=str(record.data.uuid), status="created", id=visit.pk, version=visit.version
                )
            else:
                # The same UUID twice in one batch: compare with the row just created (its
                # counters are added below, so a different copy is a conflict, never an edit).
                visit = Visit.objects.select_related("team__place", "campaign", "hamlet").get(
                    pk=inserted[key]
                )
                result = _compare(batch, visit, record, repeat=True)
            if result.status == "updated":
                updated.append(visit)
            results[record.index] = result
        insert_services(
            (visit.pk, sid, people, outcome)
            for visit, record in created
            for sid, people, outcome in record.services
        )
        tally.add(tally.snapshot(visit, record.services) for visit, record in created)
        quality.check([visit for visit, _record in created], new=True)
        quality.check(updated)
    return results


def _compare(batch: _Batch, visit: Visit, record: Record, *, repeat: bool) -> RecordResult:
    """A record whose UUID is stored already (locked until the batch commits): a duplicate, an
    edit made on the stored version (applied), or a conflict (kept for review) — or someone
    else's record, of which nothing is said. `repeat`: the row was created by this batch."""
    uuid = str(record.data.uuid)
    if not batch.scope.covers_team(visit.team):
        # Someone else's record under this UUID: say nothing about it.
        return RecordResult(
            uuid=uuid,
            status="invalid",
            errors={"uuid": _("This identifier belongs to another record.")},
        )
    if visit.content_hash == record.content_hash:
        return RecordResult(uuid=uuid, status="duplicate", id=visit.pk, version=visit.version)
    base_version = record.data.base_version
    if not repeat and base_version is not None and base_version == visit.version:
        _apply_edit(batch, visit, record)
        return RecordResult(uuid=uuid, status="updated", id=visit.pk, version=visit.version)
    # The visit's row is locked: one copy per content and server version, however often it is
    # resent (the same copy refused again by a newer version is a new conflict to review).
    if not visit.conflicts.filter(
        content_hash=record.content_hash,
        server_version=visit.version,
        resolution=Resolution.OPEN,
    ).exists():
        SyncConflict.objects.create(
            visit=visit,
            payload=record.data.model_dump(mode="json"),
            content_hash=record.content_hash,
            base_version=base_version,
            server_version=visit.version,
            skew_seconds=batch.clock_off,
            sent_by=batch.user,
            received_at=batch.received_at,
        )
    return RecordResult(
        uuid=uuid,
        status="conflict",
        id=visit.pk,
        version=visit.version,
        server=server_copy(visit),
    )


def _visit_fields(batch: _Batch, record: Record, tz: tzinfo) -> dict[str, Any]:
    """The columns a record sets; `tz` is the zone of the visit's day (asked once a batch)."""
    data = record.data
    skew = batch.skew
    visited_at = data.recorded_at + timedelta(seconds=skew)
    return {
        "campaign_id": record.campaign.pk,
        "team_id": record.team.pk,
        "commune_id": record.team.commune_id,
        "hamlet_id": record.hamlet.pk,
        "household": record.household,
        "household_key": fold(record.household)[:60],
        "consent": data.consent,
        "head_name": clean_name(data.head_name) if data.consent else "",
        "head_phone": record.head_phone,
        "people_guided": data.people_guided,
        "visited_at": visited_at,
        "visit_day": visited_at.astimezone(tz).date(),
        "device_time": data.recorded_at,
        "device_sent_at": batch.device_clock,
        "received_at": batch.received_at,
        "skew_seconds": batch.clock_off,
        "content_hash": record.content_hash,
        "updated_at": batch.received_at,
    }


def _services_text(services: list[tuple[int, int, str]], codes: dict[int, str]) -> str:
    return ";".join(f"{codes[sid]}:{people}:{outcome}" for sid, people, outcome in services)


def _apply_edit(batch: _Batch, visit: Visit, record: Record) -> None:
    """An edit made on the server's current version: replace the visit's content."""
    if not Visit.history.filter(id=visit.pk).exists():
        Visit.history.bulk_history_create([visit], default_date=visit.received_at)
    if not visit.excluded:
        tally.subtract([tally.snapshot(visit)])
    fields = _visit_fields(batch, record, timezone.get_current_timezone())
    for name, value in fields.items():
        setattr(visit, name, value)
    visit.version += 1
    visit.services_text = _services_text(record.services, batch.codes)
    visit._change_reason = "sync"
    visit.save()
    visit.services.all().delete()
    VisitService.objects.bulk_create(
        VisitService(visit_id=visit.pk, service_id=sid, people=people, outcome=outcome)
        for sid, people, outcome in record.services
    )
    if not visit.excluded:
        tally.add([tally.snapshot(visit, record.services)])


def own_visits(user):
    """The user's own visits in campaigns not yet closed, newest first, for the field app."""
    return (
        Visit.objects.filter(recorded_by=user, campaign__status=CampaignStatus.OPEN)
        .select_related("hamlet")
        .prefetch_related("services__service")
        .order_by("-visited_at", "-pk")
    )
