"""The home page of a signed-in user: one section per kind of work they hold (a team's days,
a commune officer's to-dos, the province's overview). The to-dos are in `todos`; the team's
section is here. Plain reads, scoped through the apps' `visible_to` querysets and the user's
scope, in a fixed number of queries whatever the number of rows."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from tocds.campaigns.models import Assignment, CampaignStatus
from tocds.home.recognition import honours_todos
from tocds.home.todos import (
    COMING_DAYS,
    CommuneDesk,
    ProvinceDesk,
    Todo,
    commune_desk,
    province_desk,
)
from tocds.learning.models import Attempt
from tocds.learning.models import Skill as LearningSkill
from tocds.movements.queries import running_managed_by
from tocds.partners.queries import offers_for_you
from tocds.people.scoping import Perm, has_perm_anywhere, scope_for
from tocds.places.models import Level, Place
from tocds.teams.models import Team
from tocds.training.models import Enrolment, EnrolmentStatus, Session
from tocds.training.services import sessions_open_to_team


@dataclass
class TeamDesk:
    teams: list[Team]
    assignments: list[Assignment]  # today's and the coming days', today's first
    today: date
    skills_passed: int = 0
    skills_total: int = 0
    enrolments: list[Enrolment] = field(default_factory=list)  # sessions to come
    enrolments_count: int = 0
    sessions_open: int = 0  # sessions open to the team that the user has not enrolled in
    offers: int = 0  # enterprises' offers the member may claim now (tocds.partners)


@dataclass
class Desk:
    team: TeamDesk | None = None
    commune: CommuneDesk | None = None
    province: ProvinceDesk | None = None
    honours: list[Todo] = field(default_factory=list)  # one to-do per step the user holds
    # The province's section comes first for those who run campaigns (the administrator).
    province_first: bool = False
    # The running emulation movements the user runs (the Youth Union's officers).
    movements: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return (
            self.team is None
            and self.commune is None
            and self.province is None
            and not self.movements
            and not self.honours
        )


def desk_for(user, *, today: date | None = None) -> Desk:
    """The sections of the user's home: one per kind of work the user holds."""
    today = today or timezone.localdate()
    granted = _granted_places(user)
    provinces = [p for p in granted if p.level == Level.PROVINCE]
    communes = [p for p in granted if p.level == Level.COMMUNE]
    team_ids = scope_for(user, Perm.RECORD_VISITS).team_ids
    return Desk(
        team=team_desk(user, team_ids, today) if team_ids else None,
        commune=commune_desk(user, communes, today) if communes else None,
        province=province_desk(user, provinces, today) if provinces else None,
        honours=honours_todos(user, today),
        province_first=has_perm_anywhere(user, Perm.MANAGE_CAMPAIGNS),
        movements=_running_movements(user),
    )


def _running_movements(user) -> list:
    if not has_perm_anywhere(user, Perm.MANAGE_MOVEMENTS):
        return []
    return list(running_managed_by(user)[:10])


def _granted_places(user) -> list[Place]:
    """The provinces where the user follows progress and the communes where they make plans:
    the places of their grants (not the communes below a province grant)."""
    provinces = scope_for(user, Perm.VIEW_PROGRESS).paths
    communes = scope_for(user, Perm.MANAGE_PLANS).paths
    if not provinces and not communes:
        return []
    places = Place.objects.current().filter(path__in=sorted(provinces | communes))
    return [
        p
        for p in places.order_by("search_name")
        if (p.level == Level.PROVINCE and p.path in provinces)
        or (p.level == Level.COMMUNE and p.path in communes)
    ]


# A team's home ---------------------------------------------------------------------------------


def team_desk(user, team_ids, today: date) -> TeamDesk:
    teams = list(
        Team.objects.filter(pk__in=sorted(team_ids)).select_related("place").order_by("name")
    )
    assignments = list(
        Assignment.objects.visible_to(user, Perm.RECORD_VISITS)
        .filter(
            team_id__in=sorted(team_ids),
            plan__campaign__status=CampaignStatus.OPEN,
            ends_on__gte=today,
            starts_on__lte=today + timedelta(days=COMING_DAYS - 1),
        )
        .select_related("hamlet", "team", "plan__campaign")
        .order_by("starts_on", "hamlet__search_name")[:20]
    )
    for assignment in assignments:
        assignment.is_today = assignment.starts_on <= today
    now = timezone.now()
    mine = Enrolment.objects.filter(
        person__user=user,
        status=EnrolmentStatus.ENROLLED,
        session__ends_at__gte=now,
        session__cancelled=False,
    )
    enrolments = list(mine.select_related("session__course").order_by("session__starts_at")[:3])
    enrolled = Enrolment.objects.filter(
        session=OuterRef("pk"), person__user=user, status=EnrolmentStatus.ENROLLED
    )
    return TeamDesk(
        teams=teams,
        assignments=assignments,
        today=today,
        skills_passed=Attempt.objects.filter(user=user, passed=True)
        .values("skill_id")
        .distinct()
        .count(),
        skills_total=LearningSkill.objects.count(),
        enrolments=enrolments,
        enrolments_count=mine.count(),
        sessions_open=Session.objects.filter(sessions_open_to_team(user), ends_at__gte=now)
        .exclude(Exists(enrolled))
        .count(),
        offers=offers_for_you(user) if has_perm_anywhere(user, Perm.CLAIM_OFFERS) else 0,
    )
