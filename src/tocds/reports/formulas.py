"""The formula vocabulary of indicators, evaluated over a campaign or over a place and period.

A formula is one term or several terms joined by "+"; a term is a name, or a name and an
argument after a colon (a service code from the catalogue). Examples:

    households_visited
    service_done:vneid-register
    service_done:bank-account + service_done:vietqr

Every name is a function in `REGISTRY`; figures come from `tocds.visits.figures` (the tallies)
and, for teams and members, from the team registry (`tocds.teams`); training, school lessons,
certificates, models, movements, honours and accepted reports from their apps. `validate` is
called when an indicator is saved; `evaluate` when a report or the directive tracker is shown.

Two contexts share the one vocabulary: a campaign's (the results reports: the campaign's
figures within some communes, its own dates for the terms that read a period) and a place's
over a period (the directive tracker, `FigureContext.over`: the tallies of every campaign in
the period, the registry as it stood on the period's last day).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tocds.campaigns.models import Campaign, Service
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.teams.models import Membership, Team, TeamStatus
from tocds.visits import figures


@dataclass
class FigureContext:
    """The figures one report reads: a campaign, within some communes (None: the province);
    or, without a campaign, a place (the province or a commune) over [day_from, day_to]."""

    campaign: Campaign | None = None
    communes: list[int] | None = None
    place: Place | None = None
    day_from: date | None = None
    day_to: date | None = None

    @classmethod
    def over(cls, place: Place, day_from: date, day_to: date) -> "FigureContext":
        """A place's figures over a period, from every campaign (the directive tracker)."""
        communes = None if place.level == Level.PROVINCE else [place.commune_id or place.pk]
        return cls(communes=communes, place=place, day_from=day_from, day_to=day_to)

    @cached_property
    def root(self) -> Place:
        """The province the figures lie in (when no communes are named, all of it)."""
        if self.campaign is not None:
            return self.campaign.province
        if self.place.level == Level.PROVINCE:
            return self.place
        return Place.objects.get(path=tree.ancestors(self.place)[0])

    @cached_property
    def period(self) -> tuple[date, date]:
        if self.campaign is not None and self.day_from is None:
            return self.campaign.starts_on, self.campaign.ends_on
        return self.day_from, self.day_to

    @cached_property
    def areas(self) -> list[Place]:
        """The places whose figures are summed: the province, or each commune named."""
        if self.communes is None:
            return [self.root]
        return list(Place.objects.filter(pk__in=sorted(self.communes)))

    def within(self, field: str) -> Q:
        """Rows whose place (the path through `field`) lies in the figures' areas."""
        return tree.within(self.areas, field)

    @cached_property
    def commune_ids(self) -> list[int]:
        if self.communes is not None:
            return sorted(self.communes)
        return list(
            Place.objects.filter(tree.within(self.root), level=Level.COMMUNE).values_list(
                "pk", flat=True
            )
        )

    @cached_property
    def totals(self) -> figures.Totals:
        if self.campaign is None:
            return figures.period_totals(self.commune_ids, *self.period)
        return figures.totals(self.campaign.pk, self.communes)

    @cached_property
    def services(self) -> dict[int, figures.ServiceFigures]:
        if self.campaign is None:
            return figures.period_services(self.commune_ids, *self.period)
        return figures.services(self.campaign.pk, self.communes)

    @cached_property
    def service_ids(self) -> dict[str, int]:
        return dict(Service.objects.values_list("code", "pk"))

    def service(self, code: str) -> figures.ServiceFigures:
        service_id = self.service_ids.get(code)
        return self.services.get(service_id) or figures.ServiceFigures(service_id=service_id or 0)

    def teams(self, level: str):
        teams = Team.objects.filter(status=TeamStatus.ACTIVE, place__level=level)
        if self.communes is None:
            return teams.filter(tree.within(self.root, "place__path"))
        return teams.filter(place__commune_id__in=sorted(self.communes))

    def memberships(self):
        """Memberships current now (a campaign's report) or on the period's last day."""
        if self.campaign is not None:
            return Membership.objects.active()
        day = self.period[1]
        return Membership.objects.filter(joined_on__lte=day).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=day)
        )

    @cached_property
    def team_counts(self) -> dict[str, tuple[int, int]]:
        counts = {}
        for level in (Level.COMMUNE, Level.HAMLET):
            teams = self.teams(level)
            members = self.memberships().filter(team__in=teams)
            counts[level] = (teams.count(), members.count())
        return counts

    def affiliated_members(self, kind: str) -> int:
        teams = Team.objects.filter(status=TeamStatus.ACTIVE).filter(self.within("place__path"))
        members = self.memberships().filter(team__in=teams, affiliations__kind=kind)
        return members.values("pk").distinct().count()

    @cached_property
    def training(self):
        from tocds.training.figures import training_figures

        found = [
            training_figures(area=area, starts_on=self.period[0], ends_on=self.period[1])
            for area in self.areas
        ]
        return (sum(f.people_trained for f in found), sum(f.sessions_held for f in found))

    @cached_property
    def lessons(self) -> tuple[int, int]:
        from tocds.schools.models import Delivery, DeliveryStatus

        delivered = Delivery.objects.filter(
            self.within("school_class__school__place__path"),
            status=DeliveryStatus.DELIVERED,
            date__gte=self.period[0],
            date__lte=self.period[1],
        ).aggregate(n=Sum("students_present"), lessons=Count("pk"))
        return delivered["lessons"] or 0, delivered["n"] or 0

    def certificates(self, kind: str) -> int:
        from tocds.certificates.models import Certificate
        from tocds.training.figures import period_bounds

        start, end = period_bounds(*self.period)
        return Certificate.objects.filter(
            self.within("place__path"),
            kind=kind,
            revoked_at__isnull=True,
            issued_at__gte=start,
            issued_at__lt=end,
        ).count()

    def models_deployed(self) -> int:
        from tocds.initiatives.models import Initiative, Kind, Status

        return Initiative.objects.filter(
            self.within("place__path"),
            kind=Kind.MODEL,
            status__in=[Status.DEPLOYED, Status.REPLICATED],
            starts_on__lte=self.period[1],
        ).count()

    def movement_participants(self) -> int:
        from tocds.movements.models import Participant, Status

        return Participant.objects.filter(
            self.within("commune__path"),
            movement__status__in=[Status.RUNNING, Status.CLOSED],
            movement__starts_on__lte=self.period[1],
            movement__ends_on__gte=self.period[0],
        ).count()

    def honours_approved(self) -> int:
        from tocds.honours.models import Nomination, Status

        return Nomination.objects.filter(
            self.within("unit_place__path"),
            status=Status.APPROVED,
            decision_date__gte=self.period[0],
            decision_date__lte=self.period[1],
        ).count()

    def reports_accepted(self) -> int:
        from tocds.reports.models import Report, ReportStatus
        from tocds.training.figures import period_bounds

        start, end = period_bounds(*self.period)
        return Report.objects.filter(
            self.within("commune__path"),
            status=ReportStatus.ACCEPTED,
            accepted_at__gte=start,
            accepted_at__lt=end,
        ).count()


