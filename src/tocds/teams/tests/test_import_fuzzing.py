"""Import fuzzing: whatever a sheet holds, an import never fails with a server error and is all or
nothing — either every row is imported, or none is and every error names a row."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tocds.people.models import Person
from tocds.places.models import Place
from tocds.places.services import import_hamlets
from tocds.teams.exchange import import_members
from tocds.teams.models import Membership

pytestmark = pytest.mark.django_db

# Printable text (no control characters, which openpyxl itself refuses to write), numbers,
# dates and blanks, with the values a clerk really types mixed in.
cells = st.one_of(
    st.none(),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30
    ),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.sampled_from(
        ["01654", "1654", "01273", "Thôn Mẫu", "thon", "Xóm", "tổ dân phố", "0912345678",
         "+84 900 000 002", "Tổ trưởng", "Nam", "nữ", "Đoàn Thanh niên", "1990", "31/12/2024"]
    ),
)  # fmt: skip


def workbook(header: list[str], rows: list[list]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("fuzz.xlsx", buffer.getvalue())


FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=4), min_size=0, max_size=6))
def test_hamlet_import_is_all_or_nothing_on_any_sheet(world, rows):
    before = Place.objects.count()
    result = import_hamlets(
        actor=world.officer_a, upload=workbook(["Mã xã", "Tên thôn/tổ", "Loại"], rows)
    )
    after = Place.objects.count()
    if result.errors:
        assert after == before
        assert result.created == 0
    else:
        assert after == before + result.created


@FUZZ
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=9), min_size=0, max_size=5))
def test_member_import_is_all_or_nothing_on_any_sheet(world, rows):
    header = [
        "Team code", "Full name", "Phone number", "Gender", "Birth year", "Role in the team",
        "Affiliations", "Enterprise", "Joined on",
    ]  # fmt: skip
    counts = (Person.objects.count(), Membership.objects.count())
    result = import_members(actor=world.officer_a, upload=workbook(header, rows))
    if result.errors:
        assert (Person.objects.count(), Membership.objects.count()) == counts
        assert result.created == 0
    else:
        assert Membership.objects.count() == counts[1] + result.created


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_are_refused_as_not_excel(world, data):
    before = Place.objects.count()
    result = import_hamlets(
        actor=world.officer_a, upload=SimpleUploadedFile("x.xlsx", b"PK\x03\x04" + data)
    )
    assert result.errors
    assert Place.objects.count() == before
