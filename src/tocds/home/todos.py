"""The to-dos of the home page: a commune officer's (plan missing, assignments coming, quality
flags and sync conflicts, reports due or returned, attendance to confirm, hamlets missing) and
the province's (running campaigns, reports to accept, communes late, hamlets missing).

Plain reads, every one scoped through the apps' `visible_to` querysets or the user's scope
(`people.scoping`), in a fixed number of queries whatever the number of rows: the home page is
opened more than any other. Each to-do is a count with the link to where it is settled."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tocds.campaigns.models import Assignment, Campaign, CampaignStatus, CommunePlan
from tocds.people.scoping import Perm, scope_for
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.reports.models import Report, ReportDeadline, ReportStatus
from tocds.training.models import Enrolment, EnrolmentStatus, Session
from tocds.visits.models import DayTally, FlagStatus, QualityFlag, Resolution, SyncConflict

# The coming days a team and an officer see assignments for (today included).
COMING_DAYS = 7
# Items listed under a to-do (the count says how many there are in all).
ITEMS = 5
REPORTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Todo:
    """One thing waiting: how many, where it is settled, and the first few of them."""

    key: str  # stable name, for tests and styles
    label: str
    count: int
    url: str
    items: tuple[Link, ...] = ()
    urgent: bool = False


@dataclass
class CommuneDesk:
    communes: list[Place]
    todos: list[Todo]


@dataclass
class ProvinceDesk:
    provinces: list[Place]
    campaigns: list[Campaign]  # running, each with `.households_visited`
    todos: list[Todo]


# A commune officer's to-dos --------------------------------------------------------------------


def _covers(campaign: Campaign, commune: Place, chosen: dict[int, set[int]]) -> bool:
    """Whether the campaign runs in the commune (the rule of `campaigns.queries.covers`, on
    rows already read)."""
    if campaign.whole_province:
        return tree.is_within(commune.path, campaign.province.path)
    return commune.pk in chosen.get(campaign.pk, set())


def _chosen_communes(campaigns: list[Campaign]) -> dict[int, set[int]]:
    """The communes chosen by each campaign that is not province-wide, in one query."""
    ids = [c.pk for c in campaigns if not c.whole_province]
    chosen: dict[int, set[int]] = {}
    if ids:
        through = Campaign.communes.through.objects.filter(campaign_id__in=ids)
        for campaign_id, place_id in through.values_list("campaign_id", "place_id"):
            chosen.setdefault(campaign_id, set()).add(place_id)
    return chosen


def _due_note(due_on: date | None, today: date) -> tuple[str, bool]:
    if due_on is None:
        return "", False
    when = date_format(due_on, "d/m/Y")
    if due_on < today:
        return _("late: was due %(date)s") % {"date": when}, True
    return _("due %(date)s") % {"date": when}, False


def commune_desk(user, communes: list[Place], today: date) -> CommuneDesk:
    ids = [c.pk for c in communes]
    several = len(communes) > 1

    def named(text: str, commune: Place) -> str:
        return f"{text} · {commune.name}" if several else text

    campaigns = list(
        Campaign.objects.visible_to(user, Perm.MANAGE_PLANS)
        .exclude(status=CampaignStatus.DRAFT)
        .select_related("province", "report_deadline")
        .order_by("-starts_on", "name")
    )
    chosen = _chosen_communes(campaigns)
    pairs = [(c, m) for c in campaigns for m in communes if _covers(c, m, chosen)]
    todos = [
        _plans_missing(pairs, ids, named),
        _assignments_coming(user, ids, today, named),
        _open_flags(user, ids),
        _open_conflicts(user, ids),
        *_reports_due(user, pairs, ids, today, named),
        _attendance_waiting(user),
        _communes_without_hamlets(communes),
    ]
    return CommuneDesk(communes=communes, todos=_ordered(todos))


def _ordered(todos: list[Todo]) -> list[Todo]:
    """What waits first (urgent, then the rest), settled to-dos last, each group in order."""
    return sorted(todos, key=lambda t: (t.count == 0, not t.urgent))


def _plans_missing(pairs, commune_ids: list[int], named) -> Todo:
    running = [(c, m) for c, m in pairs if c.status == CampaignStatus.OPEN]
    planned = set(
        CommunePlan.objects.filter(
            campaign__in=[c.pk for c, _m in running], commune_id__in=commune_ids
        ).values_list("campaign_id", "commune_id")
    )
    missing = [(c, m) for c, m in running if (c.pk, m.pk) not in planned]
    links = tuple(
        Link(named(c.name, m), reverse("campaigns:plan", args=[c.pk, m.code]))
        for c, m in missing[:ITEMS]
    )
    return Todo(
        key="plans",
        label=_("Running campaigns without your commune's plan"),
        count=len(missing),
        url=links[0].url if links else reverse("campaigns:list"),
        items=links,
        urgent=bool(missing),
    )


def _assignments_coming(user, commune_ids: list[int], today: date, named) -> Todo:
    coming = (
        Assignment.objects.visible_to(user)
        .filter(
            plan__commune_id__in=commune_ids,
            plan__campaign__status=CampaignStatus.OPEN,
            ends_on__gte=today,
            starts_on__lte=today + timedelta(days=COMING_DAYS - 1),
        )
        .select_related("team", "hamlet", "plan__campaign", "plan__commune")
        .order_by("starts_on", "hamlet__search_name")
    )
    first = list(coming[:ITEMS])
    count = coming.count()
    links = tuple(
        Link(
            named(f"{a.team.name} → {a.hamlet.name}", a.plan.commune),
            reverse("campaigns:plan", args=[a.plan.campaign_id, a.plan.commune.code]),
            note=_period(a.starts_on, a.ends_on),
        )
        for a in first
    )
    return Todo(
        key="assignments",
        label=_("Team assignments in the coming 7 days"),
        count=count,
        url=links[0].url if links else reverse("campaigns:list"),
        items=links,
    )


def _period(starts_on: date, ends_on: date) -> str:
    start, end = date_format(starts_on, "d/m"), date_format(ends_on, "d/m")
    return start if start == end else f"{start}–{end}"


def _open_flags(user, commune_ids: list[int]) -> Todo:
    count = (
        QualityFlag.objects.visible_to(user)
        .filter(status=FlagStatus.OPEN, visit__commune_id__in=commune_ids)
        .count()
    )
    return Todo(
        key="flags",
        label=_("Quality flags to check"),
        count=count,
        url=reverse("visits:list"),
        urgent=bool(count),
    )


def _open_conflicts(user, commune_ids: list[int]) -> Todo:
    count = (
        SyncConflict.objects.visible_to(user)
        .filter(resolution=Resolution.OPEN, visit__commune_id__in=commune_ids)
        .count()
    )
    return Todo(
        key="conflicts",
        label=_("Sync conflicts to settle"),
        count=count,
        url=reverse("visits:list") + "?conflicts=open",
        urgent=bool(count),
    )


def _deadline(campaign: Campaign) -> date | None:
    try:
        return campaign.report_deadline.due_on
    except ReportDeadline.DoesNotExist:
        return None


def _reports_due(user, pairs, commune_ids: list[int], today: date, named) -> list[Todo]:
    """Reports to write (none yet, or a draft) once the province set a due date or the campaign
    closed, and reports returned for revision."""
    reports = {
        (r.campaign_id, r.commune_id): r
        for r in Report.objects.visible_to(user, Perm.WRITE_REPORTS).filter(
            campaign__in=sorted({c.pk for c, _m in pairs}), commune_id__in=commune_ids
        )
    }
    due, returned = [], []
    for campaign, commune in pairs:
        report = reports.get((campaign.pk, commune.pk))
        due_on = _deadline(campaign)
        url = (
            reverse("reports:detail", args=[report.pk])
            if report
            else reverse("reports:commune", args=[campaign.pk, commune.code])
        )
        note, late = _due_note(due_on, today)
        if report is not None and report.status == ReportStatus.RETURNED:
            returned.append((Link(named(campaign.name, commune), url, note), late))
        elif (report is None or report.status == ReportStatus.DRAFT) and (
            due_on is not None or campaign.status == CampaignStatus.CLOSED
        ):
            due.append((due_on or date.max, Link(named(campaign.name, commune), url, note), late))
    due.sort(key=lambda item: item[0])
    return [
        Todo(
            key="reports",
            label=_("Results reports to write and submit"),
            count=len(due),
            url=due[0][1].url if due else reverse("reports:index"),
            items=tuple(link for _d, link, _l in due[:ITEMS]),
            urgent=any(late for _d, _link, late in due),
        ),
        Todo(
            key="returned",
            label=_("Reports returned for revision"),
            count=len(returned),
            url=returned[0][0].url if returned else reverse("reports:index"),
            items=tuple(link for link, _l in returned[:ITEMS]),
            urgent=bool(returned),
        ),
    ]


def _attendance_waiting(user) -> Todo:
    """Sessions over, of courses the user manages, whose attendance is not confirmed: someone
    enrolled is marked neither present nor absent (the sign-in sheet is not entered)."""
    unmarked = Enrolment.objects.filter(
        session=OuterRef("pk"), status=EnrolmentStatus.ENROLLED, attended__isnull=True
    )
    sessions = (
        Session.objects.visible_to(user, Perm.MANAGE_TRAINING)
        .filter(cancelled=False, ends_at__lt=timezone.now())
        .filter(Exists(unmarked))
        .select_related("course")
        .order_by("-starts_at", "pk")
    )
    first = list(sessions[:ITEMS])
    count = sessions.count()
    links = tuple(
        Link(
            str(s),
            reverse("training:attendance", args=[s.pk]),
            note=date_format(timezone.localtime(s.starts_at), "d/m/Y"),
        )
        for s in first
    )
    return Todo(
        key="training",
        label=_("Training sessions whose attendance awaits confirmation"),
        count=count,
        url=links[0].url if links else reverse("training:course_list"),
        items=links,
    )


def _hamlet_counts(communes: list[Place]) -> dict[int, int]:
    rows = (
        Place.objects.current()
        .filter(level=Level.HAMLET, commune_id__in=[c.pk for c in communes])
        .values_list("commune_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def _communes_without_hamlets(communes: list[Place], *, url: str | None = None) -> Todo:
    counts = _hamlet_counts(communes)
    empty = [c for c in communes if not counts.get(c.pk)]
    links = tuple(Link(c.name, reverse("places:detail", args=[c.code])) for c in empty[:ITEMS])
    return Todo(
        key="hamlets",
        label=_("Communes with no hamlets yet (import them)"),
        count=len(empty),
        url=url or (links[0].url if links else reverse("places:list")),
        items=links,
        urgent=bool(empty),
    )


# The province's overview -----------------------------------------------------------------------


def province_desk(user, provinces: list[Place], today: date) -> ProvinceDesk:
    running = list(
        Campaign.objects.visible_to(user, Perm.VIEW_PROGRESS)
        .filter(status=CampaignStatus.OPEN, province__in=provinces)
        .select_related("province")
        .order_by("-starts_on", "name")
    )
    visited = dict(
        DayTally.objects.filter(campaign__in=[c.pk for c in running])
        .values_list("campaign_id")
        .annotate(n=Sum("visits"))
        .order_by()
    )
    for campaign in running:
        campaign.households_visited = visited.get(campaign.pk, 0)
    todos = []
    if scope_for(user, Perm.REVIEW_REPORTS).paths:
        todos += [_reports_to_accept(user), _communes_late(user, provinces, today)]
    communes = list(
        Place.objects.current()
        .filter(level=Level.COMMUNE, parent__in=provinces)
        .order_by("search_name")
    )
    todos.append(_communes_without_hamlets(communes, url=reverse("places:list")))
    return ProvinceDesk(provinces=provinces, campaigns=running, todos=_ordered(todos))


def _reports_to_accept(user) -> Todo:
    rows = list(
        Report.objects.visible_to(user, Perm.REVIEW_REPORTS)
        .filter(status=ReportStatus.SUBMITTED)
        .values_list("campaign_id", "campaign__name")
        .annotate(n=Count("id"))
        .order_by("campaign__name")
    )
    links = tuple(
        Link(
            name,
            reverse("reports:campaign", args=[pk]),
            note=ngettext("%(n)s report", "%(n)s reports", n) % {"n": n},
        )
        for pk, name, n in rows[:ITEMS]
    )
    return Todo(
        key="accept",
        label=_("Submitted reports awaiting acceptance"),
        count=sum(n for _pk, _name, n in rows),
        url=links[0].url if links else reverse("reports:index"),
        items=links,
        urgent=bool(rows),
    )


def _communes_late(user, provinces: list[Place], today: date) -> Todo:
    """Communes that have not submitted their report by a due date now passed."""
    campaigns = list(
        Campaign.objects.visible_to(user, Perm.REVIEW_REPORTS)
        .exclude(status=CampaignStatus.DRAFT)
        .filter(province__in=provinces, report_deadline__due_on__lt=today)
        .select_related("province", "report_deadline")
        .order_by("report_deadline__due_on", "name")
    )
    communes = list(
        Place.objects.current()
        .filter(level=Level.COMMUNE, parent__in=provinces)
        .filter(scope_for(user, Perm.REVIEW_REPORTS).place_q())
    )
    chosen = _chosen_communes(campaigns)
    reported = set(
        Report.objects.visible_to(user, Perm.REVIEW_REPORTS)
        .filter(campaign__in=[c.pk for c in campaigns], status__in=REPORTED)
        .values_list("campaign_id", "commune_id")
    )
    late = []
    for campaign in campaigns:
        n = sum(
            1
            for commune in communes
            if _covers(campaign, commune, chosen) and (campaign.pk, commune.pk) not in reported
        )
        if n:
            note, _late = _due_note(campaign.report_deadline.due_on, today)
            late.append(
                (n, Link(campaign.name, reverse("reports:campaign", args=[campaign.pk]), note))
            )
    return Todo(
        key="late",
        label=_("Communes late with their report"),
        count=sum(n for n, _link in late),
        url=late[0][1].url if late else reverse("reports:index"),
        items=tuple(
            Link(
                link.text,
                link.url,
                ngettext("%(n)s commune, %(note)s", "%(n)s communes, %(note)s", n)
                % {"n": n, "note": link.note},
            )
            for n, link in late[:ITEMS]
        ),
        urgent=bool(late),
    )
