"""Results pulled from tocds data equal the campaign figures for the initiative's place and
period, and are what its page shows."""

from datetime import date

import pytest

from tocds.certificates.services import issue_certificate
from tocds.initiatives.results import results_for
from tocds.initiatives.tests.factories import make_initiative
from tocds.visits import figures
from tocds.visits.sync import sync_visits
from tocds.visits.tests.helpers import NOW, open_campaign, visit_record

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)


@pytest.fixture
def visited(world):
    """Visits of team A: two households in Xóm Nà Mẫu (3 people each, 2 done each), one in
    Thôn Đông Mẫu on an earlier day, one in commune B."""
    open_campaign(world.campaign_all)
    records = [
        visit_record(world, household="Số 1"),
        visit_record(world, household="Số 2", recorded_at="2026-10-05T09:15:00+07:00"),
        visit_record(
            world,
            household="Số 3",
            hamlet_code=world.hamlet_a2.code,
            people_guided=5,
            recorded_at="2026-10-02T09:15:00+07:00",
        ),
    ]
    sync_visits(actor=world.leader, records=records, now=NOW)
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


def test_a_hamlets_model_counts_its_hamlets_visits_since_its_start(visited):
    w = visited
    initiative = make_initiative(w)  # Xóm Nà Mẫu, from 1 October
    results = results_for(initiative, today=TODAY)
    expected = figures.totals(w.campaign_all.pk, [w.commune_a.pk], hamlet_id=w.hamlet_a1.pk)
    assert (results.households, results.people) == (expected.visits, expected.people) == (2, 6)
    assert results.services_done == 4
    later = make_initiative(w, name="Bắt đầu muộn", starts_on=date(2026, 10, 4))
    assert results_for(later, today=TODAY).households == 1


def test_a_communes_model_counts_the_whole_commune(visited):
    w = visited
    initiative = make_initiative(w, place=w.commune_a)
    results = results_for(initiative, today=TODAY)
    expected = figures.totals(w.campaign_all.pk, [w.commune_a.pk])
    assert (results.households, results.people) == (expected.visits, expected.people) == (3, 11)
    done = sum(f.done for f in figures.services(w.campaign_all.pk, [w.commune_a.pk]).values())
    assert results.services_done == done == 6


def test_a_cluster_counts_its_hamlets(visited):
    w = visited
    initiative = make_initiative(w, extra_hamlets=[w.hamlet_a2])
    assert results_for(initiative, today=TODAY).households == 3


def test_a_model_not_started_has_no_results(visited):
    initiative = make_initiative(visited, starts_on=date(2027, 1, 1))
    assert results_for(initiative, today=TODAY).households == 0


def test_certificates_issued_in_the_area_since_the_start(world):
    initiative = make_initiative(world, place=world.commune_a)
    issue_certificate(kind="learning", title="Thanh toán an toàn", place=world.hamlet_a1)
    issue_certificate(kind="learning", title="Khác xã", place=world.hamlet_b1)
    revoked = issue_certificate(kind="learning", title="Thu hồi", place=world.hamlet_a2)
    revoked.revoked_at = revoked.issued_at
    revoked.revoked_reason = "Cấp nhầm"
    revoked.save(update_fields=["revoked_at", "revoked_reason"])
    assert results_for(initiative).certificates == 1


def test_the_detail_page_shows_the_results(visited):
    w = visited
    initiative = make_initiative(w, place=w.commune_a)
    page = w.client_for("officer_a").get(f"/initiatives/{initiative.pk}/").content.decode()
    assert "<b>3</b><span>số hộ đã đến hướng dẫn</span>" in page
    assert "<b>11</b>" in page
