"""Who may claim an offer: the offer's conditions (`Condition` rows, data) checked against what
tocds holds about one member — their active membership, their role, the courses they completed
(`training.Completion`), the visits recorded with their account (`visits.VisitTally`).

Every offer asks first that the member be active in an active team of the offer's places (the
province, or the offer's communes); each condition adds to that. `checks` says, line by line,
what holds and what does not, for the member's page ("why not")."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Sum
from django.utils.translation import gettext as _

from tocds.core.numbers import number
from tocds.partners.models import Condition, ConditionKind, Offer
from tocds.places import tree
from tocds.teams.models import Membership, TeamRole, TeamStatus


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool


@dataclass
class Member:
    """What the conditions read about one member, read once for all the offers of a page."""

    person_id: int
    user_id: int | None
    membership: Membership  # active, in an active team
    commune_id: int
    commune_path: str
    courses: set[int] = field(default_factory=set)  # completed, not revoked
    visits: dict[int, int] = field(default_factory=dict)  # campaign id -> visits recorded


def active_membership(person_id: int) -> Membership | None:
    """The person's active membership in an active team (one at most: a database constraint)."""
    return (
        Membership.objects.active()
        .filter(person_id=person_id, team__status=TeamStatus.ACTIVE)
        .select_related("team__place__commune", "person")
        .first()
    )


def member_facts(user) -> Member | None:
    """The signed-in user as a member: None without an active membership."""
    if user is None or not user.is_authenticated:
        return None
    person = getattr(user, "person", None)
    if person is None:
        return None
    membership = active_membership(person.pk)
    if membership is None:
        return None
    from tocds.training.models import Completion
    from tocds.visits.models import VisitTally

    place = membership.team.place
    commune = place.commune or place
    courses = set(
        Completion.objects.filter(person_id=person.pk, revoked_at__isnull=True).values_list(
            "course_id", flat=True
        )
    )
    visits = {
        row["campaign_id"]: row["n"] or 0
        for row in VisitTally.objects.filter(recorded_by=user)
        .values("campaign_id")
        .annotate(n=Sum("visits"))
    }
    return Member(
        person_id=person.pk,
        user_id=user.pk,
        membership=membership,
        commune_id=commune.pk,
        commune_path=commune.path,
        courses=courses,
        visits=visits,
    )


def covers(offer: Offer, commune_id: int, commune_path: str) -> bool:
    """Whether the offer's places hold the commune: its communes, or its whole province."""
    communes = [c.pk for c in offer.communes.all()]
    if communes:
        return commune_id in communes
    return tree.is_within(commune_path, offer.province.path)


def places_label(offer: Offer) -> str:
    names = [c.name for c in offer.communes.all()]
    return ", ".join(names) if names else _("the whole province")


def checks(offer: Offer, member: Member, today: date) -> list[Check]:
    """Each line of the offer's eligibility for the member, in order: the offer's places
    first, then its conditions (`offer.conditions` may be prefetched)."""
    lines = [
        Check(
            _("Active member of a team in %(places)s") % {"places": places_label(offer)},
            covers(offer, member.commune_id, member.commune_path),
        )
    ]
    for condition in offer.conditions.all():
        lines.append(_check(condition, member, today))
    return lines


def _check(condition: Condition, member: Member, today: date) -> Check:
    if condition.kind == ConditionKind.ACTIVE_MEMBER:
        days = condition.at_least or 0
        joined = member.membership.joined_on
        return Check(
            _("In the team for at least %(days)s days") % {"days": number(days)},
            joined <= today - timedelta(days=days),
        )
    if condition.kind == ConditionKind.LEADER:
        return Check(
            _("Team leader or deputy"),
            member.membership.role in (TeamRole.LEADER, TeamRole.DEPUTY),
        )
    if condition.kind == ConditionKind.COURSE:
        return Check(
            _("Completed the course “%(course)s”") % {"course": condition.course.title},
            condition.course_id in member.courses,
        )
    if condition.kind == ConditionKind.VISITS:
        done = member.visits.get(condition.campaign_id, 0)
        return Check(
            _("At least %(count)s household visits recorded in “%(campaign)s” (so far: %(done)s)")
            % {
                "count": number(condition.at_least or 0),
                "campaign": condition.campaign.name,
                "done": number(done),
            },
            done >= (condition.at_least or 0),
        )
    return Check(condition.get_kind_display(), False)


def is_eligible(offer: Offer, member: Member, today: date) -> bool:
    return all(line.ok for line in checks(offer, member, today))


def describe(condition: Condition) -> str:
    """A condition as the offer's page lists it."""
    if condition.kind == ConditionKind.ACTIVE_MEMBER:
        return _("In the team for at least %(days)s days") % {
            "days": number(condition.at_least or 0)
        }
    if condition.kind == ConditionKind.COURSE:
        return _("Completed the course “%(course)s”") % {"course": condition.course.title}
    if condition.kind == ConditionKind.VISITS:
        return _("At least %(count)s household visits recorded in “%(campaign)s”") % {
            "count": number(condition.at_least or 0),
            "campaign": condition.campaign.name,
        }
    return str(condition.get_kind_display())
