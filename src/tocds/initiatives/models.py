"""Digital-transformation models, initiatives and good practices (D1.2): the registry."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tocds.core.models import max_length_check
from tocds.core.skills import Skill


class Kind(models.TextChoices):
    MODEL = "model", _("Digital-transformation model")
    INITIATIVE = "initiative", _("Initiative")
    GOOD_PRACTICE = "good_practice", _("Good practice")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DEPLOYED = "deployed", _("Deployed")
    REPLICATED = "replicated", _("Replicated")
    STOPPED = "stopped", _("Stopped")


# The 5 skills a model may serve ("other" is not one of them).
SKILLS = [(value, label) for value, label in Skill.choices if value != Skill.OTHER]


def join_skills(values) -> str:
    """The stored form of a set of skills: ",payment,safety," (a plain text that works on
    SQLite and PostgreSQL alike; `skills__contains=",payment,"` finds a skill)."""
    chosen = [value for value, _label in SKILLS if value in set(values)]
    return f",{','.join(chosen)}," if chosen else ""


class InitiativeQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None) -> "InitiativeQuerySet":
        """Initiatives whose place lies where the user holds `perm` (default: managing
        initiatives: a commune officer's commune, the province administrator's province)."""
        from tocds.people.scoping import Perm, scope_for

        scope = scope_for(user, perm or Perm.MANAGE_INITIATIVES)
        if not scope.paths:
            return self.none()
        return self.filter(scope.place_q("place__path"))

    def with_skill(self, skill: str) -> "InitiativeQuerySet":
        return self.filter(skills__contains=f",{skill},")


class Initiative(models.Model):
    """A model (mô hình), an initiative (sáng kiến) or a good practice (cách làm hay) of a
    hamlet, a residential group, a commune or a cluster of hamlets of one commune."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MODEL)
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    # The commune the place lies in (the place itself for a commune): the scope and the
    # registry's grouping.
    commune = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    extra_hamlets = models.ManyToManyField(
        "places.Place", blank=True, related_name="+", verbose_name=_("other hamlets of the cluster")
    )
    skills = models.CharField(_("skills"), max_length=120)
    team = models.ForeignKey(
        "teams.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    people = models.CharField(_("people in charge"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("started on"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    marked_for_replication = models.BooleanField(_("marked for replication"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[extra_hamlets])

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-starts_on", "name"]
        constraints = [
            max_length_check("name", 200),
            max_length_check("skills", 120),
            max_length_check("people", 200),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def skill_values(self) -> list[str]:
        return [value for value in self.skills.split(",") if value]

    @property
    def skill_labels(self) -> list[str]:
        labels = dict(SKILLS)
        return [str(labels[value]) for value in self.skill_values if value in labels]


class InitiativeFigure(models.Model):
    """A figure entered by hand beside the ones tocds computes ("shops paying by QR: 35")."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="figures", verbose_name=_("initiative")
    )
    label = models.CharField(_("what is counted"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["created_at", "pk"]
        constraints = [max_length_check("label", 200), max_length_check("unit", 40)]

    def __str__(self) -> str:
        return self.label

    @property
    def digits(self) -> int:
        """Decimals worth showing: none for a whole number."""
        return 0 if self.value == self.value.to_integral_value() else 2


class Evidence(models.Model):
    """A photo or a document (JPEG, PNG or PDF) kept through Django's default storage."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("initiative")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="initiatives/%Y/%m/", max_length=255)
    content_type = models.CharField(max_length=40, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "pk"]
        constraints = [max_length_check("title", 200)]

    def __str__(self) -> str:
        return self.title
