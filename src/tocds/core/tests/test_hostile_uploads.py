"""Decompression bombs and other hostile uploads (issue 13 §2): an .xlsx is a zip, and a few
hundred kilobytes can unpack to hundreds of megabytes. tocds adds up the unpacked sizes before
parsing and refuses such a file within a second, in Vietnamese, without the worker's memory
growing; a sheet that claims a huge width is read only as wide as an import needs."""

import io
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tocds.conftest import World
from tocds.core.sheets import open_sheets
from tocds.places.models import Level, Place

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"
HEADER = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData>"
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>M\xc3\xa3 x\xc3\xa3</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>T\xc3\xaan th\xc3\xb4n/t\xe1\xbb\x95</t></is></c>'
    b'<c r="C1" t="inlineStr"><is><t>Lo\xe1\xba\xa1i</t></is></c></row>'
)
FOOTER = b"</sheetData></worksheet>"


def skeleton() -> dict[str, bytes]:
    """The parts of a real one-sheet workbook, to replace its sheet with a hostile one."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    archive = zipfile.ZipFile(buffer)
    return {name: archive.read(name) for name in archive.namelist()}


def write_bomb(path: Path, megabytes: int) -> bytes:
    """An .xlsx whose one cell holds `megabytes` MB of the same letter: the sheet is streamed
    into the zip in 1 MB chunks (never held whole in memory) and packs about 1,000 to 1."""
    chunk = b"A" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in skeleton().items():
            if name != SHEET:
                archive.writestr(name, data)
        with archive.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(HEADER + b'<row r="2"><c r="B2" t="inlineStr"><is><t>')
            for _ in range(megabytes):
                sheet.write(chunk)
            sheet.write(b"</t></is></c></row>" + FOOTER)
    return path.read_bytes()


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[int, bytes]:
    folder = tmp_path_factory.mktemp("bombs")
    return {size: write_bomb(folder / f"bomb-{size}.xlsx", size) for size in (60, 300)}


def import_hamlets(world: World, content: bytes, name: str = "thon.xlsx"):
    """The import page's answer, how long it took and the most memory Python held meanwhile."""
    client = world.client_for("officer_a")
    client.get("/places/hamlets/import/")  # first request of the process: loads templates
    tracemalloc.start()
    started = time.perf_counter()
    try:
        response = client.post(
            "/places/hamlets/import/", {"file": SimpleUploadedFile(name, content)}
        )
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    result = response.context["result"] if response.status_code == 200 else None
    errors = [str(e) for e in result.errors] if result else []
    return response.status_code, errors, elapsed, peak


def hamlets() -> int:
    return Place.objects.filter(level=Level.HAMLET).count()


@pytest.mark.parametrize("megabytes", [60, 300])
def test_a_decompression_bomb_is_refused_at_once_without_memory_growth(
    world: World, bombs, megabytes
):
    content = bombs[megabytes]
    assert len(content) < 1_000_000  # passes the 5 MB upload limit
    before = hamlets()
    status, errors, elapsed, peak = import_hamlets(world, content)
    assert status == 200
    assert errors == ["Tệp khi giải nén lớn hơn 50 MB: hãy chia thành các tệp nhỏ hơn."]
    assert elapsed < 3
    assert peak < 30 * 2**20  # the upload and the page, never the unpacked sheet
    assert hamlets() == before


def test_a_bomb_under_the_size_limit_is_refused_by_its_packing_ratio(world: World, tmp_path):
    content = write_bomb(tmp_path / "bomb.xlsx", 40)  # 40 MB: under the 50 MB limit
    status, errors, elapsed, _peak = import_hamlets(world, content)
    assert status == 200
    assert len(errors) == 1
    assert errors[0].startswith("Tệp bị nén bất thường (một thành phần giải nén ra gấp ")
    assert elapsed < 3


def test_a_zip_of_many_parts_is_refused(world: World):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in skeleton().items():
            archive.writestr(name, data)
        for n in range(1500):
            archive.writestr(f"xl/media/x{n}.bin", b"")
    status, errors, elapsed, _peak = import_hamlets(world, buffer.getvalue())
    assert status == 200
    assert errors == ["Tệp chứa hơn 1000 thành phần: đây không phải là một tệp Excel thông thường."]
    assert elapsed < 3


def test_a_zip_that_understates_its_unpacked_size_is_refused_as_damaged(world: World, tmp_path):
    """The sizes are added up from the zip's directory; a bomb that lies there is stopped by
    Python's zipfile, which never unpacks more than the size declared."""
    data = bytearray(write_bomb(tmp_path / "liar.xlsx", 60))
    offset = data.find(b"PK\x01\x02")  # the zip's directory: one entry per member
    while offset != -1:
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, offset + 28)
        if data[offset + 46 : offset + 46 + name_length] == SHEET.encode():
            if struct.unpack_from("<I", data, offset + 24)[0] != 0xFFFFFFFF:
                struct.pack_into("<I", data, offset + 24, 1024)  # "unpacks to 1 KB"
            extra, end = offset + 46 + name_length, offset + 46 + name_length + extra_length
            while extra < end:  # or in its zip64 field, uncompressed size first
                tag, size = struct.unpack_from("<HH", data, extra)
                if tag == 1:
                    struct.pack_into("<Q", data, extra + 4, 1024)
                extra += 4 + size
        offset = data.find(b"PK\x01\x02", offset + 46 + name_length + extra_length + comment_length)
    assert sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()) < 2**20
    status, errors, elapsed, peak = import_hamlets(world, bytes(data))
    assert status == 200
    assert len(errors) == 1
    assert "không phải là tệp Excel" in errors[0]
    assert elapsed < 3
    assert peak < 30 * 2**20


def test_a_sheet_claiming_the_widest_range_is_read_only_as_wide_as_an_import_needs(settings):
    """Rows whose last cell sits in column XFD (16,384 columns) come out at most
    `MAX_IMPORT_COLUMNS` wide: 20,000 such rows would otherwise be 327 million cells."""
    rows = b"".join(b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (n, n) for n in range(2, 102))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in skeleton().items():
            archive.writestr(name, HEADER + rows + FOOTER if name == SHEET else data)
    with open_sheets(SimpleUploadedFile("wide.xlsx", buffer.getvalue())) as sheets:
        widths = {len(row) for row in sheets[0].rows()}
    assert max(widths) <= settings.MAX_IMPORT_COLUMNS
