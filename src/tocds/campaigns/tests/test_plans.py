"""Commune plans: targets and which team covers which hamlet on which days (D4.3)."""

from datetime import date

import pytest

from tocds.campaigns.models import Assignment, CommunePlan
from tocds.conftest import World

pytestmark = pytest.mark.django_db


def plan_url(world: World, campaign=None, commune=None) -> str:
    campaign = campaign or world.campaign_all
    commune = commune or world.commune_a
    return f"/campaigns/{campaign.pk}/communes/{commune.code}/"


def test_commune_officer_sets_the_communes_targets(world: World):
    client = world.client_for("officer_a")
    response = client.post(
        plan_url(world), {"households_target": "800", "people_target": "2000", "note": "Ưu tiên"}
    )
    assert response.status_code == 302
    plan = CommunePlan.objects.get(campaign=world.campaign_all, commune=world.commune_a)
    assert (plan.households_target, plan.people_target) == (800, 2000)
    client.post(plan_url(world), {"households_target": "900", "people_target": "2000"})
    assert CommunePlan.objects.filter(campaign=world.campaign_all).count() == 1
    page = client.get(plan_url(world)).content.decode()
    assert "800 → 900" in page


def test_a_commune_outside_the_campaign_cannot_plan_for_it(world: World):
    response = world.client_for("province_admin").post(
        plan_url(world, campaign=world.campaign_b, commune=world.commune_a),
        {"households_target": "1", "people_target": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not CommunePlan.objects.filter(campaign=world.campaign_b).exists()


def assign(client, world: World, **overrides):
    data = {
        "team": world.team_a.pk,
        "hamlet": world.hamlet_a1.pk,
        "starts_on": "2026-10-02",
        "ends_on": "2026-10-04",
    }
    data.update(overrides)
    return client.post(plan_url(world) + "assignments/new/", data)


def test_teams_are_assigned_to_hamlets_within_the_campaign_days(world: World):
    client = world.client_for("officer_a")
    client.post(plan_url(world), {"households_target": "10", "people_target": "20"})
    assert assign(client, world).status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.team, assignment.hamlet, assignment.ends_on) == (
        world.team_a,
        world.hamlet_a1,
        date(2026, 10, 4),
    )
    response = assign(client, world, starts_on="2026-09-30")
    assert response.context["assignment_form"].errors["starts_on"]
    response = assign(client, world, team=world.team_b.pk)
    assert response.context["assignment_form"].errors["team"]
    assert Assignment.objects.count() == 1


def test_assignments_can_be_removed_and_stay_in_history(world: World):
    client = world.client_for("officer_a")
    client.post(plan_url(world), {"households_target": "10", "people_target": "20"})
    assign(client, world)
    assignment = Assignment.objects.get()
    assert client.post(f"/campaigns/assignments/{assignment.pk}/remove/").status_code == 302
    assert Assignment.objects.count() == 0
    assert Assignment.history.filter(id=assignment.pk).count() == 2


def test_province_sees_which_communes_have_made_their_plan(world: World):
    world.client_for("officer_a").post(
        plan_url(world), {"households_target": "10", "people_target": "20"}
    )
    response = world.client_for("province_admin").get(f"/campaigns/{world.campaign_all.pk}/")
    rows = {c.code: c.plan for c in response.context["plan_rows"]}
    assert response.context["plans_made"] == 1
    assert rows[world.commune_a.code].households_target == 10
    assert rows[world.commune_b.code] is None


def test_closed_campaigns_keep_their_plans_unchanged(world: World):
    admin = world.client_for("province_admin")
    for to in ("open", "closed"):
        admin.post(f"/campaigns/{world.campaign_all.pk}/status/", {"to": to})
    response = world.client_for("officer_a").post(
        plan_url(world), {"households_target": "10", "people_target": "20"}
    )
    assert response.status_code == 200
    assert not CommunePlan.objects.exists()


def test_the_field_app_gets_its_teams_assignments_in_open_campaigns(world: World):
    officer = world.client_for("officer_a")
    officer.post(plan_url(world), {"households_target": "10", "people_target": "20"})
    assign(officer, world)
    assign(officer, world, team=world.team_a2.pk, hamlet=world.hamlet_a2.pk)
    leader = world.client_for("leader")
    assert leader.get("/api/v1/field/assignments").json() == []  # campaign still a draft
    world.client_for("province_admin").post(
        f"/campaigns/{world.campaign_all.pk}/status/", {"to": "open"}
    )
    items = leader.get("/api/v1/field/assignments").json()
    assert [(i["hamlet_code"], i["team_id"], i["starts_on"]) for i in items] == [
        (world.hamlet_a1.code, world.team_a.pk, "2026-10-02")
    ]
    assert len(officer.get("/api/v1/field/assignments").json()) == 2


def test_the_field_app_gets_the_hamlets_of_its_commune(world: World):
    hamlets = world.client_for("leader").get("/api/v1/field/hamlets").json()
    assert [h["code"] for h in hamlets] == ["01654-003", "01654-002", "01654-001"]
    assert {h["commune_code"] for h in hamlets} == {world.commune_a.code}


def test_a_team_leader_sees_the_teams_assignments_on_the_campaign_page(world: World):
    officer = world.client_for("officer_a")
    officer.post(plan_url(world), {"households_target": "10", "people_target": "20"})
    assign(officer, world)
    response = world.client_for("leader").get(f"/campaigns/{world.campaign_all.pk}/")
    assert [a.hamlet for a in response.context["team_assignments"]] == [world.hamlet_a1]
    assert response.context["plan_rows"] == []


def test_a_plan_is_made_for_a_commune_never_for_a_hamlet(world: World):
    response = world.client_for("officer_a").post(
        plan_url(world, commune=world.hamlet_a1), {"households_target": "1", "people_target": "1"}
    )
    assert response.status_code == 404
    assert not CommunePlan.objects.exists()