@dataclass(frozen=True)
class Term:
    description: object  # translatable text shown to the province administrator
    compute: Callable[[FigureContext, str], int]
    needs_service: bool = False


REGISTRY: dict[str, Term] = {
    "households_visited": Term(
        gettext_lazy("households visited (each recorded visit is one household)"),
        lambda c, _a: c.totals.visits,
    ),
    "people_guided": Term(gettext_lazy("people guided"), lambda c, _a: c.totals.people),
    "hamlets_reached": Term(
        gettext_lazy("hamlets with at least one visit"), lambda c, _a: c.totals.hamlets
    ),
    "active_teams": Term(
        gettext_lazy("teams that recorded at least one visit"), lambda c, _a: c.totals.teams
    ),
    "active_members": Term(
        gettext_lazy("members who recorded at least one visit"), lambda c, _a: c.totals.members
    ),
    "service_done": Term(
        gettext_lazy("people with the outcome “done” in the service"),
        lambda c, a: c.service(a).done,
        needs_service=True,
    ),
    "service_people": Term(
        gettext_lazy("people guided in the service"),
        lambda c, a: c.service(a).people,
        needs_service=True,
    ),
    "service_households": Term(
        gettext_lazy("households guided in the service"),
        lambda c, a: c.service(a).visits,
        needs_service=True,
    ),
    "service_follow_up": Term(
        gettext_lazy("people needing a follow-up visit in the service"),
        lambda c, a: c.service(a).follow_up,
        needs_service=True,
    ),
    "teams_commune": Term(
        gettext_lazy("active commune-level teams (team registry)"),
        lambda c, _a: c.team_counts[Level.COMMUNE][0],
    ),
    "members_commune": Term(
        gettext_lazy("current members of commune-level teams (team registry)"),
        lambda c, _a: c.team_counts[Level.COMMUNE][1],
    ),
    "teams_hamlet": Term(
        gettext_lazy("active hamlet-level teams (team registry)"),
        lambda c, _a: c.team_counts[Level.HAMLET][0],
    ),
    "members_hamlet": Term(
        gettext_lazy("current members of hamlet-level teams (team registry)"),
        lambda c, _a: c.team_counts[Level.HAMLET][1],
    ),
    "members_youth_union": Term(
        gettext_lazy("current team members from the Youth Union (team registry)"),
        lambda c, _a: c.affiliated_members("youth_union"),
    ),
    "members_enterprise": Term(
        gettext_lazy("current team members who are enterprise staff (team registry)"),
        lambda c, _a: c.affiliated_members("enterprise"),
    ),
    "people_trained": Term(
        gettext_lazy("people trained in the period (training sessions held)"),
        lambda c, _a: c.training[0],
    ),
    "sessions_held": Term(
        gettext_lazy("training sessions held in the period"), lambda c, _a: c.training[1]
    ),
    "lessons_delivered": Term(
        gettext_lazy("lessons of the 5 skills delivered in schools in the period"),
        lambda c, _a: c.lessons[0],
    ),
    "students_reached": Term(
        gettext_lazy("students present at those lessons"), lambda c, _a: c.lessons[1]
    ),
    "certificates_learning": Term(
        gettext_lazy("learning certificates issued in the period"),
        lambda c, _a: c.certificates("learning"),
    ),
    "certificates_training": Term(
        gettext_lazy("training certificates issued in the period"),
        lambda c, _a: c.certificates("training"),
    ),
    "models_deployed": Term(
        gettext_lazy("digital-transformation models deployed or replicated by the period's end"),
        lambda c, _a: c.models_deployed(),
    ),
    "movement_participants": Term(
        gettext_lazy("participants of emulation movements running in the period"),
        lambda c, _a: c.movement_participants(),
    ),
    "honours_approved": Term(
        gettext_lazy("honours decided by the Chairman in the period"),
        lambda c, _a: c.honours_approved(),
    ),
    "reports_accepted": Term(
        gettext_lazy("campaign results reports accepted in the period"),
        lambda c, _a: c.reports_accepted(),
    ),
}


