"""Real-browser checks (Playwright driving Debian's Chromium): the pages work as people use them,
on a 360-px phone screen, under the strict Content-Security-Policy, with htmx updating in place."""

import pytest

from tocds.conftest import PASSWORD, World, require_chromium

require_chromium()

pytestmark = pytest.mark.django_db(transaction=True)


def phone_page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page, problems


def test_citizen_searches_a_place_as_they_type_on_a_phone(world: World, live_server, browser):
    page, problems = phone_page(browser)
    page.goto(f"{live_server.url}/places/search/")
    page.locator("#place-q").press_sequentially("hoa an", delay=30)
    page.locator("#place-results li").first.wait_for()
    assert "Xã Hòa An" in page.locator("#place-results").inner_text()
    assert page.url.endswith("/places/search/")  # updated in place, no page load
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert problems == []


@pytest.fixture
def officer_phone(world: World) -> str:
    """Set up before the browser starts: ORM calls inside Playwright's event loop would open
    connections of their own that outlive the test."""
    world.officer_a.phone = "+84912345678"
    world.officer_a.save()
    return "0912 345 678"


def test_officer_signs_in_by_phone_and_filters_teams_in_place(
    world: World, officer_phone: str, live_server, browser
):
    page, problems = phone_page(browser)
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.fill("input[name=username]", officer_phone)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")  # the officer's home: their commune's to-dos
    assert world.commune_a.name in page.locator("#commune-desk h2").inner_text()
    page.goto(f"{live_server.url}/teams/")
    rows = page.locator("#team-rows")
    assert world.team_a2.name in rows.inner_text()
    page.fill("#id_q", "na mau")
    page.wait_for_function(
        "name => !document.querySelector('#team-rows').innerText.includes(name)",
        arg=world.team_a2.name,
    )
    assert world.team_a.name in rows.inner_text()
    assert world.team_b.name not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert problems == []
