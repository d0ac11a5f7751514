from django.conf import settings
from django.db import models
from django.utils import timezone

from tocds.core.text import clean_name, fold


class FoldedNameMixin:
    """Stores a name cleaned (NFC, single spaces) beside its folded search key `search_name`.

    `folded_field` names the field ("name" by default). Searches and duplicate checks compare
    folded keys, so "Hòa An", "hoa an" and an NFD "Hoà An" are the same name.
    """

    folded_field = "name"

    def save(self, *args, **kwargs) -> None:
        value = clean_name(getattr(self, self.folded_field))
        setattr(self, self.folded_field, value)
        self.search_name = fold(value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and self.folded_field in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)


class AuditEvent(models.Model):
    """Actions on personal data that leave no other trace: exports and imports.

    Holds no personal data itself: what was done, by whom, and how many rows.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=64)
    detail = models.CharField(max_length=255, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


def record(*, actor, action: str, detail: str = "", rows: int = 0) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        detail=detail[:255],
        rows=rows,
    )
