"""Honours through the pages, as each office uses them: scoping, the queues, the form, the
documents opened and read, the figures and the team page's record."""

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from tocds.conftest import make_member
from tocds.honours.models import Nomination, NomineeKind, Status
from tocds.honours.tests.factories import bring_to, make_round, merit, nominate_team
from tocds.teams.models import AffiliationKind

pytestmark = pytest.mark.django_db


def docx_text(response) -> str:
    document = Document(io.BytesIO(response.content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_a_commune_sees_only_its_own_nominations(world):
    round = make_round(world)
    own = nominate_team(world, round, world.team_a)
    other = nominate_team(world, round, world.team_b)
    client = world.client_for("officer_a")
    assert client.get(f"/honours/nominations/{own.pk}/").status_code == 200
    assert client.get(f"/honours/nominations/{other.pk}/").status_code == 404
    page = client.get(f"/honours/rounds/{round.pk}/").content.decode()
    assert world.team_a.name in page
    assert world.team_b.name not in page


def test_home_affairs_sees_only_what_reached_it(world):
    round = make_round(world)
    submitted = bring_to(world, nominate_team(world, round, world.team_a), "submitted")
    selected = bring_to(world, nominate_team(world, round, world.team_b), "selected")
    client = world.client_for("home_affairs")
    assert client.get(f"/honours/nominations/{submitted.pk}/").status_code == 404
    assert client.get(f"/honours/nominations/{selected.pk}/").status_code == 200
    queue = client.get("/honours/").content.decode()
    assert world.team_b.name in queue
    assert world.team_a.name not in queue


def test_the_department_never_sees_a_units_draft(world):
    draft = nominate_team(world, make_round(world))
    assert world.client_for("dost").get(f"/honours/nominations/{draft.pk}/").status_code == 404


def test_the_chairmans_office_sees_only_what_was_proposed(world):
    round = make_round(world)
    selected = bring_to(world, nominate_team(world, round, world.team_a), "selected")
    proposed = bring_to(world, nominate_team(world, round, world.team_b), "proposed")
    client = world.client_for("chairman")
    assert client.get(f"/honours/nominations/{selected.pk}/").status_code == 404
    assert client.get(f"/honours/nominations/{proposed.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("persona", "key", "status"),
    [
        ("officer_a", "honours-propose", "returned"),
        ("dost", "honours-select", "submitted"),
        ("home_affairs", "honours-appraise", "selected"),
        ("chairman", "honours-decide", "proposed"),
    ],
)
def test_each_office_lands_on_its_queue(world, persona, key, status):
    bring_to(world, nominate_team(world, make_round(world)), status)
    page = world.client_for(persona).get("/").content.decode()
    assert 'id="honours-desk"' in page
    assert f'data-todo="{key}"' in page
    assert world.team_a.name in page


def test_a_commune_nominates_a_team_a_member_and_an_official_through_the_form(world):
    round = make_round(world)
    client = world.client_for("officer_a")
    page = client.get(f"/honours/rounds/{round.pk}/nominate/").content.decode()
    assert world.team_a.name in page and world.team_b.name not in page
    unit = f"{world.commune_a.code}:"
    base = {"unit": unit, "form": merit().pk, "achievements": "Tích cực."}
    client.post(
        f"/honours/rounds/{round.pk}/nominate/",
        {**base, "kind": "collective", "team": world.team_a.pk},
    )
    client.post(
        f"/honours/rounds/{round.pk}/nominate/",
        {**base, "kind": "individual", "person": world.member_a.person_id},
    )
    client.post(
        f"/honours/rounds/{round.pk}/nominate/",
        {
            **base,
            "kind": "individual",
            "nominee_name": "Hoàng Thị Cán Bộ",
            "position": "Công chức Văn hóa - Xã hội",
            "workplace": "UBND xã Hòa An",
        },
    )
    nominees = sorted(n.nominee for n in Nomination.objects.filter(round=round))
    assert nominees == sorted(
        [world.team_a.name, world.member_a.person.full_name, "Hoàng Thị Cán Bộ"]
    )
    assert all(n.commune == world.commune_a for n in Nomination.objects.filter(round=round))


def test_a_commune_cannot_nominate_another_communes_team(world):
    round = make_round(world)
    response = world.client_for("officer_a").post(
        f"/honours/rounds/{round.pk}/nominate/",
        {
            "unit": f"{world.commune_a.code}:",
            "form": merit().pk,
            "kind": "collective",
            "team": world.team_b.pk,
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert not Nomination.objects.exists()


def test_an_individual_needs_exactly_one_nominee(world):
    round = make_round(world)
    response = world.client_for("officer_a").post(
        f"/honours/rounds/{round.pk}/nominate/",
        {"unit": f"{world.commune_a.code}:", "form": merit().pk, "kind": "individual"},
    )
    assert "Hãy chọn một thành viên Tổ hoặc ghi họ và tên cán bộ." in response.content.decode()


def test_the_youth_union_proposes_its_affiliated_members(world):
    youth_member = make_member(
        world.team_b,
        "Lương Văn Đoàn Viên",
        "+84900000077",
        affiliations=(AffiliationKind.YOUTH_UNION,),
    )
    round = make_round(world)
    client = world.client_for("youth")
    page = client.get(f"/honours/rounds/{round.pk}/nominate/").content.decode()
    assert "Lương Văn Đoàn Viên" in page
    assert world.member_a.person.full_name not in page  # not in the Youth Union
    organisation = world.youth.grants.get().organisation
    client.post(
        f"/honours/rounds/{round.pk}/nominate/",
        {
            "unit": f"{world.province.code}:{organisation.pk}",
            "form": merit().pk,
            "kind": "individual",
            "person": youth_member.person_id,
        },
    )
    nomination = Nomination.objects.get()
    assert nomination.unit_name == organisation.name
    assert nomination.commune == world.commune_b


def test_documents_open_and_read(world):
    round = make_round(world)
    nomination = bring_to(world, nominate_team(world, round, world.team_a), "proposed")
    officer = world.client_for("officer_a")
    submission = docx_text(
        officer.get(f"/honours/rounds/{round.pk}/submission.docx?unit={world.commune_a.code}:")
    )
    assert "TỜ TRÌNH" in submission
    assert "Kính gửi: Sở Khoa học và Công nghệ tỉnh Cao Bằng." in submission
    assert world.team_a.name in submission
    report = docx_text(officer.get(f"/honours/nominations/{nomination.pk}/report.docx"))
    assert "BÁO CÁO THÀNH TÍCH" in report
    assert "Đi từng ngõ, gõ từng nhà." in report
    selection = docx_text(
        world.client_for("dost").get(f"/honours/rounds/{round.pk}/selection.docx")
    )
    assert world.team_a.name in selection
    decision = docx_text(
        world.client_for("home_affairs").get(f"/honours/rounds/{round.pk}/decision.docx")
    )
    assert "QUYẾT ĐỊNH" in decision
    assert "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 1 tập thể" in decision
    assert "DANH SÁCH" in decision and world.team_a.name in decision


def test_the_decision_prints_its_number_once_recorded(world):
    round = make_round(world)
    bring_to(world, nominate_team(world, round, world.team_a), "approved")
    text = docx_text(world.client_for("chairman").get(f"/honours/rounds/{round.pk}/decision.docx"))
    assert "Số: 15/QĐ-UBND" in text
    assert "ngày 20 tháng 11 năm 2026" in text
    assert "DỰ THẢO" not in text


def test_the_team_page_shows_its_honours(world):
    nomination = bring_to(world, nominate_team(world, make_round(world)), "approved")
    page = world.client_for("leader").get(f"/teams/{world.team_a.pk}/").content.decode()
    assert nomination.form.name in page
    assert "15/QĐ-UBND" in page


def test_figures_by_commune_add_up_on_the_page_and_in_excel(world):
    round = make_round(world, quota=5)
    bring_to(world, nominate_team(world, round, world.team_a), "approved")
    bring_to(world, nominate_team(world, round, world.team_a2), "approved")
    bring_to(world, nominate_team(world, round, world.team_b), "approved")
    bring_to(world, nominate_team(world, round, world.team_b), "not_approved")
    client = world.client_for("dost")
    page = client.get("/honours/figures/").content.decode()
    assert "3 được khen thưởng: 3 tập thể, 0 cá nhân." in page
    workbook = load_workbook(io.BytesIO(client.get("/honours/figures.xlsx").content))
    honoured = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert len(honoured) == 3
    by_commune = dict(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert by_commune == {world.commune_a.name: 2, world.commune_b.name: 1}
    assert sum(by_commune.values()) == len(honoured)
    # A commune officer's figures are their commune's only.
    page_a = world.client_for("officer_a").get("/honours/figures/").content.decode()
    assert "2 được khen thưởng" in page_a


def test_a_nominee_named_like_a_formula_is_exported_as_text(world):
    round = make_round(world)
    nomination = nominate_team(world, round)
    Nomination.objects.filter(pk=nomination.pk).update(
        kind=NomineeKind.INDIVIDUAL, team=None, nominee_name='=HYPERLINK("http://x","y")'
    )
    nomination.refresh_from_db()
    bring_to(world, nomination, "approved")
    response = world.client_for("dost").get("/honours/figures.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s"
    assert cell.value.endswith('=HYPERLINK("http://x","y")')


def test_a_round_is_opened_with_its_quotas_by_the_department(world):
    client = world.client_for("dost")
    response = client.post(
        "/honours/rounds/new/",
        {
            "name": "Tổ CĐS tiêu biểu năm 2027",
            "year": 2027,
            "period_from": "2027-01-01",
            "period_to": "2027-12-31",
            "submit_by": "2027-11-15",
            "select_by": "2027-11-30",
            f"quota_{merit().pk}": 10,
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Tổ CĐS tiêu biểu năm 2027" in page
    assert merit().name in page
    # A commune officer reads rounds but does not open them.
    assert world.client_for("officer_a").get("/honours/rounds/new/").status_code == 404


def test_the_appraisal_deadline_counts_working_days():
    from tocds.honours.services import add_working_days

    assert add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 7)  # Friday → Monday
    assert add_working_days(date(2026, 12, 1), 25) == date(2027, 1, 5)


def test_status_filter_on_the_round_page(world):
    round = make_round(world)
    bring_to(world, nominate_team(world, round, world.team_a), "submitted")
    page = world.client_for("dost").get(f"/honours/rounds/{round.pk}/?status=selected")
    assert world.team_a.name not in page.content.decode()
    assert Status.SUBMITTED


def test_the_youth_union_and_the_communes_see_each_others_nominations_not(world):
    round = make_round(world)
    commune = nominate_team(world, round, world.team_b)
    organisation = world.youth.grants.get().organisation
    from tocds.honours import services

    youth = services.save_nomination(
        actor=world.youth,
        nomination=None,
        round=round,
        form=merit(),
        unit_place=world.province,
        unit_organisation=organisation,
        nominee=services.Nominee(kind=NomineeKind.COLLECTIVE, team=world.team_a),
        achievements="",
        initiatives=[],
    )
    assert world.client_for("youth").get(f"/honours/nominations/{commune.pk}/").status_code == 404
    assert world.client_for("youth").get(f"/honours/nominations/{youth.pk}/").status_code == 200
    assert world.client_for("officer_a").get(f"/honours/nominations/{youth.pk}/").status_code == 404
    # The province's administrator reads every unit's, but does not submit for the Youth Union.
    admin = world.client_for("province_admin")
    page = admin.get(f"/honours/nominations/{youth.pk}/").content.decode()
    assert 'value="submit"' not in page
    assert (
        admin.post(f"/honours/nominations/{youth.pk}/move/", {"action": "submit"}).status_code
        == 403
    )


def test_the_api_lists_what_each_office_sees(world):
    round = make_round(world)
    bring_to(world, nominate_team(world, round, world.team_a), "submitted")
    bring_to(world, nominate_team(world, round, world.team_b), "selected")

    def nominees(persona):
        response = world.client_for(persona).get("/api/v1/honours/nominations")
        assert response.status_code == 200
        return sorted(item["nominee"] for item in response.json()["items"])

    assert nominees("officer_a") == [world.team_a.name]
    assert nominees("dost") == sorted([world.team_a.name, world.team_b.name])
    assert nominees("home_affairs") == [world.team_b.name]
    assert nominees("chairman") == []
    assert nominees("leader") == []
    response = world.client_for("dost").get("/api/v1/honours/nominations?status=selected")
    assert [i["status"] for i in response.json()["items"]] == ["selected"]
