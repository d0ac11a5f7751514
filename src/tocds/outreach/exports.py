"""The Excel file of the communication log's figures: the items counted, then one sheet per
table of the figures page (the same rows, `figures.item_figures`) and, for a chosen campaign,
the communes that logged nothing during it. Written through `core.xlsx` (text that looks like
a formula is written as text)."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from tocds.core.xlsx import COUNT, DATE, Column, build_workbook, workbook_response
from tocds.outreach.figures import UNITS, ItemFigures, unit_labels


def figures_workbook(items, figures: ItemFigures, campaign, silent) -> HttpResponse:
    units = dict(zip(UNITS, unit_labels(), strict=True))
    columns = [
        Column("published_on", _("Date published"), width=14, number_format=DATE),
        Column("title", _("Title"), width=48),
        Column("kind", _("Kind"), width=24),
        Column("outlet", _("Outlet"), width=30),
        Column("place", _("Belongs to"), width=24),
        Column("language", _("Language"), width=16),
        Column("reach", _("Reach"), width=12, number_format=COUNT),
        Column("unit", _("What the reach counts"), width=16),
        Column("link", _("Link"), width=40),
    ]
    rows = [
        (
            item.published_on,
            item.title,
            item.get_kind_display(),
            item.outlet.name,
            item.place.name,
            item.language.name,
            item.reach,
            str(units.get(item.reach_unit, "")),
            item.link,
        )
        for item in items.select_related("outlet", "place", "language").order_by(
            "published_on", "pk"
        )
    ]
    count = [
        Column("items", _("Items"), width=10, number_format=COUNT),
        *(Column(unit, label, width=14, number_format=COUNT) for unit, label in units.items()),
    ]
    extra = []
    for _key, title, table in figures.tables():
        body = [(row.label, row.items, *row.reach_cells) for row in table]
        body.append((str(figures.total.label), figures.total.items, *figures.total.reach_cells))
        extra.append((title, [Column("label", title, width=36), *count], body))
    if campaign is not None:
        extra.append(
            (
                _("Nothing logged"),
                [Column("commune", _("Communes with no item during %s") % campaign.name, width=60)],
                [(commune.name,) for commune in silent or []],
            )
        )
    workbook = build_workbook(_("Communication items"), columns, rows, extra_sheets=extra)
    return workbook_response(workbook, "truyen-thong.xlsx")
