"""Campaign progress, read for one area a user may see: the province (or the communes of it in
the user's scope), a commune, a hamlet or a team.

Every figure about visits comes from `tocds.visits.figures` (pre-aggregated tallies); this module
only adds what is registered (targets, hamlets, teams, members) and shapes rows for pages,
charts and reports. Which area a user may open is decided by `area_for` through the scoping
mechanism (`scope_for(user, Perm.VIEW_PROGRESS)`); everything outside it is a 404.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import quote

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tocds.campaigns.models import Campaign, CommunePlan, Service
from tocds.core.skills import Skill
from tocds.core.sql import fetch
from tocds.people.models import User
from tocds.people.scoping import Perm, Scope, scope_for
from tocds.places.models import Level, Place
from tocds.teams.models import Membership, Team, TeamStatus
from tocds.teams.queries import coverage_by_commune
from tocds.visits import figures

PROVINCE, COMMUNE, HAMLET, TEAM = "province", "commune", "hamlet", "team"


@dataclass(frozen=True)
class Filters:
    """What the dashboard is narrowed to. Days apply to every figure; skill and service narrow
    the service figures (the place figures count households whatever they were guided in)."""

    day_from: date | None = None
    day_to: date | None = None
    skill: str = ""
    service_id: int | None = None

    @property
    def narrows_services(self) -> bool:
        return bool(self.skill or self.service_id)

    def service_ids(self, campaign: Campaign) -> set[int] | None:
        if not self.narrows_services:
            return None
        services = campaign.services.all()
        if self.skill:
            services = services.filter(skill=self.skill)
        if self.service_id:
            services = services.filter(pk=self.service_id)
        return set(services.values_list("pk", flat=True))

    def days(self) -> dict:
        return {"day_from": self.day_from, "day_to": self.day_to}


@dataclass(frozen=True)
class Area:
    """Where a dashboard looks: `communes` are the commune ids its figures cover."""

    level: str
    campaign: Campaign
    communes: tuple[int, ...]
    place: Place | None = None  # the province, commune or hamlet
    team: Team | None = None

    @property
    def whole(self) -> bool:
        """A province area over every commune of the campaign (figures need no commune list)."""
        return self.level == PROVINCE and len(self.communes) == len(
            campaign_communes(self.campaign)
        )

    @property
    def key(self) -> dict[str, str]:
        """How chart URLs name this area (query parameters)."""
        if self.level == TEAM:
            return {"team": str(self.team.pk)}
        if self.level in (COMMUNE, HAMLET):
            return {self.level: self.place.code}
        return {}


@lru_cache(maxsize=16)
def _thousands(language: str | None) -> str | None:
    """The language's thousands separator, or None where it groups no digits."""
    if get_format("NUMBER_GROUPING", language) != 3:
        return None
    return str(get_format("THOUSAND_SEPARATOR", language))


def thousands_separator() -> str | None:
    """The active language's thousands separator, or None where it groups no digits."""
    return _thousands(get_language())


def _grouped(number: int, separator: str | None) -> str:
    """A whole number as `intcomma` writes it in the active language, without its cost (a
    province page writes a thousand numbers)."""
    return str(number) if separator is None else f"{number:,}".replace(",", separator)


def _of(part: int, whole: int | None, *, always: bool = False, separator: str | None = "") -> str:
    """Part and whole as "1.234 / 2.000" in the active language; "—" for an unknown whole
    when `always`, nothing after the part when the whole is not set. `separator`: the
    language's thousands separator, when the caller looked it up already."""
    if separator == "":
        separator = thousands_separator()
    text = _grouped(part, separator)
    if whole is not None:
        return f"{text} / {_grouped(whole, separator)}"
    return f"{text} / —" if always else text


