"""Scoped reads of honours: the one lookup of a round and of a nomination, each office's
queue, quota use, the proposing units a user may act for, and the figures of honours."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from tocds.honours.models import HOLDS_QUOTA, Nomination, Quota, Round, Status
from tocds.people.models import Organisation
from tocds.people.scoping import Perm, organisations_for, scope_for
from tocds.places.models import Level, Place


def get_round_for_user(user, pk: int, perm: Perm = Perm.VIEW_HONOURS) -> Round:
    """A round of a province where the user holds `perm`; 404 otherwise."""
    return get_object_or_404(Round.objects.visible_to(user, perm).select_related("province"), pk=pk)


def get_nomination_for_user(user, pk: int, perm: Perm | None = None) -> Nomination:
    """A nomination the user may read (at `perm`'s step, or at any of theirs); 404 otherwise."""
    return get_object_or_404(
        Nomination.objects.visible_to(user, perm).select_related(
            "round__province",
            "form",
            "unit_place",
            "unit_organisation",
            "team__place",
            "organisation__place",
            "person",
            "commune",
        ),
        pk=pk,
    )


def nominations(user, perm: Perm | None = None) -> QuerySet[Nomination]:
    return Nomination.objects.visible_to(user, perm).select_related(
        "round", "form", "unit_place", "unit_organisation", "team", "organisation", "person"
    )


@dataclass(frozen=True)
class Unit:
    """A proposing unit the user may act for: a commune (its People's Committee) or the
    province, and the organisation named on the grant (the Youth Union)."""

    place: Place
    organisation: Organisation | None

    @property
    def key(self) -> str:
        return f"{self.place.code}:{self.organisation.pk if self.organisation else ''}"

    @property
    def name(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        from tocds.reports.decree30 import lower_prefix

        return f"UBND {lower_prefix(self.place.name)}"


def units_for(user) -> list[Unit]:
    """The units the user proposes for: each place of a grant giving `honours.propose` (a
    commune or a province), with the organisation of a province grant naming one."""
    paths = sorted(scope_for(user, Perm.PROPOSE_HONOURS).paths)
    places = Place.objects.current().filter(
        path__in=paths, level__in=[Level.PROVINCE, Level.COMMUNE]
    )
    organisations = Organisation.objects.filter(
        pk__in=organisations_for(user, Perm.PROPOSE_HONOURS)
    ).select_related("place")
    units = []
    for place in places.order_by("level", "search_name"):
        named = [o for o in organisations if o.place_id == place.pk]
        if named:
            units.extend(Unit(place, o) for o in named)
        else:
            units.append(Unit(place, None))
    return units


def quota_use(round: Round) -> list[dict]:
    """Per form of the round: its quota, the nominations holding a place, those submitted and
    waiting, and the places left."""
    counts = {
        row["form_id"]: row
        for row in round.nominations.values("form_id").annotate(
            held=Count("pk", filter=Q(status__in=HOLDS_QUOTA)),
            waiting=Count("pk", filter=Q(status=Status.SUBMITTED)),
            honoured=Count("pk", filter=Q(status=Status.APPROVED)),
        )
    }
    rows = []
    for quota in Quota.objects.filter(round=round).select_related("form"):
        row = counts.get(quota.form_id, {})
        held = row.get("held", 0)
        rows.append(
            {
                "form": quota.form,
                "quota": quota.quota,
                "held": held,
                "waiting": row.get("waiting", 0),
                "honoured": row.get("honoured", 0),
                "left": max(quota.quota - held, 0),
            }
        )
    return rows


def figures(user) -> dict:
    """Honours decided in the user's places: by commune, by form and by year (the decision's),
    with totals that are the sums of the rows."""
    honoured = Nomination.objects.visible_to(user, Perm.VIEW_HONOURS).honoured()
    by_commune = list(
        honoured.values("commune__name", "commune__code")
        .annotate(n=Count("pk"))
        .order_by("commune__name")
    )
    by_form = list(
        honoured.values("form__name").annotate(n=Count("pk")).order_by("form__order", "form__name")
    )
    by_year = list(honoured.values("round__year").annotate(n=Count("pk")).order_by("round__year"))
    return {
        "by_commune": by_commune,
        "by_form": by_form,
        "by_year": by_year,
        "total": honoured.count(),
        "collectives": honoured.filter(kind="collective").count(),
        "individuals": honoured.filter(kind="individual").count(),
    }


def honours_of_team(team) -> QuerySet[Nomination]:
    """The honours decided for a team or for its members (the record on the team's page)."""
    members = team.memberships.values("person_id")
    return (
        Nomination.objects.honoured()
        .filter(Q(team=team) | Q(person_id__in=members))
        .select_related("round", "form", "person", "team")
        .order_by("-decision_date", "pk")
    )
