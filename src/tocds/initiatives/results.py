"""Results of an initiative pulled from the data tocds already has, for its place and period
(from its start date to today), through the existing figure functions only:

- households visited, people guided: `visits.figures.totals` over the tallies of each campaign
  of the province (the commune's, or only the initiative's hamlets');
- services done: people with the outcome "done", from `visits.figures.services_by` (commune)
  or `hamlet_services` (each hamlet);
- people trained: `training.figures.training_figures` for the initiative's place (a hamlet
  or a commune; a cluster counts its commune's courses);
- certificates: learning and training certificates issued in the area since the start and not
  revoked.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from tocds.campaigns.models import Campaign
from tocds.certificates.models import Certificate
from tocds.initiatives.models import Initiative
from tocds.places import tree
from tocds.places.models import Level
from tocds.training.figures import period_bounds, training_figures
from tocds.visits import figures


@dataclass(frozen=True)
class Results:
    households: int = 0
    people: int = 0
    services_done: int = 0
    people_trained: int = 0
    certificates: int = 0


def hamlet_ids(initiative: Initiative) -> list[int]:
    """The hamlets an initiative covers; empty for a commune-wide one."""
    ids = {h.pk for h in initiative.extra_hamlets.all()}
    if initiative.place.level == Level.HAMLET:
        ids.add(initiative.place_id)
    return sorted(ids)


def results_for(initiative: Initiative, *, today: date | None = None) -> Results:
    today = today or timezone.localdate()
    start = initiative.starts_on
    if start > today:
        return Results()
    commune = initiative.commune
    hamlets = hamlet_ids(initiative)
    households = people = done = 0
    campaigns = Campaign.objects.filter(
        province__path=tree.top(commune), ends_on__gte=start, starts_on__lte=today
    ).values_list("pk", flat=True)
    for campaign_id in campaigns:
        if hamlets:
            totals = figures.totals(
                campaign_id, [commune.pk], day_from=start, day_to=today, hamlet_id__in=hamlets
            )
            for hamlet_id in hamlets:
                done += sum(
                    f.done
                    for f in figures.hamlet_services(
                        campaign_id, hamlet_id, day_from=start, day_to=today
                    ).values()
                )
        else:
            totals = figures.totals(campaign_id, [commune.pk], day_from=start, day_to=today)
            done += sum(
                f.done
                for f in figures.services_by(
                    "commune", campaign_id, [commune.pk], day_from=start, day_to=today
                ).values()
            )
        households += totals.visits
        people += totals.people
    area = initiative.place if not initiative.extra_hamlets.exists() else commune
    trained = training_figures(area=area, starts_on=start, ends_on=today).people_trained
    since, until = period_bounds(start, today)
    certificates = Certificate.objects.filter(
        tree.within(area, "place__path"),
        issued_at__gte=since,
        issued_at__lt=until,
        revoked_at__isnull=True,
    ).count()
    return Results(
        households=households,
        people=people,
        services_done=done,
        people_trained=trained,
        certificates=certificates,
    )