@dataclass
class Line:
    """One row of a progress table (or the total of the area)."""

    label: str
    url: str = ""
    visits: int = 0
    people: int = 0
    households_target: int | None = None
    people_target: int | None = None
    hamlets_reached: int | None = None
    hamlets_total: int | None = None
    teams_active: int = 0
    teams_registered: int | None = None
    members_active: int = 0
    members_registered: int | None = None
    service_people: int | None = None  # people guided in the selected services

    @staticmethod
    def _share(part: int | None, whole: int | None) -> float | None:
        if part is None or not whole:
            return None
        return round(100 * part / whole, 1)

    @property
    def households_share(self) -> float | None:
        return self._share(self.visits, self.households_target)

    @property
    def people_share(self) -> float | None:
        return self._share(self.people, self.people_target)

    @property
    def hamlet_share(self) -> float | None:
        return self._share(self.hamlets_reached, self.hamlets_total)

    # Cells as text, written in Python: a province table has a hundred rows, and the template
    # tags and filters of eight cells per row cost more than every query of the page.
    def texts(self, separator: str | None) -> tuple[str, str, str, str, str]:
        """Households, people, hamlets, teams and members cells, with the language's
        thousands `separator` (looked up once per table)."""
        hamlets = (
            "—"
            if self.hamlets_total is None
            else _of(self.hamlets_reached or 0, self.hamlets_total, separator=separator)
        )
        return (
            _of(self.visits, self.households_target or None, separator=separator),
            _of(self.people, self.people_target or None, separator=separator),
            hamlets,
            _of(self.teams_active, self.teams_registered, always=True, separator=separator),
            _of(self.members_active, self.members_registered, always=True, separator=separator),
        )

    @property
    def visits_text(self) -> str:
        return self.texts(thousands_separator())[0]

    def take(self, totals: figures.Totals) -> "Line":
        self.visits, self.people = totals.visits, totals.people
        self.teams_active, self.members_active = totals.teams, totals.members
        if self.hamlets_total is not None:
            self.hamlets_reached = totals.hamlets
        return self


@dataclass
class ServiceLine:
    name: str
    skill: str
    visits: int
    people: int
    done: int
    follow_up: int


@dataclass
class Table:
    title: str
    first_column: str
    lines: list[Line]
    registered: bool = True  # show targets and registered counts


@dataclass
class Dashboard:
    area: Area
    filters: Filters
    total: Line
    tables: list[Table] = field(default_factory=list)
    days: list[tuple[date, int, int]] = field(default_factory=list)  # day, households, people
    services: list[ServiceLine] = field(default_factory=list)
    skills: list[tuple[str, int, int]] = field(default_factory=list)  # label, households, people
    ranking: list[tuple[str, float]] = field(default_factory=list)  # commune, % of target


# --- which area a user may open -------------------------------------------------------------


def progress_scope(user) -> Scope:
    return scope_for(user, Perm.VIEW_PROGRESS)


def campaign_communes(campaign: Campaign) -> list[Place]:
    """The current communes the campaign covers, by name (read once per campaign object, that
    is once per request)."""
    cached = getattr(campaign, "_progress_communes", None)
    if cached is None:
        communes = Place.objects.current().filter(level=Level.COMMUNE, parent=campaign.province)
        if not campaign.whole_province:
            communes = communes.filter(pk__in=campaign.communes.values("pk"))
        cached = campaign._progress_communes = list(communes.order_by("search_name"))
    return cached


def area_communes(area: Area) -> list[Place]:
    """The communes of a province area, by name (from the campaign's list, no query)."""
    wanted = set(area.communes)
    return [c for c in campaign_communes(area.campaign) if c.pk in wanted]


def get_campaign_for_user(user, pk: int) -> Campaign:
    """A campaign the user may follow (holds VIEW_PROGRESS somewhere it reaches); else 404."""
    campaign = get_object_or_404(
        Campaign.objects.visible_to(user).select_related("province"), pk=pk
    )
    if progress_scope(user).is_empty:
        raise Http404
    return campaign


def province_area(user, campaign: Campaign) -> Area | None:
    """The province view: the whole campaign for province-level readers, or the covered
    communes inside the user's scope. None when the user's scope holds only teams."""
    scope = progress_scope(user)
    communes = [c for c in campaign_communes(campaign) if scope.covers_path(c.path)]
    if not communes:
        return None
    return Area(PROVINCE, campaign, tuple(c.pk for c in communes), place=campaign.province)


