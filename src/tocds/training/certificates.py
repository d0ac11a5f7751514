"""Certificates for completed courses, through the certificates app (`tocds.certificates`).

A completion issues a certificate of kind "training" (holder: the person's name; what: the
course; where: its province or commune; source: the completion), verified like the learning
certificates at `/verify/<code>/` with a PDF. A completion revoked after a correction of the
sign-in sheet revokes its certificate (with the reason); a completion restored later gets a new
certificate (a revoked code stays revoked). These functions are the only place training talks
to the certificates app.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tocds.certificates.models import Certificate, CertificateKind
from tocds.certificates.services import issue_certificate, revoke_certificate


def issue_for(completion, *, actor=None) -> str:
    """Issue the completion's certificate; store and return its code."""
    course = completion.course
    local = timezone.localtime(completion.completed_at)
    certificate = issue_certificate(
        kind=CertificateKind.TRAINING,
        title=course.title,
        holder_name=completion.person.full_name[:120],
        detail=_("Completed the course on %(date)s.") % {"date": local.strftime("%d/%m/%Y")},
        place=course.place,
        source=completion,
        actor=actor,
    )
    completion.certificate_code = certificate.code
    completion.save(update_fields=["certificate_code"])
    return certificate.code


def revoke_for(completion, *, actor=None) -> None:
    """Revoke the certificate of a completion that no longer holds."""
    certificate = Certificate.objects.filter(
        code=completion.certificate_code, revoked_at__isnull=True
    ).first()
    if certificate is not None:
        revoke_certificate(
            actor=actor,
            certificate=certificate,
            reason=_("The attendance was corrected: the course's rule is no longer met."),
        )


def verify_url(code: str) -> str:
    return reverse("certificates:verify", args=[code])
