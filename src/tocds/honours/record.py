"""A nominee's record for the round's period, pulled from what tocds holds: so a nomination's
achievements are evidence, not prose. Through the existing figure functions only:

- a team: households visited and people guided (`visits.figures.totals` over the team's
  tallies of each campaign of the province in the period), services done
  (`visits.figures.team_services`);
- a commune's People's Committee: the commune's households and people, people trained in the
  commune (`training.figures.training_figures`);
- a school: lessons delivered to its classes and the students present;
- a team member with an account: the households they visited and people they guided;
- every nominee: the models and initiatives linked to the nomination, and (once the movements
  app provides them) their rankings in emulation movements.
"""

from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from tocds.campaigns.models import Campaign
from tocds.honours.models import Nomination
from tocds.people.models import OrganisationKind
from tocds.visits import figures


@dataclass(frozen=True)
class Figure:
    label: str
    value: int


@dataclass
class Record:
    figures: list[Figure] = field(default_factory=list)
    initiatives: list = field(default_factory=list)
    standings: list = field(default_factory=list)


def _campaigns(nomination: Nomination) -> list[int]:
    round = nomination.round
    return list(
        Campaign.objects.filter(
            province=round.province,
            ends_on__gte=round.period_from,
            starts_on__lte=round.period_to,
        ).values_list("pk", flat=True)
    )


def _visit_figures(nomination: Nomination, communes, **extra) -> list[Figure]:
    round = nomination.round
    households = people = done = 0
    for campaign_id in _campaigns(nomination):
        totals = figures.totals(
            campaign_id, communes, day_from=round.period_from, day_to=round.period_to, **extra
        )
        households += totals.visits
        people += totals.people
        if "team_id" in extra:
            done += sum(
                f.done
                for f in figures.team_services(
                    campaign_id,
                    extra["team_id"],
                    day_from=round.period_from,
                    day_to=round.period_to,
                ).values()
            )
    rows = [
        Figure(str(_("Households visited")), households),
        Figure(str(_("People guided")), people),
    ]
    if "team_id" in extra:
        rows.append(Figure(str(_("People who completed a service")), done))
    return rows


def _school_figures(nomination: Nomination) -> list[Figure]:
    from tocds.schools.models import Delivery, DeliveryStatus

    round = nomination.round
    delivered = Delivery.objects.filter(
        school_class__school=nomination.organisation,
        status=DeliveryStatus.DELIVERED,
        date__gte=round.period_from,
        date__lte=round.period_to,
    )
    summary = delivered.aggregate(students=Sum("students_present"))
    return [
        Figure(str(_("Lessons delivered")), delivered.count()),
        Figure(str(_("Students present")), summary["students"] or 0),
    ]


def record_for(nomination: Nomination) -> Record:
    record = Record(initiatives=list(nomination.initiatives.select_related("place")))
    round = nomination.round
    if nomination.team_id:
        team = nomination.team
        record.figures = _visit_figures(nomination, None, team_id=team.pk)
    elif nomination.organisation_id:
        organisation = nomination.organisation
        if organisation.kind == OrganisationKind.SCHOOL:
            record.figures = _school_figures(nomination)
        elif organisation.kind == OrganisationKind.COMMUNE_COMMITTEE:
            from tocds.training.figures import training_figures

            commune = organisation.place
            record.figures = [
                *_visit_figures(nomination, [commune.pk]),
                Figure(
                    str(_("People trained")),
                    training_figures(
                        area=commune, starts_on=round.period_from, ends_on=round.period_to
                    ).people_trained,
                ),
            ]
    elif nomination.person_id and nomination.person.user_id:
        record.figures = _visit_figures(nomination, None, recorded_by_id=nomination.person.user_id)
    record.standings = _standings(nomination)
    return record


def _standings(nomination: Nomination) -> list:
    """The nominee's rankings in emulation movements, where the movements app has them."""
    try:
        from tocds.movements.rankings import standings_for
    except ImportError:  # the movements app is not installed
        return []
    if nomination.team_id:
        return standings_for(team=nomination.team)
    if nomination.organisation_id:
        return standings_for(organisation=nomination.organisation)
    if nomination.person_id:
        return standings_for(person=nomination.person)
    return []
