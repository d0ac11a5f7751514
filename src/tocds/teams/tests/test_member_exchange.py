"""Members in and out of Excel: all-or-nothing import, scoped and masked export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from tocds.conftest import World, make_member, make_user
from tocds.people.models import Person, Role
from tocds.teams.models import Membership

pytestmark = pytest.mark.django_db

HEADERS = [
    "Mã tổ",
    "Họ và tên",
    "Số điện thoại",
    "Giới tính",
    "Năm sinh",
    "Vai trò trong tổ",
    "Thành phần",
    "Doanh nghiệp",
    "Ngày tham gia",
]


def xlsx(rows: list[list], headers: list[str] = HEADERS) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("members.xlsx", buffer.getvalue())


def upload(client, file) -> tuple[int, list[str]]:
    response = client.post("/teams/import/", {"file": file})
    result = response.context["result"] if response.status_code == 200 else None
    errors = [str(e) for e in result.errors] if result else []
    return response.status_code, errors


def valid_rows(world: World) -> list[list]:
    return [
        [world.team_a2.pk, "Bế Văn Mẫu", "0912 000 111", "Nam", 1990, "Tổ trưởng",
         "Đoàn Thanh niên, Công an", "", "01/10/2024"],
        [world.team_a2.pk, "Đàm Thị Thử", "+84 912 000 222", "nu", "2001", "thanh vien",
         "youth_union", "", ""],
        [world.team_a.pk, "Lương Văn Demo", "", "", "", "", "Nhân viên doanh nghiệp",
         world.enterprise.name, "2025-10-01"],
    ]  # fmt: skip


def count_people() -> tuple[int, int]:
    return Person.objects.count(), Membership.objects.count()


def test_a_valid_file_imports_every_row(world: World):
    status, errors = upload(world.client_for("officer_a"), xlsx(valid_rows(world)))
    assert (status, errors) == (302, [])
    leader = Membership.objects.get(person__phone="+84912000111")
    assert (leader.team, leader.role, leader.person.gender) == (world.team_a2, "leader", "male")
    assert sorted(leader.affiliations.values_list("kind", flat=True)) == ["police", "youth_union"]
    enterprise_staff = Membership.objects.get(person__full_name="Lương Văn Demo")
    assert enterprise_staff.enterprise == world.enterprise
    assert enterprise_staff.person.phone is None


@pytest.mark.parametrize(
    ("row_change", "expected"),
    [
        ({0: 999999}, "999999"),  # unknown team
        ({1: ""}, "2"),  # empty name
        ({2: "12345"}, "12345"),  # not a phone number
        ({3: "không rõ"}, "không rõ"),  # unknown gender
        ({4: "19x0"}, "19x0"),  # birth year not a year
        ({5: "chủ tịch"}, "chủ tịch"),  # unknown role
        ({6: "Hội nông dân"}, "Hội nông dân"),  # unknown affiliation
        ({7: "Công ty ma"}, "Công ty ma"),  # unknown enterprise
        ({8: "31/02/2025"}, "31/02/2025"),  # not a date
    ],
)
def test_each_kind_of_bad_row_rejects_the_whole_file(world: World, row_change, expected):
    rows = valid_rows(world)
    for index, value in row_change.items():
        rows[0][index] = value
    before = count_people()
    status, errors = upload(world.client_for("officer_a"), xlsx(rows))
    assert status == 200
    assert len(errors) == 1
    assert "2" in errors[0].split(":")[0]  # the sheet row number comes first
    assert expected in errors[0]
    assert count_people() == before


def test_another_communes_team_is_unknown_to_the_officer(world: World):
    rows = valid_rows(world)
    rows[2][0] = world.team_b.pk
    before = count_people()
    status, errors = upload(world.client_for("officer_a"), xlsx(rows))
    assert status == 200
    assert errors[0].split(":")[0].endswith("4")
    assert str(world.team_b.pk) in errors[0]
    assert count_people() == before


def test_phone_duplicates_are_reported_in_the_file_and_against_active_members(world: World):
    rows = valid_rows(world)
    rows[1][2] = "0912000111"  # same as row 2
    rows[2][2] = "0900 000 003"  # an active member of commune B's team
    before = count_people()
    status, errors = upload(world.client_for("officer_a"), xlsx(rows))
    assert status == 200
    assert [e.split(":")[0][-1] for e in errors] == ["3", "4"]
    assert "2" in errors[0].split(":", 1)[1]  # points at the earlier row
    assert count_people() == before


def test_two_leaders_for_one_team_are_refused(world: World):
    rows = valid_rows(world)
    rows[1][5] = "Tổ trưởng"
    status, errors = upload(world.client_for("officer_a"), xlsx(rows))
    assert status == 200
    assert len(errors) == 2


def test_a_file_that_is_not_excel_gets_a_clear_error(world: World):
    before = count_people()
    for content in (b"name,phone\nA,0912\n", b"PK\x03\x04 broken zip", b""):
        status, errors = upload(
            world.client_for("officer_a"), SimpleUploadedFile("members.xlsx", content)
        )
        assert status == 200
        if content:
            assert len(errors) == 1
            assert "Excel" in errors[0]
    assert count_people() == before


def test_a_missing_column_is_reported(world: World):
    status, errors = upload(
        world.client_for("officer_a"), xlsx([["x"]], headers=["Mã tổ", "Số điện thoại"])
    )
    assert status == 200
    assert "Họ và tên" in errors[0]


def test_template_lists_only_the_users_teams(world: World):
    response = world.client_for("leader").get("/teams/import/template.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook.worksheets[0][1]] == HEADERS
    team_codes = [row[0] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert team_codes == [world.team_a.pk]


def export_rows(client, **params) -> list[tuple]:
    response = client.get("/teams/export.xlsx", params)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_export_holds_only_what_the_user_may_see(world: World):
    names = {row[4] for row in export_rows(world.client_for("officer_a"))}
    assert names == {"Nông Văn Mẫu", "Hoàng Thị Thử"}
    names = {row[4] for row in export_rows(world.client_for("province_admin"))}
    assert names == {"Nông Văn Mẫu", "Hoàng Thị Thử", "Lục Văn Demo"}


def test_export_masks_phones_unless_the_role_needs_them(world: World):
    approver = make_user("approver", role=Role.APPROVER, place=world.province)
    from django.test import Client

    client = Client()
    client.force_login(approver)
    phones = {row[5] for row in export_rows(client)}
    assert phones == {"09xx xxx 001", "09xx xxx 002", "09xx xxx 003"}
    phones = {row[5] for row in export_rows(world.client_for("officer_a"))}
    assert phones == {"0900 000 001", "0900 000 002"}


def test_export_is_recorded_without_personal_data(world: World):
    from tocds.core.models import AuditEvent

    export_rows(world.client_for("officer_a"))
    event = AuditEvent.objects.get(action="members.export")
    assert (event.actor, event.rows) == (world.officer_a, 2)


def test_member_export_query_count_does_not_grow_with_members(world: World):
    client = world.client_for("province_admin")
    client.get("/teams/")  # warm the session

    def queries_for(place) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            rows = export_rows(client, place=place.code)
        return len(captured), len(rows)

    one = queries_for(world.commune_b)
    make_member(world.team_b, "Hà Văn Mẫu", "+84900000010", affiliations=("police",))
    make_member(world.team_b, "Lý Thị Mẫu", "+84900000011", affiliations=("youth_union",))
    three = queries_for(world.commune_b)
    assert (one[1], three[1]) == (1, 3)
    assert one[0] == three[0]


def test_the_export_record_names_the_filters_but_never_their_values(world: World):
    from tocds.core.models import AuditEvent

    export_rows(world.client_for("officer_a"), q="0900 000 002")
    assert AuditEvent.objects.get(action="members.export").detail == "q"


def test_a_file_over_the_size_limit_is_refused(world: World, settings):
    settings.MAX_IMPORT_BYTES = 1000
    before = count_people()
    status, errors = upload(world.client_for("officer_a"), xlsx(valid_rows(world)))
    assert (status, len(errors)) == (200, 1)
    assert "MB" in errors[0]
    assert count_people() == before
