"""Rankings of a movement: score = Σ weight × measured value + Σ weight × hand points.

Participants are ranked among their own kind (teams among teams, individuals among
individuals …), optionally within one commune; equal scores share a rank (1, 1, 3). Each score
keeps its breakdown: every criterion's raw value, weight and points.

While a movement is a draft or running, its ranking is computed live from the counters
(`measures`), in a fixed number of queries whatever the number of participants. Closing it
writes `Standing` rows (`freeze`); a closed movement's ranking is read from them only, with the
freeze date and the last day counted, so later data never changes it.

`standings_for(team=… | organisation=… | person=…)` gives a participant's places in every
running or closed movement (for the honours app's nominees)."""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from tocds.core.text import fold
from tocds.movements import measures
from tocds.movements.models import (
    CriterionKind,
    ManualScore,
    Movement,
    Participant,
    ParticipantKind,
    Standing,
    Status,
)

TWO = Decimal("0.01")


def digits(value: Decimal | None) -> int:
    """Decimals worth showing: none for a whole number."""
    return 0 if value is None or value == value.to_integral_value() else 2


@dataclass(frozen=True)
class Line:
    """One criterion's part of a score. `value` is the measured value or the hand points; None
    where the criterion does not apply to the participant's kind."""

    criterion_id: int
    name: str
    kind: str
    measure: str
    value: Decimal | None
    weight: Decimal
    points: Decimal

    @property
    def applies(self) -> bool:
        return self.value is not None

    @property
    def value_digits(self) -> int:
        return digits(self.value)

    @property
    def points_digits(self) -> int:
        return digits(self.points)

    def as_json(self) -> dict:
        return {
            "criterion": self.criterion_id,
            "name": self.name,
            "kind": self.kind,
            "measure": self.measure,
            "value": None if self.value is None else str(self.value),
            "weight": str(self.weight),
            "points": str(self.points),
        }

    @classmethod
    def from_json(cls, data: dict) -> "Line":
        value = data.get("value")
        return cls(
            criterion_id=data["criterion"],
            name=data["name"],
            kind=data["kind"],
            measure=data.get("measure", ""),
            value=None if value is None else Decimal(value),
            weight=Decimal(data["weight"]),
            points=Decimal(data["points"]),
        )


@dataclass
class Row:
    participant: Participant
    score: Decimal
    lines: list[Line]
    rank: int = 0
    out_of: int = 0

    @property
    def score_digits(self) -> int:
        return digits(self.score)


@dataclass
class Group:
    kind: str
    label: str
    rows: list[Row]


@dataclass
class Ranking:
    movement: Movement
    frozen: bool
    counted_to: date | None  # the last day counted (None: not started yet)
    frozen_at: datetime | None
    groups: list[Group] = field(default_factory=list)

    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]


def counted_to(movement: Movement, today: date | None = None) -> date:
    """The last day a live ranking counts: today, or the movement's last day once past."""
    today = today or timezone.localdate()
    return min(movement.ends_on, today)


def _area(movement: Movement, day_to: date) -> measures.Area:
    communes = None if movement.whole_province else list(movement.communes.all())
    return measures.Area(
        province_id=movement.province_id,
        province_path=movement.province.path,
        communes=communes,
        day_from=movement.starts_on,
        day_to=day_to,
    )


def _participants(movement: Movement):
    return list(
        Participant.objects.filter(movement=movement).select_related(
            "team", "organisation", "person", "commune"
        )
    )


def rank(rows: list[Row]) -> list[Row]:
    """Order by score (highest first), then name; equal scores share a rank (1, 1, 3)."""
    rows.sort(key=lambda r: (-r.score, fold(r.participant.name)))
    current, previous = 0, None
    for position, row in enumerate(rows, start=1):
        if row.score != previous:
            current, previous = position, row.score
        row.rank = current
        row.out_of = len(rows)
    return rows


def _grouped(rows: list[Row]) -> list[Group]:
    groups = []
    for kind, label in ParticipantKind.choices:
        own = [r for r in rows if r.participant.kind == kind]
        if own:
            groups.append(Group(kind, str(label), rank(own)))
    return groups


def _measured(movement: Movement, day_to: date, keys: list[str], participants: list) -> dict:
    """The measured values of every participant, kept in the cache for
    `RANKING_CACHE_SECONDS` (TOCDS_RANKING_CACHE_SECONDS): officers reloading a ranking, and
    the public leaderboard, read the counters once per interval, not once per view. The key
    names the movement, the last day counted, the participants and the measures, so a change
    of any of them computes afresh; new visits show within the interval."""
    if not participants:
        return {}
    seconds = settings.RANKING_CACHE_SECONDS
    if seconds <= 0:
        return measures.compute(keys, _area(movement, day_to), participants)
    signature = ",".join(str(p.pk) for p in participants) + "|" + ",".join(sorted(keys))
    key = (
        f"movements:values:{movement.pk}:{day_to}:{hashlib.sha256(signature.encode()).hexdigest()}"
    )
    return cache.get_or_set(
        key, lambda: measures.compute(keys, _area(movement, day_to), participants), seconds
    )


