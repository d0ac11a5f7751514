"""Exports: the Excel figures are the campaign figures; the Word report has the Decree 30 parts."""

import io

from docx import Document
from openpyxl import load_workbook

from tocds.campaigns.models import Service
from tocds.places.models import Place
from tocds.reports import decree30, documents, services
from tocds.reports.tests.helpers import report_a, report_b, some_visits
from tocds.teams.models import Team
from tocds.visits import figures


def _sheets(response) -> dict[str, list[tuple]]:
    assert response.status_code == 200, response.status_code
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return {
        sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def _by_first(rows: list[tuple]) -> dict:
    return {row[0]: tuple(row[1:]) for row in rows[1:]}


def test_commune_xlsx_figures_equal_the_campaign_figures(world):
    some_visits(world)
    report = report_a(world)
    client = world.client_for("officer_a")
    client.get("/i18n/setlang/")  # default language (vi)
    sheets = list(_sheets(client.get(f"/reports/{report.pk}/report.xlsx")).values())
    indicators, commune, by_hamlet, by_team, by_day, by_service = sheets
    campaign, communes = world.campaign_all.pk, [world.commune_a.pk]

    total = figures.totals(campaign, communes)
    assert commune[1][1:] == (total.visits, total.people, total.hamlets, total.teams, total.members)
    hamlet_names = dict(Place.objects.values_list("pk", "name"))
    assert _by_first(by_hamlet) == {
        hamlet_names[k]: (t.visits, t.people, t.hamlets, t.teams, t.members)
        for k, t in figures.totals_by("hamlet", campaign, communes).items()
    }
    team_names = dict(Team.objects.values_list("pk", "name"))
    assert _by_first(by_team) == {
        team_names[k]: (t.visits, t.people, t.hamlets, t.teams, t.members)
        for k, t in figures.totals_by("team", campaign, communes).items()
    }
    assert sum(r[1] for r in by_day[1:]) == total.visits
    service_names = dict(Service.objects.values_list("pk", "name"))
    assert _by_first(by_service) == {
        service_names[k]: (f.visits, f.people, f.done, f.follow_up)
        for k, f in figures.services(campaign, communes).items()
    }
    values = {row[1]: row[4] for row in indicators[1:]}
    assert values["Số hộ gia đình được tiếp cận, hướng dẫn"] == total.visits == 4
    assert values["Số người dân được hướng dẫn"] == total.people
    vneid = figures.services(campaign, communes)[Service.objects.get(code="vneid-register").pk]
    assert values["Số tài khoản VNeID được hỗ trợ kích hoạt (mức 2)"] == vneid.done


def test_province_xlsx_figures_equal_the_campaign_figures(world):
    some_visits(world)
    for report, officer in ((report_a(world), world.officer_a), (report_b(world), world.officer_b)):
        services.transition(actor=officer, report=report, action="submit")
    client = world.client_for("province_admin")
    sheets = list(
        _sheets(client.get(f"/reports/campaigns/{world.campaign_all.pk}/province.xlsx")).values()
    )
    indicators, by_commune, by_service, both = sheets
    campaign = world.campaign_all.pk
    total = figures.totals(campaign)
    names = dict(Place.objects.values_list("pk", "name"))
    communes = {row[0]: row for row in by_commune[1:]}
    expected = {
        names[k]: (t.visits, t.people, t.hamlets, t.teams, t.members)
        for k, t in figures.totals_by("commune", campaign).items()
    }
    for name, (visits, people, hamlets, teams, members) in expected.items():
        row = communes[name]
        assert (row[2], row[5], row[7], row[8], row[9]) == (visits, people, hamlets, teams, members)
    totals_row = communes["Tổng các xã"] if "Tổng các xã" in communes else by_commune[-1]
    assert (totals_row[2], totals_row[5]) == (total.visits, total.people)
    service_names = dict(Service.objects.values_list("pk", "name"))
    assert {(r[0], r[1]): r[2:] for r in both[1:]} == {
        (names[c], service_names[s]): (f.visits, f.people, f.done, f.follow_up)
        for (c, s), f in figures.services_by_commune(campaign).items()
    }
    assert _by_first(by_service) == {
        service_names[k]: (f.visits, f.people, f.done, f.follow_up)
        for k, f in figures.services(campaign).items()
    }
    values = {row[1]: row[4] for row in indicators[1:]}
    assert values["Số hộ gia đình được tiếp cận, hướng dẫn"] == total.visits == 5


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_commune_docx_has_the_decree_30_parts(world):
    some_visits(world)
    report = report_a(world)
    services.save_report(
        actor=world.officer_a,
        report=report,
        number="12/BC-UBND",
        direction="Ban hành kế hoạch số 5.",
        results="Các tổ đã đi từng ngõ.",
        shortcomings="Sóng yếu ở xóm Nà Mẫu.",
        proposals="Hỗ trợ thiết bị.",
        signer_title="Chủ tịch",
        signer_name="Nông Văn Ký",
        rows={},
    )
    response = world.client_for("officer_a").get(f"/reports/{report.pk}/report.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == documents.DOCX_MIME
    document = Document(io.BytesIO(response.content))
    text = _text(document)
    for part in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "XÃ HÒA AN",
        "Số: 12/BC-UBND",
        "BÁO CÁO",
        "Kính gửi: Ủy ban nhân dân tỉnh Cao Bằng (qua Sở Khoa học và Công nghệ).",
        "- Sở Khoa học và Công nghệ;",
        "I. CHỈ ĐẠO, TRIỂN KHAI",
        "II. KẾT QUẢ",
        "III. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "Sóng yếu ở xóm Nà Mẫu.",
        "Nơi nhận:",
        "- Như trên;",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nông Văn Ký",
        "Số hộ gia đình được tiếp cận, hướng dẫn",
    ):
        assert part in text, part
    section = document.sections[0]
    mm = [round(x.mm) for x in (section.page_width, section.page_height)]
    assert mm == [210, 297]  # A4
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(x.mm) for x in margins] == [20, 20, 30, 15]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    assert document.styles["Normal"].font.name == "Times New Roman"
    figures_table = document.tables[1]
    assert figures_table.rows[0].cells[1].text == "Chỉ tiêu"
    households = next(r for r in figures_table.rows if "hộ gia đình" in r.cells[1].text)
    assert households.cells[4].text == "4"


