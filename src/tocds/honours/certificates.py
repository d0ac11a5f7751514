"""The certificate of merit of an honoured nominee, issued through the `certificates` app
(its public verification link and PDF), naming the form, the round and the decision."""

from tocds.certificates.models import CertificateKind
from tocds.certificates.services import certificates_of, issue_certificate
from tocds.honours.models import Nomination


def detail_of(nomination: Nomination) -> str:
    parts = [nomination.round.name]
    if nomination.decision_number:
        day = nomination.decision_date.strftime("%d/%m/%Y") if nomination.decision_date else ""
        parts.append(f"Quyết định số {nomination.decision_number} ngày {day}".strip())
    return " · ".join(parts)


def issue_for(nomination: Nomination, *, actor):
    """The nomination's certificate; one per nomination (an existing one is kept)."""
    existing = certificates_of(nomination).first()
    if existing is not None:
        return existing
    return issue_certificate(
        kind=CertificateKind.HONOUR,
        title=nomination.form.name,
        holder_name=nomination.nominee[:120],
        detail=detail_of(nomination),
        place=nomination.commune or nomination.unit_place,
        source=nomination,
        actor=actor,
    )
