"""Visits recorded through the real sync service, so the tallies the reports read are kept."""

import uuid

from tocds.reports import services
from tocds.reports.models import Report
from tocds.visits.sync import sync_visits
from tocds.visits.tests.helpers import NOW, open_campaign, visit_record


def record_visits(world, user, records: list[dict]) -> None:
    open_campaign(world.campaign_all)
    result = sync_visits(actor=user, records=records, now=NOW)
    assert [r.status for r in result.results] == ["created"] * len(records)


def visit(world, **overrides) -> dict:
    return visit_record(world, uuid=str(uuid.uuid4()), **overrides)


def some_visits(world) -> None:
    """Four households in commune A (two hamlets, two teams' worth of services), one in B."""
    from tocds.conftest import make_member, make_user
    from tocds.teams.models import TeamRole

    record_visits(
        world,
        world.leader,
        [
            visit(world, household="Số 1", people_guided=3),
            visit(
                world,
                household="Số 2",
                people_guided=2,
                services=[
                    {"code": "vneid-register", "people": 1, "outcome": "done"},
                    {"code": "vietqr", "people": 2, "outcome": "follow_up"},
                ],
            ),
            visit(world, household="Số 3", people_guided=1, services=[]),
        ],
    )
    leader_a2 = make_user("leader-a2")
    make_member(world.team_a2, "Lò Thị Hai", "+84900000009", role=TeamRole.LEADER, user=leader_a2)
    record_visits(
        world,
        leader_a2,
        [visit(world, team_id=world.team_a2.pk, hamlet_code=world.hamlet_a2.code, household="7")],
    )
    leader_b = make_user("leader-b")
    make_member(world.team_b, "Hà Văn Ba", "+84900000010", role=TeamRole.LEADER, user=leader_b)
    record_visits(
        world,
        leader_b,
        [visit(world, team_id=world.team_b.pk, hamlet_code=world.hamlet_b1.code, household="9")],
    )


def report_a(world) -> Report:
    return services.start_report(
        actor=world.officer_a, campaign=world.campaign_all, commune=world.commune_a
    )


def report_b(world) -> Report:
    return services.start_report(
        actor=world.officer_b, campaign=world.campaign_all, commune=world.commune_b
    )
