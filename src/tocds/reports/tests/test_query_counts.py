"""Report pages cost the same number of queries whatever the number of reports or visits."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tocds.reports import services
from tocds.reports.tests.helpers import record_visits, report_a, report_b, visit


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_province_overview_query_count_does_not_grow_with_reports(world):
    client = world.client_for("province_admin")
    path = f"/reports/campaigns/{world.campaign_all.pk}/"
    services.transition(actor=world.officer_a, report=report_a(world), action="submit")
    one = _queries(client, path)
    services.transition(actor=world.officer_b, report=report_b(world), action="submit")
    assert _queries(client, path) == one


def test_report_page_query_count_does_not_grow_with_visits(world):
    record_visits(world, world.leader, [visit(world, household="1")])
    report = report_a(world)
    client = world.client_for("officer_a")
    one = _queries(client, f"/reports/{report.pk}/")
    record_visits(world, world.leader, [visit(world, household=str(n)) for n in range(2, 5)])
    assert _queries(client, f"/reports/{report.pk}/") == one
