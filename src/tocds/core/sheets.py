"""Opening an uploaded spreadsheet as officials save them: .xlsx, the old .xls, or UTF-8 CSV.

A reader hands `core.xlsx.read_rows` the file's sheets (title, visible or hidden, and a fresh
iterator of row values each time it is asked), so the header row and the sheet can be looked
for. Every value is what the office suite shows: a formula's cached result, a date as a date.

Hostile files are refused before anything is parsed (`FileRefused`, with a message for the
user): an .xlsx is a zip, and its members' unpacked sizes (which Python's zipfile enforces
while reading) are added up and compared with `MAX_IMPORT_UNPACKED_BYTES`, as are the number of
members and each member's compression ratio, so a small file that unpacks to hundreds of
megabytes is answered in milliseconds. Rows are read one at a time (openpyxl's read-only mode)
and at most `MAX_IMPORT_COLUMNS` cells of each, whatever size the sheet claims.
"""

import codecs
import csv
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from xml.etree.ElementTree import ParseError

import xlrd
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

# A member of an .xlsx unpacking to more than this many times its packed size, once past
# _RATIO_FLOOR bytes, is a bomb: real sheets pack about 5–30 times (a sheet of the same blank
# row repeated, about 150 times).
MAX_RATIO = 250
_RATIO_FLOOR = 1 << 20
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the signature of an .xls (a compound document)

# What openpyxl and xlrd raise on a damaged file, on opening it or while reading its rows.
DAMAGED = (
    InvalidFileException,
    zipfile.BadZipFile,
    zlib.error,
    ParseError,
    KeyError,
    OSError,
    ValueError,
    IndexError,
    EOFError,
    xlrd.XLRDError,
    AssertionError,  # xlrd checks some records with assert
    csv.Error,
)


class NotAnExcelFile(Exception):
    """The upload is no spreadsheet tocds reads (or is damaged)."""


class FileRefused(Exception):
    """The upload is refused before it is read; the message says why, for the user."""


@dataclass(frozen=True)
class Sheet:
    title: str
    visible: bool
    rows: Callable[[], Iterator[tuple]]  # each call starts again from the first row


@contextmanager
def open_sheets(upload) -> Iterator[list[Sheet]]:
    """The sheets of an uploaded .xlsx, .xls or .csv file, in the file's order. Raises
    `FileRefused` (a bomb) or `NotAnExcelFile` (anything else it cannot read)."""
    data = upload.read()
    name = (getattr(upload, "name", "") or "").lower()
    if data.startswith(b"PK"):
        check_zip(data)
        with _xlsx_sheets(data) as sheets:
            yield sheets
    elif data.startswith(_OLE2):
        yield _xls_sheets(data)
    elif name.endswith((".csv", ".txt")):
        yield _csv_sheets(data, name)
    else:
        raise NotAnExcelFile


def check_zip(data: bytes) -> None:
    """Refuse an .xlsx whose members unpack to too much, are too many, or pack too tightly."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise NotAnExcelFile from exc
    if len(members) > settings.MAX_IMPORT_ZIP_MEMBERS:
        raise FileRefused(
            _("The file holds more than %d parts: it is not an ordinary workbook.")
            % settings.MAX_IMPORT_ZIP_MEMBERS
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > settings.MAX_IMPORT_UNPACKED_BYTES:
        raise FileRefused(
            _("The file unpacks to more than %d MB: split it into smaller files.")
            % (settings.MAX_IMPORT_UNPACKED_BYTES // 2**20)
        )
    for member in members:
        if member.file_size > _RATIO_FLOOR and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise FileRefused(
                _("The file is packed abnormally tightly (a part unpacks to %d times its size).")
                % (member.file_size // max(member.compress_size, 1))
            )


@contextmanager
def _xlsx_sheets(data: bytes) -> Iterator[list[Sheet]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DAMAGED as exc:
        raise NotAnExcelFile from exc
    try:
        yield [
            Sheet(
                title=sheet.title,
                visible=getattr(sheet, "sheet_state", "visible") == "visible",
                rows=_xlsx_rows(sheet),
            )
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


def _xlsx_rows(sheet) -> Callable[[], Iterator[tuple]]:
    def rows() -> Iterator[tuple]:
        # A read-only sheet is decompressed and parsed while its rows are read.
        return sheet.iter_rows(values_only=True, max_col=settings.MAX_IMPORT_COLUMNS)

    return rows


def _xls_sheets(data: bytes) -> list[Sheet]:
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except DAMAGED as exc:
        raise NotAnExcelFile from exc
    sheets = []
    for index in range(book.nsheets):
        try:
            sheet = book.sheet_by_index(index)
        except DAMAGED as exc:
            raise NotAnExcelFile from exc
        sheets.append(
            Sheet(title=sheet.name, visible=sheet.visibility == 0, rows=_xls_rows(book, sheet))
        )
    return sheets


def _xls_rows(book, sheet) -> Callable[[], Iterator[tuple]]:
    width = settings.MAX_IMPORT_COLUMNS

    def value(cell):
        if cell.ctype == xlrd.XL_CELL_DATE:
            moment = xlrd.xldate_as_datetime(cell.value, book.datemode)
            return moment if moment.time() != datetime.min.time() else moment.date()
        if cell.ctype in (xlrd.XL_CELL_TEXT, xlrd.XL_CELL_NUMBER):
            return cell.value
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        return None  # empty, blank, error

    def rows() -> Iterator[tuple]:
        for number in range(sheet.nrows):
            yield tuple(value(cell) for cell in sheet.row_slice(number, 0, width))

    return rows


def _csv_sheets(data: bytes, name: str) -> list[Sheet]:
    try:
        text = codecs.decode(data, "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused(
            _("The CSV file is not UTF-8 text: save it again as “CSV UTF-8”.")
        ) from exc
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first_line.count)
    width = settings.MAX_IMPORT_COLUMNS

    def rows() -> Iterator[tuple]:
        for line in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield tuple(cell if cell.strip() else None for cell in line[:width])

    return [Sheet(title=name, visible=True, rows=rows)]
