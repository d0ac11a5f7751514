"""Signing in, lockout, user administration and the scoping rules behind every page."""

import pytest
from django.test import Client
from django.utils import timezone

from tocds.conftest import PASSWORD, World, make_user
from tocds.people.models import Role, RoleGrant, User
from tocds.people.phones import mask, national, normalise_phone
from tocds.people.scoping import ROLE_PERMISSIONS, Perm, scope_for
from tocds.teams.models import TeamRole

pytestmark = pytest.mark.django_db


def sign_in(login: str, password: str = PASSWORD) -> tuple[Client, int]:
    client = Client()
    response = client.post("/accounts/login/", {"username": login, "password": password})
    return client, response.status_code


def test_sign_in_by_username_or_by_phone_number(world: World):
    world.officer_a.phone = "+84912345678"
    world.officer_a.save()
    for login in ("officer-a", "0912 345 678", "0912.345.678", "+84912345678"):
        client, status = sign_in(login)
        assert status == 302, login
        assert client.get("/").context["desk"].commune.communes == [world.commune_a]


def test_wrong_password_is_refused(world: World):
    client, status = sign_in("officer-a", "wrong")
    assert status == 200
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account(world: World):
    for _ in range(5):
        sign_in("officer-a", "wrong")
    client, status = sign_in("officer-a")
    assert status == 429
    assert "_auth_user_id" not in client.session


def test_deactivated_user_cannot_sign_in_or_keep_a_session(world: World):
    client = world.client_for("officer_a")
    admin = world.client_for("province_admin")
    admin.post(f"/users/{world.officer_a.pk}/active/")
    assert User.objects.get(pk=world.officer_a.pk).is_active is False
    assert client.get("/teams/").status_code == 302  # sent to sign in
    assert sign_in("officer-a")[1] == 200


def test_session_key_changes_on_sign_in(world: World):
    client = Client()
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    client.post("/accounts/login/", {"username": "officer-a", "password": PASSWORD})
    assert client.session.session_key != before


def test_province_admin_creates_an_account_and_grants_a_commune_role(world: World):
    admin = world.client_for("province_admin")
    response = admin.post(
        "/users/new/",
        {"username": "can-bo-moi", "full_name": "Cán bộ mới", "phone": "0988 111 222",
         "password": "mat-khau-dai-du-2026"},
    )  # fmt: skip
    user = User.objects.get(username="can-bo-moi")
    assert response["Location"] == f"/users/{user.pk}/"
    assert user.phone == "+84988111222"
    response = admin.post(
        f"/users/{user.pk}/", {"role": Role.COMMUNE_OFFICER, "place": world.commune_b.pk}
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=user)
    assert (grant.role, grant.place, grant.granted_by) == (
        Role.COMMUNE_OFFICER,
        world.commune_b,
        world.province_admin,
    )
    new_client = Client()
    new_client.force_login(user)
    assert new_client.get(f"/teams/{world.team_b.pk}/").status_code == 200
    assert new_client.get(f"/teams/{world.team_a.pk}/").status_code == 404


def test_a_commune_role_cannot_be_granted_on_the_province(world: World):
    admin = world.client_for("province_admin")
    response = admin.post(
        f"/users/{world.spare_b.pk}/",
        {"role": Role.COMMUNE_OFFICER, "place": world.province.pk},
    )
    assert response.status_code == 200
    assert response.context["grant_form"].errors
    assert world.spare_b.grants.count() == 1


def test_revoking_a_grant_removes_access_and_is_kept_in_history(world: World):
    admin = world.client_for("province_admin")
    grant = world.officer_b.grants.get()
    admin.post(f"/users/grants/{grant.pk}/revoke/")
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert world.client_for("officer_b").get(f"/teams/{world.team_b.pk}/").status_code == 404
    page = admin.get(f"/users/{world.officer_b.pk}/").content.decode()
    assert "admin" in page
    assert grant.history.count() == 2


def test_linking_an_account_to_a_member_gives_the_team_role(world: World):
    admin = world.client_for("province_admin")
    account = make_user("thanh-vien-b")
    response = admin.post(f"/users/{account.pk}/link/", {"person": world.member_b.person.pk})
    assert response.status_code == 302
    client = Client()
    client.force_login(account)
    assert client.get(f"/teams/{world.team_b.pk}/").status_code == 200
    assert client.get(f"/teams/{world.team_b.pk}/members/new/").status_code == 404


def test_grant_on_province_covers_every_commune_below(world: World):
    scope = scope_for(world.province_admin, Perm.MANAGE_MEMBERS)
    assert scope.covers_team(world.team_a) and scope.covers_team(world.team_b)
    officer = scope_for(world.officer_a, Perm.MANAGE_MEMBERS)
    assert officer.covers_team(world.team_a) and not officer.covers_team(world.team_b)


