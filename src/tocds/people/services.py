"""Writes to users, grants and links between users and team members."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tocds.core.history import stamp
from tocds.core.text import fold
from tocds.people.models import Organisation, OrganisationKind, Person, Role, RoleGrant
from tocds.people.scoping import GRANTABLE_LEVELS, Perm, forget_cached_scope, require_perm_at
from tocds.places import tree
from tocds.places.models import Place


@transaction.atomic
def create_user(
    *, actor, username: str, password: str, full_name: str = "", phone: str | None = None
):
    """A new account. Who may act with it is decided by its grants or its team membership."""
    require_perm_at(actor, Perm.MANAGE_USERS)
    User = get_user_model()
    user = User(username=username.strip(), full_name=full_name.strip(), phone=phone or None)
    validate_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError(_("This username or phone number is already taken.")) from exc
    return user


@transaction.atomic
def grant_role(
    *, actor, user, role: str, place: Place, organisation: Organisation | None = None
) -> RoleGrant:
    require_perm_at(actor, Perm.MANAGE_USERS, place=place)
    if place.level not in GRANTABLE_LEVELS.get(role, ()) or not place.is_current:
        raise ValidationError({"place": _("This role cannot be granted on this place.")})
    if (
        role == Role.TEACHER
        and organisation is not None
        and (
            organisation.kind != OrganisationKind.SCHOOL
            or not tree.is_within(organisation.place, place)
        )
    ):
        raise ValidationError({"organisation": _("A teacher's organisation is a school here.")})
    if RoleGrant.objects.active().filter(user=user, role=role, place=place).exists():
        raise ValidationError(_("The user already holds this role here."))
    grant = RoleGrant(
        user=user, role=role, place=place, organisation=organisation, granted_by=actor
    )
    stamp(grant, actor=actor, reason="granted")
    grant.save()
    forget_cached_scope(user)
    return grant


@transaction.atomic
def revoke_grant(*, actor, grant: RoleGrant) -> RoleGrant:
    require_perm_at(actor, Perm.MANAGE_USERS, place=grant.place)
    if grant.revoked_at is not None:
        raise ValidationError(_("This role was already revoked."))
    grant.revoked_at = timezone.now()
    stamp(grant, actor=actor, reason="revoked")
    grant.save(update_fields=["revoked_at"])
    forget_cached_scope(grant.user)
    return grant


@transaction.atomic
def set_active(*, actor, user, active: bool):
    require_perm_at(actor, Perm.MANAGE_USERS)
    if user.pk == actor.pk:
        raise PermissionDenied
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def link_person(*, actor, user, person: Person | None) -> None:
    """Let a user act as a team member (their membership then gives their team role)."""
    require_perm_at(actor, Perm.MANAGE_USERS)
    if person is not None and person.user_id != user.pk:
        Membership = Person._meta.apps.get_model("teams", "Membership")
        in_scope = (
            Membership.objects.visible_to(actor, Perm.MANAGE_USERS).active().filter(person=person)
        )
        if not in_scope.exists():
            raise PermissionDenied
    Person.objects.filter(user=user).exclude(pk=getattr(person, "pk", None)).update(user=None)
    if person is not None:
        if person.user_id not in (None, user.pk):
            raise ValidationError(_("This member already has another account."))
        person.user = user
        stamp(person, actor=actor, reason="account linked")
        person.save(update_fields=["user"])
    forget_cached_scope(user)


@transaction.atomic
def save_organisation(
    *,
    actor,
    organisation: Organisation | None,
    name: str,
    kind: str,
    place: Place,
    public_phone: str = "",
) -> Organisation:
    """Create or rename an organisation; its place must lie in the actor's scope."""
    require_perm_at(actor, Perm.MANAGE_ORGANISATIONS, place=place)
    if organisation is not None:
        require_perm_at(actor, Perm.MANAGE_ORGANISATIONS, place=organisation.place)
    duplicate = Organisation.objects.filter(kind=kind, place=place, search_name=fold(name))
    if organisation is not None:
        duplicate = duplicate.exclude(pk=organisation.pk)
    if duplicate.exists():
        raise ValidationError({"name": _("An organisation of this kind has this name here.")})
    organisation = organisation or Organisation()
    organisation.name = name
    organisation.kind = kind
    organisation.place = place
    organisation.public_phone = public_phone
    organisation.save()
    return organisation
