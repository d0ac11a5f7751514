"""Documents that stay what was signed: dated when submitted or finalised, the same bytes on
every download once locked, addressed as Vietnamese administrative usage asks."""

import io

from django.utils import timezone
from docx import Document

from tocds.reports import decree30, services
from tocds.reports.models import ProvinceReport
from tocds.reports.tests.helpers import record_visits, report_a, some_visits, visit


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_a_submitted_report_is_dated_the_day_it_was_submitted_and_never_changes(world):
    some_visits(world)
    report = report_a(world)
    client = world.client_for("officer_a")
    draft = _text(client.get(f"/reports/{report.pk}/report.docx").content)
    assert "DỰ THẢO" in draft and "ngày      tháng" in draft  # a draft leaves the date blank

    services.transition(actor=world.officer_a, report=report, action="submit")
    report.refresh_from_db()
    assert report.document_date == timezone.localdate()
    first_docx = client.get(f"/reports/{report.pk}/report.docx").content
    first_xlsx = client.get(f"/reports/{report.pk}/report.xlsx").content
    assert decree30.date_line("Hòa An", report.document_date) in _text(first_docx)
    assert "DỰ THẢO" not in _text(first_docx)

    # A visit synced late and an acceptance change nothing in what was signed.
    record_visits(world, world.leader, [visit(world, household="Số 99", people_guided=2)])
    services.transition(actor=world.province_admin, report=report, action="accept")
    reviewer = world.client_for("province_admin")
    assert reviewer.get(f"/reports/{report.pk}/report.docx").content == first_docx
    assert client.get(f"/reports/{report.pk}/report.xlsx").content == first_xlsx

    # Unlocked, it is a draft again: written afresh and undated until submitted again.
    services.transition(
        actor=world.province_admin, report=report, action="unlock", comment="Sửa số liệu."
    )
    again = _text(client.get(f"/reports/{report.pk}/report.docx").content)
    assert "DỰ THẢO" in again


def test_the_commune_report_goes_to_the_province_through_the_department(world):
    report = report_a(world)
    text = _text(world.client_for("officer_a").get(f"/reports/{report.pk}/report.docx").content)
    assert "Kính gửi: Ủy ban nhân dân tỉnh Cao Bằng (qua Sở Khoa học và Công nghệ)." in text
    assert "- Sở Khoa học và Công nghệ;" in text


