"""A team member on a 360-px phone: signs in, lands on their home, taps the field app, which
registers its service worker; then with no connection, reloading /field/ still brings the app
up (Playwright driving Debian's Chromium)."""

from datetime import date, timedelta

import pytest

from tocds.conftest import PASSWORD, World, require_chromium

require_chromium()

pytestmark = pytest.mark.django_db(transaction=True)

APP_READY = "() => !!(document.body && document.body.dataset.ready === '1')"

# The worker controls the page and holds the shell in its cache: the app can open offline.
CACHED = """async () => {
  if (!navigator.serviceWorker.controller) return false;
  for (const key of await caches.keys()) {
    if (key.startsWith("tocds-field-") && await (await caches.open(key)).match("/field/")) {
      return true;
    }
  }
  return false;
}"""

NO_SIDEWAYS_SCROLL = (
    "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
)


@pytest.fixture
def member_world(world: World) -> World:
    """An open campaign with an assignment of the member's team today (built before the browser
    starts: ORM calls inside Playwright's event loop would outlive the test)."""
    from tocds.campaigns.models import Assignment, CampaignStatus, CommunePlan, Service
    from tocds.core.skills import Skill

    # A transactional test empties the tables, seeded catalogue included: bring one back.
    Service.objects.get_or_create(
        code="vneid-register",
        defaults={"name": "Đăng ký tài khoản VNeID", "skill": Skill.choices[0][0]},
    )
    world.campaign_all.status = CampaignStatus.OPEN
    world.campaign_all.save(update_fields=["status"])
    plan = CommunePlan.objects.create(campaign=world.campaign_all, commune=world.commune_a)
    Assignment.objects.create(
        plan=plan,
        team=world.team_a,
        hamlet=world.hamlet_a1,
        starts_on=date.today(),
        ends_on=date.today() + timedelta(days=1),
    )
    return world


def wait_until(page, script: str, timeout: float = 20.0):
    """Poll a (possibly async) predicate in the page (not `wait_for_function`, which evaluates
    strings with eval: the strict CSP forbids it)."""
    deadline = page.evaluate("Date.now()") + timeout * 1000
    while True:
        value = page.evaluate(script)
        if value:
            return value
        if page.evaluate("Date.now()") > deadline:
            raise AssertionError(f"timed out waiting for: {script[:80]}")
        page.wait_for_timeout(100)


def test_member_reaches_the_field_app_from_home_and_it_then_opens_offline(
    member_world: World, live_server, browser
):
    world = member_world
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN", service_workers="allow"
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", world.member.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    # The home: the team's day, the field app one tap away, nothing wider than the phone.
    assert page.url == f"{live_server.url}/"
    assert world.hamlet_a1.name in page.locator("#assignments").inner_text()
    link = page.locator("#open-field-app")
    assert link.inner_text() == "Mở ứng dụng thực địa"
    assert link.is_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)

    link.click()
    page.wait_for_url(f"{live_server.url}/field/")
    wait_until(page, APP_READY)
    wait_until(page, CACHED)
    page.locator("#assignments li strong").first.wait_for()

    context.set_offline(True)
    page.reload()  # offline: the service worker serves the shell and its assets
    wait_until(page, APP_READY)
    assert page.evaluate("navigator.onLine") is False
    assert world.hamlet_a1.name in page.locator("#assignments").inner_text()
    assert problems == []
    context.close()


@pytest.mark.parametrize("persona", ["officer_a", "province_admin", "leader"])
def test_every_home_fits_a_360_px_phone(member_world: World, live_server, browser, persona):
    import os

    world = member_world
    user = getattr(world, persona)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/"
    assert page.locator("section.desk").count() >= 1
    if os.environ.get("TOCDS_SHOTS"):
        page.screenshot(path=f"{os.environ['TOCDS_SHOTS']}/home-{persona}.png", full_page=True)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    context.close()
