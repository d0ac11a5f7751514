"""The sync protocol of RELIABILITY.md, server side: one batch of visits from a phone.

- Every record carries the UUID the phone gave it; the database's unique constraint on it, with
  INSERT … ON CONFLICT DO NOTHING, decides which request created a row (never check-then-insert).
- Each record gets its own result: `created`, `updated` (an edit based on the server's version),
  `duplicate` (same content already stored: the original id), `conflict` (different content, or
  an edit based on a stale version: kept for review, the server's copy returned) or `invalid`.
  One bad record never fails the others.
- The phone's clock at sending is compared with the server's; visit times are corrected by the
  difference, which is stored with the device time, and flagged when large.
"""

import hashlib
import json
import operator
import uuid as uuid_lib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from types import SimpleNamespace
from typing import Annotated, Any, Literal, NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from tocds.campaigns.models import Campaign, CampaignStatus
from tocds.core.sql import fetch, marks, run_many
from tocds.core.text import clean_name, fold
from tocds.people.phones import normalise_phone
from tocds.people.scoping import Perm, Scope, scope_for
from tocds.places.models import Level
from tocds.teams.models import TeamStatus
from tocds.visits import quality, tally
from tocds.visits.models import Outcome, Resolution, SyncConflict, Visit, VisitService

MAX_BATCH = 500
MAX_PEOPLE = 99  # per visit: more is refused as a typing error
MAX_SERVICES = 30
# A phone whose clock was reset (to 1970, say) still has its visits corrected; times outside
# these bounds are typing or software errors, and would overflow the date arithmetic.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
# A phone clock further off than the skew column holds (about 68 years: a clock reset to 1970
# is still corrected until 2038) is no clock at all.
MAX_SKEW = timedelta(seconds=2**31 - 1)

NO_NUL = r"^[^\u0000]*$"  # no text column can hold a NUL character

Status = Literal["created", "updated", "duplicate", "conflict", "invalid"]


class ServiceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    people: int = Field(ge=1, le=MAX_PEOPLE)
    outcome: Outcome


def _plausible_time(value: datetime) -> datetime:
    if not EARLIEST <= value.replace(tzinfo=value.tzinfo or UTC) < LATEST:
        raise PydanticCustomError("implausible_time", _("The date must lie between 1970 and 2099."))
    return value


class VisitIn(BaseModel):
    """One visit as the field app sends it: the whole record, also for an edit."""

    model_config = ConfigDict(extra="forbid")

    uuid: uuid_lib.UUID
    base_version: int | None = Field(
        None, ge=1, description="For an edit: the server version the edit was made on."
    )
    campaign_id: int = Field(ge=1, le=2**31 - 1)
    team_id: int = Field(ge=1, le=2**31 - 1)
    hamlet_code: str = Field(min_length=1, max_length=32, pattern=NO_NUL)
    household: str = Field(
        min_length=1, max_length=60, pattern=NO_NUL, description="House number or label."
    )
    consent: bool = Field(
        False, description="The head of household agreed to their name and phone being kept."
    )
    head_name: str = Field("", max_length=100, pattern=NO_NUL)
    head_phone: str = Field("", max_length=20, pattern=NO_NUL)
    people_guided: int = Field(ge=0, le=MAX_PEOPLE)
    recorded_at: Annotated[datetime, AfterValidator(_plausible_time)] = Field(
        description="The phone's clock when the visit was recorded (1970–2099)."
    )
    services: list[ServiceIn] = Field(default_factory=list, max_length=MAX_SERVICES)


@dataclass
class RecordResult:
    uuid: str | None
    status: Status
    id: int | None = None
    version: int | None = None
    errors: dict[str, str] = field(default_factory=dict)
    server: dict[str, Any] | None = None


