"""Training (D1.3, D4.1, D4.2): plans with targets per audience, courses and their sessions,
enrolment, attendance, ratings, completions, and participation in programmes held elsewhere.

Scope: a course belongs to a province or a commune (`Course.place`). It is managed only inside
that place's subtree and seen there and below it (a province course is seen in every commune).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tocds.core.models import max_length_check
from tocds.core.skills import Skill
from tocds.people.scoping import Perm, Scope, scope_for
from tocds.places import tree


class Audience(models.TextChoices):
    """Who a training is for (D1.3): the directive's four groups."""

    OFFICIALS = "officials", _("Officials")
    CIVIL_SERVANTS = "civil_servants", _("Civil servants")
    TEAM_MEMBERS = "team_members", _("Team members")
    CITIZENS = "citizens", _("Citizens")


class SessionAudience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    OFFICIALS = "officials", _("Officials")
    CIVIL_SERVANTS = "civil_servants", _("Civil servants")
    TEAM_MEMBERS = "team_members", _("Team members")
    CITIZENS = "citizens", _("Citizens")


# Sessions anyone may see without signing in (the public calendar).
PUBLIC_AUDIENCES = (SessionAudience.EVERYONE, SessionAudience.CITIZENS)
# Sessions a team member may enrol in by themselves.
TEAM_AUDIENCES = (SessionAudience.EVERYONE, SessionAudience.TEAM_MEMBERS)

NETWORK_SECURITY = "network_security"


class Topic(models.TextChoices):
    """The 5 skills (D1.1) and network information security (D4.1)."""

    PUBLIC_SERVICES = Skill.PUBLIC_SERVICES.value, Skill.PUBLIC_SERVICES.label
    SHOPPING = Skill.SHOPPING.value, Skill.SHOPPING.label
    PAYMENT = Skill.PAYMENT.value, Skill.PAYMENT.label
    SAFETY = Skill.SAFETY.value, Skill.SAFETY.label
    PLATFORMS = Skill.PLATFORMS.value, Skill.PLATFORMS.label
    NETWORK_SECURITY = NETWORK_SECURITY, _("Network information security")
    OTHER = Skill.OTHER.value, _("Other digital knowledge")


def _team_paths(scope: Scope) -> set[str]:
    if not scope.team_ids:
        return set()
    from tocds.teams.models import Team

    return set(Team.objects.filter(pk__in=scope.team_ids).values_list("place__path", flat=True))


def place_visibility(user, perm: Perm, field: str) -> Q:
    """Rows whose place (path in `field`) the user may see for `perm`: inside a granted subtree,
    or an ancestor of it (a province course is seen by a commune officer), or an ancestor of one
    of the user's teams (a team member sees their commune's and their province's courses)."""
    scope = scope_for(user, perm)
    q = scope.place_q(field) if scope.paths else Q(pk__in=[])
    above = set()
    for path in scope.paths | _team_paths(scope):
        above.update(tree.ancestors(path))
    if above:
        q |= Q(**{f"{field}__in": sorted(above)})
    return q


def place_management(user, perm: Perm, field: str) -> Q:
    """Rows whose place lies inside a subtree where the user holds `perm` (never above it)."""
    return scope_for(user, perm).place_q(field)


class OrganisedQuerySet(models.QuerySet):
    """Rows of training organised at a place (reached through `place_field`): seen inside the
    user's area and above it; managed only inside it."""

    place_field = "place__path"

    def visible_to(self, user, perm: Perm = Perm.VIEW_TRAINING):
        if perm == Perm.MANAGE_TRAINING:
            return self.filter(place_management(user, perm, self.place_field))
        return self.filter(place_visibility(user, perm, self.place_field))


class TrainingPlanQuerySet(OrganisedQuerySet):
    pass


