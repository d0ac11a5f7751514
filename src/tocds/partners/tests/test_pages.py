"""Partners through the pages and the API: scoping (an enterprise never sees another's offers
or staff, or a member not in its redemptions), masked phones, the member's offers and code,
the code check, and the uptake figures (page = Excel = sums)."""

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tocds.partners import services
from tocds.partners.models import ConditionKind, Redemption
from tocds.partners.services import ConditionSpec
from tocds.partners.tests.factories import make_offer, other_enterprise, tag_staff
from tocds.people.tokens import issue_token

pytestmark = pytest.mark.django_db


def sheet_rows(response, index: int = 0) -> list[tuple]:
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return list(book.worksheets[index].iter_rows(values_only=True))[1:]


# Focal staff (D7.1) ----------------------------------------------------------------------------


def test_an_enterprise_sees_its_own_focal_staff_with_phones_masked(world):
    tag_staff(world)
    page = world.client_for("partner").get("/partners/staff/").content.decode()
    assert world.member_b.person.full_name in page
    assert world.leader_a.person.full_name in page
    assert world.team_b.name in page and world.commune_b.name in page
    assert "09xx xxx 003" in page  # member B's phone, masked
    assert "0900 000 003" not in page and "0900000003" not in page
    assert "Ma Thị Khác" not in page  # the other enterprise's staff
    assert world.member_a.person.full_name not in page  # not staff of any enterprise


def test_another_enterprise_never_sees_the_staff(world):
    tag_staff(world)
    page = world.client_for("partner_b").get("/partners/staff/").content.decode()
    assert "Ma Thị Khác" in page
    assert world.member_b.person.full_name not in page
    assert world.leader_a.person.full_name not in page
    for persona in ("member", "officer_a", "media", "anonymous"):
        assert world.client_for(persona).get("/partners/staff/").status_code in (302, 404)


def test_focal_staffs_activity_counts_their_visits_and_trainings(world):
    from tocds.training.models import Enrolment
    from tocds.training.tests.factories import make_course, make_session
    from tocds.visits.models import VisitTally

    tag_staff(world)
    VisitTally.objects.create(
        campaign=world.campaign_all,
        commune=world.commune_a,
        hamlet=world.hamlet_a1,
        team=world.team_a,
        recorded_by=world.leader,
        day=timezone.localdate(),
        visits=7,
        people=9,
    )
    session = make_session(make_course(world.commune_a, "Lớp kỹ năng số"))
    Enrolment.objects.create(
        session=session,
        person=world.leader_a.person,
        audience="team_members",
        source="team",
        attended=True,
    )
    from tocds.partners import queries

    (sheet,) = queries.focal_staff(world.partner)
    leader = next(r for r in sheet.rows if r.full_name == world.leader_a.person.full_name)
    assert (leader.visits, leader.trainings) == (7, 1)
    assert (sheet.members, sheet.teams, sheet.communes) == (2, 2, 2)


def test_the_province_sees_teams_and_members_by_enterprise(world):
    tag_staff(world)
    client = world.client_for("province_admin")
    page = client.get("/partners/enterprises/").content.decode()
    assert world.enterprise.name in page and other_enterprise(world).name in page
    rows = sheet_rows(client.get("/partners/enterprises.xlsx"))
    assert sorted(rows) == sorted(
        [
            (world.enterprise.name, world.commune_a.name, 1, 1),
            (world.enterprise.name, world.commune_b.name, 1, 1),
            (other_enterprise(world).name, world.commune_a.name, 1, 1),
        ]
    )
    staff = sheet_rows(client.get("/partners/enterprises.xlsx"), 1)
    assert len(staff) == 3
    for persona in ("partner", "officer_a", "member"):
        assert world.client_for(persona).get("/partners/enterprises/").status_code == 404


# Offers ----------------------------------------------------------------------------------------


