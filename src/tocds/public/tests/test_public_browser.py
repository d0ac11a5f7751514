"""The citizens' pages in a real browser (Playwright driving Debian's Chromium): each fits a
360-px phone and a 1280-px window at 200 % zoom with no sideways scrolling, and axe-core finds
no serious or critical violation."""

import pytest

from tocds.conftest import require_chromium

require_chromium()
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = (
    {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 3},
    {"viewport": {"width": 640, "height": 800}, "device_scale_factor": 2},
)


@pytest.fixture
def pages(world, settings) -> list[str]:
    """The public pages with content (built before the browser starts)."""
    settings.PROVINCE_CODE = "04"
    world.leader_a.public_contact = True
    world.leader_a.save()
    return [
        "/",
        "/hamlets/",
        "/hamlets/?q=na+mau",
        f"/hamlets/{world.hamlet_a1.code}/",
        "/figures/",
        *public_outreach_pages(world),
    ]


def public_outreach_pages(world) -> list[str]:
    """News and events, where the outreach app provides them."""
    from django.urls import NoReverseMatch, reverse

    found = []
    for name in ("public:news", "public:events"):
        try:
            found.append(reverse(name))
        except NoReverseMatch:
            continue
    return found


def serious_violations(page) -> list[str]:
    results = axe_module.Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_public_pages_fit_a_phone_and_pass_axe(pages, live_server, browser):
    problems: list[str] = []
    for screen in SCREENS:
        context = browser.new_context(locale="vi-VN", **screen)
        page = context.new_page()
        for url in pages:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
            width = screen["viewport"]["width"]
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                problems.append(f"{url} at {width}px: {scroll}px wide")
            if width == 360:
                problems.extend(f"{url}: {v}" for v in serious_violations(page))
        context.close()
    assert problems == []
