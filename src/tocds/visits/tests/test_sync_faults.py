"""The sync fault cases of RELIABILITY.md, against the real endpoint.

`Phone` mirrors the field app's outbox (queued → sending → acknowledged, or quarantined) and
`Network` loses requests and responses, cuts batches short, crashes the server mid-batch and
skews the phone's clock. Hypothesis generates schedules of creates, edits, officer corrections
and sends; after every schedule and a final clean drain, the server holds exactly the phone's
UUIDs, one row each, with the phone's last content unless a conflict was surfaced, and the
tallies equal a recount from the visits.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from unittest import mock

import pytest
from django.db.models import Count
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tocds.visits import review, tally
from tocds.visits.models import DayTally, ReachTally, SyncConflict, Visit, VisitTally
from tocds.visits.tests.helpers import SYNC_URL, open_campaign, visit_record


class LostRequest(Exception):
    """The request never reached the server."""


class LostResponse(Exception):
    """The server did the work; the answer never reached the phone."""


class PowerCut(Exception):
    """The server stops in the middle of a request."""


@dataclass
class Entry:
    record: dict
    state: str = "queued"  # queued | sending | acknowledged | quarantined
    version: int | None = None  # the server's version once acknowledged
    conflicted: bool = False


@dataclass
class Phone:
    client: Client
    world: object
    outbox: dict[str, Entry] = field(default_factory=dict)
    conflicts_seen: int = 0
    clock_skew: timedelta = timedelta(0)
    # Records changed on the server (by an officer) since the phone last saw them: an edit
    # from the phone must never overwrite such a change unseen.
    changed_elsewhere: set[str] = field(default_factory=set)

    def create(self, people: int) -> str:
        record = visit_record(self.world, household=f"Nhà {len(self.outbox) + 1}")
        record["people_guided"] = people
        self.outbox[record["uuid"]] = Entry(record)
        return record["uuid"]

    def edit(self, key: str, people: int) -> None:
        entry = self.outbox[key]
        if entry.state == "sending":
            return  # the app does not edit a record while it is being sent
        record = {**entry.record, "people_guided": people}
        if entry.state == "acknowledged":
            record["base_version"] = entry.version
        entry.record, entry.state = record, "queued"

    def unsent(self) -> list[Entry]:
        return [e for e in self.outbox.values() if e.state == "queued"]

    def send(self, network: "Network", limit: int = 100) -> None:
        batch = self.unsent()[:limit]
        if not batch:
            return
        for entry in batch:
            entry.state = "sending"
        body = {
            "device_clock": (timezone.now() - self.clock_skew).isoformat(),
            "visits": [e.record for e in batch],
        }
        try:
            results = network.post(self.client, body)
        except (LostRequest, LostResponse):
            for entry in batch:
                entry.state = "queued"  # never dropped after a failed send
            return
        answered = {r["uuid"]: r for r in results}
        for entry in batch:
            result = answered.get(entry.record["uuid"])
            if result is None:  # not in the (cut) batch the server saw
                entry.state = "queued"
            elif result["status"] == "invalid":
                entry.state = "quarantined"
            else:
                entry.state, entry.version = "acknowledged", result["version"]
                if result["status"] == "updated":
                    assert entry.record["uuid"] not in self.changed_elsewhere, "overwritten"
                if result["status"] == "duplicate":
                    # The server's copy is the phone's (an officer's correction that changed
                    # nothing, say): the phone now holds its version, and may edit on it.
                    self.changed_elsewhere.discard(entry.record["uuid"])
                if result["status"] == "conflict":
                    self.changed_elsewhere.discard(entry.record["uuid"])
                    # Keep the server's copy, as the app does, and tell the user.
                    self.conflicts_seen += 1
                    entry.conflicted = True
                    server = result["server"]
                    entry.record = {
                        **entry.record,
                        "people_guided": server["people_guided"],
                        "household": server["household"],
                    }
                    entry.record.pop("base_version", None)


@dataclass
class Network:
    fault: str = "none"  # none | lost_request | lost_response | cut | crash

    def post(self, client: Client, body: dict) -> list[dict]:
        fault, self.fault = self.fault, "none"
        if fault == "lost_request":
            raise LostRequest
        if fault == "cut":  # the connection drops halfway: the server sees the first half
            body = {**body, "visits": body["visits"][: max(1, len(body["visits"]) // 2)]}
        if fault == "crash":  # the server dies after storing the rows, before committing
            with (
                mock.patch.object(tally, "add", side_effect=PowerCut),
                pytest.raises(PowerCut),
            ):
                client.post(SYNC_URL, body, content_type="application/json")
            raise LostResponse
        response = client.post(SYNC_URL, body, content_type="application/json")
        assert response.status_code == 200, response.content
        if fault == "lost_response":
            raise LostResponse
        return response.json()["results"]


def check_invariants(phone: Phone, campaign_id: int) -> None:
    keys = set(phone.outbox)
    rows = Visit.objects.filter(uuid__in=keys)
    assert {str(u) for u in rows.values_list("uuid", flat=True)} == keys
    assert not rows.values("uuid").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert all(e.state == "acknowledged" for e in phone.outbox.values())
    for key, entry in phone.outbox.items():
        visit = rows.get(uuid=key)
        # The server's copy is what the phone shows, unless an officer changed it later.
        assert entry.version <= visit.version
        if entry.version == visit.version:
            assert visit.people_guided == entry.record["people_guided"]
    # Every conflict the phone was told of is kept for review (a copy lost with its answer
    # too, once per content and server version).
    assert SyncConflict.objects.filter(visit__uuid__in=keys).count() >= phone.conflicts_seen

    def counters():
        return (
            sorted(VisitTally.objects.values_list("hamlet_id", "team_id", "visits", "people")),
            sorted(DayTally.objects.values_list("commune_id", "day", "visits", "people")),
            sorted(ReachTally.objects.values_list("kind", "key", "visits", "people")),
        )

    live = counters()
    tally.rebuild(campaign_id)
    assert [[r for r in rows if r[2]] for rows in live] == list(counters())


@pytest.fixture
def phone(world):
    open_campaign(world.campaign_all)
    return Phone(client=world.client_for("leader"), world=world)


FAULTS = st.sampled_from(["none", "lost_request", "lost_response", "cut", "crash"])
STEP = st.one_of(
    st.tuples(st.just("create"), st.integers(1, 6)),
    st.tuples(st.just("edit"), st.integers(0, 20), st.integers(1, 6)),
    st.tuples(st.just("send"), FAULTS, st.integers(1, 5)),
    st.tuples(st.just("officer"), st.integers(0, 20), st.integers(1, 6)),
    st.tuples(st.just("skew"), st.integers(-3 * 86400, 3 * 86400)),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(schedule=st.lists(STEP, min_size=1, max_size=25))
def test_any_schedule_of_faults_ends_with_one_row_per_phone_record(world, phone, schedule):
    phone.outbox.clear()
    phone.changed_elsewhere.clear()
    phone.conflicts_seen = 0
    network = Network()
    for step in schedule:
        keys = list(phone.outbox)
        if step[0] == "create":
            phone.create(step[1])
        elif step[0] == "edit" and keys:
            phone.edit(keys[step[1] % len(keys)], step[2])
        elif step[0] == "send":
            network.fault = step[1]
            phone.send(network, limit=step[2])
        elif step[0] == "officer" and keys:
            visit = Visit.objects.filter(uuid=keys[step[1] % len(keys)]).first()
            if visit is not None:  # the server has it: an officer corrects it concurrently
                review.correct_visit(
                    actor=world.officer_a,
                    visit_id=visit.pk,
                    household=visit.household,
                    hamlet=visit.hamlet,
                    people_guided=step[2],
                    reason="Kiểm tra lại",
                )
                phone.changed_elsewhere.add(str(visit.uuid))
        elif step[0] == "skew":
            phone.clock_skew = timedelta(seconds=step[1])
    for _ in range(len(phone.outbox) + 2):  # the signal comes back: drain the outbox
        phone.send(Network(), limit=100)
    check_invariants(phone, world.campaign_all.pk)


# The named cases of RELIABILITY.md, each on its own.


def test_lost_request_is_resent_and_created_once(world, phone):
    phone.create(3)
    phone.send(Network("lost_request"))
    assert not Visit.objects.exists()
    phone.send(Network())
    check_invariants(phone, world.campaign_all.pk)


def test_lost_response_is_resent_as_duplicate(world, phone):
    key = phone.create(3)
    phone.send(Network("lost_response"))
    assert phone.outbox[key].state == "queued"
    phone.send(Network())
    assert Visit.objects.count() == 1
    check_invariants(phone, world.campaign_all.pk)


def test_partial_batch_leaves_the_rest_queued(world, phone):
    for people in (1, 2, 3, 4):
        phone.create(people)
    phone.send(Network("cut"))
    assert len(phone.unsent()) == 2
    phone.send(Network())
    check_invariants(phone, world.campaign_all.pk)


def test_crash_mid_batch_stores_nothing_then_everything(world, phone):
    for people in (1, 2, 3):
        phone.create(people)
    phone.send(Network("crash"))
    assert not Visit.objects.exists() and not VisitTally.objects.exists()
    phone.send(Network())
    check_invariants(phone, world.campaign_all.pk)


def test_update_before_create_is_stored_once(world, phone):
    """An edit (made on another device of the team) arrives before the record's create."""
    record = visit_record(world)
    edit = {**record, "people_guided": 7, "base_version": 1}
    client = world.client_for("leader")
    first = client.post(SYNC_URL, {"visits": [edit]}, content_type="application/json")
    assert first.json()["results"][0]["status"] == "created"
    late = client.post(SYNC_URL, {"visits": [record]}, content_type="application/json")
    assert late.json()["results"][0]["status"] == "conflict"  # surfaced, not overwritten
    visit = Visit.objects.get(uuid=record["uuid"])
    assert (visit.people_guided, visit.version) == (7, 2)


