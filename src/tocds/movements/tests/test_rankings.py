"""Rankings equal a hand count on a small data set, ties share a rank, closing freezes the
ranking, and the number of queries does not grow with the number of participants."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tocds.movements import rankings, services
from tocds.movements.models import Standing
from tocds.movements.tests.factories import make_movement, manual, measured
from tocds.visits.sync import sync_visits
from tocds.visits.tests.helpers import open_campaign, visit_record

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 10, 9, 3, 0, tzinfo=UTC)
TODAY = date(2026, 10, 9)


def _visits(w):
    """Team A: the leader 2 households (3 people, 2 done each) on 3 and 5 October and one on
    1 October (before the movement); the member 1 household (4 people, 1 done) on 4 October.
    Team A2: 1 household (5 people, 2 done). Team B: 1 household (3 people, 2 done)."""
    open_campaign(w.campaign_all)
    sync_visits(
        actor=w.leader,
        records=[
            visit_record(w, household="Số 1"),
            visit_record(w, household="Số 2", recorded_at="2026-10-05T09:15:00+07:00"),
            visit_record(w, household="Số 0", recorded_at="2026-10-01T09:15:00+07:00"),
        ],
        now=NOW,
    )
    sync_visits(
        actor=w.member,
        records=[
            visit_record(
                w,
                household="Số 3",
                people_guided=4,
                recorded_at="2026-10-04T09:15:00+07:00",
                services=[{"code": "vneid-register", "people": 1, "outcome": "done"}],
            )
        ],
        now=NOW,
    )
    sync_visits(
        actor=w.province_admin,
        records=[
            visit_record(
                w,
                household="Số 7",
                team_id=w.team_a2.pk,
                hamlet_code=w.hamlet_a2.code,
                people_guided=5,
            ),
            visit_record(w, household="Số 9", team_id=w.team_b.pk, hamlet_code=w.hamlet_b1.code),
        ],
        now=NOW,
    )


@pytest.fixture
def movement(world):
    """2–10 October, the whole province: households ×2, people ×0.5, services done ×1 and
    "Sáng tạo" scored by hand (max 10) ×3; teams A, A2, B and two members of team A."""
    w = world
    _visits(w)
    movement = make_movement(w, starts_on=date(2026, 10, 2))
    measured(w, movement, "households", "2")
    measured(w, movement, "people_guided", "0.5")
    measured(w, movement, "services_done", "1")
    creative = manual(w, movement, max_points="10", weight="3")
    added = {}
    for team in (w.team_a, w.team_a2, w.team_b):
        added[team.pk] = services.add_participant(actor=w.youth, movement=movement, team=team)
    leader = services.add_participant(actor=w.youth, movement=movement, person=w.leader_a.person)
    member = services.add_participant(actor=w.youth, movement=movement, person=w.member_a.person)
    services.change_status(actor=w.youth, movement=movement, action="launch")
    services.save_score(
        actor=w.youth, criterion=creative, participant=added[w.team_a.pk], points=Decimal(4)
    )
    services.save_score(
        actor=w.youth, criterion=creative, participant=added[w.team_b.pk], points=Decimal("0.5")
    )
    movement.leader, movement.member = leader, member
    return movement


def _table(ranking):
    return {
        group.kind: [(row.participant.name, row.rank, row.score) for row in group.rows]
        for group in ranking.groups
    }


def test_the_ranking_equals_a_hand_count(world, movement):
    ranking = rankings.ranking_for(movement, today=TODAY)
    # A: 2×3 + 0.5×10 + 5 + 3×4 = 28; B: 2×1 + 0.5×3 + 2 + 3×0.5 = 7; A2: 2 + 2.5 + 2 = 6.5.
    # The leader: 2×2 + 0.5×6 + 4 = 11; the member: 2×1 + 0.5×4 + 1 = 5.
    assert _table(ranking) == {
        "team": [
            ("Tổ CĐS Xóm Nà Mẫu", 1, Decimal("28.00")),
            ("Tổ CĐS Tổ dân phố 1", 2, Decimal("7.00")),
            ("Tổ CĐS Thôn Đông Mẫu", 3, Decimal("6.50")),
        ],
        "individual": [
            ("Nông Văn Mẫu", 1, Decimal("11.00")),
            ("Hoàng Thị Thử", 2, Decimal("5.00")),
        ],
    }
    team_a = ranking.groups[0].rows[0]
    assert [(line.name, line.value, line.weight, line.points) for line in team_a.lines] == [
        ("Tiêu chí households", Decimal(3), Decimal("2.00"), Decimal("6.00")),
        ("Tiêu chí people_guided", Decimal(10), Decimal("0.50"), Decimal("5.00")),
        ("Tiêu chí services_done", Decimal(5), Decimal("1.00"), Decimal("5.00")),
        ("Sáng tạo", Decimal(4), Decimal("3.00"), Decimal("12.00")),
    ]
    assert team_a.out_of == 3


def test_ranking_within_a_commune(world, movement):
    ranking = rankings.ranking_for(movement, commune=world.commune_a, today=TODAY)
    assert _table(ranking)["team"] == [
        ("Tổ CĐS Xóm Nà Mẫu", 1, Decimal("28.00")),
        ("Tổ CĐS Thôn Đông Mẫu", 2, Decimal("6.50")),
    ]


def test_equal_scores_share_a_rank(world):
    w = world
    movement = make_movement(w)
    measured(w, movement, "households")
    for team in (w.team_a, w.team_a2, w.team_b):
        services.add_participant(actor=w.youth, movement=movement, team=team)
    open_campaign(w.campaign_all)
    sync_visits(actor=w.leader, records=[visit_record(w)], now=NOW)
    rows = rankings.ranking_for(movement, today=TODAY).groups[0].rows
    assert [(r.participant.name, r.rank) for r in rows] == [
        ("Tổ CĐS Xóm Nà Mẫu", 1),
        ("Tổ CĐS Thôn Đông Mẫu", 2),
        ("Tổ CĐS Tổ dân phố 1", 2),
    ]


def test_a_criterion_that_does_not_apply_to_a_kind_gives_it_nothing(world, movement):
    rows = rankings.ranking_for(movement, today=TODAY).groups[1].rows
    creative = rows[0].lines[3]
    assert creative.name == "Sáng tạo" and creative.value == 0  # hand points: none given
    services_line = rows[0].lines[2]
    assert services_line.applies


def test_closing_freezes_the_ranking_against_later_data(world, movement):
    w = world
    before = _table(rankings.ranking_for(movement, today=TODAY))
    services.change_status(actor=w.youth, movement=movement, action="close", today=TODAY)
    movement.refresh_from_db()
    assert movement.counted_to == TODAY and movement.closed_at is not None
    assert Standing.objects.filter(movement=movement).count() == 5
    # A late sync of visits made during the period changes nothing any more.
    sync_visits(
        actor=w.province_admin,
        records=[
            visit_record(
                w, household=f"Muộn {i}", team_id=w.team_b.pk, hamlet_code=w.hamlet_b1.code
            )
            for i in range(5)
        ],
        now=NOW,
    )
    after = rankings.ranking_for(movement, today=TODAY)
    assert after.frozen and after.frozen_at == movement.closed_at
    assert _table(after) == before
    assert _table(rankings.live(movement, today=TODAY))["team"][0][0] == "Tổ CĐS Tổ dân phố 1"


def test_standings_for_a_nominee(world, movement):
    w = world
    live = rankings.standings_for(team=w.team_b)
    assert [(s.movement, s.kind, s.rank, s.out_of, s.frozen) for s in live] == [
        (movement, "team", 2, 3, False)
    ]
    services.change_status(actor=w.youth, movement=movement, action="close", today=TODAY)
    [frozen] = rankings.standings_for(person=w.leader_a.person)
    assert (frozen.rank, frozen.out_of, frozen.score, frozen.frozen, frozen.as_of) == (
        1,
        2,
        Decimal("11.00"),
        True,
        TODAY,
    )
    assert rankings.standings_for(organisation=w.enterprise) == []
    with pytest.raises(TypeError):
        rankings.standings_for(team=w.team_a, person=w.leader_a.person)


def _queries(movement) -> int:
    with CaptureQueriesContext(connection) as captured:
        rankings.live(movement, today=TODAY)
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_participants(world):
    w = world
    _visits(w)
    movement = make_movement(w)
    for measure in (
        "households",
        "people_guided",
        "services_done",
        "lessons_delivered",
        "certificates_earned",
        "trainings_attended",
        "models_started",
    ):
        measured(w, movement, measure)
    manual(w, movement)
    services.add_participant(actor=w.youth, movement=movement, team=w.team_a)
    services.add_participant(actor=w.youth, movement=movement, person=w.leader_a.person)
    services.add_participant(actor=w.youth, movement=movement, organisation=w.enterprise)
    few = _queries(movement)
    services.add_participant(actor=w.youth, movement=movement, team=w.team_a2)
    services.add_participant(actor=w.youth, movement=movement, team=w.team_b)
    services.add_participant(actor=w.youth, movement=movement, person=w.member_a.person)
    services.add_participant(actor=w.youth, movement=movement, person=w.member_b.person)
    assert _queries(movement) == few
    assert few <= 20


def test_a_live_ranking_reuses_its_measured_values_for_a_while(world, settings):
    """Officers reloading a ranking and the public leaderboard read the counters once per
    `RANKING_CACHE_SECONDS`, and a new participant computes afresh."""
    w = world
    _visits(w)
    settings.RANKING_CACHE_SECONDS = 120
    movement = make_movement(w)
    measured(w, movement, "households")
    measured(w, movement, "services_done")
    services.add_participant(actor=w.youth, movement=movement, team=w.team_a)
    first = _queries(movement)
    again = _queries(movement)
    assert again < first
    assert (
        rankings.live(movement, today=TODAY).rows() == rankings.live(movement, today=TODAY).rows()
    )
    services.add_participant(actor=w.youth, movement=movement, team=w.team_b)
    assert _queries(movement) == first
