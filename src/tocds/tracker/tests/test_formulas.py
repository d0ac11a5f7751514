"""Each term the 2521 indicators use, over a place and a period, against a hand count on a
small data set; and the same vocabulary still read by the campaign reports."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tocds.reports import formulas
from tocds.reports.tests.helpers import some_visits
from tocds.tracker.data import d2521

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def over(place, days):
    return formulas.FigureContext.over(place, *days)


def test_every_formula_of_2521_is_valid(db):
    for row in d2521.CLAUSES:
        for _code, _name, _unit, formula in row[6]:
            assert formulas.validate(formula) == formula


def test_the_tallies_of_every_campaign_over_a_period(world):
    some_visits(world)  # 2026-10-03: 4 households in commune A (9 people), 1 in commune B
    a = over(world.commune_a, OCTOBER)
    assert formulas.evaluate("households_visited", a) == 4
    assert formulas.evaluate("people_guided", a) == 3 + 2 + 1 + 3
    assert formulas.evaluate("hamlets_reached", a) == 2
    assert formulas.evaluate("service_done:vneid-register", a) == 2 + 1 + 2
    assert formulas.evaluate("households_visited", over(world.province, OCTOBER)) == 5
    assert formulas.evaluate("households_visited", over(world.commune_b, OCTOBER)) == 1
    assert formulas.evaluate("households_visited", over(world.province, NOVEMBER)) == 0
    # The campaign's own context reads the same vocabulary as before.
    campaign = formulas.FigureContext(world.campaign_all, [world.commune_a.pk])
    assert formulas.evaluate("households_visited", campaign) == 4


def test_the_registry_as_it_stood_on_the_last_day(world):
    from tocds.teams.models import Affiliation, Membership

    today = timezone.localdate()
    days = (today.replace(day=1), today)
    a = over(world.commune_a, days)
    current = Membership.objects.active().filter(team__place__commune=world.commune_a).count()
    assert formulas.evaluate("members_hamlet", a) == current
    assert formulas.evaluate("teams_hamlet", a) == 2  # team_a, team_a2
    # The world: leader A is of the Youth Union, member B an enterprise's staff.
    assert formulas.evaluate("members_youth_union", over(world.commune_a, days)) == 1
    Affiliation.objects.create(membership=world.member_a, kind="youth_union")
    assert formulas.evaluate("members_youth_union", over(world.commune_a, days)) == 2
    assert formulas.evaluate("members_youth_union", over(world.province, days)) == 2
    assert formulas.evaluate("members_enterprise", over(world.province, days)) == 1
    assert formulas.evaluate("members_enterprise", over(world.commune_a, days)) == 0
    before = (date(2000, 1, 1), date(2000, 1, 31))
    assert formulas.evaluate("members_hamlet", over(world.commune_a, before)) == 0


def test_training_in_the_period(world):
    from tocds.training.tests.factories import enrol, make_course, make_session

    course = make_course(world.commune_a, "Lớp kỹ năng số")
    held = make_session(course, starts_at=datetime(2026, 10, 5, 2, 0, tzinfo=UTC))
    enrol(held, world.member_a.person, attended=True)
    enrol(held, world.leader_a.person, attended=True)
    enrol(held, world.member_b.person, attended=False)
    later = make_session(course, starts_at=datetime(2026, 11, 5, 2, 0, tzinfo=UTC))
    enrol(later, world.member_a.person, attended=True)
    a = over(world.commune_a, OCTOBER)
    assert formulas.evaluate("people_trained", a) == 2
    assert formulas.evaluate("sessions_held", a) == 1
    assert formulas.evaluate("sessions_held", over(world.commune_b, OCTOBER)) == 0
    assert formulas.evaluate("people_trained", over(world.province, YEAR)) == 2


def test_certificates_models_honours_reports_lessons_movements(world):
    from tocds.certificates.services import issue_certificate
    from tocds.honours.tests.factories import bring_to, make_round, nominate_team
    from tocds.initiatives.models import Initiative
    from tocds.initiatives.tests.factories import make_initiative
    from tocds.movements import services as movements
    from tocds.people.models import Organisation, OrganisationKind
    from tocds.reports.models import Report, ReportStatus
    from tocds.schools.models import Delivery
    from tocds.schools.tests.factories import school_world

    october = datetime(2026, 10, 10, 3, 0, tzinfo=UTC)
    for place, kind in [
        (world.commune_a, "learning"),
        (world.hamlet_a1, "learning"),
        (world.commune_b, "learning"),
        (world.commune_a, "training"),
    ]:
        certificate = issue_certificate(kind=kind, title="Kỹ năng số", place=place)
        certificate.issued_at = october
        certificate.save()
    revoked = issue_certificate(kind="learning", title="x", place=world.commune_a)
    revoked.issued_at, revoked.revoked_at = october, october
    revoked.revoked_reason = "Cấp nhầm"
    revoked.save()
    a = over(world.commune_a, OCTOBER)
    assert formulas.evaluate("certificates_learning", a) == 2
    assert formulas.evaluate("certificates_training", a) == 1
    assert formulas.evaluate("certificates_learning", over(world.province, OCTOBER)) == 3

    deployed = make_initiative(world)
    Initiative.objects.filter(pk=deployed.pk).update(status="deployed")
    make_initiative(world, name="Chỉ mới đề xuất")
    assert formulas.evaluate("models_deployed", a) == 1
    assert formulas.evaluate("models_deployed", over(world.commune_a, (date(2026, 9, 1),) * 2)) == 0

    bring_to(world, nominate_team(world, make_round(world), world.team_a), "approved")
    assert formulas.evaluate("honours_approved", over(world.commune_a, NOVEMBER)) == 1
    assert formulas.evaluate("honours_approved", over(world.commune_b, NOVEMBER)) == 0
    assert formulas.evaluate("honours_approved", a) == 0

    Report.objects.create(
        campaign=world.campaign_all,
        commune=world.commune_a,
        status=ReportStatus.ACCEPTED,
        accepted_at=october,
    )
    Report.objects.create(campaign=world.campaign_all, commune=world.commune_b)
    assert formulas.evaluate("reports_accepted", over(world.province, OCTOBER)) == 1

    sw = school_world(world)
    for day, present in [(date(2026, 10, 2), 28), (date(2026, 10, 9), 30), (date(2026, 11, 2), 5)]:
        Delivery.objects.create(
            school_class=sw.class_a,
            plan=sw.plan,
            date=day,
            status="delivered",
            students_present=present,
            created_by=sw.teacher,
        )
    Delivery.objects.create(
        school_class=sw.class_a, plan=sw.plan, date=date(2026, 10, 20), created_by=sw.teacher
    )  # planned, not delivered
    assert formulas.evaluate("lessons_delivered", a) == 2
    assert formulas.evaluate("students_reached", a) == 58
    assert formulas.evaluate("lessons_delivered", over(world.commune_b, OCTOBER)) == 0

    movement = movements.save_movement(
        actor=world.province_admin,
        movement=None,
        name="Thanh niên tiên phong",
        organiser=Organisation.objects.create(
            name="Đoàn xã Hòa An", kind=OrganisationKind.YOUTH_UNION, place=world.commune_a
        ),
        province=world.province,
        communes=[world.commune_a],
        starts_on=date(2026, 10, 1),
        ends_on=date(2026, 10, 31),
    )
    movements.save_criterion(
        actor=world.province_admin,
        movement=movement,
        name="Số hộ",
        kind="measured",
        measure="households",
        weight=Decimal(1),
    )
    movements.add_participant(actor=world.province_admin, movement=movement, team=world.team_a)
    movements.add_participant(actor=world.province_admin, movement=movement, team=world.team_a2)
    assert formulas.evaluate("movement_participants", a) == 0  # a draft counts nothing
    movements.change_status(actor=world.province_admin, movement=movement, action="launch")
    assert formulas.evaluate("movement_participants", over(world.commune_a, OCTOBER)) == 2
    assert formulas.evaluate("movement_participants", over(world.commune_b, OCTOBER)) == 0


@pytest.mark.parametrize("name", sorted(formulas.REGISTRY))
def test_every_term_evaluates_in_both_contexts(world, name):
    argument = ":vneid-register" if formulas.REGISTRY[name].needs_service else ""
    for context in (
        formulas.FigureContext(world.campaign_all, None),
        formulas.FigureContext(world.campaign_all, [world.commune_a.pk]),
        over(world.province, OCTOBER),
        over(world.commune_b, OCTOBER),
    ):
        assert formulas.evaluate(name + argument, context) >= 0