def test_province_docx_opens_with_the_consolidated_table(world):
    response = world.client_for("province_admin").get(
        f"/reports/campaigns/{world.campaign_all.pk}/province.docx"
    )
    document = Document(io.BytesIO(response.content))
    text = _text(document)
    assert "Kính gửi:" in text and "Nơi nhận:" in text and "II. KẾT QUẢ" in text
    assert "0/2" in text  # no commune has reported yet


def test_date_line_pads_days_and_only_months_one_and_two():
    from datetime import date

    assert decree30.date_line("Hòa An", date(2020, 1, 5)) == "Hòa An, ngày 05 tháng 01 năm 2020"
    assert decree30.date_line("Hòa An", date(2019, 6, 29)) == "Hòa An, ngày 29 tháng 6 năm 2019"


def test_commune_xlsx_figures_equal_the_dashboards(world):
    """What the commune officer downloads is what the progress dashboard shows them."""
    some_visits(world)
    report = report_a(world)
    client = world.client_for("officer_a")
    sheets = list(_sheets(client.get(f"/reports/{report.pk}/report.xlsx")).values())
    _indicators, commune, by_hamlet, _by_team, by_day, by_service = sheets
    page = client.get(f"/progress/{world.campaign_all.pk}/communes/{world.commune_a.code}/")
    assert page.status_code == 200
    dash = page.context["dash"]
    assert commune[1][1:4] == (dash.total.visits, dash.total.people, dash.total.hamlets_reached)
    hamlets = dash.tables[0]  # the commune page lists its hamlets first
    shown = {line.label: (line.visits, line.people) for line in hamlets.lines if line.visits}
    assert shown and dash.days and dash.services  # the comparisons below are not empty
    assert {name: row[:2] for name, row in _by_first(by_hamlet).items()} == shown
    assert [(row[1], row[2]) for row in by_day[1:]] == [(h, p) for _, h, p in dash.days]
    assert _by_first(by_service) == {
        s.name: (s.visits, s.people, s.done, s.follow_up) for s in dash.services if s.visits
    }