@dataclass
class BatchResult:
    received_at: datetime
    skew_seconds: int
    results: list[RecordResult]

    def as_data(self) -> dict[str, Any]:
        """The batch's answer as plain data, in the shape of the API's `SyncOut`."""
        return {
            "received_at": self.received_at,
            "skew_seconds": self.skew_seconds,
            "results": [
                {
                    "uuid": r.uuid,
                    "status": r.status,
                    "id": r.id,
                    "version": r.version,
                    "errors": r.errors,
                    "server": r.server,
                }
                for r in self.results
            ],
        }


class _Team(NamedTuple):
    pk: int
    commune_id: int
    path: str  # of the team's place, for the scope check


class _Campaign(NamedTuple):
    pk: int
    whole_province: bool
    province_path: str
    starts_on: date
    ends_on: date


class _Hamlet(NamedTuple):
    pk: int
    commune_id: int


@dataclass
class _Record:
    """A valid record, resolved against the database."""

    index: int
    key: str  # the UUID's 32 hex digits: a cheaper dictionary key than the UUID itself
    data: VisitIn
    team: _Team
    campaign: _Campaign
    hamlet: _Hamlet
    head_phone: str
    household: str
    services: list[tuple[int, int, str]]  # (service id, people, outcome), sorted
    content_hash: str


