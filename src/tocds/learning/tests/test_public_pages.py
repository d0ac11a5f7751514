"""The public learning pages, as a citizen without an account uses them."""

import re

import pytest
from django.test import Client

from tocds.certificates.models import Certificate
from tocds.conftest import World
from tocds.learning import services
from tocds.learning.models import Attempt, Mode, Skill

pytestmark = pytest.mark.django_db


def answers_form(skill: Skill, *, wrong: set[str] = frozenset()) -> dict[str, int]:
    return {
        f"q{q.pk}": (q.answer + 1) % len(q.choices) if q.code in wrong else q.answer
        for q in services.quiz_questions(skill)
    }


def test_skills_list_and_skill_page_show_published_lessons_by_level(content):
    page = Client().get("/learn/").content.decode()
    assert "Sử dụng dịch vụ công trực tuyến" in page
    page = Client().get("/learn/public_services/").content.decode()
    assert page.index("Cơ bản 1") < page.index("Cài ứng dụng VNeID đúng cách")
    assert page.index("Cơ bản 2") < page.index("Đăng nhập Cổng Dịch vụ công")


def test_lesson_page_numbers_steps_shows_pictures_warnings_and_fills_facts(content):
    response = Client().get("/learn/public_services/dvc-dang-nhap/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<strong class="fact">dichvucong.gov.vn</strong>' in page
    assert "{fact:" not in page
    assert page.count('class="step-text"') == 2
    assert re.search(r'<img src="/learn/pictures/phone.svg\?v=\w{12}" alt="Trình duyệt', page)
    assert "Điều có thể gặp" in page
    assert "data-speak" in page and "learning/learning.js" in page
    otp = Client().get("/learn/safety/at-otp/").content.decode()
    assert "Cảnh giác lừa đảo" in otp and "1800.6838" in otp


def test_unpublished_or_unknown_lessons_are_not_found(content):
    from tocds.learning.models import Lesson

    Lesson.objects.filter(code="at-otp").update(published=None)
    assert Client().get("/learn/safety/at-otp/").status_code == 404
    assert Client().get("/learn/safety/dvc-cai-vneid/").status_code == 404
    assert Client().get("/learn/nothing/").status_code == 404


def test_pictures_are_served_with_long_caching(content):
    client = Client()
    page = client.get("/learn/safety/at-otp/").content.decode()
    url = re.search(r'src="(/learn/pictures/shield.svg\?v=\w+)"', page)[1]
    response = client.get(url)
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_citizen_fails_then_retakes_passes_and_gets_a_certificate(content):
    client = Client()
    skill = Skill.objects.get(code="public_services")
    response = client.post(
        "/learn/public_services/quiz/", answers_form(skill, wrong={"dvc-q03", "dvc-q04"})
    )
    first = Attempt.objects.get()
    assert response["Location"] == f"/learn/results/{first.key}/"
    page = client.get(response["Location"]).content.decode()
    assert "Đã làm được" in page and "Cần luyện thêm" in page
    assert 'href="/learn/public_services/dvc-dang-nhap/"' in page  # back to the exact lesson
    assert "Nhận giấy chứng nhận" not in page
    response = client.post("/learn/public_services/quiz/", answers_form(skill))
    second = Attempt.objects.exclude(pk=first.pk).get()
    assert second.passed and second.mode == Mode.SELF and second.user is None
    client.post(f"/learn/results/{second.key}/certificate/", {"holder_name": "  Nông  Thị Hoa "})
    certificate = Certificate.objects.get()
    assert certificate.holder_name == "Nông Thị Hoa"
    assert "Tự kiểm tra" in certificate.detail
    page = client.get(f"/learn/results/{second.key}/").content.decode()
    assert f"/verify/{certificate.code}/certificate.pdf" in page
    progress = client.get("/learn/progress/").content.decode()
    assert str(first.key) in progress and str(second.key) in progress
    assert Client().get("/learn/progress/").content.decode().count("/learn/results/") == 0


def test_no_certificate_for_a_failed_attempt_or_twice(content):
    client = Client()
    skill = Skill.objects.get(code="safety")
    client.post("/learn/safety/quiz/", answers_form(skill, wrong={"at-q01"}))
    failed = Attempt.objects.get()
    response = client.post(f"/learn/results/{failed.key}/certificate/", {"holder_name": "A"})
    assert "Chưa đạt mức yêu cầu" in response.content.decode()
    assert not Certificate.objects.exists()
    client.post("/learn/safety/quiz/", answers_form(skill))
    passed = Attempt.objects.get(passed=True)
    client.post(f"/learn/results/{passed.key}/certificate/", {"holder_name": ""})
    response = client.post(f"/learn/results/{passed.key}/certificate/", {"holder_name": "B"})
    assert "đã được cấp giấy chứng nhận" in response.content.decode()
    assert Certificate.objects.count() == 1


def test_unanswered_question_is_shown_again_with_a_message_and_nothing_saved(content):
    skill = Skill.objects.get(code="safety")
    data = answers_form(skill)
    data.pop(next(iter(data)))
    response = Client().post("/learn/safety/quiz/", data)
    assert response.status_code == 200
    assert "Hãy chọn một câu trả lời." in response.content.decode()
    assert not Attempt.objects.exists()


def test_attempts_made_before_signing_in_are_kept_on_the_account(content, world: World):
    client = Client()
    skill = Skill.objects.get(code="safety")
    client.post("/learn/safety/quiz/", answers_form(skill))
    attempt = Attempt.objects.get()
    assert attempt.user is None
    client.force_login(world.member)
    client.get("/learn/")
    attempt.refresh_from_db()
    assert attempt.user == world.member
    assert attempt.commune == world.commune_a
    other_device = Client()
    other_device.force_login(world.member)
    assert str(attempt.key) in other_device.get("/learn/progress/").content.decode()


def test_a_tampered_device_cookie_counts_as_empty(content):
    client = Client()
    client.cookies["tocds_learning"] = "not-signed"
    assert client.get("/learn/progress/").status_code == 200
