"""Scoped reads of partners: the one lookup of an offer and of a redemption code, an
enterprise's focal staff in the teams (D7.1), the province's teams and members by enterprise,
the offers a member sees with their eligibility, and the uptake figures."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tocds.certificates.services import normalise_code
from tocds.partners import eligibility
from tocds.partners.models import Offer, Redemption
from tocds.people.models import Organisation
from tocds.people.scoping import Perm, PhoneDisplay, organisations_for
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.places.queries import places_in_scope
from tocds.teams.models import Membership, TeamStatus

# Offers -------------------------------------------------------------------------------------


def offers(user, perm: Perm | None = None) -> QuerySet[Offer]:
    return (
        Offer.objects.visible_to(user, perm)
        .select_related("enterprise", "province")
        .prefetch_related("communes", "conditions__course", "conditions__campaign")
    )


def get_offer_for_user(user, pk: int, perm: Perm | None = None) -> Offer:
    """An offer of the user's enterprises (`partners.offers`) or of the province they read
    (`partners.view`); 404 otherwise."""
    return get_object_or_404(offers(user, perm), pk=pk)


def enterprises_of(user, perm: Perm = Perm.MANAGE_OFFERS) -> list[Organisation]:
    """The enterprises named on the user's grants that give `perm`."""
    ids = organisations_for(user, perm)
    return list(Organisation.objects.filter(pk__in=sorted(ids)).select_related("place"))


def held_places(offer: Offer, now=None) -> int:
    return offer.redemptions.holding_quota(now).count()


# Redemption codes ---------------------------------------------------------------------------


def _by_code(redemptions: QuerySet[Redemption], code: str) -> Redemption:
    normalised = normalise_code(code)
    if not normalised:
        raise Http404
    return get_object_or_404(
        redemptions.select_related("offer__enterprise", "offer__province", "person"),
        code=normalised,
    )


def get_redemption_for_enterprise(user, code: str) -> Redemption:
    """A code of an offer of the user's enterprises; 404 for any other code (an enterprise
    never learns that another's code exists)."""
    return _by_code(Redemption.objects.of_enterprises(user), code)


def get_redemption_of_holder(user, code: str) -> Redemption:
    """One of the signed-in member's own codes; 404 otherwise."""
    return _by_code(Redemption.objects.held_by(user), code)


# The offers a member sees ---------------------------------------------------------------------


@dataclass
class OfferLine:
    offer: Offer
    checks: list[eligibility.Check]
    eligible: bool
    redemption: Redemption | None
    places_left: int | None  # None: no quota

    @property
    def claimable(self) -> bool:
        return self.eligible and self.redemption is None and self.places_left != 0


def offers_for_member(user, today: date | None = None) -> list[OfferLine]:
    """The published offers running today in the member's places, each with the lines of its
    eligibility (what holds and what does not), the member's code if claimed, and the quota's
    places left. Empty for a user with no active membership."""
    member = eligibility.member_facts(user)
    if member is None:
        return []
    now = timezone.now()
    today = today or timezone.localdate()
    running = (
        Offer.objects.running(today)
        .filter(province__path=tree.top(member.commune_path))
        .filter(Q(communes__isnull=True) | Q(communes=member.commune_id))
        .distinct()
        .select_related("enterprise", "province")
        .prefetch_related("communes", "conditions__course", "conditions__campaign")
        .order_by("valid_to", "service", "pk")
    )
    held = dict(
        Redemption.objects.filter(offer__in=running)
        .holding_quota(now)
        .values("offer_id")
        .annotate(n=Count("pk"))
        .values_list("offer_id", "n")
    )
    mine = {r.offer_id: r for r in Redemption.objects.filter(person_id=member.person_id)}
    lines = []
    for offer in running:
        checks = eligibility.checks(offer, member, today)
        left = None if offer.quota is None else max(offer.quota - held.get(offer.pk, 0), 0)
        lines.append(
            OfferLine(
                offer=offer,
                checks=checks,
                eligible=all(c.ok for c in checks),
                redemption=mine.get(offer.pk),
                places_left=left,
            )
        )
    return lines


def offers_for_you(user) -> int:
    """How many offers the member may claim now (the home page's count)."""
    return sum(1 for line in offers_for_member(user) if line.claimable)


def codes_of(user) -> QuerySet[Redemption]:
    """The member's own codes, newest first."""
    return Redemption.objects.held_by(user).select_related("offer__enterprise")


# Focal staff (D7.1) ----------------------------------------------------------------------------


@dataclass
class StaffRow:
    full_name: str
    role: str
    team: str
    commune: str
    phone: str  # masked unless the user may see it
    visits: int
    trainings: int


@dataclass
class EnterpriseStaff:
    enterprise: Organisation
    rows: list[StaffRow] = field(default_factory=list)

    @property
    def members(self) -> int:
        return len(self.rows)

    @property
    def teams(self) -> int:
        return len({(row.commune, row.team) for row in self.rows})

    @property
    def communes(self) -> int:
        return len({row.commune for row in self.rows})

    @property
    def visits(self) -> int:
        return sum(row.visits for row in self.rows)

    @property
    def trainings(self) -> int:
        return sum(row.trainings for row in self.rows)


def _staff_memberships() -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(team__status=TeamStatus.ACTIVE, enterprise__isnull=False)
        .select_related("person", "team__place__commune", "enterprise")
    )


