"""Users, organisations, role grants on places, and persons (team members, trainees)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tocds.core.models import FoldedNameMixin, max_length_check


class User(AbstractUser):
    """A person who signs in, by username or by phone number."""

    phone = models.CharField(
        _("phone number"), max_length=16, null=True, blank=True, unique=True
    )  # E.164, normalised by tocds.people.phones
    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    objects = UserManager()

    class Meta:
        constraints = [
            max_length_check("full_name", 150),
        ]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username


class OrganisationKind(models.TextChoices):
    PROVINCE_AGENCY = "province_agency", _("Province agency")
    # The Department of Education and Training: its agency officers see the school programme.
    EDUCATION_AGENCY = "education_agency", _("Department of Education and Training")
    # The Department of Science and Technology selects honours; Home Affairs appraises them.
    SCIENCE_AGENCY = "science_agency", _("Department of Science and Technology")
    HOME_AFFAIRS_AGENCY = "home_affairs_agency", _("Department of Home Affairs")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")
    SCHOOL = "school", _("School")
    ENTERPRISE = "enterprise", _("Enterprise")
    MEDIA = "media", _("Media outlet")
    YOUTH_UNION = "youth_union", _("Youth Union")
    OTHER = "other", _("Other")


class Organisation(FoldedNameMixin, models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="organisations"
    )
    # The office's public line (E.164), shown to citizens where a team's own contact is not
    # published (a commune's one-stop desk); an office's number, never a person's.
    public_phone = models.CharField(_("public phone"), max_length=16, blank=True)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            max_length_check("name", 200),
            models.UniqueConstraint(
                fields=["kind", "place", "search_name"], name="organisation_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """Roles granted on a place. Team roles (leader, member) come from team memberships."""

    PROVINCE_ADMIN = "province_admin", _("Province administrator")
    AGENCY_OFFICER = "agency_officer", _("Agency officer")
    APPROVER = "approver", _("Approver (Chairman's office)")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    TEACHER = "teacher", _("Teacher")
    YOUTH_OFFICER = "youth_officer", _("Youth Union officer")
    MEDIA_EDITOR = "media_editor", _("Media editor")
    PARTNER_OFFICER = "partner_officer", _("Enterprise officer")


class RoleGrantQuerySet(models.QuerySet):
    def active(self) -> "RoleGrantQuerySet":
        return self.filter(revoked_at__isnull=True)


class RoleGrant(models.Model):
    """User × role × place (the grant holds for the whole subtree) × organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="grants"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "place"],
                condition=Q(revoked_at__isnull=True),
                name="rolegrant_unique_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.place}"


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token of {self.user_id}"


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNSPECIFIED = "", _("Not stated")


class Person(FoldedNameMixin, models.Model):
    """A team member or trainee. Minimum data: no ethnicity, no ID-card number."""

    folded_field = "full_name"

    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(
        _("phone number"), max_length=16, null=True, blank=True, unique=True
    )  # E.164
    gender = models.CharField(
        _("gender"), max_length=8, choices=Gender.choices, blank=True, default=""
    )
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    search_name = models.CharField(max_length=150, editable=False, db_index=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["search_name"]
        constraints = [
            max_length_check("full_name", 150),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="person_birth_year_range",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name