def commune_area(user, campaign: Campaign, code: str) -> Area:
    scope = progress_scope(user)
    commune = get_object_or_404(
        Place.objects.current().select_related("parent"), code=code, level=Level.COMMUNE
    )
    if not scope.covers_path(commune.path) or commune.pk not in {
        c.pk for c in campaign_communes(campaign)
    }:
        raise Http404
    return Area(COMMUNE, campaign, (commune.pk,), place=commune)


def hamlet_area(user, campaign: Campaign, code: str) -> Area:
    scope = progress_scope(user)
    hamlet = get_object_or_404(
        Place.objects.current().select_related("parent", "commune"), code=code, level=Level.HAMLET
    )
    if not scope.covers_path(hamlet.path) or hamlet.commune_id not in {
        c.pk for c in campaign_communes(campaign)
    }:
        raise Http404
    return Area(HAMLET, campaign, (hamlet.commune_id,), place=hamlet)


def team_area(user, campaign: Campaign, pk: int) -> Area:
    team = get_object_or_404(
        Team.objects.visible_to(user, Perm.VIEW_PROGRESS).select_related("place"), pk=pk
    )
    commune_id = team.place.commune_id
    if commune_id not in {c.pk for c in campaign_communes(campaign)}:
        raise Http404
    return Area(TEAM, campaign, (commune_id,), place=team.place, team=team)


def own_teams(user, campaign: Campaign) -> list[Team]:
    """Teams the user follows through a team role (a leader's own team), in the campaign."""
    covered = {c.pk for c in campaign_communes(campaign)}
    teams = Team.objects.filter(pk__in=sorted(progress_scope(user).team_ids)).select_related(
        "place"
    )
    return [t for t in teams.order_by("name") if t.place.commune_id in covered]


# --- the figures of an area ---------------------------------------------------------------


def dashboard(area: Area, filters: Filters) -> Dashboard:
    builders = {
        PROVINCE: _province,
        COMMUNE: _commune,
        HAMLET: _hamlet,
        TEAM: _team,
    }
    return builders[area.level](area, filters)


_SENTINEL = 987654321  # fits both the <int:> and the <str:> converters


@lru_cache(maxsize=256)
def _url_pattern(name: str, campaign_pk: int, with_arg: bool) -> str:
    return reverse(f"progress:{name}", args=[campaign_pk, _SENTINEL] if with_arg else [campaign_pk])


def _url(name: str, campaign: Campaign, *args) -> str:
    """`reverse` once per page and table, not once per row (a province has 100 communes)."""
    if not args:
        return _url_pattern(name, campaign.pk, False)
    return _url_pattern(name, campaign.pk, True).replace(
        f"/{_SENTINEL}/", f"/{quote(str(args[0]), safe='')}/"
    )


def _province(area: Area, filters: Filters) -> Dashboard:
    campaign, whole = area.campaign, area.whole
    communes = area_communes(area)
    # Over the whole campaign, no list of a hundred commune ids: rows are looked up by commune.
    within = None if whole else area.communes
    by_commune = figures.totals_by("commune", campaign.pk, within, **filters.days())
    plans = CommunePlan.objects.filter(campaign=campaign)
    if not whole:
        plans = plans.filter(commune__in=area.communes)
    targets = {
        commune_id: (households, people)
        for commune_id, households, people in plans.values_list(
            "commune_id", "households_target", "people_target"
        )
    }
    service_ids = filters.service_ids(campaign)
    narrowed = (
        figures.services_by(
            "commune", campaign.pk, within, service_ids=service_ids, **filters.days()
        )
        if service_ids is not None
        else {}
    )
    lines = []
    registered = _registered_by_commune(communes, province=campaign.province)
    for commune in communes:
        coverage = registered[commune.pk]
        households_target, people_target = targets.get(commune.pk, (None, None))
        line = Line(
            label=commune.name,
            url=_url("commune", campaign, commune.code),
            households_target=households_target,
            people_target=people_target,
            hamlets_total=coverage.hamlets,
            teams_registered=coverage.teams,
            members_registered=coverage.members,
        ).take(by_commune.get(commune.pk, figures.Totals()))
        if service_ids is not None:
            line.service_people = narrowed[commune.pk].people if commune.pk in narrowed else 0
        lines.append(line)
    total = Line(
        label=campaign.province.name if whole else _("Your communes"),
        households_target=(
            campaign.households_target
            if whole and campaign.households_target
            else sum(line.households_target or 0 for line in lines) or None
        ),
        people_target=(
            campaign.people_target
            if whole and campaign.people_target
            else sum(line.people_target or 0 for line in lines) or None
        ),
        hamlets_total=sum(line.hamlets_total or 0 for line in lines),
        teams_registered=sum(line.teams_registered or 0 for line in lines),
        members_registered=sum(line.members_registered or 0 for line in lines),
    )
    # Hamlets and teams belong to one commune each, so the commune figures add up; a member
    # may have recorded in two communes, so members are counted once over the whole area.
    total.visits = sum(line.visits for line in lines)
    total.people = sum(line.people for line in lines)
    total.hamlets_reached = sum(line.hamlets_reached or 0 for line in lines)
    total.teams_active = sum(line.teams_active for line in lines)
    total.members_active = figures.members(
        campaign.pk, None if whole else area.communes, **filters.days()
    )
    if service_ids is not None:
        total.service_people = sum(line.service_people or 0 for line in lines)
    ranked = _ranked(lines)
    result = Dashboard(
        area=area,
        filters=filters,
        total=total,
        tables=[Table(_("Communes"), _("Commune"), lines)],
        ranking=ranked,
    )
    _add_days_and_services(result, None if whole else area.communes)
    return result


