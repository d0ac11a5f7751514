"""The tracker's demo: directive 2521 with figures, targets, statuses set by the offices and the
last month's reports in several states; safe to run twice."""

from datetime import date

import pytest
from django.apps import apps

from tocds.demo.base import DEMO_PASSWORD
from tocds.demo.people import DEMO_ORGANISATIONS, organisation
from tocds.demo.tracker import load_tracker
from tocds.people.models import Role, RoleGrant, User
from tocds.reports.tests.helpers import some_visits
from tocds.tracker.models import ClauseStatus, Period, PeriodReport, Target
from tocds.tracker.status import Assessor

pytestmark = pytest.mark.django_db

LOGINS = {
    "demo-province": (Role.PROVINCE_ADMIN, "province"),
    "demo-commune-a": (Role.COMMUNE_OFFICER, "commune_a"),
    "demo-commune-b": (Role.COMMUNE_OFFICER, "commune_b"),
    "demo-dost": (Role.AGENCY_OFFICER, "province"),
    "demo-youth": (Role.YOUTH_OFFICER, "province"),
}


def counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("tracker").get_models()}


def run(world):
    users = {}
    for username, (role, place) in LOGINS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=DEMO_PASSWORD)
            named = DEMO_ORGANISATIONS.get(username)
            RoleGrant.objects.create(
                user=user,
                role=role,
                place=getattr(world, place),
                organisation=organisation(*named, world.province) if named else None,
            )
        users[username] = user
    return load_tracker(
        province=world.province, communes=[world.commune_a, world.commune_b], users=users
    )


def test_the_demo_tracker_and_its_reports_run_twice_unchanged(world, monkeypatch):
    some_visits(world)  # 3 October 2026: 4 households in commune A, 1 in commune B
    monkeypatch.setattr("tocds.demo.tracker._today", lambda: date(2026, 10, 20))
    directive = run(world)
    assert directive.clauses.count() == 17
    months = Period.objects.filter(kind="month")
    assert months.count() == 6
    assert all(p.due_on for p in months)
    month = months.order_by("-starts_on").first()
    assert (month.starts_on, month.ends_on) == (date(2026, 10, 1), date(2026, 10, 31))
    assert Target.objects.filter(period=month).count() == 3  # A, B on D4.3; the province on D1.4
    assert ClauseStatus.objects.filter(period=month).count() == 5  # 4 offices' and commune B's
    d43 = directive.clauses.get(code="D4.3")
    assessor = Assessor(month, month.ends_on)  # at the month's end: B's target is missed
    assert assessor.assess(d43, world.commune_a).status == "done"
    assert assessor.assess(d43, world.commune_b).status == "late"
    from tocds.tracker import queries

    early = queries.overview(directive, month, month.starts_on)  # B lags on D4.1 from day one
    assert [(c, [a.clause.code for a in late]) for c, late in early["lagging"]] == [
        (world.commune_b, ["D4.1"])
    ]
    statuses = dict(PeriodReport.objects.values_list("place__code", "status"))
    assert statuses == {world.commune_a.code: "accepted", world.commune_b.code: "submitted"}
    before = counts()
    run(world)
    assert counts() == before
