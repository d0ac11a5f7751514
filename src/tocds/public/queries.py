"""What the citizens' pages read: the home province, hamlets found by name, and a hamlet's
team with when it is next active and how to reach it — only contacts whose owners agreed to
publish them, otherwise the commune's public line. No personal data of anyone else."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tocds.campaigns.models import Assignment, CampaignStatus
from tocds.people.models import Organisation, OrganisationKind
from tocds.people.phones import national
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.places.queries import search_places
from tocds.teams.models import Membership, Team, TeamStatus
from tocds.training.models import Session

# Hamlets listed for one search.
RESULTS = 30
# Campaign days and training sessions shown ahead.
AHEAD = 5


def cached(key: str, compute):
    """What a public page shows, computed at most once per `PUBLIC_CACHE_SECONDS` for
    everyone (the shared cache): the one cache rule of the citizens' pages."""
    return cache.get_or_set(f"public:{key}", compute, settings.PUBLIC_CACHE_SECONDS)


def home_province() -> Place:
    """The province this installation serves (`TOCDS_PROVINCE_CODE`)."""
    province = (
        Place.objects.current().filter(code=settings.PROVINCE_CODE, level=Level.PROVINCE).first()
    )
    if province is None:
        raise Http404
    return province


def find_hamlets(query: str, province: Place) -> QuerySet[Place]:
    """Current hamlets of the province whose name matches (diacritics, case and spacing
    ignored, as the place search)."""
    return (
        search_places(query, level=Level.HAMLET)
        .filter(tree.within(province), valid_to__isnull=True)
        .select_related("parent")[:RESULTS]
    )


def get_hamlet(code: str, province: Place) -> Place:
    hamlet = (
        Place.objects.current()
        .filter(tree.within(province), code=code, level=Level.HAMLET)
        .select_related("parent")
        .first()
    )
    if hamlet is None:
        raise Http404
    return hamlet


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    phone: str


@dataclass
class HamletPage:
    hamlet: Place
    commune: Place
    teams: list[Team]
    members: int
    contacts: list[Contact]
    office: Organisation | None  # the commune's committee, with its public line
    days: list[Assignment] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)


def hamlet_page(hamlet: Place, *, today: date | None = None) -> HamletPage:
    today = today or timezone.localdate()
    commune = hamlet.parent
    teams = list(Team.objects.filter(place=hamlet, status=TeamStatus.ACTIVE).order_by("name"))
    active = Membership.objects.filter(team__in=teams, left_on__isnull=True)
    contacts = [
        Contact(m.person.full_name, m.get_role_display(), national(m.person.phone))
        for m in active.filter(public_contact=True, person__phone__isnull=False)
        .select_related("person")
        .order_by("role", "person__search_name")
    ]
    office = (
        Organisation.objects.filter(kind=OrganisationKind.COMMUNE_COMMITTEE, place=commune)
        .order_by("pk")
        .first()
    )
    days = list(
        Assignment.objects.filter(
            team__in=teams,
            hamlet=hamlet,
            ends_on__gte=today,
            plan__campaign__status__in=[CampaignStatus.OPEN, CampaignStatus.DRAFT],
        )
        .select_related("plan__campaign")
        .order_by("starts_on", "pk")[:AHEAD]
    )
    # Public sessions of courses organised in the commune (or one of its hamlets) or by the
    # province itself.
    here = tree.within(commune, "course__place__path") | Q(course__place=commune.parent)
    sessions = list(
        Session.objects.public()
        .filter(here, ends_at__gte=timezone.now())
        .select_related("course__place")
        .order_by("starts_at", "pk")[:AHEAD]
    )
    return HamletPage(
        hamlet=hamlet,
        commune=commune,
        teams=teams,
        members=active.count(),
        contacts=contacts,
        office=office,
        days=days,
        sessions=sessions,
    )