def parse(formula: str) -> list[tuple[str, str]]:
    """The (name, argument) terms of a formula, or ValidationError naming what is wrong."""
    terms: list[tuple[str, str]] = []
    if not formula.strip():
        return terms
    known_services: set[str] | None = None
    for raw in formula.split("+"):
        name, _sep, argument = raw.strip().partition(":")
        name, argument = name.strip(), argument.strip()
        term = REGISTRY.get(name)
        if term is None:
            raise ValidationError(
                _("Unknown term “%(name)s”. Use one of: %(names)s.")
                % {"name": name or "+", "names": ", ".join(REGISTRY)}
            )
        if term.needs_service:
            if known_services is None:
                known_services = set(Service.objects.values_list("code", flat=True))
            if argument not in known_services:
                raise ValidationError(
                    _("“%(name)s” needs the code of a service in the catalogue after a colon.")
                    % {"name": name}
                )
        elif argument:
            raise ValidationError(_("“%(name)s” takes no argument.") % {"name": name})
        terms.append((name, argument))
    return terms


def validate(formula: str) -> str:
    """The formula normalised (single spaces around "+"), or ValidationError."""
    return " + ".join(f"{n}:{a}" if a else n for n, a in parse(formula))


def evaluate(formula: str, context: FigureContext) -> int:
    """The figure of a (validated) formula in the context; a term no longer valid counts 0."""
    total = 0
    for raw in formula.split("+"):
        name, _sep, argument = raw.strip().partition(":")
        term = REGISTRY.get(name.strip())
        if term is not None:
            total += term.compute(context, argument.strip())
    return total
