from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from tocds.visits.sync import MAX_BATCH, VisitIn

# Text inputs may hold anything but NUL, which no text field can store (see
# core.middleware.RejectNulBytesMiddleware, which answers 400 to it).
TEXT = r"^[^\u0000]*$"


class TokenIn(Schema):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(pattern=TEXT, description="a username or a phone number")
    password: str = Field(pattern=TEXT)


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"  # noqa: S105 (a scheme name, not a secret)
    expires_at: datetime


class ErrorOut(Schema):
    detail: str


class PlaceOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None
    valid_from: date | None
    valid_to: date | None
    successor_codes: list[str]

    @staticmethod
    def resolve_parent_code(place) -> str | None:
        return place.parent.code if place.parent_id else None

    @staticmethod
    def resolve_successor_codes(place) -> list[str]:
        return [s.code for s in place.successors.all()]


class TeamOut(Schema):
    id: int
    name: str
    status: str
    place_code: str
    place_name: str
    commune_code: str | None
    decision_number: str
    decision_date: date | None
    member_count: int

    @staticmethod
    def resolve_place_code(team) -> str:
        return team.place.code

    @staticmethod
    def resolve_place_name(team) -> str:
        return team.place.name

    @staticmethod
    def resolve_commune_code(team) -> str | None:
        return team.place.commune.code if team.place.commune_id else None


class MemberOut(Schema):
    membership_id: int
    full_name: str
    phone: str  # masked unless the caller's role needs the number
    gender: str
    birth_year: int | None
    role: str
    affiliations: list[str]
    enterprise: str | None
    joined_on: date


class TeamDetailOut(TeamOut):
    members: list[MemberOut]


class ServiceOut(Schema):
    code: str
    name: str
    skill: str
    description: str


class AssignmentOut(Schema):
    id: int
    campaign_id: int
    campaign_name: str
    team_id: int
    hamlet_code: str
    hamlet_name: str
    starts_on: date
    ends_on: date

    @staticmethod
    def resolve_campaign_name(assignment) -> str:
        return assignment.plan.campaign.name

    @staticmethod
    def resolve_campaign_id(assignment) -> int:
        return assignment.plan.campaign_id

    @staticmethod
    def resolve_hamlet_code(assignment) -> str:
        return assignment.hamlet.code

    @staticmethod
    def resolve_hamlet_name(assignment) -> str:
        return assignment.hamlet.name


class HamletOut(Schema):
    code: str
    name: str
    kind: str
    commune_code: str

    @staticmethod
    def resolve_commune_code(place) -> str:
        return place.commune.code


# Plain pydantic: ninja's Schema validates through its attribute getter, which for a batch of
# 500 visits costs several times the validation itself.
class SyncIn(BaseModel):
    device_clock: datetime | None = Field(
        None, description="The phone's clock when it sent the batch, to correct its skew."
    )
    # A record that does not fit `VisitIn` is still taken (as an object) and answered
    # `invalid` on its own: one bad record never fails the batch.
    visits: list[Annotated[VisitIn | Any, Field(union_mode="left_to_right")]] = Field(
        max_length=MAX_BATCH
    )


# Plain pydantic models read from the sync service's dataclasses: ninja's Schema would wrap
# each of up to 500 results in its attribute getter, which costs more than the insert.
class RecordResultOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    uuid: str | None = Field(description="The record's UUID as sent.")
    status: Literal["created", "updated", "duplicate", "conflict", "invalid"]
    id: int | None = Field(None, description="The visit's id on the server.")
    version: int | None = Field(None, description="The server's version after this request.")
    errors: dict[str, str] = Field(default_factory=dict)
    server: dict[str, Any] | None = Field(
        None, description="For a conflict: the server's copy, which was kept."
    )


class SyncOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    received_at: datetime
    skew_seconds: int = Field(description="Server time minus the phone's clock, in seconds.")
    results: list[RecordResultOut]


class FieldVisitOut(Schema):
    id: int
    uuid: str
    version: int
    campaign_id: int
    team_id: int
    hamlet_code: str
    household: str
    # The caller's own records: name and phone come back only where the head of household
    # consented, so an edit made on another phone does not erase them.
    consent: bool
    head_name: str
    head_phone: str
    people_guided: int
    recorded_at: datetime
    services: list[dict[str, Any]]
    excluded: bool

    @staticmethod
    def resolve_uuid(visit) -> str:
        return str(visit.uuid)

    @staticmethod
    def resolve_hamlet_code(visit) -> str:
        return visit.hamlet.code

    @staticmethod
    def resolve_recorded_at(visit) -> datetime:
        return visit.device_time

    @staticmethod
    def resolve_services(visit) -> list[dict[str, Any]]:
        return [
            {"code": s.service.code, "people": s.people, "outcome": s.outcome}
            for s in visit.services.all()
        ]


