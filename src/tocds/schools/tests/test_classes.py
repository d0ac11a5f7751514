"""Teachers' classes: a grade, a name, a school year and a number of students — never a
student's name; each teacher sees and changes only their own classes."""

import re

import pytest
from django.test import Client

from tocds.schools.models import DeliveryStatus, SchoolClass
from tocds.schools.services import save_delivery

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def class_data(sw, **changes) -> dict:
    return {
        "school": sw.school_a.pk,
        "grade": 7,
        "name": "7 c",
        "school_year": sw.year,
        "students": 32,
        **changes,
    }


def test_a_teacher_adds_a_class_with_counts_only(sw):
    teacher = signed_in(sw.teacher)
    form = teacher.get("/schools/classes/new/").content.decode()
    body = form.split('class="stack card"', 1)[1].split("</form>", 1)[0]
    fields = set(re.findall(r'name="([^"]+)"', body))
    assert fields == {"csrfmiddlewaretoken", "school", "grade", "name", "school_year", "students"}
    response = teacher.post("/schools/classes/new/", class_data(sw))
    created = SchoolClass.objects.get(name="7C")  # spaces dropped, capital letters
    assert response["Location"] == f"/schools/classes/{created.pk}/"
    assert (created.teacher, created.school, created.grade, created.students) == (
        sw.teacher,
        sw.school_a,
        7,
        32,
    )
    assert created.history.get().history_user == sw.teacher


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "9A"}, "Tên lớp bắt đầu bằng khối, ví dụ 8A là lớp của khối 8."),
        ({"name": "A7"}, "Tên lớp bắt đầu bằng khối, ví dụ 8A là lớp của khối 8."),
        ({"name": "7@"}, "Viết tên lớp như nhà trường, ví dụ 8A hoặc 10A1."),
        ({"students": 0}, "Sĩ số một lớp từ 1 đến 60 học sinh."),
        ({"students": 61}, "Sĩ số một lớp từ 1 đến 60 học sinh."),
        ({"name": "8a", "grade": 8}, "Trường đã có lớp 8A trong năm học này."),
    ],
)
def test_bad_class_input_gets_a_message_and_saves_nothing(sw, changes, message):
    before = SchoolClass.objects.count()
    response = signed_in(sw.teacher).post("/schools/classes/new/", class_data(sw, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert SchoolClass.objects.count() == before


def test_a_teacher_cannot_add_a_class_to_another_school(sw):
    response = signed_in(sw.teacher).post(
        "/schools/classes/new/", class_data(sw, school=sw.school_b.pk)
    )
    assert response.status_code == 400
    assert not SchoolClass.objects.filter(school=sw.school_b, teacher=sw.teacher).exists()


def test_a_teacher_sees_only_their_own_classes(sw):
    page = signed_in(sw.teacher).get("/schools/").content.decode()
    assert f"/schools/classes/{sw.class_a.pk}/" in page
    assert f"/schools/classes/{sw.colleague_class.pk}/" not in page  # same school, other teacher
    assert f"/schools/classes/{sw.class_b.pk}/" not in page
    teacher = signed_in(sw.teacher)
    for other in (sw.colleague_class, sw.class_b):
        assert teacher.get(f"/schools/classes/{other.pk}/").status_code == 404
        assert teacher.get(f"/schools/classes/{other.pk}/edit/").status_code == 404
        assert teacher.post(f"/schools/classes/{other.pk}/edit/", {}).status_code == 404


def test_people_who_are_not_teachers_have_no_class_pages(world, sw):
    for user in (world.province_admin, world.officer_a, world.leader, sw.education_officer):
        assert signed_in(user).get("/schools/").status_code == 404


def test_editing_a_class_keeps_its_history(sw):
    teacher = signed_in(sw.teacher)
    data = class_data(sw, grade=8, name="8A", students=31)
    assert teacher.post(f"/schools/classes/{sw.class_a.pk}/edit/", data).status_code == 302
    sw.class_a.refresh_from_db()
    assert sw.class_a.students == 31
    page = teacher.get(f"/schools/classes/{sw.class_a.pk}/").content.decode()
    assert "sĩ số: 30 → 31" in page


def test_a_class_cannot_shrink_below_the_students_already_present(sw):
    save_delivery(
        actor=sw.teacher,
        school_class=sw.class_a,
        plan=sw.plan,
        on=sw.class_a_first_day(),
        delivered=True,
        students_present=29,
    )
    data = class_data(sw, grade=8, name="8A", students=20)
    response = signed_in(sw.teacher).post(f"/schools/classes/{sw.class_a.pk}/edit/", data)
    assert response.status_code == 400
    assert "Đã có 29 học sinh của lớp này tham gia" in response.content.decode()
    sw.class_a.refresh_from_db()
    assert sw.class_a.students == 30
    assert sw.class_a.lessons.get().status == DeliveryStatus.DELIVERED


def test_a_class_with_lessons_keeps_its_school_year(sw):
    save_delivery(
        actor=sw.teacher,
        school_class=sw.class_a,
        plan=sw.plan,
        on=sw.class_a_first_day(),
        delivered=False,
    )
    data = class_data(sw, grade=8, name="8A", students=30, school_year=sw.year + 1)
    response = signed_in(sw.teacher).post(f"/schools/classes/{sw.class_a.pk}/edit/", data)
    assert response.status_code == 400
    assert "không đổi được trường và năm học" in response.content.decode()