def _error_message(exc: PydanticValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "record"
        errors.setdefault(key, error["msg"])
    return errors


def content_hash(data: VisitIn, household: str, head_phone: str) -> str:
    """The record's content, canonical: the same visit sent twice hashes the same."""
    return _hash(
        campaign=data.campaign_id,
        team=data.team_id,
        hamlet=data.hamlet_code,
        household=household,
        consent=data.consent,
        head_name=clean_name(data.head_name) if data.consent else "",
        head_phone=head_phone,
        people=data.people_guided,
        recorded_at=data.recorded_at,
        services=[(s.code, s.people, s.outcome.value) for s in data.services],
    )


def stored_hash(visit: Visit) -> str:
    """The hash of a visit as the server holds it now (after an officer's correction, say),
    so that a phone resending its older content is told `conflict`, not `duplicate`."""
    return _hash(
        campaign=visit.campaign_id,
        team=visit.team_id,
        hamlet=visit.hamlet.code,
        household=visit.household,
        consent=visit.consent,
        head_name=visit.head_name,
        head_phone=visit.head_phone,
        people=visit.people_guided,
        recorded_at=visit.device_time,
        services=list(visit.services.values_list("service__code", "people", "outcome")),
    )


def _hash(
    *,
    campaign: int,
    team: int,
    hamlet: str,
    household: str,
    consent: bool,
    head_name: str,
    head_phone: str,
    people: int,
    recorded_at: datetime,
    services: list[tuple[str, int, str]],
) -> str:
    """SHA-256 of the content as `json.dumps(..., sort_keys=True)` writes it (the stored hashes
    were made so), written out by hand: json.dumps costs more than the rest of the record."""
    q = _json_string
    listed = ", ".join(
        f"[{q(code)}, {int(n)}, {q(outcome)}]" for code, n, outcome in sorted(services)
    )
    at = recorded_at.astimezone(UTC).isoformat(timespec="seconds")
    text = (
        f'{{"campaign": {int(campaign)}, "consent": {"true" if consent else "false"}, '
        f'"hamlet": {q(hamlet)}, "head_name": {q(head_name)}, "head_phone": {q(head_phone)}, '
        f'"household": {q(household)}, "people": {int(people)}, "recorded_at": {q(at)}, '
        f'"services": [{listed}], "team": {int(team)}}}'
    )
    return hashlib.sha256(text.encode()).hexdigest()


_json_string = json.encoder.encode_basestring_ascii  # a JSON string literal, as json.dumps writes


def _services_text(services: list[tuple[int, int, str]], codes: dict[int, str]) -> str:
    return ";".join(f"{codes[sid]}:{people}:{outcome}" for sid, people, outcome in services)


def sync_visits(
    user, records: list[Any], device_clock: datetime | None, *, now: datetime | None = None
) -> BatchResult:
    """Store a batch of visits from `user`'s phone and answer record by record."""
    if len(records) > MAX_BATCH:
        raise ValueError(f"at most {MAX_BATCH} records per batch")
    received_at = now or timezone.now()
    skew = 0
    if device_clock is not None:
        if timezone.is_naive(device_clock):
            device_clock = timezone.make_aware(device_clock)
        if abs(received_at - device_clock) > MAX_SKEW:
            device_clock = None  # not a clock: the visits keep their own times
        else:
            skew = round((received_at - device_clock).total_seconds())
    results: list[RecordResult | None] = [None] * len(records)
    parsed: list[tuple[int, VisitIn]] = []
    for index, raw in enumerate(records):
        try:
            data = raw if isinstance(raw, VisitIn) else VisitIn.model_validate(raw)
        except PydanticValidationError as exc:
            raw_uuid = raw.get("uuid") if isinstance(raw, dict) else None
            results[index] = RecordResult(
                uuid=str(raw_uuid)[:64] if raw_uuid is not None else None,
                status="invalid",
                errors=_error_message(exc),
            )
            continue
        if timezone.is_naive(data.recorded_at):
            data.recorded_at = timezone.make_aware(data.recorded_at)
        parsed.append((index, data))

    # The whole catalogue (a few dozen rows): `_resolve` checks codes, `_store` writes them.
    catalogue = fetch('SELECT id, code FROM "campaigns_service"') if parsed else []
    scope = scope_for(user, Perm.RECORD_VISITS)
    resolved = _resolve(scope, parsed, results, catalogue)
    if resolved:
        _store(user, scope, resolved, results, received_at, skew, device_clock, dict(catalogue))
    return BatchResult(
        received_at=received_at,
        skew_seconds=skew,
        results=[r for r in results if r is not None],
    )


def _resolve(
    scope: Scope,
    parsed: list[tuple[int, VisitIn]],
    results: list[RecordResult | None],
    catalogue: list[tuple[int, str]],
) -> list[_Record]:
    """Check every record against the database in a few queries; mark the bad ones invalid."""
    if not parsed:
        return []
    teams = _active_teams({d.team_id for _, d in parsed})
    campaigns = _opened_campaigns({d.campaign_id for _, d in parsed})
    chosen = set()
    if any(not c.whole_province for c in campaigns.values()):
        chosen = _chosen_communes(list(campaigns))
    hamlets = _hamlets({d.hamlet_code for _, d in parsed})
    services = {code: pk for pk, code in catalogue}
    resolved: list[_Record] = []
    for index, data in parsed:
        errors: dict[str, str] = {}
        team = teams.get(data.team_id)
        if team is None or not scope.covers_team_at(team.pk, team.path):
            errors["team_id"] = _("You cannot record visits for this team.")
        commune_id = team.commune_id if team else None
        campaign = campaigns.get(data.campaign_id)
        if campaign is None:
            errors["campaign_id"] = _("No such campaign, or it has not been opened.")
        elif team is not None and not _campaign_covers(campaign, team, chosen):
            errors["campaign_id"] = _("This campaign does not cover the team's commune.")
        hamlet = hamlets.get(data.hamlet_code)
        if hamlet is None or (commune_id is not None and hamlet.commune_id != commune_id):
            errors["hamlet_code"] = _("No such hamlet in the team's commune.")
        household = clean_name(data.household)
        if not household:
            errors["household"] = _("Enter the house number or a short label.")
        head_phone = ""
        if not data.consent and (data.head_name.strip() or data.head_phone.strip()):
            errors["consent"] = _("Name and phone may be kept only with the person's consent.")
        elif data.consent and data.head_phone.strip():
            try:
                head_phone = normalise_phone(data.head_phone)
            except ValidationError as exc:
                errors["head_phone"] = exc.messages[0]
        codes = [s.code for s in data.services]
        if len(set(codes)) != len(codes):
            errors["services"] = _("A service is listed twice.")
        unknown = [code for code in codes if code not in services]
        if unknown:
            errors["services"] = _("Unknown service: %(code)s") % {"code": unknown[0]}
        if errors:
            results[index] = RecordResult(uuid=str(data.uuid), status="invalid", errors=errors)
            continue
        resolved.append(
            _Record(
                index=index,
                key=data.uuid.hex,
                data=data,
                team=team,
                campaign=campaign,
                hamlet=hamlet,
                head_phone=head_phone,
                household=household,
                services=sorted(
                    (services[s.code], s.people, s.outcome.value) for s in data.services
                ),
                content_hash=content_hash(data, household, head_phone),
            )
        )
    return resolved


def _campaign_covers(campaign: _Campaign, team: _Team, chosen: set[tuple[int, int]]) -> bool:
    if campaign.whole_province:
        return team.path.startswith(campaign.province_path)
    return (campaign.pk, team.commune_id) in chosen


# The lookups of every batch, in plain SQL (see `tocds.core.sql`).


def _active_teams(ids: set[int]) -> dict[int, _Team]:
    rows = fetch(
        'SELECT t.id, p.commune_id, p.path FROM "teams_team" t '  # noqa: S608 (placeholders only)
        'JOIN "places_place" p ON p.id = t.place_id '
        f"WHERE t.id IN ({marks(ids)}) AND t.status = %s",
        [*ids, TeamStatus.ACTIVE.value],
    )
    return {row[0]: _Team(*row) for row in rows}


def _opened_campaigns(ids: set[int]) -> dict[int, _Campaign]:
    """Campaigns that have been opened (an open or a closed one still takes late visits)."""
    rows = fetch(
        "SELECT c.id, c.whole_province, p.path, c.starts_on, c.ends_on "  # noqa: S608
        'FROM "campaigns_campaign" c JOIN "places_place" p ON p.id = c.province_id '
        f"WHERE c.id IN ({marks(ids)}) AND c.status <> %s",
        [*ids, CampaignStatus.DRAFT.value],
    )
    return {row[0]: _Campaign(row[0], bool(row[1]), *row[2:]) for row in rows}


def _chosen_communes(campaign_ids: list[int]) -> set[tuple[int, int]]:
    """(campaign, commune) of the campaigns that cover chosen communes only."""
    table = Campaign.communes.through._meta.db_table
    return set(
        fetch(
            f'SELECT campaign_id, place_id FROM "{table}" '  # noqa: S608
            f"WHERE campaign_id IN ({marks(campaign_ids)})",
            campaign_ids,
        )
    )


def _hamlets(codes: set[str]) -> dict[str, _Hamlet]:
    """Hamlets by code; where a closed hamlet shares its code with a current one, the current
    one (sorted last, whatever the database's NULL order)."""
    rows = fetch(
        'SELECT code, id, commune_id FROM "places_place" '  # noqa: S608
        f"WHERE level = %s AND code IN ({marks(codes)}) "
        "ORDER BY valid_to IS NULL, valid_to",
        [Level.HAMLET.value, *codes],
    )
    return {code: _Hamlet(pk, commune_id) for code, pk, commune_id in rows}


def _visit_fields(
    record: _Record, received_at: datetime, skew: int, device_clock: datetime | None, tz
) -> dict[str, Any]:
    """The columns a record sets; `tz` is the zone of the visit's day (asked once a batch)."""
    data = record.data
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
        "device_sent_at": device_clock,
        "received_at": received_at,
        "skew_seconds": skew,
        "content_hash": record.content_hash,
        "updated_at": received_at,
    }


