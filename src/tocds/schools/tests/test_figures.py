"""The school programme's figures equal a hand count: schools reached, lessons delivered,
students reached, family members taught and class mastery per skill, by commune and school,
over a period; the Excel export has the same numbers and is logged."""

import io
from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tocds.core.models import AuditEvent
from tocds.people.models import Organisation, OrganisationKind, Role, RoleGrant
from tocds.schools.models import ClassQuiz, Delivery, DeliveryStatus
from tocds.schools.queries import dashboard
from tocds.schools.services import submit_answers
from tocds.schools.tests.factories import answer_sheet

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def lesson(school_class, plan, day, status=DeliveryStatus.DELIVERED, present=None, family=None):
    return Delivery.objects.create(
        school_class=school_class,
        plan=plan,
        date=day,
        status=status,
        students_present=present,
        family_taught=family,
        created_by=school_class.teacher,
    )


def quiz_with(school_class, skill, day, code, sheets: list[set[str]]) -> ClassQuiz:
    opened = timezone.make_aware(datetime.combine(day, time(9, 0)))
    quiz = ClassQuiz.objects.create(
        school_class=school_class,
        skill=skill,
        code=code,
        opened_by=school_class.teacher,
        opened_at=opened,
        closes_at=opened + timedelta(minutes=20),
    )
    for n, mastered in enumerate(sheets):
        # Answered while open; the scores come from the same scoring as the pages.
        answers = {int(k[1:]): int(v) for k, v in answer_sheet(skill, mastered).items()}
        submit_answers(
            quiz=quiz, device_token=f"phone-{n}", answers=answers, now=opened + timedelta(minutes=5)
        )
    return quiz


@pytest.fixture
def programme(world, sw):
    """Commune A: school A (8A: two lessons, a planned and a cancelled one, a quiz of three
    sheets; 8B: one lesson) and a school with nothing yet; commune B: school B (10A1: one
    lesson, a quiz of one sheet)."""
    d1 = sw.class_a_first_day()
    d2 = d1 + timedelta(days=1)
    Organisation.objects.create(
        name="Trường PTDTBT chưa triển khai", kind=OrganisationKind.SCHOOL, place=world.commune_a
    )
    lesson(sw.class_a, sw.plan, d1, present=27, family=10)
    lesson(sw.class_a, sw.plan, d2, present=25)
    lesson(sw.class_a, sw.plan, d2 + timedelta(days=7), status=DeliveryStatus.PLANNED)
    lesson(sw.class_a, sw.plan, d2 + timedelta(days=8), status=DeliveryStatus.CANCELLED)
    lesson(sw.colleague_class, sw.plan, d1, present=20, family=5)
    lesson(sw.class_b, sw.plan, d1, present=30)
    quiz_with(sw.class_a, sw.skill, d1, "200001", [{"DVC-01", "DVC-04"}, {"DVC-01"}, set()])
    quiz_with(sw.class_b, sw.skill, d2, "200002", [{"DVC-01", "DVC-04"}])
    return d1, d2


def test_province_figures_equal_a_hand_count(world, sw, programme):
    d1, _d2 = programme
    first, last = d1, d1 + timedelta(days=364)
    data = dashboard(sw.education_officer, start=first, end=last)
    t = data.total
    assert (t.schools, t.schools_reached, t.classes_reached) == (3, 2, 3)
    assert (t.lessons, t.attendances, t.class_students, t.family_taught) == (4, 102, 93, 15)
    assert (t.quizzes, t.answers, t.passed) == (2, 4, 2)  # pass mark 75%: 4/4 right twice
    assert t.mastery[sw.skill.pk] == [5, 8]  # task results mastered / task results
    by_commune = {line.name: line.figures for line in data.communes}
    a, b = by_commune["Xã Hòa An"], by_commune["Phường Thục Phán"]
    assert (a.schools, a.schools_reached, a.lessons, a.attendances, a.family_taught) == (
        2, 1, 3, 72, 15,
    )  # fmt: skip
    assert (b.schools, b.schools_reached, b.lessons, b.attendances, b.answers) == (1, 1, 1, 30, 1)
    assert (a.mastery_percent(sw.skill.pk), b.mastery_percent(sw.skill.pk)) == (50, 100)
    tasks = {task.code: (m, n) for task, m, n in data.tasks[sw.skill.pk]}
    assert tasks == {"DVC-01": (3, 4), "DVC-04": (2, 4)}
    page = signed_in(sw.education_officer).get("/schools/figures/").content.decode()
    assert "<b>2 / 3</b>" in page  # schools reached / schools
    assert "<b>102</b>" in page and "<b>93</b>" in page and "<b>15</b>" in page
    assert "62\u00a0% lượt làm được việc" in page  # the province's mastery: 5 of 8


