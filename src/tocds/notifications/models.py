"""Notifications (issue 17 §3) and the record of background jobs' problems (§4).

A `Notification` tells one user of one event about one subject (a report, a nomination, a sync
conflict, an assignment), with a link to it. The database holds at most one per user, kind,
subject and day (`notification_once_a_day`): a reminder made twice (two workers, a restart, the
hourly run) has no second effect. `Preference` says how a user hears of them by e-mail;
`DigestSent` records each user's daily digest once. `JobProblem` keeps the jobs that failed or
wait to be tried again, for the province's administrator.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REPORT_DUE = "report_due", _("Report due soon")
    REPORT_OVERDUE = "report_overdue", _("Report overdue")
    REPORT_RETURNED = "report_returned", _("Report returned")
    NOMINATION_WAITING = "nomination_waiting", _("Nomination waiting for you")
    CONFLICT_OPEN = "conflict_open", _("Sync conflict to settle")
    ASSIGNMENT_TOMORROW = "assignment_tomorrow", _("Assignment tomorrow")


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None) -> "NotificationQuerySet":
        """A user's own notifications (nobody reads another's; `perm` is not used)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # What it is about, as a stable key ("report:12", "nomination:5:submitted") and a link.
    subject = models.CharField(max_length=100)
    link = models.CharField(max_length=300, blank=True)
    text = models.CharField(_("text"), max_length=400)
    day = models.DateField()  # the local day it was made: part of the uniqueness key
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # When it went out by e-mail, on its own or in a digest (null: not yet, or never).
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "subject", "day"], name="notification_once_a_day"
            )
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["user", "kind", "subject"], name="notification_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.subject}"


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("An e-mail for each notification")
    DIGEST = "digest", _("One e-mail a day with everything new")
    IN_APP = "in_app", _("No e-mail: in tocds only")


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    delivery = models.CharField(
        _("e-mail"), max_length=16, choices=Delivery.choices, default=Delivery.DIGEST
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.delivery}"


class DigestSent(models.Model):
    """A user's daily digest, once a day whatever the number of workers."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class JobState(models.TextChoices):
    RETRYING = "retrying", _("Will be tried again")
    FAILED = "failed", _("Failed")
    RECOVERED = "recovered", _("Succeeded when tried again")


class JobProblem(models.Model):
    """A background job that raised an error: one row per queued job, updated at each try."""

    task_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("job"), max_length=200)
    state = models.CharField(_("state"), max_length=16, choices=JobState.choices)
    error = models.TextField(_("error"))
    tries = models.PositiveSmallIntegerField(_("tries"), default=1)
    retries_left = models.PositiveSmallIntegerField(_("tries left"), default=0)
    first_failed_at = models.DateTimeField(_("first failed"), default=timezone.now)
    last_failed_at = models.DateTimeField(_("last failed"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("job problem")
        verbose_name_plural = _("job problems")
        ordering = ["-last_failed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.state}"
