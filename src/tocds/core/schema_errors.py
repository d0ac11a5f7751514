"""Validation errors of a schema (pydantic, through django-ninja or the sync service) in the
active language: pydantic writes "Input should be less than or equal to 99" in English only.

One table maps pydantic's error `type` (and its `ctx`: the limits) to a translated sentence;
an error raised by tocds itself (a `PydanticCustomError` of its own type) already carries its
translated message. `loc` is kept as pydantic gives it, for clients that point at the field.
"""

import typing
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from pydantic_core.core_schema import ErrorType

from tocds.core.numbers import number

_BUILT_IN = frozenset(typing.get_args(ErrorType))

_INTEGER = _("Enter a whole number.")
_NUMBER = _("Enter a number.")
_TEXT = _("Enter a text.")
_DATETIME = _("Enter a valid date and time.")
_DATE = _("Enter a valid date.")
_OBJECT = _("Enter an object with the expected fields.")

MESSAGES = {
    "missing": _("This field is required."),
    "extra_forbidden": _("This field is not expected."),
    "less_than_equal": _("Enter a number no greater than %(le)s."),
    "less_than": _("Enter a number less than %(lt)s."),
    "greater_than_equal": _("Enter a number no less than %(ge)s."),
    "greater_than": _("Enter a number greater than %(gt)s."),
    "int_type": _INTEGER,
    "int_parsing": _INTEGER,
    "int_parsing_size": _INTEGER,
    "int_from_float": _INTEGER,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "decimal_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "finite_number": _NUMBER,
    "bool_type": _("Enter true or false."),
    "bool_parsing": _("Enter true or false."),
    "string_type": _TEXT,
    "string_unicode": _TEXT,
    "string_too_short": _("Enter at least %(min_length)s characters."),
    "string_too_long": _("Enter at most %(max_length)s characters."),
    "string_pattern_mismatch": _("This text contains characters that are not allowed."),
    "too_short": _("Give at least %(min_length)s items."),
    "too_long": _("Give at most %(max_length)s items."),
    "list_type": _("Enter a list."),
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "datetime_object_invalid": _DATETIME,
    "timezone_aware": _DATETIME,
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "time_type": _("Enter a valid time."),
    "time_parsing": _("Enter a valid time."),
    "uuid_type": _("Enter a valid record identifier (UUID)."),
    "uuid_parsing": _("Enter a valid record identifier (UUID)."),
    "enum": _("Choose one of: %(expected)s."),
    "literal_error": _("Choose one of: %(expected)s."),
    "json_invalid": _("The request is not valid JSON."),
    "json_type": _("The request is not valid JSON."),
}
INVALID = _("This value is not valid.")


def _context(ctx: Mapping[str, Any] | None) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in (ctx or {}).items():
        if isinstance(value, bool):
            values[key] = str(value)
        elif isinstance(value, int | float):
            values[key] = number(value, 0 if float(value).is_integer() else 2)
        elif key == "expected":
            values[key] = str(value).replace(" or ", ", ")
        else:
            values[key] = str(value)
    return values


def message(error: Mapping[str, Any]) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) as a sentence in the active
    language."""
    kind = str(error.get("type", ""))
    template = MESSAGES.get(kind)
    if template is None:
        # tocds's own errors carry their translated message; pydantic's others get a generic one.
        return str(error.get("msg") or INVALID) if kind not in _BUILT_IN else str(INVALID)
    try:
        return str(template) % _context(error.get("ctx"))
    except (KeyError, TypeError, ValueError):
        return str(INVALID)


def translated(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The errors with `loc` and `type` as pydantic gives them and `msg` translated."""
    return [
        {"loc": list(e.get("loc", ())), "type": e.get("type", ""), "msg": message(e)}
        for e in errors
    ]


_SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file", "payload"})


def field_path(loc: Iterable[object]) -> str:
    """Where the error is, as a dotted path without the request part it came in
    ("visits.0.people_guided")."""
    parts = [str(part) for part in loc]
    while parts and parts[0] in _SOURCES:
        parts.pop(0)
    return ".".join(parts)


def summary(errors: Iterable[Mapping[str, Any]]) -> str:
    """All errors in one text, each after its field: for clients that show one message."""
    lines = []
    for error in translated(errors):
        path = field_path(error["loc"])
        lines.append(f"{path}: {error['msg']}" if path else error["msg"])
    return " ".join(lines)
