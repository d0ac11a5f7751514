"""Report pages through HTTP: writing, locking, unlocking and scoping."""

import pytest

from tocds.core.models import AuditEvent
from tocds.reports import services
from tocds.reports.models import Report, ReportStatus
from tocds.reports.tests.helpers import report_a


def _form_data(report, **overrides) -> dict:
    data = {
        "number": "12/BC-UBND",
        "direction": "Ban hành kế hoạch.",
        "results": "Đạt kết quả tốt.",
        "shortcomings": "",
        "proposals": "",
        "signer_title": "Chủ tịch",
        "signer_name": "Nông Văn A",
    }
    for row in report.rows.select_related("indicator"):
        data[f"target_{row.pk}"] = row.target
        data[f"status_{row.pk}"] = ""
        if row.indicator.is_manual:
            data[f"value_{row.pk}"] = ""
    data.update(overrides)
    return data


def _accepted(world) -> Report:
    report = report_a(world)
    services.transition(actor=world.officer_a, report=report, action="submit")
    return services.transition(actor=world.province_admin, report=report, action="accept")


def test_commune_officer_opens_fills_in_and_submits_the_report(world):
    client = world.client_for("officer_a")
    path = f"/reports/campaigns/{world.campaign_all.pk}/communes/{world.commune_a.code}/"
    page = client.get(path)
    assert page.status_code == 200 and "Lập báo cáo" in page.content.decode()
    assert not Report.objects.filter(campaign=world.campaign_all).exists()  # a GET never writes
    response = client.post(path)
    report = Report.objects.get(campaign=world.campaign_all, commune=world.commune_a)
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    assert client.get(path)["Location"] == f"/reports/{report.pk}/"
    signatures = report.rows.get(indicator__code="digital-signatures")
    data = _form_data(report, **{f"value_{signatures.pk}": "40", f"target_{signatures.pk}": "30"})
    assert client.post(f"/reports/{report.pk}/", data).status_code == 302
    signatures.refresh_from_db()
    assert (signatures.value, signatures.target) == (40, 30)
    response = client.post(f"/reports/{report.pk}/transition/", {"action": "submit"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'name="direction"' not in page  # read-only once submitted
    assert "Ban hành kế hoạch." in page


def test_a_locked_report_refuses_edits_in_the_service(world):
    report = _accepted(world)
    with pytest.raises(services.ReportLocked):
        services.save_report(
            actor=world.officer_a,
            report=report,
            number="",
            direction="changed",
            results="",
            shortcomings="",
            proposals="",
            signer_title="",
            signer_name="",
            rows={},
        )
    report.refresh_from_db()
    assert report.direction == ""


def test_a_locked_report_refuses_edits_over_http(world):
    report = _accepted(world)
    client = world.client_for("officer_a")
    response = client.post(f"/reports/{report.pk}/", _form_data(report, direction="changed"))
    assert response.status_code == 409
    report.refresh_from_db()
    assert (report.direction, report.status) == ("", ReportStatus.ACCEPTED)
    # Nor can the commune take it back: unlocking is not theirs.
    response = client.post(
        f"/reports/{report.pk}/transition/", {"action": "unlock", "comment": "please"}
    )
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_only_the_province_admin_unlocks_with_a_recorded_reason(world):
    report = _accepted(world)
    admin = world.client_for("province_admin")
    admin.post(f"/reports/{report.pk}/transition/", {"action": "unlock", "comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED  # a reason is required
    admin.post(
        f"/reports/{report.pk}/transition/",
        {"action": "unlock", "comment": "Sai số liệu hộ"},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    event = report.events.last()
    assert (event.action, event.actor, event.comment) == (
        "unlock",
        world.province_admin,
        "Sai số liệu hộ",
    )
    assert "Sai số liệu hộ" in admin.get(f"/reports/{report.pk}/").content.decode()
    # Back with the commune: it may edit again.
    client = world.client_for("officer_a")
    client.post(f"/reports/{report.pk}/", _form_data(report, direction="sửa lại"))
    report.refresh_from_db()
    assert report.direction == "sửa lại"


def test_another_communes_officer_cannot_open_or_submit_the_report(world):
    report = report_a(world)
    client = world.client_for("officer_b")
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert client.post(f"/reports/{report.pk}/transition/", {"action": "submit"}).status_code == 404
    assert client.post(f"/reports/{report.pk}/", _form_data(report)).status_code == 404
    assert client.get(f"/reports/{report.pk}/report.xlsx").status_code == 404
    assert client.get(f"/reports/{report.pk}/report.docx").status_code == 404
    path = f"/reports/campaigns/{world.campaign_all.pk}/communes/{world.commune_a.code}/"
    assert client.get(path).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


@pytest.mark.parametrize("persona", ["leader", "member"])
def test_team_leaders_and_members_have_no_access_to_reports(world, persona):
    report = report_a(world)
    client = world.client_for(persona)
    for path in (
        "/reports/",
        f"/reports/{report.pk}/",
        f"/reports/campaigns/{world.campaign_all.pk}/",
        "/reports/indicators/",
    ):
        assert client.get(path).status_code == 404, path
    assert "/reports/" not in client.get("/teams/").content.decode()


def test_province_sees_completeness_and_sets_the_due_date(world):
    report = report_a(world)
    services.transition(actor=world.officer_a, report=report, action="submit")
    admin = world.client_for("province_admin")
    admin.post(f"/reports/campaigns/{world.campaign_all.pk}/due/", {"due_on": "2099-01-01"})
    page = admin.get(f"/reports/campaigns/{world.campaign_all.pk}/").content.decode()
    assert "1/2" in page
    assert world.commune_b.name in page
    assert world.campaign_all.report_deadline.due_on.year == 2099
    assert (
        world.client_for("officer_a")
        .get(f"/reports/campaigns/{world.campaign_all.pk}/")
        .status_code
        == 404
    )


def test_exports_are_recorded_in_the_audit_log(world):
    report = report_a(world)
    client = world.client_for("officer_a")
    client.get(f"/reports/{report.pk}/report.xlsx")
    client.get(f"/reports/{report.pk}/report.docx")
    world.client_for("province_admin").get(
        f"/reports/campaigns/{world.campaign_all.pk}/province.xlsx"
    )
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == [
        "reports.export_docx",
        "reports.export_province_xlsx",
        "reports.export_xlsx",
    ]
