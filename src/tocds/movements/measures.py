"""The measures a criterion may count, as data: one vocabulary, each measure saying which kinds
of participant it applies to and computing its values for **all the participants of a movement
at once**, for the movement's period and places.

Each measure reads the counters and small tables the dashboards read, grouped in the database,
in one or two queries whatever the number of participants:

- households visited, people guided: `visits.VisitTally` (campaign × hamlet × team × member ×
  day) summed per team, or per member (`recorded_by`, the person's account);
- services done: people with the outcome "done" per team or member, from the counted visits'
  service rows, as `visits.figures.team_services` reads them (the service tallies stop at the
  commune), in one grouped query;
- lessons delivered: the schools' `Delivery` rows delivered, per school or teacher;
- certificates earned: learning certificates of in-person checks by a team (`Attempt.team`); for
  a person, their own learning certificates and training completions with a certificate;
- trainings attended: sessions attended (present) by a person, or by a team's current members;
- models started: initiatives (models, initiatives, good practices) started in the period and
  deployed or replicated, per team or organisation in charge.

A value is a whole number. Measures that do not apply to a participant's kind give no value."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from tocds.movements.models import ParticipantKind
from tocds.places import tree

TEAM = ParticipantKind.TEAM
ORGANISATION = ParticipantKind.ORGANISATION
SCHOOL = ParticipantKind.SCHOOL
INDIVIDUAL = ParticipantKind.INDIVIDUAL


@dataclass
class Area:
    """Where and when a movement counts: its province, its communes (None: the whole
    province), and its days (both included)."""

    province_id: int
    province_path: str
    communes: list | None  # Place objects
    day_from: date
    day_to: date
    _memo: dict = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.day_to < self.day_from

    @property
    def commune_ids(self) -> list[int] | None:
        return None if self.communes is None else sorted(c.pk for c in self.communes)

    def memo(self, key: str, compute: Callable[[], object]):
        """One computation per key and area (households and people share one query)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


@dataclass
class Who:
    """The participants of a movement, split by what the measures group on."""

    team: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    organisation: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    person: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    user: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, participants: Iterable) -> "Who":
        """`participants` with `person` loaded (its `user_id` is read)."""
        who = cls()
        for p in participants:
            if p.team_id:
                who.team[p.team_id].append(p.pk)
            elif p.organisation_id:
                who.organisation[p.organisation_id].append(p.pk)
            elif p.person_id:
                who.person[p.person_id].append(p.pk)
                if p.person.user_id:
                    who.user[p.person.user_id].append(p.pk)
        return who


def _spread(values: Iterable[tuple[int, int]], owners: dict[int, list[int]], out: dict) -> None:
    """Add each (key, value) to the participants the key belongs to."""
    for key, value in values:
        for participant_id in owners.get(key, ()):
            out[participant_id] = out.get(participant_id, 0) + int(value or 0)


# Visits -----------------------------------------------------------------------------------------


def _tally_rows(area: Area):
    from tocds.visits.models import VisitTally

    rows = VisitTally.objects.filter(
        campaign__province_id=area.province_id, day__gte=area.day_from, day__lte=area.day_to
    )
    if area.commune_ids is not None:
        rows = rows.filter(commune_id__in=area.commune_ids)
    return rows


def _visit_sums(area: Area, who: Who) -> dict[str, dict[int, int]]:
    """Households and people per participant (teams and individuals), two grouped queries."""

    def compute():
        households: dict[int, int] = {}
        people: dict[int, int] = {}
        rows = _tally_rows(area)
        sums = {"v": Sum("visits"), "p": Sum("people")}
        for column, owners in (("team_id", who.team), ("recorded_by_id", who.user)):
            if not owners:
                continue
            found = list(
                rows.filter(**{f"{column}__in": sorted(owners)})
                .values(column)
                .annotate(**sums)
                .order_by(column)
                .values_list(column, "v", "p")
            )
            _spread(((k, v) for k, v, _p in found), owners, households)
            _spread(((k, p) for k, _v, p in found), owners, people)
        return {"households": households, "people": people}

    return area.memo("visits", compute)


def households(area: Area, who: Who) -> dict[int, int]:
    return _visit_sums(area, who)["households"]


def people_guided(area: Area, who: Who) -> dict[int, int]:
    return _visit_sums(area, who)["people"]


def services_done(area: Area, who: Who) -> dict[int, int]:
    from tocds.visits.models import Outcome, VisitService

    rows = VisitService.objects.filter(
        visit__campaign__province_id=area.province_id,
        visit__excluded=False,
        visit__visit_day__gte=area.day_from,
        visit__visit_day__lte=area.day_to,
        outcome=Outcome.DONE,
    )
    if area.commune_ids is not None:
        rows = rows.filter(visit__commune_id__in=area.commune_ids)
    out: dict[int, int] = {}
    for column, owners in (("visit__team_id", who.team), ("visit__recorded_by_id", who.user)):
        if owners:
            found = (
                rows.filter(**{f"{column}__in": sorted(owners)})
                .values(column)
                .annotate(n=Sum("people"))
                .order_by(column)
                .values_list(column, "n")
            )
            _spread(found, owners, out)
    return out


# School lessons -----------------------------------------------------------------------------------


