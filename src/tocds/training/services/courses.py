"""Courses of the province or of a commune, with their topics."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tocds.core.history import stamp
from tocds.people.models import Organisation
from tocds.people.scoping import Perm, require_perm_at
from tocds.places import tree
from tocds.places.models import Place
from tocds.training.models import Course, CourseTopic, Topic, TrainingPlan
from tocds.training.services.access import _check_organising_place


@transaction.atomic
def save_course(
    *,
    actor,
    course: Course | None,
    place: Place,
    title: str,
    topics: list[str],
    description: str = "",
    organiser: Organisation | None = None,
    plan: TrainingPlan | None = None,
    campaign=None,
    dx_day: bool = False,
    min_sessions: int | None = None,
    quiz_skill: str = "",
    is_sample: bool = False,
) -> Course:
    """Create or change a course of the province or of a commune."""
    require_perm_at(actor, Perm.MANAGE_TRAINING, place=place)
    _check_organising_place(place)
    if course is not None:
        require_perm_at(actor, Perm.MANAGE_TRAINING, place=course.place)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Enter the course's title.")
    topics = list(dict.fromkeys(topics))
    if not topics or any(t not in Topic.values for t in topics):
        errors["topics"] = _("Choose at least one topic.")
    if plan is not None and not tree.is_within(place, plan.place):
        errors["plan"] = _("Choose a plan of this place or of its province.")
    if campaign is not None and not tree.is_within(place, campaign.province):
        errors["campaign"] = _("Choose a campaign of this province.")
    if min_sessions is not None and min_sessions < 1:
        errors["min_sessions"] = _("At least one session.")
    if errors:
        raise ValidationError(errors)
    course = course or Course(is_sample=is_sample)
    course.place = place
    course.title = title.strip()
    course.description = description
    course.organiser = organiser
    course.plan = plan
    course.campaign = campaign
    course.dx_day = dx_day
    course.min_sessions = min_sessions
    course.quiz_skill = quiz_skill
    stamp(course, actor=actor, reason="edited" if course.pk else "created")
    course.save()
    current = {t.topic: t for t in course.topics.all()}
    for topic, row in current.items():
        if topic not in topics:
            stamp(row, actor=actor, reason="removed")
            row.delete()
    for topic in topics:
        if topic not in current:
            row = CourseTopic(course=course, topic=topic)
            stamp(row, actor=actor, reason="created")
            row.save()
    return course
