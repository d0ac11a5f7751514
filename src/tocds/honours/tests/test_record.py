"""A nominee's record is pulled from tocds for the round's period: the same figures the
dashboards read, for the team or the member, and printed in the achievement report."""

import io
from datetime import date

import pytest
from docx import Document

from tocds.honours import services
from tocds.honours.models import NomineeKind
from tocds.honours.record import record_for
from tocds.honours.tests.factories import make_round, merit, nominate_team
from tocds.visits import figures
from tocds.visits.sync import sync_visits
from tocds.visits.tests.helpers import NOW, open_campaign, visit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def visited(world):
    """Team A: three households (the leader's account), 3 + 3 + 5 people; team B: one."""
    open_campaign(world.campaign_all)
    sync_visits(
        actor=world.leader,
        records=[
            visit_record(world, household="Số 1"),
            visit_record(world, household="Số 2", recorded_at="2026-10-05T09:15:00+07:00"),
            visit_record(
                world,
                household="Số 3",
                hamlet_code=world.hamlet_a2.code,
                people_guided=5,
                recorded_at="2026-10-02T09:15:00+07:00",
            ),
        ],
        now=NOW,
    )
    sync_visits(
        actor=world.province_admin,
        records=[
            visit_record(
                world, household="Số 9", team_id=world.team_b.pk, hamlet_code=world.hamlet_b1.code
            )
        ],
        now=NOW,
    )
    return world


def values(record) -> list[int]:
    return [f.value for f in record.figures]


def test_a_teams_record_equals_the_campaign_figures_for_the_team(visited):
    w = visited
    nomination = nominate_team(w, make_round(w), w.team_a)
    expected = figures.totals(w.campaign_all.pk, team_id=w.team_a.pk)
    done = sum(f.done for f in figures.team_services(w.campaign_all.pk, w.team_a.pk).values())
    assert values(record_for(nomination)) == [expected.visits, expected.people, done]
    assert values(record_for(nomination))[:2] == [3, 11]


def test_a_members_record_counts_the_visits_they_recorded(visited):
    w = visited
    nomination = services.save_nomination(
        actor=w.officer_a,
        nomination=None,
        round=make_round(w),
        form=merit(),
        unit_place=w.commune_a,
        unit_organisation=None,
        nominee=services.Nominee(kind=NomineeKind.INDIVIDUAL, person=w.leader_a.person),
        achievements="",
        initiatives=[],
    )
    assert values(record_for(nomination)) == [3, 11]


def test_only_the_rounds_period_counts(visited):
    w = visited
    round = make_round(w)
    round.period_to = date(2026, 10, 3)
    round.save()
    nomination = nominate_team(w, round, w.team_a)
    # Only the visit of 2 October falls before the period's end; NOW's visits are later.
    expected = figures.totals(w.campaign_all.pk, day_to=date(2026, 10, 3), team_id=w.team_a.pk)
    assert values(record_for(nomination))[:2] == [expected.visits, expected.people]
    assert values(record_for(nomination))[0] < 3


def test_the_achievement_report_prints_the_record(visited):
    w = visited
    nomination = nominate_team(w, make_round(w), w.team_a)
    response = w.client_for("officer_a").get(f"/honours/nominations/{nomination.pk}/report.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "- Số hộ đã đến: 3." in text
    assert "- Số người được hướng dẫn: 11." in text


def test_a_teams_movement_rankings_are_part_of_its_record(visited):
    from tocds.movements import services as movement_services
    from tocds.movements.tests.factories import running

    w = visited
    movement = running(w)
    movement_services.change_status(actor=w.youth, movement=movement, action="close")
    nomination = nominate_team(w, make_round(w), w.team_a)
    standing = record_for(nomination).standings[0]
    assert (standing.movement, standing.rank, standing.out_of, standing.frozen) == (
        movement,
        1,
        3,
        True,
    )
    page = w.client_for("officer_a").get(f"/honours/nominations/{nomination.pk}/")
    assert f"{movement.name}: xếp thứ 1/3" in page.content.decode()
    response = w.client_for("officer_a").get(f"/honours/nominations/{nomination.pk}/report.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert f"- {movement.name}: xếp thứ 1/3, 3 điểm (kết quả chốt khi kết thúc phong trào)." in text
