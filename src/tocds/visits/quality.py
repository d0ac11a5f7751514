"""Data-quality flags on visits: raised at sync, resolved by an officer (with history)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from tocds.core.sql import fetch, marks
from tocds.visits.models import FlagKind, FlagStatus, QualityFlag, Visit


@dataclass(frozen=True)
class Thresholds:
    skew: timedelta = timedelta(minutes=15)  # the phone's clock this far off is flagged
    future: timedelta = timedelta(minutes=5)  # a visit this far after its arrival is flagged
    people: int = 15  # more people guided in one household is improbable


THRESHOLDS = Thresholds()
# The skew recorded for a phone clock too far off to correct anything (year 1, year 9999).
CLOCK_NOT_SET = 2**31 - 1


def check(
    visits: list[Visit], thresholds: Thresholds = THRESHOLDS, *, new: bool = False
) -> list[QualityFlag]:
    """Raise the flags that apply to `visits` (just stored, `new`, or edited); for edited ones
    clear open flags that no longer apply. Flags already resolved stay as they are."""
    if not visits:
        return []
    raised: dict[int, dict[str, str]] = defaultdict(dict)
    areas = _assigned_hamlets(visits)
    for visit in visits:
        campaign = visit.campaign
        if not campaign.starts_on <= visit.visit_day <= campaign.ends_on:
            raised[visit.pk][FlagKind.OUTSIDE_WINDOW] = _("Recorded on %(day)s") % {
                "day": visit.visit_day.strftime("%d/%m/%Y")
            }
        hamlets = areas.get((visit.campaign_id, visit.team_id))
        if hamlets is not None and visit.hamlet_id not in hamlets:
            raised[visit.pk][FlagKind.OUTSIDE_AREA] = _("The team has no assignment here.")
        if abs(visit.skew_seconds) >= CLOCK_NOT_SET:
            raised[visit.pk][FlagKind.CLOCK_SKEW] = _(
                "Phone clock not set (decades off): the visit keeps the phone's time"
            )
        elif abs(visit.skew_seconds) > thresholds.skew.total_seconds():
            raised[visit.pk][FlagKind.CLOCK_SKEW] = _("Phone clock off by %(minutes)d min") % {
                "minutes": round(visit.skew_seconds / 60)
            }
        elif visit.visited_at > visit.received_at + thresholds.future:
            raised[visit.pk][FlagKind.CLOCK_SKEW] = _("Recorded after it arrived")
        services = [int(part.split(":")[1]) for part in visit.services_text.split(";") if part]
        if visit.people_guided > thresholds.people or any(
            people > visit.people_guided for people in services
        ):
            raised[visit.pk][FlagKind.IMPROBABLE_COUNT] = _("%(people)d people guided") % {
                "people": visit.people_guided
            }
    for visit, other in _same_households(visits, earlier_only=new):
        raised[visit.pk][FlagKind.DUPLICATE_HOUSEHOLD] = _("Also recorded as visit %(id)d") % {
            "id": other
        }
    flags = [
        QualityFlag(visit_id=visit_id, kind=kind, detail=detail[:300])
        for visit_id, kinds in raised.items()
        for kind, detail in kinds.items()
    ]
    QualityFlag.objects.bulk_create(flags, ignore_conflicts=True)
    if not new:
        stale = Q()
        for visit in visits:
            stale |= Q(visit_id=visit.pk) & ~Q(kind__in=list(raised.get(visit.pk, {})))
        QualityFlag.objects.filter(stale, status=FlagStatus.OPEN).delete()
    return flags


def _assigned_hamlets(visits: list[Visit]) -> dict[tuple[int, int], set[int]]:
    """(campaign, team) → hamlets the team is assigned to; absent when the team has none."""
    out: dict[tuple[int, int], set[int]] = defaultdict(set)
    campaigns = {v.campaign_id for v in visits}
    teams = {v.team_id for v in visits}
    for campaign_id, team_id, hamlet_id in fetch(
        "SELECT p.campaign_id, a.team_id, a.hamlet_id FROM campaigns_assignment a "  # noqa: S608
        "JOIN campaigns_communeplan p ON p.id = a.plan_id "
        f"WHERE p.campaign_id IN ({marks(campaigns)}) AND a.team_id IN ({marks(teams)})",
        [*campaigns, *teams],
    ):
        out[(campaign_id, team_id)].add(hamlet_id)
    return out


def _same_households(visits: list[Visit], *, earlier_only: bool) -> list[tuple[Visit, int]]:
    """Visits whose household (same label, or same consented phone) in the same campaign and
    hamlet was recorded by another counted visit; each with the other visit's id. For new
    visits only an earlier visit counts, so the first of two is not flagged."""
    counted = [v for v in visits if not v.excluded]
    if not counted:
        return []
    campaigns = {v.campaign_id for v in counted}
    hamlets = {v.hamlet_id for v in counted}
    keys = {v.household_key for v in counted}
    phones = {v.head_phone for v in counted if v.head_phone}
    ids = [v.pk for v in visits]
    # The visits themselves are at hand: only the others are read.
    rows = fetch(
        "SELECT id, campaign_id, hamlet_id, household_key, head_phone "  # noqa: S608
        "FROM visits_visit "
        f"WHERE excluded = %s AND campaign_id IN ({marks(campaigns)}) "
        f"AND hamlet_id IN ({marks(hamlets)}) AND id NOT IN ({marks(ids)}) "
        f"AND (household_key IN ({marks(keys)})"
        + (f" OR head_phone IN ({marks(phones)}))" if phones else ")"),
        [False, *campaigns, *hamlets, *ids, *keys, *phones],
    )
    rows += [(v.pk, v.campaign_id, v.hamlet_id, v.household_key, v.head_phone) for v in counted]
    by_key: dict[tuple, set[int]] = defaultdict(set)
    for pk, campaign_id, hamlet_id, key, phone in rows:
        by_key[(campaign_id, hamlet_id, "label", key)].add(pk)
        if phone:
            by_key[(campaign_id, hamlet_id, "phone", phone)].add(pk)
    found = []
    for visit in counted:
        place = (visit.campaign_id, visit.hamlet_id)
        same = set(by_key.get((*place, "label", visit.household_key), ()))
        if visit.head_phone:
            same |= by_key.get((*place, "phone", visit.head_phone), set())
        same = {pk for pk in same if pk < visit.pk} if earlier_only else same - {visit.pk}
        if same:
            found.append((visit, min(same)))
    return found
