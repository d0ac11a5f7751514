"""Household visits recorded in the field, their sync bookkeeping, quality flags and tallies.

A visit is created on a phone, often offline, and reaches the server through the sync protocol of
RELIABILITY.md (see `tocds.visits.sync`). The phone's UUID is the visit's identity for life; the
database enforces it. Tallies (`VisitTally`, `ServiceTally`) are pre-aggregated counters kept in
step with the visits inside the same transaction, so dashboards never scan the visits.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Outcome(models.TextChoices):
    DONE = "done", _("Done")
    FOLLOW_UP = "follow_up", _("Needs a follow-up visit")


class VisitQuerySet(models.QuerySet):
    def counted(self) -> "VisitQuerySet":
        """Visits that count in the figures (not excluded by an officer)."""
        return self.filter(excluded=False)

    def visible_to(self, user, perm=None) -> "VisitQuerySet":
        """Visits of the teams where the user holds `perm` (default: viewing progress)."""
        from tocds.people.scoping import Perm, scope_for

        return self.filter(scope_for(user, perm or Perm.VIEW_PROGRESS).team_q("team__"))


class OfVisitQuerySet(models.QuerySet):
    """Rows about one visit (its conflicts, its quality flags)."""

    def visible_to(self, user, perm=None):
        """Rows of visits of the teams where the user holds `perm` (default: reviewing)."""
        from tocds.people.scoping import Perm, scope_for

        return self.filter(scope_for(user, perm or Perm.REVIEW_VISITS).team_q("visit__team__"))


class Visit(models.Model):
    """One household guided by a team during a campaign."""

    uuid = models.UUIDField(_("record identifier"), unique=True, editable=False)
    # No single-column index where a composite index below starts with the column: every
    # index is written on each insert.
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        related_name="visits",
        db_index=False,
        verbose_name=_("campaign"),
    )
    team = models.ForeignKey(
        "teams.Team", on_delete=models.PROTECT, related_name="visits", verbose_name=_("team")
    )
    # The team's commune at the time of the visit, kept for grouping and scoping.
    commune = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    hamlet = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("hamlet")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="visits",
        db_index=False,
        verbose_name=_("recorded by"),
    )
    household = models.CharField(_("household (house number or label)"), max_length=60)
    household_key = models.CharField(max_length=60, editable=False)
    # Name and phone of the head of household only with their explicit consent.
    consent = models.BooleanField(_("consent to keep name and phone"), default=False)
    head_name = models.CharField(_("head of household"), max_length=100, blank=True)
    head_phone = models.CharField(_("phone"), max_length=16, blank=True)
    people_guided = models.PositiveSmallIntegerField(_("people guided"))
    # "service:people:outcome;…" sorted by service: the services in one column, for history.
    services_text = models.CharField(
        _("services guided"), max_length=1000, blank=True, editable=False
    )
    visited_at = models.DateTimeField(_("visited at"))  # device time corrected for clock skew
    visit_day = models.DateField(_("day"))  # local day of visited_at
    device_time = models.DateTimeField(_("time on the phone"))  # as the phone's clock said
    # The phone's clock at sending.
    device_sent_at = models.DateTimeField(_("sent at (phone's clock)"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    # Server time minus the phone's clock.
    skew_seconds = models.IntegerField(_("phone clock correction (seconds)"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    content_hash = models.CharField(max_length=64, editable=False)
    ingest_id = models.UUIDField(editable=False)  # the sync request that created the row
    excluded = models.BooleanField(_("excluded from the figures"), default=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    history = HistoricalRecords(
        excluded_fields=["household_key", "content_hash", "ingest_id", "head_name", "head_phone"]
    )

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("household visit")
        verbose_name_plural = _("household visits")
        ordering = ["-visited_at"]
        indexes = [
            models.Index(fields=["campaign", "hamlet", "household_key"], name="visit_household"),
            models.Index(fields=["campaign", "commune", "visit_day"], name="visit_commune_day"),
            models.Index(fields=["recorded_by", "visited_at"], name="visit_recorder"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent=True) | models.Q(head_name="", head_phone=""),
                name="visit_personal_data_needs_consent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.hamlet_id}"


class VisitService(models.Model):
    """A service a household was guided in: how many people, and the outcome."""

    # Indexed by the unique constraint (visit, service).
    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="services", db_index=False
    )
    service = models.ForeignKey(
        "campaigns.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    people = models.PositiveSmallIntegerField(_("people"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)

    class Meta:
        verbose_name = _("service guided")
        verbose_name_plural = _("services guided")
        constraints = [
            models.UniqueConstraint(fields=["visit", "service"], name="visit_service_once")
        ]

    def __str__(self) -> str:
        return f"{self.service_id}: {self.people} ({self.outcome})"


class Resolution(models.TextChoices):
    OPEN = "open", _("Open")
    KEPT_SERVER = "kept_server", _("Kept the server's copy")
    TOOK_PHONE = "took_phone", _("Took the phone's copy")


class SyncConflict(models.Model):
    """A copy of a visit the server refused to overwrite its own with; kept for review."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="conflicts")
    payload = models.JSONField()  # the record as the phone sent it
    content_hash = models.CharField(max_length=64)  # of the payload: a resend adds no copy
    base_version = models.PositiveIntegerField(null=True, blank=True)
    server_version = models.PositiveIntegerField()
    skew_seconds = models.IntegerField(default=0)  # of the batch that brought it
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)
    resolution = models.CharField(
        max_length=16, choices=Resolution.choices, default=Resolution.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = OfVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("sync conflict")
        verbose_name_plural = _("sync conflicts")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.visit_id} v{self.base_version} / v{self.server_version}"


