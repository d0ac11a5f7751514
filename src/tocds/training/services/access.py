"""Who may change training, and where training is organised: the checks every section of
the training services shares."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from tocds.people.scoping import Perm, scope_for
from tocds.places.models import Level, Place
from tocds.training.models import Course, Session


def _require_manage(actor, place: Place) -> None:
    if not scope_for(actor, Perm.MANAGE_TRAINING).covers_path(place.path):
        raise PermissionDenied


def can_manage(user, course: Course) -> bool:
    return scope_for(user, Perm.MANAGE_TRAINING).covers_path(course.place.path)


def can_take_attendance(user, session: Session) -> bool:
    """Managers of the course, and the session's own trainer."""
    if user is None or not user.is_authenticated:
        return False
    return session.trainer_id == user.pk or can_manage(user, session.course)


def _check_organising_place(place: Place) -> None:
    if not place.is_current or place.level not in (Level.PROVINCE, Level.COMMUNE):
        raise ValidationError({"place": _("Choose the province or a current commune.")})
