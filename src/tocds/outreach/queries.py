"""Scoped reads of outreach: the one lookup of an item, an event and a booth; the choices a
user's forms offer; the communes that logged nothing during a campaign; and the public
contract the citizens' pages read (`public_news`, `public_events`)."""

from datetime import date

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from tocds.campaigns.models import Campaign
from tocds.campaigns.queries import covered_communes
from tocds.outreach.models import OUTLET_KINDS, Booth, Event, Item
from tocds.people.models import Organisation, OrganisationKind
from tocds.people.scoping import Perm, organisations_for, paths_without_organisation, scope_for
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.places.queries import communes_in_scope

# Public contract (read by tocds.public) ------------------------------------------------------


def public_news() -> QuerySet[Item]:
    """The items the province marked as its public news, newest first, with their outlet.
    Items carry no personal data."""
    return (
        Item.objects.public()
        .select_related("outlet", "language")
        .order_by("-published_at", "-published_on", "-pk")
    )


def public_events() -> QuerySet[Event]:
    """The events shown on the public pages, newest first."""
    return Event.objects.public().select_related("place", "organiser").order_by("-starts_on", "-pk")


# Scoped lookups ------------------------------------------------------------------------------


def items(user, perm: Perm | None = None) -> QuerySet[Item]:
    return Item.objects.visible_to(user, perm).select_related("outlet", "place", "language")


def get_item_for_user(user, pk: int, perm: Perm | None = None) -> Item:
    """An item the user reads (or, with `outreach.log`, logs); 404 otherwise."""
    return get_object_or_404(
        items(user, perm).select_related(
            "campaign", "event", "initiative", "movement", "created_by"
        ),
        pk=pk,
    )


def get_event_for_user(user, pk: int, *, manage: bool = False) -> Event:
    """An event of the user's places or of the places above them; with `manage`, one the
    user runs. 404 otherwise."""
    events = Event.objects.managed_by(user) if manage else Event.objects.visible_to(user)
    return get_object_or_404(events.select_related("place", "organiser"), pk=pk)


def get_booth_for_user(user, pk: int) -> Booth:
    """A booth of an event the user runs; 404 otherwise."""
    return get_object_or_404(
        Booth.objects.filter(event__in=Event.objects.managed_by(user)).select_related(
            "event__place", "organisation"
        ),
        pk=pk,
    )


# Choices of the forms ------------------------------------------------------------------------


def log_places(user) -> QuerySet[Place]:
    """The places (the province, communes) an item of this user may belong to."""
    return (
        Place.objects.current()
        .filter(scope_for(user, Perm.LOG_OUTREACH).place_q())
        .filter(level__in=[Level.PROVINCE, Level.COMMUNE])
        .order_by("path")
    )


def concerned_places(user) -> QuerySet[Place]:
    """The communes and hamlets an item of this user may concern."""
    return (
        Place.objects.current()
        .filter(scope_for(user, Perm.LOG_OUTREACH).place_q())
        .filter(level__in=[Level.COMMUNE, Level.HAMLET])
        .order_by("path")
    )


def outlets_for(user) -> QuerySet[Organisation]:
    """The outlets the user logs for: those named on their grants, and the outlets of the
    places where they log as an officer and of the places above (the province's)."""
    named = organisations_for(user, Perm.LOG_OUTREACH)
    paths = paths_without_organisation(user, Perm.LOG_OUTREACH)
    above = sorted({a for path in paths for a in tree.ancestors(path)})
    q = Q(pk__in=sorted(named))
    if paths:
        q |= Q(kind__in=OUTLET_KINDS) & (
            tree.within(paths, "place__path") | Q(place__path__in=above)
        )
    return Organisation.objects.filter(q).select_related("place").order_by("name")


def event_places(user) -> QuerySet[Place]:
    """The places (the province, communes) where the user runs events."""
    return (
        Place.objects.current()
        .filter(tree.within(paths_without_organisation(user, Perm.LOG_OUTREACH)))
        .filter(level__in=[Level.PROVINCE, Level.COMMUNE])
        .order_by("path")
    )


def organisers_for(user) -> QuerySet[Organisation]:
    """Organisations of the places where the user runs events, and of the places above."""
    paths = paths_without_organisation(user, Perm.LOG_OUTREACH)
    if not paths:
        return Organisation.objects.none()
    above = sorted({a for path in paths for a in tree.ancestors(path)})
    return Organisation.objects.filter(
        tree.within(paths, "place__path") | Q(place__path__in=above)
    ).order_by("name")


def enterprises_for(event: Event) -> QuerySet[Organisation]:
    """The enterprises of the event's province, which may hold a booth."""
    return Organisation.objects.filter(
        tree.within(tree.top(event.place), "place__path"), kind=OrganisationKind.ENTERPRISE
    ).order_by("name")


# Communes that logged nothing during a campaign ----------------------------------------------


def campaigns_for_logging(user) -> QuerySet[Campaign]:
    """The campaigns an item of this user may be linked to."""
    return Campaign.objects.visible_to(user, Perm.LOG_OUTREACH).order_by("-starts_on", "name")


def campaigns_for(user) -> QuerySet[Campaign]:
    return Campaign.objects.visible_to(user, Perm.VIEW_OUTREACH).order_by("-starts_on", "name")


def silent_communes(user, campaign: Campaign) -> list[Place]:
    """The communes the campaign covers, among the user's, with no item of theirs dated within
    the campaign's period."""
    communes = covered_communes(campaign) & communes_in_scope(user, Perm.VIEW_OUTREACH)
    logged = set(
        Item.objects.filter(
            place__in=communes,
            published_on__gte=campaign.starts_on,
            published_on__lte=campaign.ends_on,
        ).values_list("place_id", flat=True)
    )
    return [commune for commune in communes if commune.pk not in logged]


def month_bounds(month: str) -> tuple[date, date] | None:
    """ "2026-10" → (1 Oct, 31 Oct); None for anything else."""
    try:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    except (TypeError, ValueError):
        return None
    following = date(year + (number == 12), number % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)