def test_the_province_drafts_its_report_on_the_page_and_locks_it_when_final(world):
    some_visits(world)
    campaign = world.campaign_all
    client = world.client_for("province_admin")
    page = client.get(f"/reports/campaigns/{campaign.pk}/")
    assert not ProvinceReport.objects.exists()  # reading the page writes nothing
    assert 'name="direction"' in page.content.decode()
    response = client.post(
        f"/reports/campaigns/{campaign.pk}/province/",
        {
            "number": "125",
            "addressee": "Ủy ban nhân dân tỉnh Cao Bằng",
            "direction": "Sở đã tham mưu Kế hoạch số 10/KH-UBND.",
            "results": "Các xã đã triển khai đồng loạt.",
            "shortcomings": "Sóng yếu ở vùng cao.",
            "proposals": "Đề nghị hỗ trợ thiết bị.",
            "signer_authority": "KT. Giám đốc",
            "signer_title": "Phó Giám đốc",
            "signer_name": "Hoàng Văn Sở",
        },
    )
    assert response.status_code == 302
    text = _text(client.get(f"/reports/campaigns/{campaign.pk}/province.docx").content)
    for part in (
        "DỰ THẢO",
        "UBND TỈNH CAO BẰNG",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Số: 125/BC-SKHCN",
        "Kính gửi: Ủy ban nhân dân tỉnh Cao Bằng.",
        "Sở đã tham mưu Kế hoạch số 10/KH-UBND.",
        "Sóng yếu ở vùng cao.",
        "Đề nghị hỗ trợ thiết bị.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Hoàng Văn Sở",
        "Phụ lục",
        "KẾT QUẢ THỰC HIỆN THEO XÃ, PHƯỜNG",
        "Trên đây là báo cáo kết quả thực hiện Chiến dịch toàn tỉnh của Sở Khoa học và Công nghệ",
    ):
        assert part in text, part

    finalise = {"action": "finalise"}
    assert (
        client.post(f"/reports/campaigns/{campaign.pk}/province/transition/", finalise).status_code
        == 302
    )
    report = ProvinceReport.objects.get(campaign=campaign)
    assert report.is_locked and report.document_date == timezone.localdate()
    first = client.get(f"/reports/campaigns/{campaign.pk}/province.docx").content
    first_xlsx = client.get(f"/reports/campaigns/{campaign.pk}/province.xlsx").content
    assert "DỰ THẢO" not in _text(first)
    assert decree30.date_line("Cao Bằng", report.document_date) in _text(first)

    record_visits(world, world.leader, [visit(world, household="Số 98")])
    assert client.get(f"/reports/campaigns/{campaign.pk}/province.docx").content == first
    assert client.get(f"/reports/campaigns/{campaign.pk}/province.xlsx").content == first_xlsx

    # Final: no more edits, and reopening needs a reason.
    refused = client.post(f"/reports/campaigns/{campaign.pk}/province/", {"number": "999"})
    assert refused.status_code == 400
    report.refresh_from_db()
    assert report.number == "125"
    client.post(f"/reports/campaigns/{campaign.pk}/province/transition/", {"action": "reopen"})
    report.refresh_from_db()
    assert report.is_locked
    client.post(
        f"/reports/campaigns/{campaign.pk}/province/transition/",
        {"action": "reopen", "comment": "Bổ sung số liệu."},
    )
    report.refresh_from_db()
    assert report.is_editable and report.document_date is None
    assert [e.action for e in report.events.all()] == ["finalise", "reopen"]


def test_a_commune_officer_cannot_write_the_province_report(world):
    client = world.client_for("officer_a")
    path = f"/reports/campaigns/{world.campaign_all.pk}/province/"
    assert client.post(path, {"number": "1"}).status_code == 404
    assert not ProvinceReport.objects.exists()


def test_rules_are_as_long_as_decree_30_asks():
    """Under the body name and the summary a rule 1/3–1/2 of the text; under the motto one as
    long as the motto."""
    body = "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    width = decree30.text_width_cm(body, 13, caps=True)
    indent = decree30.rule_indent(decree30.LEFT_CM, body, 13, caps=True, part=0.4)
    length = decree30.LEFT_CM - 2 * indent
    assert width / 3 <= length <= width / 2
    motto = decree30.LAYOUT["motto_2"]
    motto_width = decree30.text_width_cm(motto, 14, caps=False)
    indent = decree30.rule_indent(decree30.RIGHT_CM, motto, 14, caps=False, part=1.0)
    assert abs((decree30.RIGHT_CM - 2 * indent) - motto_width) < 0.01


def test_reports_submitted_before_dating_get_the_day_they_were_submitted(world):
    """Migration 0005 dates the reports submitted before documents were dated."""
    import importlib
    from datetime import datetime

    from django.apps import apps

    from tocds.reports.models import Report

    backfill = importlib.import_module(
        "tocds.reports.migrations.0005_backfill_document_dates"
    ).backfill
    report = report_a(world)
    services.transition(actor=world.officer_a, report=report, action="submit")
    submitted = timezone.make_aware(datetime(2026, 10, 20, 23, 30), timezone.get_fixed_timezone(0))
    Report.objects.filter(pk=report.pk).update(document_date=None, submitted_at=submitted)
    backfill(apps, None)
    report.refresh_from_db()
    assert str(report.document_date) == "2026-10-21"  # 06:30 on the 21st in Cao Bằng
