"""The log's figures: each table's total is the sum of its rows, the page and the Excel file
show the same numbers, the communes that logged nothing during a campaign, a formula-safe
export."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tocds.outreach.figures import item_figures, sums_of
from tocds.outreach.models import Item
from tocds.outreach.tests.factories import commune_item, log_item

pytestmark = pytest.mark.django_db


def sample(w):
    log_item(w, title="Báo 1", reach=1000, reach_unit="views")
    log_item(w, title="Báo 2", reach=250, reach_unit="views", published_on=date(2026, 9, 30))
    log_item(w, title="Báo phóng sự", kind="report", place=w.commune_b, lang="nut")
    commune_item(w, "commune_a", title="Loa A", reach=400, reach_unit="listeners", lang="tyz")
    commune_item(w, "commune_a", title="Tờ rơi A", kind="leaflet", reach=300, reach_unit="copies")
    commune_item(w, "commune_b", title="Loa B", reach=120, reach_unit="listeners")


def workbook(response):
    return load_workbook(io.BytesIO(response.content), read_only=True)


def test_every_table_adds_up_to_the_total(world):
    sample(world)
    figures = item_figures(Item.objects.all())
    assert figures.total.items == 6
    assert figures.total.reach == {"views": 1250, "listeners": 520, "copies": 300}
    for _key, _title, rows in figures.tables():
        sums = sums_of(rows)
        assert sums["items"] == figures.total.items
        for unit, value in figures.total.reach.items():
            assert sums[unit] == value
    by_commune = {row.label: row.items for row in figures.by_commune}
    assert by_commune == {"Cấp tỉnh": 2, "Xã Hòa An": 2, "Phường Thục Phán": 2}
    assert [row.label for row in figures.by_month] == ["09/2026", "10/2026"]
    assert {row.label: row.items for row in figures.by_language} == {
        "Tiếng Việt": 4,
        "Tiếng Tày": 1,
        "Tiếng Nùng": 1,
    }


def test_the_page_and_the_excel_file_show_the_same_figures(world):
    sample(world)
    client = world.client_for("province_admin")
    page = client.get("/outreach/figures/").content.decode()
    assert "Loa A" not in page  # figures, not the items
    for label in ("Cấp tỉnh", "Xã Hòa An", "Phường Thục Phán", "Tiếng Tày"):
        assert label in page
    response = client.get("/outreach/figures.xlsx")
    assert response.status_code == 200
    book = workbook(response)
    items = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(items) == 1 + 6
    figures = item_figures(Item.objects.all())
    sheets = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    for _key, title, rows in figures.tables():
        sheet = next(v for k, v in sheets.items() if k == title[:31])
        body = sheet[1:]
        assert [(r[0], r[1]) for r in body[:-1]] == [(row.label, row.items) for row in rows]
        assert body[-1][1] == sum(r[1] for r in body[:-1]) == figures.total.items
        assert body[-1][2:] == tuple(figures.total.reach_cells)


def test_a_commune_counts_only_its_own_items(world):
    sample(world)
    response = world.client_for("officer_a").get("/outreach/figures.xlsx")
    rows = list(workbook(response).worksheets[0].iter_rows(values_only=True))[1:]
    assert sorted(r[1] for r in rows) == ["Loa A", "Tờ rơi A"]
    page = world.client_for("officer_a").get("/outreach/figures/").content.decode()
    assert "Phường Thục Phán" not in page


def test_a_media_editor_counts_only_their_outlets_items(world):
    sample(world)
    rows = list(
        workbook(world.client_for("media").get("/outreach/figures.xlsx"))
        .worksheets[0]
        .iter_rows(values_only=True)
    )[1:]
    assert sorted(r[1] for r in rows) == ["Báo 1", "Báo 2", "Báo phóng sự"]


def test_the_communes_that_logged_nothing_during_a_campaign(world):
    campaign = world.campaign_all  # 1–10 October 2026, the whole province
    commune_item(world, "commune_a", published_on=date(2026, 10, 2))
    commune_item(world, "commune_b", published_on=date(2026, 9, 30))  # before the campaign
    # The newspaper's article about commune B belongs to the province: not B's own item.
    log_item(world, places=(world.commune_b,), published_on=date(2026, 10, 3))
    client = world.client_for("province_admin")
    page = client.get(f"/outreach/figures/?campaign={campaign.pk}").content.decode()
    assert "Xã chưa ghi nhận tin, bài nào trong" in page
    from tocds.outreach.queries import silent_communes

    assert silent_communes(world.province_admin, campaign) == [world.commune_b]
    assert silent_communes(world.officer_a, campaign) == []
    assert silent_communes(world.officer_b, campaign) == [world.commune_b]
    # commune B's own campaign: B only.
    assert silent_communes(world.province_admin, world.campaign_b) == [world.commune_b]
    book = workbook(client.get(f"/outreach/figures.xlsx?campaign={campaign.pk}"))
    last = list(book.worksheets[-1].iter_rows(values_only=True))
    assert [r[0] for r in last[1:]] == [world.commune_b.name]


def test_the_export_writes_formulas_as_text(world):
    commune_item(world, title='=HYPERLINK("http://evil.example","x")')
    book = load_workbook(
        io.BytesIO(world.client_for("officer_a").get("/outreach/figures.xlsx").content)
    )
    cell = book.worksheets[0]["B2"]
    assert cell.data_type != "f"
    assert str(cell.value).startswith("=HYPERLINK")
    assert cell.quotePrefix


def test_a_persona_without_outreach_gets_no_figures(world):
    for persona in ("leader", "member", "partner"):
        assert world.client_for(persona).get("/outreach/figures/").status_code == 404
