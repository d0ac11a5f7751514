"""The figures of an area a user may open (see `areas`), shaped into the rows of `rows`.

Every figure about visits comes from `tocds.visits.figures` (pre-aggregated tallies); this
module only adds what is registered (targets, hamlets, teams, members; see `registered`)
and shapes rows for pages, charts and reports."""

from datetime import date
from functools import lru_cache
from urllib.parse import quote

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from tocds.campaigns.models import Campaign, CommunePlan, Service
from tocds.core.skills import Skill
from tocds.people.models import User
from tocds.places.models import Level, Place
from tocds.progress.areas import COMMUNE, HAMLET, PROVINCE, TEAM, Area, area_communes
from tocds.progress.registered import registered_by_commune, registered_teams
from tocds.progress.rows import Dashboard, Filters, Line, ServiceLine, Table
from tocds.teams.models import Membership, Team, TeamStatus
from tocds.teams.queries import coverage_by_commune
from tocds.visits import figures


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


def page_url(name: str, campaign: Campaign, *args) -> str:
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
    registered = registered_by_commune(communes, province=campaign.province)
    for commune in communes:
        coverage = registered[commune.pk]
        households_target, people_target = targets.get(commune.pk, (None, None))
        line = Line(
            label=commune.name,
            url=page_url("commune", campaign, commune.code),
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
    registered = registered_teams(Q(place__commune=commune))
    hamlet_lines = []
    for hamlet in hamlets:
        teams = [t for t in registered.values() if t.place_id == hamlet.pk and t.is_registered]
        hamlet_lines.append(
            Line(
                label=hamlet.name,
                url=page_url("hamlet", campaign, hamlet.code),
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
    registered = registered_teams(Q(place=hamlet) | Q(pk__in=list(by_team)))
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
    _set_services(
        result,
        figures.team_services(
            campaign.pk, team.pk, service_ids=filters.service_ids(campaign), **days
        ),
    )
    return result


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
        registered = {**registered, **registered_teams(Q(pk__in=sorted(extra)))}
    lines = []
    for team in sorted(registered.values(), key=lambda t: t.search_name):
        totals = by_team.get(team.pk)
        if totals is None and team.status != TeamStatus.ACTIVE:
            continue
        lines.append(
            Line(
                label=team.name,
                url=page_url("team", campaign, team.pk),
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
        by_service = figures.team_services(
            campaign.pk, area.team.pk, service_ids=ids, **filters.days()
        )
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
