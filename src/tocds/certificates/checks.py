"""The certificate PDF needs a TrueType font with Vietnamese letters (DejaVu Sans)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register

from tocds.certificates.pdf import BOLD, REGULAR


@register()
def pdf_font_present(app_configs, **kwargs) -> list[Warning]:
    font_dir = Path(settings.PDF_FONT_DIR)
    if (font_dir / REGULAR).is_file() and (font_dir / BOLD).is_file():
        return []
    return [
        Warning(
            f"{REGULAR} and {BOLD} are not in {font_dir}: certificates cannot be printed.",
            hint="apt-get install fonts-dejavu-core, or set TOCDS_PDF_FONT_DIR to a folder "
            "holding them.",
            id="tocds.W010",
        )
    ]
