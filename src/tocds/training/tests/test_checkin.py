"""Attendance: QR check-in (valid, expired, replayed, wrong session, not enrolled, forged) by
account and by phone number, and the paper sign-in sheet entered afterwards, with history."""

import logging
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tocds.conftest import World, make_user
from tocds.people.models import Person
from tocds.training import codes
from tocds.training.models import CheckInMethod, Enrolment
from tocds.training.tests.factories import enrol, make_course, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(world: World):
    course = make_course(world.commune_a, "Lớp VNeID")
    session = make_session(course)  # started 30 minutes ago, ends in 90
    enrol(session, world.member_a.person)
    return session


def scan(client: Client, session, code: str, **post):
    url = f"/training/sessions/{session.pk}/checkin/"
    if post:
        return client.post(url, {"code": code, **post})
    return client.get(url, {"code": code})


def kind_of(response) -> str:
    match = re.search(r'data-kind="([a-z_]+)"', response.content.decode())
    return match.group(1) if match else ""


def attendance(world: World) -> bool | None:
    return Enrolment.objects.get(person=world.member_a.person).attended


def test_a_signed_in_member_scans_a_valid_code_and_is_marked_present(world: World, session):
    client = world.client_for("member")
    code = codes.make_code(session)
    page = scan(client, session, code)
    assert "Tôi đã có mặt" in page.content.decode()
    response = scan(client, session, code, confirm="1")
    assert kind_of(response) == "present"
    assert "đã được điểm danh có mặt" in response.content.decode()
    enrolment = Enrolment.objects.get(person=world.member_a.person)
    assert (enrolment.attended, enrolment.check_in_method) == (True, CheckInMethod.QR_ACCOUNT)
    # Scanning again says so, and changes nothing.
    again = scan(client, session, code, confirm="1")
    assert kind_of(again) == "already"
    assert enrolment.history.count() == Enrolment.objects.get(pk=enrolment.pk).history.count()


def test_someone_without_an_account_checks_in_with_their_phone_number(world: World, session):
    response = scan(Client(), session, codes.make_code(session), phone="0900 000 002")
    assert kind_of(response) == "present"
    assert attendance(world) is True
    text = response.content.decode()
    assert "09xx xxx 002" in text  # masked: the visitor is not told who the number belongs to
    assert world.member_a.person.full_name not in text
    assert "0900 000 002" not in text and "0900000002" not in text


def test_an_expired_code_is_refused_after_the_session_ended(world: World, session):
    code = codes.make_code(session, now=session.ends_at - timedelta(minutes=1))
    later = session.ends_at + codes.GRACE + timedelta(minutes=1)
    from tocds.training.services import check_in

    result = check_in(session=session, code=code, user=world.member, now=later)
    assert (result.ok, result.kind) == (False, "expired")
    assert "hết hạn" in result.message
    assert attendance(world) is None


def test_an_expired_session_is_refused_through_the_page(world: World, session):
    session.starts_at -= timedelta(hours=4)
    session.ends_at -= timedelta(hours=4)
    session.save()
    code = codes.make_code(session, now=session.ends_at)  # shown at the very end
    response = scan(Client(), session, code, phone="0900000002")
    assert kind_of(response) == "expired"
    assert "buổi học đã kết thúc" in response.content.decode()
    assert attendance(world) is None


def test_a_code_replayed_from_an_old_photo_is_refused(world: World, session):
    shown = timezone.now() - codes.LIFETIME - timedelta(seconds=5)
    response = scan(world.client_for("member"), session, codes.make_code(session, now=shown), x=1)
    assert kind_of(response) == "replayed"
    assert "quét mã đang hiện trên màn hình" in response.content.decode()
    assert attendance(world) is None


def test_a_code_of_another_session_is_refused(world: World, session):
    other = make_session(session.course, title="Buổi 2")
    enrol(other, world.member_a.person)
    code_of_other = codes.make_code(other)
    response = scan(world.client_for("member"), session, code_of_other, x=1)
    assert kind_of(response) == "wrong_session"
    assert "thuộc buổi học khác" in response.content.decode()
    assert Enrolment.objects.get(session=session).attended is None
    assert Enrolment.objects.get(session=other).attended is None


def test_a_person_not_enrolled_is_told_to_ask_the_trainer(world: World, session):
    code = codes.make_code(session)
    by_account = scan(world.client_for("leader"), session, code, x=1)
    assert kind_of(by_account) == "not_enrolled"
    assert "chưa đăng ký buổi học này" in by_account.content.decode()
    by_phone = scan(Client(), session, code, phone="0900000003")
    assert kind_of(by_phone) == "not_enrolled"
    assert not Enrolment.objects.filter(attended=True).exists()


def test_a_forged_or_damaged_code_is_refused(world: World, session):
    code = codes.make_code(session)
    for forged in (code[:-2] + "xx", "abc", "", code.replace(":", ":0", 1)):
        response = scan(Client(), session, forged, phone="0900000002")
        assert kind_of(response) == "invalid", forged
    assert attendance(world) is None


def test_an_unknown_session_looks_like_an_invalid_code(world: World, session):
    response = Client().get("/training/sessions/999999/checkin/", {"code": "x"})
    assert response.status_code == 200
    assert kind_of(response) == "invalid"


def test_a_code_cannot_be_used_before_check_in_opens(world: World, session):
    from tocds.training.services import check_in

    early = session.starts_at - codes.OPENS_BEFORE - timedelta(minutes=1)
    result = check_in(
        session=session, code=codes.make_code(session, now=early), user=world.member, now=early
    )
    assert (result.ok, result.kind) == (False, "not_open")


