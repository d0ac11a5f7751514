"""Who holds the school programme's permissions: teachers through a grant naming their school,
the Department of Education's agency officers, commune officers for their commune — and who
does not."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tocds.conftest import make_user
from tocds.people.models import Organisation, OrganisationKind, Role, RoleGrant
from tocds.people.scoping import (
    ORGANISATION_PERMISSIONS,
    Perm,
    forget_cached_scope,
    has_perm_anywhere,
    organisations_for,
    scope_for,
)
from tocds.people.services import grant_role
from tocds.schools.models import SchoolClass
from tocds.schools.services import is_teacher, teacher_schools

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_teacher_teaches_at_the_school_named_on_their_grant(world, sw):
    assert organisations_for(sw.teacher, Perm.TEACH_CLASSES) == {sw.school_a.pk}
    assert scope_for(sw.teacher, Perm.TEACH_CLASSES).paths == {world.commune_a.path}
    assert list(teacher_schools(sw.teacher)) == [sw.school_a]
    assert not has_perm_anywhere(sw.teacher, Perm.VIEW_TEAMS)
    assert not has_perm_anywhere(sw.teacher, Perm.VIEW_SCHOOL_PROGRAMME)


def test_a_teacher_grant_without_a_school_gives_nothing(world):
    user = make_user("no-school", role=Role.TEACHER, place=world.commune_a)
    assert not is_teacher(user)
    assert scope_for(user, Perm.TEACH_CLASSES).is_empty
    assert signed_in(user).get("/schools/").status_code == 404


def test_the_province_administrator_is_not_a_teacher(world, sw):
    assert Perm.TEACH_CLASSES not in {p for p in Perm if has_perm_anywhere(world.province_admin, p)}
    assert has_perm_anywhere(world.province_admin, Perm.VIEW_SCHOOL_PROGRAMME)
    assert not SchoolClass.objects.visible_to(world.province_admin).exists()


def test_only_the_education_departments_officers_see_the_programme(world, sw):
    assert scope_for(sw.education_officer, Perm.VIEW_SCHOOL_PROGRAMME).paths == {
        world.province.path
    }
    # and only the programme: the department has no task in the teams' registry
    for perm in (Perm.VIEW_TEAMS, Perm.EXPORT_MEMBERS, Perm.VIEW_PROGRESS):
        assert not has_perm_anywhere(sw.education_officer, perm)
    agency = Organisation.objects.create(
        name="Sở KH&CN mẫu", kind=OrganisationKind.PROVINCE_AGENCY, place=world.province
    )
    other = make_user("other-agency")
    RoleGrant.objects.create(
        user=other, role=Role.AGENCY_OFFICER, place=world.province, organisation=agency
    )
    assert not has_perm_anywhere(other, Perm.VIEW_SCHOOL_PROGRAMME)
    assert has_perm_anywhere(other, Perm.VIEW_TEAMS)  # the role's permissions stay


def test_commune_officers_read_their_communes_school_figures(world):
    assert scope_for(world.officer_a, Perm.VIEW_SCHOOL_PROGRAMME).paths == {world.commune_a.path}
    assert not has_perm_anywhere(world.leader, Perm.VIEW_SCHOOL_PROGRAMME)


def test_every_organisation_permission_row_names_a_role_and_a_kind():
    for (role, kind), perms in ORGANISATION_PERMISSIONS.items():
        assert role in Role.values and kind in OrganisationKind.values
        assert perms <= set(Perm)


def test_a_teacher_grant_must_name_a_school_of_its_commune(world, sw):
    user = make_user("new-teacher")
    for organisation in (sw.school_b, world.enterprise):
        with pytest.raises(ValidationError):
            grant_role(
                actor=world.province_admin,
                user=user,
                role=Role.TEACHER,
                place=world.commune_a,
                organisation=organisation,
            )
    grant_role(
        actor=world.province_admin,
        user=user,
        role=Role.TEACHER,
        place=world.commune_a,
        organisation=sw.school_a,
    )
    assert is_teacher(user)


def test_the_user_page_refuses_a_teacher_grant_on_another_communes_school(world, sw):
    user = make_user("new-teacher")
    response = signed_in(world.province_admin).post(
        f"/users/{user.pk}/",
        {"role": Role.TEACHER, "place": world.commune_a.pk, "organisation": sw.school_b.pk},
    )
    assert "Đơn vị của giáo viên phải là một trường học ở nơi này." in response.content.decode()
    assert not user.grants.exists()


def test_a_revoked_teacher_loses_their_classes_at_once(sw):
    assert SchoolClass.objects.visible_to(sw.teacher).count() == 1
    sw.teacher.grants.update(revoked_at=timezone.now())
    forget_cached_scope(sw.teacher)  # what a new request does
    assert not SchoolClass.objects.visible_to(sw.teacher).exists()


def test_signing_in_leads_teachers_and_education_officers_to_their_pages(sw):
    assert signed_in(sw.teacher).get("/")["Location"] == "/schools/"
    assert signed_in(sw.education_officer).get("/")["Location"] == "/schools/figures/"
    nav = signed_in(sw.teacher).get("/schools/").content.decode()
    assert 'href="/schools/">Lớp của tôi</a>' in nav
    assert 'href="/schools/figures/"' not in nav
