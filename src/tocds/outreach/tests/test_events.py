"""Events: who runs them, their activities, and their figures computed from what they link,
checked against counts made by hand on a small data set."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tocds.outreach import services
from tocds.outreach.figures import event_figures
from tocds.outreach.models import Booth, Event
from tocds.outreach.queries import public_events
from tocds.outreach.tests.factories import commune_item, log_item, make_event
from tocds.training.tests.factories import enrol, make_course, make_session
from tocds.visits.tests.helpers import open_campaign, send, visit_record

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_officers_create_events_of_their_place_through_the_page(world):
    client = world.client_for("officer_a")
    response = client.post(
        "/outreach/events/new/",
        {
            "name": "Ngày hội số xã Hòa An",
            "kind": "festival",
            "starts_on": "2026-10-10",
            "ends_on": "2026-10-10",
            "place": world.commune_a.pk,
            "description": "Gian hàng số, hướng dẫn VNeID.",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/outreach/events/{event.pk}/"
    assert (event.place, event.created_by) == (world.commune_a, world.officer_a)
    form = client.get("/outreach/events/new/").content.decode()
    assert world.commune_b.name not in form


def test_a_media_editor_creates_no_event(world):
    client = world.client_for("media")
    assert client.get("/outreach/events/new/").status_code == 404
    with pytest.raises(PermissionDenied):
        make_event(world, actor=world.media)


def test_a_commune_sees_its_own_and_the_provinces_events_but_not_another_communes(world):
    province_day = make_event(world, name="Ngày Chuyển đổi số tỉnh 10/10")
    own = make_event(world, place=world.commune_a, name="Ngày hội số Hòa An")
    other = make_event(
        world, place=world.commune_b, actor=world.officer_b, name="Ngày hội số Thục Phán"
    )
    client = world.client_for("officer_a")
    assert client.get(f"/outreach/events/{province_day.pk}/").status_code == 200
    assert client.get(f"/outreach/events/{own.pk}/").status_code == 200
    assert client.get(f"/outreach/events/{other.pk}/").status_code == 404
    assert client.get(f"/outreach/events/{province_day.pk}/edit/").status_code == 404
    assert client.get(f"/outreach/events/{own.pk}/edit/").status_code == 200
    page = client.get("/outreach/events/").content.decode()
    assert province_day.name in page and own.name in page and other.name not in page


def test_an_event_ends_after_it_starts(world):
    with pytest.raises(ValidationError):
        make_event(world, starts_on=date(2026, 10, 10), ends_on=date(2026, 10, 9))


def test_booths_are_enterprises_of_the_province(world):
    event = make_event(world)
    booth = services.add_booth(
        actor=world.province_admin, event=event, organisation=world.enterprise, note="SIM 4G"
    )
    assert booth.note == "SIM 4G"
    from tocds.outreach.tests.factories import newspaper

    with pytest.raises(ValidationError):
        services.add_booth(actor=world.province_admin, event=event, organisation=newspaper(world))
    client = world.client_for("province_admin")
    page = client.get(f"/outreach/events/{event.pk}/").content.decode()
    assert world.enterprise.name in page and "SIM 4G" in page
    assert client.post(f"/outreach/booths/{booth.pk}/remove/").status_code == 302
    assert not Booth.objects.exists()


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=HCM)


def test_event_figures_equal_counts_made_by_hand(world, client):
    """Commune A's event on 3 October 2026: two sessions (one person present at both, one at
    one, one absent, one cancelled enrolment elsewhere), three visits on its day in commune A
    (one in commune B and one the next day do not count), three items linked."""
    day = date(2026, 10, 3)
    course = make_course(world.commune_a, "Lớp ngày hội số")
    first = make_session(course, starts_at=_at(day, 8))
    second = make_session(course, starts_at=_at(day, 14))
    unlinked = make_session(course, starts_at=_at(day, 16))
    leader, member = world.leader_a.person, world.member_a.person
    enrol(first, leader, attended=True)
    enrol(first, member, attended=True)
    enrol(second, leader, attended=True)
    enrol(second, member, attended=False)
    enrol(unlinked, world.member_b.person, attended=True)  # not linked: not counted
    # Visits recorded by the leader of team A through the sync API, and one of team B.
    open_campaign(world.campaign_all)
    client.force_login(world.leader)
    morning = "2026-10-03T09:00:00+07:00"
    records = [
        visit_record(world, household="Hộ 1", people_guided=3, recorded_at=morning),
        visit_record(world, household="Hộ 2", people_guided=2, recorded_at=morning),
        visit_record(world, household="Hộ 3", people_guided=1, recorded_at=morning),
        visit_record(
            world, household="Hộ 4", people_guided=4, recorded_at="2026-10-04T09:00:00+07:00"
        ),
    ]
    assert send(client, records).status_code == 200
    client.force_login(world.province_admin)
    record_b = visit_record(
        world,
        team_id=world.team_b.pk,
        hamlet_code=world.hamlet_b1.code,
        household="Hộ B",
        people_guided=5,
        recorded_at=morning,
    )
    assert send(client, [record_b]).status_code == 200
    event = make_event(world, place=world.commune_a, sessions=(first, second))
    for n, reach in enumerate((500, 300, None)):
        commune_item(
            world,
            title=f"Tin {n}",
            event=event,
            reach=reach,
            reach_unit="listeners" if reach else "",
        )
    commune_item(world, title="Không thuộc sự kiện", reach=999, reach_unit="listeners")
    services.add_booth(actor=world.officer_a, event=event, organisation=world.enterprise)

    figures = event_figures(event)
    assert figures.people_trained == 2  # leader and member, each once
    assert (figures.households, figures.people_guided) == (3, 6)
    assert (figures.items, figures.reach) == (3, 800)
    assert (figures.sessions, figures.booths) == (2, 1)

    page = world.client_for("officer_a").get(f"/outreach/events/{event.pk}/").content.decode()
    assert "Lớp ngày hội số" in page and "Tin 0" in page and "Không thuộc sự kiện" not in page


def test_a_province_event_counts_every_commune_on_its_days(world, client):
    open_campaign(world.campaign_all)
    client.force_login(world.province_admin)
    morning = "2026-10-03T09:00:00+07:00"
    records = [
        visit_record(world, household="Hộ A", people_guided=2, recorded_at=morning),
        visit_record(
            world,
            team_id=world.team_b.pk,
            hamlet_code=world.hamlet_b1.code,
            household="Hộ B",
            people_guided=5,
            recorded_at=morning,
        ),
    ]
    assert send(client, records).status_code == 200
    figures = event_figures(make_event(world))
    assert (figures.households, figures.people_guided) == (2, 7)
    later = make_event(world, starts_on=date(2026, 10, 4), ends_on=date(2026, 10, 5))
    assert event_figures(later).households == 0


def test_sessions_of_another_communes_course_cannot_be_linked(world):
    course_b = make_course(world.commune_b, "Lớp phường B")
    session_b = make_session(course_b, starts_at=_at(date(2026, 10, 3), 8))
    with pytest.raises(ValidationError) as refused:
        make_event(world, place=world.commune_a, sessions=(session_b,))
    assert "sessions" in refused.value.message_dict


def test_public_events_are_those_marked_newest_first(world):
    hidden = make_event(world, name="Nội bộ")
    older = make_event(world, name="Cũ", is_public=True)
    newer = make_event(
        world,
        name="Mới",
        is_public=True,
        starts_on=date(2026, 10, 10),
        ends_on=date(2026, 10, 10) + timedelta(days=1),
    )
    assert list(public_events()) == [newer, older]
    assert hidden not in public_events()


def test_an_item_links_to_an_event_of_its_place_or_the_province(world):
    own = make_event(world, place=world.commune_a)
    other = make_event(world, place=world.commune_b, actor=world.officer_b)
    province_day = make_event(world)
    assert commune_item(world, event=own).event == own
    assert commune_item(world, event=province_day).event == province_day
    with pytest.raises(ValidationError):
        commune_item(world, event=other)
    assert log_item(world, event=province_day).event == province_day
