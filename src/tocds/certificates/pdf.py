"""The certificate as a one-page PDF (fpdf2), with a Vietnamese font embedded and a QR code
linking to the public verification page.

Deliberately plain: no national emblem, motto, red-and-gold seal or VNeID look; it says in words
that it is not the state's confirmation of digital skills recorded on VNeID (QĐ 757/QĐ-BKHCN).
"""

import io
from pathlib import Path

import segno
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from tocds.certificates.models import Certificate, CertificateKind

REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"
INK = (27, 31, 36)
GREEN = (29, 107, 47)
MUTED = (77, 85, 96)


def font_files() -> tuple[Path, Path]:
    """The regular and bold TrueType files (DejaVu Sans: every Vietnamese letter)."""
    font_dir = Path(settings.PDF_FONT_DIR)
    regular, bold = font_dir / REGULAR, font_dir / BOLD
    if not regular.is_file() or not bold.is_file():
        raise ImproperlyConfigured(
            f"{REGULAR} and {BOLD} are needed in {font_dir} (Debian: apt-get install "
            "fonts-dejavu-core, or set TOCDS_PDF_FONT_DIR)"
        )
    return regular, bold


def qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return buffer


def _wording(certificate: Certificate) -> tuple[str, str]:
    """The certificate's heading and the verb before its title: a course or a skill is
    completed; an honour is awarded."""
    if certificate.kind == CertificateKind.HONOUR:
        return _("Certificate of merit"), _("has been awarded")
    return _("Certificate of completion"), _("has completed")


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    regular, bold = font_files()
    heading, verb = _wording(certificate)
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(heading)
    pdf.set_subject(f"{certificate.title} · {certificate.display_code}")
    pdf.set_creator("tocds")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.add_page()
    width = pdf.w - 50  # text block inside the frame

    pdf.set_draw_color(*GREEN)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)

    pdf.set_text_color(*MUTED)
    pdf.set_font("DejaVu", size=11)
    pdf.set_xy(25, 20)
    pdf.cell(width, 6, f"tocds · {settings.TEAM_DISPLAY_NAME}", align="C")

    pdf.set_text_color(*GREEN)
    pdf.set_font("DejaVu", "B", 28)
    pdf.set_xy(25, 34)
    pdf.cell(width, 14, heading.upper(), align="C")

    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", size=14)
    pdf.set_xy(25, 56)
    pdf.cell(width, 8, _("This certifies that"), align="C")
    pdf.set_font("DejaVu", "B", 22)
    pdf.set_xy(25, 66)
    pdf.cell(width, 12, certificate.holder_name or _("the learner"), align="C")
    pdf.set_font("DejaVu", size=14)
    pdf.set_xy(25, 82)
    pdf.cell(width, 8, verb, align="C")
    pdf.set_font("DejaVu", "B", 18)
    pdf.set_xy(25, 92)
    pdf.multi_cell(width, 9, certificate.title, align="C")
    if certificate.detail:
        pdf.set_font("DejaVu", size=12)
        pdf.set_x(55)
        pdf.multi_cell(width - 60, 6.5, certificate.detail, align="C")

    issued = timezone.localtime(certificate.issued_at)
    when = {"date": issued.strftime("%d/%m/%Y")}
    if certificate.place:
        issued_text = _("Issued on %(date)s in %(place)s") % {
            **when,
            "place": certificate.place.name,
        }
    else:
        issued_text = _("Issued on %(date)s") % when
    pdf.set_font("DejaVu", size=12)
    pdf.set_xy(25, 150)
    pdf.cell(width - 60, 7, issued_text)
    pdf.set_xy(25, 158)
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(width - 60, 8, _("Code: %(code)s") % {"code": certificate.display_code})
    pdf.set_font("DejaVu", size=10)
    pdf.set_xy(25, 167)
    pdf.cell(width - 60, 6, _("Check it at: %(url)s") % {"url": verify_url})

    pdf.image(qr_png(verify_url), x=pdf.w - 70, y=135, w=45, h=45)

    pdf.set_text_color(*MUTED)
    pdf.set_font("DejaVu", size=9)
    pdf.set_xy(25, 182)
    pdf.multi_cell(
        width,
        4.5,
        _(
            "Issued by tocds, the learning pages of the community digital transformation "
            "teams. This is not the state's confirmation of basic digital skills recorded on "
            "VNeID."
        ),
        align="C",
    )
    return bytes(pdf.output())
