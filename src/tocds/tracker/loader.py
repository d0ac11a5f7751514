"""Loading a directive given as data (`tracker/data/`): its clauses, their agencies and
indicators. Idempotent: a second run updates the texts and adds what is new, and keeps the
statuses, targets and figures already entered."""

from datetime import date

from django.db import transaction

from tocds.core.history import stamp
from tocds.people.models import Organisation
from tocds.places.models import Place
from tocds.reports import formulas
from tocds.tracker.data import d2521
from tocds.tracker.models import Clause, ClauseIndicator, Directive


def _agency(province: Place, kind: str) -> Organisation:
    """The province's organisation of a kind (the oldest), created with the directive's name
    for it where the province has none yet."""
    found = Organisation.objects.filter(kind=kind, place=province).order_by("pk").first()
    if found is not None:
        return found
    return Organisation.objects.create(name=d2521.AGENCIES[kind], kind=kind, place=province)


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


@transaction.atomic
def load_directive_2521(province: Place) -> Directive:
    directive = Directive.objects.filter(province=province, number=d2521.NUMBER).first()
    directive = directive or Directive(province=province, number=d2521.NUMBER)
    _save_changed(
        directive,
        {
            "title": d2521.TITLE,
            "issued_on": date.fromisoformat(d2521.ISSUED_ON),
            "issuer": d2521.ISSUER,
        },
        "directive loaded",
    )
    for position, row in enumerate(d2521.CLAUSES, start=1):
        code, title, text, responsible, cooperating, communes, indicators = row
        clause = Clause.objects.filter(directive=directive, code=code).first() or Clause(
            directive=directive, code=code
        )
        _save_changed(
            clause,
            {
                "position": position,
                "title": title,
                "text": text,
                "falls_to_communes": communes,
                "responsible": _agency(province, responsible) if responsible else None,
            },
            "directive loaded",
        )
        partners = []
        for kind in cooperating:
            if kind == "enterprise":
                partners += list(Organisation.objects.filter(kind=kind, place=province))
            else:
                partners.append(_agency(province, kind))
        if set(clause.cooperating.all()) != set(partners):
            clause.cooperating.set(partners)
        for number, (slug, name, unit, formula) in enumerate(indicators, start=1):
            indicator = ClauseIndicator.objects.filter(clause=clause, code=slug).first()
            _save_changed(
                indicator or ClauseIndicator(clause=clause, code=slug),
                {
                    "name": name,
                    "unit": unit,
                    "formula": formulas.validate(formula),
                    "position": number,
                },
                "directive loaded",
            )
    return directive