def test_clock_skew_is_corrected_per_batch(world, phone):
    phone.clock_skew = timedelta(hours=-5)  # the phone is 5 hours ahead
    key = phone.create(2)
    recorded = timezone.now() + timedelta(hours=5)
    phone.outbox[key].record["recorded_at"] = recorded.isoformat()
    phone.send(Network())
    visit = Visit.objects.get(uuid=key)
    assert abs((visit.visited_at - timezone.now()).total_seconds()) < 60
    assert abs(visit.skew_seconds + 5 * 3600) < 60


def test_concurrent_edits_one_wins_one_conflict(world, phone):
    key = phone.create(2)
    phone.send(Network())
    other = Phone(client=world.client_for("leader"), world=world)
    other.outbox[key] = Entry(record=dict(phone.outbox[key].record), state="acknowledged")
    other.outbox[key].version = 1
    phone.edit(key, 4)
    other.edit(key, 5)
    phone.send(Network())
    other.send(Network())
    assert (phone.conflicts_seen, other.conflicts_seen) == (0, 1)
    visit = Visit.objects.get(uuid=key)
    assert (visit.people_guided, visit.version) == (4, 2)
    assert other.outbox[key].record["people_guided"] == 4  # the phone shows the server's copy


def test_same_copy_refused_by_a_newer_version_is_kept_again(world, phone):
    """Found by the schedules above: the phone's copy is refused, the phone takes the server's,
    the officer corrects again, and the phone sends the same copy once more."""
    key = phone.create(2)
    phone.send(Network())
    visit = Visit.objects.get(uuid=key)

    def officer(people: int) -> None:
        review.correct_visit(
            actor=world.officer_a,
            visit_id=visit.pk,
            household=visit.household,
            hamlet=visit.hamlet,
            people_guided=people,
            reason="Kiểm tra lại",
        )

    officer(5)
    phone.edit(key, 3)
    phone.send(Network())
    officer(6)
    phone.edit(key, 3)
    phone.send(Network())
    phone.send(Network("lost_response"))  # nothing left to send: no copy added
    assert phone.conflicts_seen == 2
    conflicts = SyncConflict.objects.filter(visit=visit).order_by("server_version")
    assert [c.server_version for c in conflicts] == [2, 3]


def test_uuid_is_required(world, phone):
    record = visit_record(world)
    record["uuid"] = "not-a-uuid"
    response = world.client_for("leader").post(
        SYNC_URL, {"visits": [record]}, content_type="application/json"
    )
    assert response.json()["results"][0]["status"] == "invalid"
    assert not Visit.objects.exists()
