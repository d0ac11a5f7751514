"""The field app in a real browser (Playwright driving Debian's Chromium), offline as in a hamlet
without signal: the service worker brings the app up, IndexedDB keeps the outbox, and every
record reaches the server once (RELIABILITY.md, the real-browser offline run)."""

import pytest

from tocds.conftest import PASSWORD, World, require_chromium

require_chromium()

pytestmark = pytest.mark.django_db(transaction=True)

OUTBOX = """async (name) => {
  const db = await TocdsOutbox.open(name);
  const entries = await TocdsOutbox.getAll(db, "outbox");
  db.close();
  return entries.map((e) => ({ uuid: e.uuid, state: e.state, errors: e.errors }));
}"""

LOCAL_VISITS = """async (name) => {
  const db = await TocdsOutbox.open(name);
  const visits = await TocdsOutbox.getAll(db, "visits");
  db.close();
  return visits.map((v) => v.uuid);
}"""

SERVER_VISITS = """async () => {
  const response = await fetch("/api/v1/field/visits?limit=500");
  return (await response.json()).items.map((v) => v.uuid);
}"""

APP_READY = "() => !!(document.body && document.body.dataset.ready === '1')"

READY = """async () => {
  if (!document.body || !document.body.dataset.ready) return false;
  if (!navigator.serviceWorker.controller) return false;
  const keys = await caches.keys();
  for (const key of keys) {
    if (key.startsWith("tocds-field-") && await (await caches.open(key)).match("/field/")) {
      return true;
    }
  }
  return false;
}"""


def wait_until(page, script: str, arg=None, timeout: float = 20.0):
    """Poll a (possibly async) predicate in the page. Not `wait_for_function`: it evaluates
    strings with eval, which the strict CSP forbids."""
    deadline = page.evaluate("Date.now()") + timeout * 1000
    while True:
        value = page.evaluate(script, arg) if arg is not None else page.evaluate(script)
        if value:
            return value
        if page.evaluate("Date.now()") > deadline:
            raise AssertionError(f"timed out waiting for: {script[:80]}")
        page.wait_for_timeout(100)


