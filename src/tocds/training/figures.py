"""Training figures for dashboards and reports (and, later, the directive tracker).

Definitions, for an area (a province or a commune: courses organised there or below) and a
period (session start dates, inclusive, in local time):
- sessions held: sessions not cancelled that have started;
- enrolments: active enrolments in those sessions; attended: those marked present;
- attendance rate: attended ÷ enrolments;
- people trained: distinct people present at least once; by audience: distinct people per
  audience they were counted as; by topic: distinct people per topic of the course attended;
- completion rate: of the (course, person) pairs with an enrolment in a session held, the share
  with a completion that is not revoked;
- rating: the mean of the 1–5 ratings given in those sessions, and how many there are;
- elsewhere: distinct people recorded as taking part in a programme held elsewhere (D4.2) for
  places of the area in the period, by audience.

Every function reads a fixed number of queries whatever the size, and groups in Python.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.training.models import (
    TARGET_FIELDS,
    Audience,
    Completion,
    CourseTopic,
    Enrolment,
    ExternalParticipation,
    Session,
    Topic,
    TrainingPlan,
)


@dataclass
class Figures:
    sessions_held: int = 0
    enrolments: int = 0
    attended: int = 0
    people_trained: int = 0
    by_audience: dict[str, int] = field(default_factory=dict)
    by_topic: dict[str, int] = field(default_factory=dict)
    pairs: int = 0
    completed: int = 0
    ratings: int = 0
    rating_sum: int = 0
    elsewhere: int = 0
    elsewhere_by_audience: dict[str, int] = field(default_factory=dict)

    @property
    def attendance_rate(self) -> float | None:
        return self.attended / self.enrolments if self.enrolments else None

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.pairs if self.pairs else None

    @property
    def average_rating(self) -> float | None:
        return self.rating_sum / self.ratings if self.ratings else None

    def audience_rows(self) -> list[tuple[str, str, int, int]]:
        return [
            (
                value,
                str(label),
                self.by_audience.get(value, 0),
                self.elsewhere_by_audience.get(value, 0),
            )
            for value, label in Audience.choices
        ]

    def topic_rows(self) -> list[tuple[str, str, int]]:
        return [(v, str(label), self.by_topic.get(v, 0)) for v, label in Topic.choices]


def period_bounds(starts_on: date, ends_on: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(starts_on, time.min, tzinfo=tz)
    end = datetime.combine(ends_on + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


@dataclass
class _Data:
    sessions: list[tuple[int, str]]  # (session id, course place path)
    rows: list[tuple]  # (session id, person, audience, attended, rating, course id, place path)
    topics: dict[int, list[str]]
    completed: set[tuple[int, int]]
    elsewhere: list[tuple[int, str, str]]  # (person, audience, place path)


def _load(area: Place, starts_on: date, ends_on: date, now: datetime | None) -> _Data:
    start, end = period_bounds(starts_on, ends_on)
    now = now or timezone.now()
    held = Session.objects.filter(
        tree.within(area, "course__place__path"),
        cancelled=False,
        starts_at__gte=start,
        starts_at__lt=end,
        starts_at__lte=now,
    )
    sessions = list(held.values_list("pk", "course__place__path"))
    rows = list(
        Enrolment.objects.active()
        .filter(session__in=held)
        .values_list(
            "session_id",
            "person_id",
            "audience",
            "attended",
            "rating",
            "session__course_id",
            "session__course__place__path",
        )
    )
    course_ids = {r[5] for r in rows}
    topics: dict[int, list[str]] = defaultdict(list)
    for course_id, topic in CourseTopic.objects.filter(course_id__in=course_ids).values_list(
        "course_id", "topic"
    ):
        topics[course_id].append(topic)
    completed = set(
        Completion.objects.filter(
            course_id__in=course_ids,
            person_id__in={r[1] for r in rows},
            revoked_at__isnull=True,
        ).values_list("course_id", "person_id")
    )
    elsewhere = list(
        ExternalParticipation.objects.filter(
            tree.within(area, "place__path"), taken_on__gte=starts_on, taken_on__lte=ends_on
        ).values_list("person_id", "audience", "place__path")
    )
    return _Data(sessions, rows, topics, completed, elsewhere)


def _compute(data: _Data, sessions: Iterable, rows: Iterable, elsewhere: Iterable) -> Figures:
    figures = Figures(sessions_held=sum(1 for _s in sessions))
    people: set[int] = set()
    by_audience: dict[str, set[int]] = defaultdict(set)
    by_topic: dict[str, set[int]] = defaultdict(set)
    pairs: set[tuple[int, int]] = set()
    for _session, person, audience, attended, rating, course, _path in rows:
        figures.enrolments += 1
        pairs.add((course, person))
        if rating:
            figures.ratings += 1
            figures.rating_sum += rating
        if attended:
            figures.attended += 1
            people.add(person)
            by_audience[audience].add(person)
            for topic in data.topics.get(course, ()):
                by_topic[topic].add(person)
    figures.people_trained = len(people)
    figures.by_audience = {k: len(v) for k, v in by_audience.items()}
    figures.by_topic = {k: len(v) for k, v in by_topic.items()}
    figures.pairs = len(pairs)
    figures.completed = len(pairs & data.completed)
    outside: dict[str, set[int]] = defaultdict(set)
    outside_people: set[int] = set()
    for person, audience, _path in elsewhere:
        outside[audience].add(person)
        outside_people.add(person)
    figures.elsewhere = len(outside_people)
    figures.elsewhere_by_audience = {k: len(v) for k, v in outside.items()}
    return figures


def training_figures(
    *, area: Place, starts_on: date, ends_on: date, now: datetime | None = None
) -> Figures:
    """The figures of an area and period (see the module's definitions)."""
    data = _load(area, starts_on, ends_on, now)
    return _compute(data, data.sessions, data.rows, data.elsewhere)


def _commune_path(path: str) -> str:
    """The commune a path lies in (the province's own path for the province)."""
    above = tree.ancestors(path)
    return above[1] if len(above) >= 2 else path


def figures_by_place(
    *, area: Place, starts_on: date, ends_on: date, now: datetime | None = None
) -> list[tuple[Place, Figures]]:
    """The area's figures split by where courses are organised: the province's own courses,
    then each commune (only places with something to show)."""
    data = _load(area, starts_on, ends_on, now)
    keys = {_commune_path(p) for _s, p in data.sessions} | {
        _commune_path(p) for *_x, p in data.elsewhere
    }
    places = {p.path: p for p in Place.objects.filter(path__in=keys)}
    result = []
    for place in sorted(places.values(), key=lambda p: (p.level != Level.PROVINCE, p.search_name)):
        path = place.path
        result.append(
            (
                place,
                _compute(
                    data,
                    [s for s in data.sessions if _commune_path(s[1]) == path],
                    [r for r in data.rows if _commune_path(r[6]) == path],
                    [e for e in data.elsewhere if _commune_path(e[2]) == path],
                ),
            )
        )
    return result


# Participation against a plan's targets ------------------------------------------------------


@dataclass
class TargetRow:
    audience: str
    label: str
    target: int
    trained: int  # distinct people trained here or recorded elsewhere, in this audience

    @property
    def share(self) -> float | None:
        return self.trained / self.target if self.target else None


@dataclass
class PlaceTargets:
    place: Place
    rows: list[TargetRow]
    has_plan: bool

    @property
    def total(self) -> TargetRow:
        return TargetRow(
            "", "", sum(r.target for r in self.rows), sum(r.trained for r in self.rows)
        )


def _participants(data: _Data, path: str | None) -> dict[str, set[int]]:
    """Distinct people per audience: present in a session, or recorded elsewhere."""
    found: dict[str, set[int]] = defaultdict(set)
    for row in data.rows:
        if row[3] and (path is None or _commune_path(row[6]) == path):
            found[row[2]].add(row[1])
    for person, audience, place_path in data.elsewhere:
        if path is None or _commune_path(place_path) == path:
            found[audience].add(person)
    return found


def _rows(plan_targets: dict[str, int], found: dict[str, set[int]]) -> list[TargetRow]:
    return [
        TargetRow(value, str(label), plan_targets.get(value, 0), len(found.get(value, ())))
        for value, label in Audience.choices
    ]


def plan_participation(
    plan: TrainingPlan, *, now: datetime | None = None
) -> tuple[PlaceTargets, list[PlaceTargets]]:
    """The plan's place against its targets by audience and, for a province plan, each commune
    against the targets of its own plans inside the period (communes with a plan or with
    participants)."""
    data = _load(plan.place, plan.starts_on, plan.ends_on, now)
    targets = {a: plan.target_for(a) for a in TARGET_FIELDS}
    whole = PlaceTargets(plan.place, _rows(targets, _participants(data, None)), True)
    if plan.place.level != Level.PROVINCE:
        return whole, []
    commune_plans: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for inner in TrainingPlan.objects.filter(
        tree.within(plan.place, "place__path"),
        place__level=Level.COMMUNE,
        starts_on__gte=plan.starts_on,
        ends_on__lte=plan.ends_on,
    ).select_related("place"):
        for audience in TARGET_FIELDS:
            commune_plans[inner.place.path][audience] += inner.target_for(audience)
    paths = set(commune_plans) | {_commune_path(r[6]) for r in data.rows if r[3]}
    paths |= {_commune_path(e[2]) for e in data.elsewhere}
    paths.discard(plan.place.path)
    places = Place.objects.filter(path__in=paths).order_by("search_name")
    by_place = [
        PlaceTargets(
            place,
            _rows(commune_plans.get(place.path, {}), _participants(data, place.path)),
            place.path in commune_plans,
        )
        for place in places
    ]
    return whole, by_place
