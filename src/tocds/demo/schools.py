"""Demo data of the school programme (called by `tocds load_demo`): the Department of Education
and Training, a sample school in Xã Hòa An with a teacher login and two classes, a delivered
lesson with its take-home count, and a finished class quiz. Re-runnable: nothing is duplicated.

The lesson and the quiz need the learning content; when no lesson plan is loaded yet and the
content folder exists, it is loaded first (`tocds.demo.learning`)."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from tocds.demo import people as demo_people
from tocds.demo.learning import ensure_learning_content
from tocds.learning.models import LessonPlan, Skill
from tocds.learning.services import quiz_questions
from tocds.people.models import Organisation, OrganisationKind, Role, RoleGrant
from tocds.places.models import Place
from tocds.schools.models import SchoolClass
from tocds.schools.services import (
    close_quiz,
    open_quiz,
    record_family_teaching,
    save_delivery,
    school_year_bounds,
    school_year_of,
    submit_answers,
)

SCHOOL_NAME = "Trường THCS Hòa An (mẫu)"


def _grant(user, role: str, place: Place, organisation: Organisation) -> None:
    if not RoleGrant.objects.active().filter(user=user, role=role, place=place).exists():
        RoleGrant.objects.create(user=user, role=role, place=place, organisation=organisation)


def load_school_demo(*, province: Place, commune_a: Place, commune_b: Place, users: dict) -> None:
    teacher, officer = users["demo-teacher"], users["demo-education"]
    education = demo_people.organisation(
        "Sở Giáo dục và Đào tạo tỉnh Cao Bằng", OrganisationKind.EDUCATION_AGENCY, province
    )
    school = demo_people.organisation(SCHOOL_NAME, OrganisationKind.SCHOOL, commune_a)
    demo_people.organisation(
        "Trường THPT Thục Phán (mẫu)", OrganisationKind.SCHOOL, commune_b
    )  # not yet
    _grant(teacher, Role.TEACHER, commune_a, school)
    _grant(officer, Role.AGENCY_OFFICER, province, education)
    today = timezone.localdate()
    year = school_year_of(today)
    classes = [
        SchoolClass.objects.get_or_create(
            school=school,
            school_year=year,
            name=name,
            defaults={"teacher": teacher, "grade": grade, "students": students},
        )[0]
        for name, grade, students in (("8A", 8, 32), ("9B", 9, 30))
    ]
    ensure_learning_content()
    plan = LessonPlan.objects.select_related("skill").order_by("skill__position", "code").first()
    if plan is None:
        return
    first_day = school_year_bounds(year)[0]
    day = max(first_day, today - timedelta(days=7))
    eight_a = classes[0]
    if not eight_a.lessons.exists():
        delivery = save_delivery(
            actor=teacher,
            school_class=eight_a,
            plan=plan,
            on=day,
            delivered=True,
            students_present=30,
        )
        record_family_teaching(actor=teacher, delivery=delivery, count=12)
    skill = plan.skill if quiz_questions(plan.skill) else None
    skill = skill or next((s for s in Skill.objects.all() if quiz_questions(s)), None)
    if skill is None or eight_a.quizzes.exists():
        return
    opened = timezone.make_aware(datetime.combine(day, time(9, 30)))
    quiz = open_quiz(actor=teacher, school_class=eight_a, skill=skill, minutes=20, now=opened)
    rng = random.Random(2521)
    questions = quiz_questions(skill)
    for n in range(26):
        answers = {
            q.pk: q.answer if rng.random() < 0.8 else (q.answer + 1) % len(q.choices)
            for q in questions
        }
        submit_answers(
            quiz=quiz,
            device_token=f"demo-{quiz.pk}-{n}",
            answers=answers,
            now=opened + timedelta(minutes=5, seconds=n * 20),
        )
    close_quiz(actor=teacher, quiz=quiz, now=opened + timedelta(minutes=18))
