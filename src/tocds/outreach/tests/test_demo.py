"""The outreach demo: the newspaper's items (some public) by its editor, commune A's
loudspeaker broadcasts in several languages, the DX Day event with the DX Day course's
sessions and the enterprises' booths; the editor lands on their items; safe to run twice."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from tocds.demo.base import DEMO_PASSWORD
from tocds.demo.outreach import DEMO_EVENT, load_outreach
from tocds.demo.people import DEMO_ORGANISATIONS, organisation
from tocds.outreach.figures import event_figures
from tocds.outreach.models import Event, Item
from tocds.outreach.queries import public_events, public_news
from tocds.people.models import Role, RoleGrant, User
from tocds.training.tests.factories import enrol, make_course, make_session

pytestmark = pytest.mark.django_db

LOGINS = {
    "demo-province": (Role.PROVINCE_ADMIN, "province"),
    "demo-commune-a": (Role.COMMUNE_OFFICER, "commune_a"),
    "demo-dost": (Role.AGENCY_OFFICER, "province"),
    "demo-media": (Role.MEDIA_EDITOR, "province"),
}


def counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("outreach").get_models()}


def run(world) -> dict:
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
    load_outreach(province=world.province, commune_a=world.commune_a, users=users)
    return users


def dx_day_course(world):
    course = make_course(world.province, "Tập huấn dịp Ngày CĐS", dx_day=True, is_sample=True)
    session = make_session(course, starts_at=timezone.now() - timedelta(hours=3))
    enrol(session, world.member_a.person, attended=True)
    return session


def signed_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def test_the_demo_has_news_broadcasts_and_the_dx_day_event_and_runs_twice_unchanged(world):
    session = dx_day_course(world)
    run(world)
    event = Event.objects.get(name=DEMO_EVENT)
    assert list(event.sessions.all()) == [session]
    assert sorted(b.organisation.name for b in event.booths.all()) == [
        "Doanh nghiệp bưu chính (mẫu)",
        "Doanh nghiệp viễn thông (mẫu)",
    ]
    assert event in public_events()
    assert public_news().count() == 2
    broadcasts = Item.objects.filter(kind="loudspeaker", place=world.commune_a)
    assert {i.language.code for i in broadcasts} == {"vi", "tyz", "hmn"}
    figures = event_figures(event)
    assert (figures.people_trained, figures.items) == (1, 2)
    before = counts()
    run(world)
    assert counts() == before


def test_the_demo_editor_lands_on_the_newspapers_items_only(world):
    run(world)
    client = signed_in("demo-media")
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/outreach/"
    page = client.get("/outreach/").content.decode()
    assert "Cao Bằng ra quân" in page
    assert "Loa xã" not in page
