from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from tocds.core.text import clean_name, fold


def max_length_check(field: str, limit: int) -> models.CheckConstraint:
    """The database's own refusal of a text longer than its field's `max_length`: SQLite
    ignores a varchar's length (PostgreSQL refuses it already; the check is harmless there).
    Pass the field's max_length; `core/tests/test_length_limits.py` checks that they agree."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), limit),
        name=f"%(app_label)s_%(class)s_{field}_max_length",
    )


def trim_over_long(app_label: str, model_name: str, field: str, limit: int):
    """A migration step run before a `max_length_check` is added: on SQLite an import could
    store a longer text (issue 13), which the new check would refuse; it is cut to the limit.
    PostgreSQL never held one (its varchar refuses it)."""

    def trim(apps, schema_editor) -> None:
        model = apps.get_model(app_label, model_name)
        over = model._base_manager.annotate(_length=Length(field)).filter(_length__gt=limit)
        for pk, value in over.values_list("pk", field):
            model._base_manager.filter(pk=pk).update(**{field: value[:limit]})

    return migrations.RunPython(trim, migrations.RunPython.noop, elidable=True)


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
