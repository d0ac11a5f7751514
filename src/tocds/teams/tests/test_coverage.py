"""Coverage figures (D5.1, D7.1) equal a hand count, on pages and in the query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tocds.conftest import World, make_member
from tocds.teams.models import Team, TeamStatus
from tocds.teams.queries import coverage_by_commune, total

pytestmark = pytest.mark.django_db


def test_coverage_equals_a_hand_count(world: World):
    # Commune A: 3 hamlets, teams in 2 of them; team A has 2 members (1 youth), A2 none.
    # Commune B: 1 hamlet with a team of 1 enterprise member.
    a, b = coverage_by_commune([world.commune_a, world.commune_b])
    assert (a.hamlets, a.hamlets_with_team, a.teams, a.members) == (3, 2, 2, 2)
    assert (a.youth_members, a.enterprise_members) == (1, 0)
    assert (a.hamlet_share, a.members_per_team, a.youth_share) == (66.7, 1.0, 50.0)
    assert (b.hamlets, b.hamlets_with_team, b.teams, b.members, b.enterprise_share) == (
        1,
        1,
        1,
        1,
        100.0,
    )
    both = total(None, [a, b])
    assert (both.hamlets, both.hamlets_with_team, both.members, both.youth_share) == (
        4,
        3,
        3,
        33.3,
    )


def test_ended_members_and_dissolved_teams_do_not_count(world: World):
    world.member_a.left_on = world.member_a.joined_on
    world.member_a.save()
    Team.objects.filter(pk=world.team_a2.pk).update(status=TeamStatus.DISSOLVED)
    (a,) = coverage_by_commune([world.commune_a])
    assert (a.hamlets_with_team, a.teams, a.members) == (1, 1, 1)


def test_commune_level_team_counts_as_a_team_not_as_a_hamlet(world: World):
    team = Team.objects.create(name="Tổ CĐS xã", place=world.commune_a)
    make_member(team, "Nông Thị Mẫu", "+84900000020")
    (a,) = coverage_by_commune([world.commune_a])
    assert (a.hamlets_with_team, a.teams, a.members) == (2, 3, 3)


def test_coverage_query_count_does_not_grow_with_communes(world: World):
    with CaptureQueriesContext(connection) as one:
        coverage_by_commune([world.commune_a])
    with CaptureQueriesContext(connection) as two:
        coverage_by_commune([world.commune_a, world.commune_b])
    assert len(one) == len(two)


def test_province_page_shows_every_commune_with_its_figures(world: World):
    response = world.client_for("province_admin").get("/places/04/")
    rows = response.context["rows"]
    assert [(r.place.code, r.members) for r in rows] == [("01273", 1), ("01654", 2)]
    page = response.content.decode()
    assert "2/3" in page  # hamlets with a team in commune A


def test_commune_page_lists_its_hamlets_with_their_teams(world: World):
    response = world.client_for("officer_a").get(f"/places/{world.commune_a.code}/")
    hamlets = response.context["hamlets"]
    assert [(h.name, h.team.name if h.team else None) for h in hamlets] == [
        ("Bản Chưa Có Tổ", None),
        ("Thôn Đông Mẫu", world.team_a2.name),
        ("Xóm Nà Mẫu", world.team_a.name),
    ]


def test_commune_officer_reaches_own_commune_from_the_places_list(world: World):
    response = world.client_for("officer_a").get("/places/", follow=True)
    assert response.redirect_chain[-1][0] == f"/places/{world.commune_a.code}/"


def test_province_page_says_which_communes_have_no_hamlets_and_how_to_import_them(
    world: World,
):
    from tocds.conftest import make_place
    from tocds.places.models import Kind, Level

    for code, name in (("01998", "Xã Chưa Có Thôn"), ("01999", "Xã Mới Lập")):
        make_place(code, name, Level.COMMUNE, Kind.XA, world.province)
    for url in ("/places/", f"/places/{world.province.code}/"):
        response = world.client_for("province_admin").get(url)
        assert [c.name for c in response.context["no_hamlets"]] == [
            "Xã Chưa Có Thôn",
            "Xã Mới Lập",
        ]
        page = response.content.decode()
        assert "2 xã/phường chưa có thôn/tổ dân phố" in page
        assert 'href="/places/hamlets/import/"' in page
        assert 'href="/places/hamlets/template.xlsx"' in page
        assert page.count("chưa có thôn</span>") == 2  # the two rows, not "0/0"
        assert "0/0" not in page
        assert "2/3" in page  # commune A still reads its hamlets with a team


def test_readers_are_told_who_imports_hamlets(world: World):
    from tocds.conftest import make_place, make_user
    from tocds.people.models import Role
    from tocds.places.models import Kind, Level

    make_place("01999", "Xã Mới Lập", Level.COMMUNE, Kind.XA, world.province)
    client = world.client_for("anonymous")
    client.force_login(make_user("approver", role=Role.APPROVER, place=world.province))
    page = client.get("/places/").content.decode()
    assert "Đề nghị cán bộ xã hoặc quản trị cấp tỉnh" in page
    assert 'href="/places/hamlets/import/"' not in page


def test_no_notice_when_every_commune_has_its_hamlets(world: World):
    response = world.client_for("province_admin").get("/places/")
    assert response.context["no_hamlets"] == []
    assert 'id="no-hamlets"' not in response.content.decode()


def test_coverage_export_holds_the_figures_of_the_users_communes(world: World):
    import io

    from openpyxl import load_workbook

    response = world.client_for("province_admin").get("/places/coverage.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[:4] + r[5:7] for r in rows] == [
        ("01273", "Phường Thục Phán", 1, 1, 1, 1),
        ("01654", "Xã Hòa An", 3, 2, 2, 2),
        (None, "Tổng cộng", 4, 3, 3, 3),
    ]
    assert rows[1][9] == 50.0  # Youth Union share in commune A


def test_coverage_page_writes_shares_as_vietnamese_percents(world: World):
    page = world.client_for("province_admin").get("/places/").content.decode()
    assert "(66,7\u00a0%)" in page  # hamlets with a team in commune A: 2 of 3
    assert "(50,0\u00a0%)" in page  # Youth Union members in commune A: 1 of 2
    assert "66.7%" not in page


def test_coverage_export_keeps_numbers_with_a_thousands_format(world: World):
    import io

    from openpyxl import load_workbook

    response = world.client_for("province_admin").get("/places/coverage.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    hamlets, share = sheet["C3"], sheet["E3"]  # commune A
    assert (hamlets.value, hamlets.number_format) == (3, "#,##0")
    assert (share.value, share.number_format) == (66.7, "0.0")
    assert sheet["A3"].number_format == "General"  # a code is not a number to group
