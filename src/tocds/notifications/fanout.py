"""Who hears of what: the events of a day, each for the users whose scope covers its subject.

Every subject is found through its app's `visible_to(user, perm)` for the user it would be
told to, so a commune officer never hears of another commune, and Home Affairs only of what
reached it. Reminders about a commune's work (its report, its sync conflicts) go to those who
hold the permission in the commune, not to the province-wide holders: the province reads the
same on its completeness and review pages.

`collect(day)` yields (user, Event) pairs; `tasks.make_reminders` stores them. It runs each
hour; the keys of `services.notify` make a second run (or a second worker) change nothing.
"""

from collections.abc import Iterator
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tocds.campaigns.models import Assignment, CampaignStatus
from tocds.campaigns.queries import covered_communes
from tocds.honours.models import Nomination, Status
from tocds.notifications.models import Kind
from tocds.notifications.services import Event
from tocds.people.models import RoleGrant
from tocds.people.scoping import Perm, scope_for
from tocds.places import tree
from tocds.reports.models import EDITABLE_STATUSES, Report, ReportDeadline, ReportEvent
from tocds.teams.models import Membership, TeamRole
from tocds.visits.models import Resolution, SyncConflict

DUE_IN_DAYS = 3  # a report due in this many days is announced
OVERDUE_EVERY_DAYS = 7  # an overdue report is recalled the day after, then each week
RETURNED_LOOKBACK_DAYS = 3  # returns found by the hourly run (a stopped worker catches up)

# The steps of the honours' way, the nominations waiting at each (as home.recognition counts
# them): a proposing unit hears of its nominations returned for revision.
HONOUR_STEPS = (
    (Perm.PROPOSE_HONOURS, (Status.RETURNED,)),
    (Perm.SELECT_HONOURS, (Status.SUBMITTED,)),
    (Perm.APPRAISE_HONOURS, (Status.SELECTED,)),
    (Perm.DECIDE_HONOURS, (Status.PROPOSED,)),
)


def _short(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def local_paths(user, perm: Perm) -> list[str]:
    """The places below a province where the user holds `perm` (a commune officer's commune;
    nothing for a province-wide holder)."""
    return sorted(path for path in scope_for(user, perm).paths if path != tree.top(path))


def _granted_users():
    """Active users holding at least one role grant."""
    users = RoleGrant.objects.active().values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=users).order_by("pk")


def collect(day: date) -> Iterator[tuple[object, Event]]:
    for user in _granted_users():
        yield from report_events(user, day)
        yield from nomination_events(user)
        yield from conflict_events(user)
    yield from assignment_events(day)


def report_events(user, day: date) -> Iterator[tuple[object, Event]]:
    """A commune's report due in three days or overdue (not started, draft or returned), and
    a report returned: to the commune's writers."""
    paths = local_paths(user, Perm.WRITE_REPORTS)
    if not paths:
        return
    overdue_from = day - timedelta(days=1)
    deadlines = ReportDeadline.objects.filter(
        campaign__status__in=(CampaignStatus.OPEN, CampaignStatus.CLOSED)
    ).select_related("campaign")
    for deadline in deadlines:
        late_days = (day - deadline.due_on).days
        if deadline.due_on == day + timedelta(days=DUE_IN_DAYS):
            kind = Kind.REPORT_DUE
        elif deadline.due_on <= overdue_from and late_days % OVERDUE_EVERY_DAYS == 1:
            kind = Kind.REPORT_OVERDUE
        else:
            continue
        campaign = deadline.campaign
        communes = covered_communes(campaign).filter(tree.within(paths))
        done = set(
            Report.objects.visible_to(user, Perm.WRITE_REPORTS)
            .filter(campaign=campaign)
            .exclude(status__in=EDITABLE_STATUSES)
            .values_list("commune_id", flat=True)
        )
        for commune in communes:
            if commune.pk in done:
                continue
            values = {
                "commune": commune.name,
                "campaign": campaign.name,
                "date": _short(deadline.due_on),
            }
            if kind == Kind.REPORT_DUE:
                text = _(
                    "The results report of %(commune)s for the campaign “%(campaign)s” is due "
                    "on %(date)s."
                )
            else:
                text = _(
                    "The results report of %(commune)s for the campaign “%(campaign)s” was "
                    "due on %(date)s and is not submitted yet."
                )
            yield (
                user,
                Event(
                    kind=kind,
                    subject=f"report:{campaign.pk}:{commune.pk}",
                    link=reverse("reports:commune", args=[campaign.pk, commune.code]),
                    text=text % values,
                    once=False,
                ),
            )
    since = timezone.now() - timedelta(days=RETURNED_LOOKBACK_DAYS)
    returns = (
        ReportEvent.objects.filter(action="return", at__gte=since)
        .filter(report__in=Report.objects.visible_to(user, Perm.WRITE_REPORTS))
        .filter(tree.within(paths, "report__commune__path"))
        .select_related("report__campaign", "report__commune")
    )
    for event in returns:
        report = event.report
        text = _(
            "The results report of %(commune)s for the campaign “%(campaign)s” was returned: "
            "%(comment)s"
        ) % {
            "commune": report.commune.name,
            "campaign": report.campaign.name,
            "comment": event.comment,
        }
        yield (
            user,
            Event(
                kind=Kind.REPORT_RETURNED,
                subject=f"report-event:{event.pk}",
                link=reverse("reports:detail", args=[report.pk]),
                text=text,
            ),
        )


