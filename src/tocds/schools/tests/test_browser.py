"""A class quiz in a real browser (Playwright, Debian's Chromium): a student on a 360-px phone
joins with the code, answers and sees their result; the teacher's results update in place;
axe-core finds no serious or critical problem on the students' pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tocds.conftest import PASSWORD, World, require_chromium
from tocds.schools.models import ClassQuiz
from tocds.schools.tests.factories import school_world

require_chromium()

pytestmark = pytest.mark.django_db(transaction=True)


def phone(browser, problems: list[str]):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page


def serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [v["id"] for v in violations if v["impact"] in ("serious", "critical")]


@pytest.fixture
def open_quiz(world: World) -> ClassQuiz:
    """Built before the browser starts (no ORM inside Playwright's event loop)."""
    sw = school_world(world)
    return ClassQuiz.objects.create(
        school_class=sw.class_a,
        skill=sw.skill,
        code="314159",
        opened_by=sw.teacher,
        closes_at=timezone.now() + timedelta(minutes=30),
    )


def test_a_student_answers_on_a_phone_and_the_teacher_sees_it(
    world: World, open_quiz: ClassQuiz, live_server, browser
):
    problems: list[str] = []
    teacher = phone(browser, problems)
    teacher.goto(f"{live_server.url}/accounts/login/")
    teacher.fill("input[name=username]", "teacher-a")
    teacher.fill("input[name=password]", PASSWORD)
    teacher.click("main button[type=submit]")
    teacher.wait_for_url(f"{live_server.url}/schools/")
    teacher.goto(f"{live_server.url}/schools/quizzes/{open_quiz.pk}/")
    assert teacher.locator(".class-code").inner_text() == "314159"
    assert "0 / 30" in teacher.locator("#results").inner_text()

    student = phone(browser, problems)
    student.goto(f"{live_server.url}/quiz/")
    assert serious(student) == []
    student.fill("input[name=code]", "314 159")
    student.click("main button[type=submit]")
    student.wait_for_url(f"{live_server.url}/quiz/314159/")
    assert serious(student) == []
    for question in student.locator("fieldset.question").all():
        question.locator("input[type=radio]").first.check()
    student.click("main button[type=submit]")
    student.wait_for_url(f"{live_server.url}/quiz/314159/result/")
    assert "Đã làm được" in student.content() or "Cần luyện thêm" in student.content()
    assert serious(student) == []
    assert student.evaluate("document.documentElement.scrollWidth") <= 360

    # The teacher's results refresh in place (htmx, every 10 seconds).
    teacher.wait_for_function(
        "text => document.querySelector('#results').innerText.includes(text)",
        arg="1 / 30",
        timeout=15000,
    )
    assert teacher.url.endswith(f"/schools/quizzes/{open_quiz.pk}/")
    assert teacher.evaluate("document.documentElement.scrollWidth") <= 360
    assert problems == []
