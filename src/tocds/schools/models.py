"""The school programme (directive 2521, D2.1): teachers' classes, the lessons delivered to them
from the 45-minute lesson plans, and class quizzes students join with a short code.

Minors' data: a class is a count of students, never a list of them. A class quiz stores no
name and no account: each answer sheet carries only the SHA-256 digest of a random token the
student's phone keeps for that one quiz (to stop a second submission), and its per-task scores.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tocds.core.models import max_length_check

FIRST_GRADE = 6  # lower secondary (THCS): grades 6–9; upper secondary (THPT): 10–12
LAST_GRADE = 12
MAX_STUDENTS = 60  # a sanity bound on a class's size, not a legal limit


class SchoolClassQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None) -> "SchoolClassQuerySet":
        """A teacher's own classes at the schools their grants for `perm` (default: teaching)
        name; nobody else's."""
        from tocds.people.scoping import Perm, organisations_for, scope_for

        perm = perm or Perm.TEACH_CLASSES
        scope = scope_for(user, perm)
        schools = organisations_for(user, perm)
        if scope.is_empty or not schools:
            return self.none()
        return self.filter(scope.place_q("school__place__path")).filter(
            teacher=user, school_id__in=sorted(schools), school__kind="school"
        )


class SchoolClass(models.Model):
    """A class a teacher teaches the 5 skills to: a grade, a name like "8A", a school year and
    how many students it has. No student is named anywhere."""

    school = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="classes"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="school_classes"
    )
    grade = models.PositiveSmallIntegerField(_("grade"))
    name = models.CharField(_("class"), max_length=20)
    school_year = models.PositiveSmallIntegerField(_("school year"))  # 2025 = 2025–2026
    students = models.PositiveSmallIntegerField(_("number of students"))
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = SchoolClassQuerySet.as_manager()

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["-school_year", "grade", "name"]
        constraints = [
            max_length_check("name", 20),
            models.UniqueConstraint(
                fields=["school", "school_year", "name"], name="schoolclass_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=FIRST_GRADE, grade__lte=LAST_GRADE),
                name="schoolclass_grade_6_to_12",
            ),
            models.CheckConstraint(
                condition=Q(students__gte=1, students__lte=MAX_STUDENTS),
                name="schoolclass_students_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.school_year_label})"

    @property
    def school_year_label(self) -> str:
        return f"{self.school_year}–{self.school_year + 1}"


class DeliveryStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class Delivery(models.Model):
    """One lesson plan taught (or planned) in one class on one day, with how many students were
    present and, afterwards, how many said they taught a family member ("Dạy lại một người
    thân"). Counts only; no free text, which could end up holding a student's name."""

    school_class = models.ForeignKey(SchoolClass, on_delete=models.PROTECT, related_name="lessons")
    plan = models.ForeignKey(
        "learning.LessonPlan", on_delete=models.PROTECT, related_name="deliveries"
    )
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PLANNED
    )
    students_present = models.PositiveSmallIntegerField(_("students present"), null=True)
    family_taught = models.PositiveSmallIntegerField(
        _("students who taught a family member"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lesson delivered")
        verbose_name_plural = _("lessons delivered")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "plan", "date"],
                condition=~Q(status="cancelled"),
                name="delivery_once_a_day",
            ),
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(students_present__gte=1),
                name="delivery_delivered_has_students",
            ),
            models.CheckConstraint(
                condition=Q(family_taught__isnull=True)
                | Q(status="delivered", family_taught__lte=models.F("students_present")),
                name="delivery_family_within_present",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_class} {self.date:%d/%m/%Y}"


class ClassQuizQuerySet(models.QuerySet):
    def open_at(self, now) -> "ClassQuizQuerySet":
        return self.filter(closed_at__isnull=True, closes_at__gt=now)


class ClassQuiz(models.Model):
    """A skill's questions answered by a class on their phones, joined with `code`. The code
    works until the teacher closes the quiz or `closes_at` passes, whichever comes first."""

    school_class = models.ForeignKey(SchoolClass, on_delete=models.PROTECT, related_name="quizzes")
    skill = models.ForeignKey("learning.Skill", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("class code"), max_length=8, unique=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"))
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = ClassQuizQuerySet.as_manager()

    class Meta:
        verbose_name = _("class quiz")
        verbose_name_plural = _("class quizzes")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{self.school_class} {self.skill_id} {self.opened_at:%d/%m/%Y}"

    def is_open(self, now=None) -> bool:
        return self.closed_at is None and (now or timezone.now()) < self.closes_at


class QuizSubmission(models.Model):
    """One phone's answers to a class quiz: scores only. `device` is the SHA-256 digest of a
    random token kept by that phone for this quiz alone (no name, no account, no address)."""

    quiz = models.ForeignKey(ClassQuiz, on_delete=models.CASCADE, related_name="submissions")
    device = models.CharField(max_length=64)
    right = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    percent = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "device"], name="submission_once_per_device")
        ]

    def __str__(self) -> str:
        return f"{self.quiz_id}: {self.right}/{self.total}"


class SubmissionTask(models.Model):
    """Per task of one submission: right / total and whether the skill's task mark was met."""

    submission = models.ForeignKey(
        QuizSubmission, on_delete=models.CASCADE, related_name="task_results"
    )
    task = models.ForeignKey("learning.Task", on_delete=models.PROTECT, related_name="+")
    right = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    mastered = models.BooleanField()

    class Meta:
        ordering = ["task__code"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "task"], name="submissiontask_once")
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.right}/{self.total}"