def _commune(area: Area, filters: Filters) -> Dashboard:
    campaign, commune = area.campaign, area.place
    days = filters.days()
    by_hamlet = figures.totals_by("hamlet", campaign.pk, area.communes, **days)
    by_team = figures.totals_by("team", campaign.pk, area.communes, **days)
    hamlets = list(
        Place.objects.current().filter(level=Level.HAMLET, commune=commune).order_by("search_name")
    )
    registered = _registered_teams(Q(place__commune=commune))
    hamlet_lines = []
    for hamlet in hamlets:
        teams = [t for t in registered.values() if t.place_id == hamlet.pk and t.is_registered]
        hamlet_lines.append(
            Line(
                label=hamlet.name,
                url=_url("hamlet", campaign, hamlet.code),
                hamlets_total=1,
                teams_registered=len(teams),
                members_registered=sum(t.member_count for t in teams),
            ).take(by_hamlet.get(hamlet.pk, figures.Totals()))
        )
    plan = CommunePlan.objects.filter(campaign=campaign, commune=commune).first()
    coverage = coverage_by_commune([commune])[0]
    total = Line(
        label=commune.name,
        households_target=plan.households_target if plan else None,
        people_target=plan.people_target if plan else None,
        hamlets_total=coverage.hamlets,
        teams_registered=coverage.teams,
        members_registered=coverage.members,
    ).take(figures.totals(campaign.pk, area.communes, **days))
    result = Dashboard(
        area=area,
        filters=filters,
        total=total,
        tables=[
            Table(_("Hamlets"), _("Hamlet"), hamlet_lines),
            Table(_("Teams"), _("Team"), _team_lines(campaign, registered, by_team)),
        ],
    )
    _add_days_and_services(result, area.communes)
    return result


def _hamlet(area: Area, filters: Filters) -> Dashboard:
    campaign, hamlet = area.campaign, area.place
    days = filters.days()
    by_team = figures.totals_by("team", campaign.pk, area.communes, hamlet_id=hamlet.pk, **days)
    registered = _registered_teams(Q(place=hamlet) | Q(pk__in=list(by_team)))
    own = [t for t in registered.values() if t.place_id == hamlet.pk and t.is_registered]
    total = Line(
        label=hamlet.name,
        hamlets_total=1,
        teams_registered=len(own),
        members_registered=sum(t.member_count for t in own),
    ).take(figures.totals(campaign.pk, area.communes, hamlet_id=hamlet.pk, **days))
    result = Dashboard(
        area=area,
        filters=filters,
        total=total,
        tables=[Table(_("Teams"), _("Team"), _team_lines(campaign, registered, by_team))],
    )
    result.days = _days(campaign, area.communes, filters, hamlet_id=hamlet.pk)
    _set_services(
        result,
        figures.hamlet_services(
            campaign.pk, hamlet.pk, service_ids=filters.service_ids(campaign), **days
        ),
    )
    return result