def live(movement: Movement, *, today: date | None = None) -> Ranking:
    """The ranking computed now from the counters and the hand scores."""
    day_to = counted_to(movement, today)
    participants = _participants(movement)
    criteria = list(movement.criteria.all())
    keys = [c.measure for c in criteria if c.kind == CriterionKind.MEASURED]
    values = _measured(movement, day_to, keys, participants)
    hand = {
        (criterion_id, participant_id): points
        for criterion_id, participant_id, points in ManualScore.objects.filter(
            criterion__movement=movement
        ).values_list("criterion_id", "participant_id", "points")
    }
    rows = []
    for participant in participants:
        lines = []
        for criterion in criteria:
            if criterion.kind == CriterionKind.MEASURED:
                measure = measures.MEASURES.get(criterion.measure)
                applies = measure is not None and measure.applies(participant.kind)
                value = (
                    Decimal(values.get(criterion.measure, {}).get(participant.pk, 0))
                    if applies
                    else None
                )
            else:
                value = hand.get((criterion.pk, participant.pk), Decimal(0))
            points = (criterion.weight * value).quantize(TWO) if value is not None else Decimal(0)
            lines.append(
                Line(
                    criterion_id=criterion.pk,
                    name=criterion.name,
                    kind=criterion.kind,
                    measure=criterion.measure,
                    value=value,
                    weight=criterion.weight,
                    points=points,
                )
            )
        rows.append(Row(participant, sum((line.points for line in lines), Decimal(0)), lines))
    started = day_to >= movement.starts_on
    return Ranking(movement, False, day_to if started else None, None, _grouped(rows))


def frozen(movement: Movement) -> Ranking:
    """The ranking frozen when the movement closed, read from its `Standing` rows only."""
    standings = list(
        Standing.objects.filter(movement=movement).select_related(
            "participant__team",
            "participant__organisation",
            "participant__person",
            "participant__commune",
        )
    )
    groups = []
    for kind, label in ParticipantKind.choices:
        rows = [
            Row(
                s.participant,
                s.score,
                [Line.from_json(item) for item in s.breakdown],
                rank=s.rank,
                out_of=s.out_of,
            )
            for s in standings
            if s.kind == kind
        ]
        if rows:
            rows.sort(key=lambda r: (r.rank, fold(r.participant.name)))
            groups.append(Group(kind, str(label), rows))
    return Ranking(movement, True, movement.counted_to, movement.closed_at, groups)


def ranking_for(movement: Movement, *, commune=None, today: date | None = None) -> Ranking:
    """A movement's ranking: frozen once closed, live before; within `commune` when given
    (participants of that commune ranked among themselves)."""
    ranking = frozen(movement) if movement.status == Status.CLOSED else live(movement, today=today)
    if commune is not None:
        groups = []
        for group in ranking.groups:
            rows = [r for r in group.rows if r.participant.commune_id == commune.pk]
            if rows:
                groups.append(Group(group.kind, group.label, rank(rows)))
        ranking.groups = groups
    return ranking


def freeze(movement: Movement, *, now: datetime, today: date) -> list[Standing]:
    """Write the movement's ranking as `Standing` rows (called by the closing service)."""
    ranking = live(movement, today=today)
    standings = [
        Standing(
            movement=movement,
            participant=row.participant,
            kind=row.participant.kind,
            rank=row.rank,
            out_of=row.out_of,
            score=row.score,
            breakdown=[line.as_json() for line in row.lines],
            frozen_at=now,
        )
        for row in ranking.rows()
    ]
    return Standing.objects.bulk_create(standings)


# For the honours app ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StandingSummary:
    """A participant's place in one movement."""

    movement: Movement
    kind: str  # ParticipantKind
    rank: int
    out_of: int
    score: Decimal
    frozen: bool  # True: the ranking frozen at close; False: live, as of today
    as_of: date | None  # the last day counted


def standings_for(*, team=None, organisation=None, person=None) -> list[StandingSummary]:
    """The places of a team, an organisation (or school) or a person in every running or
    closed movement they take part in, newest movement first. Pass exactly one of them."""
    given = [
        (k, v) for k, v in (("team", team), ("organisation", organisation), ("person", person))
    ]
    chosen = [(k, v) for k, v in given if v is not None]
    if len(chosen) != 1:
        raise TypeError("standings_for takes exactly one of team=, organisation=, person=")
    key, value = chosen[0]
    participants = (
        Participant.objects.filter(**{key: value})
        .filter(movement__status__in=[Status.RUNNING, Status.CLOSED])
        .select_related("movement", "movement__province")
        .order_by("-movement__starts_on", "movement__name")
    )
    found = []
    for participant in participants:
        movement = participant.movement
        ranking = frozen(movement) if movement.is_closed else live(movement)
        row = next((r for r in ranking.rows() if r.participant.pk == participant.pk), None)
        if row is None:
            continue
        found.append(
            StandingSummary(
                movement=movement,
                kind=participant.kind,
                rank=row.rank,
                out_of=row.out_of,
                score=row.score,
                frozen=ranking.frozen,
                as_of=ranking.counted_to,
            )
        )
    return found
