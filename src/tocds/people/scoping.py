"""The one scoping mechanism of tocds.

A user's rights come from two sources:
- role grants: user × role × place; a grant holds for the place's whole subtree;
- team memberships: an active leader, deputy or member acts on their own team only.

`scope_for(user, perm)` turns both into a `Scope`: the place subtrees and teams where the user
holds `perm`. Every query of scoped data goes through a `visible_to(user, perm)` queryset method
or a `get_<thing>_for_user` helper built on it; nothing else filters by scope by hand.
The policy (which role holds which permission) is the table `ROLE_PERMISSIONS` below.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from tocds.core.sql import fetch
from tocds.people.models import OrganisationKind, Role
from tocds.people.phones import mask, national
from tocds.places import tree


class Perm(StrEnum):
    VIEW_TEAMS = "teams.view"
    MANAGE_TEAMS = "teams.manage"  # create and edit teams, move members between teams
    MANAGE_MEMBERS = "members.manage"  # add, edit and end memberships
    VIEW_PHONES = "members.phones"  # see members' phone numbers unmasked
    EXPORT_MEMBERS = "members.export"
    MANAGE_PLACES = "places.manage"  # import hamlets
    MANAGE_USERS = "people.users"  # create users, grant and revoke roles
    MANAGE_ORGANISATIONS = "people.organisations"  # agencies, enterprises, schools, media …
    MANAGE_CATALOGUE = "campaigns.catalogue"  # the service catalogue (province-wide data)
    MANAGE_CAMPAIGNS = "campaigns.manage"  # launch, change, open and close campaigns
    MANAGE_PLANS = "campaigns.plans"  # a commune's campaign plan and team assignments
    RECORD_VISITS = "visits.record"  # record household visits for a team (the field app)
    VIEW_PROGRESS = "visits.progress"  # campaign progress, visits and their figures
    REVIEW_VISITS = "visits.review"  # fix, exclude and resolve flagged visits and conflicts
    WRITE_REPORTS = "reports.write"  # write and submit a commune's campaign results report
    REVIEW_REPORTS = "reports.review"  # accept, return and unlock communes' reports
    # Training (D1.3, D4.1, D4.2). Courses of a province are seen in all its communes; a
    # commune's only there. Managing is limited to the place where the course is organised.
    VIEW_TRAINING = "training.view"  # plans, courses, sessions and training figures
    MANAGE_TRAINING = "training.manage"  # plans, courses, sessions, enrolment, attendance
    ENROL_SELF = "training.enrol_self"  # a team member enrols in sessions open to their team
    # Learning content (lessons, questions, facts; province-wide data), its usage figures and
    # revoking learning certificates.
    MANAGE_LEARNING = "learning.manage"
    # Record that a citizen's skill was checked in person (team members, for their team).
    CHECK_SKILLS = "learning.check"
    # School programme (D2.1): manage one's own classes, record delivered lessons and run class
    # quizzes. Held by teachers through a grant whose organisation is a school (see
    # ORGANISATION_PERMISSIONS); classes are further limited to the teacher's own.
    TEACH_CLASSES = "schools.teach"
    # The school programme's figures (schools reached, lessons, students, class mastery) and
    # their Excel export: the Department of Education's officers, commune officers for their
    # commune's schools. Figures only: never a class quiz's code or a class's page.
    VIEW_SCHOOL_PROGRAMME = "schools.view"
    # Digital-transformation models, initiatives and good practices (D1.2): commune officers
    # propose and run their commune's; the province too. Reviewing (replicating a model,
    # marking it for replication) is the province's.
    MANAGE_INITIATIVES = "initiatives.manage"
    REVIEW_INITIATIVES = "initiatives.review"
    # Emulation movements (D5.2): the Youth Union (or another organiser) launches and runs a
    # movement, its criteria, participants and hand scores, and closes it. Officers read the
    # movements that concern their places; the leaderboard of a movement is public.
    MANAGE_MOVEMENTS = "movements.manage"
    VIEW_MOVEMENTS = "movements.view"
    # Honours (D1.5, D3.1), one permission per step of the dossier's way: a proposing unit
    # (a commune, the Youth Union) nominates and submits; the Department of Science and
    # Technology runs the rounds and selects within the quotas; the Department of Home
    # Affairs appraises and proposes; the Chairman's office records the decision. Viewing
    # gives the honours' figures and the nominations of one's places.
    VIEW_HONOURS = "honours.view"
    PROPOSE_HONOURS = "honours.propose"
    MANAGE_HONOUR_ROUNDS = "honours.rounds"
    SELECT_HONOURS = "honours.select"
    APPRAISE_HONOURS = "honours.appraise"
    DECIDE_HONOURS = "honours.decide"
    # Outreach (D4.5, D6.1): log communication items and events of one's places (a media
    # editor: of the outlet named on the grant); read the figures of one's places; mark items
    # public as the province's news.
    LOG_OUTREACH = "outreach.log"
    VIEW_OUTREACH = "outreach.view"
    PUBLISH_NEWS = "outreach.publish"
    # Partners (D7.1, D7.2): an enterprise's officer sees its focal staff in the teams and runs
    # its offers and their redemptions (of the enterprise named on the grant); the province
    # reads the teams by enterprise and the offers' uptake; team members claim offers.
    VIEW_PARTNER_STAFF = "partners.staff"
    MANAGE_OFFERS = "partners.offers"
    VIEW_OFFERS = "partners.view"
    CLAIM_OFFERS = "partners.claim"
    # Notifications and background jobs (issue 17 §3–§4): the jobs that failed or wait to be
    # tried again, with their error (the province's administrator, through ROLE_PERMISSIONS).
    VIEW_JOBS = "jobs.view"
    # The directive tracker (issue 17 §1): reading the clauses, their figures and statuses of
    # one's places; reporting on a clause (its status and hand figures with evidence) where the
    # user acts for its responsible agency or, for the clauses that fall to the communes, for
    # the commune; setting the periods, the directives and the targets (the province).
    VIEW_TRACKER = "tracker.view"
    REPORT_TRACKER = "tracker.report"
    MANAGE_TRACKER = "tracker.manage"


_OFFICER = {
    Perm.VIEW_TEAMS,
    Perm.MANAGE_TEAMS,
    Perm.MANAGE_MEMBERS,
    Perm.VIEW_PHONES,
    Perm.EXPORT_MEMBERS,
    Perm.MANAGE_PLACES,
    Perm.MANAGE_ORGANISATIONS,
    Perm.MANAGE_PLANS,
    Perm.VIEW_PROGRESS,
    Perm.REVIEW_VISITS,
    Perm.WRITE_REPORTS,
    Perm.VIEW_TRAINING,
    Perm.MANAGE_TRAINING,
    Perm.MANAGE_INITIATIVES,
    Perm.VIEW_MOVEMENTS,
    Perm.VIEW_HONOURS,
    Perm.PROPOSE_HONOURS,
    Perm.LOG_OUTREACH,
    Perm.VIEW_OUTREACH,
}
_READER = {
    Perm.VIEW_TEAMS,
    Perm.EXPORT_MEMBERS,
    Perm.VIEW_PROGRESS,
    Perm.VIEW_TRAINING,
    Perm.VIEW_MOVEMENTS,
}
_TEAM_MANAGER = {
    Perm.VIEW_TEAMS,
    Perm.MANAGE_MEMBERS,
    Perm.VIEW_PHONES,
    Perm.EXPORT_MEMBERS,
    Perm.RECORD_VISITS,
    Perm.VIEW_PROGRESS,
    Perm.VIEW_TRAINING,
    Perm.ENROL_SELF,
    Perm.CHECK_SKILLS,
    Perm.CLAIM_OFFERS,
}

# The directive tracker: the offices responsible for clauses (the Department of Science and
# Technology, of Education, of Home Affairs, the Youth Union) and the communes read it and report
# on their own clauses (the service checks the clause is theirs); the Chairman's office reads it.
_TRACKER_REPORT = {Perm.VIEW_TRACKER, Perm.REPORT_TRACKER}

# The policy table: what each role may do within its scope.
ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    # Everything but teaching a class, which only a school's teacher does, the three steps of
    # an honour that belong to other offices (selecting, appraising, deciding), an enterprise's
    # own work (its staff, its offers) and claiming a team member's offer.
    Role.PROVINCE_ADMIN: frozenset(Perm)
    - {
        Perm.TEACH_CLASSES,
        Perm.SELECT_HONOURS,
        Perm.APPRAISE_HONOURS,
        Perm.DECIDE_HONOURS,
        Perm.VIEW_PARTNER_STAFF,
        Perm.MANAGE_OFFERS,
        Perm.CLAIM_OFFERS,
    },
    # A commune officer also reads the school programme's figures of their commune's schools.
    Role.COMMUNE_OFFICER: frozenset(_OFFICER | {Perm.VIEW_SCHOOL_PROGRAMME} | _TRACKER_REPORT),
    # The Chairman's office records the Chairman's decisions on honours and reads the tracker.
    Role.APPROVER: frozenset(_READER | {Perm.VIEW_HONOURS, Perm.DECIDE_HONOURS, Perm.VIEW_TRACKER}),
    Role.AGENCY_OFFICER: frozenset(_READER),
    # The Youth Union runs its emulation movements and proposes its members for honours.
    Role.YOUTH_OFFICER: frozenset(
        _READER | {Perm.MANAGE_MOVEMENTS, Perm.VIEW_HONOURS, Perm.PROPOSE_HONOURS} | _TRACKER_REPORT
    ),
    Role.TEACHER: frozenset(),
    # A media editor logs the items of the outlet named on the grant (a grant without one gives
    # nothing: see ORGANISATION_PERMISSIONS); an enterprise's officer likewise for its
    # enterprise.
    Role.MEDIA_EDITOR: frozenset(),
    Role.PARTNER_OFFICER: frozenset(),
    # Team roles, the values of tocds.teams.models.TeamRole (held through a membership).
    "leader": frozenset(_TEAM_MANAGER),
    "deputy": frozenset(_TEAM_MANAGER),
    "member": frozenset(
        {
            Perm.VIEW_TEAMS,
            Perm.RECORD_VISITS,
            Perm.VIEW_TRAINING,
            Perm.ENROL_SELF,
            Perm.CHECK_SKILLS,
            Perm.CLAIM_OFFERS,
        }
    ),
}

# Grants whose organisation is of a given kind: their permissions, in place of the role's in
# ROLE_PERMISSIONS. A teacher teaches at the school named on the grant (a teacher grant without
# a school gives nothing). An agency officer of the Department of Education and Training sees
# the school programme, and only that: not the teams' registry, where the department has no
# task (other agency officers keep the role's permissions).
ORGANISATION_PERMISSIONS: dict[tuple[str, str], frozenset[Perm]] = {
    (Role.TEACHER, OrganisationKind.SCHOOL): frozenset({Perm.TEACH_CLASSES}),
    (Role.AGENCY_OFFICER, OrganisationKind.EDUCATION_AGENCY): frozenset(
        {Perm.VIEW_SCHOOL_PROGRAMME} | _TRACKER_REPORT
    ),
    # A media editor logs the items of the outlet named on the grant; an enterprise's officer
    # sees the enterprise's focal staff and runs its offers.
    (Role.MEDIA_EDITOR, OrganisationKind.MEDIA): frozenset({Perm.LOG_OUTREACH}),
    (Role.PARTNER_OFFICER, OrganisationKind.ENTERPRISE): frozenset(
        {Perm.VIEW_PARTNER_STAFF, Perm.MANAGE_OFFERS}
    ),
    # The Department of Science and Technology leads the teams' work: it reads everything an
    # agency reads, runs and reviews the models, runs the honours' rounds and selects
    # nominations, reads the outreach and the offers, and publishes the province's news.
    (Role.AGENCY_OFFICER, OrganisationKind.SCIENCE_AGENCY): frozenset(
        _READER
        | {
            Perm.VIEW_OUTREACH,
            Perm.PUBLISH_NEWS,
            Perm.VIEW_OFFERS,
            Perm.MANAGE_INITIATIVES,
            Perm.REVIEW_INITIATIVES,
            Perm.VIEW_HONOURS,
            Perm.MANAGE_HONOUR_ROUNDS,
            Perm.SELECT_HONOURS,
        }
        | _TRACKER_REPORT
    ),
    # The Department of Home Affairs (its emulation board) appraises what the Department of
    # Science and Technology selected; it has no task in the teams' registry.
    (Role.AGENCY_OFFICER, OrganisationKind.HOME_AFFAIRS_AGENCY): frozenset(
        {Perm.VIEW_MOVEMENTS, Perm.VIEW_HONOURS, Perm.APPRAISE_HONOURS} | _TRACKER_REPORT
    ),
}

# Roles a grant may confer on places of each level (team roles come from memberships).
GRANTABLE_LEVELS: dict[str, tuple[str, ...]] = {
    Role.PROVINCE_ADMIN: ("province",),
    Role.AGENCY_OFFICER: ("province",),
    Role.APPROVER: ("province",),
    Role.COMMUNE_OFFICER: ("commune",),
    Role.TEACHER: ("commune",),
    Role.YOUTH_OFFICER: ("province", "commune"),
    Role.MEDIA_EDITOR: ("province", "commune"),
    Role.PARTNER_OFFICER: ("province", "commune"),
}


@dataclass(frozen=True)
class Scope:
    """Where a user holds one permission: place subtrees (by path) and single teams."""

    paths: frozenset[str] = field(default_factory=frozenset)
    team_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not self.paths and not self.team_ids

    def place_q(self, path_field: str = "path") -> Q:
        """Places (or rows with a place) inside the granted subtrees."""
        return tree.within(self.paths, path_field)

    def team_q(self, prefix: str = "") -> Q:
        """Teams (or rows of a team, via `prefix`, e.g. "team__") in scope."""
        q = self.place_q(f"{prefix}place__path") if self.paths else Q(pk__in=[])
        if self.team_ids:
            q |= Q(**{f"{prefix}pk__in": sorted(self.team_ids)})
        return q

    def covers_path(self, path: str) -> bool:
        return any(tree.is_within(path, p) for p in self.paths)

    def covers_team(self, team) -> bool:
        return self.covers_team_at(team.pk, team.place.path)

    def covers_team_at(self, team_id: int, place_path: str) -> bool:
        """`covers_team` for callers that hold only the team's id and its place's path."""
        return team_id in self.team_ids or self.covers_path(place_path)


def _minimal(paths: set[str]) -> frozenset[str]:
    """Drop paths that lie inside another granted path."""
    return frozenset(p for p in paths if not any(p != o and tree.is_within(p, o) for o in paths))


def _grants(user) -> list[tuple[str, str, int | None, str | None]]:
    """(role, place path, organisation id, organisation kind) of the user's active grants,
    cached on the user object."""
    cached = getattr(user, "_tocds_grants", None)
    if cached is None:
        # Read on nearly every request: plain SQL (tocds.core.sql). Grants not revoked, on
        # places still in force.
        cached = fetch(
            "SELECT g.role, p.path, g.organisation_id, o.kind FROM people_rolegrant g "
            "JOIN places_place p ON p.id = g.place_id "
            "LEFT JOIN people_organisation o ON o.id = g.organisation_id "
            "WHERE g.user_id = %s AND g.revoked_at IS NULL AND p.valid_to IS NULL",
            [user.pk],
        )
        user._tocds_grants = cached
    return cached


def _grant_perms(role: str, organisation_kind: str | None) -> frozenset[Perm]:
    special = ORGANISATION_PERMISSIONS.get((role, organisation_kind or ""))
    return special if special is not None else ROLE_PERMISSIONS.get(role, frozenset())


def _team_roles(user) -> list[tuple[str, int]]:
    """(team role, team id) of the user's active memberships, cached on the user object."""
    cached = getattr(user, "_tocds_team_roles", None)
    if cached is None:
        # Memberships not ended, in active teams (plain SQL, as for the grants).
        cached = fetch(
            "SELECT m.role, m.team_id FROM teams_membership m "
            "JOIN people_person pe ON pe.id = m.person_id "
            "JOIN teams_team t ON t.id = m.team_id "
            "WHERE pe.user_id = %s AND m.left_on IS NULL AND t.status = %s",
            [user.pk, "active"],
        )
        user._tocds_team_roles = cached
    return cached


