"""One spelling of tone marks in what tocds writes: the old style of Vietnamese government
documents ("Hòa", "Thủy", "Ủy ban", "khóa", "xóa"), never the new style ("Hoà", "Thuỷ",
"khoá") — in the Vietnamese translations, the templates, the field app, the learning content
and the demo data.

The two styles differ only in an open syllable ending in oa, oe or uy (not after q: "quý" is
written alike in both): the old style marks the first vowel. Place names keep the spelling of
the official list they come from (which mixes both, e.g. "Xã Hòa An" and "Xã Hoà An" are two
communes), and searches fold the marks away so either spelling finds them
(places/tests/test_search.py, teams/tests/test_team_pages.py)."""

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]

# A word ending in o + marked a/e, or u (not after q) + marked y: the new style.
NEW_STYLE = re.compile(r"(?<![^\W\d_])\w*?(?:o[àáảãạèéẻẽẹ]|(?<![qQ])u[ỳýỷỹỵ])(?![^\W\d_])", re.I)
OLD_STYLE = re.compile(r"(?<![^\W\d_])\w*?(?:[òóỏõọ][ae]|(?<![qQ])[ùúủũụ]y)(?![^\W\d_])", re.I)


def _msgstrs(po: Path) -> str:
    """The translations of a .po file (its msgids are English)."""
    text, inside = [], False
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgstr"):
            inside = True
        elif line.startswith(("msgid", "#")) or not line.strip():
            inside = False
        if inside:
            text.append(line)
    return "\n".join(text)


def _written_by_tocds() -> dict[str, str]:
    files = [
        *PACKAGE.glob("*/templates/**/*.html"),
        *PACKAGE.glob("*/templates/**/*.js"),
        *PACKAGE.glob("*/static/**/*.js"),
        *PACKAGE.glob("learning/content/**/*.toml"),
        *PACKAGE.glob("demo/*.py"),
        PACKAGE / "places" / "data" / "name_corrections.json",
    ]
    texts = {str(path.relative_to(PACKAGE)): path.read_text(encoding="utf-8") for path in files}
    texts["locale/vi (translations)"] = _msgstrs(PACKAGE / "locale/vi/LC_MESSAGES/django.po")
    return texts


@pytest.mark.parametrize(
    ("word", "new_style"),
    [
        ("Hoà", True),
        ("thuỷ", True),
        ("Khoẻ", True),
        ("uỷ", True),
        ("Hòa", False),
        ("thủy", False),
        ("toàn", False),  # a closed syllable: marked alike in both styles
        ("hoạt", False),
        ("quý", False),  # after q, u is part of the consonant
        ("huyện", False),
    ],
)
def test_the_rule_tells_the_styles_apart(word, new_style):
    assert bool(NEW_STYLE.fullmatch(word)) is new_style


def test_tocds_writes_the_old_style_only():
    found = {
        name: sorted({m.group(0) for m in NEW_STYLE.finditer(text)})
        for name, text in _written_by_tocds().items()
    }
    assert {name: words for name, words in found.items() if words} == {}


def test_the_translations_do_use_the_old_style():
    """The scan reads the translations (a scan that finds no Vietnamese would pass anyway)."""
    translations = _written_by_tocds()["locale/vi (translations)"]
    assert {"Hủy", "khóa", "xóa", "Ủy"} <= {m.group(0) for m in OLD_STYLE.finditer(translations)}