def _store(
    user,
    scope: Scope,
    records: list[_Record],
    results: list[RecordResult | None],
    received_at: datetime,
    skew: int,
    device_clock: datetime | None,
    codes: dict[int, str],
) -> None:
    ingest_id = uuid_lib.uuid4()
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        first: dict[str, _Record] = {}
        for record in records:
            first.setdefault(record.key, record)
        # New rows as plain attribute bags: building 500 model instances costs more than
        # storing them. Quality checks and tallies read the same attributes.
        fresh = {
            key: SimpleNamespace(
                pk=None,
                uuid=record.data.uuid,
                campaign=record.campaign,
                recorded_by_id=user.pk,
                version=(record.data.base_version or 0) + 1,
                ingest_id=ingest_id,
                services_text=_services_text(record.services, codes),
                excluded=False,
                **_visit_fields(record, received_at, skew, device_clock, tz),
            )
            for key, record in first.items()
        }
        # In UUID order (the hex digits sort as the UUIDs do), so parallel batches lock alike.
        inserted = _insert_new([fresh[key] for key in sorted(fresh)])
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
        created: list[tuple[Visit, _Record]] = []
        updated: list[Visit] = []
        for record in records:
            key = record.key
            new = key in inserted
            pk = inserted[key] if new else existing[key].pk
            result = RecordResult(uuid=str(record.data.uuid), status="duplicate", id=pk)
            results[record.index] = result
            repeat = new and first[key] is not record
            if new:
                visit = fresh[key]
                visit.pk = pk
                if first[key] is record:
                    result.status = "created"
                    created.append((visit, record))
                    result.version = visit.version
                    continue
                # The same UUID twice in one batch: compare with the row just created (its
                # counters are added below, so a different copy is a conflict, never an edit).
                visit = Visit.objects.select_related("team__place", "campaign", "hamlet").get(pk=pk)
            else:
                visit = existing[key]
            if not scope.covers_team(visit.team):
                # Someone else's record under this UUID: say nothing about it.
                result.status, result.id = "invalid", None
                result.errors = {"uuid": _("This identifier belongs to another record.")}
                continue
            if visit.content_hash == record.content_hash:
                result.status = "duplicate"
            elif (
                not repeat
                and record.data.base_version is not None
                and record.data.base_version == visit.version
            ):
                _apply_edit(visit, record, received_at, skew, device_clock, codes)
                updated.append(visit)
                result.status = "updated"
            else:
                # The visit's row is locked: one copy per content and server version, however
                # often it is resent (the same copy refused again by a newer version is a new
                # conflict to review).
                if not visit.conflicts.filter(
                    content_hash=record.content_hash,
                    server_version=visit.version,
                    resolution=Resolution.OPEN,
                ).exists():
                    SyncConflict.objects.create(
                        visit=visit,
                        payload=record.data.model_dump(mode="json"),
                        content_hash=record.content_hash,
                        base_version=record.data.base_version,
                        server_version=visit.version,
                        skew_seconds=skew,
                        sent_by=user,
                        received_at=received_at,
                    )
                result.status = "conflict"
                result.server = server_copy(visit)
            result.version = visit.version
        _insert_services(
            (visit.pk, sid, people, outcome)
            for visit, record in created
            for sid, people, outcome in record.services
        )
        tally.add(tally.snapshot(visit, record.services) for visit, record in created)
        quality.check([visit for visit, _ in created], new=True)
        quality.check(updated)


