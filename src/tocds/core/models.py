from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """Actions on personal data that leave no other trace: exports, imports, sign-ins to the API.

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
