"""The Vietnamese catalogue is complete: every message translated, none fuzzy, placeholders kept."""

import re
import subprocess
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(r'^(#, (?P<flags>.*)\n)?(#\|.*\n)*msgid (?P<id>(".*"\n)+)(msgid_plural .*\n)?'
                   r'(?P<str>(msgstr(\[\d\])? (".*"\n)+)+)', re.M)  # fmt: skip


def entries() -> list[tuple[str, str, str]]:
    text = CATALOGUE.read_text(encoding="utf-8") + "\n"
    found = []
    for match in ENTRY.finditer(text):
        msgid = "".join(re.findall(r'"(.*)"', match["id"]))
        msgstr = "".join(re.findall(r'"(.*)"', match["str"]))
        if msgid:
            found.append((msgid, msgstr, match["flags"] or ""))
    return found


def test_every_message_is_translated_and_none_is_fuzzy():
    items = entries()
    assert len(items) > 250
    assert [m for m, s, _f in items if not s] == []
    assert [m for m, _s, f in items if "fuzzy" in f] == []


def test_translations_keep_every_placeholder():
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{ ?\w+ ?\}\}")
    wrong = [
        (m, s)
        for m, s, _f in entries()
        if sorted(placeholder.findall(m)) != sorted(placeholder.findall(s))
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [("Sign in", "Đăng nhập"), ("Teams", "Tổ CĐS"), ("Team code", "Mã tổ")],
)
def test_the_interface_speaks_vietnamese(english, vietnamese):
    with translation.override("vi"):
        assert gettext(english) == vietnamese


def test_the_compiled_catalogue_is_current_and_valid():
    """The committed .mo is what msgfmt makes of the .po (run `make messages` after editing)."""
    msgfmt = subprocess.run(  # noqa: S603
        ["msgfmt", "--check-format", "-o", "-", str(CATALOGUE)],  # noqa: S607
        capture_output=True,
        check=False,
    )
    assert msgfmt.returncode == 0, msgfmt.stderr.decode()
    assert msgfmt.stdout == CATALOGUE.with_suffix(".mo").read_bytes()