def test_an_enterprise_creates_and_publishes_an_offer_through_the_pages(world):
    client = world.client_for("partner")
    today = timezone.localdate()
    response = client.post(
        "/partners/manage/new/",
        {
            "enterprise": world.enterprise.pk,
            "service": "Sửa điện thoại giảm giá",
            "price": "Giảm 30% tiền công",
            "price_value": "30",
            "valid_from": today.isoformat(),
            "valid_to": (today + timedelta(days=30)).isoformat(),
            "communes": [world.commune_a.pk],
            "quota": "10",
            "leaders_only": "on",
            "campaign": world.campaign_all.pk,
            "visits_at_least": "3",
        },
    )
    assert response.status_code == 302, response.content.decode()
    offer_url = response["Location"]
    page = client.get(offer_url).content.decode()
    assert "Sửa điện thoại giảm giá" in page and world.campaign_all.name in page
    pk = int(offer_url.rstrip("/").split("/")[-1])
    assert client.post(f"/partners/manage/{pk}/status/", {"action": "publish"}).status_code == 302
    offer = world.enterprise.offers.get()
    assert offer.status == "published"
    assert sorted(offer.conditions.values_list("kind", flat=True)) == ["leader", "visits"]
    # The other enterprise neither sees nor changes it.
    other = world.client_for("partner_b")
    assert other.get(offer_url).status_code == 404
    assert other.get(f"/partners/manage/{pk}/edit/").status_code == 404
    assert other.post(f"/partners/manage/{pk}/status/", {"action": "close"}).status_code == 404
    assert "Sửa điện thoại" not in other.get("/partners/manage/").content.decode()
    # The province reads every offer, changes none.
    province = world.client_for("province_admin")
    assert "Sửa điện thoại" in province.get("/partners/manage/").content.decode()
    assert province.get(offer_url).status_code == 200
    assert province.get(f"/partners/manage/{pk}/edit/").status_code == 404


def test_a_member_sees_the_offers_of_their_places_and_why_not(world):
    make_offer(world, service="Gói data cho mọi thành viên")
    make_offer(world, service="Chỉ dành cho tổ trưởng", conditions=[ConditionSpec("leader")])
    make_offer(world, service="Chỉ phường B", communes=[world.commune_b])
    make_offer(world, service="Bản nháp", publish=False)
    page = world.client_for("member").get("/partners/offers/").content.decode()
    assert "Gói data cho mọi thành viên" in page
    assert "Chỉ dành cho tổ trưởng" in page  # in their places: listed with why not
    assert "Chỉ phường B" not in page and "Bản nháp" not in page
    assert page.count("/claim/") == 1


def test_claiming_gives_a_code_with_its_qr_and_the_enterprise_checks_it(world):
    offer = make_offer(world)
    member = world.client_for("member")
    response = member.post(f"/partners/offers/{offer.pk}/claim/")
    assert response.status_code == 302
    redemption = Redemption.objects.get(offer=offer)
    page = member.get(response["Location"]).content.decode()
    assert redemption.display_code in page and 'class="qr"' in page
    assert world.client_for("leader").get(response["Location"]).status_code == 404
    # The enterprise checks it: the offer and the holder's name, nothing else of the member.
    partner = world.client_for("partner")
    page = partner.get("/partners/check/", {"code": redemption.display_code.lower()})
    text = page.content.decode()
    assert world.member_a.person.full_name in text
    assert "0900" not in text and "000 002" not in text and world.team_a.name not in text
    # Another enterprise learns nothing of it.
    other = world.client_for("partner_b").get("/partners/check/", {"code": redemption.code})
    assert world.member_a.person.full_name not in other.content.decode()
    assert (
        world.client_for("partner_b").post(f"/partners/check/{redemption.code}/use/").status_code
        == 404
    )
    # Used once.
    assert partner.post(f"/partners/check/{redemption.code}/use/").status_code == 302
    redemption.refresh_from_db()
    assert redemption.used_at is not None
    again = partner.post(f"/partners/check/{redemption.code}/use/", follow=True)
    assert redemption.used_at == Redemption.objects.get(pk=redemption.pk).used_at
    assert f"/partners/check/{redemption.code}/use/" not in again.content.decode()


