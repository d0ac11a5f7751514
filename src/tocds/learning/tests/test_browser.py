"""Real-browser checks (Playwright driving Debian's Chromium): a citizen on a 360-px phone reads a
lesson, completes a skill's self-check and downloads the certificate; axe-core finds no serious
or critical violation on the lesson, quiz and result pages; the lesson page stays light."""

import pytest

from tocds.conftest import require_chromium
from tocds.learning.content import DEFAULT_PATH, load_content
from tocds.learning.facts import fact_map, fill
from tocds.learning.models import Lesson, Skill
from tocds.learning.services import quiz_questions
from tocds.learning.tests.conftest import FIXTURE

require_chromium()
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def right_answers(transactional_db) -> list[tuple[int, str]]:
    """Loaded before the browser starts (ORM calls inside Playwright's loop would open
    connections that outlive the test): (question number, right choice text) of the quiz."""
    load_content(FIXTURE)
    skill = Skill.objects.get(code="public_services")
    facts = fact_map()
    return [(n, fill(q.choices[q.answer], facts)) for n, q in enumerate(quiz_questions(skill), 1)]


def phone(browser, width: int = 360):
    context = browser.new_context(
        viewport={"width": width, "height": 740}, locale="vi-VN", accept_downloads=True
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page, problems


def serious_violations(page) -> list[str]:
    results = axe_module.Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def fits(page, width: int = 360) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_citizen_learns_checks_themself_and_downloads_the_certificate(
    right_answers, live_server, browser, tmp_path
):
    page, problems = phone(browser)
    page.goto(f"{live_server.url}/learn/")
    page.click("text=Sử dụng dịch vụ công trực tuyến")
    page.click("text=Đăng nhập Cổng Dịch vụ công")
    assert page.locator("ol.steps > li").count() == 2
    assert "dichvucong.gov.vn" in page.locator("ol.steps").inner_text()
    assert page.locator("[data-speak]").is_visible()  # "Nghe": speech synthesis is there
    assert page.locator("[data-print]").is_visible()
    assert fits(page)
    assert serious_violations(page) == []

    page.click("text=Tự kiểm tra kỹ năng này")
    assert fits(page)
    assert serious_violations(page) == []
    total = len(right_answers)
    # On a phone: one question at a time, "Câu 1/N", the submit button at the last one.
    assert page.locator("fieldset.question:visible").count() == 1
    assert page.locator("[data-quiz-progress]").inner_text() == f"Câu 1/{total}"
    assert not page.locator("form.quiz button[type=submit]").is_visible()
    assert not page.locator("text=Câu trước").is_visible()
    for _ in range(total - 1):
        page.click("text=Câu tiếp")
    assert page.locator("[data-quiz-progress]").inner_text() == f"Câu {total}/{total}"
    assert not page.locator("text=Câu tiếp").is_visible()
    page.click("text=Câu trước")
    assert page.locator(f"#question-{total - 1}").is_visible()
    page.click("text=Câu tiếp")
    page.click(
        "form.quiz button[type=submit]"
    )  # nothing chosen: told what is missing, nothing lost
    assert page.locator(".errors").is_visible()
    assert page.locator("#question-1").is_visible()  # back at the first question unanswered
    for number, choice in right_answers:
        page.locator(f"#question-{number} label.choice", has_text=choice).click()
        if number < total:
            page.click("text=Câu tiếp")
    page.click("button[type=submit]")
    page.wait_for_url("**/learn/results/**")
    assert page.locator(".tasks li.ok").count() == 2
    assert "Đã làm được" in page.locator(".tasks").inner_text()
    assert fits(page)
    assert serious_violations(page) == []

    page.fill("input[name=holder_name]", "Nông Thị Hoa")
    page.click("text=Nhận giấy chứng nhận")
    page.wait_for_selector("text=Tải giấy chứng nhận (PDF)")
    with page.expect_download() as download_info:
        page.click("text=Tải giấy chứng nhận (PDF)")
    pdf = tmp_path / "certificate.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    code = page.locator("text=Mã giấy chứng nhận").inner_text().split(":")[-1].strip()
    page.goto(f"{live_server.url}/verify/{code}/")
    assert "Giấy chứng nhận hợp lệ" in page.content()
    assert "Nông Thị Hoa" in page.content()
    assert problems == []


def test_lesson_page_first_load_is_light_and_reflows_at_200_percent_zoom(
    right_answers, live_server, browser
):
    page, problems = phone(browser)
    sizes: dict[str, int] = {}

    def count(response):
        sizes[response.url] = len(response.body())

    page.on("response", count)
    page.goto(f"{live_server.url}/learn/safety/at-otp/", wait_until="networkidle")
    assert sum(sizes.values()) < 150_000, sizes  # uncompressed: the gzip transfer is far less
    assert any("/learn/pictures/shield.svg" in url for url in sizes)
    zoomed, _ = phone(browser, width=180)  # a 360-px phone at 200% zoom
    zoomed.goto(f"{live_server.url}/learn/safety/at-otp/")
    assert fits(zoomed, 180)
    font_sizes = zoomed.evaluate(
        "[...document.querySelectorAll('main p, main li, main a, main button, main summary')]"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert min(font_sizes) >= 16
    assert problems == []


@pytest.fixture
def real_content(transactional_db) -> list[str]:
    load_content(DEFAULT_PATH)
    paths = [
        f"/learn/{lesson.skill.code}/{lesson.code}/"
        for lesson in Lesson.objects.filter(published__isnull=False).select_related("skill")
    ]
    return paths + [f"/learn/{code}/quiz/" for code in Skill.objects.values_list("code", flat=True)]


@pytest.mark.skipif(not DEFAULT_PATH.is_dir(), reason="src/tocds/learning/content/ not written yet")
def test_every_real_lesson_and_quiz_page_passes_axe_at_360_px(real_content, live_server, browser):
    page, problems = phone(browser)
    failures = []
    for path in real_content:
        page.goto(f"{live_server.url}{path}")
        if not fits(page):
            failures.append(f"{path}: wider than 360 px")
        failures += [f"{path}: {v}" for v in serious_violations(page)]
        broken = page.evaluate(
            "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length"
        )
        if broken:
            failures.append(f"{path}: {broken} picture(s) not shown")
    assert failures == []
    assert problems == []
