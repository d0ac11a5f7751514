"""Scoped reads of users."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from tocds.people.models import Organisation, Person, RoleGrant
from tocds.people.scoping import Perm, scope_for


def users_visible_to(admin, perm: Perm = Perm.MANAGE_USERS) -> QuerySet:
    """Users an administrator manages: those with a grant in their scope, members of teams in
    their scope, and accounts not yet assigned anywhere."""
    User = get_user_model()
    scope = scope_for(admin, perm)
    if scope.is_empty:
        return User.objects.none()
    Membership = Person._meta.apps.get_model("teams", "Membership")
    granted = RoleGrant.objects.filter(user=OuterRef("pk")).filter(scope.place_q("place__path"))
    member = Membership.objects.filter(person__user=OuterRef("pk")).filter(scope.team_q("team__"))
    any_grant = RoleGrant.objects.filter(user=OuterRef("pk"))
    any_person = Person.objects.filter(user=OuterRef("pk"))
    return User.objects.filter(
        Q(Exists(granted)) | Q(Exists(member)) | (~Q(Exists(any_grant)) & ~Q(Exists(any_person)))
    )


def get_user_for_admin(admin, pk: int, perm: Perm = Perm.MANAGE_USERS):
    return get_object_or_404(users_visible_to(admin, perm), pk=pk)


def get_grant_for_admin(admin, pk: int, perm: Perm = Perm.MANAGE_USERS) -> RoleGrant:
    scope = scope_for(admin, perm)
    return get_object_or_404(
        RoleGrant.objects.filter(scope.place_q("place__path")).select_related("user", "place"),
        pk=pk,
    )


def organisations_visible_to(
    user, perm: Perm = Perm.MANAGE_ORGANISATIONS
) -> QuerySet[Organisation]:
    scope = scope_for(user, perm)
    return Organisation.objects.filter(scope.place_q("place__path")).select_related("place")


def get_organisation_for_user(
    user, pk: int, perm: Perm = Perm.MANAGE_ORGANISATIONS
) -> Organisation:
    return get_object_or_404(organisations_visible_to(user, perm), pk=pk)
