"""Movements through their pages and services: scoping, the form, every transition and its
refusal, criteria and participants, hand scores with evidence, the export and the public
leaderboard."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tocds.conftest import make_user
from tocds.movements import services
from tocds.movements.models import ManualScore, Movement, Participant, Status
from tocds.movements.tests.factories import (
    PDF,
    PNG,
    make_movement,
    manual,
    measured,
    running,
    youth_union,
)
from tocds.people.models import Role

pytestmark = pytest.mark.django_db


def commune_youth(world, commune):
    return make_user(f"youth-{commune.code}", role=Role.YOUTH_OFFICER, place=commune)


# Scoping ------------------------------------------------------------------------------------------


def test_a_commune_officer_sees_only_the_movements_over_their_commune(world):
    w = world
    whole = make_movement(w, name="Toàn tỉnh")
    own = make_movement(w, name="Riêng xã A", communes=[w.commune_a])
    other = make_movement(w, name="Riêng phường B", communes=[w.commune_b])
    client = w.client_for("officer_a")
    listing = client.get("/movements/").content.decode()
    assert whole.name in listing and own.name in listing and other.name not in listing
    assert client.get(f"/movements/{own.pk}/").status_code == 200
    assert client.get(f"/movements/{other.pk}/").status_code == 404
    assert client.get(f"/movements/{other.pk}/ranking.xlsx").status_code == 404
    # Reading is not running: no edit, no status change.
    assert client.get(f"/movements/{own.pk}/edit/").status_code == 404
    assert client.post(f"/movements/{own.pk}/status/", {"action": "launch"}).status_code == 404


def test_a_commune_youth_officer_runs_only_their_communes_movements(world):
    w = world
    youth_a = commune_youth(w, w.commune_a)
    whole = make_movement(w, name="Toàn tỉnh")
    client = w.client_for("anonymous")
    client.force_login(youth_a)
    response = client.post(
        "/movements/new/",
        {
            "name": "Xã A số",
            "organiser": youth_union(w).pk,
            "starts_on": "2026-10-01",
            "ends_on": "2026-10-31",
            "communes": [w.commune_a.pk],
        },
    )
    movement = Movement.objects.get(name="Xã A số")
    assert response.status_code == 302
    assert list(movement.communes.all()) == [w.commune_a] and not movement.whole_province
    assert client.get(f"/movements/{movement.pk}/edit/").status_code == 200
    assert client.get(f"/movements/{whole.pk}/").status_code == 200  # reads it
    assert client.get(f"/movements/{whole.pk}/edit/").status_code == 404  # does not run it
    with pytest.raises(PermissionDenied):
        services.save_movement(
            actor=youth_a,
            movement=None,
            name="Sang phường B",
            organiser=youth_union(w),
            province=w.province,
            communes=[w.commune_b],
            starts_on=date(2026, 10, 1),
            ends_on=date(2026, 10, 2),
        )


def test_the_youth_officer_creates_a_whole_province_movement(world):
    w = world
    client = w.client_for("youth")
    response = client.post(
        "/movements/new/",
        {
            "name": "Thanh niên tình nguyện chuyển đổi số 2026",
            "organiser": youth_union(w).pk,
            "starts_on": "2026-10-01",
            "ends_on": "2026-12-31",
            "description": "Thi đua hướng dẫn người dân.",
        },
    )
    movement = Movement.objects.get()
    assert response["Location"] == f"/movements/{movement.pk}/"
    assert movement.whole_province and movement.status == Status.DRAFT
    assert movement.history.first().history_user == w.youth
    page = client.get(f"/movements/{movement.pk}/").content.decode()
    assert "Thanh niên tình nguyện chuyển đổi số 2026" in page
    assert "Phát động phong trào" in page


def test_the_end_date_is_not_before_the_start(world):
    response = world.client_for("youth").post(
        "/movements/new/",
        {
            "name": "Ngược",
            "organiser": youth_union(world).pk,
            "starts_on": "2026-10-10",
            "ends_on": "2026-10-01",
        },
    )
    assert response.status_code == 200
    assert "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()
    assert not Movement.objects.exists()


# Transitions ------------------------------------------------------------------------------------


def test_launch_needs_a_criterion_and_a_participant(world):
    w = world
    movement = make_movement(w)
    with pytest.raises(ValidationError, match="tiêu chí"):
        services.change_status(actor=w.youth, movement=movement, action="launch")
    measured(w, movement)
    with pytest.raises(ValidationError, match="đối tượng tham gia"):
        services.change_status(actor=w.youth, movement=movement, action="launch")
    services.add_participant(actor=w.youth, movement=movement, team=w.team_a)
    launched = services.change_status(actor=w.youth, movement=movement, action="launch")
    assert launched.status == Status.RUNNING
    assert launched.history.first().history_change_reason == "launched"


def test_every_move_and_its_refusal(world):
    w = world
    movement = make_movement(w)
    with pytest.raises(ValidationError):  # a draft is not closed
        services.change_status(actor=w.youth, movement=movement, action="close")
    with pytest.raises(ValidationError):
        services.change_status(actor=w.youth, movement=movement, action="reopen")
    movement = running(w)
    with pytest.raises(ValidationError):  # launched once
        services.change_status(actor=w.youth, movement=movement, action="launch")
    with pytest.raises(PermissionDenied):  # a reader does not close
        services.change_status(actor=w.officer_a, movement=movement, action="close")
    closed = services.change_status(actor=w.youth, movement=movement, action="close")
    assert closed.status == Status.CLOSED
    for action in ("launch", "close"):
        with pytest.raises(ValidationError):
            services.change_status(actor=w.youth, movement=closed, action=action)


def test_the_status_page_shows_a_refusal(world):
    w = world
    movement = make_movement(w)
    response = w.client_for("youth").post(
        f"/movements/{movement.pk}/status/", {"action": "launch"}, follow=True
    )
    assert "Thêm ít nhất một tiêu chí trước khi phát động phong trào." in response.content.decode()
    movement.refresh_from_db()
    assert movement.status == Status.DRAFT


def test_criteria_change_only_in_draft_and_nothing_changes_once_closed(world):
    w = world
    movement = running(w)
    with pytest.raises(ValidationError, match="bản nháp"):
        measured(w, movement, "people_guided")
    services.change_status(actor=w.youth, movement=movement, action="close")
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.add_participant(actor=w.youth, movement=movement, person=w.leader_a.person)
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.remove_participant(actor=w.youth, participant=movement.participants.first())


def test_a_running_movement_keeps_its_period_and_communes(world):
    w = world
    movement = running(w)
    with pytest.raises(ValidationError):
        services.save_movement(
            actor=w.youth,
            movement=movement,
            name=movement.name,
            organiser=movement.organiser,
            province=w.province,
            communes=[w.commune_a],
            starts_on=movement.starts_on,
            ends_on=movement.ends_on,
        )


# Participants -----------------------------------------------------------------------------------


def test_participants_of_the_movements_places_only(world):
    w = world
    movement = make_movement(w, communes=[w.commune_a])
    with pytest.raises(ValidationError):
        services.add_participant(actor=w.youth, movement=movement, team=w.team_b)
    with pytest.raises(ValidationError):
        services.add_participant(actor=w.youth, movement=movement, person=w.member_b.person)
    services.add_participant(actor=w.youth, movement=movement, team=w.team_a)
    with pytest.raises(ValidationError, match="đã tham gia"):
        services.add_participant(actor=w.youth, movement=movement, team=w.team_a)
    assert services.add_all_teams(actor=w.youth, movement=movement) == 1  # team A2
    assert services.add_all_teams(actor=w.youth, movement=movement) == 0
    teams = set(movement.participants.values_list("team__name", flat=True))
    assert teams == {w.team_a.name, w.team_a2.name}
    assert Participant.history.filter(team=w.team_a2).first().history_user == w.youth


def test_adding_every_team_through_the_page(world):
    w = world
    movement = make_movement(w)
    response = w.client_for("youth").post(
        f"/movements/{movement.pk}/participants/teams/", follow=True
    )
    assert "Đã thêm các tổ: 3." in response.content.decode()


def test_an_individual_is_added_without_consent_by_default(world):
    w = world
    movement = make_movement(w)
    response = w.client_for("youth").post(
        f"/movements/{movement.pk}/participants/", {"person": w.leader_a.person.pk}
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.kind == "individual" and not participant.show_name_publicly
    assert participant.commune == w.commune_a


# Hand scores --------------------------------------------------------------------------------------


@pytest.fixture
def scored(world):
    w = world
    movement = make_movement(w)
    measured(w, movement)
    criterion = manual(w, movement, max_points="10")
    participant = services.add_participant(actor=w.youth, movement=movement, team=w.team_a)
    services.change_status(actor=w.youth, movement=movement, action="launch")
    return movement, criterion, participant


def _score(client, movement, criterion, participant, points, upload=None):
    data = {"criterion": criterion.pk, "participant": participant.pk, "points": points}
    if upload is not None:
        data["evidence"] = upload
    return client.post(f"/movements/{movement.pk}/scores/", data, follow=True)


def test_hand_points_over_the_maximum_are_refused(world, scored):
    movement, criterion, participant = scored
    response = _score(world.client_for("youth"), movement, criterion, participant, "10.5")
    assert "Cho từ 0 đến 10 điểm." in response.content.decode()
    assert not ManualScore.objects.exists()
    with pytest.raises(ValidationError):
        services.save_score(
            actor=world.youth, criterion=criterion, participant=participant, points=Decimal(-1)
        )


def test_hand_points_with_evidence_are_kept_and_read_back(world, scored):
    movement, criterion, participant = scored
    client = world.client_for("youth")
    upload = SimpleUploadedFile("bien-ban.bin", PDF, "application/octet-stream")
    response = _score(client, movement, criterion, participant, "7.5", upload)
    assert "Đã lưu điểm." in response.content.decode()
    score = ManualScore.objects.get()
    assert (score.points, score.evidence_type, score.evidence_size) == (
        Decimal("7.5"),
        "application/pdf",
        len(PDF),
    )
    assert default_storage.exists(score.evidence.name)
    file = client.get(f"/movements/scores/{score.pk}/evidence/")
    assert b"".join(file.streaming_content) == PDF
    assert (
        world.client_for("officer_a").get(f"/movements/scores/{score.pk}/evidence/").status_code
        == 200
    )
    _score(client, movement, criterion, participant, "8")  # a correction, same row
    assert ManualScore.objects.get().points == Decimal(8)


@pytest.mark.parametrize(
    ("name", "content"), [("anh.jpg", b"<html>not a photo</html>"), ("a.pdf", b"PK\x03\x04zip")]
)
def test_evidence_of_another_type_is_refused(world, scored, name, content):
    movement, criterion, participant = scored
    upload = SimpleUploadedFile(name, content, "image/jpeg")
    response = _score(world.client_for("youth"), movement, criterion, participant, "5", upload)
    assert "Chỉ nhận ảnh (JPEG, PNG) và tài liệu PDF." in response.content.decode()
    assert not ManualScore.objects.exists()


def test_evidence_over_the_cap_is_refused(world, scored, settings):
    settings.MAX_EVIDENCE_BYTES = 1024
    movement, criterion, participant = scored
    upload = SimpleUploadedFile("lon.png", PNG + b"\x00" * 2000, "image/png")
    response = _score(world.client_for("youth"), movement, criterion, participant, "5", upload)
    assert "Tệp quá lớn (tối đa 1,0\xa0KB)." in response.content.decode()
    assert not ManualScore.objects.exists()


def test_points_are_given_only_while_running(world):
    w = world
    movement = make_movement(w)
    criterion = manual(w, movement)
    participant = services.add_participant(actor=w.youth, movement=movement, team=w.team_a)
    with pytest.raises(ValidationError, match="đang diễn ra"):
        services.save_score(
            actor=w.youth, criterion=criterion, participant=participant, points=Decimal(1)
        )


# Export and leaderboard ---------------------------------------------------------------------------


def test_the_export_writes_text_never_a_formula(world):
    w = world
    w.team_a.name = '=HYPERLINK("http://x")'
    w.team_a.save(update_fields=["name"])
    movement = running(w)
    response = w.client_for("officer_a").get(f"/movements/{movement.pk}/ranking.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[3].value for row in sheet.iter_rows(min_row=2)]
    cells = {row[3].value: row[3] for row in sheet.iter_rows(min_row=2)}
    assert '=HYPERLINK("http://x")' in names
    assert cells['=HYPERLINK("http://x")'].data_type == "s"
    assert cells['=HYPERLINK("http://x")'].quotePrefix
    assert sheet.cell(row=2, column=2).value == 1  # ranks stay numbers


def test_the_public_leaderboard_hides_individuals_without_consent(world):
    w = world
    movement = running(w)
    services.add_participant(actor=w.youth, movement=movement, person=w.leader_a.person)
    services.add_participant(
        actor=w.youth, movement=movement, person=w.member_a.person, show_name_publicly=True
    )
    page = w.client_for("anonymous").get(f"/movements/{movement.pk}/leaderboard/")
    text = page.content.decode()
    assert page.status_code == 200
    assert w.team_a.name in text and w.team_b.name in text
    assert "Hoàng Thị Thử" in text  # consented
    assert "Nông Văn Mẫu" not in text
    assert "Cá nhân (không công khai tên)" in text
    for phone in ("0900000001", "0900000002", "+84900000001"):
        assert phone not in text


def test_a_draft_has_no_public_leaderboard(world):
    movement = make_movement(world)
    response = world.client_for("anonymous").get(f"/movements/{movement.pk}/leaderboard/")
    assert response.status_code == 404


# Home and navigation ----------------------------------------------------------------------------


def test_the_youth_officers_home_lists_their_running_movements(world):
    w = world
    movement = running(w, name="Tuổi trẻ số")
    make_movement(w, name="Bản nháp chưa phát động")
    page = w.client_for("youth").get("/").content.decode()
    assert f'href="/movements/{movement.pk}/"' in page
    assert "Phong trào thi đua đang diễn ra" in page
    assert "Bản nháp chưa phát động" not in page
    assert 'href="/movements/"' in page  # the navigation
    other = w.client_for("leader").get("/").content.decode()
    assert 'href="/movements/"' not in other


def test_a_commune_youth_officer_lands_on_their_movements(world):
    w = world
    youth_a = commune_youth(w, w.commune_a)
    movement = make_movement(w, actor=youth_a, communes=[w.commune_a])
    measured(w, movement)
    services.add_participant(actor=youth_a, movement=movement, team=w.team_a)
    services.change_status(actor=youth_a, movement=movement, action="launch")
    client = w.client_for("anonymous")
    client.force_login(youth_a)
    response = client.get("/")
    assert response.status_code == 200
    assert f'href="/movements/{movement.pk}/"' in response.content.decode()


# API ------------------------------------------------------------------------------------------


def test_the_api_lists_movements_in_scope_and_gives_a_ranking(world):
    w = world
    movement = make_movement(w, communes=[w.commune_b], name="Phường B số")
    measured(w, movement)
    services.add_participant(actor=w.youth, movement=movement, team=w.team_b)
    services.change_status(actor=w.youth, movement=movement, action="launch")
    client = w.client_for("officer_b")
    listed = client.get("/api/v1/movements").json()["items"]
    assert [(m["id"], m["commune_codes"], m["status"]) for m in listed] == [
        (movement.pk, [w.commune_b.code], "running")
    ]
    ranking = client.get(f"/api/v1/movements/{movement.pk}/ranking").json()
    assert ranking["frozen"] is False
    assert [(r["name"], r["rank"], r["out_of"]) for r in ranking["rows"]] == [(w.team_b.name, 1, 1)]
    assert ranking["rows"][0]["lines"][0]["measure"] == "households"
    assert w.client_for("officer_a").get("/api/v1/movements").json()["items"] == []
    other = w.client_for("officer_a").get(f"/api/v1/movements/{movement.pk}/ranking")
    assert other.status_code == 404