def _team(area: Area, filters: Filters) -> Dashboard:
    campaign, team = area.campaign, area.team
    days = filters.days()
    by_member = figures.totals_by("member", campaign.pk, area.communes, team_id=team.pk, **days)
    members = _member_users(team)
    names = dict(
        User.objects.filter(pk__in=set(by_member) | set(members)).values_list("pk", "full_name")
    )
    member_lines = [
        Line(label=names.get(user_id) or str(user_id), members_registered=None).take(
            by_member.get(user_id, figures.Totals())
        )
        for user_id in sorted(set(by_member) | set(members), key=lambda u: names.get(u) or "")
    ]
    total = Line(
        label=team.name,
        teams_registered=1 if team.status == TeamStatus.ACTIVE else 0,
        members_registered=Membership.objects.active().filter(team=team).count(),
    ).take(figures.totals(campaign.pk, area.communes, team_id=team.pk, **days))
    result = Dashboard(
        area=area,
        filters=filters,
        total=total,
        tables=[Table(_("Members"), _("Member"), member_lines, registered=False)],
    )
    result.days = _days(campaign, area.communes, filters, team_id=team.pk)
    return result


@dataclass
class _Registered:
    hamlets: int = 0
    teams: int = 0
    members: int = 0


def _registered_by_commune(communes: list[Place], *, province: Place) -> dict[int, _Registered]:
    """Current hamlets, active teams and their active members per commune.

    The register changes seldom and a province has tens of thousands of members, so the
    counts of the whole province are kept in the shared cache under the register's version:
    the last history ids of teams, memberships and places, which every change moves."""
    key = f"progress:registered:{province.pk}:{_register_version()}"
    counts = cache.get(key)
    if counts is None:
        counts = _count_registered(province)
        cache.set(key, counts, timeout=24 * 3600)
    return {c.pk: _Registered(*counts.get(c.pk, (0, 0, 0))) for c in communes}


def _register_version() -> str:
    tables = [model.history.model._meta.db_table for model in (Team, Membership, Place)]
    # Table names come from the models, never from input.
    sql = "SELECT " + ", ".join(f"(SELECT max(history_id) FROM {t})" for t in tables)  # noqa: S608
    return "-".join(str(v or 0) for v in fetch(sql)[0])


def _count_registered(province: Place) -> dict[int, tuple[int, int, int]]:
    """(hamlets, active teams, their active members) per commune of the province."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    hamlets = Place.objects.current().filter(level=Level.HAMLET, commune__parent=province)
    for commune_id, n in hamlets.values_list("commune_id").annotate(n=Count("*")).order_by():
        counts[commune_id][0] = n
    teams = Team.objects.filter(status=TeamStatus.ACTIVE, place__commune__parent=province)
    for commune_id, n in teams.values_list("place__commune_id").annotate(n=Count("*")).order_by():
        counts[commune_id][1] = n
    # Joined from the memberships' side (a subquery of teams costs a lookup per membership).
    members = Membership.objects.active().filter(
        team__status=TeamStatus.ACTIVE, team__place__commune__parent=province
    )
    for commune_id, n in (
        members.values_list("team__place__commune_id").annotate(n=Count("*")).order_by()
    ):
        counts[commune_id][2] = n
    return {commune_id: tuple(values) for commune_id, values in counts.items()}


def _registered_teams(where: Q) -> dict[int, Team]:
    """Teams matching `where`, with active member counts; `is_registered` marks active ones."""
    teams = {
        t.pk: t
        for t in Team.objects.filter(where)
        .select_related("place")
        .annotate(member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True)))
        .order_by("search_name")
    }
    for team in teams.values():
        team.is_registered = team.status == TeamStatus.ACTIVE
    return teams


def _member_users(team: Team) -> set[int]:
    """User ids of the team's active members who have an account (those who record visits)."""
    return set(
        Membership.objects.active()
        .filter(team=team, person__user__isnull=False)
        .values_list("person__user_id", flat=True)
    )


