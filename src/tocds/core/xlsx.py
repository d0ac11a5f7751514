"""Excel in and out: reading uploaded sheets row by row, writing templates and exports.

Imports are all or nothing: a reader yields rows with their sheet row number; the app's service
validates every row, collects `RowError`s, and writes only when there are none.

Exports keep numbers as numbers: a column declared with a `number_format` (`COUNT` "#,##0",
`SHARE`, `DECIMAL`) shows them grouped as the reader's Excel groups them (1.500 in a Vietnamese
Excel); any other float gets `DECIMAL`; dates and times are written as Excel dates in the
province's time zone (`DATE`, `DATETIME`), never as text. Ids, codes and years are left
ungrouped: declare no format on their columns.

Exports write text as text: every cell goes through `_cells`, which writes a text starting with
= + - @, a tab or a carriage return as a quote-prefixed string (never a formula) and drops the
control characters a worksheet cannot hold. No other module imports openpyxl
(`core/tests/test_hostile_exports.py`).
"""

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tocds.core.sheets import DAMAGED, FileRefused, NotAnExcelFile, Sheet, open_sheets
from tocds.core.text import fold

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Number formats of exported cells (Excel writes the separators of the reader's language).
COUNT = "#,##0"  # a whole number: 1.500
DECIMAL = "#,##0.0"  # 4,3
SHARE = "0.0"  # a percent already multiplied by 100: 22,1 (the header says "%")
PERCENT = "0.0%"  # a fraction (0.221) shown as 22,1%
DATE = "dd/mm/yyyy"
DATETIME = "hh:mm dd/mm/yyyy"
TIME = "hh:mm"


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based row number as Excel shows it; 0 for the whole file
    message: str

    def __str__(self) -> str:
        if self.row:
            return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


@dataclass
class ImportResult:
    """The outcome of an all-or-nothing import: how many rows were written, or the errors."""

    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class SheetRow:
    number: int
    values: dict[str, object]

    def text(self, key: str) -> str:
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def is_blank(self) -> bool:
        return all(self.text(k) == "" for k in self.values)


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # translatable; matched in Vietnamese or English on import
    width: int = 20
    required: bool = False
    choices: Sequence[str] = ()
    number_format: str = ""  # for exports: COUNT, DECIMAL, SHARE, PERCENT, DATE, DATETIME


class _TooManyRows(Exception):
    pass


# The header row is looked for in the first rows of a sheet, below a title block.
HEADER_SEARCH_ROWS = 20


def read_rows(upload, columns: Sequence[Column]) -> tuple[list[SheetRow], list[RowError]]:
    """Read the sheet of an uploaded workbook (.xlsx, .xls or UTF-8 .csv) that holds the
    expected columns.

    Headers are matched ignoring case and diacritics, in Vietnamese or English (a template
    downloaded in either language imports); their order may differ. The header row is the
    first of the first `HEADER_SEARCH_ROWS` rows that names every required column (a title
    block may stand above it); the sheet is the first visible one holding such a row, else a
    hidden one. Returns the non-blank rows below the headers, or errors about the file itself
    (refused, missing columns, too many rows); raises `NotAnExcelFile` for anything else.
    """
    if upload.size > settings.MAX_IMPORT_BYTES:
        return [], [
            RowError(0, _("The file is larger than %d MB.") % (settings.MAX_IMPORT_BYTES // 2**20))
        ]
    try:
        with open_sheets(upload) as sheets:
            return _read_sheets(sheets, columns)
    except FileRefused as refused:
        return [], [RowError(0, str(refused))]
    except _TooManyRows:
        return [], [RowError(0, _("The file has more than %d rows.") % settings.MAX_IMPORT_ROWS)]
    except DAMAGED as exc:
        raise NotAnExcelFile from exc


def _wanted_headers(columns: Sequence[Column]) -> dict[str, str]:
    wanted = {}
    for column in columns:
        for language in ("vi", "en"):
            with translation.override(language):
                wanted[fold(str(column.header))] = column.key
    return wanted


def _header_positions(values: Sequence[object], wanted: dict[str, str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, title in enumerate(values):
        key = wanted.get(fold(str(title or "")))
        if key and key not in positions:
            positions[key] = index
    return positions


def _find_header(sheet: Sheet, columns: Sequence[Column], wanted: dict[str, str]):
    """(row number, positions, missing headers) of the sheet's header row, or of the row that
    came closest when none names every required column."""
    required = [c for c in columns if c.required]
    best = (1, {}, [str(c.header) for c in required])
    for number, values in enumerate(sheet.rows(), start=1):
        if number > HEADER_SEARCH_ROWS:
            break
        positions = _header_positions(values or (), wanted)
        missing = [str(c.header) for c in required if c.key not in positions]
        if not missing and positions:
            return number, positions, []
        if len(missing) < len(best[2]):
            best = (number, positions, missing)
    return best


def _read_sheets(sheets: Sequence[Sheet], columns: Sequence[Column]):
    if not sheets:
        raise NotAnExcelFile
    wanted = _wanted_headers(columns)
    ordered = [s for s in sheets if s.visible] + [s for s in sheets if not s.visible]
    first = None
    for sheet in ordered:
        header_row, positions, missing = _find_header(sheet, columns, wanted)
        if not missing:
            return _data_rows(sheet, header_row, positions), []
        first = first or (header_row, missing)
    header_row, missing = first
    return [], [RowError(header_row, _("missing column(s): %s") % ", ".join(missing))]


def _data_rows(sheet: Sheet, header_row: int, positions: dict[str, int]):
    result: list[SheetRow] = []
    limit = settings.MAX_IMPORT_ROWS
    for number, values in enumerate(sheet.rows(), start=1):
        if number <= header_row:
            continue
        if number > header_row + limit * 4:  # a sheet of mostly blank rows: stop reading
            raise _TooManyRows
        values = values or ()
        row = SheetRow(
            number,
            {key: (values[i] if i < len(values) else None) for key, i in positions.items()},
        )
        if row.is_blank():
            continue
        result.append(row)
        if len(result) > limit:
            raise _TooManyRows
    return result


def parse_date(value: object) -> date | None:
    """A date cell (Excel date, or text dd/mm/yyyy or yyyy-mm-dd); None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(title: object) -> str:
    """Excel sheet titles: at most 31 characters, none of [ ] : * ? / \\."""
    return _SHEET_TITLE_FORBIDDEN.sub("-", str(title))[:31] or "Sheet"


# A text starting with one of these is a formula to Excel (typed, or when someone edits the
# cell): `=` and `@` start one, `+` and `-` start arithmetic, a leading tab or carriage return
# hides either from a reader's eye (OWASP, CSV/formula injection, CWE-1236).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cell_value(value: object) -> object:
    """A value as Excel can hold it: an aware datetime in the province's time (Excel dates
    carry no zone); text without the control characters a worksheet cannot hold."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def cell_format(value: object, declared: str = "") -> str:
    """The number format of a cell: the column's, else one for dates, times and decimals."""
    if isinstance(value, bool) or value is None or value == "":
        return ""
    if declared:
        return declared
    if isinstance(value, datetime):
        return DATETIME
    if isinstance(value, date):
        return DATE
    if isinstance(value, time):
        return TIME
    if isinstance(value, float):
        return DECIMAL
    return ""


def _header_parts(header) -> tuple[str, int | None, str]:
    """A header given as text or as a `Column`: its text, width and number format."""
    if isinstance(header, Column):
        return str(header.header), header.width, header.number_format
    return str(header), None, ""


def _cells(sheet, values: Sequence[object], formats: Sequence[str] = ()) -> list[object]:
    """A row as it is appended: every value through `cell_value`, numbers and dates with their
    format, and text a formula would start with written as text, never as a formula.

    This is the one place exports write cells. Such a text becomes a string cell marked
    "quote prefix" — what Excel stores for a value typed after an apostrophe: shown exactly
    as typed (no apostrophe added to the value), not evaluated on opening, and still text when
    someone edits the cell. openpyxl alone would write "=…" as a formula."""
    line: list[object] = []
    for index, raw in enumerate(values):
        value = cell_value(raw)
        declared = formats[index] if index < len(formats) else ""
        number_format = cell_format(value, declared)
        if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
            cell = Cell(sheet, row=1, column=1, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            line.append(cell)
        elif number_format:
            cell = Cell(sheet, row=1, column=1, value=value)
            cell.number_format = number_format
            line.append(cell)
        else:
            line.append(value)
    return line


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def build_workbook(
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]] = (),
    extra_sheets: Sequence[tuple[str, Sequence[str | Column], Sequence[Sequence[object]]]] = (),
) -> Workbook:
    """A workbook whose first sheet has the columns (with drop-down lists) and rows. Headers
    of extra sheets are texts or `Column`s (for their width and number format)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    sheet.append(_cells(sheet, [str(c.header) for c in columns]))
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.choices:
            formula = '"' + ",".join(column.choices) + '"'
            if len(formula) <= 255:
                validation = DataValidation(type="list", formula1=formula, allow_blank=True)
                validation.add(f"{letter}2:{letter}{settings.MAX_IMPORT_ROWS + 1}")
                sheet.add_data_validation(validation)
    formats = [c.number_format for c in columns]
    for row in rows:
        sheet.append(_cells(sheet, row, formats))
    for name, headers, extra_rows in extra_sheets:
        extra = workbook.create_sheet(sheet_title(name))
        parts = [_header_parts(h) for h in headers]
        extra.append(_cells(extra, [text for text, _width, _format in parts]))
        for cell in extra[1]:
            cell.font = _HEADER_FONT
        extra_formats = [number_format for _text, _width, number_format in parts]
        for row in extra_rows:
            extra.append(_cells(extra, row, extra_formats))
        for index, (_text, width, _format) in enumerate(parts, start=1):
            extra.column_dimensions[get_column_letter(index)].width = width or 28
    return workbook


def export_workbook(title: str, headers: Sequence[str | Column], rows: Sequence[Sequence[object]]):
    """A one-sheet export written in openpyxl's streaming (write-only) mode: bold, frozen
    headers and readable widths, fast for tens of thousands of rows. A header given as a
    `Column` sets its column's width and number format."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    sheet.freeze_panes = "A2"
    parts = [_header_parts(h) for h in headers]
    for index, (_text, width, _format) in enumerate(parts, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width or 18
    header_cells = [
        cell if isinstance(cell, Cell) else Cell(sheet, row=1, column=1, value=cell)
        for cell in _cells(sheet, [text for text, _width, _format in parts])
    ]
    for cell in header_cells:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    sheet.append(header_cells)
    formats = [number_format for _text, _width, number_format in parts]
    for row in rows:
        sheet.append(_cells(sheet, row, formats))
    return workbook


def workbook_response(workbook: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
