"""Word documents of results reports: an administrative document (Decree 30/2020/NĐ-CP, layout
in `shared/content/decree30-layout.md`) written in Vietnamese whatever the interface language:
its fixed wording (national motto, "Kính gửi", "Nơi nhận" …) is in `VI` below. Rows come from
`tocds.reports.rows.report_rows` and `tocds.reports.consolidation`; these functions only lay
them out.
"""

from collections.abc import Sequence
from datetime import date

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from tocds.reports import decree30 as d30
from tocds.reports.models import ROW_STATUS_VI, UNIT_LABELS_VI, Report, RowStatus
from tocds.reports.rows import RowView

DOCX_MIME = d30.DOCX_MIME


VI = {
    **d30.LAYOUT,
    "people_committee": "ỦY BAN NHÂN DÂN",
    "province_parent": "UBND {province}",  # "UBND TỈNH CAO BẰNG"
    "province_body": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "kind": "BÁO CÁO",
    "summary": "Kết quả thực hiện {campaign}",
    "summary_province": "Tổng hợp kết quả thực hiện {campaign}",
    "to": "Kính gửi: {addressee}.",
    "to_commune": "Ủy ban nhân dân {province} (qua Sở Khoa học và Công nghệ)",
    "to_province": "Ủy ban nhân dân {province}",
    "sections": (
        "I. CHỈ ĐẠO, TRIỂN KHAI",
        "II. KẾT QUẢ",
        "III. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    ),
    "table": ("STT", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu giao", "Kết quả", "Đánh giá"),
    "table_province": (
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Chỉ tiêu giao",
        "Kết quả",
        "Trong đó: theo báo cáo đã tiếp nhận",
        "Đánh giá",
    ),
    "tally": (
        "Đã hoàn thành {done}/{n} chỉ tiêu; {not_done}/{n} chỉ tiêu chưa hoàn thành; "
        "không thực hiện {skipped}/{n} chỉ tiêu; {unknown}/{n} chỉ tiêu chưa có thông tin "
        "đánh giá và {untargeted}/{n} chỉ tiêu chưa giao chỉ tiêu (chi tiết tại bảng dưới đây)."
    ),
    "closing": "Trên đây là báo cáo kết quả thực hiện {campaign} của {body}./.",
    "as_above": "- Như trên;",
    "department": "- Sở Khoa học và Công nghệ;",
    "archive": "- Lưu: VT.",
    "archive_department": "- Lưu: VT, Phòng chuyên môn.",
    "on_behalf": "TM. ỦY BAN NHÂN DÂN",
    "director": "GIÁM ĐỐC",
    "consolidated_note": (
        "Chiến dịch triển khai tại {expected} xã, phường; {reported}/{expected} xã, phường đã "
        "gửi báo cáo, trong đó {accepted} báo cáo đã được tiếp nhận. Chỉ tiêu giao và kết quả "
        "của mỗi chỉ tiêu tính trên cùng {expected} xã, phường: kết quả tính từ dữ liệu ghi "
        "nhận tại các xã, phường; số liệu nhập tay cộng từ các báo cáo đã gửi."
    ),
    "annex": "Phụ lục",
    "annex_title": "KẾT QUẢ THỰC HIỆN THEO XÃ, PHƯỜNG",
    "annex_ref": "(Kèm theo Báo cáo số {number} ngày {day} của Sở Khoa học và Công nghệ)",
    "annex_table": (
        "STT",
        "Xã, phường",
        "Chỉ tiêu số hộ",
        "Số hộ được hướng dẫn",
        "Tỷ lệ (%)",
        "Tình trạng báo cáo",
        "Ngày gửi",
        "Đúng hạn",
    ),
    "annex_total": "Cộng các xã, phường",
    "annex_campaign_target": "Chỉ tiêu tỉnh giao cho chiến dịch",
    "on_time": "Đúng hạn",
    "late": "Chậm",
}


def _tally(rows: Sequence[RowView]) -> str:
    counts = {s: sum(1 for r in rows if r.status == s) for s in RowStatus.values}
    return VI["tally"].format(
        n=len(rows),
        done=counts[RowStatus.DONE],
        not_done=counts[RowStatus.NOT_DONE],
        skipped=counts[RowStatus.NOT_DONE_AT_ALL],
        unknown=counts[RowStatus.NO_INFORMATION],
        untargeted=counts[RowStatus.NO_TARGET],
    )


def _figures_table(document, rows: Sequence[RowView], *, accepted: bool = False) -> None:
    """The indicators; the province's table adds "of which in accepted reports"."""
    d30.body(document, _tally(rows))
    headers = VI["table_province"] if accepted else VI["table"]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        d30.para(d30.clear(cell), text, 12, bold=True)
    for n, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        texts = [
            str(n),
            row.indicator.label,
            UNIT_LABELS_VI.get(row.indicator.unit, row.indicator.unit),
            d30.number_vi(row.target) if row.target else "",
            d30.number_vi(row.value) if row.value is not None else "",
        ]
        if accepted:
            texts.append(d30.number_vi(row.accepted) if row.accepted is not None else "")
        texts.append(ROW_STATUS_VI[RowStatus(row.status)])
        for index, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 1 else WD_ALIGN_PARAGRAPH.CENTER
            d30.para(d30.clear(cell), text, 12, align=align)
    widths = (1.0, 5.4, 1.8, 2.0, 2.0, 2.2, 2.1) if accepted else (1.1, 6.4, 2.0, 2.2, 2.0, 2.8)
    d30.widths(table, widths)


def commune_docx(report: Report, rows: Sequence[RowView]) -> bytes:
    """The commune's results report to the provincial People's Committee through the Department
    of Science and Technology, ready to sign. Its date is the day it was submitted."""
    document = Document()
    d30.setup(document)
    commune, province = report.commune, report.campaign.province
    if report.is_editable:
        d30.para(document, VI["draft"], 12, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    d30.header(
        document,
        [(VI["people_committee"], True), (commune.name.upper(), True)],
        d30.document_number(report.number, "BC-UBND"),
        d30.date_line(d30.place_short(commune.name), report.document_date),
    )
    addressee = VI["to_commune"].format(province=d30.lower_prefix(d30.province_name(province)))
    d30.title(
        document,
        VI["kind"],
        VI["summary"].format(campaign=report.campaign.name),
        VI["to"].format(addressee=addressee),
    )
    sections = (report.direction, report.results, report.shortcomings, report.proposals)
    for index, (heading, text) in enumerate(zip(VI["sections"], sections, strict=True)):
        d30.heading(document, heading)
        d30.body(document, text)
        if index == 1:
            _figures_table(document, rows)
    d30.body(document, VI["closing"].format(campaign=report.campaign.name, body=commune.name))
    d30.signature(
        document,
        VI["on_behalf"],
        report.signer_title or "CHỦ TỊCH",
        report.signer_name,
        (VI["as_above"], VI["department"], VI["archive"]),
    )
    return d30.document_bytes(document)


def province_docx(consolidation, report) -> bytes:
    """The Department's consolidated report of the campaign to the provincial People's
    Committee, with the results of every covered commune in an annex. `report` is the
    `ProvinceReport` (number, addressee, narrative, signer); its date is the day it was
    finalised."""
    campaign = consolidation.campaign
    document = Document()
    d30.setup(document)
    province = d30.province_name(campaign.province)
    if report.is_editable:
        d30.para(document, VI["draft"], 12, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    number = d30.document_number(report.number, "BC-SKHCN")
    d30.header(
        document,
        [
            (VI["province_parent"].format(province=province.upper()), False),
            (VI["province_body"], True),
        ],
        number,
        d30.date_line(d30.place_short(province), report.document_date),
    )
    addressee = report.addressee.strip() or VI["to_province"].format(
        province=d30.lower_prefix(province)
    )
    d30.title(
        document,
        VI["kind"],
        VI["summary_province"].format(campaign=campaign.name),
        VI["to"].format(addressee=addressee.rstrip(".")),
    )
    sections = (report.direction, report.results, report.shortcomings, report.proposals)
    for index, (heading, text) in enumerate(zip(VI["sections"], sections, strict=True)):
        d30.heading(document, heading)
        d30.body(document, text)
        if index == 1:
            d30.body(
                document,
                VI["consolidated_note"].format(
                    reported=consolidation.reported,
                    expected=consolidation.expected,
                    accepted=consolidation.accepted,
                ),
            )
            _figures_table(document, consolidation.rows, accepted=True)
    d30.body(
        document, VI["closing"].format(campaign=campaign.name, body="Sở Khoa học và Công nghệ")
    )
    d30.signature(
        document,
        report.signer_authority,
        report.signer_title or VI["director"],
        report.signer_name,
        (VI["as_above"], VI["archive_department"]),
    )
    _annex(document, consolidation, number, report.document_date)
    return d30.document_bytes(document)


def _annex(document, consolidation, number: str, day: date | None) -> None:
    """Phụ lục: every commune the campaign covers, with its households target and result and
    where its report stands, on its own page."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    restart = OxmlElement("w:pgNumType")
    restart.set(qn("w:start"), "1")  # Decree 30: each annex numbers its own pages
    section._sectPr.append(restart)
    d30.para(document, VI["annex"], 14, bold=True)
    d30.para(document, VI["annex_title"], 14, bold=True)
    written = d30.date_line("", day).lstrip(", ") if day else "   /   /    "
    d30.para(document, VI["annex_ref"].format(number=number, day=written), 14, italic=True, after=6)
    table = document.add_table(rows=1, cols=len(VI["annex_table"]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, VI["annex_table"], strict=True):
        d30.para(d30.clear(cell), text, 11, bold=True)

    def add(texts: Sequence[str], *, bold: bool = False) -> None:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 1 else WD_ALIGN_PARAGRAPH.CENTER
            d30.para(d30.clear(cell), text, 11, align=align, bold=bold)

    for n, line in enumerate(consolidation.lines, start=1):
        timeliness = {"on_time": VI["on_time"], "late": VI["late"]}.get(line.timeliness, "")
        add(
            (
                str(n),
                line.commune.name,
                d30.number_vi(line.households_target) if line.households_target else "",
                d30.number_vi(line.households),
                d30.percent_vi(line.households_share),
                line.status_vi,
                line.submitted_on.strftime("%d/%m/%Y") if line.submitted_on else "",
                timeliness,
            )
        )
    plans = consolidation.plans_households_target
    add(
        (
            "",
            VI["annex_total"],
            d30.number_vi(plans) if plans else "",
            d30.number_vi(consolidation.households),
            d30.percent_vi(consolidation.line_share(plans)),
            f"{consolidation.reported}/{consolidation.expected}",
            "",
            "",
        ),
        bold=True,
    )
    if consolidation.households_target and consolidation.households_target != plans:
        add(
            (
                "",
                VI["annex_campaign_target"],
                d30.number_vi(consolidation.households_target),
                d30.number_vi(consolidation.households),
                d30.percent_vi(consolidation.households_share),
                "",
                "",
                "",
            ),
            bold=True,
        )
    d30.widths(table, (1.0, 4.4, 1.9, 2.1, 1.5, 2.2, 2.1, 1.5))