def focal_staff(user) -> list[EnterpriseStaff]:
    """The enterprise officer's own focal staff, per enterprise named on their grants: active
    members of active teams tagged with the enterprise, with their team, commune, phone (as
    `PhoneDisplay` shows it: masked for an enterprise's officer) and their activity — the
    household visits recorded with their account and the training sessions they attended."""
    from tocds.training.models import Enrolment, EnrolmentStatus
    from tocds.visits.models import VisitTally

    enterprises = enterprises_of(user, Perm.VIEW_PARTNER_STAFF)
    memberships = list(
        _staff_memberships()
        .filter(enterprise__in=enterprises)
        .order_by("team__place__path", "person__search_name")
    )
    user_ids = [m.person.user_id for m in memberships if m.person.user_id]
    visits = dict(
        VisitTally.objects.filter(recorded_by_id__in=user_ids)
        .values("recorded_by_id")
        .annotate(n=Sum("visits"))
        .values_list("recorded_by_id", "n")
    )
    trainings = dict(
        Enrolment.objects.filter(
            person_id__in=[m.person_id for m in memberships],
            status=EnrolmentStatus.ENROLLED,
            attended=True,
        )
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    phones = PhoneDisplay.for_user(user)
    sheets = {e.pk: EnterpriseStaff(enterprise=e) for e in enterprises}
    for m in memberships:
        place = m.team.place
        commune = place.commune or place
        sheets[m.enterprise_id].rows.append(
            StaffRow(
                full_name=m.person.full_name,
                role=m.get_role_display(),
                team=m.team.name,
                commune=commune.name,
                phone=phones.show(m.person.phone, team=m.team) if m.person.phone else "",
                visits=visits.get(m.person.user_id, 0) or 0,
                trainings=trainings.get(m.person_id, 0),
            )
        )
    return list(sheets.values())


def provinces_reading_teams(user) -> list[Place]:
    """The provinces where the user reads the teams (a grant on the province)."""
    return list(places_in_scope(user, Perm.VIEW_TEAMS).filter(level=Level.PROVINCE))


def staff_by_enterprise(user) -> dict:
    """The province's teams and members by enterprise and commune: for each pair, the teams
    with staff of the enterprise and its members there; totals are the sums of the rows."""
    provinces = provinces_reading_teams(user)
    if not provinces:
        return {"rows": [], "teams": 0, "members": 0, "enterprises": 0}
    memberships = _staff_memberships().filter(tree.within(provinces, "team__place__path"))
    counts: dict[tuple[int, int], dict] = {}
    for m in memberships.order_by().values(
        "enterprise_id",
        "enterprise__name",
        "team_id",
        "team__place__commune_id",
        "team__place__commune__name",
        "team__place_id",
        "team__place__name",
    ):
        commune_id = m["team__place__commune_id"] or m["team__place_id"]
        commune_name = m["team__place__commune__name"] or m["team__place__name"]
        row = counts.setdefault(
            (m["enterprise_id"], commune_id),
            {
                "enterprise": m["enterprise__name"],
                "commune": commune_name,
                "team_ids": set(),
                "members": 0,
            },
        )
        row["team_ids"].add(m["team_id"])
        row["members"] += 1
    rows = sorted(
        (
            {
                "enterprise": row["enterprise"],
                "commune": row["commune"],
                "teams": len(row["team_ids"]),
                "members": row["members"],
            }
            for row in counts.values()
        ),
        key=lambda r: (r["enterprise"], r["commune"]),
    )
    return {
        "rows": rows,
        "teams": sum(r["teams"] for r in rows),
        "members": sum(r["members"] for r in rows),
        "enterprises": len({r["enterprise"] for r in rows}),
    }


def staff_members_in_provinces(user) -> list[Membership]:
    """Every focal staff member of the provinces the user reads (the Excel export's list)."""
    provinces = provinces_reading_teams(user)
    if not provinces:
        return []
    return list(
        _staff_memberships()
        .filter(tree.within(provinces, "team__place__path"))
        .order_by("enterprise__name", "team__place__path", "person__search_name")
    )


# Uptake figures --------------------------------------------------------------------------------


def uptake(user) -> dict:
    """Codes claimed, used, expired and still open, by offer, commune and month of claim, of
    the offers the user reads (an enterprise its own, the province all); each total is the sum
    of its column."""
    now = timezone.now()
    visible = Offer.objects.visible_to(user)
    rows = list(
        Redemption.objects.filter(offer__in=visible)
        .annotate(month=TruncMonth("claimed_at"))
        .values(
            "offer_id",
            "offer__service",
            "offer__enterprise__name",
            "commune__name",
            "month",
        )
        .annotate(
            claimed=Count("pk"),
            used=Count("pk", filter=Q(used_at__isnull=False)),
            expired=Count("pk", filter=Q(used_at__isnull=True, expires_at__lte=now)),
        )
        .order_by("-month", "offer__enterprise__name", "offer__service", "commune__name")
    )
    for row in rows:
        row["open"] = row["claimed"] - row["used"] - row["expired"]
    totals = {key: sum(row[key] for row in rows) for key in ("claimed", "used", "expired", "open")}
    return {"rows": rows, "totals": totals, "offers": visible.count()}
