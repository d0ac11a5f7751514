"""Periodic reporting: the report prefilled from the tracker, the reports' workflow and its
locking, completeness and timeliness, the Word documents opened and read, scoping."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from docx import Document

from tocds.reports.tests.helpers import some_visits
from tocds.tracker import reporting, services
from tocds.tracker.models import HandFigure, PeriodReport
from tocds.tracker.tests.factories import clause, directive, period


def _month(world, due_on=None):
    directive(world)
    october = period(world)
    if due_on is not None:
        october.due_on = due_on
        october.save()
    return october


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_a_report_is_prefilled_from_the_tracker(world):
    some_visits(world)  # commune A: 4 households in October 2026
    october = _month(world)
    news = clause(world, "D4.5").indicators.get()
    services.enter_figure(
        actor=world.officer_a, indicator=news, place=world.commune_a, period=october, value=6
    )
    report = reporting.start_report(actor=world.officer_a, period=october, commune=world.commune_a)
    by_code = {
        (v.row.indicator.clause.code, v.row.indicator.code): v
        for v in reporting.report_rows(report)
    }
    assert {code for code, _i in by_code} == {"D4.1", "D4.2", "D4.3", "D4.4", "D4.5"}
    assert by_code["D4.3", "ho-duoc-den"].value == 4
    assert by_code["D4.5", "tin-bai"].value == 6
    # Starting again gives the same report.
    again = reporting.start_report(actor=world.officer_a, period=october, commune=world.commune_a)
    assert again.pk == report.pk
    with pytest.raises(PermissionDenied):
        reporting.start_report(actor=world.officer_a, period=october, commune=world.commune_b)


def test_submit_accept_locks_return_reopens(world):
    some_visits(world)
    october = _month(world, due_on=timezone.localdate() + timedelta(days=5))
    report = reporting.start_report(actor=world.officer_a, period=october, commune=world.commune_a)
    news = report.rows.get(indicator__clause__code="D4.5")
    reporting.save_report(
        actor=world.officer_a,
        report=report,
        fields={"results": "Đã đến 4 hộ.", "number": "12"},
        values={news.pk: 9},
    )
    report = reporting.transition(actor=world.officer_a, report=report, action="submit")
    assert report.status == "submitted" and report.on_time is True
    frozen = report.rows.get(indicator__code="ho-duoc-den")
    assert frozen.value == 4
    # The hand figure the commune reported reaches the tracker.
    assert HandFigure.objects.get(indicator=news.indicator, place=world.commune_a).value == 9
    # Submitted: the commune can no longer change it; only the province accepts or returns.
    with pytest.raises(ValidationError):
        reporting.save_report(
            actor=world.officer_a, report=report, fields={"results": "x"}, values={}
        )
    with pytest.raises(PermissionDenied):
        reporting.transition(actor=world.officer_a, report=report, action="accept")
    with pytest.raises(ValidationError):
        reporting.transition(actor=world.province_admin, report=report, action="return")
    report = reporting.transition(
        actor=world.province_admin, report=report, action="return", comment="Bổ sung số liệu."
    )
    assert report.status == "returned" and report.is_editable
    report = reporting.transition(actor=world.officer_a, report=report, action="submit")
    report = reporting.transition(actor=world.province_admin, report=report, action="accept")
    assert report.status == "accepted" and report.accepted_at is not None
    with pytest.raises(ValidationError):
        reporting.save_report(
            actor=world.officer_a, report=report, fields={"results": "x"}, values={}
        )
    with pytest.raises(ValidationError):
        reporting.transition(actor=world.officer_a, report=report, action="submit")
    assert [e.action for e in report.events.all()] == ["submit", "return", "submit", "accept"]


def test_completeness_and_timeliness(world):
    october = _month(world, due_on=date(2026, 11, 5))
    late = reporting.start_report(actor=world.officer_b, period=october, commune=world.commune_b)
    late = reporting.transition(actor=world.officer_b, report=late, action="submit")
    PeriodReport.objects.filter(pk=late.pk).update(
        first_submitted_at=timezone.make_aware(timezone.datetime(2026, 11, 9, 9, 0))
    )
    reporting.start_report(actor=world.officer_a, period=october, commune=world.commune_a)
    found = reporting.completeness(october, [world.commune_a, world.commune_b])
    assert (found.expected, found.sent, found.accepted, found.on_time) == (2, 1, 0, 0)
    # The deadline has passed (today is after 5/11/2026): B was late, A has not sent.
    assert found.late == 2


def test_pages_and_documents(world):
    some_visits(world)
    october = _month(world, due_on=date(2026, 11, 5))
    client = world.client_for("officer_a")
    start = client.post(
        f"/tracker/periods/{october.pk}/reports/start/?place={world.commune_a.code}"
    )
    assert start.status_code == 302
    report = PeriodReport.objects.get(place=world.commune_a)
    assert (
        client.post(
            f"/tracker/reports/{report.pk}/save/", {"results": "Kết quả tốt.", "number": "15"}
        ).status_code
        == 302
    )
    assert (
        client.post(f"/tracker/reports/{report.pk}/move/", {"action": "submit"}).status_code == 302
    )
    report.refresh_from_db()
    assert report.status == "submitted"
    page = client.get(f"/tracker/reports/{report.pk}/")
    assert page.status_code == 200 and "Kết quả tốt." in page.content.decode()
    text = _text(client.get(f"/tracker/reports/{report.pk}/report.docx").content)
    assert "15/BC-UBND" in text and "Hộ gia đình được đến hướng dẫn" in text
    assert "tháng 10/2026" in text
    # Commune B's officer sees neither A's report nor the province's document.
    other = world.client_for("officer_b")
    assert other.get(f"/tracker/reports/{report.pk}/").status_code == 404
    assert other.get(f"/tracker/periods/{october.pk}/report.docx").status_code == 404
    listing = other.get(f"/tracker/periods/{october.pk}/reports/").content.decode()
    assert "Phường Thục Phán" in listing and "Xã Hòa An" not in listing
    admin = world.client_for("province_admin")
    consolidated = _text(admin.get(f"/tracker/periods/{october.pk}/report.docx").content)
    assert "Xã Hòa An" in consolidated and "Phường Thục Phán" in consolidated
    assert "1/2 xã, phường đã gửi báo cáo" in consolidated
    assert "Chưa lập" in consolidated  # commune B has not started its report
