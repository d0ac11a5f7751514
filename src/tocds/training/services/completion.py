"""Completion: a course's rule applied to a person (sessions attended, quiz passed), with
the certificate that follows it."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from tocds.core.history import stamp
from tocds.learning.services import has_passed_quiz
from tocds.people.models import Person
from tocds.people.scoping import Perm, require_perm_at
from tocds.training.models import Completion, Course, Enrolment


@dataclass(frozen=True)
class Progress:
    attended: int
    required: int
    quiz_needed: bool
    quiz_passed: bool

    @property
    def complete(self) -> bool:
        return self.required > 0 and self.attended >= self.required and self.quiz_passed


def course_progress(course: Course, person: Person) -> Progress:
    sessions = course.sessions.filter(cancelled=False)
    required = course.min_sessions or sessions.count()
    attended = (
        Enrolment.objects.active()
        .filter(session__in=sessions, person=person, attended=True)
        .count()
    )
    quiz_needed = bool(course.quiz_skill)
    passed = not quiz_needed or has_passed_quiz(person=person, skill=course.quiz_skill)
    return Progress(attended, required, quiz_needed, passed)


@transaction.atomic
def evaluate_completion(*, course: Course, person: Person, actor=None) -> Completion | None:
    """Apply the course's rule to one person: a completion (and its certificate) when the rule
    is met; a completion that no longer holds after a correction is revoked."""
    from tocds.training import certificates

    progress = course_progress(course, person)
    completion = Completion.objects.select_for_update().filter(course=course, person=person).first()
    if progress.complete:
        if completion is not None and completion.revoked_at is None:
            return completion
        completion = completion or Completion(course=course, person=person)
        completion.completed_at = timezone.now()
        completion.revoked_at = None
        stamp(completion, actor=actor, reason="completed")
        try:
            with transaction.atomic():
                completion.save()
        except IntegrityError:  # completed by a request running at the same moment
            return Completion.objects.get(course=course, person=person)
        certificates.issue_for(completion, actor=actor)
        return completion
    if completion is not None and completion.revoked_at is None:
        completion.revoked_at = timezone.now()
        stamp(completion, actor=actor, reason="completion revoked")
        completion.save(update_fields=["revoked_at"])
        certificates.revoke_for(completion, actor=actor)
    return None


@transaction.atomic
def evaluate_course(*, actor, course: Course) -> int:
    """Apply the rule to everyone enrolled (after quiz results came in, or a rule changed);
    returns how many people hold a completion afterwards."""
    require_perm_at(actor, Perm.MANAGE_TRAINING, place=course.place)
    for person in Person.objects.filter(pk__in=_people_of(course)):
        evaluate_completion(course=course, person=person, actor=actor)
    return course.completions.filter(revoked_at__isnull=True).count()


def _people_of(course: Course) -> list[int]:
    return list(
        Enrolment.objects.filter(session__course=course)
        .values_list("person_id", flat=True)
        .distinct()
        .order_by("person_id")
    )
