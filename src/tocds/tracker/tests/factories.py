"""The tracker's test data: directive 2521 loaded into the test province (after the
recognition personas exist, so that its agencies are theirs) and periods."""

from datetime import date

from tocds.conftest import World
from tocds.tracker import services
from tocds.tracker.loader import load_directive_2521
from tocds.tracker.models import Clause, Directive, Period


def directive(w: World) -> Directive:
    found = Directive.objects.filter(province=w.province).first()
    if found is not None:
        return found
    w.dost  # noqa: B018 - the Department and the other agencies the clauses name
    return load_directive_2521(w.province)


def clause(w: World, code: str) -> Clause:
    return directive(w).clauses.get(code=code)


def period(w: World, kind: str = "month", within: date = date(2026, 10, 15)) -> Period:
    found = Period.objects.filter(province=w.province, kind=kind, starts_on__lte=within).filter(
        ends_on__gte=within
    )
    return found.first() or services.create_period(
        actor=w.province_admin, province=w.province, kind=kind, within=within
    )