# Columns written by a sync insert: every concrete field but the primary key.
_VISIT_FIELDS = [f for f in Visit._meta.concrete_fields if not f.primary_key]


def _insert_new(visits: list[SimpleNamespace]) -> dict[str, int]:
    """INSERT … ON CONFLICT (uuid) DO NOTHING RETURNING id, uuid in one statement: the unique
    UUID decides which request creates a row, and the database says which rows it created
    (those whose UUID is already stored are not returned). Values are adapted per column type
    only (the ORM's bulk_create spends more on preparing 500 × 28 values than the database on
    storing them). Returns {uuid's hex digits: id} of the rows created."""
    if not visits:
        return {}
    ops = connection.ops
    adapt_at = []  # (column index, adapter) of the columns the driver cannot take as they are
    moment = _memo(ops.adapt_datetimefield_value)  # one for every time column: they share values
    for index, f in enumerate(_VISIT_FIELDS):
        if isinstance(f, models.UUIDField):
            if not connection.features.has_native_uuid_field:
                adapt_at.append((index, _uuid_hex))
        elif isinstance(f, models.DateTimeField):
            adapt_at.append((index, moment))
        elif isinstance(f, models.DateField):
            adapt_at.append((index, ops.adapt_datefield_value))
    values_of = _VISIT_VALUES  # every column of a row in one C call
    params = []
    for visit in visits:
        row = list(values_of(visit))
        for index, adapt in adapt_at:
            row[index] = adapt(row[index])
        params.extend(row)
    rows = fetch(_insert_sql(len(visits)), params)
    if connection.features.has_native_uuid_field:
        return {key.hex: pk for pk, key in rows}
    return {key: pk for pk, key in rows}  # SQLite returns the hex digits


