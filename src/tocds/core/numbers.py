"""Whole numbers written as the active language writes them ("1,500" in English; Django's
Vietnamese format groups no digits: "1500"), exactly as `intcomma` does but without its cost: a
province page writes a thousand numbers. Look the separator up once per table
(`thousands_separator()`) and pass it on."""

from functools import lru_cache

from django.utils.formats import get_format
from django.utils.translation import get_language


@lru_cache(maxsize=16)
def _thousands(language: str | None) -> str | None:
    """The language's thousands separator, or None where it groups no digits."""
    if get_format("NUMBER_GROUPING", language) != 3:
        return None
    return str(get_format("THOUSAND_SEPARATOR", language))


def thousands_separator() -> str | None:
    """The active language's thousands separator, or None where it groups no digits."""
    return _thousands(get_language())


def grouped(number: int, separator: str | None) -> str:
    """A whole number as `intcomma` writes it in the active language, without its cost (a
    province page writes a thousand numbers)."""
    return str(number) if separator is None else f"{number:,}".replace(",", separator)


def part_of(
    part: int, whole: int | None, *, always: bool = False, separator: str | None = ""
) -> str:
    """Part and whole as "1.234 / 2.000" in the active language; "—" for an unknown whole
    when `always`, nothing after the part when the whole is not set. `separator`: the
    language's thousands separator, when the caller looked it up already."""
    if separator == "":
        separator = thousands_separator()
    text = grouped(part, separator)
    if whole is not None:
        return f"{text} / {grouped(whole, separator)}"
    return f"{text} / —" if always else text
