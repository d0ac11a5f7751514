"""Vietnamese phone numbers: parse, validate, normalise to E.164, mask for display."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REGION = "VN"


def normalise_phone(raw: str) -> str:
    """Return the E.164 form ("+84912345678") of a Vietnamese number, or raise ValidationError.

    Accepts the usual spellings: "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678".
    """
    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("Enter a phone number."), code="required")
    digits = "".join(ch for ch in text if ch.isdigit() or ch == "+")
    if digits.startswith("84") and len(digits) >= 11:
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("This is not a phone number."), code="invalid") from exc
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):
        raise ValidationError(_("This is not a valid Vietnamese phone number."), code="invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def looks_like_phone(text: str) -> bool:
    stripped = (text or "").replace(" ", "").replace(".", "").replace("-", "")
    return stripped.lstrip("+").isdigit() and len(stripped) >= 9


def national(e164: str | None) -> str:
    """The number as Vietnamese people write it: "0912 345 678"."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, REGION)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def mask(e164: str | None) -> str:
    """Show only the last three digits: "09xx xxx 678"."""
    if not e164:
        return ""
    text = national(e164)
    digits_seen = 0
    total = sum(ch.isdigit() for ch in text)
    out = []
    for ch in text:
        if ch.isdigit():
            digits_seen += 1
            keep = digits_seen <= 2 or digits_seen > total - 3
            out.append(ch if keep else "x")
        else:
            out.append(ch)
    return "".join(out)
