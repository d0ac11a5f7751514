"""The content workflow: draft → review → published, versions, immutability, history; facts
and questions edited by the province administrator; nobody else."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tocds.conftest import World
from tocds.learning import services
from tocds.learning.content import publish_version
from tocds.learning.models import Fact, Lesson, LessonVersion, Question, VersionStatus

pytestmark = pytest.mark.django_db


def steps_post(texts: list[str], prefix: str = "steps") -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(texts)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "12",
    }
    for i, text in enumerate(texts):
        data[f"{prefix}-{i}-text"] = text
        data[f"{prefix}-{i}-picture"] = ""
        data[f"{prefix}-{i}-alt"] = ""
    return data


def draft_post(title: str, steps: list[str]) -> dict:
    return {
        "title": title,
        "summary": "Bạn sẽ giữ được mã OTP.",
        "minutes": 4,
        "can_go_wrong": "Dòng một\n\nDòng hai",
        "scam_warnings": "Ai đòi mã OTP → tắt máy.",
        "teach_tips": "",
        **steps_post(steps),
    }


def test_admin_edits_submits_and_publishes_a_new_version(content, world: World):
    admin = world.client_for("province_admin")
    lesson = Lesson.objects.get(code="at-otp")
    published = lesson.published
    response = admin.post(
        "/learn/manage/lessons/at-otp/draft/",
        draft_post("Không đọc mã OTP cho ai", ["Bước một.", "", "Bước hai."]),
    )
    draft = lesson.versions.get(status=VersionStatus.DRAFT)
    assert response["Location"] == f"/learn/manage/versions/{draft.pk}/"
    assert draft.number == published.number + 1
    assert list(draft.steps.values_list("text", flat=True)) == ["Bước một.", "Bước hai."]
    assert draft.can_go_wrong == ["Dòng một", "Dòng hai"]
    # Citizens still see the published version while the draft is worked on.
    page = world.client_for("anonymous").get("/learn/safety/at-otp/").content.decode()
    assert "Giữ mã OTP cho riêng mình" in page and "Không đọc mã OTP cho ai" not in page
    admin.post(f"/learn/manage/versions/{draft.pk}/transition/", {"to": "review"})
    admin.post(f"/learn/manage/versions/{draft.pk}/transition/", {"to": "published"})
    lesson.refresh_from_db()
    published.refresh_from_db()
    assert lesson.published_id == draft.pk
    assert published.status == VersionStatus.SUPERSEDED
    page = world.client_for("anonymous").get("/learn/safety/at-otp/").content.decode()
    assert "Không đọc mã OTP cho ai" in page
    reasons = [
        r.history_change_reason
        for r in LessonVersion.history.filter(id=draft.pk).order_by("history_date")
    ]
    assert reasons == ["draft started", "edited", "submitted for review", "published"]
    history_page = admin.get("/learn/manage/lessons/at-otp/").content.decode()
    assert "gửi duyệt" in history_page and "được thay bằng phiên bản mới hơn" in history_page


def test_opening_the_draft_form_writes_nothing_until_saved(content, world: World):
    admin = world.client_for("province_admin")
    lesson = Lesson.objects.get(code="at-otp")
    before = lesson.versions.count()
    page = admin.get("/learn/manage/lessons/at-otp/draft/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Bản nháp mới, từ phiên bản" in text
    assert lesson.published.title in text  # the form starts from the published version
    assert lesson.versions.count() == before


def test_published_and_reviewed_versions_never_change(content, world: World):
    version = Lesson.objects.get(code="at-otp").published
    with pytest.raises(ValidationError):
        services.save_draft(
            actor=world.province_admin,
            version=version,
            title="X",
            summary="",
            minutes=1,
            can_go_wrong=[],
            scam_warnings=[],
            teach_tips=[],
            steps=[services.StepData("x")],
        )
    version.refresh_from_db()
    assert version.title == "Giữ mã OTP cho riêng mình"
    draft = services.start_draft(actor=world.province_admin, lesson=version.lesson)
    services.transition(actor=world.province_admin, version=draft, to=VersionStatus.REVIEW)
    with pytest.raises(ValidationError, match="đang chờ duyệt"):
        services.start_draft(actor=world.province_admin, lesson=version.lesson)


def test_only_allowed_moves(content, world: World):
    lesson = Lesson.objects.get(code="at-otp")
    draft = services.start_draft(actor=world.province_admin, lesson=lesson)
    with pytest.raises(ValidationError):
        services.transition(actor=world.province_admin, version=draft, to="published")
    with pytest.raises(ValidationError):
        services.transition(actor=world.province_admin, version=lesson.published, to="draft")


def test_a_superseded_version_is_never_published_again(content, world: World):
    """Publishing moves along `content.PUBLISHING`: an old version comes back only as a new
    draft."""
    lesson = Lesson.objects.get(code="at-otp")
    old = lesson.published
    draft = services.start_draft(actor=world.province_admin, lesson=lesson)
    services.transition(actor=world.province_admin, version=draft, to=VersionStatus.REVIEW)
    services.transition(actor=world.province_admin, version=draft, to=VersionStatus.PUBLISHED)
    old.refresh_from_db()
    assert old.status == VersionStatus.SUPERSEDED
    assert old.history.first().history_change_reason == "superseded"
    with pytest.raises(ValidationError, match="Không được chuyển sang trạng thái này"):
        publish_version(lesson, old, actor=world.province_admin)
    lesson.refresh_from_db()
    assert lesson.published_id == draft.pk
    assert LessonVersion.objects.get(pk=draft.pk).status == VersionStatus.PUBLISHED


def test_a_version_with_a_raw_hotline_cannot_be_submitted(content, world: World):
    lesson = Lesson.objects.get(code="at-otp")
    draft = services.start_draft(actor=world.province_admin, lesson=lesson)
    services.save_draft(
        actor=world.province_admin,
        version=draft,
        title=draft.title,
        summary="",
        minutes=3,
        can_go_wrong=["Gọi 1800.6838 nếu bị lừa."],
        scam_warnings=[],
        teach_tips=[],
        steps=[services.StepData("Báo {fact:report_scam_sms}.")],
    )
    with pytest.raises(ValidationError) as error:
        services.transition(actor=world.province_admin, version=draft, to="review")
    text = " ".join(error.value.messages)
    assert "1800.6838" in text and "report_scam_sms" in text
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_nobody_but_the_content_managers_edits(content, world: World):
    lesson = Lesson.objects.get(code="at-otp")
    for persona in ("officer_a", "leader", "member"):
        with pytest.raises(PermissionDenied):
            services.start_draft(actor=getattr(world, persona), lesson=lesson)
        assert world.client_for(persona).get("/learn/manage/").status_code == 404


def test_facts_list_filters_those_needing_confirmation(content, world: World):
    admin = world.client_for("province_admin")
    page = admin.get("/learn/manage/facts/?needs=on").content.decode()
    table = page.split("<table")[1]  # the list filtered (above it: the facts due for re-checking)
    assert "report_scam_sms" in table and "hotline_consumer" not in table
    response = admin.post(
        "/learn/manage/facts/report_scam_sms/",
        {
            "key": "report_scam_sms",
            "kind": "hotline",
            "label": "Đầu số phản ánh tin nhắn rác",
            "value": "5656",
            "source": "S47",
            "source_url": "https://example.org/s47",
            "checked_on": "2026-11-20",
            "verified": "on",
        },
    )
    assert response.status_code == 302
    fact = Fact.objects.get(key="report_scam_sms")
    assert fact.verified and str(fact.checked_on) == "2026-11-20"
    assert "report_scam_sms" not in admin.get("/learn/manage/facts/?needs=on").content.decode()


def test_a_cited_fact_cannot_be_unconfirmed(content, world: World):
    fact = Fact.objects.get(key="hotline_consumer")
    with pytest.raises(ValidationError):
        services.save_fact(
            actor=world.province_admin,
            fact=fact,
            key=fact.key,
            kind=fact.kind,
            label=fact.label,
            value=fact.value,
            verified=False,
        )


def test_admin_edits_a_question_with_history(content, world: World):
    admin = world.client_for("province_admin")
    question = Question.objects.get(code="at-q02")
    data = {
        "code": "at-q02",
        "task": question.task_id,
        "lesson": question.lesson_id,
        "level": "cb1",
        "prompt": "Mã OTP là gì?",
        "choices": "Mã dùng một lần\nMật khẩu mãi mãi",
        "answer": 1,
        "explanation": "",
        "is_active": "on",
    }
    assert admin.post("/learn/manage/questions/at-q02/", data).status_code == 302
    question.refresh_from_db()
    assert (question.prompt, question.choices, question.answer) == (
        "Mã OTP là gì?",
        ["Mã dùng một lần", "Mật khẩu mãi mãi"],
        0,
    )
    bad = admin.post("/learn/manage/questions/at-q02/", {**data, "answer": 5})
    assert bad.status_code == 200 and bad.context["form"].errors
    page = admin.get("/learn/manage/questions/at-q02/").content.decode()
    assert "Mã OTP dùng để làm gì? → Mã OTP là gì?" in page
