"""The province's consolidated report adds up: target and result cover the same communes, every
covered commune is listed with where its report stands, and the dashboard, the report page, the
Excel file and the Word document say the same."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from tocds.campaigns.models import CommunePlan
from tocds.conftest import make_place, make_user
from tocds.people.models import Role
from tocds.places.models import Kind, Level
from tocds.reports import services
from tocds.reports.models import Indicator
from tocds.reports.tests.helpers import report_a, report_b, some_visits

HOUSEHOLDS = "households-reached"
HOUSEHOLDS_NAME = "Số hộ gia đình được tiếp cận, hướng dẫn"


def _commune_with_officer(world, code: str, name: str):
    commune = make_place(code, name, Level.COMMUNE, Kind.XA, world.province)
    officer = make_user(f"officer-{code}", role=Role.COMMUNE_OFFICER, place=commune)
    return commune, officer


def _every_status(world) -> dict[str, object]:
    """Communes in every report status: A accepted, B submitted, C none, D draft, E returned;
    visits in A (4 households) and B (1); plans in A, B and D."""
    some_visits(world)
    c, _officer_c = _commune_with_officer(world, "01999", "Xã Chưa Lập")
    d, officer_d = _commune_with_officer(world, "01998", "Xã Dự Thảo")
    e, officer_e = _commune_with_officer(world, "01997", "Xã Trả Lại")
    campaign = world.campaign_all
    for commune, households, people in ((world.commune_a, 250, 600), (world.commune_b, 100, 0)):
        CommunePlan.objects.create(
            campaign=campaign, commune=commune, households_target=households, people_target=people
        )
    CommunePlan.objects.create(campaign=campaign, commune=d, households_target=50)
    a = report_a(world)
    services.transition(actor=world.officer_a, report=a, action="submit")
    services.transition(actor=world.province_admin, report=a, action="accept")
    b = report_b(world)
    services.transition(actor=world.officer_b, report=b, action="submit")
    services.start_report(actor=officer_d, campaign=campaign, commune=d)
    returned = services.start_report(actor=officer_e, campaign=campaign, commune=e)
    services.transition(actor=officer_e, report=returned, action="submit")
    services.transition(
        actor=world.province_admin, report=returned, action="return", comment="Thiếu số liệu."
    )
    return {"c": c, "d": d, "e": e}


def _xlsx(client, path: str) -> dict[str, list[tuple]]:
    response = client.get(path)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    return {
        sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def _docx_tables(client, path: str) -> list[list[list[str]]]:
    response = client.get(path)
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def _number(text: str) -> int | None:
    return int(text.replace(".", "")) if text.strip() else None


def test_target_result_and_verdict_agree_across_dashboard_page_excel_and_word(world):
    _every_status(world)
    campaign = world.campaign_all
    client = world.client_for("province_admin")

    dash = client.get(f"/progress/{campaign.pk}/").context["dash"]
    page = client.get(f"/reports/campaigns/{campaign.pk}/")
    assert page.status_code == 200
    consolidation = page.context["consolidation"]
    row = next(r for r in consolidation.rows if r.indicator.code == HOUSEHOLDS)

    # Target: the sum of every covered commune's plan (250 + 100 + 50), not only the accepted
    # commune's; result: the visits of every covered commune (4 + 1), as on the dashboard.
    assert (row.target, row.value) == (400, 5)
    assert (dash.total.households_target, dash.total.visits) == (400, 5)
    assert row.accepted == 4  # commune A's accepted report
    assert row.status_label == "Chưa hoàn thành"

    sheets = _xlsx(client, f"/reports/campaigns/{campaign.pk}/province.xlsx")
    indicators = next(iter(sheets.values()))
    xlsx_row = next(r for r in indicators[1:] if r[1] == HOUSEHOLDS_NAME)
    assert xlsx_row[3:7] == (400, 5, 4, "Chưa hoàn thành")

    tables = _docx_tables(client, f"/reports/campaigns/{campaign.pk}/province.docx")
    figures_table = next(t for t in tables if t[0][1] == "Chỉ tiêu")
    docx_row = next(r for r in figures_table if r[1] == HOUSEHOLDS_NAME)
    assert (_number(docx_row[3]), _number(docx_row[4]), _number(docx_row[5])) == (400, 5, 4)
    assert docx_row[6] == "Chưa hoàn thành"

    # Every indicator agrees between the page, Excel and Word, verdict included.
    page_rows = {
        r.indicator.label: (r.target or None, r.value, r.status_label) for r in consolidation.rows
    }
    xlsx_rows = {r[1]: (r[3], r[4], r[6]) for r in indicators[1:]}
    docx_rows = {
        r[1]: (_number(r[3]), _number(r[4]) if r[4] else None, r[6]) for r in figures_table[1:]
    }
    assert page_rows == xlsx_rows == docx_rows
    assert len(page_rows) == Indicator.objects.filter(is_active=True).count()


def test_every_covered_commune_is_listed_with_its_report_status(world):
    made = _every_status(world)
    campaign = world.campaign_all
    client = world.client_for("province_admin")
    sheets = _xlsx(client, f"/reports/campaigns/{campaign.pk}/province.xlsx")
    by_commune = {row[0]: row for row in sheets["Theo xã, phường"][1:]}
    statuses = {
        world.commune_a.name: "đã tiếp nhận",
        world.commune_b.name: "đã gửi",
        made["c"].name: "chưa lập",
        made["d"].name: "dự thảo",
        made["e"].name: "bị trả lại",
    }
    assert {name: by_commune[name][10] for name in statuses} == statuses
    assert (by_commune[world.commune_a.name][1], by_commune[world.commune_a.name][2]) == (250, 4)
    assert by_commune[world.commune_a.name][3] == pytest.approx(1.6)
    assert by_commune[world.commune_a.name][11] is not None  # submission date
    total = by_commune["Cộng các xã, phường"]
    assert (total[1], total[2], total[10]) == (400, 5, "2/5")

    tables = _docx_tables(client, f"/reports/campaigns/{campaign.pk}/province.docx")
    annex = next(t for t in tables if t[0][1] == "Xã, phường")
    listed = {r[1]: r[5] for r in annex[1:-1]}
    assert listed == {
        world.commune_a.name: "Đã tiếp nhận",
        world.commune_b.name: "Đã gửi",
        made["c"].name: "Chưa lập",
        made["d"].name: "Dự thảo",
        made["e"].name: "Bị trả lại",
    }
    assert annex[-1][1] == "Cộng các xã, phường"
    assert (_number(annex[-1][2]), _number(annex[-1][3])) == (400, 5)

    page = client.get(f"/reports/campaigns/{campaign.pk}/").content.decode()
    for name in statuses:
        assert name in page


def test_the_campaigns_own_target_is_the_province_target_everywhere(world):
    _every_status(world)
    campaign = world.campaign_all
    campaign.households_target = 1500
    campaign.save()
    client = world.client_for("province_admin")
    dash = client.get(f"/progress/{campaign.pk}/").context["dash"]
    row = next(
        r
        for r in client.get(f"/reports/campaigns/{campaign.pk}/").context["consolidation"].rows
        if r.indicator.code == HOUSEHOLDS
    )
    assert dash.total.households_target == row.target == 1500
    sheets = _xlsx(client, f"/reports/campaigns/{campaign.pk}/province.xlsx")
    assert next(r for r in next(iter(sheets.values())) if r[1] == HOUSEHOLDS_NAME)[3] == 1500
    # The by-commune sheet still adds up its communes, and names the province's own target.
    names = {row[0]: row for row in sheets["Theo xã, phường"][1:]}
    assert names["Cộng các xã, phường"][1] == 400
    assert names["Chỉ tiêu tỉnh giao cho chiến dịch"][1] == 1500


def test_without_any_report_the_target_is_the_communes_plans(world):
    some_visits(world)
    CommunePlan.objects.create(
        campaign=world.campaign_all, commune=world.commune_a, households_target=250
    )
    client = world.client_for("province_admin")
    rows = client.get(f"/reports/campaigns/{world.campaign_all.pk}/").context["consolidation"].rows
    households = next(r for r in rows if r.indicator.code == HOUSEHOLDS)
    assert (households.target, households.value, households.accepted) == (250, 5, None)


def test_an_indicator_without_a_target_says_so(world):
    client = world.client_for("province_admin")
    response = client.get(f"/reports/campaigns/{world.campaign_all.pk}/")
    rows = response.context["consolidation"].rows
    assert all(r.status == "no_target" for r in rows)
    assert "Chưa giao chỉ tiêu" in response.content.decode()
    tables = _docx_tables(client, f"/reports/campaigns/{world.campaign_all.pk}/province.docx")
    figures_table = next(t for t in tables if t[0][1] == "Chỉ tiêu")
    assert {r[6] for r in figures_table[1:]} == {"Chưa giao chỉ tiêu"}


def test_a_commune_target_from_the_plan_cannot_be_overwritten_in_the_report(world):
    CommunePlan.objects.create(
        campaign=world.campaign_all, commune=world.commune_a, households_target=250
    )
    report = report_a(world)
    households = report.rows.get(indicator__code=HOUSEHOLDS)
    client = world.client_for("officer_a")
    page = client.get(f"/reports/{report.pk}/")
    form = page.context["form"]
    data = {
        name: (field.initial if field.initial is not None else "")
        for name, field in form.fields.items()
    }
    data[f"target_{households.pk}"] = "9"
    assert client.post(f"/reports/{report.pk}/", data).status_code == 302
    households.refresh_from_db()
    assert households.target == 250


def test_indicator_names_use_the_configured_team_name(world, settings):
    settings.TEAM_DISPLAY_NAME = "Tổ công nghệ số cộng đồng"
    client = world.client_for("province_admin")
    page = client.get(f"/reports/campaigns/{world.campaign_all.pk}/").content.decode()
    assert "Số Tổ công nghệ số cộng đồng cấp xã" in page
    assert "{team}" not in page
    settings.TEAM_DISPLAY_NAME = "Tổ chuyển đổi số cộng đồng"
    tables = _docx_tables(client, f"/reports/campaigns/{world.campaign_all.pk}/province.docx")
    names = [r[1] for t in tables if t[0][1] == "Chỉ tiêu" for r in t]
    assert "Số Tổ chuyển đổi số cộng đồng cấp xã" in names
    assert not any("{team}" in n for n in names)


def test_figures_are_written_the_vietnamese_way_on_the_page_and_in_excel(world):
    _every_status(world)
    campaign = world.campaign_all
    campaign.households_target = 1500
    campaign.save()
    client = world.client_for("province_admin")
    page = client.get(f"/reports/campaigns/{campaign.pk}/").content.decode()
    assert "5 / 1.500" in page and "0,3\u00a0%" in page  # 5 of 1,500 households
    response = client.get(f"/reports/campaigns/{campaign.pk}/province.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    indicators, by_commune = workbook.worksheets[0], workbook["Theo xã, phường"]
    households = next(r for r in indicators.iter_rows(min_row=2) if r[1].value == HOUSEHOLDS_NAME)
    assert (households[3].value, households[3].number_format) == (1500, "#,##0")
    commune_a = next(r for r in by_commune.iter_rows(min_row=2) if r[0].value == "Xã Hòa An")
    assert isinstance(commune_a[3].value, float) and commune_a[3].number_format == "0.0"
    assert commune_a[11].is_date and commune_a[11].number_format == "dd/mm/yyyy"