def _team_lines(campaign: Campaign, registered: dict[int, Team], by_team: dict) -> list[Line]:
    extra = set(by_team) - set(registered)
    if extra:  # teams of another commune that visited here, or since dissolved
        registered = {**registered, **_registered_teams(Q(pk__in=sorted(extra)))}
    lines = []
    for team in sorted(registered.values(), key=lambda t: t.search_name):
        totals = by_team.get(team.pk)
        if totals is None and team.status != TeamStatus.ACTIVE:
            continue
        lines.append(
            Line(
                label=team.name,
                url=_url("team", campaign, team.pk),
                teams_registered=1 if team.status == TeamStatus.ACTIVE else 0,
                members_registered=team.member_count,
            ).take(totals or figures.Totals())
        )
    return lines


def _add_days_and_services(result: Dashboard, communes: tuple[int, ...] | None) -> None:
    campaign, filters = result.area.campaign, result.filters
    days = filters.days()
    result.days = _days(campaign, communes, filters)
    _set_services(
        result,
        figures.services(campaign.pk, communes, service_ids=filters.service_ids(campaign), **days),
    )


def _days(campaign: Campaign, communes, filters: Filters, **extra) -> list[tuple]:
    by_day = figures.sums_by("day", campaign.pk, communes, **filters.days(), **extra)
    return [(day, visits, people) for day, (visits, people) in by_day.items()]


def area_days(area: Area, filters: Filters) -> list[tuple[date, int, int]]:
    """Households and people per day of an area (the day chart, without the rest)."""
    whole = area.whole
    extra = {}
    if area.level == HAMLET:
        extra["hamlet_id"] = area.place.pk
    elif area.level == TEAM:
        extra["team_id"] = area.team.pk
    return _days(area.campaign, None if whole else area.communes, filters, **extra)


def area_services(area: Area, filters: Filters) -> Dashboard:
    """Only the service and skill figures of an area (the service chart, without the rest)."""
    campaign = area.campaign
    result = Dashboard(area=area, filters=filters, total=Line(label=""))
    ids = filters.service_ids(campaign)
    if area.level == HAMLET:
        by_service = figures.hamlet_services(
            campaign.pk, area.place.pk, service_ids=ids, **filters.days()
        )
    elif area.level == TEAM:
        by_service = {}  # the service tallies stop at the commune
    else:
        whole = area.whole
        by_service = figures.services(
            campaign.pk, None if whole else area.communes, service_ids=ids, **filters.days()
        )
    _set_services(result, by_service)
    return result


def area_ranking(area: Area, filters: Filters) -> Dashboard:
    """Only the ranking of communes by share of their households target (the ranking chart)."""
    campaign = area.campaign
    if area.level != PROVINCE:
        return Dashboard(area=area, filters=filters, total=Line(label=""))
    visits = figures.sums_by("commune", campaign.pk, area.communes, **filters.days())
    plans = CommunePlan.objects.filter(campaign=campaign, commune__in=area.communes)
    lines = [
        Line(
            label=plan.commune.name,
            visits=visits.get(plan.commune_id, (0, 0))[0],
            households_target=plan.households_target,
        )
        for plan in plans.select_related("commune")
    ]
    return Dashboard(area=area, filters=filters, total=Line(label=""), ranking=_ranked(lines))


def _ranked(lines: list[Line]) -> list[tuple[str, float]]:
    return sorted(
        (
            (line.label, line.households_share)
            for line in lines
            if line.households_share is not None
        ),
        key=lambda item: (-item[1], item[0]),
    )


def _set_services(result: Dashboard, by_service: dict[int, figures.ServiceFigures]) -> None:
    services = Service.objects.filter(pk__in=list(by_service)).order_by("position", "search_name")
    result.services = [
        ServiceLine(
            name=s.name,
            skill=s.get_skill_display(),
            visits=by_service[s.pk].visits,
            people=by_service[s.pk].people,
            done=by_service[s.pk].done,
            follow_up=by_service[s.pk].follow_up,
        )
        for s in services
    ]
    skills: dict[str, list[int]] = {}
    for s in services:
        counts = skills.setdefault(s.skill, [0, 0])
        counts[0] += by_service[s.pk].visits
        counts[1] += by_service[s.pk].people
    result.skills = [
        (str(label), *skills[value]) for value, label in Skill.choices if value in skills
    ]
