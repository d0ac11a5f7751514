"""Every page of the navigation fits a 360-px phone and a desktop at 200 % zoom (a 1280-px window
zoomed in shows a 640-px CSS viewport) with no sideways scrolling, as each persona sees it
(Playwright driving Debian's Chromium). Tables may scroll inside their own `.table-wrap` box;
the page itself may not."""

import uuid

import pytest

from tocds.conftest import PASSWORD, World, require_chromium

require_chromium()

pytestmark = pytest.mark.django_db(transaction=True)

PERSONAS = ("province_admin", "officer_a", "leader", "member", "teacher", "dost", "youth")

# A 360-px phone, and a 1280-px desktop window at 200 % zoom.
SCREENS = (
    {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 3},
    {"viewport": {"width": 640, "height": 800}, "device_scale_factor": 2},
)

# What sticks out, for the failure message: the outermost elements past the right edge (inside a
# scrolling `.table-wrap` a wide table is fine, but it is listed when the page is too wide).
OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const culprits = [];
  for (const node of document.querySelectorAll("body *")) {
    const box = node.getBoundingClientRect();
    const parent = node.parentElement.getBoundingClientRect();
    if (box.right > width + 1 && parent.right <= width + 1) {
      const name = node.tagName.toLowerCase() + (node.id ? "#" + node.id : "")
        + (node.className && typeof node.className === "string"
          ? "." + node.className.trim().split(/\\s+/).join(".") : "");
      culprits.push(`${name} → ${Math.round(box.right)}px`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width,
          culprits: culprits.slice(0, 6)};
}"""


@pytest.fixture
def fit_world(world: World) -> dict:
    """A small campaign with visits and a commune report, and the detail pages each persona
    reaches (built before the browser starts: ORM calls inside Playwright's event loop would
    outlive the test)."""
    from tocds.campaigns.models import Assignment, CommunePlan
    from tocds.reports.tests.helpers import record_visits, report_a
    from tocds.visits.models import Visit
    from tocds.visits.tests.helpers import visit_record

    campaign = world.campaign_all
    record_visits(
        world,
        world.leader,
        [
            visit_record(world, uuid=str(uuid.uuid4()), household=f"Số {n}", people_guided=n)
            for n in (1, 2, 3)
        ],
    )
    plan = CommunePlan.objects.create(
        campaign=campaign, commune=world.commune_a, households_target=10, people_target=30
    )
    Assignment.objects.create(
        plan=plan,
        team=world.team_a,
        hamlet=world.hamlet_a1,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
    )
    report_a(world)
    visit = Visit.objects.filter(campaign=campaign).order_by("pk").first()
    # Recognition: a movement with a ranking, a nomination with its record and steps.
    from tocds.honours.tests.factories import bring_to, make_round, nominate_team
    from tocds.movements.tests.factories import running

    movement = running(world)
    nomination = bring_to(world, nominate_team(world, make_round(world)), "proposed")
    recognition = [
        f"/honours/rounds/{nomination.round_id}/",
        f"/honours/nominations/{nomination.pk}/",
        f"/movements/{movement.pk}/",
        f"/movements/{movement.pk}/leaderboard/",
    ]
    school = world.teacher  # the school personas, built now
    a = world.commune_a.code
    officers = [
        f"/teams/{world.team_a.pk}/",
        f"/campaigns/{campaign.pk}/",
        f"/campaigns/{campaign.pk}/communes/{a}/",
        f"/progress/{campaign.pk}/",
        f"/progress/{campaign.pk}/communes/{a}/",
        f"/reports/campaigns/{campaign.pk}/",
        f"/reports/campaigns/{campaign.pk}/communes/{a}/",
        f"/visits/{visit.pk}/",
    ]
    return {
        "world": world,
        "details": {
            "province_admin": officers + recognition,
            "dost": recognition,
            "youth": [f"/movements/{movement.pk}/", f"/honours/rounds/{nomination.round_id}/"],
            "officer_a": [u for u in officers if u != f"/reports/campaigns/{campaign.pk}/"],
            "leader": [f"/teams/{world.team_a.pk}/"],
            "member": [f"/teams/{world.team_a.pk}/"],
            "teacher": [f"/schools/classes/{world._school_world.class_a.pk}/"],
        },
        "users": {p: (school if p == "teacher" else getattr(world, p)) for p in PERSONAS},
    }


def test_every_page_of_the_navigation_fits_a_phone_and_200_percent_zoom(
    fit_world: dict, live_server, browser
):
    problems: list[str] = []
    visited = 0
    for persona in PERSONAS:
        user = fit_world["users"][persona]
        state = None
        for screen in SCREENS:
            context = browser.new_context(locale="vi-VN", storage_state=state, **screen)
            page = context.new_page()
            if state is None:
                page.goto(f"{live_server.url}/accounts/login/")
                page.fill("input[name=username]", user.username)
                page.fill("input[name=password]", PASSWORD)
                page.click("main button[type=submit]")
                page.wait_for_load_state()
                assert "/accounts/login/" not in page.url, persona  # signed in
                state = context.storage_state()
            page.goto(f"{live_server.url}/")
            nav = page.eval_on_selector_all(
                "header.site nav a", "links => links.map((a) => a.getAttribute('href'))"
            )
            paths = ["/", *dict.fromkeys(nav), *fit_world["details"][persona]]
            for path in paths:
                response = page.goto(f"{live_server.url}{path}")
                assert response is not None and response.status == 200, (persona, path)
                visited += 1
                wide = page.evaluate(OVERFLOW)
                if wide:
                    width = screen["viewport"]["width"]
                    problems.append(f"{persona} {path} at {width}: {wide}")
            context.close()
    assert visited > 60  # the walk happened: five personas, two screens, the whole navigation
    assert problems == [], "\n".join(problems)
