"""The formula vocabulary of indicators, evaluated over the campaign figures.

A formula is one term or several terms joined by "+"; a term is a name, or a name and an
argument after a colon (a service code from the catalogue). Examples:

    households_visited
    service_done:vneid-register
    service_done:bank-account + service_done:vietqr

Every name is a function in `REGISTRY`; figures come from `tocds.visits.figures` (the tallies)
and, for teams and members, from the team registry (`tocds.teams`). `validate` is called when
an indicator is saved; `evaluate` when a report is shown or submitted.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tocds.campaigns.models import Campaign, Service
from tocds.places import tree
from tocds.places.models import Level
from tocds.teams.models import Membership, Team, TeamStatus
from tocds.visits import figures


@dataclass
class FigureContext:
    """The figures one report reads: a campaign, within some communes (None: the province)."""

    campaign: Campaign
    communes: list[int] | None = None

    @cached_property
    def totals(self) -> figures.Totals:
        return figures.totals(self.campaign.pk, self.communes)

    @cached_property
    def services(self) -> dict[int, figures.ServiceFigures]:
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
            return teams.filter(tree.within(self.campaign.province, "place__path"))
        return teams.filter(place__commune_id__in=sorted(self.communes))

    @cached_property
    def team_counts(self) -> dict[str, tuple[int, int]]:
        counts = {}
        for level in (Level.COMMUNE, Level.HAMLET):
            teams = self.teams(level)
            members = Membership.objects.active().filter(team__in=teams)
            counts[level] = (teams.count(), members.count())
        return counts


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