def nomination_events(user) -> Iterator[tuple[object, Event]]:
    """A nomination reaching the step the user holds (each nomination and status once)."""
    for perm, statuses in HONOUR_STEPS:
        if scope_for(user, perm).is_empty:
            continue
        waiting = (
            Nomination.objects.visible_to(user, perm)
            .filter(status__in=statuses)
            .select_related("team", "organisation", "person", "round")
            .order_by("pk")
        )
        for nomination in waiting:
            if nomination.status == Status.RETURNED:
                text = _("The nomination of %(nominee)s was returned for revision.")
            else:
                text = _("The nomination of %(nominee)s waits for your step: %(status)s.")
            yield (
                user,
                Event(
                    kind=Kind.NOMINATION_WAITING,
                    subject=f"nomination:{nomination.pk}:{nomination.status}",
                    link=reverse("honours:nomination", args=[nomination.pk]),
                    text=text
                    % {
                        "nominee": nomination.nominee,
                        "status": nomination.get_status_display(),
                    },
                ),
            )


def conflict_events(user) -> Iterator[tuple[object, Event]]:
    """An open sync conflict: to the reviewers of its commune (each conflict once)."""
    paths = local_paths(user, Perm.REVIEW_VISITS)
    if not paths:
        return
    conflicts = (
        SyncConflict.objects.visible_to(user, Perm.REVIEW_VISITS)
        .filter(resolution=Resolution.OPEN)
        .filter(tree.within(paths, "visit__team__place__path"))
        .select_related("visit__team")
        .order_by("pk")
    )
    for conflict in conflicts:
        yield (
            user,
            Event(
                kind=Kind.CONFLICT_OPEN,
                subject=f"conflict:{conflict.pk}",
                link=reverse("visits:detail", args=[conflict.visit_id]),
                text=_("A visit of %(team)s came twice with different contents: settle it.")
                % {"team": conflict.visit.team.name},
            ),
        )


def assignment_events(day: date) -> Iterator[tuple[object, Event]]:
    """An assignment starting tomorrow: to the team's leader (through their own team's
    scope)."""
    tomorrow = day + timedelta(days=1)
    leaders = (
        get_user_model()
        .objects.filter(
            is_active=True,
            pk__in=Membership.objects.active()
            .filter(role=TeamRole.LEADER, person__user__isnull=False)
            .values("person__user_id"),
        )
        .order_by("pk")
    )
    for user in leaders:
        assignments = (
            Assignment.objects.visible_to(user, Perm.RECORD_VISITS)
            .filter(starts_on=tomorrow, plan__campaign__status=CampaignStatus.OPEN)
            .filter(team_id__in=scope_for(user, Perm.MANAGE_MEMBERS).team_ids)
            .select_related("team", "hamlet", "plan__campaign")
            .order_by("pk")
        )
        for assignment in assignments:
            yield (
                user,
                Event(
                    kind=Kind.ASSIGNMENT_TOMORROW,
                    subject=f"assignment:{assignment.pk}:{tomorrow.isoformat()}",
                    link=reverse("home"),
                    text=_(
                        "Tomorrow (%(date)s) %(team)s goes to %(hamlet)s for the campaign "
                        "“%(campaign)s”."
                    )
                    % {
                        "date": _short(tomorrow),
                        "team": assignment.team.name,
                        "hamlet": assignment.hamlet.name,
                        "campaign": assignment.plan.campaign.name,
                    },
                ),
            )
