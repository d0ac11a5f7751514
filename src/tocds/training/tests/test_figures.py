"""Training figures equal a hand count on a small fixture (by area, place, audience, topic),
and a plan's participation against its targets, on its page too."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tocds.conftest import World
from tocds.people.models import Person
from tocds.training import figures
from tocds.training.models import ExternalParticipation, TrainingPlan
from tocds.training.services import evaluate_course
from tocds.training.tests.factories import enrol, make_course, make_session

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


@dataclass
class Fixture:
    starts_on: object
    ends_on: object
    people: dict


@pytest.fixture
def fx(world: World) -> Fixture:
    """Hand-countable: see the expected values in the tests."""
    p = {n: Person.objects.create(full_name=f"Người {n}") for n in range(1, 9)}
    day = timedelta(days=1)
    a1 = make_course(world.commune_a, "A1", topics=("public_services", "payment"))
    a1s1 = make_session(a1, starts_at=NOW - 10 * day)
    a1s2 = make_session(a1, starts_at=NOW - 9 * day)
    a2 = make_course(world.commune_a, "A2", topics=("network_security",), min_sessions=1)
    a2s1 = make_session(a2, starts_at=NOW - 8 * day)
    a2s2 = make_session(a2, starts_at=NOW + timedelta(hours=1))  # not held yet
    a3 = make_course(world.commune_a, "A3 (before the period)")
    a3s1 = make_session(a3, starts_at=NOW - 60 * day)
    b1 = make_course(world.commune_b, "B1", topics=("safety",))
    b1s1 = make_session(b1, starts_at=NOW - 7 * day)
    b1x = make_session(b1, starts_at=NOW - 6 * day, cancelled=True)
    p1c = make_course(world.province, "P1", topics=("platforms",))
    p1s1 = make_session(p1c, starts_at=NOW - 5 * day)

    enrol(a1s1, p[1], "team_members", attended=True, rating=5)
    enrol(a1s1, p[2], "citizens", attended=True, rating=3)
    enrol(a1s1, p[3], "citizens", attended=False)
    enrol(a1s1, p[7], "citizens", status="cancelled")
    enrol(a1s2, p[1], "team_members", attended=True, rating=4)
    enrol(a1s2, p[2], "citizens", attended=False)
    enrol(a1s2, p[3], "citizens")
    enrol(a2s1, p[1], "team_members", attended=True)
    enrol(a2s1, p[4], "officials", attended=True, rating=2)
    enrol(a2s2, p[5], "civil_servants")
    enrol(a3s1, p[2], "citizens", attended=True, rating=1)
    enrol(b1s1, p[5], "civil_servants", attended=True)
    enrol(b1s1, p[6], "citizens", attended=False)
    enrol(b1x, p[6], "citizens", attended=True)
    enrol(p1s1, p[4], "officials", attended=True, rating=5)
    enrol(p1s1, p[6], "citizens", attended=True)
    for course in (a1, a2, a3, b1, p1c):
        evaluate_course(actor=world.province_admin, course=course)
    starts_on, ends_on = (NOW - 30 * day).date(), (NOW + day).date()
    for person, place, audience, on in (
        (p[3], world.commune_a, "citizens", NOW.date() - 3 * day),
        (p[1], world.commune_a, "team_members", NOW.date() - 2 * day),
        (p[8], world.commune_b, "officials", NOW.date() - 90 * day),  # before the period
    ):
        ExternalParticipation.objects.create(
            place=place,
            person=person,
            audience=audience,
            programme="Bình dân học vụ số",
            taken_on=on,
        )
    return Fixture(starts_on, ends_on, p)


def test_the_province_figures_equal_the_hand_count(world: World, fx: Fixture):
    f = figures.training_figures(
        area=world.province, starts_on=fx.starts_on, ends_on=fx.ends_on, now=NOW
    )
    assert f.sessions_held == 5  # A1×2, A2×1, B1×1, P1×1
    assert (f.enrolments, f.attended) == (12, 8)
    assert f.attendance_rate == pytest.approx(8 / 12)
    assert f.people_trained == 5  # people 1, 2, 4, 5, 6
    assert f.by_audience == {"team_members": 1, "citizens": 2, "officials": 1, "civil_servants": 1}
    assert f.by_topic == {
        "public_services": 2,
        "payment": 2,
        "network_security": 2,
        "safety": 1,
        "platforms": 2,
    }
    assert (f.completed, f.pairs) == (6, 9)
    assert f.completion_rate == pytest.approx(6 / 9)
    assert (f.ratings, f.average_rating) == (5, pytest.approx(19 / 5))
    assert (f.elsewhere, f.elsewhere_by_audience) == (2, {"citizens": 1, "team_members": 1})


def test_a_communes_figures_count_only_its_own_courses(world: World, fx: Fixture):
    f = figures.training_figures(
        area=world.commune_a, starts_on=fx.starts_on, ends_on=fx.ends_on, now=NOW
    )
    assert (f.sessions_held, f.enrolments, f.attended, f.people_trained) == (3, 8, 5, 3)
    assert (f.completed, f.pairs, f.ratings, f.elsewhere) == (3, 5, 4, 2)


def test_figures_by_place_split_the_province_total(world: World, fx: Fixture):
    rows = figures.figures_by_place(
        area=world.province, starts_on=fx.starts_on, ends_on=fx.ends_on, now=NOW
    )
    summary = [(place.name, f.sessions_held, f.people_trained, f.attended) for place, f in rows]
    assert summary == [
        ("Tỉnh Cao Bằng", 1, 2, 2),
        ("Phường Thục Phán", 1, 1, 1),
        ("Xã Hòa An", 3, 3, 5),
    ]


def test_figures_read_a_fixed_number_of_queries(world: World, fx: Fixture):
    with CaptureQueriesContext(connection) as small:
        figures.training_figures(area=world.commune_b, starts_on=fx.starts_on, ends_on=fx.ends_on)
    with CaptureQueriesContext(connection) as large:
        figures.training_figures(area=world.province, starts_on=fx.starts_on, ends_on=fx.ends_on)
    assert len(small) == len(large) == 5


def test_participation_against_a_province_plan_by_audience_and_commune(world: World, fx: Fixture):
    plan = TrainingPlan.objects.create(
        place=world.province,
        name="Kế hoạch tập huấn tỉnh",
        starts_on=fx.starts_on,
        ends_on=fx.ends_on,
        officials_target=10,
        civil_servants_target=5,
        team_members_target=20,
        citizens_target=100,
    )
    TrainingPlan.objects.create(
        place=world.commune_a,
        name="Kế hoạch xã A",
        starts_on=fx.starts_on,
        ends_on=fx.ends_on,
        officials_target=2,
        team_members_target=10,
        citizens_target=40,
    )
    whole, by_place = figures.plan_participation(plan, now=NOW)
    assert [(r.audience, r.target, r.trained) for r in whole.rows] == [
        ("officials", 10, 1),
        ("civil_servants", 5, 1),
        ("team_members", 20, 1),  # person 1, trained here and elsewhere: once
        ("citizens", 100, 3),  # people 2 and 6 here, 3 elsewhere
    ]
    assert [
        (p.place.name, p.has_plan, [(r.target, r.trained) for r in p.rows]) for p in by_place
    ] == [
        ("Phường Thục Phán", False, [(0, 0), (0, 1), (0, 0), (0, 0)]),
        ("Xã Hòa An", True, [(2, 1), (0, 0), (10, 1), (40, 2)]),
    ]
    # The page shows the same figures; a commune officer sees only their commune's row.
    page = world.client_for("province_admin").get(f"/training/plans/{plan.pk}/")
    text = page.content.decode()
    assert "Phường Thục Phán" in text and "Xã Hòa An" in text
    officer_page = world.client_for("officer_a").get(f"/training/plans/{plan.pk}/").content.decode()
    assert "Xã Hòa An" in officer_page
    assert "Phường Thục Phán" not in officer_page


def test_the_figures_page_shows_the_hand_counted_totals(world: World, fx: Fixture):
    response = world.client_for("province_admin").get(
        "/training/figures/",
        {"area": world.province.code, "starts_on": fx.starts_on, "ends_on": fx.ends_on},
    )
    assert response.status_code == 200
    total = response.context["total"]
    assert (total.sessions_held, total.people_trained, total.attended, total.enrolments) == (
        5,
        5,
        8,
        12,
    )
    text = response.content.decode()
    assert "66,7\u00a0%" in text  # attendance 8 of 12, Vietnamese format
    assert "3,8" in text  # average rating, Vietnamese decimal comma
