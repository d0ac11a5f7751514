"""Numbers a person reads, written as the active language writes them: "1.500", "22,1 %" in
Vietnamese, "1,500", "22.1 %" in English (the separators come from tocds/formats). One way for
pages, charts and documents: `number`, `percent`, `percent_of` here, and the same as template
filters (`{% load numbers %}`: `num`, `percent`, `percent_of`). Excel cells stay numbers
(core.xlsx gives them a thousands format).

A province page writes a thousand numbers: look the separator up once per table
(`thousands_separator()`) and pass it to `grouped`/`part_of`."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from django.utils.formats import get_format
from django.utils.translation import get_language

# Between a number and its percent sign: a space that never breaks the line ("22,1 %").
PERCENT_SIGN = "\u00a0%"
DASH = "—"


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


@lru_cache(maxsize=16)
def _decimal_separator(language: str | None) -> str:
    return str(get_format("DECIMAL_SEPARATOR", language))


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def number(value: object, digits: int = 0) -> str:
    """A number as the active language writes it, grouped by thousands and rounded half up to
    `digits` decimals: 1.500 and 22,1 in Vietnamese, 1,500 and 22.1 in English; a dash for
    no number."""
    amount = _decimal(value)
    if amount is None:
        return DASH
    digits = max(int(digits), 0)
    amount = amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if amount == 0:
        amount = abs(amount)  # no "-0,0"
    language = get_language()
    thousands = _thousands(language) or ""
    text = f"{amount:,.{digits}f}"
    return text.translate({ord(","): thousands, ord("."): _decimal_separator(language)})


def percent(share: object, digits: int = 1) -> str:
    """A share already in percent (22.07) as "22,1 %" (Vietnamese) or "22.1 %" (English); a
    dash for no share."""
    text = number(share, digits)
    return text if text == DASH else text + PERCENT_SIGN


def share_of(part: object, whole: object) -> float | None:
    """`part` as a percent of `whole`; None where the whole is not a positive number."""
    top, bottom = _decimal(part), _decimal(whole)
    if top is None or bottom is None or bottom <= 0:
        return None
    return float(top * 100 / bottom)


def percent_of(part: object, whole: object, digits: int = 1) -> str:
    """`part` of `whole` as a percent, "22,1 %"; a dash where the whole is zero or unknown."""
    return percent(share_of(part, whole), digits)
