"""The status rule (tracker/status.py) and the directive's data."""

from datetime import date

import pytest

from tocds.tracker.models import ClauseIndicator, ClauseStatus, Period, Status
from tocds.tracker.status import Figure, Source, derive, elapsed_share
from tocds.tracker.tests.factories import clause, directive

OCTOBER = Period(kind="month", starts_on=date(2026, 10, 1), ends_on=date(2026, 10, 31))


def figure(value, target):
    return Figure(indicator=ClauseIndicator(name="x"), value=value, target=target)


@pytest.mark.parametrize(
    ("figures", "today", "expected"),
    [
        # Every target reached: completed, whenever.
        ([figure(10, 10), figure(7, 5)], date(2026, 10, 2), Status.DONE),
        # Half-way through the month, half the target: on pace.
        ([figure(50, 100)], date(2026, 10, 16), Status.IN_PROGRESS),
        # Half-way through, a tenth of the target: below 0.8 of the pace.
        ([figure(10, 100)], date(2026, 10, 16), Status.LATE),
        # The month over, a target missed.
        ([figure(99, 100)], date(2026, 11, 1), Status.LATE),
        # Before the period, nothing done: not started (not lagging).
        ([figure(0, 100)], date(2026, 9, 20), Status.NOT_STARTED),
        # The first days, nothing done yet: not started (no one lags before a quarter passed).
        ([figure(0, 100)], date(2026, 10, 1), Status.NOT_STARTED),
        ([figure(0, 100)], date(2026, 10, 7), Status.NOT_STARTED),
        # A third of the month, nothing done: lagging.
        ([figure(0, 100)], date(2026, 10, 11), Status.LATE),
        # Two targets, the mean share counts (each capped at 1): (1 + 0.2) / 2 = 0.6 ≥ 0.8 × 0.5.
        ([figure(300, 100), figure(20, 100)], date(2026, 10, 16), Status.IN_PROGRESS),
        # A figure not entered counts as zero against its target.
        ([figure(None, 5)], date(2026, 11, 2), Status.LATE),
    ],
)
def test_derived_from_targets(figures, today, expected):
    status, source = derive(figures, period=OCTOBER, today=today, hand=None)
    assert (status, source) == (expected, Source.FIGURES)


def test_targets_win_over_a_hand_status():
    hand = ClauseStatus(status=Status.DONE)
    status, source = derive([figure(1, 100)], period=OCTOBER, today=date(2026, 11, 5), hand=hand)
    assert (status, source) == (Status.LATE, Source.FIGURES)


def test_without_target_the_agencys_status_stands():
    hand = ClauseStatus(status=Status.LATE)
    assert derive([figure(5, None)], period=OCTOBER, today=date(2026, 10, 3), hand=hand) == (
        Status.LATE,
        Source.HAND,
    )


def test_without_target_or_status_activity_decides():
    today = date(2026, 10, 3)
    assert derive(
        [figure(0, None), figure(None, None)], period=OCTOBER, today=today, hand=None
    ) == (
        Status.NOT_STARTED,
        Source.ACTIVITY,
    )
    assert derive([figure(3, None)], period=OCTOBER, today=today, hand=None) == (
        Status.IN_PROGRESS,
        Source.ACTIVITY,
    )


def test_elapsed_share():
    assert elapsed_share(OCTOBER, date(2026, 9, 30)) == 0
    assert elapsed_share(OCTOBER, date(2026, 10, 31)) == 1
    assert elapsed_share(OCTOBER, date(2027, 1, 1)) == 1
    assert elapsed_share(OCTOBER, date(2026, 10, 1)) == pytest.approx(1 / 31)


def test_2521_is_loaded_with_its_clauses_agencies_and_indicators(world):
    loaded = directive(world)
    codes = list(loaded.clauses.values_list("code", flat=True))
    assert codes == [
        *("D1.1", "D1.2", "D1.3", "D1.4", "D1.5", "D2.1", "D3.1"),
        *("D4.1", "D4.2", "D4.3", "D4.4", "D4.5", "D5.1", "D5.2", "D6.1", "D7.1", "D7.2"),
    ]
    assert set(loaded.clauses.filter(falls_to_communes=True).values_list("code", flat=True)) == {
        "D4.1",
        "D4.2",
        "D4.3",
        "D4.4",
        "D4.5",
    }
    dost_org = world.dost.grants.get().organisation
    assert clause(world, "D1.4").responsible == dost_org
    assert clause(world, "D3.1").responsible.kind == "home_affairs_agency"
    assert dost_org in clause(world, "D3.1").cooperating.all()
    assert "đi từng ngõ, gõ từng nhà" in clause(world, "D1.4").text
    assert clause(world, "D4.3").indicators.get(code="ho-duoc-den").formula == "households_visited"
    assert clause(world, "D6.1").indicators.get().is_manual
    # Idempotent: a second load changes nothing and keeps what was entered.
    from tocds.tracker.loader import load_directive_2521

    before = ClauseIndicator.objects.count()
    load_directive_2521(world.province)
    assert ClauseIndicator.objects.count() == before
    assert loaded.clauses.count() == 17
