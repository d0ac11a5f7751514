"""The one check before acting and the one phone display, as rules."""

import pytest
from django.core.exceptions import PermissionDenied

from tocds.conftest import World
from tocds.people.phones import mask, national
from tocds.people.scoping import Perm, PhoneDisplay, may_act_at, require_perm_at


def test_commune_officer_acts_in_their_commune_and_below_only(world: World):
    officer = world.officer_a
    assert may_act_at(officer, Perm.MANAGE_PLACES, place=world.commune_a)
    assert may_act_at(officer, Perm.MANAGE_PLACES, place=world.hamlet_a1)
    assert not may_act_at(officer, Perm.MANAGE_PLACES, place=world.commune_b)
    assert not may_act_at(officer, Perm.MANAGE_PLACES, place=world.province)
    with pytest.raises(PermissionDenied):
        require_perm_at(officer, Perm.MANAGE_PLACES, place=world.commune_b)
    require_perm_at(officer, Perm.MANAGE_PLACES, place=world.hamlet_a1)


def test_team_leader_acts_on_their_own_team_only(world: World):
    assert may_act_at(world.leader, Perm.MANAGE_MEMBERS, team=world.team_a)
    assert not may_act_at(world.leader, Perm.MANAGE_MEMBERS, team=world.team_a2)
    assert not may_act_at(world.leader, Perm.MANAGE_MEMBERS, place=world.commune_a)
    with pytest.raises(PermissionDenied):
        require_perm_at(world.leader, Perm.MANAGE_MEMBERS, team=world.team_b)


def test_without_place_or_team_the_check_is_anywhere(world: World):
    require_perm_at(world.province_admin, Perm.MANAGE_CATALOGUE)
    with pytest.raises(PermissionDenied):
        require_perm_at(world.officer_a, Perm.MANAGE_CATALOGUE)
    with pytest.raises(TypeError):
        may_act_at(world.officer_a, Perm.VIEW_TEAMS, place=world.commune_a, team=world.team_a)


def test_phone_is_shown_in_full_only_where_the_user_may_see_phones(world: World):
    phone = world.member_a.person.phone
    officer = PhoneDisplay.for_user(world.officer_a)
    assert officer.show(phone, team=world.team_a) == national(phone)
    assert officer.show(phone, team=world.team_b) == mask(phone)
    assert officer.show(phone, place=world.hamlet_a1) == national(phone)
    path = world.team_b.place.path
    assert officer.show(phone, team_id=world.team_b.pk, path=path) == mask(phone)
    member = PhoneDisplay.for_user(world.member)  # a plain member sees phones masked
    assert member.show(phone, team=world.team_a) == mask(phone)
    leader = PhoneDisplay.for_user(world.leader)  # a leader, in full for their own team
    assert leader.show(phone, team=world.team_a) == national(phone)
    assert leader.show(phone, team=world.team_a2) == mask(phone)
    assert officer.show(None, team=world.team_a) == ""
