"""Records checked against the database: a few plain-SQL reads per batch (ADR 0012), then each
record resolved to its team, campaign and hamlet, or refused as `invalid`."""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tocds.campaigns.models import Campaign, CampaignStatus
from tocds.core.sql import fetch, marks
from tocds.core.text import clean_name
from tocds.people.phones import normalise_phone
from tocds.people.scoping import Scope
from tocds.places import tree
from tocds.places.models import Level
from tocds.teams.models import TeamStatus
from tocds.visits.sync.records import RecordResult, VisitIn, content_hash


class TeamRow(NamedTuple):
    pk: int
    commune_id: int
    path: str  # of the team's place, for the scope check


class CampaignRow(NamedTuple):
    pk: int
    whole_province: bool
    province_path: str
    starts_on: date
    ends_on: date


class HamletRow(NamedTuple):
    pk: int
    commune_id: int


@dataclass
class Record:
    """A valid record, resolved against the database."""

    index: int  # its place in the batch
    key: str  # the UUID's 32 hex digits: a cheaper dictionary key than the UUID itself
    data: VisitIn
    team: TeamRow
    campaign: CampaignRow
    hamlet: HamletRow
    head_phone: str
    household: str
    services: list[tuple[int, int, str]]  # (service id, people, outcome), sorted
    content_hash: str


def resolve_records(
    scope: Scope, parsed: list[tuple[int, VisitIn]], catalogue: list[tuple[int, str]]
) -> tuple[list[Record], dict[int, RecordResult]]:
    """Check every record against the database in a few queries: the records that hold, and the
    `invalid` results of the others by their place in the batch."""
    if not parsed:
        return [], {}
    teams = _active_teams({d.team_id for _, d in parsed})
    campaigns = _opened_campaigns({d.campaign_id for _, d in parsed})
    chosen = set()
    if any(not c.whole_province for c in campaigns.values()):
        chosen = _chosen_communes(list(campaigns))
    hamlets = _hamlets({d.hamlet_code for _, d in parsed})
    services = {code: pk for pk, code in catalogue}
    resolved: list[Record] = []
    invalid: dict[int, RecordResult] = {}
    for index, data in parsed:
        errors: dict[str, str] = {}
        team = teams.get(data.team_id)
        if team is None or not scope.covers_team_at(team.pk, team.path):
            errors["team_id"] = _("You cannot record visits for this team.")
        commune_id = team.commune_id if team else None
        campaign = campaigns.get(data.campaign_id)
        if campaign is None:
            errors["campaign_id"] = _("No such campaign, or it has not been opened.")
        elif team is not None and not _campaign_covers(campaign, team, chosen):
            errors["campaign_id"] = _("This campaign does not cover the team's commune.")
        hamlet = hamlets.get(data.hamlet_code)
        if hamlet is None or (commune_id is not None and hamlet.commune_id != commune_id):
            errors["hamlet_code"] = _("No such hamlet in the team's commune.")
        household = clean_name(data.household)
        if not household:
            errors["household"] = _("Enter the house number or a short label.")
        head_phone = ""
        if not data.consent and (data.head_name.strip() or data.head_phone.strip()):
            errors["consent"] = _("Name and phone may be kept only with the person's consent.")
        elif data.consent and data.head_phone.strip():
            try:
                head_phone = normalise_phone(data.head_phone)
            except ValidationError as exc:
                errors["head_phone"] = exc.messages[0]
        codes = [s.code for s in data.services]
        if len(set(codes)) != len(codes):
            errors["services"] = _("A service is listed twice.")
        unknown = [code for code in codes if code not in services]
        if unknown:
            errors["services"] = _("Unknown service: %(code)s") % {"code": unknown[0]}
        if errors:
            invalid[index] = RecordResult(uuid=str(data.uuid), status="invalid", errors=errors)
            continue
        resolved.append(
            Record(
                index=index,
                key=data.uuid.hex,
                data=data,
                team=team,
                campaign=campaign,
                hamlet=hamlet,
                head_phone=head_phone,
                household=household,
                services=sorted(
                    (services[s.code], s.people, s.outcome.value) for s in data.services
                ),
                content_hash=content_hash(data, household, head_phone),
            )
        )
    return resolved, invalid


def _campaign_covers(campaign: CampaignRow, team: TeamRow, chosen: set[tuple[int, int]]) -> bool:
    if campaign.whole_province:
        return tree.is_within(team.path, campaign.province_path)
    return (campaign.pk, team.commune_id) in chosen


# The lookups of every batch, in plain SQL (see `tocds.core.sql`).


def _active_teams(ids: set[int]) -> dict[int, TeamRow]:
    rows = fetch(
        'SELECT t.id, p.commune_id, p.path FROM "teams_team" t '  # noqa: S608 (placeholders only)
        'JOIN "places_place" p ON p.id = t.place_id '
        f"WHERE t.id IN ({marks(ids)}) AND t.status = %s",
        [*ids, TeamStatus.ACTIVE.value],
    )
    return {row[0]: TeamRow(*row) for row in rows}


def _opened_campaigns(ids: set[int]) -> dict[int, CampaignRow]:
    """Campaigns that have been opened (an open or a closed one still takes late visits)."""
    rows = fetch(
        "SELECT c.id, c.whole_province, p.path, c.starts_on, c.ends_on "  # noqa: S608
        'FROM "campaigns_campaign" c JOIN "places_place" p ON p.id = c.province_id '
        f"WHERE c.id IN ({marks(ids)}) AND c.status <> %s",
        [*ids, CampaignStatus.DRAFT.value],
    )
    return {row[0]: CampaignRow(row[0], bool(row[1]), *row[2:]) for row in rows}


def _chosen_communes(campaign_ids: list[int]) -> set[tuple[int, int]]:
    """(campaign, commune) of the campaigns that cover chosen communes only."""
    table = Campaign.communes.through._meta.db_table
    return set(
        fetch(
            f'SELECT campaign_id, place_id FROM "{table}" '  # noqa: S608
            f"WHERE campaign_id IN ({marks(campaign_ids)})",
            campaign_ids,
        )
    )


def _hamlets(codes: set[str]) -> dict[str, HamletRow]:
    """Hamlets by code; where a closed hamlet shares its code with a current one, the current
    one (sorted last, whatever the database's NULL order)."""
    rows = fetch(
        'SELECT code, id, commune_id FROM "places_place" '  # noqa: S608
        f"WHERE level = %s AND code IN ({marks(codes)}) "
        "ORDER BY valid_to IS NULL, valid_to",
        [Level.HAMLET.value, *codes],
    )
    return {code: HamletRow(pk, commune_id) for code, pk, commune_id in rows}
