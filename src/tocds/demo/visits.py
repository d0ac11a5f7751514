"""Sample household visits of a team, sent through the sync service as the field app would."""

import random
import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from tocds.campaigns.models import Campaign
from tocds.teams.models import Team
from tocds.visits.sync import sync_visits


def load_visits(
    actor, *, campaign: Campaign, team: Team, codes: list[str], rng: random.Random
) -> None:
    """5 to 25 visits in the team's hamlet on the campaign's first days (until yesterday), each
    guiding one to four people through one to three of the services `codes`."""
    records = []
    for n in range(rng.randint(5, 25)):
        day = campaign.starts_on + timedelta(days=rng.randint(0, 5))  # until yesterday
        at = datetime.combine(day, time(rng.randint(7, 18), rng.randint(0, 59)))
        people = rng.choice((1, 1, 2, 2, 3, 4))
        chosen = rng.sample(codes, rng.randint(1, 3))
        records.append(
            {
                "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "campaign_id": campaign.pk,
                "team_id": team.pk,
                "hamlet_code": team.place.code,
                "household": f"Số {n + 1}",
                "people_guided": people,
                "recorded_at": timezone.make_aware(at).isoformat(),
                "services": [
                    {
                        "code": code,
                        "people": rng.randint(1, people),
                        "outcome": rng.choice(("done", "done", "done", "follow_up")),
                    }
                    for code in chosen
                ],
            }
        )
    sync_visits(actor=actor, records=records)