def test_revoked_grants_and_ended_memberships_give_nothing(world: World):
    RoleGrant.objects.filter(user=world.officer_a).update(revoked_at=timezone.now())
    world.leader_a.left_on = world.leader_a.joined_on
    world.leader_a.save()
    assert scope_for(User.objects.get(pk=world.officer_a.pk), Perm.VIEW_TEAMS).is_empty
    assert scope_for(User.objects.get(pk=world.leader.pk), Perm.VIEW_TEAMS).is_empty


def test_sibling_path_prefix_does_not_leak(world: World):
    """A grant on code 0127 must not cover 01273: paths end with a slash."""
    from tocds.conftest import make_place
    from tocds.places.models import Kind, Level

    odd = make_place("0127", "Xã Giả", Level.COMMUNE, Kind.XA, world.province)
    user = make_user("odd", role=Role.COMMUNE_OFFICER, place=odd)
    assert not scope_for(user, Perm.VIEW_TEAMS).covers_team(world.team_b)


def test_policy_table_names_every_role_and_team_role():
    assert set(Role.values) | set(TeamRole.values) == set(ROLE_PERMISSIONS)


def test_anonymous_and_inactive_users_hold_nothing(world: World):
    from django.contrib.auth.models import AnonymousUser

    assert scope_for(AnonymousUser(), Perm.VIEW_TEAMS).is_empty
    world.province_admin.is_active = False
    assert scope_for(world.province_admin, Perm.VIEW_TEAMS).is_empty


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("0206 3852 222", "+842063852222"),
    ],
)
def test_phone_numbers_are_normalised(raw, e164):
    assert normalise_phone(raw) == e164


@pytest.mark.parametrize("raw", ["12345", "+1 415 555 0100", "0912", "abc", ""])
def test_non_vietnamese_or_invalid_numbers_are_refused(raw):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        normalise_phone(raw)


def test_masked_numbers_keep_only_the_last_three_digits():
    assert national("+84912345678") == "0912 345 678"
    assert mask("+84912345678") == "09xx xxx 678"
    assert mask(None) == ""


def test_commune_officer_adds_an_enterprise_in_own_commune_only(world: World):
    from tocds.people.models import Organisation

    client = world.client_for("officer_a")
    response = client.post(
        "/users/organisations/new/",
        {"name": "Hợp tác xã Mẫu", "kind": "enterprise", "place": world.commune_a.pk},
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="Hợp tác xã Mẫu").place == world.commune_a
    response = client.post(
        "/users/organisations/new/",
        {"name": "Công ty lạ", "kind": "enterprise", "place": world.commune_b.pk},
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Công ty lạ").exists()
    again = client.post(
        "/users/organisations/new/",
        {"name": "hop tac xa mau", "kind": "enterprise", "place": world.commune_a.pk},
    )
    assert again.context["form"].errors["name"]


def test_navigation_offers_only_what_the_user_may_open(world: World):
    member_page = world.client_for("member").get(f"/teams/{world.team_a.pk}/").content.decode()
    admin_page = world.client_for("province_admin").get("/teams/").content.decode()
    assert 'href="/users/"' not in member_page and 'href="/places/"' not in member_page
    assert 'href="/users/"' in admin_page and 'href="/users/organisations/"' in admin_page


def test_lockout_counts_every_spelling_of_one_account(world: World):
    world.officer_a.phone = "+84912345678"
    world.officer_a.save()
    for login in ("officer-a", "OFFICER-A", "0912 345 678", "0912345678", "+84912345678"):
        sign_in(login, "wrong")
    for login in ("officer-a", "Officer-A", "0912.345.678"):
        _client, status = sign_in(login)
        assert status == 429, login


def test_an_account_cannot_be_linked_to_a_member_outside_the_admins_area(world: World):
    from django.core.exceptions import PermissionDenied

    from tocds.people.services import link_person

    account = make_user("tai-khoan-moi")
    commune_b_admin = make_user("quan-tri-b", role=Role.PROVINCE_ADMIN, place=world.commune_b)
    with pytest.raises(PermissionDenied):
        link_person(actor=commune_b_admin, user=account, person=world.member_a.person)
    assert world.member_a.person.user == world.member


def test_grant_role_command_refuses_a_role_on_the_wrong_level(world: World):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("grant_role", "spare-b", "province_admin", world.commune_b.code)
    assert not world.spare_b.grants.filter(role=Role.PROVINCE_ADMIN).exists()
