"""Word documents of results reports: an administrative document (Decree 30/2020/NĐ-CP, layout
in `shared/content/decree30-layout.md`) written in Vietnamese whatever the interface language:
its fixed wording (national motto, "Kính gửi", "Nơi nhận" …) is in `VI` below. Rows come from
`tocds.reports.services.report_rows` / `queries.consolidated_rows`; these functions only lay
them out.
"""

import io
import re
from collections.abc import Sequence
from datetime import date

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from tocds.campaigns.models import Campaign
from tocds.reports.models import ROW_STATUS_VI, UNIT_LABELS_VI, Report, RowStatus
from tocds.reports.services import RowView

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


VI = {
    "motto_1": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "motto_2": "Độc lập - Tự do - Hạnh phúc",
    "people_committee": "ỦY BAN NHÂN DÂN",
    "province_parent": "UBND {province}",
    "province_body": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "number": "Số: {number}",
    "date": "{place}, ngày {day} tháng {month} năm {year}",
    "kind": "BÁO CÁO",
    "summary": "Kết quả thực hiện {campaign}",
    "summary_province": "Tổng hợp kết quả thực hiện {campaign}",
    "to": "Kính gửi: Ủy ban nhân dân {province}.",
    "sections": (
        "I. CHỈ ĐẠO, TRIỂN KHAI",
        "II. KẾT QUẢ",
        "III. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    ),
    "table": ("STT", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu giao", "Kết quả", "Đánh giá"),
    "tally": (
        "Đã hoàn thành {done}/{n} chỉ tiêu; {not_done}/{n} chỉ tiêu chưa hoàn thành; "
        "không thực hiện {skipped}/{n} chỉ tiêu và {unknown}/{n} chỉ tiêu chưa có thông tin "
        "đánh giá (chi tiết tại bảng dưới đây)."
    ),
    "closing": "Trên đây là báo cáo kết quả thực hiện {campaign} của {body}./.",
    "recipients": "Nơi nhận:",
    "as_above": "- Như trên;",
    "archive": "- Lưu: VT.",
    "on_behalf": "TM. ỦY BAN NHÂN DÂN",
    "director": "GIÁM ĐỐC",
    "draft": "DỰ THẢO",
    "consolidated_note": (
        "Số liệu tổng hợp từ {reported}/{expected} xã, phường đã gửi báo cáo; các chỉ tiêu "
        "tính từ dữ liệu ghi nhận được tính trên toàn tỉnh."
    ),
}

_PLACE_PREFIX = re.compile(r"^(tỉnh|thành phố|xã|phường|đặc khu|thị trấn)\s+", re.IGNORECASE)
FONT = "Times New Roman"


def place_short(name: str) -> str:
    """ "Xã Hòa An" → "Hòa An": the place name of the date line."""
    return _PLACE_PREFIX.sub("", name).strip()


def lower_prefix(name: str) -> str:
    """ "Tỉnh Cao Bằng" → "tỉnh Cao Bằng", as it reads inside a sentence."""
    return _PLACE_PREFIX.sub(lambda m: m.group(0).lower(), name)


def date_line(place: str, day: date) -> str:
    """Decree 30: days below 10 and months 1 and 2 take a leading zero; months 3–12 do not."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return VI["date"].format(place=place, day=f"{day.day:02d}", month=month, year=day.year)


def _run(paragraph, text: str, size: float, *, bold=False, italic=False):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.name = FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    return run


def _para(
    container,
    text: str = "",
    size: float = 14,
    *,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    bold=False,
    italic=False,
    before: float = 0,
    after: float = 0,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.first_line_indent = Cm(0)
    if text:
        _run(paragraph, text, size, bold=bold, italic=italic)
    return paragraph


def _rule(container, indent_cm: float) -> None:
    """A solid centred line: the bottom border of an empty paragraph, its length set by the
    indents (Decree 30 asks for rules under the body name, the motto and the summary)."""
    paragraph = _para(container, size=4)
    paragraph.paragraph_format.left_indent = Cm(indent_cm)
    paragraph.paragraph_format.right_indent = Cm(indent_cm)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _page_number(paragraph) -> None:
    """A PAGE field (Word fills in the number)."""
    run = _run(paragraph, "", 13)
    for kind, text in (
        ("begin", None),
        (None, "PAGE"),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(12.5)
    # Page numbers from page 2: a different (empty) first-page header, a PAGE field in the rest.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(header)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table, widths_cm: Sequence[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def _clear(cell):
    """A table cell starts with one empty paragraph; remove it so content starts clean."""
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return cell


def _header(document, body_lines: Sequence[tuple[str, bool]], number: str, place_date: str):
    table = document.add_table(rows=2, cols=2)
    _no_borders(table)
    _widths(table, (6.3, 10.2))
    left, right = _clear(table.cell(0, 0)), _clear(table.cell(0, 1))
    for text, bold in body_lines:
        _para(left, text, 13, bold=bold)
    _rule(left, 2.0)
    _para(right, VI["motto_1"], 12.5, bold=True)
    _para(right, VI["motto_2"], 14, bold=True)
    _rule(right, 2.4)
    _para(_clear(table.cell(1, 0)), VI["number"].format(number=number), 13, before=6)
    _para(_clear(table.cell(1, 1)), place_date, 14, italic=True, before=6)


def _title(document, summary: str, recipient: str) -> None:
    _para(document, VI["kind"], 14, bold=True, before=18)
    _para(document, summary, 14, bold=True)
    _rule(document, 5.5)
    _para(document, recipient, 14, before=6, after=6)


def _body(document, text: str) -> None:
    for chunk in [c.strip() for c in text.splitlines() if c.strip()]:
        paragraph = _para(document, chunk, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
        paragraph.paragraph_format.line_spacing = 1.15


def _heading(document, text: str) -> None:
    paragraph = _para(
        document, text, 14, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6, after=6
    )
    paragraph.paragraph_format.first_line_indent = Cm(1.27)


def _figures_table(document, rows: Sequence[RowView]) -> None:
    counts = {s: sum(1 for r in rows if r.status == s) for s in RowStatus.values}
    _body(
        document,
        VI["tally"].format(
            n=len(rows),
            done=counts[RowStatus.DONE],
            not_done=counts[RowStatus.NOT_DONE],
            skipped=counts[RowStatus.NOT_DONE_AT_ALL],
            unknown=counts[RowStatus.NO_INFORMATION],
        ),
    )
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, VI["table"], strict=True):
        _para(_clear(cell), text, 12, bold=True)
    for n, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        texts = (
            str(n),
            row.indicator.name,
            UNIT_LABELS_VI.get(row.indicator.unit, row.indicator.unit),
            _number(row.target) if row.target else "",
            _number(row.value) if row.value is not None else "",
            ROW_STATUS_VI[RowStatus(row.status)],
        )
        for index, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 1 else WD_ALIGN_PARAGRAPH.CENTER
            _para(_clear(cell), text, 12, align=align)
    _widths(table, (1.1, 6.4, 2.0, 2.2, 2.0, 2.8))


def _number(value: int) -> str:
    """Vietnamese grouping: 12.151."""
    return f"{value:,}".replace(",", ".")


def _signature(document, authority: str, title: str, name: str) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (7.0, 9.5))
    left, right = _clear(table.cell(0, 0)), _clear(table.cell(0, 1))
    _para(left, VI["recipients"], 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for item in (VI["as_above"], VI["archive"]):
        _para(left, item, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    if authority:
        _para(right, authority, 14, bold=True)
    _para(right, title.upper(), 14, bold=True)
    for _n in range(4):
        _para(right, "", 14)
    _para(right, name, 14, bold=True)


def _document_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def commune_docx(report: Report, rows: Sequence[RowView]) -> bytes:
    """The commune's results report to the provincial People's Committee, ready to sign."""
    document = Document()
    _setup(document)
    commune, province = report.commune, report.campaign.province
    if not report.is_locked and report.status != "submitted":
        _para(document, VI["draft"], 12, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    number = f"{report.number or '      '}/BC-UBND" if "/" not in report.number else report.number
    _header(
        document,
        [(VI["people_committee"], True), (commune.name.upper(), True)],
        number,
        date_line(place_short(commune.name), timezone.localdate()),
    )
    _title(
        document,
        VI["summary"].format(campaign=report.campaign.name),
        VI["to"].format(province=lower_prefix(province.name)),
    )
    sections = (report.direction, report.results, report.shortcomings, report.proposals)
    for index, (heading, text) in enumerate(zip(VI["sections"], sections, strict=True)):
        _heading(document, heading)
        _body(document, text)
        if index == 1:
            _figures_table(document, rows)
    _body(document, VI["closing"].format(campaign=report.campaign.name, body=commune.name))
    _signature(document, VI["on_behalf"], report.signer_title or "CHỦ TỊCH", report.signer_name)
    return _document_bytes(document)


def province_docx(
    campaign: Campaign, rows: Sequence[RowView], reported: int, expected: int
) -> bytes:
    """The consolidated report of the province's digital-transformation agency."""
    document = Document()
    _setup(document)
    province = campaign.province
    _header(
        document,
        [
            (VI["province_parent"].format(province=province.name.upper()), False),
            (VI["province_body"], True),
        ],
        "      /BC-SKHCN",
        date_line(place_short(province.name), timezone.localdate()),
    )
    _title(
        document,
        VI["summary_province"].format(campaign=campaign.name),
        VI["to"].format(province=lower_prefix(province.name)),
    )
    for index, heading in enumerate(VI["sections"]):
        _heading(document, heading)
        if index == 1:
            _body(document, VI["consolidated_note"].format(reported=reported, expected=expected))
            _figures_table(document, rows)
    _body(
        document,
        VI["closing"].format(campaign=campaign.name, body=VI["province_body"].lower().capitalize()),
    )
    _signature(document, "", VI["director"], "")
    return _document_bytes(document)