def scope_for(user, perm: Perm) -> Scope:
    """The scope where `user` holds `perm`. Anonymous and inactive users hold nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    paths = {path for role, path, _, kind in _grants(user) if perm in _grant_perms(role, kind)}
    team_ids = {
        team_id for role, team_id in _team_roles(user) if perm in ROLE_PERMISSIONS.get(role, ())
    }
    return Scope(paths=_minimal(paths), team_ids=frozenset(team_ids))


def has_perm_anywhere(user, perm: Perm) -> bool:
    return not scope_for(user, perm).is_empty


def require_perm_anywhere(user, perm: Perm) -> None:
    """For pages that are not about one object: 404 unless the user holds `perm` somewhere."""
    if scope_for(user, perm).is_empty:
        raise Http404


def may_act_at(user, perm: Perm, *, place=None, team=None) -> bool:
    """Whether `user` holds `perm` over one place (a grant on it or above it) or one team (a
    grant over its place, or a team role in it); with neither, anywhere at all."""
    if place is not None and team is not None:
        raise TypeError("may_act_at takes place= or team=, not both")
    if team is not None:
        return scope_for(user, perm).covers_team(team)
    if place is not None:
        return scope_for(user, perm).covers_path(place.path)
    return has_perm_anywhere(user, perm)


def require_perm_at(actor, perm: Perm, *, place=None, team=None) -> None:
    """The one check of a service before it acts: PermissionDenied unless `actor` holds `perm`
    over the place or the team (or, with neither, somewhere). Views have already answered 404
    through a scoped lookup; this is the second check, for every other caller."""
    if not may_act_at(actor, perm, place=place, team=team):
        raise PermissionDenied


@dataclass(frozen=True)
class PhoneDisplay:
    """How phone numbers are shown to one user: in full ("0912 345 678") where the user holds
    VIEW_PHONES over the row's team or place, masked ("09xx xxx 678") everywhere else. Every
    page, export and API answer that shows a phone asks this; build it once per request."""

    scope: Scope

    @classmethod
    def for_user(cls, user) -> "PhoneDisplay":
        return cls(scope_for(user, Perm.VIEW_PHONES))

    def show(
        self,
        phone: str | None,
        *,
        team=None,
        place=None,
        team_id: int | None = None,
        path: str | None = None,
    ) -> str:
        """The phone as this user may see it, for a row of a `team` (or `team_id` and its
        place's `path`) or of a `place` (or its `path`)."""
        if team is not None:
            team_id, path = team.pk, team.place.path
        elif place is not None:
            path = place.path
        if path is None:
            raise TypeError("PhoneDisplay.show needs the row's team or place")
        unmasked = (
            self.scope.covers_team_at(team_id, path)
            if team_id is not None
            else self.scope.covers_path(path)
        )
        return national(phone) if unmasked else mask(phone)


def organisations_for(user, perm: Perm) -> frozenset[int]:
    """The organisations named on the user's grants that give `perm` (through
    ORGANISATION_PERMISSIONS or the role itself), e.g. the schools where a teacher teaches."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    return frozenset(
        organisation_id
        for role, _, organisation_id, kind in _grants(user)
        if organisation_id is not None and perm in _grant_perms(role, kind)
    )


def paths_without_organisation(user, perm: Perm) -> frozenset[str]:
    """The places of the user's grants that give `perm` without naming an organisation: where
    the user acts for the place itself (a commune's officer, the province's administrator),
    not for one organisation there (the Youth Union's officer acts for the Youth Union)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    return _minimal(
        {
            path
            for role, path, organisation_id, kind in _grants(user)
            if organisation_id is None and perm in _grant_perms(role, kind)
        }
    )


def roles_of(user) -> set[str]:
    """Every role the user holds now, granted or from a team membership."""
    if user is None or not user.is_authenticated:
        return set()
    return {grant[0] for grant in _grants(user)} | {role for role, _ in _team_roles(user)}


def forget_cached_scope(user) -> None:
    """Call after changing a user's grants or memberships within one request."""
    for attr in ("_tocds_grants", "_tocds_team_roles"):
        if hasattr(user, attr):
            delattr(user, attr)
