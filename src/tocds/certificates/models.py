"""Certificates of completion (learning, training) with a public verification code.

A certificate holds the minimum: the name the holder chose to print (may be empty), what was
completed, where, when. Its source (a skill result, a training enrolment …) is a generic link,
so every app issues and revokes certificates the same way (`services.py`).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# No 0/O, 1/I/L: a code read aloud or copied from paper cannot be mistyped into another one.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # 31**12 ≈ 7.9e17 codes (59 bits): not guessable by trying


class CertificateKind(models.TextChoices):
    LEARNING = "learning", _("Learning")
    TRAINING = "training", _("Training")
    # A certificate of merit: an honour decided by the Chairman (tocds.honours).
    HONOUR = "honour", _("Honour")


class Certificate(models.Model):
    code = models.CharField(_("code"), max_length=CODE_LENGTH, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=CertificateKind.choices)
    title = models.CharField(_("what was completed"), max_length=200)
    holder_name = models.CharField(_("holder's name"), max_length=120, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["source_type", "source_id"], name="certificate_source")]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="certificate_revoked_with_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_code} · {self.title}"

    @property
    def display_code(self) -> str:
        """The code in groups of four, easier to read aloud and to type: ABCD-EFGH-JKMN."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
