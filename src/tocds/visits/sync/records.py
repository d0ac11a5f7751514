"""What a phone sends and what it is told: the record schemas, the results, the content hash and
the server's copy of a visit."""

import hashlib
import json
import uuid as uuid_lib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from tocds.core.schema_errors import message
from tocds.core.text import clean_name
from tocds.visits.models import Outcome, Visit

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


def parse_records(
    records: list[Any],
) -> tuple[list[tuple[int, VisitIn]], dict[int, RecordResult]]:
    """The records that parse, with their place in the batch; and the `invalid` results of the
    others, by their place."""
    parsed: list[tuple[int, VisitIn]] = []
    invalid: dict[int, RecordResult] = {}
    for index, raw in enumerate(records):
        try:
            data = raw if isinstance(raw, VisitIn) else VisitIn.model_validate(raw)
        except PydanticValidationError as exc:
            raw_uuid = raw.get("uuid") if isinstance(raw, dict) else None
            invalid[index] = RecordResult(
                uuid=str(raw_uuid)[:64] if raw_uuid is not None else None,
                status="invalid",
                errors=_error_message(exc),
            )
            continue
        if timezone.is_naive(data.recorded_at):
            data.recorded_at = timezone.make_aware(data.recorded_at)
        parsed.append((index, data))
    return parsed, invalid


def _error_message(exc: PydanticValidationError) -> dict[str, str]:
    """The record's errors by field path, in the active language (the field app shows them)."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "record"
        errors.setdefault(key, message(error))
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
