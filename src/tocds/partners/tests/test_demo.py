"""The partners' demo: the telecom enterprise's offers with a used and an open code,
`demo-partner` landing on the enterprise's page with its staff, offers and uptake; safe to
run twice."""

import pytest
from django.apps import apps
from django.test import Client

from tocds.demo.base import DEMO_PASSWORD
from tocds.demo.partners import DATA_PACKAGE, ENTERPRISE, REPAIR, load_partners
from tocds.demo.people import organisation
from tocds.partners.models import Offer, Redemption
from tocds.people.models import OrganisationKind, Role, RoleGrant, User
from tocds.training.tests.factories import make_course

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("partners").get_models()}


def run(world) -> dict:
    enterprise = organisation(ENTERPRISE, OrganisationKind.ENTERPRISE, world.province)
    partner = User.objects.filter(username="demo-partner").first()
    if partner is None:
        partner = User.objects.create_user(username="demo-partner", password=DEMO_PASSWORD)
        RoleGrant.objects.create(
            user=partner, role=Role.PARTNER_OFFICER, place=world.province, organisation=enterprise
        )
        world.member_b.enterprise = enterprise
        world.member_b.save(update_fields=["enterprise"])
    users = {"demo-partner": partner, "demo-member": world.member, "demo-leader": world.leader}
    load_partners(province=world.province, users=users)
    return users


def test_the_demo_has_offers_with_a_used_and_an_open_code_and_runs_twice_unchanged(world):
    make_course(world.province, "Ngày Chuyển đổi số 10/10", dx_day=True)
    run(world)
    codes = Redemption.objects.filter(offer__service=DATA_PACKAGE)
    assert codes.count() == 2
    assert codes.get(person=world.member_a.person).used_at is not None
    assert codes.get(person=world.leader_a.person).used_at is None
    repair = Offer.objects.get(service=REPAIR)
    assert sorted(repair.conditions.values_list("kind", flat=True)) == ["course", "leader"]
    before = counts()
    run(world)
    assert counts() == before


def test_demo_partner_lands_on_its_enterprises_page(world):
    run(world)
    client = Client()
    client.post("/accounts/login/", {"username": "demo-partner", "password": DEMO_PASSWORD})
    response = client.get("/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/partners/"
    assert ENTERPRISE in page and "1 nhân sự đầu mối" in page
    assert DATA_PACKAGE in client.get("/partners/manage/").content.decode()
    uptake = client.get("/partners/uptake/").context["figures"]["totals"]
    assert (uptake["claimed"], uptake["used"]) == (2, 1)
