"""The school programme's test world, built on the shared `world` (communes A and B).

- school A (commune A) with two teachers: `teacher` (class 8A, 30 students) and `colleague`
  (class 8B); school B (commune B) with `teacher_b` (class 10A1, 35 students);
- the Department of Education and Training (an organisation of kind education_agency) and its
  agency officer `education_officer`, granted on the province;
- the learning app's small test content (skills `public_services` and `safety`, their
  questions and the lesson plan `kh-dvc-thcs`).
"""

from dataclasses import dataclass

from django.utils import timezone

from tocds.conftest import World, make_user
from tocds.learning.content import load_content
from tocds.learning.models import LessonPlan, Skill
from tocds.learning.tests.conftest import FIXTURE
from tocds.people.models import Organisation, OrganisationKind, Role, RoleGrant, User
from tocds.schools.models import SchoolClass
from tocds.schools.services import school_year_of


@dataclass
class SchoolWorld:
    school_a: Organisation
    school_b: Organisation
    education: Organisation
    teacher: User
    colleague: User
    teacher_b: User
    education_officer: User
    class_a: SchoolClass
    colleague_class: SchoolClass
    class_b: SchoolClass
    year: int

    @property
    def plan(self) -> LessonPlan:
        return LessonPlan.objects.get(code="kh-dvc-thcs")

    @property
    def skill(self) -> Skill:
        return Skill.objects.get(code="public_services")

    def class_a_first_day(self):
        """The first day of the school year of the classes (always in the past)."""
        from tocds.schools.services import school_year_bounds

        return school_year_bounds(self.year)[0]


def make_teacher(username: str, school: Organisation) -> User:
    user = make_user(username)
    RoleGrant.objects.create(
        user=user,
        role=Role.TEACHER,
        place=school.place.commune or school.place,
        organisation=school,
    )
    return user


def school_world(w: World) -> SchoolWorld:
    """Built once per test (kept on the world)."""
    cached = getattr(w, "_school_world", None)
    if cached is not None:
        return cached
    if not Skill.objects.exists():
        load_content(FIXTURE)
    school_a = Organisation.objects.create(
        name="Trường THCS Hòa An mẫu", kind=OrganisationKind.SCHOOL, place=w.commune_a
    )
    school_b = Organisation.objects.create(
        name="Trường THPT Thục Phán mẫu", kind=OrganisationKind.SCHOOL, place=w.commune_b
    )
    education = Organisation.objects.create(
        name="Sở Giáo dục và Đào tạo mẫu", kind=OrganisationKind.EDUCATION_AGENCY, place=w.province
    )
    teacher = make_teacher("teacher-a", school_a)
    colleague = make_teacher("colleague-a", school_a)
    teacher_b = make_teacher("teacher-b", school_b)
    officer = make_user("education-officer")
    RoleGrant.objects.create(
        user=officer, role=Role.AGENCY_OFFICER, place=w.province, organisation=education
    )
    year = school_year_of(timezone.localdate())
    built = SchoolWorld(
        school_a=school_a,
        school_b=school_b,
        education=education,
        teacher=teacher,
        colleague=colleague,
        teacher_b=teacher_b,
        education_officer=officer,
        class_a=SchoolClass.objects.create(
            school=school_a, teacher=teacher, grade=8, name="8A", school_year=year, students=30
        ),
        colleague_class=SchoolClass.objects.create(
            school=school_a, teacher=colleague, grade=8, name="8B", school_year=year, students=28
        ),
        class_b=SchoolClass.objects.create(
            school=school_b,
            teacher=teacher_b,
            grade=10,
            name="10A1",
            school_year=year,
            students=35,
        ),
        year=year,
    )
    w._school_world = built
    return built


def answer_sheet(skill: Skill, mastered: set[str]) -> dict[str, str]:
    """The quiz form's POST data: right answers for the tasks in `mastered` (codes), a wrong
    answer for every other question."""
    from tocds.learning.services import quiz_questions

    data = {}
    for question in quiz_questions(skill):
        right = question.task.code in mastered
        data[f"q{question.pk}"] = str(question.answer if right else (question.answer + 1) % 2)
    return data