_VISIT_VALUES = operator.attrgetter(*(f.attname for f in _VISIT_FIELDS))


def _uuid_hex(value: uuid_lib.UUID | None) -> str | None:
    """A UUID as Django stores it where the database has no UUID type (32 hex digits)."""
    return None if value is None else value.hex


@lru_cache(maxsize=8)
def _insert_sql(rows: int) -> str:
    ops = connection.ops
    table = ops.quote_name(Visit._meta.db_table)
    columns = ", ".join(ops.quote_name(f.column) for f in _VISIT_FIELDS)
    row = f"({', '.join(['%s'] * len(_VISIT_FIELDS))})"
    return (
        f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * rows)} "  # noqa: S608
        "ON CONFLICT (uuid) DO NOTHING RETURNING id, uuid"
    )


def _memo(adapt):
    """An adapter that converts each distinct value once (a batch shares its receive time; a
    visit's corrected time is its device time when the clock was right)."""
    seen: dict = {}

    def adapted(value):
        if value not in seen:
            seen[value] = adapt(value)
        return seen[value]

    return adapted


def _insert_services(rows) -> None:
    rows = list(rows)
    if not rows:
        return
    table = connection.ops.quote_name(VisitService._meta.db_table)
    run_many(
        f"INSERT INTO {table} (visit_id, service_id, people, outcome) "  # noqa: S608
        "VALUES (%s, %s, %s, %s)",
        rows,
    )


def _apply_edit(
    visit: Visit,
    record: _Record,
    received_at: datetime,
    skew: int,
    device_clock: datetime | None,
    codes: dict[int, str],
) -> None:
    """An edit made on the server's current version: replace the visit's content."""
    if not Visit.history.filter(id=visit.pk).exists():
        Visit.history.bulk_history_create([visit], default_date=visit.received_at)
    if not visit.excluded:
        tally.subtract([tally.snapshot(visit)])
    fields = _visit_fields(record, received_at, skew, device_clock, timezone.get_current_timezone())
    for name, value in fields.items():
        setattr(visit, name, value)
    visit.version += 1
    visit.services_text = _services_text(record.services, codes)
    visit._change_reason = "sync"
    visit.save()
    visit.services.all().delete()
    VisitService.objects.bulk_create(
        VisitService(visit_id=visit.pk, service_id=sid, people=people, outcome=outcome)
        for sid, people, outcome in record.services
    )
    if not visit.excluded:
        tally.add([tally.snapshot(visit, record.services)])


def server_copy(visit: Visit) -> dict[str, Any]:
    """The server's version of a visit, in the shape the phone sends it."""
    return {
        "uuid": str(visit.uuid),
        "version": visit.version,
        "campaign_id": visit.campaign_id,
        "team_id": visit.team_id,
        "hamlet_code": visit.hamlet.code,
        "household": visit.household,
        "consent": visit.consent,
        "head_name": visit.head_name,
        "head_phone": visit.head_phone,
        "people_guided": visit.people_guided,
        "recorded_at": visit.device_time.isoformat(),
        "services": [
            {"code": s.service.code, "people": s.people, "outcome": s.outcome}
            for s in visit.services.select_related("service").order_by("service__code")
        ],
        "excluded": visit.excluded,
    }


def own_visits(user):
    """The user's own visits in campaigns not yet closed, newest first, for the field app."""
    return (
        Visit.objects.filter(recorded_by=user, campaign__status=CampaignStatus.OPEN)
        .select_related("hamlet")
        .prefetch_related("services__service")
        .order_by("-visited_at", "-pk")
    )