def lessons_delivered(area: Area, who: Who) -> dict[int, int]:
    from tocds.schools.models import Delivery, DeliveryStatus

    rows = Delivery.objects.filter(
        status=DeliveryStatus.DELIVERED, date__gte=area.day_from, date__lte=area.day_to
    )
    if area.communes is not None:
        rows = rows.filter(tree.within(area.communes, "school_class__school__place__path"))
    out: dict[int, int] = {}
    for column, owners in (
        ("school_class__school_id", who.organisation),
        ("school_class__teacher_id", who.user),
    ):
        if owners:
            found = (
                rows.filter(**{f"{column}__in": sorted(owners)})
                .values(column)
                .annotate(n=Count("id"))
                .order_by(column)
                .values_list(column, "n")
            )
            _spread(found, owners, out)
    return out


# Certificates and training ----------------------------------------------------------------------


def _bounds(area: Area):
    from tocds.training.figures import period_bounds

    return period_bounds(area.day_from, area.day_to)


def certificates_earned(area: Area, who: Who) -> dict[int, int]:
    from tocds.learning.models import Attempt
    from tocds.training.models import Completion

    since, until = _bounds(area)
    held = Q(
        certificate__isnull=False,
        certificate__revoked_at__isnull=True,
        certificate__issued_at__gte=since,
        certificate__issued_at__lt=until,
    )
    out: dict[int, int] = {}
    for column, owners in (("team_id", who.team), ("user_id", who.user)):
        if owners:
            found = (
                Attempt.objects.filter(held, **{f"{column}__in": sorted(owners)})
                .values(column)
                .annotate(n=Count("id"))
                .order_by(column)
                .values_list(column, "n")
            )
            _spread(found, owners, out)
    if who.person:
        found = (
            Completion.objects.filter(
                person_id__in=sorted(who.person),
                revoked_at__isnull=True,
                completed_at__gte=since,
                completed_at__lt=until,
            )
            .exclude(certificate_code="")
            .values("person_id")
            .annotate(n=Count("id"))
            .order_by("person_id")
            .values_list("person_id", "n")
        )
        _spread(found, who.person, out)
    return out


def trainings_attended(area: Area, who: Who) -> dict[int, int]:
    from tocds.training.models import Enrolment

    since, until = _bounds(area)
    rows = Enrolment.objects.active().filter(
        attended=True,
        session__cancelled=False,
        session__starts_at__gte=since,
        session__starts_at__lt=until,
    )
    out: dict[int, int] = {}
    if who.person:
        found = (
            rows.filter(person_id__in=sorted(who.person))
            .values("person_id")
            .annotate(n=Count("id"))
            .order_by("person_id")
            .values_list("person_id", "n")
        )
        _spread(found, who.person, out)
    if who.team:
        column = "person__memberships__team_id"
        found = (
            rows.filter(
                person__memberships__team_id__in=sorted(who.team),
                person__memberships__left_on__isnull=True,
            )
            .values(column)
            .annotate(n=Count("id"))
            .order_by(column)
            .values_list(column, "n")
        )
        _spread(found, who.team, out)
    return out


# Models and initiatives ---------------------------------------------------------------------------


def models_started(area: Area, who: Who) -> dict[int, int]:
    from tocds.initiatives.models import Initiative
    from tocds.initiatives.models import Status as InitiativeStatus

    rows = Initiative.objects.filter(
        starts_on__gte=area.day_from,
        starts_on__lte=area.day_to,
        status__in=[InitiativeStatus.DEPLOYED, InitiativeStatus.REPLICATED],
    ).filter(tree.within(area.province_path, "commune__path"))
    if area.commune_ids is not None:
        rows = rows.filter(commune_id__in=area.commune_ids)
    out: dict[int, int] = {}
    for column, owners in (("team_id", who.team), ("organisation_id", who.organisation)):
        if owners:
            found = (
                rows.filter(**{f"{column}__in": sorted(owners)})
                .values(column)
                .annotate(n=Count("id"))
                .order_by(column)
                .values_list(column, "n")
            )
            _spread(found, owners, out)
    return out


# The vocabulary -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    label: object  # a lazy translation
    applies_to: frozenset[str]
    compute: Callable[[Area, Who], dict[int, int]]

    def applies(self, kind: str) -> bool:
        return kind in self.applies_to


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure("households", _("Households visited"), frozenset({TEAM, INDIVIDUAL}), households),
        Measure("people_guided", _("People guided"), frozenset({TEAM, INDIVIDUAL}), people_guided),
        Measure("services_done", _("Services done"), frozenset({TEAM, INDIVIDUAL}), services_done),
        Measure(
            "lessons_delivered",
            _("Lessons delivered in schools"),
            frozenset({SCHOOL, INDIVIDUAL}),
            lessons_delivered,
        ),
        Measure(
            "certificates_earned",
            _("Certificates earned"),
            frozenset({TEAM, INDIVIDUAL}),
            certificates_earned,
        ),
        Measure(
            "trainings_attended",
            _("Training sessions attended"),
            frozenset({TEAM, INDIVIDUAL}),
            trainings_attended,
        ),
        Measure(
            "models_started",
            _("Models and initiatives started"),
            frozenset({TEAM, ORGANISATION, SCHOOL}),
            models_started,
        ),
    )
}

MEASURE_CHOICES = [(key, m.label) for key, m in MEASURES.items()]


def measure_label(key: str) -> str:
    measure = MEASURES.get(key)
    return str(measure.label) if measure else key


def compute(keys: Iterable[str], area: Area, participants: list) -> dict[str, dict[int, int]]:
    """{measure key: {participant id: value}} for every measure asked, for all the participants
    at once (a participant with nothing counted has no entry: 0)."""
    who = Who.of(participants)
    result: dict[str, dict[int, int]] = {}
    for key in dict.fromkeys(keys):
        measure = MEASURES.get(key)
        result[key] = {} if measure is None or area.empty else measure.compute(area, who)
    return result
