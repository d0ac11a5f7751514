"""Scoped reads of the registry: the one lookup of an initiative and of its evidence."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tocds.initiatives.models import Evidence, Initiative, InitiativeFigure
from tocds.people.scoping import Perm
from tocds.places.models import Level, Place


def get_initiative_for_user(user, pk: int, perm: Perm = Perm.MANAGE_INITIATIVES) -> Initiative:
    """An initiative of a place where the user holds `perm`; 404 otherwise."""
    return get_object_or_404(
        Initiative.objects.visible_to(user, perm).select_related(
            "place", "commune", "team", "organisation"
        ),
        pk=pk,
    )


def get_evidence_for_user(user, pk: int, perm: Perm = Perm.MANAGE_INITIATIVES) -> Evidence:
    return get_object_or_404(
        Evidence.objects.filter(initiative__in=Initiative.objects.visible_to(user, perm)), pk=pk
    )


def get_figure_for_user(user, pk: int, perm: Perm = Perm.MANAGE_INITIATIVES) -> InitiativeFigure:
    return get_object_or_404(
        InitiativeFigure.objects.select_related("initiative__commune").filter(
            initiative__in=Initiative.objects.visible_to(user, perm)
        ),
        pk=pk,
    )


def marked_for_replication() -> QuerySet[Initiative]:
    """The models the province offers for replication (public: no personal data is read)."""
    return (
        Initiative.objects.filter(marked_for_replication=True)
        .select_related("place", "commune")
        .prefetch_related("extra_hamlets")
        .order_by("commune__search_name", "name")
    )


def coverage(initiatives: QuerySet[Initiative], communes: QuerySet[Place]) -> list[dict]:
    """Per commune: its current hamlets, those with at least one model (not stopped) placed on
    them or on a cluster including them, and the initiatives counted."""
    live = initiatives.exclude(status="stopped")
    covered = set(live.filter(place__level=Level.HAMLET).values_list("place_id", flat=True))
    covered |= set(
        Initiative.extra_hamlets.through.objects.filter(initiative__in=live).values_list(
            "place_id", flat=True
        )
    )
    counts: dict[int, int] = {}
    for commune_id in live.values_list("commune_id", flat=True):
        counts[commune_id] = counts.get(commune_id, 0) + 1
    hamlets: dict[int, list[int]] = {}
    for pk, parent_id in (
        Place.objects.current()
        .filter(level=Level.HAMLET, parent__in=communes)
        .values_list("pk", "parent_id")
    ):
        hamlets.setdefault(parent_id, []).append(pk)
    rows = []
    for commune in communes:
        own = hamlets.get(commune.pk, [])
        rows.append(
            {
                "commune": commune,
                "initiatives": counts.get(commune.pk, 0),
                "hamlets": len(own),
                "covered": sum(1 for pk in own if pk in covered),
            }
        )
    return rows