def test_the_period_filter_keeps_only_its_days(world, sw, programme):
    d1, _d2 = programme
    page = signed_in(sw.education_officer).get(
        f"/schools/figures/?start={d1.isoformat()}&end={d1.isoformat()}"
    )
    data = dashboard(sw.education_officer, start=d1, end=d1)
    assert (data.total.lessons, data.total.attendances, data.total.answers) == (3, 77, 3)
    assert "<b>77</b>" in page.content.decode()


def test_a_commune_officer_sees_only_their_communes_schools(world, sw, programme):
    officer = signed_in(world.officer_a)
    page = officer.get("/schools/figures/").content.decode()
    assert sw.school_a.name in page and "Trường PTDTBT chưa triển khai" in page
    assert sw.school_b.name not in page
    assert "<b>1 / 2</b>" in page and "<b>72</b>" in page
    assert officer.get(f"/schools/figures/?commune={world.commune_b.code}").status_code == 404


def test_an_agency_officer_of_another_agency_sees_no_school_figures(world, sw):
    other = Organisation.objects.create(
        name="Sở Khoa học và Công nghệ mẫu",
        kind=OrganisationKind.PROVINCE_AGENCY,
        place=world.province,
    )
    officer = world.officer_b.__class__.objects.create_user(username="skhcn", password="x" * 12)
    RoleGrant.objects.create(
        user=officer, role=Role.AGENCY_OFFICER, place=world.province, organisation=other
    )
    assert signed_in(officer).get("/schools/figures/").status_code == 404
    assert signed_in(sw.education_officer).get("/teams/").status_code == 404  # programme only


def test_teachers_have_no_figures_page(sw):
    assert signed_in(sw.teacher).get("/schools/figures/").status_code == 404


def test_the_excel_export_has_the_same_figures_and_is_logged(world, sw, programme):
    response = signed_in(sw.education_officer).get("/schools/figures.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Cache-Control"] == "private, no-store"
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Tổng hợp", "Theo xã, phường", "Theo trường", "Theo việc"]
    summary = {
        row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(min_row=2, values_only=True)
    }
    assert summary["Trường đã triển khai"] == 2
    assert summary["Tiết học đã dạy"] == 4
    assert summary["Lượt học sinh được học (tổng số có mặt các tiết)"] == 102
    assert summary["Học sinh đã dạy lại người thân"] == 15
    assert summary[f"Tỉ lệ làm được (%) — {sw.skill.title}"] == 62
    schools = {
        row[0]: row for row in workbook["Theo trường"].iter_rows(min_row=2, values_only=True)
    }
    assert schools[sw.school_a.name][1:7] == ("Xã Hòa An", 1, 1, 2, 3, 72)
    assert schools[sw.school_b.name][1:7] == ("Phường Thục Phán", 1, 1, 1, 1, 30)
    assert schools["Trường PTDTBT chưa triển khai"][3:6] == (0, 0, 0)
    tasks = [row[1:] for row in workbook["Theo việc"].iter_rows(min_row=2, values_only=True)]
    assert ("DVC-01", "Cài VNeID từ kho ứng dụng chính thức", 4, 3) in tasks
    event = AuditEvent.objects.get(action="schools.export_figures")
    assert (event.actor, event.rows) == (sw.education_officer, 3)


def test_the_export_of_a_commune_officer_holds_only_their_commune(world, sw, programme):
    response = signed_in(world.officer_b).get("/schools/figures.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    names = [row[0] for row in workbook["Theo trường"].iter_rows(min_row=2, values_only=True)]
    assert names == [sw.school_b.name]


def test_the_figures_cost_the_same_queries_for_one_school_or_many(world, sw, programme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = signed_in(sw.education_officer)

    def cost(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert officer.get(url).status_code == 200
        return len(queries)

    one = cost(f"/schools/figures/?commune={world.commune_b.code}")  # one school
    many = cost("/schools/figures/")  # three schools in two communes
    assert one == many
