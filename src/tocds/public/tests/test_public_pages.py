"""The citizens' pages without an account: the team of my hamlet with only consented
contacts, the province in figures with small numbers hidden, served from the cache."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tocds.campaigns.models import Assignment, CommunePlan
from tocds.people.models import Organisation, OrganisationKind
from tocds.public.figures import suppress
from tocds.visits.sync import sync_visits
from tocds.visits.tests.helpers import NOW, open_campaign, visit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(settings):
    settings.PROVINCE_CODE = "04"
    settings.PUBLIC_CACHE_SECONDS = 0
    return Client()


def test_a_hamlet_is_found_without_its_diacritics(world, public):
    page = public.get("/hamlets/?q=na mau").content.decode()
    assert world.hamlet_a1.name in page
    assert f"/hamlets/{world.hamlet_a1.code}/" in page


def test_the_hamlet_page_shows_only_contacts_whose_owners_agreed(world, public):
    leader = world.leader_a
    page = public.get(f"/hamlets/{world.hamlet_a1.code}/").content.decode()
    assert world.team_a.name in page
    assert leader.person.full_name not in page
    assert "0900 000 001" not in page
    leader.public_contact = True
    leader.save()
    page = public.get(f"/hamlets/{world.hamlet_a1.code}/").content.decode()
    assert leader.person.full_name in page
    assert "tel:+84900000001" in page or "0900 000 001" in page
    assert world.member_a.person.full_name not in page  # did not agree


def test_without_a_published_contact_the_commune_line_is_shown(world, public):
    Organisation.objects.create(
        name="UBND xã Hòa An",
        kind=OrganisationKind.COMMUNE_COMMITTEE,
        place=world.commune_a,
        public_phone="+842063852000",
    )
    page = public.get(f"/hamlets/{world.hamlet_a1.code}/").content.decode()
    assert "UBND xã Hòa An" in page and "+842063852000" in page


def test_the_hamlet_page_says_when_the_team_comes_next(world, public):
    campaign = world.campaign_all
    open_campaign(campaign)
    today = timezone.localdate()
    plan = CommunePlan.objects.create(campaign=campaign, commune=world.commune_a)
    Assignment.objects.create(
        plan=plan,
        team=world.team_a,
        hamlet=world.hamlet_a1,
        starts_on=today + timedelta(days=2),
        ends_on=today + timedelta(days=3),
    )
    page = public.get(f"/hamlets/{world.hamlet_a1.code}/").content.decode()
    assert campaign.name in page
    assert (today + timedelta(days=2)).strftime("%d/%m/%Y") in page


def test_an_unknown_or_foreign_hamlet_answers_404(world, public):
    assert public.get("/hamlets/99999-999/").status_code == 404
    assert public.get(f"/hamlets/{world.commune_a.code}/").status_code == 404  # not a hamlet


def test_the_team_member_form_records_and_withdraws_consent(world):
    client = world.client_for("officer_a")
    membership = world.member_a
    data = {
        "full_name": membership.person.full_name,
        "phone": "0900000002",
        "role": "member",
        "public_contact": "on",
    }
    client.post(f"/teams/memberships/{membership.pk}/", data)
    membership.refresh_from_db()
    assert membership.public_contact and membership.public_contact_since == timezone.localdate()
    client.post(f"/teams/memberships/{membership.pk}/", {**data, "public_contact": ""})
    membership.refresh_from_db()
    assert not membership.public_contact and membership.public_contact_since is None


def test_suppression_hides_small_counts_and_a_lone_hidden_cell():
    assert suppress({1: 0, 2: 3, 3: 40, 4: 12}, 5) == {1: False, 2: True, 3: False, 4: True}
    assert suppress({1: 3, 2: 4, 3: 40}, 5) == {1: True, 2: True, 3: False}
    assert suppress({1: 0, 2: 9}, 5) == {1: False, 2: False}


def test_the_province_in_figures_hides_small_numbers_and_adds_up(world, public, settings):
    settings.PUBLIC_MIN_COUNT = 5
    open_campaign(world.campaign_all)
    sync_visits(
        actor=world.leader,
        records=[visit_record(world, household=f"Số {n}") for n in range(6)],
        now=NOW,
    )
    sync_visits(
        actor=world.province_admin,
        records=[
            visit_record(
                world, household="Số 9", team_id=world.team_b.pk, hamlet_code=world.hamlet_b1.code
            )
        ],
        now=NOW,
    )
    page = public.get("/figures/").content.decode()
    # Commune A: 6 households (shown); commune B: 1 (hidden, and with it the smallest other
    # non-zero count of the column, or the total would give it away).
    assert "&lt; 5" in page
    assert ">7<" in page.replace(" ", "")  # the exact total of households
    assert world.member_b.person.full_name not in page


def test_public_pages_are_served_from_the_cache(world, settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    client = Client()
    for url in ("/figures/", f"/hamlets/{world.hamlet_a1.code}/", "/hamlets/?q=na+mau"):
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == 0, (url, [q["sql"] for q in queries])
