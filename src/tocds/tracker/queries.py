"""Reads of the tracker: the directives, clauses and periods a user may see, the place a page
is about, and the province overview's rows and lagging communes."""

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from tocds.people.scoping import Perm, may_act_at, scope_for
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.places.queries import get_place_for_user
from tocds.tracker.models import Clause, ClauseIndicator, Directive, Evidence, Period, Status
from tocds.tracker.status import Assessment, Assessor


def _provinces(user, perm: Perm) -> list[str]:
    return sorted({tree.ancestors(path)[0] for path in scope_for(user, perm).paths})


def directives(user, perm: Perm = Perm.VIEW_TRACKER) -> QuerySet[Directive]:
    """The directives of the provinces where the user holds `perm` somewhere."""
    return Directive.objects.filter(province__path__in=_provinces(user, perm)).select_related(
        "province"
    )


def get_directive_for_user(user, pk: int | None, perm: Perm = Perm.VIEW_TRACKER) -> Directive:
    """The directive asked for, or the newest followed one; 404 when there is none."""
    found = directives(user, perm)
    if pk is None:
        directive = found.filter(is_active=True).first()
        if directive is None:
            raise Http404
        return directive
    return get_object_or_404(found, pk=pk)


def clauses(directive: Directive, *, communes_only: bool = False) -> QuerySet[Clause]:
    rows = directive.clauses.select_related("responsible").prefetch_related(
        "cooperating", Prefetch("indicators", queryset=ClauseIndicator.objects.order_by("position"))
    )
    return rows.filter(falls_to_communes=True) if communes_only else rows


def get_clause_for_user(user, pk: int, perm: Perm = Perm.VIEW_TRACKER) -> Clause:
    return get_object_or_404(
        Clause.objects.filter(directive__in=directives(user, perm)).select_related(
            "directive", "directive__province", "responsible"
        ),
        pk=pk,
    )


def get_evidence_for_user(user, pk: int, perm: Perm = Perm.VIEW_TRACKER) -> Evidence:
    """Evidence of a figure of a place the user sees."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("figure__place", "figure__indicator__clause__directive"),
        pk=pk,
    )
    get_clause_for_user(user, evidence.figure.indicator.clause_id, perm)
    if not may_act_at(user, perm, place=evidence.figure.place):
        raise Http404
    return evidence


def periods(directive: Directive) -> QuerySet[Period]:
    return Period.objects.filter(province=directive.province)


def pick_period(directive: Directive, raw: str | None, today: date) -> Period | None:
    """The period asked for, or the latest started one (the shortest kind first)."""
    rows = periods(directive)
    if raw and raw.isdigit():
        return get_object_or_404(rows, pk=int(raw))
    started = rows.filter(starts_on__lte=today).order_by("-starts_on", "ends_on")
    return started.first() or rows.order_by("starts_on").first()


def place_for_clause(user, clause: Clause, code: str | None) -> Place:
    """The place a clause page is about: the one asked for (the province, or a commune for a
    clause that falls to the communes) within the user's scope; by default the province where
    the user sees it, else the user's first commune. 404 otherwise."""
    province = clause.directive.province
    if code:
        place = get_place_for_user(user, code, Perm.VIEW_TRACKER)
    elif may_act_at(user, Perm.VIEW_TRACKER, place=province):
        place = province
    else:
        place = communes_for(user, province).first()
    if place is None or not tree.is_within(place, province):
        raise Http404
    if place.level == Level.COMMUNE and not clause.falls_to_communes:
        raise Http404
    if place.level not in (Level.PROVINCE, Level.COMMUNE):
        raise Http404
    return place


def communes_for(user, province: Place, perm: Perm = Perm.VIEW_TRACKER) -> QuerySet[Place]:
    from tocds.places.queries import communes_in_scope

    return communes_in_scope(user, perm).filter(tree.within(province))


def overview(directive: Directive, period: Period, today: date) -> dict:
    """The province's clauses assessed, and the communes lagging on a clause that falls to
    them (among the communes where a target or a status is set for the period)."""
    assessor = Assessor(period, today)
    province = directive.province
    rows = [assessor.assess(clause, province) for clause in clauses(directive)]
    commune_clauses = list(clauses(directive, communes_only=True))
    places = Place.objects.filter(
        pk__in=sorted(assessor.places_with_entries()), level=Level.COMMUNE
    ).filter(tree.within(province))
    lagging: list[tuple[Place, list[Assessment]]] = []
    for commune in places.order_by("search_name"):
        late = [
            a
            for a in (assessor.assess(c, commune) for c in commune_clauses)
            if a.status == Status.LATE
        ]
        if late:
            lagging.append((commune, late))
    counts = dict.fromkeys(Status.values, 0)
    for row in rows:
        counts[row.status] += 1
    return {"rows": rows, "lagging": lagging, "counts": counts}


def commune_view(directive: Directive, period: Period, commune: Place, today: date) -> list:
    assessor = Assessor(period, today)
    return [assessor.assess(c, commune) for c in clauses(directive, communes_only=True)]


def clause_over_time(
    clause: Clause, place: Place, period: Period, today: date, count: int = 12
) -> tuple[list[Period], list[Assessment]]:
    """The clause at the place over the last `count` periods of the period's kind (oldest first)."""
    earlier = list(
        Period.objects.filter(
            province=period.province, kind=period.kind, starts_on__lte=period.starts_on
        ).order_by("-starts_on")[:count]
    )[::-1]
    return earlier, [Assessor(p, today).assess(clause, place) for p in earlier]
