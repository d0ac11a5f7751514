"""Campaigns "đi từng ngõ, gõ từng nhà" (D1.4, D4.3). This release: the service catalogue."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tocds.core.models import FoldedNameMixin
from tocds.core.skills import Skill


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
