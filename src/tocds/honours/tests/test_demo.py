"""The honours' demo: a round with nominations at every office's step, each recognition login
landing on its queue with something in it; safe to run twice."""

import pytest
from django.apps import apps
from django.test import Client

from tocds.conftest import make_member, make_place
from tocds.demo.base import DEMO_PASSWORD
from tocds.demo.honours import load_honours
from tocds.demo.people import DEMO_ORGANISATIONS, organisation
from tocds.honours.models import Nomination, Status
from tocds.people.models import Role, RoleGrant, User
from tocds.places.models import Kind, Level
from tocds.teams.models import Team

pytestmark = pytest.mark.django_db

LOGINS = {
    "demo-commune-a": (Role.COMMUNE_OFFICER, "commune_a"),
    "demo-commune-b": (Role.COMMUNE_OFFICER, "commune_b"),
    "demo-dost": (Role.AGENCY_OFFICER, "province"),
    "demo-home-affairs": (Role.AGENCY_OFFICER, "province"),
    "demo-chairman": (Role.APPROVER, "province"),
    "demo-province": (Role.PROVINCE_ADMIN, "province"),
}


def counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("honours").get_models()}


def run(world) -> dict:
    """The demo's logins and the round, on the test world (with a second team in commune B,
    as the demo's communes have several)."""
    if not Team.objects.filter(name="Tổ CĐS Tổ dân phố 2").exists():
        hamlet = make_place(
            "01273-002", "Tổ dân phố 2", Level.HAMLET, Kind.TO_DAN_PHO, world.commune_b
        )
        Team.objects.create(name="Tổ CĐS Tổ dân phố 2", place=hamlet)
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
    load_honours(province=world.province, communes=[world.commune_a, world.commune_b], users=users)
    return users


def signed_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize(
    ("username", "todo"),
    [
        ("demo-commune-a", "honours-propose"),
        ("demo-commune-b", "honours-propose"),
        ("demo-dost", "honours-select"),
        ("demo-home-affairs", "honours-appraise"),
        ("demo-chairman", "honours-decide"),
    ],
)
def test_each_demo_login_lands_on_its_queue_with_something_in_it(world, username, todo):
    run(world)
    page = signed_in(username).get("/").content.decode()
    head = page.split(f'data-todo="{todo}"', 1)[1]
    count = head.split('<b class="count">', 1)[1].split("</b>", 1)[0]
    assert int(count) >= 1


def test_the_demo_round_has_every_step_and_runs_twice_unchanged(world):
    make_member(world.team_a, "Lò Văn Mẫu", "+84900000088")
    run(world)
    statuses = set(Nomination.objects.values_list("status", flat=True))
    assert {
        Status.DRAFT,
        Status.RETURNED,
        Status.SUBMITTED,
        Status.SELECTED,
        Status.PROPOSED,
        Status.APPROVED,
    } <= statuses
    before = counts()
    run(world)
    assert counts() == before