def signed_in_app(browser, live_server, world: World, *, worker: bool = True):
    """Signed in and on /field/ with its data loaded. `worker=False` blocks the service worker
    (and with it Background Sync), for tests that must be the only sender."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="vi-VN",
        service_workers="allow" if worker else "block",
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", world.leader.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/field/")
    wait_until(page, READY if worker else APP_READY)
    page.locator("#assignments li strong").first.wait_for()
    return context, page, problems


def record(page, household: str, *, phone: str = "") -> str:
    """Fill in and save a visit; returns the hamlet the form offered by default."""
    page.click("#new-visit")
    page.locator("#editor").wait_for()
    default_hamlet = page.locator("#f-hamlet").input_value()
    page.fill("#f-household", household)
    if phone:
        page.check("#f-consent")
        page.fill("#f-head-name", "Nông Văn Chủ")
        page.fill("#f-head-phone", phone)
    page.fill("#f-people", "2")
    group = page.locator("#f-services details:has(#svc-vneid-register)")
    if group.get_attribute("open") is None:  # the services are folded by skill
        group.locator("summary").click()
    page.check("#svc-vneid-register")
    page.click("#visit-form button[type=submit]")
    page.locator("#home").wait_for()
    return default_hamlet


def db_name(world: World) -> str:
    return f"tocds-field-u{world.leader.pk}"


def test_three_visits_recorded_offline_survive_a_reload_and_arrive_once(
    field_world: World, live_server, browser
):
    world = field_world
    context, page, problems = signed_in_app(browser, live_server, world)
    # Today's assignment comes first, and the form defaults to its hamlet.
    assert world.hamlet_a1.name in page.locator("#assignments li").first.inner_text()

    context.set_offline(True)
    for household in ("Số 1", "Số 2", "Số 3"):
        assert record(page, household) == world.hamlet_a1.code
    unsent = page.evaluate(OUTBOX, db_name(world))
    assert [e["state"] for e in unsent] == ["queued"] * 3

    # The worker's own network is cut too, so what comes up next is from its cache.
    (worker,) = context.service_workers
    probe = "fetch('/field/session').then((r) => r.status, () => 'offline')"
    assert worker.evaluate(probe) == "offline"
    page.reload()  # offline: the service worker serves the shell and its assets
    wait_until(page, APP_READY)
    assert page.evaluate("navigator.onLine") is False
    assert page.locator("#badge").inner_text().startswith("3 ")
    assert page.locator("#visits li.visit").count() == 3
    assert sorted(e["uuid"] for e in page.evaluate(OUTBOX, db_name(world))) == sorted(
        e["uuid"] for e in unsent
    )

    context.set_offline(False)
    page.click("#send-now")
    wait_until(page, f"async () => ({OUTBOX})('{db_name(world)}').then((o) => o.length === 0)")
    assert page.evaluate(OUTBOX, db_name(world)) == []
    sent = sorted(e["uuid"] for e in unsent)
    assert sorted(page.evaluate(LOCAL_VISITS, db_name(world))) == sent
    on_server = page.evaluate(SERVER_VISITS)
    assert sorted(on_server) == sent  # exactly those three, once each
    wait_until(page, "() => document.querySelector('#badge').textContent.startsWith('0 ')")
    assert problems == []
    context.close()


def test_sign_out_is_refused_while_records_are_unsent(field_world: World, live_server, browser):
    world = field_world
    context, page, problems = signed_in_app(browser, live_server, world)
    context.set_offline(True)
    record(page, "Nhà ông Tư")
    page.click("#logout button")
    refused = page.evaluate(
        "JSON.parse(document.getElementById('field-text').textContent).logout_refused"
    ).replace("%(count)s", "1")
    wait_until(page, "(text) => document.querySelector('#notice').textContent === text", refused)
    assert page.url.endswith("/field/")
    assert len(page.evaluate(OUTBOX, db_name(world))) == 1  # checked offline: nothing sends it
    context.set_offline(False)  # (the app then sends it on its own)
    assert page.evaluate("fetch('/field/session').then((r) => r.status)") == 200  # still in
    assert problems == []
    context.close()


def test_consent_is_unticked_by_default_and_reveals_name_and_phone(
    field_world: World, live_server, browser
):
    context, page, problems = signed_in_app(browser, live_server, field_world)
    page.click("#new-visit")
    page.locator("#editor").wait_for()
    assert page.locator("#f-consent").is_checked() is False
    assert page.locator("#f-head-name").is_hidden()
    assert page.locator("#f-head-phone").is_hidden()
    page.check("#f-consent")
    assert page.locator("#f-head-name").is_visible()
    assert page.locator("#f-head-phone").is_visible()
    assert problems == []
    context.close()


def test_invalid_record_is_quarantined_stays_visible_and_can_be_corrected(
    field_world: World, live_server, browser
):
    world = field_world
    context, page, problems = signed_in_app(browser, live_server, world)
    record(page, "Số 9", phone="12345")  # not a phone number: the server refuses it
    page.locator("#visits li.visit.quarantined").wait_for()
    entries = page.evaluate(OUTBOX, db_name(world))
    assert [e["state"] for e in entries] == ["quarantined"]
    assert "head_phone" in entries[0]["errors"]

    page.reload()
    wait_until(page, APP_READY)
    quarantined = page.locator("#visits li.visit.quarantined")
    assert quarantined.count() == 1
    assert quarantined.locator("ul.errors li").count() == 1

    quarantined.locator("button.edit").click()
    page.locator("#editor").wait_for()
    assert page.locator("#f-consent").is_checked()
    assert page.locator("#f-head-phone").input_value() == "12345"  # decrypted for editing
    page.fill("#f-head-phone", "0912 345 678")
    page.click("#visit-form button[type=submit]")
    wait_until(page, f"async () => ({OUTBOX})('{db_name(world)}').then((o) => o.length === 0)")
    assert page.evaluate(SERVER_VISITS) == [entries[0]["uuid"]]  # same UUID for life
    assert problems == []
    context.close()


def test_server_error_and_expired_session_keep_records_queued(
    field_world: World, live_server, browser
):
    world = field_world
    # No service worker: its Background Sync would send past the route below.
    context, page, problems = signed_in_app(browser, live_server, world, worker=False)
    context.route("**/api/v1/sync/visits", lambda route: route.fulfill(status=503, body="busy"))
    record(page, "Số 5")
    # The answer was a 503: told so, and the record is back in the queue for a later retry.
    server_error = page.evaluate(
        "JSON.parse(document.getElementById('field-text').textContent).server_error"
    )
    wait_until(
        page, "(text) => document.querySelector('#notice').textContent === text", server_error
    )
    assert [e["state"] for e in page.evaluate(OUTBOX, db_name(world))] == ["queued"]
    context.unroute("**/api/v1/sync/visits")
    # Signed out elsewhere: the record stays queued and the app asks to sign in again.
    page.evaluate(
        "fetch('/accounts/logout/', {method: 'POST', headers: {'X-CSRFToken': "
        "JSON.parse(document.getElementById('field-config').textContent).csrf}})"
    )
    page.click("#send-now")
    page.locator("#notice a[href^='/accounts/login/']").wait_for()
    assert [e["state"] for e in page.evaluate(OUTBOX, db_name(world))] == ["queued"]
    assert problems == []
    context.close()


SET_SENDING = """async (name) => {
  const db = await TocdsOutbox.open(name);
  await TocdsOutbox.transact(db, "outbox", "readwrite", (s) => {
    s.outbox.openCursor().onsuccess = (e) => {
      const cursor = e.target.result;
      if (!cursor) return;
      cursor.update(Object.assign(cursor.value, { state: "sending" }));
      cursor.continue();
    };
  });
  db.close();
}"""


def test_record_left_sending_by_a_crash_is_queued_again_on_open(
    field_world: World, live_server, browser
):
    world = field_world
    context, page, problems = signed_in_app(browser, live_server, world)
    context.set_offline(True)
    record(page, "Số 11")
    page.evaluate(SET_SENDING, db_name(world))  # as if the app died mid-send
    page.reload()
    wait_until(page, APP_READY)
    assert [e["state"] for e in page.evaluate(OUTBOX, db_name(world))] == ["queued"]
    assert problems == []
    context.close()


def test_editing_a_sent_visit_sends_an_edit_on_its_server_version(
    field_world: World, live_server, browser
):
    world = field_world
    context, page, problems = signed_in_app(browser, live_server, world)
    record(page, "Số 20")
    empty = f"async () => ({OUTBOX})('{db_name(world)}').then((o) => o.length === 0)"
    wait_until(page, empty)
    (uuid,) = page.evaluate(LOCAL_VISITS, db_name(world))
    page.locator(f"li.visit[data-uuid='{uuid}'] button.edit").click()
    page.locator("#editor").wait_for()
    assert page.locator("#f-household").input_value() == "Số 20"
    page.fill("#f-people", "5")
    page.click("#visit-form button[type=submit]")
    page.locator("#home").wait_for()  # saved in the outbox
    wait_until(page, empty)
    server = page.evaluate(
        "fetch('/api/v1/field/visits').then((r) => r.json()).then((d) => d.items)"
    )
    assert [(v["uuid"], v["version"], v["people_guided"]) for v in server] == [(uuid, 2, 5)]
    assert problems == []
    context.close()
