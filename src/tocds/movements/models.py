"""Emulation movements (phong trào thi đua, D5.2): a movement, its participants, its criteria
(measured from tocds data or scored by hand), the hand scores and the ranking frozen at close."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tocds.core.models import max_length_check
from tocds.places import tree


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class ParticipantKind(models.TextChoices):
    TEAM = "team", _("Team")
    ORGANISATION = "organisation", _("Organisation")
    SCHOOL = "school", _("School")
    INDIVIDUAL = "individual", _("Individual")


class CriterionKind(models.TextChoices):
    MEASURED = "measured", _("Measured from tocds data")
    MANUAL = "manual", _("Scored by hand")


class MovementQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None) -> "MovementQuerySet":
        """Movements that concern the places where the user holds `perm` (default: viewing
        movements). Viewing: a whole-province movement of the user's province, a movement of a
        province inside the user's area, or one whose chosen communes meet the user's area.
        Managing: a whole-province movement of a province inside the user's area, or one whose
        chosen communes all lie inside it (a commune's officer runs their commune's movements)."""
        from tocds.people.scoping import Perm, scope_for

        perm = perm or Perm.VIEW_MOVEMENTS
        paths = set(scope_for(user, perm).paths)
        if not paths:
            return self.none()
        if perm == Perm.MANAGE_MOVEMENTS:
            outside = Movement.communes.through.objects.filter(movement_id=OuterRef("pk")).exclude(
                tree.within(paths, "place__path")
            )
            return self.filter(
                (Q(whole_province=True) & tree.within(paths, "province__path"))
                | (Q(whole_province=False) & ~Exists(outside))
            )
        above = sorted({ancestor for path in paths for ancestor in tree.ancestors(path)})
        reaches = (
            Q(whole_province=True, province__path__in=sorted({tree.top(p) for p in paths}))
            | tree.within(paths, "province__path")
            | tree.within(paths, "communes__path")
            | Q(communes__path__in=above)
        )
        return self.filter(pk__in=Movement.objects.filter(reaches).values("pk"))

    def public(self) -> "MovementQuerySet":
        """Movements whose leaderboard is public: running or closed."""
        return self.filter(status__in=[Status.RUNNING, Status.CLOSED])


class Movement(models.Model):
    """A movement launched by the Youth Union or another organisation over the province or
    chosen communes, for a period."""

    name = models.CharField(_("name"), max_length=200)
    organiser = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organiser"),
    )
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    province = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    whole_province = models.BooleanField(_("whole province"), default=True)
    communes = models.ManyToManyField(
        "places.Place", blank=True, related_name="+", verbose_name=_("communes")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the movement closes: when its ranking was frozen, and the last day counted.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    counted_to = models.DateField(_("data counted up to"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[communes])

    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["-starts_on", "name"]
        constraints = [
            max_length_check("name", 200),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="movement_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED


class Participant(models.Model):
    """A team, an organisation (a Youth Union branch …), a school or a person taking part.
    Exactly one of `team`, `organisation`, `person` is set, matching `kind`."""

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="participants", verbose_name=_("movement")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ParticipantKind.choices)
    team = models.ForeignKey(
        "teams.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The commune it belongs to, for rankings within a commune (empty: a province-level one).
    commune = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    # An individual's consent to appear by name on the public leaderboard (never pre-ticked).
    show_name_publicly = models.BooleanField(
        _("name shown on the public leaderboard"), default=False
    )
    added_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=ParticipantKind.TEAM,
                        team__isnull=False,
                        organisation__isnull=True,
                        person__isnull=True,
                    )
                    | Q(
                        kind__in=[ParticipantKind.ORGANISATION, ParticipantKind.SCHOOL],
                        team__isnull=True,
                        organisation__isnull=False,
                        person__isnull=True,
                    )
                    | Q(
                        kind=ParticipantKind.INDIVIDUAL,
                        team__isnull=True,
                        organisation__isnull=True,
                        person__isnull=False,
                    )
                ),
                name="participant_exactly_one",
            ),
            models.UniqueConstraint(fields=["movement", "team"], name="participant_team_once"),
            models.UniqueConstraint(
                fields=["movement", "organisation"], name="participant_organisation_once"
            ),
            models.UniqueConstraint(fields=["movement", "person"], name="participant_person_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The participant's name (an individual's full name: not for public pages)."""
        if self.team_id:
            return self.team.name
        if self.organisation_id:
            return self.organisation.name
        return self.person.full_name

    @property
    def public_name(self) -> str:
        """The name the public leaderboard shows: collectives by name, an individual only with
        their consent."""
        if self.kind != ParticipantKind.INDIVIDUAL or self.show_name_publicly:
            return self.name
        return str(_("Individual (name not public)"))


class Criterion(models.Model):
    """One criterion of a movement: a measure computed from tocds data (`measure`, a key of
    `movements.measures.MEASURES`) or points given by hand up to `max_points`, with a weight."""

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("movement")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=CriterionKind.choices)
    measure = models.CharField(_("measure"), max_length=32, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=2)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "pk"]
        constraints = [
            max_length_check("name", 200),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(
                condition=(Q(kind=CriterionKind.MEASURED, max_points__isnull=True) & ~Q(measure=""))
                | Q(kind=CriterionKind.MANUAL, measure="", max_points__gt=0),
                name="criterion_measure_or_maximum",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ManualScore(models.Model):
    """Points given by hand to one participant on one criterion, with a note and an optional
    evidence file (JPEG, PNG or PDF, checked by content, through the default storage)."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="scores", verbose_name=_("participant")
    )
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    evidence = models.FileField(
        _("evidence"), upload_to="movements/%Y/%m/", max_length=255, blank=True
    )
    evidence_type = models.CharField(max_length=40, blank=True, editable=False)
    evidence_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hand score")
        verbose_name_plural = _("hand scores")
        ordering = ["criterion", "participant"]
        constraints = [
            max_length_check("note", 300),
            models.UniqueConstraint(fields=["criterion", "participant"], name="score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} · {self.participant_id}: {self.points}"


class Standing(models.Model):
    """A participant's place in the ranking frozen when its movement closed: rank among the
    participants of its kind, out of how many, the score and the breakdown of each criterion
    (raw value, weight, points) as computed then. Written once; never changed."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="standings")
    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="standing"
    )
    kind = models.CharField(max_length=16, choices=ParticipantKind.choices)
    rank = models.PositiveIntegerField()
    out_of = models.PositiveIntegerField()
    score = models.DecimalField(max_digits=16, decimal_places=2)
    breakdown = models.JSONField(default=list)
    frozen_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "rank", "pk"]

    def __str__(self) -> str:
        return f"{self.movement_id} · {self.participant_id}: {self.rank}"