class TrainingPlan(models.Model):
    """A province's or a commune's training plan for a period, with targets per audience."""

    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    officials_target = models.PositiveIntegerField(_("officials to train"), default=0)
    civil_servants_target = models.PositiveIntegerField(_("civil servants to train"), default=0)
    team_members_target = models.PositiveIntegerField(_("team members to train"), default=0)
    citizens_target = models.PositiveIntegerField(_("citizens to train"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = TrainingPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-starts_on", "place__path"]
        constraints = [
            max_length_check("name", 200),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="training_plan_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["place", "starts_on", "ends_on"], name="training_plan_one_per_period"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def target_for(self, audience: str) -> int:
        return getattr(self, TARGET_FIELDS[audience])


TARGET_FIELDS = {
    Audience.OFFICIALS: "officials_target",
    Audience.CIVIL_SERVANTS: "civil_servants_target",
    Audience.TEAM_MEMBERS: "team_members_target",
    Audience.CITIZENS: "citizens_target",
}


class CourseQuerySet(OrganisedQuerySet):
    pass


class Course(models.Model):
    """A class or training course (D4.1): topics, organiser, level, completion rule."""

    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organised at"),
        help_text=_("The province or the commune that runs the course."),
    )
    plan = models.ForeignKey(
        TrainingPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("training plan"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organiser = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser"),
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("campaign"),
    )
    dx_day = models.BooleanField(_("for Digital Transformation Day (10/10)"), default=False)
    # Completion rule: attend every session (min_sessions empty) or at least N of them, and
    # where quiz_skill is set, pass the learning module's quiz of that skill.
    min_sessions = models.PositiveSmallIntegerField(
        _("sessions to attend"),
        null=True,
        blank=True,
        help_text=_("Leave empty: every session of the course."),
    )
    quiz_skill = models.CharField(
        _("requires passing the quiz of"), max_length=32, choices=Skill.choices, blank=True
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-created_at"]
        constraints = [
            max_length_check("title", 200),
            models.CheckConstraint(
                condition=Q(min_sessions__isnull=True) | Q(min_sessions__gte=1),
                name="course_min_sessions_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def level(self) -> str:
        return self.place.level


class CourseTopic(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("course topic")
        verbose_name_plural = _("course topics")
        ordering = ["topic"]
        constraints = [
            models.UniqueConstraint(fields=["course", "topic"], name="course_topic_once")
        ]

    def __str__(self) -> str:
        return self.get_topic_display()


class SessionQuerySet(OrganisedQuerySet):
    place_field = "course__place__path"

    def public(self) -> "SessionQuerySet":
        """Sessions open to citizens: anyone may see them, signed in or not."""
        return self.filter(audience__in=PUBLIC_AUDIENCES, cancelled=False)

    def attendable_by(self, user) -> "SessionQuerySet":
        """The calendar: public sessions, and the sessions the user may see for their role."""
        return self.filter(
            Q(audience__in=PUBLIC_AUDIENCES, cancelled=False)
            | place_visibility(user, Perm.VIEW_TRAINING, "course__place__path")
        )


class Session(models.Model):
    """One meeting of a course: when, where (or online), who trains, how many may come."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trainer (account)"),
        help_text=_("May show the check-in code and enter the sign-in sheet."),
    )
    trainer_name = models.CharField(_("trainer"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    audience = models.CharField(
        _("audience"),
        max_length=16,
        choices=SessionAudience.choices,
        default=SessionAudience.EVERYONE,
    )
    # Active enrolments, kept by the enrolment services with conditional updates; the check
    # constraint below is what makes overbooking impossible, even under concurrent requests.
    enrolled_count = models.PositiveIntegerField(default=0, editable=False)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["enrolled_count"])

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            max_length_check("title", 200),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(enrolled_count__lte=F("capacity")), name="session_within_capacity"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
        ]
        indexes = [models.Index(fields=["starts_at"], name="session_starts_at")]

    def __str__(self) -> str:
        return self.title or self.course.title

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.enrolled_count, 0)

    @property
    def is_public(self) -> bool:
        return self.audience in PUBLIC_AUDIENCES and not self.cancelled


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    CANCELLED = "cancelled", _("Cancelled")


class EnrolmentSource(models.TextChoices):
    OFFICER = "officer", _("by an officer")
    TEAM = "team", _("with their team")
    IMPORT = "import", _("from Excel")
    SELF = "self", _("by themselves")
    WALK_IN = "walk_in", _("on the sign-in sheet")


class CheckInMethod(models.TextChoices):
    QR_ACCOUNT = "qr_account", _("QR code, signed in")
    QR_PHONE = "qr_phone", _("QR code, phone number")
    SHEET = "sheet", _("paper sign-in sheet")


class EnrolmentQuerySet(models.QuerySet):
    def active(self) -> "EnrolmentQuerySet":
        return self.filter(status=EnrolmentStatus.ENROLLED)

    def managed_by(self, user) -> "EnrolmentQuerySet":
        return self.filter(
            place_management(user, Perm.MANAGE_TRAINING, "session__course__place__path")
        )


class Enrolment(models.Model):
    """A person's place in a session, their attendance and their rating.

    One row per session and person, ever (a cancelled enrolment is reactivated, not duplicated):
    the unique constraint is the database's guard against double enrolment."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("session")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("person"),
    )
    audience = models.CharField(_("counted as"), max_length=16, choices=Audience.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    source = models.CharField(_("enrolled"), max_length=16, choices=EnrolmentSource.choices)
    enrolled_at = models.DateTimeField(default=timezone.now)
    # Attendance: empty until recorded; a correction keeps the earlier value in history.
    attended = models.BooleanField(_("present"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    check_in_method = models.CharField(
        _("recorded by"), max_length=16, choices=CheckInMethod.choices, blank=True
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["session", "person__search_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="enrolment_once"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="enrolment_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.session}"

    @property
    def is_active(self) -> bool:
        return self.status == EnrolmentStatus.ENROLLED


class Completion(models.Model):
    """A person completed a course by its rule; the certificate code where one was issued."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="completions", verbose_name=_("course")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="completions"
    )
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)
    certificate_code = models.CharField(_("certificate"), max_length=64, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        ordering = ["-completed_at"]
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="completion_once")]

    def __str__(self) -> str:
        return f"{self.person} · {self.course}"

    @property
    def verify_url(self) -> str:
        from tocds.training import certificates

        return certificates.verify_url(self.certificate_code) if self.certificate_code else ""


class ExternalParticipationQuerySet(models.QuerySet):
    def visible_to(self, user, perm: Perm = Perm.MANAGE_TRAINING):
        return self.filter(place_management(user, perm, "place__path"))


class ExternalParticipation(models.Model):
    """A person of the place took part in a programme held elsewhere (D4.2): the national
    online courses, a ministry's or the province department's programme."""

    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("whose people"),
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="external_trainings"
    )
    audience = models.CharField(_("counted as"), max_length=16, choices=Audience.choices)
    programme = models.CharField(_("programme"), max_length=200)
    organiser = models.CharField(_("organised by"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices, blank=True)
    taken_on = models.DateField(_("date"))
    completed = models.BooleanField(_("completed"), default=False)
    reference = models.CharField(_("certificate or reference"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = ExternalParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation in a programme held elsewhere")
        verbose_name_plural = _("participations in programmes held elsewhere")
        ordering = ["-taken_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "programme", "taken_on"], name="external_participation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.programme}"
