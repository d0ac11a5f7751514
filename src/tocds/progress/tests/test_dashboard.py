"""The progress dashboard through its pages: figures equal a hand count of a small campaign,
scoping by persona, the htmx partial, filters and the SVG charts."""

import re
import uuid
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tocds.campaigns.models import CommunePlan
from tocds.visits import tally
from tocds.visits.models import Visit
from tocds.visits.sync import sync_visits
from tocds.visits.tests.helpers import NOW, open_campaign


def record(world, *, team, hamlet, day: int, people: int, services, household="Số 1"):
    return {
        "uuid": str(uuid.uuid4()),
        "campaign_id": world.campaign_all.pk,
        "team_id": team.pk,
        "hamlet_code": hamlet.code,
        "household": household,
        "people_guided": people,
        "recorded_at": f"2026-10-{day:02d}T09:00:00+07:00",
        "services": [{"code": c, "people": n, "outcome": o} for c, n, o in services],
    }


def send(user, records):
    result = sync_visits(actor=user, records=records, now=NOW)
    assert [r.status for r in result.results] == ["created"] * len(records)


@pytest.fixture
def campaign(world):
    """The hand-counted campaign:

    commune A (plan: 10 households, 30 people), 3 hamlets (a1, a2 and one without a team):
      leader, team A, hamlet a1, 02/10: 3 people — vneid-register 2 done
      leader, team A, hamlet a1, 03/10: 2 people — vneid-register 1 done, vietqr 1 follow-up
      member, team A, hamlet a2, 03/10: 4 people — vietqr 4 done
      admin, team A2, hamlet a2, 04/10: 7 people — vneid-register 7 done, EXCLUDED by an officer
    commune B (no plan), 1 hamlet:
      admin, team B, hamlet b1, 03/10: 5 people — vneid-register 5 done
    Province target: 20 households, 50 people.
    """
    campaign = world.campaign_all
    campaign.households_target, campaign.people_target = 20, 50
    campaign.save(update_fields=["households_target", "people_target"])
    open_campaign(campaign)
    CommunePlan.objects.create(
        campaign=campaign, commune=world.commune_a, households_target=10, people_target=30
    )
    a1, a2, b1 = world.hamlet_a1, world.hamlet_a2, world.hamlet_b1
    send(
        world.leader,
        [
            record(
                world,
                team=world.team_a,
                hamlet=a1,
                day=2,
                people=3,
                services=[("vneid-register", 2, "done")],
                household="Số 1",
            ),
            record(
                world,
                team=world.team_a,
                hamlet=a1,
                day=3,
                people=2,
                services=[("vneid-register", 1, "done"), ("vietqr", 1, "follow_up")],
                household="Số 2",
            ),
        ],
    )
    send(
        world.member,
        [
            record(
                world,
                team=world.team_a,
                hamlet=a2,
                day=3,
                people=4,
                services=[("vietqr", 4, "done")],
                household="Số 3",
            )
        ],
    )
    excluded = record(
        world,
        team=world.team_a2,
        hamlet=a2,
        day=4,
        people=7,
        services=[("vneid-register", 7, "done")],
        household="Số 4",
    )
    send(
        world.province_admin,
        [
            excluded,
            record(
                world,
                team=world.team_b,
                hamlet=b1,
                day=3,
                people=5,
                services=[("vneid-register", 5, "done")],
                household="Số 5",
            ),
        ],
    )
    Visit.objects.filter(uuid=excluded["uuid"]).update(excluded=True)  # an officer excluded it
    tally.rebuild(campaign.pk)
    return campaign


def figures_of(response) -> list[str]:
    """The big figures, as shown: ["3 / 10", "9 / 30", …]."""
    html = response.content.decode()
    return [re.sub(r"\s+", " ", b).strip() for b in re.findall(r"<b>(.*?)</b>", html)]


def row_of(response, label: str) -> list[str]:
    """The cells of the table row whose first cell holds `label`."""
    html = response.content.decode()
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        if cells and cells[0] == label:
            return cells
    raise AssertionError(f"no row {label!r}")


