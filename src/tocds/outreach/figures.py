"""Figures of outreach.

- The log's figures (`item_figures`): items and their reach (one column per thing counted:
  views, listeners, copies, participants) by commune (the province's own items as one row),
  kind, outlet, month and language. Each table's total is the sum of its rows, and every
  table has the same total: the items given.
- An event's figures (`event_figures`), computed from what it links: people trained (distinct
  people present at its training sessions, from `training.Enrolment`), households reached and
  people guided on its days in its place (from the counters `visits.DayTally`, never the
  visits), and the communication items linked to it with their reach.

Each reads a fixed number of queries whatever the size."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from tocds.outreach.models import Event, Item, ItemKind, ReachUnit
from tocds.places import tree
from tocds.training.models import Enrolment
from tocds.visits.models import DayTally

UNITS = tuple(ReachUnit.values)


@dataclass
class Row:
    key: str
    label: str
    items: int = 0
    reach: dict[str, int] = field(default_factory=dict)

    def reach_of(self, unit: str) -> int:
        return self.reach.get(unit, 0)

    @property
    def reach_cells(self) -> list[int]:
        return [self.reach.get(unit, 0) for unit in UNITS]


@dataclass
class ItemFigures:
    by_commune: list[Row]
    by_kind: list[Row]
    by_outlet: list[Row]
    by_month: list[Row]
    by_language: list[Row]
    total: Row

    def tables(self) -> list[tuple[str, str, list[Row]]]:
        """(key, title, rows) of each table, in the page's order."""
        return [
            ("commune", _("By commune"), self.by_commune),
            ("kind", _("By kind"), self.by_kind),
            ("outlet", _("By outlet"), self.by_outlet),
            ("month", _("By month"), self.by_month),
            ("language", _("By language"), self.by_language),
        ]


def unit_labels() -> list[str]:
    return [str(label) for _value, label in ReachUnit.choices]


def _group(items, column: str, label_of) -> list[Row]:
    rows: dict[object, Row] = {}
    counts = items.values(column).annotate(n=Count("pk", distinct=True)).order_by()
    for entry in counts:
        key = entry[column]
        rows[key] = Row(str(key), label_of(key), items=entry["n"])
    reach = (
        items.filter(reach__isnull=False)
        .values(column, "reach_unit")
        .annotate(total=Sum("reach"))
        .order_by()
    )
    for entry in reach:
        rows[entry[column]].reach[entry["reach_unit"]] = entry["total"] or 0
    return list(rows.values())


def item_figures(items) -> ItemFigures:
    """The figures of a set of items (already scoped and filtered by the caller)."""
    items = items.order_by()
    places = dict(items.values_list("place_id", "place__name").distinct())
    levels = dict(items.values_list("place_id", "place__level").distinct())
    outlets = dict(items.values_list("outlet_id", "outlet__name").distinct())
    languages = dict(items.values_list("language_id", "language__name").distinct())
    kinds = dict(ItemKind.choices)

    def commune_label(pk):
        return _("Province level") if levels.get(pk) == "province" else places.get(pk, "")

    by_commune = sorted(
        _group(items, "place_id", commune_label),
        key=lambda r: (levels.get(int(r.key)) != "province", r.label),
    )
    by_kind = sorted(
        _group(items, "kind", lambda k: str(kinds.get(k, k))),
        key=lambda r: list(kinds).index(r.key) if r.key in kinds else 99,
    )
    by_outlet = sorted(_group(items, "outlet_id", lambda k: outlets.get(k, "")), key=_by_label)
    by_language = sorted(
        _group(items, "language_id", lambda k: languages.get(k, "")), key=_by_label
    )
    months = items.annotate(month=TruncMonth("published_on"))
    by_month = sorted(
        _group(months, "month", lambda m: f"{m.month:02d}/{m.year}"),
        key=lambda r: r.key,
    )
    total = Row("", _("Total"), items=items.count())
    for entry in (
        items.filter(reach__isnull=False)
        .values("reach_unit")
        .annotate(total=Sum("reach"))
        .order_by()
    ):
        total.reach[entry["reach_unit"]] = entry["total"] or 0
    return ItemFigures(by_commune, by_kind, by_outlet, by_month, by_language, total)


def _by_label(row: Row) -> str:
    from tocds.core.text import fold

    return fold(row.label)


# An event's figures (the public contract: `event_figures`) -----------------------------------


@dataclass(frozen=True)
class EventFigures:
    people_trained: int = 0  # distinct people present at the event's training sessions
    households: int = 0  # households visited on the event's days in its place
    people_guided: int = 0  # people guided during those visits
    items: int = 0  # communication items linked to the event
    reach: int = 0  # the sum of those items' known reach (whatever each counts)
    sessions: int = 0  # training sessions linked (not cancelled)
    booths: int = 0  # enterprises' booths
    reach_by_unit: dict = field(default_factory=dict)


def event_figures(event: Event) -> EventFigures:
    """The figures of one event, computed from the activities it links (see the module)."""
    sessions = event.sessions.filter(cancelled=False)
    trained = (
        Enrolment.objects.active()
        .filter(session__in=sessions, attended=True)
        .values("person_id")
        .distinct()
        .count()
    )
    days = DayTally.objects.filter(
        tree.within(event.place, "commune__path"),
        day__gte=event.starts_on,
        day__lte=event.ends_on,
    ).aggregate(visits=Sum("visits"), people=Sum("people"))
    linked = Item.objects.filter(event=event)
    reach_by_unit = {
        row["reach_unit"]: row["total"] or 0
        for row in linked.filter(reach__isnull=False)
        .values("reach_unit")
        .annotate(total=Sum("reach"))
        .order_by()
    }
    return EventFigures(
        people_trained=trained,
        households=days["visits"] or 0,
        people_guided=days["people"] or 0,
        items=linked.count(),
        reach=sum(reach_by_unit.values()),
        sessions=sessions.count(),
        booths=event.booths.count(),
        reach_by_unit=reach_by_unit,
    )


def reach_rows(figures: EventFigures) -> list[tuple[str, int]]:
    """(what is counted, total) of an event's items, in the units' order."""
    return [
        (str(label), figures.reach_by_unit[value])
        for value, label in ReachUnit.choices
        if value in figures.reach_by_unit
    ]


def sums_of(rows: list[Row]) -> defaultdict:
    """Sums of a table's rows (the reconciliation the tests check)."""
    sums: defaultdict = defaultdict(int)
    for row in rows:
        sums["items"] += row.items
        for unit, value in row.reach.items():
            sums[unit] += value
    return sums
