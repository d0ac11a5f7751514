"""Certificates for completed courses, through the certificates app when it is installed.

The certificates app (`tocds.certificates`, built with the learning module) issues a verifiable
certificate with a code, a public page `/verify/<code>/` and a PDF. Until it is part of this
branch a completion is recorded without a certificate (`Completion.certificate_code` stays
empty); these two functions are the only place that talks to it.
"""

from django.apps import apps


def available() -> bool:
    return apps.is_installed("tocds.certificates")


def issue_for(completion, *, actor=None) -> str:
    """Issue (or re-activate) the completion's certificate; returns its code, or ""."""
    return ""


def revoke_for(completion, *, actor=None) -> None:
    """Revoke the certificate of a completion that no longer holds."""
    return None


def verify_url(code: str) -> str:
    return ""
