"""Hamlets from Excel: every row valid → all imported; any row wrong → nothing, each error with
its sheet row number. Plus the template an officer downloads to fill in."""

import io
import re
import zipfile
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from tocds.conftest import World
from tocds.places.models import Level, Place

pytestmark = pytest.mark.django_db

HEADERS = ["Mã xã", "Tên thôn/tổ", "Loại"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(rows: list[list], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx(rows: list[list], headers: list[str] = HEADERS) -> SimpleUploadedFile:
    return SimpleUploadedFile("thon.xlsx", workbook_bytes(rows, headers), content_type=XLSX)


@dataclass
class Upload:
    status: int
    errors: list[tuple[int, str]]  # (sheet row, message) as the service reports them
    page: str


def upload(client: Client, file: SimpleUploadedFile) -> Upload:
    response = client.post("/places/hamlets/import/", {"file": file})
    page = response.content.decode()
    result = response.context["result"] if response.status_code == 200 else None
    errors = [(e.row, str(e)) for e in result.errors] if result else []
    return Upload(response.status_code, errors, page)


def row_label(number: int) -> re.Pattern:
    """The row number as the page shows it, in English or Vietnamese."""
    return re.compile(rf"(Row|Dòng) {number}\b")


def hamlets() -> list[tuple[str, str]]:
    return list(
        Place.objects.filter(level=Level.HAMLET).order_by("code").values_list("code", "name")
    )


def valid_rows(world: World) -> list[list]:
    return [
        [world.commune_a.code, "Thôn Bản Mới", "Thôn"],
        [1654, "Xóm Khuổi Lẻ", "xom"],  # Excel drops the leading zero of a number
        ["01654", "  Tổ   dân phố   9 ", "tổ dân phố"],
    ]


def test_a_valid_file_imports_every_row(world: World):
    before = hamlets()
    result = upload(world.client_for("officer_a"), xlsx(valid_rows(world)))
    assert (result.status, result.errors) == (302, [])
    created = Place.objects.filter(level=Level.HAMLET).exclude(code__in=[c for c, _ in before])
    assert [(p.code, p.name, p.kind) for p in created.order_by("code")] == [
        ("01654-004", "Thôn Bản Mới", "thon"),
        ("01654-005", "Xóm Khuổi Lẻ", "xom"),
        ("01654-006", "Tổ dân phố 9", "to_dan_pho"),
    ]
    for hamlet in created:
        assert (hamlet.parent, hamlet.commune) == (world.commune_a, world.commune_a)
        assert hamlet.path == f"/04/01654/{hamlet.code}/"
        assert hamlet.is_current
        assert "officer-a" in hamlet.source


def test_imported_hamlets_appear_on_the_commune_page(world: World):
    client = world.client_for("officer_a")
    upload(client, xlsx(valid_rows(world)))
    page = client.get(f"/places/{world.commune_a.code}/").content.decode()
    assert "Xóm Khuổi Lẻ" in page
    assert "Tổ dân phố 9" in page


def test_province_admin_imports_into_several_communes_at_once(world: World):
    rows = [
        [world.commune_a.code, "Thôn Bản Mới", "thôn"],
        [world.commune_b.code, "Tổ dân phố 2", "tổ dân phố"],
    ]
    result = upload(world.client_for("province_admin"), xlsx(rows))
    assert (result.status, result.errors) == (302, [])
    assert Place.objects.get(name="Tổ dân phố 2").path == "/04/01273/01273-002/"
    assert Place.objects.get(name="Thôn Bản Mới").path == "/04/01654/01654-004/"


def test_headers_match_in_any_order_case_and_without_diacritics(world: World):
    rows = [["Thôn", "Thôn Bản Mới", world.commune_a.code]]
    result = upload(world.client_for("officer_a"), xlsx(rows, ["LOAI", "ten thon/to", "ma xa"]))
    assert (result.status, result.errors) == (302, [])
    assert Place.objects.get(name="Thôn Bản Mới").parent == world.commune_a


@pytest.mark.parametrize(
    ("row", "column", "value", "shown"),
    [
        (3, 0, "99999", "99999"),  # unknown commune code
        (3, 0, "01273", "01273"),  # commune B: not officer A's (and not said to exist)
        (2, 1, "", None),  # empty name
        (4, 2, "khu dân cư", "khu dân cư"),  # unknown kind
        (4, 1, "thon ban moi", "2"),  # repeats row 2 (other spelling); points at row 2
        (3, 1, "Xom Na Mau", "Xom Na Mau"),  # exists in the commune, spelled without diacritics
        (2, 1, "XÓM NÀ MẪU", "XÓM NÀ MẪU"),  # exists in the commune, upper case
    ],
)
def test_each_kind_of_bad_row_rejects_the_whole_file(world: World, row, column, value, shown):
    rows = valid_rows(world)
    rows[row - 2][column] = value
    before = hamlets()
    result = upload(world.client_for("officer_a"), xlsx(rows))
    assert result.status == 200
    assert [number for number, _ in result.errors] == [row]
    assert row_label(row).search(result.page)
    message = result.errors[0][1]
    assert row_label(row).match(message)
    if shown is not None:
        assert shown in message.split(":", 1)[1]
        assert shown in result.page
    assert hamlets() == before


def test_every_bad_row_is_listed_and_blank_rows_keep_the_numbering(world: World):
    rows = [
        [world.commune_a.code, "Thôn Bản Mới", "thôn"],
        [None, None, None],  # sheet row 3, blank: skipped
        ["", "Thôn Không Xã", "thôn"],
        [world.commune_a.code, "Thôn Lạ", "phố"],
        [world.commune_b.code, "", "xóm"],
    ]
    before = hamlets()
    result = upload(world.client_for("officer_a"), xlsx(rows))
    assert result.status == 200
    # Row 6 has two faults: unknown commune (for officer A) and an empty name.
    assert [number for number, _ in result.errors] == [4, 5, 6, 6]
    assert "phố" in result.errors[1][1]
    for number in (4, 5, 6):
        assert row_label(number).search(result.page)
    assert hamlets() == before


def test_the_same_name_in_two_communes_is_not_a_duplicate(world: World):
    rows = [
        [world.commune_a.code, "Thôn Chung", "thôn"],
        [world.commune_b.code, "Thôn Chung", "thôn"],
        [world.commune_b.code, "Xóm Nà Mẫu", "xóm"],  # exists in commune A only
    ]
    result = upload(world.client_for("province_admin"), xlsx(rows))
    assert (result.status, result.errors) == (302, [])
    assert Place.objects.filter(name="Thôn Chung").count() == 2


def test_a_closed_hamlet_name_may_be_used_again(world: World):
    Place.objects.filter(pk=world.hamlet_a2.pk).update(valid_to="2025-12-31")
    rows = [[world.commune_a.code, "Thôn Đông Mẫu", "thôn"]]
    result = upload(world.client_for("officer_a"), xlsx(rows))
    assert (result.status, result.errors) == (302, [])
    assert Place.objects.current().get(name="Thôn Đông Mẫu").code == "01654-004"


def damaged_sheet(data: bytes) -> bytes:
    """A real workbook whose compressed sheet data is overwritten with noise."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    damaged = bytearray(data)
    for index in range(start, start + 40):
        damaged[index] ^= 0xFF
    return bytes(damaged)


def truncated_sheet_xml(data: bytes) -> bytes:
    """A valid zip whose sheet XML stops half way."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            target.writestr(item, content)
    return buffer.getvalue()


def zip_of_text(_workbook: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


def text(_workbook: bytes) -> bytes:
    return "Mã xã Tên thôn/tổ Loại\n01654 Thôn Bản Mới thôn\n".encode()


def zip_header_only(_workbook: bytes) -> bytes:
    return b"PK\x03\x04\x14\x00\x00\x00broken"


def truncated(workbook: bytes) -> bytes:
    return workbook[: len(workbook) // 2]


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("thon.xlsx", text),
        ("thon.ods", text),  # a CSV is read since issue 13 (core/tests/test_office_files.py)
        ("thon.xlsx", zip_header_only),
        ("thon.xlsx", truncated),
        ("thon.xlsx", zip_of_text),
        ("thon.xlsx", damaged_sheet),
        ("thon.xlsx", truncated_sheet_xml),
    ],
)
def test_a_file_that_is_not_excel_gets_a_clear_error(world: World, name, make):
    content = make(workbook_bytes([[world.commune_a.code, "Thôn Bản Mới", "thôn"]]))
    before = hamlets()
    result = upload(world.client_for("officer_a"), SimpleUploadedFile(name, content))
    assert result.status == 200
    assert len(result.errors) == 1
    assert result.errors[0][0] == 0  # about the whole file, not a row
    assert ".xlsx" in result.errors[0][1]
    assert ".xlsx" in result.page
    assert hamlets() == before


def test_an_empty_upload_is_refused_by_the_form(world: World):
    client = world.client_for("officer_a")
    response = client.post("/places/hamlets/import/", {"file": SimpleUploadedFile("t.xlsx", b"")})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert response.context["result"] is None


def test_a_missing_column_is_reported(world: World):
    rows = [[world.commune_a.code, "thôn"]]
    before = hamlets()
    result = upload(world.client_for("officer_a"), xlsx(rows, ["Mã xã", "Loại"]))
    assert result.status == 200
    assert len(result.errors) == 1
    assert result.errors[0][0] == 1  # the header row
    assert "Tên thôn/tổ" in result.errors[0][1]
    assert "Tên thôn/tổ" in result.page
    assert hamlets() == before


def test_a_file_with_headers_only_has_nothing_to_import(world: World):
    result = upload(world.client_for("officer_a"), xlsx([[None, None, None]]))
    assert result.status == 200
    assert [number for number, _ in result.errors] == [0]


def test_template_is_a_workbook_with_the_headers_and_the_officers_communes(world: World):
    response = world.client_for("officer_a").get("/places/hamlets/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook.worksheets[0][1]] == HEADERS
    communes = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert communes == [(world.commune_a.code, world.commune_a.name)]


def test_template_of_the_province_admin_lists_every_commune(world: World):
    response = world.client_for("province_admin").get("/places/hamlets/template.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    codes = [row[0] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert sorted(codes) == sorted([world.commune_a.code, world.commune_b.code])


def test_a_filled_in_template_imports(world: World):
    client = world.client_for("officer_b")
    workbook = load_workbook(io.BytesIO(client.get("/places/hamlets/template.xlsx").content))
    workbook.worksheets[0].append([world.commune_b.code, "Tổ dân phố 5", "tổ dân phố"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = upload(client, SimpleUploadedFile("mau-nhap-thon-to.xlsx", buffer.getvalue()))
    assert (result.status, result.errors) == (302, [])
    assert Place.objects.get(name="Tổ dân phố 5").parent == world.commune_b
