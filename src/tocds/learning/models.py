"""The 5 basic digital skills curriculum (D1.1): skills, tasks, lessons with versions, questions,
facts, lesson plans, and learners' attempts with their per-task results.

Content is loaded from TOML files (`content/`, see docs/learning.md) and edited in the product
afterwards. A lesson's text lives in `LessonVersion`s moving draft → review → published; a
published version never changes (an edit makes a new draft). Hotlines, web addresses and
institution names live in `Fact` and are written `{fact:key}` in the text.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Level(models.TextChoices):
    CB1 = "cb1", _("Basic 1")
    CB2 = "cb2", _("Basic 2")
    TC = "tc", _("Intermediate")


class Skill(models.Model):
    """One of the 5 skills (codes of `tocds.core.skills.Skill`). Its marks are data."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    picture = models.CharField(_("picture"), max_length=100, blank=True)
    alt = models.CharField(_("picture description"), max_length=300, blank=True)
    # % of the self-assessment's questions right for the certificate (Northstar: 85).
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=85)
    # % of one task's questions right for "Đã làm được".
    task_mark = models.PositiveSmallIntegerField(_("task mark (%)"), default=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100, task_mark__gte=1)
                & Q(task_mark__lte=100),
                name="skill_marks_are_percentages",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """A "can do" statement (a Northstar standard): lessons and questions point at one."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="tasks")
    level = models.CharField(_("level"), max_length=3, choices=Level.choices)
    title = models.CharField(_("title"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class FactKind(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    WEB = "web", _("Web address")
    APP = "app", _("App")
    INSTITUTION = "institution", _("Institution")
    RULE = "rule", _("Rule")
    OTHER = "other", _("Other")


class Fact(models.Model):
    """A hotline, web address, app or institution name that lessons cite as `{fact:key}`: it
    changed repeatedly in 2024–2026, so it lives here with its source and last check."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=FactKind.choices)
    label = models.CharField(_("label"), max_length=200)
    value = models.CharField(_("value"), max_length=300)
    source = models.CharField(_("source"), max_length=100, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    checked_on = models.DateField(_("last checked on"), null=True, blank=True)
    verified = models.BooleanField(_("confirmed"), default=False)
    note = models.TextField(_("note"), blank=True)
    file_hash = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["file_hash"])

    class Meta:
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class Picture(models.Model):
    """An SVG drawing of the content (`content/pictures/`), served with a long cache."""

    name = models.CharField(max_length=100, unique=True)
    svg = models.TextField()
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Lesson(models.Model):
    """One task taught in a few steps. Its text is in its versions; `published` is the version
    citizens see (none until one is published)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="lessons")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="lessons")
    level = models.CharField(_("level"), max_length=3, choices=Level.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.ForeignKey(
        "LessonVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["skill__position", "order", "code"]

    def __str__(self) -> str:
        return self.code


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class Origin(models.TextChoices):
    FILE = "file", _("Content files")
    EDITOR = "editor", _("Edited in tocds")


class LessonVersion(models.Model):
    """The text of a lesson at one time. Only a draft may change (`services.save_draft`)."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.EDITOR)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=5)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    can_go_wrong = models.JSONField(_("what can go wrong"), default=list, blank=True)
    scam_warnings = models.JSONField(_("scam warnings"), default=list, blank=True)
    teach_tips = models.JSONField(_("tips for teaching"), default=list, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lesson version")
        verbose_name_plural = _("lesson versions")
        ordering = ["lesson", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "number"], name="lessonversion_number"),
            models.UniqueConstraint(
                fields=["lesson"],
                condition=Q(status__in=["draft", "review"]),
                name="lessonversion_one_open",
            ),
            models.UniqueConstraint(
                fields=["lesson"],
                condition=Q(status="published"),
                name="lessonversion_one_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lesson.code} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class Step(models.Model):
    version = models.ForeignKey(LessonVersion, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("text"))
    picture = models.CharField(_("picture"), max_length=100, blank=True)
    alt = models.CharField(_("picture description"), max_length=300, blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="step_position")
        ]

    def __str__(self) -> str:
        return f"{self.version} #{self.position}"


class QuestionQuerySet(models.QuerySet):
    def active(self) -> "QuestionQuerySet":
        return self.filter(is_active=True)


