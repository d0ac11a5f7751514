"""Campaigns "đi từng ngõ, gõ từng nhà" (D1.4, D4.3): catalogue, campaigns, plans, assignments."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tocds.core.models import FoldedNameMixin
from tocds.core.skills import Skill
from tocds.places import tree


class ServiceQuerySet(models.QuerySet):
    def active(self) -> "ServiceQuerySet":
        return self.filter(is_active=True)


class Service(FoldedNameMixin, models.Model):
    """A service teams guide citizens in, tied to one of the 5 skills. Data, not code: the
    province administrator adds, renames and retires services; retired ones keep their records."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    skill = models.CharField(_("skill"), max_length=32, choices=Skill.choices)
    description = models.TextField(_("how to guide it"), blank=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)
    is_active = models.BooleanField(_("offered"), default=True)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["search_name"])

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["position", "search_name"]
        constraints = [models.UniqueConstraint(fields=["search_name"], name="service_unique_name")]

    def __str__(self) -> str:
        return self.name


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None) -> "CampaignQuerySet":
        """Campaigns of a province where the user holds `perm` (default: viewing teams): all
        of them for province-wide roles; for commune roles and team members, those covering
        their commune."""
        from tocds.people.scoping import Perm, scope_for
        from tocds.teams.models import Team

        scope = scope_for(user, perm or Perm.VIEW_TEAMS)
        paths = set(scope.paths)
        paths |= set(
            Team.objects.filter(pk__in=scope.team_ids).values_list("place__path", flat=True)
        )
        if not paths:
            return self.none()
        # A whole-province campaign of the user's province, a campaign of a province inside
        # the user's area, or a commune chosen by the campaign inside the user's area or
        # containing it.
        above = sorted({ancestor for path in paths for ancestor in tree.ancestors(path)})
        reaches = (
            Q(whole_province=True, province__path__in=sorted({tree.top(p) for p in paths}))
            | tree.within(paths, "province__path")
            | tree.within(paths, "communes__path")
            | Q(communes__path__in=above)
        )
        return self.filter(reaches).distinct()


class Campaign(models.Model):
    """A campaign "đi từng ngõ, gõ từng nhà" launched by the province (D1.4)."""

    province = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("province"),
    )
    name = models.CharField(_("name"), max_length=200)
    slogan = models.CharField(_("slogan"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    whole_province = models.BooleanField(_("whole province"), default=True)
    communes = models.ManyToManyField(
        "places.Place", blank=True, related_name="+", verbose_name=_("communes")
    )
    services = models.ManyToManyField(Service, related_name="campaigns", verbose_name=_("services"))
    households_target = models.PositiveIntegerField(_("households to reach"), default=0)
    people_target = models.PositiveIntegerField(_("people to guide"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[communes, services])

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CommunePlan(models.Model):
    """A commune's plan for a campaign (D4.3): its targets and which team covers which hamlet."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="plans", verbose_name=_("campaign")
    )
    commune = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    households_target = models.PositiveIntegerField(_("households to reach"), default=0)
    people_target = models.PositiveIntegerField(_("people to guide"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commune plan")
        verbose_name_plural = _("commune plans")
        ordering = ["campaign", "commune__search_name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "commune"], name="plan_one_per_commune")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.commune}"


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None) -> "AssignmentQuerySet":
        """Assignments of the teams where the user holds `perm` (default: viewing teams — their
        own team, or their area's)."""
        from tocds.people.scoping import Perm, scope_for

        return self.filter(scope_for(user, perm or Perm.VIEW_TEAMS).team_q("team__"))


class Assignment(models.Model):
    """A team covers a hamlet on some days of the campaign."""

    plan = models.ForeignKey(
        CommunePlan, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("plan")
    )
    team = models.ForeignKey(
        "teams.Team", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("team")
    )
    hamlet = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("hamlet")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["starts_on", "hamlet__search_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="assignment_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["plan", "team", "hamlet", "starts_on"], name="assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.hamlet}"
