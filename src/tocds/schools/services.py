"""Writes of the school programme: classes, lessons delivered, class quizzes and students'
answers. Each function checks who may act (again, after the view) and the rules; a broken rule
raises ValidationError with a message for the form, and nothing is written.

Scoring is `tocds.learning.scoring` over the skill's questions (`learning.services.
quiz_questions`): a class quiz scores exactly like a citizen's self-check.
"""

import hashlib
import re
import secrets
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tocds.core.history import stamp
from tocds.core.transitions import Move, Transitions
from tocds.learning import scoring
from tocds.learning.models import LessonPlan, Skill
from tocds.learning.services import quiz_questions
from tocds.people.models import Organisation, OrganisationKind
from tocds.people.scoping import Perm, organisations_for, scope_for
from tocds.schools.models import (
    FIRST_GRADE,
    LAST_GRADE,
    MAX_STUDENTS,
    ClassQuiz,
    Delivery,
    DeliveryStatus,
    QuizSubmission,
    SchoolClass,
    SubmissionTask,
)

# A school year Y–(Y+1) runs from 1 August Y to 31 July Y+1 (it starts in late August or early
# September; the summer months belong to the year that ends).
YEAR_STARTS = (8, 1)
QUIZ_MINUTES = (10, 15, 20, 30, 45)  # how long a class code works, the teacher's choice
CODE_DIGITS = 6


def school_year_of(day: date) -> int:
    return day.year if (day.month, day.day) >= YEAR_STARTS else day.year - 1


def school_year_bounds(year: int) -> tuple[date, date]:
    return date(year, *YEAR_STARTS), date(year + 1, *YEAR_STARTS) - timedelta(days=1)


# Who teaches where --------------------------------------------------------------------------


def teacher_schools(user):
    """The schools named on the user's teacher grants (inside the grants' communes)."""
    ids = organisations_for(user, Perm.TEACH_CLASSES)
    if not ids:
        return Organisation.objects.none()
    scope = scope_for(user, Perm.TEACH_CLASSES)
    return (
        Organisation.objects.filter(pk__in=sorted(ids), kind=OrganisationKind.SCHOOL)
        .filter(scope.place_q("place__path"))
        .select_related("place")
        .order_by("name")
    )


def is_teacher(user) -> bool:
    return teacher_schools(user).exists()


def _require_class(actor, school_class: SchoolClass) -> None:
    if not SchoolClass.objects.visible_to(actor).filter(pk=school_class.pk).exists():
        raise PermissionDenied


# Classes ------------------------------------------------------------------------------------

_CLASS_NAME = re.compile(r"^[0-9A-Z][0-9A-Z./-]{0,19}$")


def normalise_class_name(name: str) -> str:
    """ "8a" → "8A", " 10 a1 " → "10A1": no spaces, capital letters."""
    return re.sub(r"\s+", "", name or "").upper()


def _grade_prefix(name: str) -> int | None:
    match = re.match(r"^(\d{1,2})(?!\d)", name)
    return int(match.group(1)) if match else None


@transaction.atomic
def save_class(
    *,
    actor,
    school_class: SchoolClass | None,
    school: Organisation,
    grade: int,
    name: str,
    school_year: int,
    students: int,
    today: date | None = None,
) -> SchoolClass:
    """Create or change one of the actor's classes. No student is named: only how many."""
    if school_class is not None:
        _require_class(actor, school_class)
    if not teacher_schools(actor).filter(pk=school.pk).exists():
        raise PermissionDenied
    today = today or timezone.localdate()
    name = normalise_class_name(name)
    errors: dict[str, str] = {}
    if not FIRST_GRADE <= grade <= LAST_GRADE:
        errors["grade"] = _("Grades run from 6 to 12.")
    if not _CLASS_NAME.match(name):
        errors["name"] = _("Write the class as the school does, e.g. 8A or 10A1.")
    elif _grade_prefix(name) != grade:
        errors["name"] = _("The class name starts with its grade, e.g. 8A for grade 8.")
    current = school_year_of(today)
    if not current - 1 <= school_year <= current + 1:
        errors["school_year"] = _("Choose last, this or next school year.")
    if not 1 <= students <= MAX_STUDENTS:
        errors["students"] = _("A class has from 1 to %(max)s students.") % {"max": MAX_STUDENTS}
    elif school_class is not None:
        most = _largest_count(school_class)
        if students < most:
            errors["students"] = _(
                "%(n)s students of this class already took part in one lesson or quiz."
            ) % {"n": most}
    moved = school_class is not None and (
        school_year != school_class.school_year or school.pk != school_class.school_id
    )
    if moved and (school_class.lessons.exists() or school_class.quizzes.exists()):
        errors["school_year"] = _(
            "This class already has lessons or quizzes: its school and year cannot change."
        )
    clash = SchoolClass.objects.filter(school=school, school_year=school_year, name=name)
    if school_class is not None:
        clash = clash.exclude(pk=school_class.pk)
    if "name" not in errors and clash.exists():
        errors["name"] = _("This school already has a class %(name)s in this school year.") % {
            "name": name
        }
    if errors:
        raise ValidationError(errors)
    creating = school_class is None
    school_class = school_class or SchoolClass(teacher=actor)
    school_class.school = school
    school_class.grade = grade
    school_class.name = name
    school_class.school_year = school_year
    school_class.students = students
    stamp(school_class, actor=actor, reason="created" if creating else "edited")
    school_class.save()
    return school_class