class Question(models.Model):
    """A multiple-choice question tied to one task (and the lesson to go back to). Edited in
    place with history; answers keep what was chosen, so results stay readable."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="questions")
    lesson = models.ForeignKey(
        Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    level = models.CharField(_("level"), max_length=3, choices=Level.choices)
    prompt = models.TextField(_("question"))
    choices = models.JSONField(_("choices"), default=list)
    answer = models.PositiveSmallIntegerField(_("right choice"))
    explanation = models.TextField(_("explanation"), blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    file_hash = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["file_hash"])

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["task__code", "position", "code"]

    def __str__(self) -> str:
        return self.code


class LessonPlan(models.Model):
    """A 45-minute extracurricular lesson plan (CV 5512 Phụ lục IV) for schools (D2.1)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="lesson_plans")
    title = models.CharField(_("title"), max_length=200)
    grade = models.CharField(_("school level"), max_length=8)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=45)
    objectives = models.JSONField(_("objectives"), default=list, blank=True)
    materials = models.JSONField(_("materials"), default=list, blank=True)
    lessons = models.ManyToManyField(Lesson, blank=True, related_name="lesson_plans")
    take_home = models.TextField(_("take-home task"), blank=True)
    file_hash = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["file_hash"])

    class Meta:
        verbose_name = _("lesson plan")
        verbose_name_plural = _("lesson plans")
        ordering = ["skill__position", "code"]

    def __str__(self) -> str:
        return self.title


class ActivityKind(models.TextChoices):
    MO_DAU = "mo_dau", _("Opening")
    HINH_THANH = "hinh_thanh_kien_thuc", _("Building knowledge")
    LUYEN_TAP = "luyen_tap", _("Practice")
    VAN_DUNG = "van_dung", _("Application")


class Activity(models.Model):
    """One of the four activities of a lesson plan, each with its a) b) c) d) parts."""

    plan = models.ForeignKey(LessonPlan, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=24, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=0)
    objective = models.TextField(_("objective"), blank=True)
    content = models.TextField(_("content"), blank=True)
    product = models.TextField(_("product"), blank=True)
    organisation = models.TextField(_("organisation"), blank=True)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="activity_position")
        ]

    def __str__(self) -> str:
        return self.title


class Mode(models.TextChoices):
    SELF = "self", _("Self-check")
    # The skill's questions answered in front of a team member (before issue 14; kept).
    IN_PERSON = "in_person", _("Checked in person")
    # A team member watched the citizen do each task on their own phone (`ObservedStep`s).
    OBSERVED = "observed", _("Observed in person")


CHECKED_MODES = (Mode.IN_PERSON, Mode.OBSERVED)


class Attempt(models.Model):
    """One sitting of a skill's self-assessment. Anonymous attempts hold no personal data: the
    device keeps their keys (a signed cookie). In-person checks carry the team member, their
    team and commune (Northstar's proctored results)."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="attempts")
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.SELF)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_attempts",
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="learning_checks",
    )
    team = models.ForeignKey(
        "teams.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    commune = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    right = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    percent = models.PositiveSmallIntegerField(default=0)
    pass_mark = models.PositiveSmallIntegerField(default=85)  # the mark in force at the time
    passed = models.BooleanField(default=False)
    certificate = models.OneToOneField(
        "certificates.Certificate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_attempt",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mode="self", checked_by__isnull=True)
                | Q(
                    mode__in=["in_person", "observed"],
                    checked_by__isnull=False,
                    team__isnull=False,
                ),
                name="attempt_in_person_has_checker",
            )
        ]

    def __str__(self) -> str:
        return f"{self.skill.code} {self.percent}%"


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    chosen = models.SmallIntegerField(null=True)  # None: not answered
    correct = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="answer_once")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.chosen}"


class TaskResult(models.Model):
    """Per task of one attempt: right / total, and whether the task mark was reached."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="task_results")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="results")
    right = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    mastered = models.BooleanField()

    class Meta:
        ordering = ["task__code"]
        constraints = [models.UniqueConstraint(fields=["attempt", "task"], name="taskresult_once")]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.right}/{self.total}"


class ObservedStep(models.Model):
    """One step a team member watched for (or missed) in an observation (`Mode.OBSERVED`): the
    checklist of a task is the steps of its published lesson(s), kept as the member saw them."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="observed_steps")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(LessonVersion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()  # the step's text with its facts filled in, as shown
    required = models.BooleanField(default=True)
    done = models.BooleanField()

    class Meta:
        ordering = ["attempt", "task__code", "version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "version", "position"], name="observedstep_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version_id}#{self.position}: {self.done}"


class Language(models.Model):
    """A language lessons are recorded in (Vietnamese and the province's own: data, seeded by a
    migration; the province adds others). `code` is the tag written in `lang=` (BCP 47)."""

    code = models.SlugField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class StepAudio(models.Model):
    """A recording of one step of a lesson version in one language. It belongs to the version:
    it moves with the text through draft → review → published and never changes once
    published. `text_digest` is the step text it was recorded for (a changed step loses it)."""

    version = models.ForeignKey(LessonVersion, on_delete=models.CASCADE, related_name="audio")
    position = models.PositiveSmallIntegerField()
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="recordings")
    file = models.FileField(max_length=200)
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    text_digest = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        ordering = ["version", "position", "language__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position", "language"], name="stepaudio_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} #{self.position} {self.language_id}"
