"""Data-quality flags raised at sync, and officers resolving them through the pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from tocds.campaigns.models import Assignment, CommunePlan
from tocds.visits import review, tally
from tocds.visits.models import (
    FlagKind,
    FlagStatus,
    QualityFlag,
    Resolution,
    SyncConflict,
    Visit,
    VisitTally,
)
from tocds.visits.sync import sync_visits
from tocds.visits.tests.helpers import NOW, open_campaign, visit_record


@pytest.fixture
def campaign(world):
    open_campaign(world.campaign_all)
    return world.campaign_all


def store(world, *records, device_clock=NOW, user=None):
    result = sync_visits(
        actor=user or world.leader, records=list(records), device_clock=device_clock, now=NOW
    )
    return [r.status for r in result.results]


def kinds(record) -> set[str]:
    return set(Visit.objects.get(uuid=record["uuid"]).flags.values_list("kind", flat=True))


def test_clean_visit_raises_no_flag(world, campaign):
    record = visit_record(world)
    assert store(world, record) == ["created"]
    assert kinds(record) == set()


def test_visit_outside_campaign_days_is_flagged(world, campaign):
    record = visit_record(world, recorded_at="2026-09-20T09:00:00+07:00")
    store(world, record, device_clock=None)
    assert kinds(record) == {FlagKind.OUTSIDE_WINDOW}


def test_phone_clock_days_off_is_corrected_and_flagged(world, campaign):
    # The phone thinks it is 2 days earlier than it is; the visit happened 1 hour before sending.
    skewed_clock = NOW - timedelta(days=2)
    recorded = (skewed_clock - timedelta(hours=1)).isoformat()
    record = visit_record(world, recorded_at=recorded)
    store(world, record, device_clock=skewed_clock)
    visit = Visit.objects.get(uuid=record["uuid"])
    assert visit.visited_at == NOW - timedelta(hours=1)
    assert visit.skew_seconds == 2 * 86400
    assert kinds(record) == {FlagKind.CLOCK_SKEW}


def test_visit_in_the_future_is_flagged(world, campaign):
    record = visit_record(world, recorded_at=(NOW + timedelta(hours=3)).isoformat())
    store(world, record, device_clock=NOW)
    assert kinds(record) == {FlagKind.CLOCK_SKEW}


def test_improbable_counts_are_flagged(world, campaign):
    crowd = visit_record(world, people_guided=40)
    more_than_guided = visit_record(
        world,
        household="Số 2",
        people_guided=1,
        services=[{"code": "vneid-register", "people": 3, "outcome": "done"}],
    )
    store(world, crowd, more_than_guided)
    assert kinds(crowd) == {FlagKind.IMPROBABLE_COUNT}
    assert kinds(more_than_guided) == {FlagKind.IMPROBABLE_COUNT}


def test_same_household_twice_in_a_hamlet_is_flagged_by_label_or_phone(world, campaign):
    first = visit_record(world, household="Số 7")
    same_label = visit_record(world, household="số  7")
    other_hamlet = visit_record(world, household="Số 7", hamlet_code=world.hamlet_a2.code)
    phone_a = visit_record(
        world, household="Nhà ông A", consent=True, head_phone="0912 345 678", head_name="A"
    )
    phone_b = visit_record(
        world, household="Nhà bà B", consent=True, head_phone="+84912345678", head_name="B"
    )
    store(world, first, other_hamlet, phone_a)
    store(world, same_label, phone_b)
    assert kinds(same_label) == {FlagKind.DUPLICATE_HOUSEHOLD}
    assert kinds(phone_b) == {FlagKind.DUPLICATE_HOUSEHOLD}
    assert kinds(other_hamlet) == set()


def test_visit_outside_the_teams_assigned_hamlets_is_flagged(world, campaign):
    plan = CommunePlan.objects.create(campaign=campaign, commune=world.commune_a)
    Assignment.objects.create(
        plan=plan,
        team=world.team_a,
        hamlet=world.hamlet_a1,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
    )
    inside = visit_record(world)
    outside = visit_record(world, hamlet_code=world.hamlet_a2.code)
    store(world, inside, outside)
    assert (kinds(inside), kinds(outside)) == (set(), {FlagKind.OUTSIDE_AREA})


def test_officer_sees_flagged_visits_of_their_commune_only(world, campaign):
    record = visit_record(world, people_guided=40)
    store(world, record)
    page = world.client_for("officer_a").get("/visits/")
    assert page.status_code == 200
    assert "Số 12" in page.content.decode()
    other = world.client_for("officer_b").get("/visits/")
    assert "Số 12" not in other.content.decode()
    visit = Visit.objects.get()
    assert world.client_for("officer_b").get(f"/visits/{visit.pk}/").status_code == 404
    assert world.client_for("member").get("/visits/").status_code == 404


def test_officer_excludes_a_visit_and_the_figures_drop_with_history(world, campaign):
    record = visit_record(world, people_guided=40)
    store(world, record)
    visit = Visit.objects.get()
    flag = visit.flags.get()
    officer = world.client_for("officer_a")
    response = officer.post(
        f"/visits/flags/{flag.pk}/resolve/", {"status": "excluded", "note": "Gõ nhầm"}
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    flag.refresh_from_db()
    assert visit.excluded and flag.status == FlagStatus.EXCLUDED
    assert VisitTally.objects.get().visits == 0
    assert visit.history.count() == 2
    assert "Gõ nhầm" in officer.get(f"/visits/{visit.pk}/").content.decode()
    response = officer.post(f"/visits/{visit.pk}/exclude/", {"exclude": "0", "reason": "Đúng"})
    visit.refresh_from_db()
    assert not visit.excluded and VisitTally.objects.get().visits == 1


def test_officer_corrects_a_visit_and_a_later_stale_phone_edit_is_a_conflict(world, campaign):
    record = visit_record(world, people_guided=40)
    store(world, record)
    visit = Visit.objects.get()
    response = world.client_for("officer_a").post(
        f"/visits/{visit.pk}/correct/",
        {
            "household": "Số 12",
            "hamlet": world.hamlet_a1.pk,
            "people_guided": 4,
            "reason": "Gọi điện hỏi lại",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.people_guided, visit.version) == (4, 2)
    assert VisitTally.objects.get().people == 4
    assert not visit.flags.filter(kind=FlagKind.IMPROBABLE_COUNT, status="open").exists()
    stale = {**record, "people_guided": 41, "base_version": 1}
    assert store(world, stale) == ["conflict"]
    assert Visit.objects.get().people_guided == 4


def test_correction_needs_a_reason_and_a_hamlet_of_the_commune(world, campaign):
    store(world, visit_record(world))
    visit = Visit.objects.get()
    officer = world.client_for("officer_a")
    data = {"household": "Số 12", "hamlet": world.hamlet_b1.pk, "people_guided": 3}
    assert officer.post(f"/visits/{visit.pk}/correct/", data).status_code == 400
    assert (
        officer.post(
            f"/visits/{visit.pk}/correct/", {**data, "hamlet": world.hamlet_a2.pk}
        ).status_code
        == 400
    )  # no reason
    assert Visit.objects.get().version == 1


def test_leader_sees_but_cannot_review_own_team_visit(world, campaign):
    store(world, visit_record(world))
    visit = Visit.objects.get()
    leader = world.client_for("leader")
    assert leader.get(f"/visits/{visit.pk}/").status_code == 200
    assert leader.post(f"/visits/{visit.pk}/exclude/", {"reason": "x"}).status_code == 404
    assert not Visit.objects.get().excluded


def test_conflict_resolved_by_taking_the_phones_copy(world, campaign):
    record = visit_record(world)
    store(world, record)
    store(world, {**record, "people_guided": 5})
    conflict = SyncConflict.objects.get()
    response = world.client_for("officer_a").post(
        f"/visits/conflicts/{conflict.pk}/resolve/", {"take": "phone"}
    )
    assert response.status_code == 302
    conflict.refresh_from_db()
    visit = Visit.objects.get()
    assert conflict.resolution == Resolution.TOOK_PHONE
    assert (visit.people_guided, visit.version) == (5, 2)
    assert VisitTally.objects.get().people == 5


def test_manual_flag_then_confirmed(world, campaign):
    store(world, visit_record(world))
    visit = Visit.objects.get()
    officer = world.client_for("officer_a")
    officer.post(f"/visits/{visit.pk}/flag/", {"reason": "Hộ này đã chuyển đi"})
    flag = QualityFlag.objects.get(kind=FlagKind.MANUAL)
    officer.post(f"/visits/flags/{flag.pk}/resolve/", {"status": "confirmed"})
    flag.refresh_from_db()
    assert (flag.status, flag.resolved_by) == (FlagStatus.CONFIRMED, world.officer_a)
    assert flag.history.count() == 2


def test_a_flag_is_resolved_once_and_reopened_by_a_new_doubt(world, campaign):
    """The moves of `review.FLAG_TRANSITIONS`, through the services."""
    store(world, visit_record(world))
    visit = Visit.objects.get()
    officer = world.officer_a
    flag = review.flag_visit(actor=officer, visit_id=visit.pk, note="Hộ này đã chuyển đi")
    review.resolve_flag(actor=officer, flag_id=flag.pk, status=FlagStatus.FIXED, note="Đã sửa")
    with pytest.raises(ValidationError, match="Cảnh báo này đã được xử lý"):
        review.resolve_flag(actor=officer, flag_id=flag.pk, status=FlagStatus.CONFIRMED)
    assert QualityFlag.objects.get(pk=flag.pk).status == FlagStatus.FIXED
    flag = review.flag_visit(actor=officer, visit_id=visit.pk, note="Lại nghi ngờ")
    assert (flag.status, flag.resolved_by) == (FlagStatus.OPEN, None)
    review.resolve_flag(actor=officer, flag_id=flag.pk, status=FlagStatus.CONFIRMED)
    assert QualityFlag.objects.get(pk=flag.pk).status == FlagStatus.CONFIRMED


def test_a_conflict_is_resolved_once(world, campaign):
    """The moves of `review.CONFLICT_TRANSITIONS`, through the service."""
    record = visit_record(world)
    store(world, record)
    store(world, {**record, "people_guided": 5})
    conflict = SyncConflict.objects.get()
    review.resolve_conflict(actor=world.officer_a, conflict_id=conflict.pk, take_phone=False)
    with pytest.raises(ValidationError, match="Xung đột này đã được xử lý"):
        review.resolve_conflict(actor=world.officer_a, conflict_id=conflict.pk, take_phone=True)
    conflict.refresh_from_db()
    assert conflict.resolution == Resolution.KEPT_SERVER
    assert Visit.objects.get().people_guided == 3


def test_tallies_equal_a_rebuild_from_the_visits(world, campaign):
    records = [visit_record(world, household=f"Số {i}") for i in range(5)]
    store(world, *records)
    store(world, {**records[0], "people_guided": 9, "base_version": 1})
    officer = world.client_for("officer_a")
    officer.post(
        f"/visits/{Visit.objects.get(uuid=records[1]['uuid']).pk}/exclude/", {"reason": "x"}
    )
    before = sorted(VisitTally.objects.values_list("visits", "people"))
    tally.rebuild(campaign.pk)
    assert sorted(VisitTally.objects.values_list("visits", "people")) == before == [(4, 18)]


def test_rebuild_tallies_command_restores_lost_counters(world, campaign):
    from io import StringIO

    from django.core.management import call_command

    from tocds.visits.models import DayTally, ReachTally

    store(world, visit_record(world), visit_record(world, household="Số 9", people_guided=2))
    VisitTally.objects.all().delete()
    DayTally.objects.all().delete()
    ReachTally.objects.all().delete()
    out = StringIO()
    call_command("rebuild_tallies", campaign=campaign.pk, stdout=out)
    assert "rebuilt: 1 visit counters" in out.getvalue()
    assert list(DayTally.objects.values_list("visits", "people")) == [(2, 5)]
    assert ReachTally.objects.filter(kind="h").get().visits == 2
