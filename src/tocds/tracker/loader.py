"""Loading a directive given as data (`tracker/data/`): its clauses, their agencies and
indicators. Idempotent: a second run updates the texts and adds what is new, and keeps the
statuses, targets and figures already entered."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tocds.core.forms import limit_of
from tocds.core.history import stamp
from tocds.people.models import Organisation
from tocds.places.models import Place
from tocds.reports import formulas
from tocds.tracker.data import d2521
from tocds.tracker.models import Clause, ClauseIndicator, Directive


def _agency(province: Place, kind: str, names: dict[str, str]) -> Organisation:
    """The province's organisation of a kind (the oldest), created with the directive's name
    for it where the province has none yet."""
    found = Organisation.objects.filter(kind=kind, place=province).order_by("pk").first()
    if found is not None:
        return found
    if kind not in names:
        raise ValidationError(
            _("The directive names no organisation of the kind %(kind)s.") % {"kind": kind}
        )
    return Organisation.objects.create(name=names[kind], kind=kind, place=province)


def _save_changed(instance, values: dict, reason: str) -> bool:
    """Set `values` and save only when something changed (a second load writes nothing, not
    even a history row)."""
    changed = instance.pk is None or any(
        getattr(instance, name) != value for name, value in values.items()
    )
    if changed:
        for name, value in values.items():
            setattr(instance, name, value)
        stamp(instance, actor=None, reason=reason)
        instance.save()
    return changed


def data_of_2521() -> dict:
    """Official Letter 2521 in the shape every directive takes (`load_directive`)."""
    return {
        "number": d2521.NUMBER,
        "title": d2521.TITLE,
        "issued_on": d2521.ISSUED_ON,
        "issuer": d2521.ISSUER,
        "agencies": d2521.AGENCIES,
        "clauses": [
            {
                "code": code,
                "title": title,
                "text": text,
                "responsible": responsible,
                "cooperating": list(cooperating),
                "falls_to_communes": communes,
                "indicators": [
                    {"code": slug, "name": name, "unit": unit, "formula": formula}
                    for slug, name, unit, formula in indicators
                ],
            }
            for code, title, text, responsible, cooperating, communes, indicators in d2521.CLAUSES
        ],
    }


def load_directive_2521(province: Place) -> Directive:
    return load_directive(province, data_of_2521())


def _text(row: dict, key: str, limit: int, *, required: bool = True) -> str:
    value = row.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise ValidationError(
            _("%(key)s: a text of at most %(limit)s characters is needed.")
            % {"key": key, "limit": limit}
        )
    return value.strip()


@transaction.atomic
def load_directive(province: Place, data: dict) -> Directive:
    """Load (or update) a directive given as data — `data_of_2521()` is an example, and a JSON
    file of the same shape is loaded by `tocds load_directive <file>`: number, title, issued_on
    (YYYY-MM-DD), issuer, agencies ({kind: name}), clauses (code, title, text, responsible kind
    or "", cooperating kinds, falls_to_communes, indicators: code, name, unit, formula of the
    reports' vocabulary or "" for a figure entered by hand). Idempotent; a wrong formula or
    field refuses the whole file."""
    if not isinstance(data, dict) or not isinstance(data.get("clauses"), list):
        raise ValidationError(_("A directive needs its number and a list of clauses."))
    number = _text(data, "number", limit_of(Directive, "number"))
    agencies = data.get("agencies") or {}
    directive = Directive.objects.filter(province=province, number=number).first()
    directive = directive or Directive(province=province, number=number)
    _save_changed(
        directive,
        {
            "title": _text(data, "title", limit_of(Directive, "title")),
            "issued_on": date.fromisoformat(_text(data, "issued_on", 10)),
            "issuer": _text(data, "issuer", limit_of(Directive, "issuer"), required=False),
        },
        "directive loaded",
    )
    for position, row in enumerate(data["clauses"], start=1):
        code = _text(row, "code", limit_of(Clause, "code"))
        responsible = row.get("responsible") or ""
        clause = Clause.objects.filter(directive=directive, code=code).first() or Clause(
            directive=directive, code=code
        )
        _save_changed(
            clause,
            {
                "position": position,
                "title": _text(row, "title", limit_of(Clause, "title")),
                "text": _text(row, "text", 10_000),
                "falls_to_communes": bool(row.get("falls_to_communes")),
                "responsible": _agency(province, responsible, agencies) if responsible else None,
            },
            "directive loaded",
        )
        partners = []
        for kind in row.get("cooperating") or []:
            if kind == "enterprise":
                partners += list(Organisation.objects.filter(kind=kind, place=province))
            else:
                partners.append(_agency(province, kind, agencies))
        if set(clause.cooperating.all()) != set(partners):
            clause.cooperating.set(partners)
        for number_, indicator_row in enumerate(row.get("indicators") or [], start=1):
            slug = _text(indicator_row, "code", limit_of(ClauseIndicator, "code"))
            indicator = ClauseIndicator.objects.filter(clause=clause, code=slug).first()
            _save_changed(
                indicator or ClauseIndicator(clause=clause, code=slug),
                {
                    "name": _text(indicator_row, "name", limit_of(ClauseIndicator, "name")),
                    "unit": _text(
                        indicator_row, "unit", limit_of(ClauseIndicator, "unit"), required=False
                    ),
                    "formula": formulas.validate(indicator_row.get("formula") or "")
                    if indicator_row.get("formula")
                    else "",
                    "position": number_,
                },
                "directive loaded",
            )
    return directive
