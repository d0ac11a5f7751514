"""Real-browser checks of recorded lessons (Playwright driving Debian's Chromium at 360 px): a
recorded step plays in the chosen language, nothing is downloaded before a recording is played
(preload="none": it counts in the page budget only when played), a played recording is kept
with the Cache API and plays from there when the network is gone."""

import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections

from tocds.conftest import CHROMIUM, require_chromium
from tocds.learning import audio
from tocds.learning.content import load_content
from tocds.learning.models import Language, Lesson, StepAudio
from tocds.learning.tests.conftest import FIXTURE
from tocds.learning.tests.opus_fixture import FIXTURE as OPUS_FILE
from tocds.learning.tests.test_browser import fits, phone, serious_violations

require_chromium()

pytestmark = pytest.mark.django_db(transaction=True)

LESSON = "/learn/safety/at-otp/"


@pytest.fixture
def browser():
    """Chromium as in tocds.conftest, allowed to play media the page starts by itself (the
    offline fallback plays without a new tap)."""
    from playwright import sync_api

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--autoplay-policy=no-user-gesture-required",
            ],
        )
        yield browser
        browser.close()
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def recorded(transactional_db, settings, tmp_path) -> str:
    """The OTP lesson published with step 1 recorded in Tày (the fixture: 1 s of Opus silence).
    Returns the recording's URL."""
    settings.MEDIA_ROOT = tmp_path / "media"
    load_content(FIXTURE)
    tay, _ = Language.objects.get_or_create(code="tyz", defaults={"name": "Tiếng Tày"})
    Language.objects.get_or_create(code="vi", defaults={"name": "Tiếng Việt", "position": 0})
    version = Lesson.objects.get(code="at-otp").published
    data = OPUS_FILE.read_bytes()
    item = StepAudio(
        version=version,
        position=1,
        language=tay,
        content_type="audio/ogg",
        size=len(data),
        digest="f" * 64,
        text_digest=audio.text_digest(version.steps.get(position=1).text),
    )
    item.file.name = default_storage.save("learning/audio/test.ogg", ContentFile(data))
    item.save()
    return audio.audio_url(item)


def test_a_recorded_step_plays_in_the_chosen_language_at_360_px(recorded, live_server, browser):
    page, problems = phone(browser)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/learn/audio/" in r.url else None)
    page.goto(f"{live_server.url}{LESSON}", wait_until="networkidle")
    assert fetched == []  # preload="none": not in the page's weight until played
    assert page.locator("[data-listen-choice]").is_visible()
    page.select_option("[data-listen-lang]", "tyz")
    assert page.locator(".recording[data-lang=tyz]").is_visible()
    assert fits(page)
    assert serious_violations(page) == []
    page.click("[data-speak]")  # "Nghe", in Tày: the recorded step plays
    page.wait_for_function(
        "() => { const a = document.querySelector('audio[data-audio=tyz]');"
        " return a.played.length > 0 && a.currentTime > 0; }",
        timeout=10_000,
    )
    assert page.locator("ol.steps > li.reading").count() == 1  # the step being read
    assert any(recorded.split("?")[0] in url for url in fetched)
    assert problems == []


def test_a_played_recording_is_kept_and_plays_offline(recorded, live_server, browser):
    page, problems = phone(browser)
    page.goto(f"{live_server.url}{LESSON}")
    player = "document.querySelector('audio[data-audio=tyz]')"
    page.evaluate(f"{player}.play()")
    page.wait_for_function(f"() => {player}.played.length > 0", timeout=10_000)
    kept = (
        "async () => { const c = await caches.open('tocds-learning-audio-v1');"
        f" const r = await c.match({player}.currentSrc);"
        " return r ? r.headers.get('Content-Type') : null; }"
    )
    page.wait_for_function(kept, timeout=10_000)
    assert page.evaluate(kept) == "audio/ogg"
    # The network gone (every request for the recording fails, the browser's HTTP cache
    # emptied): only the Cache API has it.
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")
    page.route("**/learn/audio/**", lambda route: route.abort("internetdisconnected"))
    page.context.set_offline(True)
    page.evaluate(  # the learner presses play again, offline
        f"(() => {{ const a = {player}; a.src = a.getAttribute('src'); a.load();"
        " a.play().catch(() => {}); })()"
    )
    page.wait_for_function(
        f"() => {player}.getAttribute('data-from-cache') === '1' && {player}.played.length > 0",
        timeout=10_000,
    )
    assert page.evaluate(f"{player}.currentSrc").startswith("blob:")
    page.context.set_offline(False)
    assert [p for p in problems if "ERR_INTERNET_DISCONNECTED" not in p] == []
