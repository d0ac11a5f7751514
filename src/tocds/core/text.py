"""Text rules shared by every app: how Vietnamese names are compared and searched."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def fold(text: str) -> str:
    """Fold text for search and comparison.

    Case, diacritics and Unicode normalisation form are ignored, and "đ" matches "d":
    "Xã Hòa An", "xa hoa an" and the NFD spelling of "Hoà An" all fold to the same key.
    """
    decomposed = unicodedata.normalize("NFD", _CONTROL.sub("", text or ""))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped).strip().casefold()


def clean_name(text: str) -> str:
    """A name as stored: NFC, single spaces, no surrounding blanks."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", _CONTROL.sub("", text or ""))).strip()