def test_province_figures_equal_the_hand_count(world, campaign):
    response = world.client_for("province_admin").get(f"/progress/{campaign.pk}/")
    assert response.status_code == 200
    # 4 counted households of 20, 14 people of 50, hamlets 3 of 4 (a1, a2, b1; not the empty one),
    # teams A and B of 3 registered, members leader + member + admin of 3 registered.
    assert figures_of(response)[:5] == ["4 / 20", "14 / 50", "3 / 4", "2 / 3", "3 / 3"]
    assert row_of(response, "Xã Hòa An") == [
        "Xã Hòa An",
        "3 / 10",
        "30,0",
        "9 / 30",
        "2 / 3",
        "1 / 2",
        "2 / 2",
    ]
    # Commune B: no plan; the admin recorded for team B (the member of team B did not).
    assert row_of(response, "Phường Thục Phán") == [
        "Phường Thục Phán",
        "1",
        "—",
        "5",
        "1 / 1",
        "1 / 1",
        "1 / 1",
    ]
    assert row_of(response, "02/10/2026")[1:] == ["1", "3"]
    assert row_of(response, "03/10/2026")[1:] == ["3", "11"]
    assert "04/10/2026" not in response.content.decode()  # the excluded visit's day


def test_service_and_skill_figures_equal_the_hand_count(world, campaign):
    response = world.client_for("province_admin").get(f"/progress/{campaign.pk}/")
    vneid = row_of(response, "Đăng ký, kích hoạt tài khoản định danh điện tử VNeID")
    assert vneid[2:] == ["3", "8", "8", "0"]  # households, people, done, follow-up
    vietqr = [
        r for r in re.findall(r"<tr>(.*?)</tr>", response.content.decode(), re.S) if "VietQR" in r
    ]
    assert len(vietqr) == 1


def test_commune_page_has_hamlets_and_teams_and_the_plan_target(world, campaign):
    response = world.client_for("officer_a").get(
        f"/progress/{campaign.pk}/communes/{world.commune_a.code}/"
    )
    assert response.status_code == 200
    assert figures_of(response)[:5] == ["3 / 10", "9 / 30", "2 / 3", "1 / 2", "2 / 2"]
    assert row_of(response, "Xóm Nà Mẫu")[1:2] == ["2"]
    assert row_of(response, "Thôn Đông Mẫu")[1:2] == ["1"]  # the excluded visit does not count
    assert row_of(response, "Bản Chưa Có Tổ")[1:2] == ["0"]
    assert row_of(response, world.team_a.name)[1] == "3"
    assert row_of(response, world.team_a2.name)[1] == "0"
    assert "Phường Thục Phán" not in response.content.decode()


def test_hamlet_page_counts_its_own_visits_and_services(world, campaign):
    response = world.client_for("officer_a").get(
        f"/progress/{campaign.pk}/hamlets/{world.hamlet_a2.code}/"
    )
    assert response.status_code == 200
    assert figures_of(response)[:3] == ["1", "4", "1 / 1"]
    html = response.content.decode().split('id="figures"')[1]
    assert "VietQR" in html and "VNeID" not in html  # the excluded visit's service is not there


def test_team_page_lists_members_with_their_visits(world, campaign):
    response = world.client_for("leader").get(f"/progress/{campaign.pk}/teams/{world.team_a.pk}/")
    assert response.status_code == 200
    assert figures_of(response)[:2] == ["3", "9"]
    assert row_of(response, "leader-a")[1:] == ["2", "5"]
    assert row_of(response, "member-a")[1:] == ["1", "4"]


def test_day_filter_narrows_every_figure(world, campaign):
    response = world.client_for("province_admin").get(
        f"/progress/{campaign.pk}/?day_from=2026-10-03&day_to=2026-10-03"
    )
    assert figures_of(response)[:2] == ["3 / 20", "11 / 50"]
    assert "02/10/2026" not in response.content.decode()


def test_service_filter_narrows_the_service_figures(world, campaign):
    from tocds.campaigns.models import Service

    vietqr = Service.objects.get(code="vietqr")
    response = world.client_for("province_admin").get(
        f"/progress/{campaign.pk}/?service={vietqr.pk}"
    )
    assert figures_of(response)[:2] == ["4 / 20", "14 / 50"]  # households count all visits
    assert figures_of(response)[5] == "5"  # people guided in VietQR
    assert row_of(response, "Xã Hòa An")[4] == "5"
    assert "VNeID" not in response.content.decode().split('id="figures"')[1]