# Training ---------------------------------------------------------------------------------


class TrainingSessionOut(Schema):
    id: int
    course_id: int
    course_title: str
    title: str
    organised_at_code: str
    organised_at_name: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    online_url: str
    audience: str
    capacity: int
    enrolled: int
    places_left: int
    cancelled: bool

    @staticmethod
    def resolve_course_title(session) -> str:
        return session.course.title

    @staticmethod
    def resolve_title(session) -> str:
        return str(session)

    @staticmethod
    def resolve_organised_at_code(session) -> str:
        return session.course.place.code

    @staticmethod
    def resolve_organised_at_name(session) -> str:
        return session.course.place.name

    @staticmethod
    def resolve_enrolled(session) -> int:
        return session.enrolled_count


class EnrolIn(Schema):
    model_config = ConfigDict(extra="forbid")

    membership_id: int | None = Field(
        None,
        ge=1,
        le=2**62,
        description="A team member to enrol (course managers); leave out to enrol yourself.",
    )


class EnrolmentOut(Schema):
    id: int
    session_id: int
    full_name: str
    audience: str
    status: str
    source: str
    places_left: int

    @staticmethod
    def resolve_full_name(enrolment) -> str:
        return enrolment.person.full_name

    @staticmethod
    def resolve_places_left(enrolment) -> int:
        return enrolment.session.places_left


class CheckInIn(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(max_length=500, pattern=TEXT, description="the code read from the QR code")


class CheckInOut(Schema):
    ok: bool
    kind: str = Field(
        description="present | already | invalid | wrong_session | not_open | expired | "
        "replayed | not_enrolled | no_person | cancelled"
    )
    detail: str


class NominationOut(Schema):
    """A nomination for honours as the user's office sees it (no personal data beyond the
    nominee's name, which the honour itself makes public)."""

    id: int
    round_id: int
    round_name: str
    form: str
    kind: str
    nominee: str
    unit: str
    commune_code: str | None
    status: str
    decision_number: str
    decision_date: date | None

    @staticmethod
    def resolve_round_name(nomination) -> str:
        return nomination.round.name

    @staticmethod
    def resolve_form(nomination) -> str:
        return nomination.form.name

    @staticmethod
    def resolve_unit(nomination) -> str:
        return nomination.unit_name

    @staticmethod
    def resolve_commune_code(nomination) -> str | None:
        return nomination.commune.code if nomination.commune_id else None


# Emulation movements (D5.2) ---------------------------------------------------------------------


class MovementOut(Schema):
    id: int
    name: str
    organiser: str
    status: str
    starts_on: date
    ends_on: date
    province_code: str
    commune_codes: list[str]  # empty: the whole province
    counted_to: date | None
    closed_at: datetime | None

    @staticmethod
    def resolve_organiser(movement) -> str:
        return movement.organiser.name

    @staticmethod
    def resolve_province_code(movement) -> str:
        return movement.province.code

    @staticmethod
    def resolve_commune_codes(movement) -> list[str]:
        return sorted(c.code for c in movement.communes.all())


class RankingLineOut(Schema):
    criterion_id: int
    name: str
    kind: str
    measure: str
    value: float | None  # None: the criterion does not apply to this kind of participant
    weight: float
    points: float


class RankingRowOut(Schema):
    participant_id: int
    kind: str
    name: str
    commune_code: str | None
    rank: int
    out_of: int
    score: float
    lines: list[RankingLineOut]


class RankingOut(Schema):
    movement_id: int
    frozen: bool
    frozen_at: datetime | None
    counted_to: date | None
    rows: list[RankingRowOut]


class OutreachItemOut(Schema):
    """An item of the communication log (no personal data; the file is served by the page)."""

    id: int
    kind: str
    title: str
    summary: str
    published_on: date
    outlet: str
    place_code: str
    language: str
    link: str
    has_file: bool
    reach: int | None
    reach_unit: str
    campaign_id: int | None
    event_id: int | None
    is_public: bool
    published_at: datetime | None

    @staticmethod
    def resolve_outlet(item) -> str:
        return item.outlet.name

    @staticmethod
    def resolve_place_code(item) -> str:
        return item.place.code

    @staticmethod
    def resolve_language(item) -> str:
        return item.language.code

    @staticmethod
    def resolve_has_file(item) -> bool:
        return bool(item.file)


# Partners (D7.2) --------------------------------------------------------------------------------


class RedemptionOut(Schema):
    """What an enterprise's system needs to honour a member's code: the offer, the validity
    and the holder's full name for an ID check (no phone, no other member data)."""

    code: str
    status: str  # open, used, expired, left (the holder is no longer a member)
    usable: bool
    offer_id: int
    offer: str
    price: str
    enterprise: str
    holder_name: str
    claimed_at: datetime
    expires_at: datetime
    used_at: datetime | None
