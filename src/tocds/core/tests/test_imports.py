"""The shared row checkers of the Excel imports (`core.imports`), on their own; the importers'
tests (teams, training) check them through real workbooks."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tocds.core.imports import (
    check_choice,
    check_date,
    check_full_name,
    check_phone,
    check_repeated_phone,
    choice_lookup,
    write_all_or_nothing,
)
from tocds.core.xlsx import ImportResult, RowError, SheetRow


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def row(number: int = 2, **values) -> SheetRow:
    return SheetRow(number, values)


def normalise(text: str) -> str:
    if not text.isdigit():
        raise ValidationError("no")
    return "+84" + text.lstrip("0")


class Field:
    verbose_name = "full name"
    max_length = 12


def test_full_name_is_trimmed_required_and_within_the_fields_length():
    field = Field()
    assert check_full_name(row(full_name="  Nông Văn A "), field=field) == ("Nông Văn A", None)
    assert check_full_name(row(full_name="   "), field=field) == ("", "full name is empty")
    assert check_full_name(row(name="B"), "name", field=field) == ("B", None)
    assert check_full_name(row(full_name="Nông Văn Bình"), field=field) == (
        "Nông Văn Bình",
        "full name is longer than 12 characters (it has 13)",
    )


def test_phone_is_normalised_or_reported_and_may_be_empty():
    assert check_phone(row(phone="0912345678"), normalise=normalise) == ("+84912345678", None)
    assert check_phone(row(phone=912345678.0), normalise=normalise) == ("+84912345678", None)
    assert check_phone(row(phone=None), normalise=normalise) == (None, None)
    assert check_phone(row(phone="09x"), normalise=normalise) == (
        None,
        "“09x” is not a valid Vietnamese phone number",
    )


def test_a_repeated_phone_names_its_first_row():
    seen: dict[str, int] = {}
    assert check_repeated_phone("+84912345678", row=2, seen=seen) is None
    assert check_repeated_phone(None, row=3, seen=seen) is None
    assert check_repeated_phone("+84912345678", row=4, seen=seen) == "phone number repeated (row 2)"
    assert seen == {"+84912345678": 2}


def test_a_choice_is_found_by_label_or_code_ignoring_case_and_diacritics():
    lookup = choice_lookup([("", "—"), ("leader", "Tổ trưởng"), ("member", "Thành viên")])
    assert "" not in lookup
    unknown = "unknown role “%s”"
    assert check_choice(row(role="to truong"), "role", lookup, unknown=unknown) == ("leader", None)
    assert check_choice(row(role="MEMBER"), "role", lookup, unknown=unknown) == ("member", None)
    assert check_choice(row(role=""), "role", lookup, unknown=unknown, empty="member") == (
        "member",
        None,
    )
    assert check_choice(row(role="boss"), "role", lookup, unknown=unknown) == (
        None,
        "unknown role “boss”",
    )


def test_a_date_is_parsed_or_reported():
    assert str(check_date(row(on="01/07/2025"), "on")[0]) == "2025-07-01"
    assert check_date(row(on=None), "on") == (None, None)
    assert check_date(row(on="soon"), "on") == (None, "“soon” is not a date (dd/mm/yyyy)")


@pytest.mark.django_db
def test_rows_are_written_all_or_nothing():
    from tocds.core.models import AuditEvent

    def write(n: int):
        def run():
            AuditEvent.objects.create(action=f"test.{n}")
            if n == 3:
                raise ValidationError(["bad", "worse"])

        return run

    result = write_all_or_nothing(ImportResult(), [(2, write(2)), (3, write(3)), (4, write(4))])
    assert (result.created, result.errors) == (0, [RowError(3, "bad"), RowError(3, "worse")])
    assert not AuditEvent.objects.exists()
    result = write_all_or_nothing(ImportResult(), [(2, write(2)), (4, write(4))])
    assert (result.created, result.ok, AuditEvent.objects.count()) == (2, True, 2)
