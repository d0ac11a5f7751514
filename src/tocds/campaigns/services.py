"""Writes to the service catalogue (province administrators)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tocds.campaigns.models import Service
from tocds.core.history import stamp
from tocds.core.text import fold
from tocds.people.scoping import Perm, has_perm_anywhere


@transaction.atomic
def save_service(
    *,
    actor,
    service: Service | None,
    name: str,
    skill: str,
    description: str = "",
    position: int = 100,
    is_active: bool = True,
) -> Service:
    """Add a service or change one; retiring (`is_active=False`) keeps its recorded guidance."""
    if not has_perm_anywhere(actor, Perm.MANAGE_CATALOGUE):
        raise PermissionDenied
    clash = Service.objects.filter(search_name=fold(name))
    if service is not None:
        clash = clash.exclude(pk=service.pk)
    if clash.exists():
        raise ValidationError({"name": _("The catalogue already has a service with this name.")})
    if service is None:
        base = slugify(fold(name))[:56] or "service"
        code, n = base, 1
        while Service.objects.filter(code=code).exists():
            n += 1
            code = f"{base}-{n}"
        service = Service(code=code)
    service.name = name
    service.skill = skill
    service.description = description
    service.position = position
    service.is_active = is_active
    stamp(service, actor=actor, reason="edited" if service.pk else "created")
    service.save()
    return service
