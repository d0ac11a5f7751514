"""Hamlets change by decision: renamed, merged, closed — with history and successor links."""

from datetime import date

import pytest

from tocds.conftest import World
from tocds.places.models import Place
from tocds.teams.models import Team

pytestmark = pytest.mark.django_db


def test_officer_renames_a_hamlet_and_the_old_name_stays_in_history(world: World):
    client = world.client_for("officer_a")
    response = client.post(
        f"/places/{world.hamlet_a1.code}/edit/", {"name": "Xóm Nà Mới", "kind": "xom"}
    )
    assert response.status_code == 302
    hamlet = Place.objects.get(pk=world.hamlet_a1.pk)
    assert (hamlet.name, hamlet.search_name) == ("Xóm Nà Mới", "xom na moi")
    page = client.get(f"/places/{hamlet.code}/edit/").content.decode()
    assert "Xóm Nà Mẫu → Xóm Nà Mới" in page
    assert "officer-a" in page


def test_a_rename_may_not_clash_with_another_hamlet_of_the_commune(world: World):
    client = world.client_for("officer_a")
    response = client.post(
        f"/places/{world.hamlet_a1.code}/edit/", {"name": "thon dong mau", "kind": "thon"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]


def test_closing_a_hamlet_moves_its_team_to_the_successor(world: World):
    empty = world.commune_a.children.get(code="01654-003")
    client = world.client_for("officer_a")
    response = client.post(
        f"/places/{world.hamlet_a1.code}/close/",
        {"closed_on": "2026-01-31", "successor": empty.pk, "legal_basis": "17/QĐ-UBND"},
    )
    assert response.status_code == 302
    closed = Place.objects.get(pk=world.hamlet_a1.pk)
    assert closed.valid_to == date(2026, 1, 31)
    assert list(closed.successors.all()) == [empty]
    assert Team.objects.get(pk=world.team_a.pk).place == empty
    commune_page = client.get(f"/places/{world.commune_a.code}/").context
    assert world.hamlet_a1.pk not in [h.pk for h in commune_page["hamlets"]]


def test_a_hamlet_with_a_team_cannot_close_without_a_successor(world: World):
    client = world.client_for("officer_a")
    response = client.post(f"/places/{world.hamlet_a1.code}/close/", {"closed_on": "2026-01-31"})
    assert response.status_code == 200
    assert response.context["close_form"].non_field_errors()
    assert Place.objects.get(pk=world.hamlet_a1.pk).valid_to is None


def test_the_successor_may_not_already_have_a_team(world: World):
    client = world.client_for("officer_a")
    response = client.post(
        f"/places/{world.hamlet_a1.code}/close/",
        {"closed_on": "2026-01-31", "successor": world.hamlet_a2.pk},
    )
    assert response.status_code == 200
    assert response.context["close_form"].errors["successor"]
    assert Team.objects.get(pk=world.team_a.pk).place == world.hamlet_a1


def test_officer_adds_one_hamlet_by_hand(world: World):
    client = world.client_for("officer_a")
    response = client.post(
        f"/places/{world.commune_a.code}/hamlets/new/",
        {"name": "Xóm  Mới Lập", "kind": "xom", "valid_from": "2026-01-15"},
    )
    assert response.status_code == 302
    hamlet = Place.objects.get(name="Xóm Mới Lập")
    assert (hamlet.code, hamlet.parent, hamlet.commune) == (
        "01654-004",
        world.commune_a,
        world.commune_a,
    )
    assert hamlet.valid_from == date(2026, 1, 15)
    again = client.post(
        f"/places/{world.commune_a.code}/hamlets/new/", {"name": "xom moi lap", "kind": "xom"}
    )
    assert again.context["form"].errors["name"]
