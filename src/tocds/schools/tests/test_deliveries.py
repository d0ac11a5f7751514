"""Lessons delivered: scheduled, then recorded with the students present; the take-home task
"Dạy lại một người thân" counted afterwards; every change kept in history."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tocds.schools.models import Delivery, DeliveryStatus
from tocds.schools.services import (
    cancel_delivery,
    record_family_teaching,
    save_delivery,
    school_year_bounds,
    school_year_of,
)

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def lesson_data(sw, **changes) -> dict:
    return {
        "plan": sw.plan.pk,
        "date": sw.class_a_first_day().isoformat(),
        "delivered": "1",
        "students_present": "27",
        **changes,
    }


def test_school_years_run_from_august_to_july():
    assert school_year_of(date(2025, 7, 31)) == 2024
    assert school_year_of(date(2025, 8, 1)) == 2025
    assert school_year_bounds(2025) == (date(2025, 8, 1), date(2026, 7, 31))


def test_a_teacher_records_a_delivered_lesson(sw):
    teacher = signed_in(sw.teacher)
    response = teacher.post(f"/schools/classes/{sw.class_a.pk}/lessons/new/", lesson_data(sw))
    assert response["Location"] == f"/schools/classes/{sw.class_a.pk}/"
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.students_present, delivery.created_by) == (
        DeliveryStatus.DELIVERED,
        27,
        sw.teacher,
    )
    page = teacher.get(f"/schools/classes/{sw.class_a.pk}/").content.decode()
    assert sw.plan.title in page and ">27<" in page


def test_a_lesson_is_scheduled_then_recorded_and_history_keeps_both(sw):
    teacher = signed_in(sw.teacher)
    teacher.post(
        f"/schools/classes/{sw.class_a.pk}/lessons/new/",
        lesson_data(sw, delivered="0", students_present=""),
    )
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.students_present) == (DeliveryStatus.PLANNED, None)
    teacher.post(f"/schools/lessons/{delivery.pk}/", lesson_data(sw, students_present="25"))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.students_present) == (DeliveryStatus.DELIVERED, 25)
    page = teacher.get(f"/schools/lessons/{delivery.pk}/").content.decode()
    assert "trạng thái: Đã lên lịch → Đã dạy" in page
    assert "số học sinh có mặt: — → 25" in page
    assert delivery.history.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"students_present": "31"}, "Số học sinh có mặt: từ 1 đến 30 (sĩ số lớp)."),
        ({"students_present": "0"}, "Số học sinh có mặt: từ 1 đến 30 (sĩ số lớp)."),
        ({"students_present": ""}, "Ghi số học sinh có mặt."),
        ({"date": "2001-09-05"}, "Ngày phải nằm trong năm học"),
        ({"date": "5/9/2025x"}, "Hãy nhập ngày hợp lệ."),
    ],
)
def test_bad_lesson_input_gets_a_message_and_saves_nothing(sw, changes, message):
    response = signed_in(sw.teacher).post(
        f"/schools/classes/{sw.class_a.pk}/lessons/new/", lesson_data(sw, **changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Delivery.objects.exists()


def test_a_lesson_cannot_be_recorded_as_delivered_before_its_day(sw):
    first, _last = school_year_bounds(sw.year)
    today = first + timedelta(days=30)
    with pytest.raises(ValidationError) as error:
        save_delivery(
            actor=sw.teacher,
            school_class=sw.class_a,
            plan=sw.plan,
            on=today + timedelta(days=1),
            delivered=True,
            students_present=20,
            today=today,
        )
    assert "date" in error.value.message_dict
    planned = save_delivery(
        actor=sw.teacher,
        school_class=sw.class_a,
        plan=sw.plan,
        on=today + timedelta(days=1),
        delivered=False,
        today=today,
    )
    assert planned.status == DeliveryStatus.PLANNED


def test_the_same_lesson_plan_once_a_day_per_class_until_cancelled(sw):
    day = sw.class_a_first_day()
    first = save_delivery(
        actor=sw.teacher, school_class=sw.class_a, plan=sw.plan, on=day, delivered=False
    )
    with pytest.raises(ValidationError, match="Lớp đã có tiết học này vào ngày này"):
        save_delivery(
            actor=sw.teacher, school_class=sw.class_a, plan=sw.plan, on=day, delivered=False
        )
    cancel_delivery(actor=sw.teacher, delivery=first)
    again = save_delivery(
        actor=sw.teacher, school_class=sw.class_a, plan=sw.plan, on=day, delivered=False
    )
    assert again.pk != first.pk


def test_a_delivered_lesson_stays_delivered_and_cannot_be_cancelled(sw):
    delivery = save_delivery(
        actor=sw.teacher,
        school_class=sw.class_a,
        plan=sw.plan,
        on=sw.class_a_first_day(),
        delivered=True,
        students_present=20,
    )
    with pytest.raises(ValidationError, match="Tiết học đã dạy không chuyển lại được"):
        save_delivery(
            actor=sw.teacher,
            school_class=sw.class_a,
            delivery=delivery,
            plan=sw.plan,
            on=delivery.date,
            delivered=False,
        )
    response = signed_in(sw.teacher).post(f"/schools/lessons/{delivery.pk}/cancel/")
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED


def test_a_cancelled_lesson_cannot_change(sw):
    delivery = save_delivery(
        actor=sw.teacher,
        school_class=sw.class_a,
        plan=sw.plan,
        on=sw.class_a_first_day(),
        delivered=False,
    )
    signed_in(sw.teacher).post(f"/schools/lessons/{delivery.pk}/cancel/")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.CANCELLED
    with pytest.raises(ValidationError, match="Tiết học đã hủy không sửa được"):
        save_delivery(
            actor=sw.teacher,
            school_class=sw.class_a,
            delivery=delivery,
            plan=sw.plan,
            on=delivery.date,
            delivered=True,
            students_present=10,
        )


def test_only_a_planned_lesson_is_cancelled_by_the_service(sw):
    """The moves of `DELIVERY_TRANSITIONS`: cancelling a delivered or a cancelled lesson is
    refused with its own message, and history keeps the reason code of the move."""
    delivered = save_delivery(
        actor=sw.teacher,
        school_class=sw.class_a,
        plan=sw.plan,
        on=sw.class_a_first_day(),
        delivered=True,
        students_present=20,
    )
    planned = save_delivery(
        actor=sw.teacher,
        school_class=sw.class_a,
        plan=sw.plan,
        on=sw.class_a_first_day() + timedelta(days=1),
        delivered=False,
    )
    cancel_delivery(actor=sw.teacher, delivery=planned)
    assert planned.history.first().history_change_reason == "closed"
    for refused in (delivered, planned):
        with pytest.raises(ValidationError, match="Chỉ hủy được tiết học đang lên lịch"):
            cancel_delivery(actor=sw.teacher, delivery=refused)
    assert Delivery.objects.get(pk=delivered.pk).status == DeliveryStatus.DELIVERED


def test_students_who_taught_a_family_member_are_counted_after_the_lesson(sw):
    teacher = signed_in(sw.teacher)
    delivery = save_delivery(
        actor=sw.teacher,
        school_class=sw.class_a,
        plan=sw.plan,
        on=sw.class_a_first_day(),
        delivered=False,
    )
    early = teacher.post(f"/schools/lessons/{delivery.pk}/family/", {"family_taught": "3"})
    assert early.status_code == 400
    assert "Ghi mục này sau khi đã dạy tiết học." in early.content.decode()
    save_delivery(
        actor=sw.teacher,
        school_class=sw.class_a,
        delivery=delivery,
        plan=sw.plan,
        on=delivery.date,
        delivered=True,
        students_present=24,
    )
    too_many = teacher.post(f"/schools/lessons/{delivery.pk}/family/", {"family_taught": "25"})
    assert too_many.status_code == 400
    assert "Từ 0 đến 24 (số học sinh có mặt)." in too_many.content.decode()
    assert teacher.post(f"/schools/lessons/{delivery.pk}/family/", {"family_taught": "18"})[
        "Location"
    ] == (f"/schools/lessons/{delivery.pk}/")
    delivery.refresh_from_db()
    assert delivery.family_taught == 18
    # The students present can no longer drop below those who reported.
    with pytest.raises(ValidationError, match="Đã có 18 học sinh báo đã dạy lại người thân"):
        save_delivery(
            actor=sw.teacher,
            school_class=sw.class_a,
            delivery=delivery,
            plan=sw.plan,
            on=delivery.date,
            delivered=True,
            students_present=17,
        )


def test_only_the_class_teacher_touches_its_lessons(sw):
    delivery = save_delivery(
        actor=sw.teacher,
        school_class=sw.class_a,
        plan=sw.plan,
        on=sw.class_a_first_day(),
        delivered=True,
        students_present=20,
    )
    colleague = signed_in(sw.colleague)
    assert colleague.get(f"/schools/lessons/{delivery.pk}/").status_code == 404
    assert colleague.post(f"/schools/lessons/{delivery.pk}/", lesson_data(sw)).status_code == 404
    assert (
        colleague.post(f"/schools/lessons/{delivery.pk}/family/", {"family_taught": "1"})
    ).status_code == 404
    assert (
        colleague.post(
            f"/schools/classes/{sw.class_a.pk}/lessons/new/", lesson_data(sw)
        ).status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        record_family_teaching(actor=sw.colleague, delivery=delivery, count=1)
    delivery.refresh_from_db()
    assert (delivery.students_present, delivery.family_taught) == (20, None)
