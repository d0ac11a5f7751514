"""Who may change training, and where training is organised: the checks every section of
the training services shares."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tocds.people.scoping import Perm, may_act_at
from tocds.places.models import Level, Place
from tocds.training.models import Course, Session


def can_manage(user, course: Course) -> bool:
    return may_act_at(user, Perm.MANAGE_TRAINING, place=course.place)


def can_take_attendance(user, session: Session) -> bool:
    """Managers of the course, and the session's own trainer."""
    if user is None or not user.is_authenticated:
        return False
    return session.trainer_id == user.pk or can_manage(user, session.course)


def _check_organising_place(place: Place) -> None:
    if not place.is_current or place.level not in (Level.PROVINCE, Level.COMMUNE):
        raise ValidationError({"place": _("Choose the province or a current commune.")})
