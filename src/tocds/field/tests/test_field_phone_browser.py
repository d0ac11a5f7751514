"""The field app for the person holding a 360-px phone (Playwright driving Debian's Chromium): a
visit form that fits, an explicit "nobody at home", status lines one can read, and the app
installed as soon as a team member signs in anywhere on the site (issue 13, points 10–13)."""

import pytest

from tocds.conftest import PASSWORD, World, require_chromium
from tocds.field.tests.test_field_browser import (
    APP_READY,
    db_name,
    signed_in_app,
    wait_until,
)

require_chromium()

pytestmark = pytest.mark.django_db(transaction=True)

OUTBOX_BODIES = """async (name) => {
  const db = await TocdsOutbox.open(name);
  const entries = await TocdsOutbox.getAll(db, "outbox");
  db.close();
  return entries.map((e) => ({ uuid: e.uuid, state: e.state, body: e.body }));
}"""

TEXT = "(key) => JSON.parse(document.getElementById('field-text').textContent)[key]"

# Is the element's whole box inside the window (top to bottom)?
IN_VIEW = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
}"""

# Does the select's box show its longest option whole? (text width against the room inside the
# select, its padding and the arrow deducted)
SELECT_SHOWS_OPTIONS = """(selector) => {
  const select = document.querySelector(selector);
  const style = getComputedStyle(select);
  const canvas = document.createElement("canvas").getContext("2d");
  canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const widest = Math.max(...[...select.options].map((o) => canvas.measureText(o.text).width));
  const room = select.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight) - 20;
  return { widest: Math.ceil(widest), room: Math.floor(room) };
}"""

SAVE = "#visit-form button[type=submit]"


def test_visit_form_folds_services_by_skill_keeps_save_in_reach_and_names_each_number(
    field_world: World, live_server, browser
):
    context, page, problems = signed_in_app(browser, live_server, field_world, worker=False)
    page.click("#new-visit")
    page.locator("#editor").wait_for()

    # Services grouped by skill, folded: none of the catalogue's ticks is on the screen yet.
    groups = page.locator("#f-services details.skill")
    assert groups.count() >= 3
    ticks = page.locator("#f-services input[type=checkbox]")
    assert ticks.count() >= 10
    assert page.locator("#f-services details.skill input[type=checkbox]").count() == ticks.count()
    assert all(not tick.is_visible() for tick in ticks.all())
    assert page.evaluate(IN_VIEW, SAVE)  # "Lưu" without scrolling

    # Every group unfolded, the form scrolled to the middle and to the end: "Lưu" still there.
    for summary in page.locator("#f-services details.skill > summary").all():
        summary.click()
    assert all(tick.is_visible() for tick in ticks.all())
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height > 1.5 * 740  # long enough to matter
    for y in (height // 2, height):
        page.evaluate("(y) => window.scrollTo(0, y)", y)
        assert page.evaluate(IN_VIEW, SAVE), y

    # One meaning for each number: the household's, and each service's.
    assert page.locator("label[for=f-people]").inner_text() == "Số người trong hộ được hướng dẫn"
    page.check("#svc-vneid-register")
    assert page.locator("label[for=svc-vneid-register-people]").inner_text() == (
        "Số người làm dịch vụ này"
    )
    # The outcome reads whole ("Đã hoàn thành", not "Đã hoàn thà…").
    fit = page.evaluate(SELECT_SHOWS_OPTIONS, "#svc-vneid-register-outcome")
    assert fit["widest"] <= fit["room"], fit
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The group says how many of its services are ticked.
    summary = page.locator("#f-services details:has(#svc-vneid-register) > summary")
    assert "1" in summary.inner_text()
    assert problems == []
    context.close()


def test_a_visit_with_nobody_guided_is_confirmed_or_recorded_as_nobody_at_home(
    field_world: World, live_server, browser
):
    world = field_world
    context, page, problems = signed_in_app(browser, live_server, world, worker=False)
    context.set_offline(True)  # the outbox keeps what is saved, to be read below

    # Nobody guided and no service, with "met the household": asked first, nothing saved.
    page.click("#new-visit")
    page.locator("#editor").wait_for()
    page.fill("#f-household", "Số 30")
    page.fill("#f-people", "0")
    page.click(SAVE)
    confirm = page.locator("#f-confirm-empty")
    confirm.wait_for()
    assert "Không có ai ở nhà" in confirm.inner_text()
    assert page.evaluate(OUTBOX_BODIES, db_name(world)) == []
    page.click("#f-confirm-back")  # back to the form, to tick a service say
    assert confirm.is_hidden()
    assert page.locator("#editor").is_visible()
    assert page.evaluate(OUTBOX_BODIES, db_name(world)) == []

    page.click(SAVE)
    page.click("#f-confirm-nobody")  # yes: nobody at home
    page.locator("#home").wait_for()
    (entry,) = page.evaluate(OUTBOX_BODIES, db_name(world))
    assert (entry["body"]["people_guided"], entry["body"]["services"]) == (0, [])
    nobody = page.evaluate(TEXT, "nobody_home")
    assert nobody == "Không có ai ở nhà / hẹn lại"
    assert nobody in page.locator(f"li.visit[data-uuid='{entry['uuid']}']").inner_text()

    # Chosen as the outcome: the numbers and services go away, and it saves without a question.
    page.click("#new-visit")
    page.locator("#editor").wait_for()
    page.fill("#f-household", "Số 31")
    page.check("#f-nobody")
    assert page.locator("#f-people").is_hidden()
    assert page.locator("#f-services").is_hidden()
    page.click(SAVE)
    page.locator("#home").wait_for()
    bodies = {e["body"]["household"]: e for e in page.evaluate(OUTBOX_BODIES, db_name(world))}
    assert (bodies["Số 31"]["body"]["people_guided"], bodies["Số 31"]["body"]["services"]) == (
        0,
        [],
    )
    # Opened again, it reads as it was recorded.
    page.locator(f"li.visit[data-uuid='{bodies['Số 31']['uuid']}'] button.edit").click()
    page.locator("#editor").wait_for()
    assert page.locator("#f-nobody").is_checked()
    assert problems == []
    context.close()


def test_send_now_with_nothing_to_send_says_so_and_status_lines_are_readable(
    field_world: World, live_server, browser
):
    world = field_world
    context, page, problems = signed_in_app(browser, live_server, world, worker=False)
    page.click("#send-now")
    nothing = page.evaluate(TEXT, "nothing_to_send")
    assert nothing == "Không có gì để gửi."
    wait_until(page, "(text) => document.querySelector('#notice').textContent === text", nothing)

    context.set_offline(True)
    page.click("#new-visit")
    page.locator("#editor").wait_for()
    page.fill("#f-household", "Nhà bà Hoàng Thị Lan, ngõ 3, cạnh nhà văn hoá")
    page.locator("#f-services details:has(#svc-vneid-register) > summary").click()
    page.check("#svc-vneid-register")
    page.click(SAVE)
    page.locator("#visits li.visit").first.wait_for()
    sizes = page.evaluate(
        """() => ["#badge", "#net", "#storage", "#notice", "#visits .visit .state"].map(
          (s) => [s, parseFloat(getComputedStyle(document.querySelector(s)).fontSize)])"""
    )
    assert all(size >= 16 for _, size in sizes), sizes
    # The time of a visit in the list is never broken across two lines.
    time = page.locator("#visits li.visit .time").first
    assert time.evaluate("(node) => getComputedStyle(node).whiteSpace") == "nowrap"
    assert time.evaluate("(node) => node.getClientRects().length") == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert problems == []
    context.close()


# The worker for /field/ is active and holds the shell (asked from a page outside its scope).
INSTALLED = """async () => {
  const registration = await navigator.serviceWorker.getRegistration("/field/");
  if (!registration || !registration.active) return false;
  for (const key of await caches.keys()) {
    if (key.startsWith("tocds-field-") && await (await caches.open(key)).match("/field/")) {
      return true;
    }
  }
  return false;
}"""


def test_a_leader_who_never_opened_the_field_app_has_it_offline_after_signing_in(
    field_world: World, live_server, browser
):
    world = field_world
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN", service_workers="allow"
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", world.leader.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/"  # the home, not /field/
    wait_until(page, INSTALLED)

    context.set_offline(True)
    page.goto(f"{live_server.url}/field/")  # first time ever, and in the hamlet: no signal
    wait_until(page, APP_READY)
    assert page.evaluate("navigator.onLine") is False
    # The worker loaded the day's assignments too, so a visit can be recorded right away.
    assert world.hamlet_a1.name in page.locator("#assignments").inner_text()
    page.click("#new-visit")
    page.locator("#editor").wait_for()
    page.fill("#f-household", "Số 40")
    page.fill("#f-people", "2")
    page.click(SAVE)
    page.locator("#home").wait_for()
    assert [e["state"] for e in page.evaluate(OUTBOX_BODIES, db_name(world))] == ["queued"]
    assert problems == []
    context.close()
