"""The shared steps of an all-or-nothing Excel import (see `core.xlsx` for reading the sheet).

An importer opens the upload with `open_rows`, checks every row with the small checkers below
(each reads one cell and returns its value and an error message, or None), collects the row's
messages as `RowError`s, and, only when no row has an error, writes every row through
`write_all_or_nothing`. The checkers are pure: they touch no database and raise nothing; only
`check_repeated_phone` notes the phone in the `seen` map the importer keeps for the file.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tocds.core.numbers import number
from tocds.core.text import fold
from tocds.core.xlsx import (
    Column,
    ImportResult,
    NotAnExcelFile,
    RowError,
    SheetRow,
    parse_date,
    read_rows,
)

T = TypeVar("T")


def open_rows(upload, columns: Sequence[Column]) -> tuple[list[SheetRow], ImportResult]:
    """The sheet's non-blank rows, and the import's result: it already holds the file's errors
    (not an Excel workbook, missing columns, too many rows, no rows at all), and then no rows
    are returned."""
    result = ImportResult()
    try:
        rows, file_errors = read_rows(upload, columns)
    except NotAnExcelFile:
        result.errors.append(
            RowError(0, _("The file is not an Excel workbook (.xlsx, .xls) or a UTF-8 CSV file."))
        )
        return [], result
    if file_errors or not rows:
        result.errors.extend(file_errors or [RowError(0, _("The file has no rows to import."))])
        return [], result
    return rows, result


def choice_lookup(choices: Iterable[tuple[str, object]]) -> dict[str, str]:
    """Folded label or code → value, for `check_choice`: a choice is accepted by its label (in
    the current language) or its code, ignoring case and diacritics."""
    choices = list(choices)
    mapping = {fold(str(label)): value for value, label in choices}
    mapping.update({fold(value): value for value, _label in choices if value})
    return mapping


def check_length(value: str, field) -> str | None:
    """An error when the text is longer than the model field holds (`field.max_length`): the
    limit the page's form applies too, read from the same field, and that the database
    enforces (`core.models.max_length_check`)."""
    limit = getattr(field, "max_length", None)
    if limit is None or len(value) <= limit:
        return None
    return _("%(field)s is longer than %(limit)s characters (it has %(length)s)") % {
        "field": field.verbose_name,
        "limit": number(limit),
        "length": number(len(value)),
    }


def check_full_name(row: SheetRow, key: str = "full_name", *, field) -> tuple[str, str | None]:
    """The name as written (trimmed); an error when it is empty or longer than the model's
    `field` (e.g. `Person._meta.get_field("full_name")`) holds."""
    full_name = row.text(key)
    if not full_name:
        return full_name, _("full name is empty")
    return full_name, check_length(full_name, field)


def check_phone(
    row: SheetRow, key: str = "phone", *, normalise: Callable[[str], str]
) -> tuple[str | None, str | None]:
    """The phone number normalised by `normalise` (which raises ValidationError on a bad number,
    e.g. `people.phones.normalise_phone`), None when the cell is empty; an error when it is not a
    valid number."""
    text = row.text(key)
    if not text:
        return None, None
    try:
        return normalise(text), None
    except ValidationError:
        return None, _("“%s” is not a valid Vietnamese phone number") % text


def check_repeated_phone(phone: str | None, *, row: int, seen: dict[str, int]) -> str | None:
    """An error when an earlier row of the file has the same phone number; otherwise the phone
    is noted in `seen` (phone → its first row)."""
    if not phone:
        return None
    if phone in seen:
        return _("phone number repeated (row %d)") % seen[phone]
    seen[phone] = row
    return None


def check_choice(
    row: SheetRow,
    key: str,
    lookup: Mapping[str, T],
    *,
    unknown: str,
    empty: T | None = None,
) -> tuple[T | None, str | None]:
    """The value the cell names in `lookup` (folded text → value, e.g. `choice_lookup`), `empty`
    when the cell is empty; an error `unknown % text` when the lookup does not know it."""
    text = row.text(key)
    if not text:
        return empty, None
    value = lookup.get(fold(text))
    return value, None if value is not None else unknown % text


def check_date(row: SheetRow, key: str) -> tuple[date | None, str | None]:
    """The cell's date (`core.xlsx.parse_date`), None when empty; an error when it is no date."""
    try:
        return parse_date(row.values.get(key)), None
    except ValueError:
        return None, _("“%s” is not a date (dd/mm/yyyy)") % row.text(key)


class _RollBack(Exception):
    pass


def write_all_or_nothing(
    result: ImportResult, writes: Iterable[tuple[int, Callable[[], object]]]
) -> ImportResult:
    """Run each row's write (sheet row number, a function of no arguments) in one transaction.
    A `ValidationError` becomes errors of its row; every row still runs, so all its errors are
    reported, and then nothing is kept. Sets `result.created` to the number of rows written."""
    writes = list(writes)
    try:
        with transaction.atomic():
            for number, write in writes:
                try:
                    write()
                except ValidationError as exc:
                    result.errors.extend(RowError(number, message) for message in exc.messages)
            if result.errors:
                raise _RollBack
            result.created = len(writes)
    except _RollBack:
        result.created = 0
    return result
