"""Parallel sync requests on PostgreSQL (SQLite serialises writers): the unique UUID with
INSERT … ON CONFLICT, not a check, decides who creates a row; row locks order the edits."""

import pytest
from django.db import connection

from tocds.teams.tests.test_concurrency import run_together
from tocds.visits import tally
from tocds.visits.models import Visit, VisitTally
from tocds.visits.sync import sync_visits
from tocds.visits.tests.helpers import open_campaign, visit_record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def statuses(result) -> list[str]:
    assert not isinstance(result, Exception), result
    return [r.status for r in result.results]


def test_parallel_duplicate_batches_store_each_visit_once(world):
    open_campaign(world.campaign_all)
    batch = [visit_record(world, household=f"Số {i}") for i in range(50)]
    results = run_together(
        *[lambda: sync_visits(actor=world.leader, records=batch) for _ in range(4)]
    )
    per_record = list(zip(*[statuses(r) for r in results], strict=True))
    assert all(sorted(s) == ["created", "duplicate", "duplicate", "duplicate"] for s in per_record)
    assert Visit.objects.count() == 50
    assert sum(VisitTally.objects.values_list("visits", flat=True)) == 50


def test_parallel_edits_on_the_same_version_one_applies_the_other_conflicts(world):
    open_campaign(world.campaign_all)
    record = visit_record(world)
    sync_visits(actor=world.leader, records=[record])
    edits = [{**record, "people_guided": n, "base_version": 1} for n in (4, 5, 6)]
    results = run_together(
        *[lambda e=e: sync_visits(actor=world.leader, records=[e]) for e in edits]
    )
    outcomes = sorted(statuses(r)[0] for r in results)
    assert outcomes == ["conflict", "conflict", "updated"]
    visit = Visit.objects.get()
    assert visit.version == 2
    live = list(VisitTally.objects.values_list("visits", "people"))
    tally.rebuild()
    assert (
        live
        == list(VisitTally.objects.values_list("visits", "people"))
        == [(1, visit.people_guided)]
    )


def test_parallel_batches_of_different_visits_in_the_same_hamlet_keep_exact_tallies(world):
    open_campaign(world.campaign_all)
    batches = [[visit_record(world, household=f"{b}-{i}") for i in range(30)] for b in range(4)]
    results = run_together(
        *[lambda b=b: sync_visits(actor=world.leader, records=b) for b in batches]
    )
    assert all(set(statuses(r)) == {"created"} for r in results)
    assert VisitTally.objects.get().visits == 120
