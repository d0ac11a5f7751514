"""Enrolment: one by one, a whole team, from Excel (all or nothing), by team members
themselves; capacity and double enrolment held by the database; cancelling gives the place back."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl import Workbook

from tocds.conftest import World, make_member
from tocds.people.models import Person
from tocds.training import services
from tocds.training.models import Enrolment, Session
from tocds.training.tests.factories import enrol, make_course, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(world: World) -> Session:
    course = make_course(world.commune_a, "Lớp thanh toán số")
    return make_session(course, starts_at=timezone.now() + timedelta(days=2), capacity=3)


def active_names(session: Session) -> list[str]:
    return sorted(
        Enrolment.objects.active()
        .filter(session=session)
        .values_list("person__full_name", flat=True)
    )


def count(session: Session) -> int:
    session.refresh_from_db()
    assert session.enrolled_count == Enrolment.objects.active().filter(session=session).count()
    return session.enrolled_count


def test_an_officer_enrols_a_team_member_and_a_citizen_by_name_and_phone(world: World, session):
    client = world.client_for("officer_a")
    url = f"/training/sessions/{session.pk}/enrol/"
    member = client.post(url, {"membership": world.member_a.pk, "audience": "citizens"})
    assert member.status_code == 302
    citizen = client.post(
        url, {"full_name": "Triệu Thị Dân", "phone": "0912 345 678", "audience": "citizens"}
    )
    assert citizen.status_code == 302
    assert active_names(session) == ["Hoàng Thị Thử", "Triệu Thị Dân"]
    by_person = {e.person.full_name: e for e in Enrolment.objects.filter(session=session)}
    assert by_person["Hoàng Thị Thử"].audience == "team_members"
    assert by_person["Triệu Thị Dân"].person.phone == "+84912345678"
    assert count(session) == 2


def test_a_second_enrolment_of_the_same_person_is_refused(world: World, session):
    client = world.client_for("officer_a")
    url = f"/training/sessions/{session.pk}/enrol/"
    client.post(url, {"membership": world.member_a.pk, "audience": "citizens"})
    again = client.post(
        url, {"full_name": "Hoàng Thị Thử", "phone": "0900000002", "audience": "citizens"}
    )
    assert again.status_code == 400
    assert "đã đăng ký buổi học này rồi" in again.content.decode()
    assert count(session) == 1


def test_the_database_refuses_a_duplicate_enrolment_row(world: World, session):
    enrol(session, world.member_a.person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            session=session, person=world.member_a.person, audience="citizens", source="officer"
        )


def test_the_database_refuses_more_enrolled_than_places(world: World, session):
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(enrolled_count=session.capacity + 1)


def test_a_phone_number_of_someone_else_is_refused_and_nothing_is_added(world: World, session):
    response = world.client_for("officer_a").post(
        f"/training/sessions/{session.pk}/enrol/",
        {"full_name": "Người Khác Tên", "phone": "0900000001", "audience": "citizens"},
    )
    assert response.status_code == 400
    assert "thuộc về một người có tên khác" in response.content.decode()
    assert count(session) == 0
    assert not Person.objects.filter(full_name="Người Khác Tên").exists()


def test_a_full_session_says_so(world: World, session):
    client = world.client_for("officer_a")
    url = f"/training/sessions/{session.pk}/enrol/"
    for n in range(3):
        assert (
            client.post(url, {"full_name": f"Người {n}", "audience": "citizens"}).status_code == 302
        )
    full = client.post(url, {"full_name": "Người thừa", "audience": "citizens"})
    assert full.status_code == 400
    assert "Buổi học này đã hết chỗ" in full.content.decode()
    assert count(session) == 3


def test_a_whole_team_is_enrolled_or_none_of_it(world: World, session):
    for n in range(3):
        make_member(world.team_a2, f"Thành viên {n}", f"+8490000006{n}")
    enrol(session, world.member_a.person)  # 2 places left, team A2 has 3 members
    client = world.client_for("officer_a")
    url = f"/training/sessions/{session.pk}/enrol-team/"
    refused = client.post(url, {"team": world.team_a2.pk})
    assert refused.status_code == 400
    assert "Tổ có 3 thành viên cần đăng ký nhưng chỉ còn 2 chỗ" in refused.content.decode()
    assert count(session) == 1
    session.capacity = 10
    session.save()
    assert client.post(url, {"team": world.team_a2.pk}).status_code == 302
    assert count(session) == 4
    assert set(Enrolment.objects.filter(session=session).values_list("source", flat=True)) == {
        "officer",
        "team",
    }


def test_an_officer_cannot_enrol_a_team_of_another_commune(world: World, session):
    response = world.client_for("officer_a").post(
        f"/training/sessions/{session.pk}/enrol-team/", {"team": world.team_b.pk}
    )
    assert response.status_code == 400  # not among the choices
    assert count(session) == 0


def test_cancelling_gives_the_place_back_and_enrolling_again_reuses_the_row(world: World, session):
    enrolment = enrol(session, world.member_a.person)
    client = world.client_for("officer_a")
    assert client.post(f"/training/enrolments/{enrolment.pk}/cancel/").status_code == 302
    assert count(session) == 0
    client.post(
        f"/training/sessions/{session.pk}/enrol/",
        {"membership": world.member_a.pk, "audience": "team_members"},
    )
    assert count(session) == 1
    assert Enrolment.objects.filter(session=session).count() == 1


def test_an_enrolment_is_cancelled_once(world: World, session):
    enrolment = enrol(session, world.member_a.person)
    services.cancel_enrolment(actor=world.officer_a, enrolment=enrolment)
    with pytest.raises(ValidationError, match="đã được hủy"):
        services.cancel_enrolment(actor=world.officer_a, enrolment=enrolment)
    assert count(session) == 0  # the place was given back once


def test_capacity_cannot_be_lowered_below_the_people_enrolled(world: World, session):
    enrol(session, world.member_a.person)
    enrol(session, world.leader_a.person)
    local = timezone.localtime(session.starts_at)
    response = world.client_for("officer_a").post(
        f"/training/sessions/{session.pk}/edit/",
        {
            "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (local + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "venue": "Nhà văn hóa",
            "capacity": 1,
            "audience": "everyone",
        },
    )
    assert response.status_code == 200
    assert "Đã có 2 người đăng ký" in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 3


# Self-enrolment ------------------------------------------------------------------------------


def test_a_team_member_enrols_themselves_and_withdraws(world: World, session):
    client = world.client_for("member")
    page = client.get(f"/training/sessions/{session.pk}/")
    assert "Đăng ký cho tôi" in page.content.decode()
    assert client.post(f"/training/sessions/{session.pk}/enrol-me/").status_code == 302
    enrolment = Enrolment.objects.get(session=session)
    assert (enrolment.person, enrolment.source, enrolment.audience) == (
        world.member_a.person,
        "self",
        "team_members",
    )
    assert client.post(f"/training/enrolments/{enrolment.pk}/cancel/").status_code == 302
    assert count(session) == 0


def test_a_team_member_cannot_enrol_in_a_session_for_officials(world: World, session):
    session.audience = "officials"
    session.save()
    client = world.client_for("member")
    assert "Đăng ký cho tôi" not in client.get(f"/training/sessions/{session.pk}/").content.decode()
    client.post(f"/training/sessions/{session.pk}/enrol-me/")
    assert count(session) == 0


def test_a_team_member_cannot_see_or_enrol_in_another_communes_session(world: World):
    course_b = make_course(world.commune_b, "Lớp phường B")
    session_b = make_session(
        course_b, starts_at=timezone.now() + timedelta(days=1), audience="team_members"
    )
    client = world.client_for("member")
    assert client.post(f"/training/sessions/{session_b.pk}/enrol-me/").status_code == 404
    assert count(session_b) == 0


def test_a_team_member_enrols_in_a_province_session(world: World):
    course = make_course(world.province, "Lớp toàn tỉnh")
    session = make_session(
        course, starts_at=timezone.now() + timedelta(days=1), audience="team_members"
    )
    client = world.client_for("leader")
    assert client.post(f"/training/sessions/{session.pk}/enrol-me/").status_code == 302
    assert active_names(session) == ["Nông Văn Mẫu"]


def test_a_member_cannot_cancel_someone_elses_enrolment(world: World, session):
    other = enrol(session, world.leader_a.person)
    response = world.client_for("member").post(f"/training/enrolments/{other.pk}/cancel/")
    assert response.status_code == 404
    assert count(session) == 1


# Excel ----------------------------------------------------------------------------------------


def xlsx(rows: list[list], headers=("Họ và tên", "Số điện thoại", "Thuộc đối tượng")):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("dang-ky.xlsx", buffer.getvalue())


def upload(world: World, session, file):
    response = world.client_for("officer_a").post(
        f"/training/sessions/{session.pk}/import/", {"file": file}
    )
    errors = (
        [str(e) for e in response.context["result"].errors] if response.status_code == 200 else []
    )
    return response.status_code, errors


def test_an_excel_file_enrols_everyone_in_it(world: World, session):
    status, errors = upload(
        world,
        session,
        xlsx(
            [
                ["Hoàng Thị Thử", "0900 000 002", ""],  # known: team member
                ["Lý Văn Cán Bộ", "0912000333", "Cán bộ"],
                ["Bế Thị Dân", "", "nguoi dan"],
            ]
        ),
    )
    assert (status, errors) == (302, [])
    audiences = dict(
        Enrolment.objects.filter(session=session).values_list("person__full_name", "audience")
    )
    assert audiences == {
        "Hoàng Thị Thử": "team_members",
        "Lý Văn Cán Bộ": "officials",
        "Bế Thị Dân": "citizens",
    }
    assert Person.objects.filter(full_name="Hoàng Thị Thử").count() == 1
    assert count(session) == 3


def test_an_excel_file_with_a_bad_row_enrols_nobody_and_names_the_rows(world: World, session):
    status, errors = upload(
        world,
        session,
        xlsx(
            [
                ["Đúng Tên", "0912000444", "Người dân"],
                ["", "0912000555", ""],
                ["Sai Số", "12345", ""],
                ["Trùng Số", "0912000444", ""],
                ["Ai Đó", "", "Học sinh"],
                ["Người Khác", "0900000001", ""],
            ]
        ),
    )
    assert status == 200
    assert errors == [
        "Dòng 3: chưa nhập họ và tên",
        "Dòng 4: “12345” không phải là số điện thoại Việt Nam hợp lệ",
        "Dòng 5: số điện thoại bị trùng (dòng 2)",
        "Dòng 6: đối tượng “Học sinh” không hợp lệ",
        "Dòng 7: số điện thoại này thuộc về một người có tên khác",
    ]
    assert count(session) == 0
    assert not Person.objects.filter(full_name="Đúng Tên").exists()


def test_an_excel_file_larger_than_the_places_left_enrols_nobody(world: World, session):
    status, errors = upload(world, session, xlsx([[f"Người {n}", "", ""] for n in range(4)]))
    assert status == 200
    assert errors == ["Tệp có 4 người nhưng chỉ còn 3 chỗ."]
    assert count(session) == 0


def test_an_officer_of_another_commune_cannot_import_into_this_session(world: World, session):
    response = world.client_for("officer_b").post(
        f"/training/sessions/{session.pk}/import/", {"file": xlsx([["Ai", "", ""]])}
    )
    assert response.status_code == 404
    assert count(session) == 0
