"""Team registry through its pages: create, edit, add/edit/end/move members, history."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tocds.conftest import World, make_member
from tocds.people.models import Person
from tocds.teams.models import Membership, Team, TeamRole, TeamStatus

pytestmark = pytest.mark.django_db


def member_form(**overrides) -> dict:
    data = {
        "full_name": "Triệu Thị Mẫu",
        "phone": "0912 345 678",
        "gender": "female",
        "birth_year": "1998",
        "role": TeamRole.MEMBER,
        "affiliations": ["youth_union"],
        "enterprise": "",
        "affiliation_note": "",
        "joined_on": "2025-10-01",
    }
    data.update(overrides)
    return data


def test_commune_officer_creates_a_team_in_own_hamlet(world: World):
    client = world.client_for("officer_a")
    hamlet = world.commune_a.children.get(code="01654-003")
    response = client.post(
        "/teams/new/",
        {"place": hamlet.pk, "name": "Tổ CĐS Bản Chưa Có Tổ", "decision_number": "12/QĐ-UBND"},
    )
    team = Team.objects.get(place=hamlet)
    assert response.status_code == 302
    assert response["Location"] == f"/teams/{team.pk}/"
    assert team.decision_number == "12/QĐ-UBND"
    assert team.history.get().history_user == world.officer_a


def test_commune_officer_cannot_create_a_team_in_another_commune(world: World):
    client = world.client_for("officer_a")
    response = client.post("/teams/new/", {"place": world.commune_b.pk, "name": "Tổ lạ"})
    assert response.status_code == 200
    assert "place" in response.context["form"].errors
    assert not Team.objects.filter(name="Tổ lạ").exists()


def test_a_hamlet_has_at_most_one_active_team(world: World):
    client = world.client_for("province_admin")
    response = client.post("/teams/new/", {"place": world.hamlet_a1.pk, "name": "Tổ thứ hai"})
    assert response.status_code == 200
    assert response.context["form"].errors["place"]
    assert Team.objects.filter(place=world.hamlet_a1).count() == 1


def test_team_edit_is_recorded_in_history_shown_on_the_team_page(world: World):
    client = world.client_for("officer_a")
    response = client.post(
        f"/teams/{world.team_a.pk}/edit/",
        {
            "name": "Tổ CĐS Xóm Nà Mẫu (mới)",
            "decision_number": "99/QĐ-UBND",
            "decision_date": "2024-09-30",
            "status": TeamStatus.ACTIVE,
            "note": "",
        },
    )
    assert response.status_code == 302
    world.team_a.refresh_from_db()
    assert world.team_a.decision_date == date(2024, 9, 30)
    page = client.get(f"/teams/{world.team_a.pk}/").content.decode()
    assert "Tổ CĐS Xóm Nà Mẫu (mới)" in page
    assert "officer-a" in page  # who changed it, in the history table


def test_team_leader_adds_a_member_with_a_normalised_phone(world: World):
    client = world.client_for("leader")
    response = client.post(f"/teams/{world.team_a.pk}/members/new/", member_form())
    assert response.status_code == 302
    membership = Membership.objects.get(person__full_name="Triệu Thị Mẫu")
    assert membership.person.phone == "+84912345678"
    assert membership.team == world.team_a
    assert list(membership.affiliations.values_list("kind", flat=True)) == ["youth_union"]


def test_invalid_phone_is_refused_with_a_message_and_nothing_saved(world: World):
    client = world.client_for("officer_a")
    response = client.post(f"/teams/{world.team_a.pk}/members/new/", member_form(phone="12345"))
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    assert not Person.objects.filter(full_name="Triệu Thị Mẫu").exists()


def test_a_person_is_in_one_active_team_at_a_time(world: World):
    client = world.client_for("province_admin")
    phone_of_b_member = "0900 000 003"
    response = client.post(
        f"/teams/{world.team_a.pk}/members/new/",
        member_form(full_name="Lục Văn Demo", phone=phone_of_b_member),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    assert Membership.objects.active().filter(person=world.member_b.person).count() == 1


def test_a_team_has_one_leader(world: World):
    client = world.client_for("officer_a")
    response = client.post(
        f"/teams/{world.team_a.pk}/members/new/", member_form(role=TeamRole.LEADER)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["role"]


def test_enterprise_affiliation_needs_the_enterprise(world: World):
    client = world.client_for("officer_a")
    response = client.post(
        f"/teams/{world.team_a.pk}/members/new/", member_form(affiliations=["enterprise"])
    )
    assert response.context["form"].errors["enterprise"]
    response = client.post(
        f"/teams/{world.team_a.pk}/members/new/",
        member_form(affiliations=["enterprise"], enterprise=world.enterprise.pk),
    )
    assert response.status_code == 302
    assert Membership.objects.get(person__full_name="Triệu Thị Mẫu").enterprise == world.enterprise


def test_editing_a_member_keeps_history(world: World):
    client = world.client_for("officer_a")
    response = client.post(
        f"/teams/memberships/{world.member_a.pk}/",
        member_form(full_name="Hoàng Thị Thử", phone="0900000002", role=TeamRole.DEPUTY),
    )
    assert response.status_code == 302
    world.member_a.refresh_from_db()
    assert world.member_a.role == TeamRole.DEPUTY
    page = client.get(f"/teams/memberships/{world.member_a.pk}/").content.decode()
    assert "officer-a" in page
    assert world.member_a.history.count() == 2


def test_ending_a_membership_keeps_the_record(world: World):
    client = world.client_for("leader")
    response = client.post(
        f"/teams/memberships/{world.member_a.pk}/end/",
        {"left_on": "2026-01-15", "reason": "Chuyển đi nơi khác"},
    )
    assert response.status_code == 302
    world.member_a.refresh_from_db()
    assert world.member_a.left_on == date(2026, 1, 15)
    current = client.get(f"/teams/{world.team_a.pk}/").content.decode()
    with_past = client.get(f"/teams/{world.team_a.pk}/?past=1").content.decode()
    assert "Hoàng Thị Thử" not in current
    assert "Hoàng Thị Thử" in with_past
    assert "Chuyển đi nơi khác" in with_past


def test_end_date_before_joining_is_refused(world: World):
    client = world.client_for("officer_a")
    response = client.post(
        f"/teams/memberships/{world.member_a.pk}/end/", {"left_on": "2000-01-01"}
    )
    assert response.status_code == 200
    world.member_a.refresh_from_db()
    assert world.member_a.left_on is None


def test_moving_a_member_ends_one_membership_and_starts_another(world: World):
    client = world.client_for("officer_a")
    response = client.post(
        f"/teams/memberships/{world.leader_a.pk}/move/",
        {"to_team": world.team_a2.pk, "on_date": "2026-02-01"},
    )
    assert response.status_code == 302
    person = world.leader_a.person
    memberships = list(person.memberships.order_by("joined_on", "pk"))
    assert [(m.team, m.left_on) for m in memberships] == [
        (world.team_a, date(2026, 2, 1)),
        (world.team_a2, None),
    ]
    assert memberships[1].role == TeamRole.LEADER
    assert list(memberships[1].affiliations.values_list("kind", flat=True)) == ["youth_union"]


def test_commune_officer_cannot_move_a_member_into_another_commune(world: World):
    client = world.client_for("officer_a")
    response = client.post(
        f"/teams/memberships/{world.member_a.pk}/move/",
        {"to_team": world.team_b.pk, "on_date": "2026-02-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["to_team"]
    assert world.member_a.person.memberships.count() == 1


def test_leader_loses_rights_on_the_old_team_after_moving(world: World):
    admin = world.client_for("province_admin")
    admin.post(
        f"/teams/memberships/{world.leader_a.pk}/move/",
        {"to_team": world.team_a2.pk, "on_date": "2026-02-01"},
    )
    leader = world.client_for("leader")
    assert leader.get(f"/teams/{world.team_a.pk}/members/new/").status_code == 404
    assert leader.get(f"/teams/{world.team_a2.pk}/members/new/").status_code == 200


def test_phone_numbers_are_masked_for_plain_members(world: World):
    member_page = world.client_for("member").get(f"/teams/{world.team_a.pk}/").content.decode()
    leader_page = world.client_for("leader").get(f"/teams/{world.team_a.pk}/").content.decode()
    assert "0900 000 001" not in member_page
    assert "09xx xxx 001" in member_page
    assert "0900 000 001" in leader_page


def test_team_list_filters_by_commune_and_search_without_diacritics(world: World):
    client = world.client_for("province_admin")
    by_commune = client.get("/teams/", {"place": world.commune_b.code})
    assert [t.name for t in by_commune.context["page"].object_list] == [world.team_b.name]
    by_text = client.get("/teams/", {"q": "dong mau"})
    assert [t.name for t in by_text.context["page"].object_list] == [world.team_a2.name]
    partial = client.get("/teams/", {"q": "dong mau"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert world.team_a2.name in partial.content.decode()


def test_team_list_query_count_does_not_grow_with_teams(world: World):
    client = world.client_for("province_admin")

    def queries_for(place) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/teams/", {"place": place.code})
        return len(captured), len(response.context["page"].object_list)

    client.get("/teams/")  # warm the session
    one = queries_for(world.commune_b)
    Team.objects.create(name="Tổ CĐS cấp xã", place=world.commune_a)
    three = queries_for(world.commune_a)
    assert (one[1], three[1]) == (1, 3)
    assert one[0] == three[0]


def test_search_finds_a_team_by_a_members_name_without_diacritics(world: World):
    response = world.client_for("officer_a").get("/teams/", {"q": "hoang thi thu"})
    assert [t.pk for t in response.context["page"].object_list] == [world.team_a.pk]


def test_search_by_phone_finds_the_team_only_where_phones_may_be_seen(world: World):
    officer = world.client_for("officer_a").get("/teams/", {"q": "0900 000 002"})
    assert [t.pk for t in officer.context["page"].object_list] == [world.team_a.pk]
    member = world.client_for("member").get("/teams/", {"q": "0900000002"})
    assert list(member.context["page"].object_list) == []
    other_commune = world.client_for("officer_b").get("/teams/", {"q": "0900000002"})
    assert list(other_commune.context["page"].object_list) == []


def test_dissolving_a_team_ends_its_memberships_so_members_can_join_another(world: World):
    client = world.client_for("officer_a")
    response = client.post(
        f"/teams/{world.team_a.pk}/edit/",
        {"name": world.team_a.name, "status": TeamStatus.DISSOLVED, "note": ""},
    )
    assert response.status_code == 302
    assert Membership.objects.active().filter(team=world.team_a).count() == 0
    ended = Membership.objects.get(pk=world.member_a.pk)
    assert (ended.left_on, ended.end_reason) == (timezone.localdate(), "Tổ giải thể")
    response = client.post(
        f"/teams/{world.team_a2.pk}/members/new/",
        member_form(full_name="Hoàng Thị Thử", phone="0900000002"),
    )
    assert response.status_code == 302
    assert Membership.objects.active().get(person=world.member_a.person).team == world.team_a2


def test_new_team_link_from_a_hamlet_without_a_team_preselects_it(world: World):
    client = world.client_for("officer_a")
    hamlet = world.commune_a.children.get(code="01654-003")
    commune_page = client.get(f"/places/{world.commune_a.code}/").content.decode()
    assert f"/teams/new/?place={hamlet.pk}" in commune_page
    form = client.get("/teams/new/", {"place": hamlet.pk}).context["form"]
    assert str(form["place"].value()) == str(hamlet.pk)


def test_history_names_a_changed_gender_without_its_values(world: World):
    client = world.client_for("officer_a")
    client.post(
        f"/teams/memberships/{world.member_a.pk}/",
        member_form(full_name="Hoàng Thị Thử", phone="0900000002", gender="male"),
    )
    page = client.get(f"/teams/memberships/{world.member_a.pk}/").content.decode()
    assert "Giới tính" in page
    assert "Nữ → Nam" not in page and "Không nêu → Nam" not in page


def test_search_finds_a_name_in_either_spelling_of_its_tone_marks(world: World):
    """Old style "Thủy", "Hòa" and new style "Thuỷ", "Hoà" are one name to the search."""
    make_member(world.team_b, "Lò Thị Thuỷ", "+84900000011")
    make_member(world.team_a2, "Lý Văn Hòa", "+84900000012")
    client = world.client_for("province_admin")

    def found(q: str) -> list[int]:
        return [t.pk for t in client.get("/teams/", {"q": q}).context["page"].object_list]

    assert found("Thủy") == found("thuỷ") == [world.team_b.pk]
    assert found("Lý Văn Hoà") == found("ly văn hòa") == [world.team_a2.pk]