def _largest_count(school_class: SchoolClass) -> int:
    present = (
        school_class.lessons.filter(status=DeliveryStatus.DELIVERED).aggregate(
            m=Max("students_present")
        )["m"]
        or 0
    )
    answered = school_class.quizzes.annotate(n=Count("submissions")).aggregate(m=Max("n"))["m"] or 0
    return max(present, answered)


# Lessons delivered --------------------------------------------------------------------------


# A lesson is scheduled (planned) or recorded at once as delivered; an edit that keeps its status
# is no move.
DELIVERY_TRANSITIONS = Transitions(
    {
        "deliver": Move({DeliveryStatus.PLANNED}, DeliveryStatus.DELIVERED, "edited"),
        "cancel": Move({DeliveryStatus.PLANNED}, DeliveryStatus.CANCELLED, "closed"),
    }
)
# Why a lesson cannot leave its status when it is edited.
_STAYS = {
    DeliveryStatus.CANCELLED: gettext_lazy("A cancelled lesson cannot change: schedule it again."),
    DeliveryStatus.DELIVERED: gettext_lazy(
        "A delivered lesson stays delivered: correct its figures instead."
    ),
}


@transaction.atomic
def save_delivery(
    *,
    actor,
    school_class: SchoolClass,
    delivery: Delivery | None = None,
    plan: LessonPlan,
    on: date,
    delivered: bool,
    students_present: int | None = None,
    today: date | None = None,
) -> Delivery:
    """Schedule a lesson (`delivered=False`) or record it as taught, with the students present.
    A delivered lesson stays delivered (its figures can be corrected, history keeps both)."""
    _require_class(actor, school_class)
    status = DeliveryStatus.DELIVERED if delivered else DeliveryStatus.PLANNED
    if delivery is not None:
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.school_class_id != school_class.pk:
            raise PermissionDenied
        if delivery.status != status:
            DELIVERY_TRANSITIONS.move(
                delivery.status, to=status, refusal=_STAYS.get(delivery.status)
            )
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    first, last = school_year_bounds(school_class.school_year)
    if not first <= on <= last:
        errors["date"] = _(
            "The date must fall in the school year %(year)s (%(first)s – %(last)s)."
        ) % {
            "year": school_class.school_year_label,
            "first": f"{first:%d/%m/%Y}",
            "last": f"{last:%d/%m/%Y}",
        }
    elif delivered and on > today:
        errors["date"] = _("A lesson can be recorded as delivered only on or after its day.")
    if delivered:
        if students_present is None:
            errors["students_present"] = _("Write how many students were present.")
        elif not 1 <= students_present <= school_class.students:
            errors["students_present"] = _(
                "Students present: from 1 to %(n)s, the students of the class."
            ) % {"n": school_class.students}
        elif (
            delivery is not None
            and delivery.family_taught is not None
            and delivery.family_taught > students_present
        ):
            errors["students_present"] = _(
                "%(n)s students already reported teaching a family member: at least as many "
                "were present."
            ) % {"n": delivery.family_taught}
    clash = Delivery.objects.filter(school_class=school_class, plan=plan, date=on).exclude(
        status=DeliveryStatus.CANCELLED
    )
    if delivery is not None:
        clash = clash.exclude(pk=delivery.pk)
    if "date" not in errors and clash.exists():
        errors["date"] = _("This lesson is already on this day for this class.")
    if errors:
        raise ValidationError(errors)
    creating = delivery is None
    delivery = delivery or Delivery(school_class=school_class, created_by=actor)
    delivery.plan = plan
    delivery.date = on
    delivery.status = status
    delivery.students_present = students_present if delivered else None
    stamp(delivery, actor=actor, reason="created" if creating else "edited")
    delivery.save()
    return delivery


@transaction.atomic
def record_family_teaching(*, actor, delivery: Delivery, count: int) -> Delivery:
    """ "Dạy lại một người thân": how many of the students present report having taught a
    family member what the lesson taught."""
    delivery = (
        Delivery.objects.select_for_update().select_related("school_class").get(pk=delivery.pk)
    )
    _require_class(actor, delivery.school_class)
    if delivery.status != DeliveryStatus.DELIVERED:
        raise ValidationError(_("Record this after the lesson has been delivered."))
    if not 0 <= count <= (delivery.students_present or 0):
        raise ValidationError(
            {
                "family_taught": _("From 0 to %(n)s, the students present.")
                % {"n": delivery.students_present}
            }
        )
    delivery.family_taught = count
    stamp(delivery, actor=actor, reason="edited")
    delivery.save(update_fields=["family_taught"])
    return delivery


