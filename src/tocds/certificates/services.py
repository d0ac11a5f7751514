"""Issue, revoke and verify certificates. Any app (learning, training) calls these.

Permission checks belong to the calling app's service (who may issue a training certificate is a
training rule); these functions keep the certificate's own rules: an unguessable unique code, a
revocation always has a reason and is kept in history, and verification never confirms a code
that was not issued.
"""

import secrets
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tocds.certificates.models import CODE_ALPHABET, CODE_LENGTH, Certificate
from tocds.core.history import stamp
from tocds.core.text import clean_name


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What a person typed or scanned → the stored form: upper case, no spaces or dashes."""
    return "".join(ch for ch in (raw or "").upper() if ch.isascii() and ch.isalnum())


def issue_certificate(
    *,
    kind: str,
    title: str,
    holder_name: str = "",
    detail: str = "",
    place=None,
    source: models.Model | None = None,
    actor=None,
) -> Certificate:
    """A new certificate with a fresh code. `holder_name` is what the holder typed (may be
    empty); `source` is the record it certifies (a skill result, an enrolment …)."""
    holder_name = clean_name(holder_name or "")
    if len(holder_name) > 120:
        raise ValidationError({"holder_name": _("The name is too long (120 characters at most).")})
    certificate = Certificate(
        kind=kind,
        title=title[:200],
        holder_name=holder_name,
        detail=detail,
        place=place,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if source is not None:
        certificate.source_type = ContentType.objects.get_for_model(source)
        certificate.source_id = source.pk
    stamp(certificate, actor=actor, reason="issued")
    for _attempt in range(5):
        certificate.code = new_code()
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:  # pragma: no cover - a clash of 59-bit random codes
            continue
        return certificate
    raise RuntimeError("could not draw a free certificate code")


@transaction.atomic
def revoke_certificate(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke with a reason shown on the verification page; kept in history. The caller has
    checked that `actor` may revoke this kind of certificate."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking the certificate.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise ValidationError(_("This certificate has already been revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    certificate.revoked_reason = reason[:300]
    stamp(certificate, actor=actor, reason="certificate revoked")
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    return certificate


class Status(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    UNKNOWN = "unknown"  # never issued: mistyped or forged


@dataclass(frozen=True)
class Verification:
    status: Status
    certificate: Certificate | None = None


def verify(code: str) -> Verification:
    """What a code says: valid, revoked (the certificate, with its reason) or unknown."""
    normalised = normalise_code(code)
    if len(normalised) != CODE_LENGTH:
        return Verification(Status.UNKNOWN)
    certificate = Certificate.objects.select_related("place").filter(code=normalised).first()
    if certificate is None:
        return Verification(Status.UNKNOWN)
    if certificate.is_revoked:
        return Verification(Status.REVOKED, certificate)
    return Verification(Status.VALID, certificate)


def certificates_of(source: models.Model):
    """Certificates issued for one source record, newest first."""
    return Certificate.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk
    )
