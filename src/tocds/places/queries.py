"""Scoped reads of places."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from tocds.people.scoping import Perm, scope_for
from tocds.places.models import Level, Place

SEARCH_LIMIT = 30


def places_in_scope(user, perm: Perm = Perm.VIEW_TEAMS) -> QuerySet[Place]:
    return Place.objects.current().filter(scope_for(user, perm).place_q())


def get_place_for_user(user, code: str, perm: Perm = Perm.VIEW_TEAMS) -> Place:
    """A current place inside the user's scope; 404 otherwise."""
    return get_object_or_404(places_in_scope(user, perm).select_related("parent"), code=code)


def communes_in_scope(user, perm: Perm = Perm.VIEW_TEAMS) -> QuerySet[Place]:
    """Communes the user may see: those inside a granted subtree (or the granted commune)."""
    return places_in_scope(user, perm).filter(level=Level.COMMUNE).order_by("search_name")


def search_places(query: str, *, level: str = "", parent: Place | None = None) -> QuerySet[Place]:
    """Public place search (names are public data): diacritics, case and NFC/NFD ignored."""
    places = Place.objects.search(query).select_related("parent", "commune")
    if level:
        places = places.filter(level=level)
    if parent is not None:
        places = places.filter(parent=parent)
    return places.prefetch_related(Prefetch("successors", queryset=Place.objects.order_by("name")))


def get_hamlet_for_user(user, code: str, perm: Perm = Perm.MANAGE_PLACES) -> Place:
    """A current hamlet inside the user's scope for `perm` (default: managing); 404 otherwise."""
    return get_object_or_404(
        places_in_scope(user, perm).select_related("parent"),
        code=code,
        level=Level.HAMLET,
    )
