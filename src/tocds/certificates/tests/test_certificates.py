"""Certificates: issued with an unguessable code, verified publicly (valid, forged, revoked),
printed as a PDF with the code, a QR link and an embedded Vietnamese font."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from pypdf import PdfReader

from tocds.certificates.models import CODE_ALPHABET, Certificate, CertificateKind
from tocds.certificates.services import (
    Status,
    certificates_of,
    issue_certificate,
    revoke_certificate,
    verify,
)
from tocds.conftest import World

pytestmark = pytest.mark.django_db


def learning_certificate(**kw) -> Certificate:
    return issue_certificate(
        kind=CertificateKind.LEARNING,
        title="Sử dụng dịch vụ công trực tuyến",
        holder_name=kw.pop("holder_name", "Nông Thị Hoa"),
        detail="Tự kiểm tra: 9/10 câu đúng",
        **kw,
    )


def test_codes_are_long_random_and_unique():
    codes = {learning_certificate().code for _ in range(20)}
    assert len(codes) == 20
    assert all(len(c) == 12 and set(c) <= set(CODE_ALPHABET) for c in codes)


def test_valid_code_shows_holder_and_what_was_completed_without_sign_in():
    cert = learning_certificate()
    response = Client().get(f"/verify/{cert.code}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Giấy chứng nhận hợp lệ" in page
    assert "Nông Thị Hoa" in page and "Sử dụng dịch vụ công trực tuyến" in page
    assert "no-cache" in response["Cache-Control"]


def test_code_typed_with_dashes_spaces_and_lower_case_is_found():
    cert = learning_certificate()
    typed = f" {cert.display_code.lower()} "
    assert verify(typed).status == Status.VALID
    response = Client().get("/verify/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{cert.code}/"


def test_forged_code_is_reported_as_unknown():
    cert = learning_certificate()
    forged = cert.code[:-1] + ("2" if cert.code[-1] != "2" else "3")
    assert verify(forged).status == Status.UNKNOWN
    assert verify("not a code").status == Status.UNKNOWN
    response = Client().get(f"/verify/{forged}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không có giấy chứng nhận nào mang mã này" in page
    assert "Nông Thị Hoa" not in page


def test_revoked_code_shows_the_reason_and_no_longer_downloads(world: World):
    cert = learning_certificate()
    revoke_certificate(
        actor=world.province_admin, certificate=cert, reason="Cấp nhầm khi thử hệ thống"
    )
    result = verify(cert.code)
    assert result.status == Status.REVOKED
    page = Client().get(f"/verify/{cert.code}/").content.decode()
    assert "Giấy chứng nhận này đã bị thu hồi" in page
    assert "Cấp nhầm khi thử hệ thống" in page
    assert Client().get(f"/verify/{cert.code}/certificate.pdf").status_code == 404
    reasons = list(cert.history.values_list("history_change_reason", flat=True))
    assert reasons == ["certificate revoked", "issued"]


def test_revoking_needs_a_reason_and_happens_once(world: World):
    cert = learning_certificate()
    with pytest.raises(ValidationError):
        revoke_certificate(actor=world.province_admin, certificate=cert, reason="   ")
    cert.refresh_from_db()
    assert cert.revoked_at is None
    revoke_certificate(actor=world.province_admin, certificate=cert, reason="Sai tên")
    with pytest.raises(ValidationError):
        revoke_certificate(actor=world.province_admin, certificate=cert, reason="Lần nữa")


def test_certificate_links_to_its_source(world: World):
    cert = learning_certificate(source=world.team_a, place=world.commune_a)
    assert list(certificates_of(world.team_a)) == [cert]
    assert cert.source == world.team_a


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_pdf_carries_the_code_the_verification_link_and_embeds_the_font(world: World):
    cert = learning_certificate(place=world.commune_a)
    response = Client().get(f"/verify/{cert.code}/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    text = _pdf_text(response.content)
    assert "GIẤY CHỨNG NHẬN HOÀN THÀNH" in text
    assert cert.display_code in text
    assert "Nông Thị Hoa" in text and "Xã Hòa An" in text
    assert f"http://testserver/verify/{cert.code}/" in text
    assert "không phải" in text and "VNeID" in text
    reader = PdfReader(io.BytesIO(response.content))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [f.get_object()["/DescendantFonts"][0].get_object() for f in fonts.values()]
    assert all(re.search(r"DejaVuSans", d["/BaseFont"]) for d in descriptors)
    assert all("/FontFile2" in d["/FontDescriptor"].get_object() for d in descriptors)
    assert reader.pages[0].images  # the QR code


def test_pdf_without_the_font_fails_with_a_clear_message(settings):
    from django.core.exceptions import ImproperlyConfigured

    from tocds.certificates.pdf import certificate_pdf

    settings.PDF_FONT_DIR = "/nonexistent"
    with pytest.raises(ImproperlyConfigured, match="fonts-dejavu-core"):
        certificate_pdf(learning_certificate(), verify_url="http://x/verify/A/")
