"""Who changed an official record, when, and what: stamped before saving, shown on its page.

django-simple-history writes the historical row; in a web request its middleware knows the
user, but services are also called from commands and the API, so they stamp the actor here.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from tocds.core.numbers import number

# Fields whose values are personal data: a change is shown, never the values.
PERSONAL_FIELDS = frozenset({"phone", "birth_year", "full_name", "gender"})
_ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
# Reasons services stamp (stored as these codes, shown translated).
REASONS = {
    "created": _("created"),
    "edited": _("edited"),
    "joined": _("joined the team"),
    "ended": _("left the team"),
    "moved in": _("moved in from another team"),
    "dissolved": _("team dissolved"),
    "granted": _("role granted"),
    "revoked": _("role revoked"),
    "account linked": _("account linked"),
    "closed": _("closed"),
    "opened": _("opened"),
    "reopened": _("reopened"),
    "removed": _("removed"),
    "hamlet merged": _("moved with its hamlet's merger"),
    "submitted": _("submitted"),
    "accepted": _("accepted"),
    "returned": _("returned for revision"),
    "unlocked": _("unlocked"),
    # Training
    "enrolled": _("enrolled"),
    "cancelled": _("cancelled"),
    "checked in": _("checked in with the QR code"),
    "sign-in sheet": _("entered from the sign-in sheet"),
    "corrected": _("corrected"),
    "rated": _("rated"),
    "completed": _("completed"),
    "completion revoked": _("completion revoked"),
    "issued": _("issued"),
    "certificate revoked": _("certificate revoked"),
    "loaded": _("loaded from the content files"),
    "draft started": _("new draft started"),
    "submitted for review": _("submitted for review"),
    "returned to draft": _("returned to draft"),
    "published": _("published"),
    "superseded": _("replaced by a newer version"),
    "recording added": _("recording added"),
    "recording removed": _("recording removed"),
    # Models and initiatives (D1.2)
    "proposed": _("proposed"),
    "deployed": _("deployment started"),
    "replicated": _("recorded as replicated"),
    "stopped": _("stopped"),
    "resumed": _("resumed"),
    "marked": _("marked for replication"),
    "unmarked": _("replication mark taken off"),
    # Emulation movements (D5.2)
    "launched": _("launched"),
    "scored": _("points given"),
    # Honours (tocds.honours).
    "drafted": _("nomination drafted"),
    "selected": _("selected by the Department of Science and Technology"),
    "not_selected": _("not selected"),
    "returned_by_home_affairs": _("returned by the Department of Home Affairs"),
    "approved": _("honoured by the Chairman's decision"),
    "not_approved": _("not honoured by the Chairman's decision"),
    "quota set": _("quota set"),
    "deleted": _("deleted"),
    # Outreach (tocds.outreach).
    "made public": _("marked as the province's public news"),
    "made private": _("public news mark taken off"),
    # The directive tracker
    "directive loaded": _("loaded from the directive's text"),
    "status set": _("status set"),
    "note changed": _("note changed"),
    "figure entered": _("figure entered"),
    "figure changed": _("figure changed"),
    "target set": _("target set"),
    "target removed": _("target removed"),
}


def stamp(instance: models.Model, *, actor, reason: str = "") -> models.Model:
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor
    if reason:
        instance._change_reason = reason[:100]
    return instance


@dataclass(frozen=True)
class HistoryRow:
    when: datetime
    who: str
    record: str
    action: str
    reason: str
    changes: tuple[str, ...]


def _value(record, field: models.Field) -> str:
    """A value as a person reads it: times in the province's zone ("14:05 02/12/2026"), dates,
    yes/no and decimals in the active language."""
    value = getattr(record, field.attname)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, float | Decimal):
        return number(value, 2).rstrip("0").rstrip(",.")
    return str(value)


def _reason(record) -> str:
    code = record.history_change_reason or ""
    if code == "created" and record.history_type == "+":
        return ""  # says nothing the action does not
    return str(REASONS.get(code, code))


def history_rows(*histories: Iterable, limit: int = 30) -> list[HistoryRow]:
    """Rows of one or more history querysets, newest first, each with the fields it changed.

    Each history is read once (ordered by date): a record's changes are found by comparing it
    with the record before it, in Python, so the page costs one query per history.
    """
    rows: list[HistoryRow] = []
    for history in histories:
        records = list(history.select_related("history_user").order_by("history_date", "pk"))
        previous: dict[object, object] = {}
        for record in records:
            fields = [
                f
                for f in record.instance_type._meta.concrete_fields
                if f.attname not in {"id", "search_name"} and hasattr(record, f.attname)
            ]
            before = previous.get(record.id)
            changes: list[str] = []
            if before is not None and record.history_type == "~":
                for field in fields:
                    if getattr(before, field.attname) == getattr(record, field.attname):
                        continue
                    label = str(field.verbose_name)
                    if field.attname in PERSONAL_FIELDS or field.is_relation:
                        changes.append(label)
                    else:
                        changes.append(
                            f"{label}: {_value(before, field)} → {_value(record, field)}"
                        )
            previous[record.id] = record
            rows.append(
                HistoryRow(
                    when=record.history_date,
                    who=str(record.history_user or "—"),
                    record=str(record.instance_type._meta.verbose_name),
                    action=str(_ACTIONS.get(record.history_type, record.history_type)),
                    reason=_reason(record),
                    changes=tuple(changes),
                )
            )
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows[:limit]
