"""`{fact:key}` placeholders: lessons and questions cite hotlines, web addresses and
institution names from the facts table, filled in when a page is rendered."""

import re

from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from tocds.learning.models import Fact

PLACEHOLDER = re.compile(r"\{fact:([a-z0-9_]+)\}")
MISSING = "…"


def fact_map() -> dict[str, Fact]:
    """Every fact by key (one query; a page renders with it)."""
    return {fact.key: fact for fact in Fact.objects.all()}


def keys_in(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text or ""))


def fill(text: str, facts: dict[str, Fact]) -> str:
    """Plain text with the placeholders replaced (for the PDF, speech, exports)."""

    def value(match: re.Match) -> str:
        fact = facts.get(match[1])
        return fact.value if fact is not None else MISSING

    return PLACEHOLDER.sub(value, text or "")


def render(text: str, facts: dict[str, Fact]) -> SafeString:
    """HTML: the text escaped, each placeholder a `<strong class="fact">` with its value."""
    parts: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(text or ""):
        parts.append(escape(text[position : match.start()]))
        fact = facts.get(match[1])
        shown = conditional_escape(fact.value) if fact is not None else MISSING
        parts.append(f'<strong class="fact">{shown}</strong>')
        position = match.end()
    parts.append(escape((text or "")[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
