"""Real browser (Playwright, Debian's Chromium, 360-px phone screen, strict CSP): the trainer's
screen renews its QR code in place, and someone without an account checks in from a phone."""

import pytest

from tocds.conftest import PASSWORD, World, require_chromium
from tocds.training import codes
from tocds.training.models import Enrolment
from tocds.training.tests.factories import enrol, make_course, make_session

require_chromium()

pytestmark = pytest.mark.django_db(transaction=True)


def phone_page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page, problems


@pytest.fixture
def session_now(world: World):
    """Built before the browser starts (ORM calls inside Playwright's loop open connections
    that outlive the test)."""
    session = make_session(make_course(world.commune_a, "Lớp điểm danh bằng QR"))
    enrol(session, world.member_a.person)
    return session


def test_the_qr_code_renews_and_a_phone_number_checks_in(
    world: World, session_now, live_server, browser, monkeypatch
):
    monkeypatch.setattr(codes, "REFRESH_SECONDS", 1)
    trainer, problems = phone_page(browser)
    trainer.goto(f"{live_server.url}/accounts/login/")
    trainer.fill("input[name=username]", "officer-a")
    trainer.fill("input[name=password]", PASSWORD)
    trainer.click("main button[type=submit]")
    trainer.goto(f"{live_server.url}/training/sessions/{session_now.pk}/qr/")
    assert trainer.locator("#qr svg.qr").is_visible()
    first = trainer.locator("#qr").get_attribute("data-checkin-url")
    trainer.wait_for_function(
        "old => document.querySelector('#qr').dataset.checkinUrl !== old", arg=first, timeout=8000
    )
    url = trainer.locator("#qr").get_attribute("data-checkin-url")
    assert url != first and url.startswith(f"{live_server.url}/training/sessions/")

    attendee, attendee_problems = phone_page(browser)
    attendee.goto(url)
    attendee.fill("input[name=phone]", "0900 000 002")
    attendee.click("main form button[type=submit]")
    message = attendee.locator("[data-kind]")
    assert message.get_attribute("data-kind") == "present"
    assert "09xx xxx 002" in message.inner_text()
    assert attendee.evaluate("document.documentElement.scrollWidth") <= 360
    assert problems == [] and attendee_problems == []
    assert Enrolment.objects.get(session=session_now).attended is True
