"""Community Digital Transformation Teams and their members (directive D5.1, D7.1)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tocds.core.models import FoldedNameMixin, max_length_check
from tocds.people.scoping import Perm, scope_for


class TeamStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DISSOLVED = "dissolved", _("Dissolved")


class TeamQuerySet(models.QuerySet):
    def visible_to(self, user, perm: Perm = Perm.VIEW_TEAMS) -> "TeamQuerySet":
        return self.filter(scope_for(user, perm).team_q())

    def active(self) -> "TeamQuerySet":
        return self.filter(status=TeamStatus.ACTIVE)


class Team(FoldedNameMixin, models.Model):
    name = models.CharField(_("name"), max_length=200)
    # A hamlet, or a commune for a commune-level team.
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="teams")
    decision_number = models.CharField(_("founding decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("founding decision date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=TeamStatus.choices, default=TeamStatus.ACTIVE
    )
    note = models.TextField(_("note"), blank=True)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["search_name"])

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["place__path", "name"]
        constraints = [
            max_length_check("name", 200),
            # National guidance 793/BTTTT-THH: one team per hamlet (or per commune at that level).
            models.UniqueConstraint(
                fields=["place"],
                condition=Q(status="active"),
                name="team_one_active_per_place",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    DEPUTY = "deputy", _("Deputy leader")
    MEMBER = "member", _("Member")


class AffiliationKind(models.TextChoices):
    YOUTH_UNION = "youth_union", _("Youth Union")
    ENTERPRISE = "enterprise", _("Enterprise staff")
    POLICE = "police", _("Police")
    HAMLET_HEAD = "hamlet_head", _("Hamlet head")
    TEACHER = "teacher", _("Teacher")
    HEALTH_WORKER = "health_worker", _("Health worker")
    WOMENS_UNION = "womens_union", _("Women's Union")
    VETERANS = "veterans", _("Veterans' Association")
    OTHER = "other", _("Other")


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user, perm: Perm = Perm.VIEW_TEAMS) -> "MembershipQuerySet":
        return self.filter(scope_for(user, perm).team_q("team__"))

    def active(self) -> "MembershipQuerySet":
        return self.filter(left_on__isnull=True)


class Membership(models.Model):
    """A person's time in a team. Ending or moving keeps the row: history stays whole."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="memberships"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(
        _("role in the team"), max_length=16, choices=TeamRole.choices, default=TeamRole.MEMBER
    )
    enterprise = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_memberships",
        limit_choices_to={"kind": "enterprise"},
    )
    affiliation_note = models.CharField(_("other affiliation"), max_length=200, blank=True)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)
    # The member's consent to show their name and phone on the public page of their hamlet's
    # team ("Tổ CĐS ở thôn tôi"), off by default, and the day it was recorded.
    public_contact = models.BooleanField(_("contact shown publicly"), default=False)
    public_contact_since = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["team", "role", "person__search_name"]
        indexes = [
            # Active members of a team: member counts, team pages, coverage.
            models.Index(
                fields=["team"], condition=Q(left_on__isnull=True), name="membership_active_team"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(left_on__isnull=True),
                name="membership_one_active_team_per_person",
            ),
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(left_on__isnull=True, role="leader"),
                name="membership_one_leader_per_team",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.team}"

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class Affiliation(models.Model):
    """What a member brings to the team: Youth Union (D5.1), enterprise staff (D7.1), …"""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="affiliations"
    )
    kind = models.CharField(_("affiliation"), max_length=32, choices=AffiliationKind.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "kind"], name="affiliation_unique_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
