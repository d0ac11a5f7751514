"""Length limits (issue 13 §3): the imports apply the limits the forms apply — both read them
from the model field, one definition — and the database refuses an over-long value too, on
SQLite (a check constraint, `core.models.max_length_check`) as on PostgreSQL."""

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError, IntegrityError, models, transaction
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from openpyxl import Workbook

from tocds.conftest import World, make_place
from tocds.people.models import Organisation, OrganisationKind, Person, User
from tocds.places.models import Level, Place
from tocds.schools.models import SchoolClass
from tocds.teams.models import Membership, Team
from tocds.training.models import Course, Session, TrainingPlan
from tocds.training.tests.factories import make_course, make_session

pytestmark = pytest.mark.django_db

# The fields people type that the database must keep within their length.
TYPED = [
    (Person, "full_name"),
    (User, "full_name"),
    (Organisation, "name"),
    (Place, "name"),
    (Team, "name"),
    (SchoolClass, "name"),
    (TrainingPlan, "name"),
    (Course, "title"),
    (Session, "title"),
]


def xlsx(rows: list[list]) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("f.xlsx", buffer.getvalue())


def post(client, url: str, file) -> tuple[int, list[str]]:
    response = client.post(url, {"file": file})
    result = response.context["result"] if response.status_code == 200 else None
    return response.status_code, [str(e) for e in result.errors] if result else []


def test_the_member_import_refuses_a_name_longer_than_the_field(world: World):
    before = Person.objects.count()
    status, errors = post(
        world.client_for("officer_a"),
        "/teams/import/",
        xlsx([["Mã tổ", "Họ và tên"], [world.team_a.pk, "A" * 10_004], [world.team_a.pk, "B"]]),
    )
    assert status == 200
    assert errors == ["Dòng 2: họ và tên dài quá 150 ký tự (có 10.004 ký tự)"]
    assert Person.objects.count() == before


def test_the_hamlet_import_refuses_a_name_longer_than_the_field(world: World):
    before = Place.objects.count()
    status, errors = post(
        world.client_for("officer_a"),
        "/places/hamlets/import/",
        xlsx([["Mã xã", "Tên thôn/tổ", "Loại"], ["01654", "Thôn " + "A" * 5_000, "Thôn"]]),
    )
    assert status == 200
    assert errors == ["Dòng 2: tên dài quá 200 ký tự (có 5.005 ký tự)"]
    assert Place.objects.count() == before


def test_the_enrolment_import_refuses_a_name_longer_than_the_field(world: World):
    session = make_session(
        make_course(world.commune_a, "Lớp A"), starts_at=timezone.now() + timedelta(days=2)
    )
    status, errors = post(
        world.client_for("officer_a"),
        f"/training/sessions/{session.pk}/import/",
        xlsx([["Họ và tên", "Số điện thoại"], ["C" * 151, "0912000222"]]),
    )
    assert status == 200
    assert errors == ["Dòng 2: họ và tên dài quá 150 ký tự (có 151 ký tự)"]
    assert not session.enrolments.exists()


def test_the_form_and_the_import_stop_at_the_same_length(world: World):
    """150 characters pass both, 151 neither: the member form and the import read one limit."""
    client = world.client_for("officer_a")
    limit = Person._meta.get_field("full_name").max_length
    url = f"/teams/{world.team_a.pk}/members/new/"
    page = client.post(url, {"full_name": "D" * (limit + 1), "role": "member"})
    assert page.status_code == 200
    assert f'maxlength="{limit}"' in page.content.decode()
    assert page.context["form"].errors["full_name"]
    status, errors = post(
        client, "/teams/import/", xlsx([["Mã tổ", "Họ và tên"], [world.team_a.pk, "E" * limit]])
    )
    assert (status, errors) == (302, [])
    assert Membership.objects.filter(person__full_name="E" * limit).exists()


def instance_with(model, value: str, world: World):
    """A new instance of the model, valid but for its typed field holding `value`."""
    if model is Person:
        return Person(full_name=value)
    if model is User:
        return User(username="long", full_name=value)
    if model is Organisation:
        return Organisation(name=value, kind=OrganisationKind.ENTERPRISE, place=world.province)
    if model is Place:
        return Place(
            code="01654-099",
            name=value,
            level=Level.HAMLET,
            kind="thon",
            parent=world.commune_a,
            commune=world.commune_a,
            path=world.commune_a.path + "01654-099/",
        )
    if model is Team:
        hamlet = make_place("01654-098", "Thôn Mới", Level.HAMLET, "thon", world.commune_a)
        return Team(name=value, place=hamlet)
    if model is SchoolClass:
        school = Organisation.objects.create(
            name="Trường", kind=OrganisationKind.SCHOOL, place=world.commune_a
        )
        return SchoolClass(
            school=school,
            teacher=world.officer_a,
            grade=8,
            name=value,
            school_year=2025,
            students=30,
        )
    if model is TrainingPlan:
        return TrainingPlan(
            name=value, place=world.commune_a, starts_on="2026-01-01", ends_on="2026-12-31"
        )
    course = make_course(world.commune_a, "Lớp")
    if model is Course:
        course.title = value
        return course
    session = make_session(course)
    session.title = value
    return session


@pytest.mark.parametrize(("model", "name"), TYPED, ids=[f"{m.__name__}.{n}" for m, n in TYPED])
def test_the_database_refuses_an_over_long_value(world: World, model, name):
    limit = model._meta.get_field(name).max_length
    with transaction.atomic():
        models.Model.save(instance_with(model, "X" * limit, world))  # the limit itself is fine
        transaction.set_rollback(True)
    # SQLite: the check constraint; PostgreSQL: varchar already refuses ("value too long").
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        models.Model.save(instance_with(model, "X" * (limit + 1), world))  # nothing cleaned


def test_every_length_check_matches_its_field_and_every_typed_field_has_one():
    checked = set()
    for model in apps.get_models():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        for constraint in model._meta.constraints:
            if constraint.name.endswith("_max_length"):
                name = constraint.name.removeprefix(prefix).removesuffix("_max_length")
                limit = model._meta.get_field(name).max_length
                expected = models.CheckConstraint(
                    condition=LessThanOrEqual(Length(name), limit), name=constraint.name
                )
                assert constraint == expected, constraint.name
                checked.add((model, name))
    assert set(TYPED) <= checked