class FlagKind(models.TextChoices):
    OUTSIDE_WINDOW = "outside_window", _("Outside the campaign's days")
    OUTSIDE_AREA = "outside_area", _("Outside the team's assigned hamlets")
    CLOCK_SKEW = "clock_skew", _("Phone clock far off")
    IMPROBABLE_COUNT = "improbable_count", _("Improbable count")
    DUPLICATE_HOUSEHOLD = "duplicate_household", _("Same household recorded twice")
    MANUAL = "manual", _("Flagged by an officer")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Checked: the record is right")
    FIXED = "fixed", _("Fixed")
    EXCLUDED = "excluded", _("Excluded from the figures")


class QualityFlag(models.Model):
    """A doubt about a visit, raised automatically at sync, resolved by an officer."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("kind"), max_length=32, choices=FlagKind.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = OfVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("quality flag")
        verbose_name_plural = _("quality flags")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["visit", "kind"], name="flag_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.visit_id}"


class VisitTally(models.Model):
    """Counted visits per campaign × hamlet × team × member × day (see `tocds.visits.tally`)."""

    # Indexed by the unique key, which starts with the campaign.
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    commune = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    hamlet = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    visits = models.IntegerField(default=0)
    people = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "hamlet", "team", "recorded_by", "day"], name="visit_tally_key"
            )
        ]
        indexes = [models.Index(fields=["campaign", "commune", "day"], name="visit_tally_commune")]

    def __str__(self) -> str:
        return f"{self.hamlet_id} · {self.day}: {self.visits}"


class ServiceTally(models.Model):
    """Counted services per campaign × commune × day × service (see `tocds.visits.tally`)."""

    # Indexed by the unique key, which starts with the campaign.
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    commune = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    service = models.ForeignKey("campaigns.Service", on_delete=models.CASCADE, related_name="+")
    visits = models.IntegerField(default=0)
    people = models.IntegerField(default=0)
    done = models.IntegerField(default=0)  # people with the outcome "done"
    follow_up = models.IntegerField(default=0)  # people needing a follow-up visit

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "commune", "day", "service"], name="service_tally_key"
            )
        ]
        # Covers the campaign's figures by service (every dashboard) without the table.
        indexes = [
            models.Index(
                fields=["campaign", "service", "visits", "people", "done", "follow_up"],
                name="service_tally_by_service",
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} · {self.day} · {self.service_id}: {self.people}"


class DayTally(models.Model):
    """Counted visits per campaign × commune × day: province and commune totals, days."""

    # Indexed by the unique key, which starts with the campaign.
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    commune = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    visits = models.IntegerField(default=0)
    people = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "commune", "day"], name="day_tally_key")
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} · {self.day}: {self.visits}"


class ReachKind(models.TextChoices):
    HAMLET = "h", _("hamlet")
    TEAM = "t", _("team")
    MEMBER = "m", _("member")


class ReachTally(models.Model):
    """Counted visits per campaign × commune × hamlet, team or member, over the whole
    campaign: "reached" is `visits > 0`, counted without scanning the daily tallies."""

    # Indexed by the unique key, which starts with the campaign.
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    commune = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=1, choices=ReachKind.choices)
    key = models.IntegerField()  # the hamlet's, team's or user's id
    visits = models.IntegerField(default=0)
    people = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "commune", "kind", "key"], name="reach_tally_key"
            )
        ]
        # Only reached rows, so that dashboards count them from the index alone: per commune
        # and kind, and members once over the campaign (a member may record in two communes).
        indexes = [
            models.Index(
                fields=["campaign", "commune", "kind", "visits"],
                condition=models.Q(visits__gt=0),
                name="reach_tally_reached",
            ),
            models.Index(
                fields=["campaign", "kind", "key", "visits"],
                condition=models.Q(visits__gt=0),
                name="reach_tally_reached_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} · {self.kind}{self.key}: {self.visits}"
