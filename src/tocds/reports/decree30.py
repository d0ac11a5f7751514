"""The administrative document layout of Decree 30/2020/NĐ-CP (`shared/content/decree30-layout.md`)
as python-docx building blocks: page setup, the header table (issuing body and national motto with
their rules, number and place-date line), title, body paragraphs, headings, the signature block
with "Nơi nhận", and the Vietnamese ways of writing places, dates and numbers in a document.
Every Word file tocds writes (results reports now; honours' submissions and decisions next) is
built from these, so the layout is right in one place."""

import io
import re
from collections.abc import Sequence
from datetime import date

from django.utils import timezone, translation
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from tocds.core import numbers

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The layout's fixed wording, the same in every document.
LAYOUT = {
    "motto_1": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "motto_2": "Độc lập - Tự do - Hạnh phúc",
    "number": "Số: {number}",
    "date": "{place}, ngày {day} tháng {month} năm {year}",
    "date_blank": "{place}, ngày      tháng      năm {year}",
    "recipients": "Nơi nhận:",
    "draft": "DỰ THẢO",
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
        return LAYOUT["date_blank"].format(place=place, year=year or timezone.localdate().year)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return LAYOUT["date"].format(place=place, day=f"{day.day:02d}", month=month, year=day.year)


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


def run(paragraph, text: str, size: float, *, bold=False, italic=False):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.name = FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    return run


def para(
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
        run(paragraph, text, size, bold=bold, italic=italic)
    return paragraph


def rule(container, indent_cm: float) -> None:
    """A solid centred line: the bottom border of an empty paragraph, its length set by the
    indents (Decree 30 asks for rules under the body name, the motto and the summary)."""
    paragraph = para(container, size=4)
    paragraph.paragraph_format.left_indent = Cm(indent_cm)
    paragraph.paragraph_format.right_indent = Cm(indent_cm)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def page_number(paragraph) -> None:
    """A PAGE field (Word fills in the number)."""
    field = run(paragraph, "", 13)
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
        field._r.append(element)


def setup(document) -> None:
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
    page_number(header)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def widths(table, widths_cm: Sequence[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def clear(cell):
    """A table cell starts with one empty paragraph; remove it so content starts clean."""
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return cell


LEFT_CM, RIGHT_CM, TEXT_CM = 6.3, 10.2, 16.5


def header(document, body_lines: Sequence[tuple[str, bool]], number: str, place_date: str):
    table = document.add_table(rows=2, cols=2)
    no_borders(table)
    widths(table, (LEFT_CM, RIGHT_CM))
    left, right = clear(table.cell(0, 0)), clear(table.cell(0, 1))
    for text, bold in body_lines:
        para(left, text, 13, bold=bold)
    body = max((text for text, bold in body_lines if bold), key=len, default="")
    rule(left, rule_indent(LEFT_CM, body, 13, caps=True, part=0.4))
    para(right, LAYOUT["motto_1"], 13, bold=True)
    para(right, LAYOUT["motto_2"], 14, bold=True)
    rule(right, rule_indent(RIGHT_CM, LAYOUT["motto_2"], 14, caps=False, part=1.0))
    para(clear(table.cell(1, 0)), LAYOUT["number"].format(number=number), 13, before=6)
    para(clear(table.cell(1, 1)), place_date, 14, italic=True, before=6)


def title(document, kind: str, summary: str, recipient: str) -> None:
    """The kind of document ("BÁO CÁO", "TỜ TRÌNH"), its summary line with a rule, and the
    "Kính gửi" line."""
    para(document, kind, 14, bold=True, before=18)
    para(document, summary, 14, bold=True)
    rule(document, rule_indent(TEXT_CM, summary, 14, caps=False, part=0.4))
    para(document, recipient, 14, before=6, after=6)


def body(document, text: str) -> None:
    for chunk in [c.strip() for c in text.splitlines() if c.strip()]:
        paragraph = para(document, chunk, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
        paragraph.paragraph_format.line_spacing = 1.15


def heading(document, text: str) -> None:
    paragraph = para(
        document, text, 14, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6, after=6
    )
    paragraph.paragraph_format.first_line_indent = Cm(1.27)


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


def signature(document, authority: str, title: str, name: str, recipients: Sequence[str]) -> None:
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    widths(table, (7.0, 9.5))
    left, right = clear(table.cell(0, 0)), clear(table.cell(0, 1))
    para(left, LAYOUT["recipients"], 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for item in recipients:
        para(left, item, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    if authority:
        para(right, authority.upper(), 14, bold=True)
    para(right, title.upper(), 14, bold=True)
    for _n in range(4):
        para(right, "", 14)
    para(right, name, 14, bold=True)


def document_bytes(document) -> bytes:
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


def province_name(province) -> str:
    """The province's full name as the place tree holds it, "Tỉnh" included ("Tỉnh Cao Bằng");
    a tree that stores the bare name ("Cao Bằng") gets the prefix of its kind."""
    name = province.name.strip()
    if _PLACE_PREFIX.match(name):
        return name
    kind = "Thành phố" if "thanh_pho" in str(getattr(province, "kind", "")) else "Tỉnh"
    return f"{kind} {name}"