@transaction.atomic
def cancel_delivery(*, actor, delivery: Delivery) -> Delivery:
    delivery = (
        Delivery.objects.select_for_update().select_related("school_class").get(pk=delivery.pk)
    )
    _require_class(actor, delivery.school_class)
    move = DELIVERY_TRANSITIONS.move(
        delivery.status, action="cancel", refusal=_("Only a planned lesson can be cancelled.")
    )
    delivery.status = move.target
    stamp(delivery, actor=actor, reason=move.reason)
    delivery.save(update_fields=["status"])
    return delivery


# Class quizzes ------------------------------------------------------------------------------


def _new_code() -> str:
    for _attempt in range(50):
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        if not ClassQuiz.objects.filter(code=code).exists():
            return code
    raise RuntimeError("no free class code")  # pragma: no cover (a million codes)


@transaction.atomic
def open_quiz(
    *, actor, school_class: SchoolClass, skill: Skill, minutes: int, now: datetime | None = None
) -> ClassQuiz:
    """Open a skill's quiz for a class: a new 6-digit code that works for `minutes`."""
    _require_class(actor, school_class)
    now = now or timezone.now()
    SchoolClass.objects.select_for_update().get(pk=school_class.pk)  # one opening at a time
    if minutes not in QUIZ_MINUTES:
        raise ValidationError({"minutes": _("Choose one of the durations offered.")})
    if not quiz_questions(skill):
        raise ValidationError({"skill": _("This skill has no questions yet.")})
    if ClassQuiz.objects.open_at(now).filter(school_class=school_class).exists():
        raise ValidationError(_("This class already has an open quiz: close it first."))
    for _attempt in range(3):
        quiz = ClassQuiz(
            school_class=school_class,
            skill=skill,
            code=_new_code(),
            opened_by=actor,
            opened_at=now,
            closes_at=now + timedelta(minutes=minutes),
        )
        stamp(quiz, actor=actor, reason="opened")
        try:
            with transaction.atomic():
                quiz.save()
        except IntegrityError:  # pragma: no cover (a code taken meanwhile)
            continue
        return quiz
    raise RuntimeError("no free class code")  # pragma: no cover


@transaction.atomic
def close_quiz(*, actor, quiz: ClassQuiz, now: datetime | None = None) -> ClassQuiz:
    quiz = ClassQuiz.objects.select_for_update().select_related("school_class").get(pk=quiz.pk)
    _require_class(actor, quiz.school_class)
    now = now or timezone.now()
    if quiz.closed_at is None:
        quiz.closed_at = min(now, quiz.closes_at)
        stamp(quiz, actor=actor, reason="closed")
        quiz.save(update_fields=["closed_at"])
    return quiz


def device_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class QuizClosed(Exception):
    """The code no longer works: the teacher closed the quiz or its time ran out."""


@transaction.atomic
def submit_answers(
    *,
    quiz: ClassQuiz,
    device_token: str,
    answers: Mapping[int, int | None],
    now: datetime | None = None,
) -> QuizSubmission:
    """Score one phone's answers and keep the scores (nothing else). Refused when the quiz is
    closed, when this phone already answered, or when as many phones answered as the class
    has students."""
    now = now or timezone.now()
    quiz = (
        ClassQuiz.objects.select_for_update()
        .select_related("skill", "school_class")
        .get(pk=quiz.pk)
    )
    if not quiz.is_open(now):
        raise QuizClosed
    if not device_token:
        raise ValidationError(_("Open the quiz again from its code, then answer."))
    device = device_digest(device_token)
    if quiz.submissions.filter(device=device).exists():
        raise ValidationError(_("This phone has already sent its answers to this quiz."))
    if quiz.submissions.count() >= quiz.school_class.students:
        raise ValidationError(
            _("As many answers as the class has students have arrived: ask your teacher.")
        )
    questions = quiz_questions(quiz.skill)
    known = {q.pk for q in questions}
    answers = {qid: choice for qid, choice in answers.items() if qid in known}
    result = scoring.score(
        questions, answers, pass_mark=quiz.skill.pass_mark, task_mark=quiz.skill.task_mark
    )
    submission = QuizSubmission.objects.create(
        quiz=quiz,
        device=device,
        right=result.right,
        total=result.total,
        percent=result.percent,
        passed=result.passed,
        created_at=now,
    )
    SubmissionTask.objects.bulk_create(
        SubmissionTask(
            submission=submission,
            task_id=t.task_id,
            right=t.right,
            total=t.total,
            mastered=t.mastered,
        )
        for t in result.tasks
    )
    return submission
