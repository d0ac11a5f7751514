"""Word documents of results reports: an administrative document (Decree 30/2020/NĐ-CP, layout
in `shared/content/decree30-layout.md`) written in Vietnamese whatever the interface language:
its fixed wording (national motto, "Kính gửi", "Nơi nhận" …) is in `VI` below. Rows come from
`tocds.reports.rows.report_rows` and `tocds.reports.consolidation`; these functions only lay
them out.
"""

import io
import re
from collections.abc import Sequence
from datetime import date

from django.utils import timezone, translation
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from tocds.core import numbers
from tocds.reports.models import ROW_STATUS_VI, UNIT_LABELS_VI, Report, RowStatus
from tocds.reports.rows import RowView

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


VI = {
    "motto_1": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "motto_2": "Độc lập - Tự do - Hạnh phúc",
    "people_committee": "ỦY BAN NHÂN DÂN",
    "province_parent": "UBND {province}",  # "UBND TỈNH CAO BẰNG"
    "province_body": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "number": "Số: {number}",
    "date": "{place}, ngày {day} tháng {month} năm {year}",
    "date_blank": "{place}, ngày      tháng      năm {year}",
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
    "recipients": "Nơi nhận:",
    "as_above": "- Như trên;",
    "department": "- Sở Khoa học và Công nghệ;",
    "archive": "- Lưu: VT.",
    "archive_department": "- Lưu: VT, Phòng chuyên môn.",
    "on_behalf": "TM. ỦY BAN NHÂN DÂN",
    "director": "GIÁM ĐỐC",
    "draft": "DỰ THẢO",
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

_PLACE_PREFIX = re.compile(r"^(tỉnh|thành phố|xã|phường|đặc khu|thị trấn)\s+", re.IGNORECASE)
FONT = "Times New Roman"


def place_short(name: str) -> str:
    """ "Xã Hòa An" → "Hòa An": the place name of the date line."""
    return _PLACE_PREFIX.sub("", name).strip()


def lower_prefix(name: str) -> str:
    """ "Tỉnh Cao Bằng" → "tỉnh Cao Bằng", as it reads inside a sentence."""
    return _PLACE_PREFIX.sub(lambda m: m.group(0).lower(), name)


def date_line(place: str, day: date | None, year: int | None = None) -> str:
    """Decree 30: days below 10 and months 1 and 2 take a leading zero; months 3–12 do not.
    Without a date (a draft) day and month are left blank to be written in by hand."""
    if day is None:
        return VI["date_blank"].format(place=place, year=year or timezone.localdate().year)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return VI["date"].format(place=place, day=f"{day.day:02d}", month=month, year=day.year)


def text_width_cm(text: str, size: float, *, caps: bool) -> float:
    """An estimate of how wide a bold Times New Roman line prints: about 0.62 em per capital
    letter, 0.5 em per character in normal case (1 pt = 0.03528 cm)."""
    em = size * 0.03528
    return len(text) * em * (0.62 if caps else 0.5)


def rule_indent(column_cm: float, text: str, size: float, *, caps: bool, part: float) -> float:
    """The left and right indent of a centred rule `part` as long as the text line above it
    (Decree 30: 1/3–1/2 under the body name and the summary, the full length under the motto)."""
    length = min(column_cm, text_width_cm(text, size, caps=caps) * part)
    return max(0.0, (column_cm - length) / 2)


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


LEFT_CM, RIGHT_CM, TEXT_CM = 6.3, 10.2, 16.5


def _header(document, body_lines: Sequence[tuple[str, bool]], number: str, place_date: str):
    table = document.add_table(rows=2, cols=2)
    _no_borders(table)
    _widths(table, (LEFT_CM, RIGHT_CM))
    left, right = _clear(table.cell(0, 0)), _clear(table.cell(0, 1))
    for text, bold in body_lines:
        _para(left, text, 13, bold=bold)
    body = max((text for text, bold in body_lines if bold), key=len, default="")
    _rule(left, rule_indent(LEFT_CM, body, 13, caps=True, part=0.4))
    _para(right, VI["motto_1"], 13, bold=True)
    _para(right, VI["motto_2"], 14, bold=True)
    _rule(right, rule_indent(RIGHT_CM, VI["motto_2"], 14, caps=False, part=1.0))
    _para(_clear(table.cell(1, 0)), VI["number"].format(number=number), 13, before=6)
    _para(_clear(table.cell(1, 1)), place_date, 14, italic=True, before=6)


def _title(document, summary: str, recipient: str) -> None:
    _para(document, VI["kind"], 14, bold=True, before=18)
    _para(document, summary, 14, bold=True)
    _rule(document, rule_indent(TEXT_CM, summary, 14, caps=False, part=0.4))
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
    _body(document, _tally(rows))
    headers = VI["table_province"] if accepted else VI["table"]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _para(_clear(cell), text, 12, bold=True)
    for n, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        texts = [
            str(n),
            row.indicator.label,
            UNIT_LABELS_VI.get(row.indicator.unit, row.indicator.unit),
            number_vi(row.target) if row.target else "",
            number_vi(row.value) if row.value is not None else "",
        ]
        if accepted:
            texts.append(number_vi(row.accepted) if row.accepted is not None else "")
        texts.append(ROW_STATUS_VI[RowStatus(row.status)])
        for index, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 1 else WD_ALIGN_PARAGRAPH.CENTER
            _para(_clear(cell), text, 12, align=align)
    widths = (1.0, 5.4, 1.8, 2.0, 2.0, 2.2, 2.1) if accepted else (1.1, 6.4, 2.0, 2.2, 2.0, 2.8)
    _widths(table, widths)


def number_vi(value: int) -> str:
    """As a Vietnamese document writes it whatever the interface language: 12.151."""
    with translation.override("vi"):
        return numbers.number(value)


def percent_vi(value: float | None) -> str:
    """One decimal, Vietnamese comma, no sign (the column says %): 22,1."""
    if value is None:
        return ""
    with translation.override("vi"):
        return numbers.number(value, 1)


def _signature(document, authority: str, title: str, name: str, recipients: Sequence[str]) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (7.0, 9.5))
    left, right = _clear(table.cell(0, 0)), _clear(table.cell(0, 1))
    _para(left, VI["recipients"], 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for item in recipients:
        _para(left, item, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    if authority:
        _para(right, authority.upper(), 14, bold=True)
    _para(right, title.upper(), 14, bold=True)
    for _n in range(4):
        _para(right, "", 14)
    _para(right, name, 14, bold=True)


def _document_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def document_number(number: str, code: str) -> str:
    """ "12" → "12/BC-UBND"; a number already written with its code stays as it is; none
    leaves room to write it in."""
    number = number.strip()
    if "/" in number:
        return number
    return f"{number or '      '}/{code}"


def commune_docx(report: Report, rows: Sequence[RowView]) -> bytes:
    """The commune's results report to the provincial People's Committee through the Department
    of Science and Technology, ready to sign. Its date is the day it was submitted."""
    document = Document()
    _setup(document)
    commune, province = report.commune, report.campaign.province
    if report.is_editable:
        _para(document, VI["draft"], 12, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _header(
        document,
        [(VI["people_committee"], True), (commune.name.upper(), True)],
        document_number(report.number, "BC-UBND"),
        date_line(place_short(commune.name), report.document_date),
    )
    addressee = VI["to_commune"].format(province=lower_prefix(province_name(province)))
    _title(
        document,
        VI["summary"].format(campaign=report.campaign.name),
        VI["to"].format(addressee=addressee),
    )
    sections = (report.direction, report.results, report.shortcomings, report.proposals)
    for index, (heading, text) in enumerate(zip(VI["sections"], sections, strict=True)):
        _heading(document, heading)
        _body(document, text)
        if index == 1:
            _figures_table(document, rows)
    _body(document, VI["closing"].format(campaign=report.campaign.name, body=commune.name))
    _signature(
        document,
        VI["on_behalf"],
        report.signer_title or "CHỦ TỊCH",
        report.signer_name,
        (VI["as_above"], VI["department"], VI["archive"]),
    )
    return _document_bytes(document)


def province_name(province) -> str:
    """The province's full name as the place tree holds it, "Tỉnh" included ("Tỉnh Cao Bằng");
    a tree that stores the bare name ("Cao Bằng") gets the prefix of its kind."""
    name = province.name.strip()
    if _PLACE_PREFIX.match(name):
        return name
    kind = "Thành phố" if "thanh_pho" in str(getattr(province, "kind", "")) else "Tỉnh"
    return f"{kind} {name}"


def province_docx(consolidation, report) -> bytes:
    """The Department's consolidated report of the campaign to the provincial People's
    Committee, with the results of every covered commune in an annex. `report` is the
    `ProvinceReport` (number, addressee, narrative, signer); its date is the day it was
    finalised."""
    campaign = consolidation.campaign
    document = Document()
    _setup(document)
    province = province_name(campaign.province)
    if report.is_editable:
        _para(document, VI["draft"], 12, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    number = document_number(report.number, "BC-SKHCN")
    _header(
        document,
        [
            (VI["province_parent"].format(province=province.upper()), False),
            (VI["province_body"], True),
        ],
        number,
        date_line(place_short(province), report.document_date),
    )
    addressee = report.addressee.strip() or VI["to_province"].format(
        province=lower_prefix(province)
    )
    _title(
        document,
        VI["summary_province"].format(campaign=campaign.name),
        VI["to"].format(addressee=addressee.rstrip(".")),
    )
    sections = (report.direction, report.results, report.shortcomings, report.proposals)
    for index, (heading, text) in enumerate(zip(VI["sections"], sections, strict=True)):
        _heading(document, heading)
        _body(document, text)
        if index == 1:
            _body(
                document,
                VI["consolidated_note"].format(
                    reported=consolidation.reported,
                    expected=consolidation.expected,
                    accepted=consolidation.accepted,
                ),
            )
            _figures_table(document, consolidation.rows, accepted=True)
    _body(document, VI["closing"].format(campaign=campaign.name, body="Sở Khoa học và Công nghệ"))
    _signature(
        document,
        report.signer_authority,
        report.signer_title or VI["director"],
        report.signer_name,
        (VI["as_above"], VI["archive_department"]),
    )
    _annex(document, consolidation, number, report.document_date)
    return _document_bytes(document)


def _annex(document, consolidation, number: str, day: date | None) -> None:
    """Phụ lục: every commune the campaign covers, with its households target and result and
    where its report stands, on its own page."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    restart = OxmlElement("w:pgNumType")
    restart.set(qn("w:start"), "1")  # Decree 30: each annex numbers its own pages
    section._sectPr.append(restart)
    _para(document, VI["annex"], 14, bold=True)
    _para(document, VI["annex_title"], 14, bold=True)
    written = date_line("", day).lstrip(", ") if day else "   /   /    "
    _para(document, VI["annex_ref"].format(number=number, day=written), 14, italic=True, after=6)
    table = document.add_table(rows=1, cols=len(VI["annex_table"]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, VI["annex_table"], strict=True):
        _para(_clear(cell), text, 11, bold=True)

    def add(texts: Sequence[str], *, bold: bool = False) -> None:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 1 else WD_ALIGN_PARAGRAPH.CENTER
            _para(_clear(cell), text, 11, align=align, bold=bold)

    for n, line in enumerate(consolidation.lines, start=1):
        timeliness = {"on_time": VI["on_time"], "late": VI["late"]}.get(line.timeliness, "")
        add(
            (
                str(n),
                line.commune.name,
                number_vi(line.households_target) if line.households_target else "",
                number_vi(line.households),
                percent_vi(line.households_share),
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
            number_vi(plans) if plans else "",
            number_vi(consolidation.households),
            percent_vi(consolidation.line_share(plans)),
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
                number_vi(consolidation.households_target),
                number_vi(consolidation.households),
                percent_vi(consolidation.households_share),
                "",
                "",
                "",
            ),
            bold=True,
        )
    _widths(table, (1.0, 4.4, 1.9, 2.1, 1.5, 2.2, 2.1, 1.5))