def test_a_service_nobody_was_guided_in_still_has_its_column_in_every_row(world, campaign):
    from tocds.campaigns.models import Service

    nobody = Service.objects.exclude(code__in=["vietqr", "vneid-register"]).first()
    campaign.services.add(nobody)
    response = world.client_for("province_admin").get(
        f"/progress/{campaign.pk}/?service={nobody.pk}"
    )
    assert figures_of(response)[5] == "0"
    html = response.content.decode().split('id="figures"')[1]
    headings = re.findall(r"<th\b[^>]*>", html.split("</thead>")[0])
    assert len(row_of(response, "Xã Hòa An")) == len(headings) == 8
    assert row_of(response, "Xã Hòa An")[4] == "0"


def test_commune_filter_on_the_province_page_shows_that_commune(world, campaign):
    response = world.client_for("province_admin").get(
        f"/progress/{campaign.pk}/?place={world.commune_b.code}"
    )
    assert figures_of(response)[:2] == ["1", "5"]


def test_filters_answer_htmx_with_the_figures_block_only(world, campaign):
    response = world.client_for("province_admin").get(
        f"/progress/{campaign.pk}/?day_from=2026-10-03", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert figures_of(response)[:2] == ["3 / 20", "11 / 50"]
    # The charts follow the filters.
    assert "day_from=2026-10-03" in html


def test_page_has_a_filter_form_that_pushes_the_url(world, campaign):
    html = world.client_for("province_admin").get(f"/progress/{campaign.pk}/").content.decode()
    assert 'hx-push-url="true"' in html and 'hx-target="#figures"' in html
    assert '<form method="get"' in html  # works without JavaScript too


def test_officer_b_cannot_open_commune_a(world, campaign):
    client = world.client_for("officer_b")
    assert (
        client.get(f"/progress/{campaign.pk}/communes/{world.commune_a.code}/").status_code == 404
    )
    assert client.get(f"/progress/{campaign.pk}/hamlets/{world.hamlet_a1.code}/").status_code == 404
    assert client.get(f"/progress/{campaign.pk}/teams/{world.team_a.pk}/").status_code == 404
    chart = f"/progress/{campaign.pk}/charts/days.svg?commune={world.commune_a.code}"
    assert client.get(chart).status_code == 404


def test_officer_is_sent_to_their_commune(world, campaign):
    response = world.client_for("officer_a").get(f"/progress/{campaign.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/progress/{campaign.pk}/communes/{world.commune_a.code}/"


def test_leader_sees_only_their_team(world, campaign):
    client = world.client_for("leader")
    response = client.get(f"/progress/{campaign.pk}/")
    assert response["Location"] == f"/progress/{campaign.pk}/teams/{world.team_a.pk}/"
    assert client.get(f"/progress/{campaign.pk}/teams/{world.team_a2.pk}/").status_code == 404
    assert (
        client.get(f"/progress/{campaign.pk}/communes/{world.commune_a.code}/").status_code == 404
    )


def test_member_has_no_dashboard(world, campaign):
    client = world.client_for("member")
    assert client.get("/progress/").status_code == 404
    assert client.get(f"/progress/{campaign.pk}/").status_code == 404
    assert client.get(f"/progress/{campaign.pk}/teams/{world.team_a.pk}/").status_code == 404
    assert b"/progress/" not in client.get("/campaigns/").content  # no nav entry


@pytest.mark.parametrize("name", ["days", "services", "ranking"])
def test_charts_are_svg_images_with_an_image_csp(world, campaign, name):
    response = world.client_for("province_admin").get(f"/progress/{campaign.pk}/charts/{name}.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith("<?xml") and "<svg" in svg
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert not re.search(r"<script[^>]+src=", svg)  # nothing loaded from anywhere


def test_chart_of_a_commune_shows_its_days(world, campaign):
    svg = (
        world.client_for("officer_a")
        .get(f"/progress/{campaign.pk}/charts/days.svg?commune={world.commune_a.code}")
        .content.decode()
    )
    assert "02/10" in svg and "03/10" in svg


def test_pages_keep_the_strict_csp(world, campaign):
    response = world.client_for("province_admin").get(f"/progress/{campaign.pk}/")
    policy = response["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<style" not in response.content.decode() and " style=" not in response.content.decode()


def test_unknown_chart_and_foreign_campaign_are_404(world, campaign):
    client = world.client_for("officer_a")
    assert client.get(f"/progress/{campaign.pk}/charts/nothing.svg").status_code == 404
    assert client.get(f"/progress/{world.campaign_b.pk}/").status_code == 404


def test_province_page_query_count_does_not_grow_with_visits(world, campaign):
    client = world.client_for("province_admin")
    client.get(f"/progress/{campaign.pk}/")
    with CaptureQueriesContext(connection) as before:
        client.get(f"/progress/{campaign.pk}/")
    send(
        world.leader,
        [
            record(
                world,
                team=world.team_a,
                hamlet=world.hamlet_a1,
                day=5,
                people=1,
                services=[("vietqr", 1, "done")],
                household="Số 9",
            )
        ],
    )
    with CaptureQueriesContext(connection) as after:
        client.get(f"/progress/{campaign.pk}/")
    assert len(after) == len(before)
    assert (
        date(2026, 10, 5).strftime("%d/%m/%Y")
        in client.get(f"/progress/{campaign.pk}/").content.decode()
    )


def test_registered_counts_follow_the_register_at_once(world, campaign):
    """The register's counts are cached under its version: a change shows on the next view."""
    from tocds.teams.models import Membership
    from tocds.teams.services import end_membership

    client = world.client_for("province_admin")
    assert row_of(client.get(f"/progress/{campaign.pk}/"), "Xã Hòa An")[-1] == "2 / 2"
    membership = Membership.objects.active().get(person__user=world.member)
    end_membership(actor=world.province_admin, membership=membership)
    assert row_of(client.get(f"/progress/{campaign.pk}/"), "Xã Hòa An")[-1] == "2 / 1"


def test_figures_and_shares_are_written_in_vietnamese_format(world, campaign):
    """1.500 with a dot, 0,3 % with a comma and a space before the sign; 1,500 in English."""
    campaign.households_target, campaign.people_target = 1500, 12000
    campaign.save(update_fields=["households_target", "people_target"])
    CommunePlan.objects.filter(commune=world.commune_a).update(households_target=1000)
    client = world.client_for("province_admin")
    response = client.get(f"/progress/{campaign.pk}/")
    assert figures_of(response)[:2] == ["4 / 1.500", "14 / 12.000"]
    html = response.content.decode()
    assert "(0,3\u00a0% " in html  # 4 of 1,500 households
    assert row_of(response, "Xã Hòa An")[1:3] == ["3 / 1.000", "0,3"]
    client.cookies["django_language"] = "en"
    english = client.get(f"/progress/{campaign.pk}/")
    assert figures_of(english)[:2] == ["4 / 1,500", "14 / 12,000"]
    assert "(0.3\u00a0% " in english.content.decode()


def test_chart_values_are_written_in_vietnamese_format(world, campaign):
    CommunePlan.objects.filter(commune=world.commune_a).update(households_target=7)
    client = world.client_for("province_admin")
    ranking = client.get(f"/progress/{campaign.pk}/charts/ranking.svg").content.decode()
    assert "42,9\u00a0%" in ranking  # commune A: 3 of 7 households
    assert "42.9" not in ranking


def test_team_page_shows_the_service_figures_of_the_teams_visits(world, campaign):
    response = world.client_for("leader").get(f"/progress/{campaign.pk}/teams/{world.team_a.pk}/")
    services = [
        (s.name, s.visits, s.people, s.done, s.follow_up) for s in response.context["dash"].services
    ]
    from tocds.campaigns.models import Service

    catalogue = {s.code: s for s in Service.objects.filter(code__in=["vneid-register", "vietqr"])}
    names = {code: s.name for code, s in catalogue.items()}
    assert services == [
        (names["vneid-register"], 2, 3, 3, 0),
        (names["vietqr"], 2, 5, 4, 1),
    ]
    assert row_of(response, names["vietqr"])[2:] == ["2", "5", "4", "1"]
    by_service = response.content.decode().split('id="figures"')[1].split("<h2>")
    assert not any("Không có số liệu" in part for part in by_service if "Theo dịch vụ" in part)
    chart = world.client_for("leader").get(
        f"/progress/{campaign.pk}/charts/services.svg?team={world.team_a.pk}"
    )
    svg = chart.content.decode()
    for service in catalogue.values():  # the chart draws the people per skill
        assert str(service.get_skill_display()) in svg


def test_team_service_figures_follow_the_day_filter_and_leave_out_excluded_visits(world, campaign):
    url = f"/progress/{campaign.pk}/teams/{world.team_a.pk}/?day_from=2026-10-02&day_to=2026-10-02"
    response = world.client_for("officer_a").get(url)
    assert [(s.visits, s.people) for s in response.context["dash"].services] == [(1, 2)]
    excluded_team = world.client_for("officer_a").get(
        f"/progress/{campaign.pk}/teams/{world.team_a2.pk}/"
    )
    assert excluded_team.context["dash"].services == []