def test_a_claim_the_rules_refuse_is_said_on_the_page(world):
    offer = make_offer(world, conditions=[ConditionSpec(ConditionKind.LEADER)])
    response = world.client_for("member").post(f"/partners/offers/{offer.pk}/claim/", follow=True)
    assert response.status_code == 200
    assert not Redemption.objects.exists()
    elsewhere = make_offer(world, service="B", communes=[world.commune_b])
    assert (
        world.client_for("member").post(f"/partners/offers/{elsewhere.pk}/claim/").status_code
        == 404
    )


def test_the_team_members_home_counts_the_offers_for_them(world):
    make_offer(world)
    make_offer(world, service="Tổ trưởng", conditions=[ConditionSpec(ConditionKind.LEADER)])
    page = world.client_for("member").get("/").content.decode()
    head = page.split('data-todo="offers"', 1)[1]
    assert head.split('<b class="count">', 1)[1].split("</b>", 1)[0] == "1"
    assert "/partners/offers/" in head


def test_an_enterprises_officer_lands_on_its_page(world):
    response = world.client_for("partner").get("/")
    assert response.status_code == 302 and response["Location"] == "/partners/"
    page = world.client_for("partner").get("/partners/").content.decode()
    assert world.enterprise.name in page and other_enterprise(world).name not in page


# Uptake ----------------------------------------------------------------------------------------


def test_uptake_figures_reconcile_page_excel_and_sums(world):
    offer = make_offer(world, service="Gói A")
    second = make_offer(world, service="Gói B")
    theirs = make_offer(
        world,
        service="Gói của doanh nghiệp khác",
        actor=world.partner_b,
        enterprise=other_enterprise(world),
    )
    used = services.claim(actor=world.member, offer=offer)
    services.use_code(actor=world.partner, redemption=used)
    expired = services.claim(actor=world.leader, offer=offer)
    Redemption.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    services.claim(actor=world.member, offer=second)
    services.claim(actor=world.leader, offer=theirs)

    partner = world.client_for("partner")
    figures = partner.get("/partners/uptake/").context["figures"]
    rows = figures["rows"]
    assert {r["offer__service"] for r in rows} == {"Gói A", "Gói B"}
    assert figures["totals"] == {"claimed": 3, "used": 1, "expired": 1, "open": 1}
    for key in ("claimed", "used", "expired", "open"):
        assert figures["totals"][key] == sum(r[key] for r in rows)
    excel = sheet_rows(partner.get("/partners/uptake.xlsx"))
    assert [row[4:] for row in excel] == [
        (r["claimed"], r["used"], r["expired"], r["open"]) for r in rows
    ]
    assert all("khác" not in str(row[2]) for row in excel)
    province = world.client_for("province_admin").get("/partners/uptake/").context["figures"]
    assert province["totals"]["claimed"] == 4
    assert world.client_for("member").get("/partners/uptake/").status_code == 404


# API -------------------------------------------------------------------------------------------


def api(token: str | None = None) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"} if token else {})


def test_the_api_checks_and_uses_a_code_with_the_officers_token(world):
    offer = make_offer(world)
    redemption = services.claim(actor=world.member, offer=offer)
    token, _record = issue_token(user=world.partner)
    url = f"/api/v1/partners/redemptions/{redemption.display_code}"
    body = api(token).get(url).json()
    assert body["status"] == "open" and body["usable"] is True
    assert body["holder_name"] == world.member_a.person.full_name
    assert "phone" not in body and body["offer"] == offer.service
    assert api(token).post(f"{url}/use").status_code == 200
    second = api(token).post(f"{url}/use")
    assert second.status_code == 409
    assert second.json()["detail"]
    assert api(token).get(url).json()["status"] == "used"


def test_the_api_answers_404_to_other_enterprises_and_401_without_a_token(world):
    redemption = services.claim(actor=world.member, offer=make_offer(world))
    url = f"/api/v1/partners/redemptions/{redemption.code}"
    assert api().get(url).status_code == 401
    assert api("not-a-token").get(url).status_code == 401
    for persona in ("partner_b", "province_admin", "member"):
        token, _record = issue_token(user=getattr(world, persona))
        assert api(token).get(url).status_code == 404
        assert api(token).post(f"{url}/use").status_code == 404
    redemption.refresh_from_db()
    assert redemption.used_at is None
