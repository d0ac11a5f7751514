"""Excel files as officials make them (issue 13 §4): a title block with merged cells above the
headers, a hidden first sheet, a formula's cached value, the old .xls format and UTF-8 CSV
with commas or semicolons, with or without a byte-order mark.

The files under `fixtures/` were saved by LibreOffice Calc from the sheet
`fixtures/make_office_files.py` builds; each imports the same three hamlets."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tocds.conftest import World
from tocds.places.models import Level, Place

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPECTED = [
    ("01654-004", "Thôn Bản Mới", "thon"),
    ("01654-005", "Thôn Bản Mới 2", "xom"),  # the formula's value
    ("01654-006", "Tổ dân phố 9", "to_dan_pho"),
]


def new_hamlets() -> list[tuple[str, str, str]]:
    return list(
        Place.objects.filter(level=Level.HAMLET, code__gte="01654-004")
        .order_by("code")
        .values_list("code", "name", "kind")
    )


def import_file(world: World, name: str, content: bytes):
    response = world.client_for("officer_a").post(
        "/places/hamlets/import/", {"file": SimpleUploadedFile(name, content)}
    )
    result = response.context["result"] if response.status_code == 200 else None
    return response.status_code, [str(e) for e in result.errors] if result else []


@pytest.mark.parametrize(
    "name",
    [
        "hamlets-libreoffice.xlsx",
        "hamlets-libreoffice.xls",
        "hamlets-comma.csv",
        "hamlets-semicolon.csv",
        "hamlets-bom.csv",
    ],
)
def test_a_file_saved_by_an_office_suite_imports_like_the_template(world: World, name: str):
    status, errors = import_file(world, name, (FIXTURES / name).read_bytes())
    assert (status, errors) == (302, [])
    assert new_hamlets() == EXPECTED
    assert not Place.objects.filter(name="Thôn Cũ Không Nhập").exists()  # the hidden sheet


def xlsx(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_header_row_is_found_below_a_title_block(world: World):
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "ỦY BAN NHÂN DÂN XÃ HÒA AN"
    sheet.merge_cells("A1:F2")
    sheet.append([])
    sheet.append(["Loại", "Tên thôn/tổ", "Mã xã"])  # row 4, columns in another order
    sheet.append(["Thôn", "Thôn Bản Mới", "01654"])
    status, errors = import_file(world, "thon.xlsx", xlsx(book))
    assert (status, errors) == (302, [])
    assert new_hamlets() == [("01654-004", "Thôn Bản Mới", "thon")]


def test_a_sheet_without_the_headers_names_the_row_that_came_closest(world: World):
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH"])
    sheet.append(["Mã xã", "Tên", "Loại"])
    status, errors = import_file(world, "thon.xlsx", xlsx(book))
    assert status == 200
    assert errors == ["Dòng 2: thiếu cột: Tên thôn/tổ"]


def test_the_visible_sheet_is_read_when_the_first_is_hidden(world: World):
    book = Workbook()
    lists = book.active
    lists.title = "Danh mục"
    lists.append(["Loại"])
    lists.append(["Thôn"])
    lists.sheet_state = "hidden"
    sheet = book.create_sheet("Thôn")
    sheet.append(["Mã xã", "Tên thôn/tổ", "Loại"])
    sheet.append(["01654", "Thôn Bản Mới", "Thôn"])
    status, errors = import_file(world, "thon.xlsx", xlsx(book))
    assert (status, errors) == (302, [])
    assert new_hamlets() == [("01654-004", "Thôn Bản Mới", "thon")]


def test_a_csv_that_is_not_utf8_is_refused_with_a_hint(world: World):
    content = "Mã xã,Tên\n01654,Thôn Nà Pò\n".encode("cp1252")  # an old Windows code page
    status, errors = import_file(world, "thon.csv", content)
    assert status == 200
    assert errors == ["Tệp CSV không phải văn bản UTF-8: hãy lưu lại dưới dạng “CSV UTF-8”."]
    assert new_hamlets() == []


def test_the_upload_form_offers_xls_and_csv(world: World):
    page = world.client_for("officer_a").get("/places/hamlets/import/").content.decode()
    assert 'accept=".xlsx,.xls,.csv"' in page


def test_a_member_sheet_with_english_headers_imports_on_a_vietnamese_page(world: World):
    """A template downloaded in English is read by an officer whose pages are in Vietnamese."""
    book = Workbook()
    book.active.append(["Team code", "Full name", "Phone number"])
    book.active.append([world.team_a.pk, "Nông Văn Tiếng Anh", "0912000333"])
    response = world.client_for("officer_a").post(
        "/teams/import/", {"file": SimpleUploadedFile("members.xlsx", xlsx(book))}
    )
    assert response.status_code == 302
    assert world.team_a.memberships.filter(person__full_name="Nông Văn Tiếng Anh").exists()