def test_a_bad_phone_number_gets_a_message_and_nothing_changes(world: World, session):
    response = scan(Client(), session, codes.make_code(session), phone="12345")
    assert "không hợp lệ" in response.content.decode()
    assert attendance(world) is None


def test_the_trainer_screen_shows_an_inline_svg_qr_code_of_the_check_in_link(world: World, session):
    session.trainer = world.leader
    session.save()
    page = world.client_for("leader").get(f"/training/sessions/{session.pk}/qr/")
    assert page.status_code == 200
    text = page.content.decode()
    assert '<svg viewBox="0 0' in text and 'class="qr"' in text
    assert 'hx-trigger="every 60s"' in text
    assert "style=" not in text.split('class="qr"')[1].split("</svg>")[0]
    # The member's own account cannot open it.
    assert world.client_for("member").get(f"/training/sessions/{session.pk}/qr/").status_code == 404


def test_the_api_checks_in_with_the_code_and_explains_refusals(world: World, session):
    client = world.client_for("member")
    url = f"/api/v1/training/sessions/{session.pk}/checkin"
    other = make_session(session.course, title="Buổi 2")
    wrong = client.post(url, {"code": codes.make_code(other)}, content_type="application/json")
    assert (wrong.status_code, wrong.json()["kind"]) == (409, "wrong_session")
    ok = client.post(url, {"code": codes.make_code(session)}, content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["kind"] == "present"
    assert attendance(world) is True


# The paper sign-in sheet ---------------------------------------------------------------------


def test_the_paper_sheet_is_entered_after_the_session_and_corrections_are_kept(
    world: World, session
):
    session.starts_at -= timedelta(days=3)
    session.ends_at -= timedelta(days=3)
    session.save()
    absent = Person.objects.create(full_name="Đàm Văn Vắng", phone="+84900000077")
    enrol(session, absent, "citizens")
    member_enrolment = Enrolment.objects.get(person=world.member_a.person)
    absent_enrolment = Enrolment.objects.get(person=absent)
    client = world.client_for("officer_a")
    url = f"/training/sessions/{session.pk}/attendance/"
    response = client.post(
        url, {"action": "sheet", f"m-{member_enrolment.pk}": "1", f"m-{absent_enrolment.pk}": "0"}
    )
    assert response.status_code == 302
    assert (attendance(world), Enrolment.objects.get(person=absent).attended) == (True, False)
    assert Enrolment.objects.get(pk=member_enrolment.pk).check_in_method == CheckInMethod.SHEET
    # A correction by another officer, days later.
    client_admin = world.client_for("province_admin")
    client_admin.post(url, {"action": "sheet", f"m-{absent_enrolment.pk}": "1"})
    assert Enrolment.objects.get(person=absent).attended is True
    history = list(
        Enrolment.history.filter(id=absent_enrolment.pk)
        .order_by("history_date")
        .values_list("attended", "history_user__username", "history_change_reason")
    )
    assert history[-2:] == [(False, "officer-a", "sign-in sheet"), (True, "admin", "corrected")]
    page = client.get(url).content.decode()
    assert "đã sửa: có mặt" in page and "Đàm Văn Vắng" in page and "admin" in page


def test_a_walk_in_on_the_sheet_is_enrolled_and_marked_present(world: World, session):
    client = world.client_for("officer_a")
    response = client.post(
        f"/training/sessions/{session.pk}/attendance/",
        {"action": "walk_in", "full_name": "Lý Thị Đến Muộn", "phone": "", "audience": "citizens"},
    )
    assert response.status_code == 302
    walk_in = Enrolment.objects.get(person__full_name="Lý Thị Đến Muộn")
    assert (walk_in.attended, walk_in.source, walk_in.audience) == (True, "walk_in", "citizens")
    session.refresh_from_db()
    assert session.enrolled_count == 2


def test_the_trainer_takes_attendance_without_managing_the_course(world: World, session):
    trainer = make_user("trainer-x")
    session.trainer = trainer
    session.save()
    client = Client()
    client.force_login(trainer)
    enrolment = Enrolment.objects.get(person=world.member_a.person)
    url = f"/training/sessions/{session.pk}/attendance/"
    assert client.post(url, {"action": "sheet", f"m-{enrolment.pk}": "1"}).status_code == 302
    assert attendance(world) is True
    # … but cannot edit the session or enrol anyone.
    assert client.get(f"/training/sessions/{session.pk}/edit/").status_code == 404


def test_a_sheet_naming_someone_not_enrolled_changes_nothing(world: World, session):
    other = make_session(session.course, title="Buổi khác")
    stranger = enrol(other, world.leader_a.person)
    enrolment = Enrolment.objects.get(session=session)
    response = world.client_for("officer_a").post(
        f"/training/sessions/{session.pk}/attendance/",
        {"action": "sheet", f"m-{enrolment.pk}": "1", f"m-{stranger.pk}": "1"},
    )
    # The stranger's row is not on this sheet: ignored; the member is marked.
    assert response.status_code == 302
    assert Enrolment.objects.get(pk=stranger.pk).attended is None


def test_no_phone_number_reaches_the_logs_during_check_in(world: World, session, caplog):
    caplog.set_level(logging.DEBUG)
    code = codes.make_code(session)
    for phone in ("0900 000 002", "0900000003", "12345", "+84 900 000 099"):
        scan(Client(), session, code, phone=phone)
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "django.db.backends")
    assert not re.search(r"(\+?84|0)\s?9\d{2}[\s.]?\d{3}[\s.]?\d{3}", logged)
